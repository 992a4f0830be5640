//! Property tests of the merge over random histories on three replicas with skewed clocks:
//! commutative, associative, idempotent, and nothing a replica kept is lost.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use recolte::board::VoteTarget;
use recolte::edit::{self, AttributeTo, NewContribution, NewParticipant};
use recolte::model::{ParticipantRole, StructureType};
use recolte::schema;
use recolte::store::{Sources, Store};
use recolte::sync::files::{self, ExportScope};
use recolte::sync::{dump_json, staging, Staged};
use uuid::Uuid;

const REPLICAS: usize = 3;
const TEXTS: [&str; 4] = ["Manque de locaux", "Un guichet unique", "Former les élus", "Mutualiser"];

#[derive(Debug, Clone)]
enum Op {
    Add { replica: usize, text: usize, stake: usize },
    Edit { replica: usize, pick: usize, text: usize },
    Delete { replica: usize, pick: usize },
    Restore { replica: usize, pick: usize },
    AddStake { replica: usize, pick: usize, stake: usize },
    RemoveStake { replica: usize, pick: usize, stake: usize },
    RenameParticipant { replica: usize, text: usize },
    EraseParticipant { replica: usize },
    Vote { replica: usize, pick: usize, dots: u32, by_participant: bool },
    Merge { into: usize, from: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let r = 0..REPLICAS;
    prop_oneof![
        3 => (r.clone(), 0..4usize, 0..3usize).prop_map(|(replica, text, stake)| Op::Add { replica, text, stake }),
        3 => (r.clone(), 0..8usize, 0..4usize).prop_map(|(replica, pick, text)| Op::Edit { replica, pick, text }),
        1 => (r.clone(), 0..8usize).prop_map(|(replica, pick)| Op::Delete { replica, pick }),
        1 => (r.clone(), 0..8usize).prop_map(|(replica, pick)| Op::Restore { replica, pick }),
        1 => (r.clone(), 0..8usize, 0..3usize).prop_map(|(replica, pick, stake)| Op::AddStake { replica, pick, stake }),
        1 => (r.clone(), 0..8usize, 0..3usize).prop_map(|(replica, pick, stake)| Op::RemoveStake { replica, pick, stake }),
        1 => (r.clone(), 0..4usize).prop_map(|(replica, text)| Op::RenameParticipant { replica, text }),
        1 => r.clone().prop_map(|replica| Op::EraseParticipant { replica }),
        // Dots on a contribution (0 clears the count), on the wall or by the participant.
        2 => (r.clone(), 0..8usize, 0..4u32, any::<bool>())
            .prop_map(|(replica, pick, dots, by_participant)| Op::Vote { replica, pick, dots, by_participant }),
        3 => (r.clone(), r).prop_map(|(into, from)| Op::Merge { into, from }),
    ]
}

struct World {
    dir: tempfile::TempDir,
    replicas: Vec<Store>,
    workshop: Uuid,
    participant: Uuid,
    stakes: Vec<Uuid>,
}

fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.sqlite3"))
}

/// Three replicas sharing one diagnostic; replica 2's clock is three hours ahead.
fn world(seed: u64) -> World {
    let dir = tempfile::tempdir().unwrap();
    let base = 1_300_000_000_000;
    let skews = [0, 5_000, 3 * 60 * 60 * 1000];
    let mut replicas: Vec<Store> = (0..REPLICAS)
        .map(|i| {
            Store::open(&path(dir.path(), &format!("r{i}")), Sources::fixed(base + skews[i], seed + i as u64))
                .unwrap()
        })
        .collect();
    let (workshop, participant, stakes) = replicas[0]
        .write(|tx| {
            let diagnostic = edit::create_diagnostic(
                tx,
                &edit::NewDiagnostic {
                    title: "D",
                    description: "",
                    period_start: None,
                    period_end: None,
                    is_demo: false,
                },
            )?;
            let stakes = (0..3)
                .map(|i| edit::add_stake(tx, diagnostic, i, &format!("Enjeu {i}")))
                .collect::<Result<Vec<_>, _>>()?;
            let territory = edit::add_territory(tx, diagnostic, 0, "Nord", &[])?;
            let workshop = edit::add_workshop(
                tx,
                diagnostic,
                &edit::NewWorkshop {
                    scope: edit::WorkshopScope::Territory(territory),
                    title: "Atelier",
                    starts_at: None,
                    ends_at: None,
                    place: "",
                    facilitators: &[],
                    token_budget: 3,
                },
            )?;
            let participant = edit::add_participant(
                tx,
                diagnostic,
                &NewParticipant {
                    name: "Personne Fictive",
                    organisation: None,
                    structure_type: StructureType::Association,
                    role: ParticipantRole::Citizen,
                    email: Some("personne@example.org"),
                    consent_named: false,
                },
            )?;
            Ok((workshop, participant, stakes))
        })
        .unwrap();
    let origin = replicas[0].path().to_path_buf();
    for replica in replicas.iter_mut().skip(1) {
        replica.merge_from(&origin).unwrap();
    }
    World { dir, replicas, workshop, participant, stakes }
}

fn contributions(store: &Store) -> Vec<Uuid> {
    let mut stmt = store.connection().prepare("SELECT id FROM contribution ORDER BY id").unwrap();
    stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

fn apply(world: &mut World, op: &Op) {
    let pick = |store: &Store, n: usize| {
        let all = contributions(store);
        (!all.is_empty()).then(|| all[n % all.len()])
    };
    match *op {
        Op::Add { replica, text, stake } => {
            let (workshop, stake) = (world.workshop, world.stakes[stake]);
            world.replicas[replica]
                .write(|tx| {
                    edit::add_contribution(
                        tx,
                        workshop,
                        &NewContribution {
                            text: TEXTS[text],
                            category: None,
                            phase: None,
                            stakes: &[stake],
                            attribution: AttributeTo::Anonymous,
                        },
                    )
                })
                .unwrap();
        }
        Op::Edit { replica, pick: n, text } => {
            if let Some(id) = pick(&world.replicas[replica], n) {
                world.replicas[replica]
                    .write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "text", TEXTS[text].into()))
                    .unwrap();
            }
        }
        Op::Delete { replica, pick: n } | Op::Restore { replica, pick: n } => {
            let deleted = matches!(op, Op::Delete { .. });
            if let Some(id) = pick(&world.replicas[replica], n) {
                world.replicas[replica]
                    .write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "deleted", deleted.into()))
                    .unwrap();
            }
        }
        Op::AddStake { replica, pick: n, stake } => {
            let stake = world.stakes[stake];
            if let Some(id) = pick(&world.replicas[replica], n) {
                world.replicas[replica]
                    .write(|tx| {
                        tx.add_to_set(
                            &schema::CONTRIBUTION_STAKE,
                            &[("contribution_id", id.into()), ("stake_id", stake.into())],
                        )
                    })
                    .unwrap();
            }
        }
        Op::RemoveStake { replica, pick: n, stake } => {
            let stake = world.stakes[stake];
            if let Some(id) = pick(&world.replicas[replica], n) {
                world.replicas[replica]
                    .write(|tx| {
                        tx.remove_from_set(
                            &schema::CONTRIBUTION_STAKE,
                            &[("contribution_id", id.into()), ("stake_id", stake.into())],
                        )
                    })
                    .unwrap();
            }
        }
        Op::RenameParticipant { replica, text } => {
            let id = world.participant;
            // Refused once erased: that refusal is part of the rule, not a failure.
            let _ = world.replicas[replica]
                .write(|tx| tx.set_field(&schema::PARTICIPANT, id, "name", TEXTS[text].into()));
        }
        Op::EraseParticipant { replica } => {
            let id = world.participant;
            world.replicas[replica].write(|tx| tx.erase_record(&schema::PARTICIPANT, id)).unwrap();
        }
        Op::Vote { replica, pick: n, dots, by_participant } => {
            let (workshop, participant) = (world.workshop, world.participant);
            if let Some(id) = pick(&world.replicas[replica], n) {
                let item = [(VoteTarget::Contribution(id), dots)];
                // Refused on a deleted contribution: that refusal is part of the rule.
                let _ = if by_participant {
                    world.replicas[replica].record_participant_votes(workshop, participant, &item)
                } else {
                    world.replicas[replica].record_tally(workshop, item[0].0, dots)
                };
            }
        }
        Op::Merge { into, from } => {
            if into != from {
                let source = world.replicas[from].path().to_path_buf();
                world.replicas[into].merge_from(&source).unwrap();
            }
        }
    }
}

/// A fresh store that merged `sources` in this order.
fn merged(dir: &Path, name: &str, sources: &[PathBuf]) -> Store {
    let mut store = Store::open(&path(dir, name), Sources::fixed(1, 99)).unwrap();
    for source in sources {
        store.merge_from(source).unwrap();
    }
    store
}

/// How many stored field stamps repeat their record's creation stamp (each costs 25 bytes).
fn stored_creation_stamps(store: &Store) -> i64 {
    schema::RECORD_TABLES
        .iter()
        .flat_map(|table| table.fields.iter().map(move |field| (table.name, *field)))
        .map(|(table, field)| {
            store
                .connection()
                .query_row(
                    &format!("SELECT count(*) FROM {table} WHERE {field}_edit_stamp = created_stamp"),
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap()
        })
        .sum()
}

fn dump(store: &Store) -> String {
    dump_json(store.connection()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative_associative_and_idempotent_and_loses_nothing(
        seed in 0u64..1000,
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut world = world(seed);
        for op in &ops {
            apply(&mut world, op);
        }
        let dir = world.dir.path().to_path_buf();
        let [a, b, c] = [0, 1, 2].map(|i| world.replicas[i].path().to_path_buf());

        let abc = merged(&dir, "abc", &[a.clone(), b.clone(), c.clone()]);
        let cba = merged(&dir, "cba", &[c.clone(), b.clone(), a.clone()]);
        let bac = merged(&dir, "bac", &[b.clone(), a.clone(), c.clone()]);
        let reference = dump(&abc);
        prop_assert_eq!(&dump(&cba), &reference, "merge order must not matter (commutativity)");
        prop_assert_eq!(&dump(&bac), &reference, "merge order must not matter (commutativity)");

        let mut bc = merged(&dir, "bc", &[b.clone(), c.clone()]);
        let a_bc = merged(&dir, "a_bc", &[a.clone(), bc.path().to_path_buf()]);
        prop_assert_eq!(&dump(&a_bc), &reference, "grouping must not matter (associativity)");

        // What a file gains from a store that merged it is measured without merging: the
        // report of merging the store into a copy of the file, to the last count.
        let b_copy = path(&dir, "b-copy");
        world.replicas[1].connection().execute("VACUUM INTO ?1", [b_copy.to_string_lossy()]).unwrap();
        let measured = Store::open(&b_copy, Sources::fixed(1, 95)).unwrap().preview_merge(bc.path()).unwrap();
        prop_assert_eq!(bc.what_file_gains(Some(&b)).unwrap(), measured, "what b gains from b ∪ c");

        let mut again = merged(&dir, "again", &[a.clone(), b.clone(), c.clone()]);
        let outcome = again.merge_from(&b).unwrap();
        prop_assert_eq!(outcome.report.inserted() + outcome.report.updated(), 0, "re-importing a file changes nothing");
        prop_assert_eq!(&dump(&again), &reference, "merging twice is merging once (idempotence)");

        // Nothing a replica holds is lost: every record of every input is in the output.
        let output: std::collections::HashSet<Uuid> = contributions(&abc).into_iter().collect();
        for replica in &world.replicas {
            for id in contributions(replica) {
                prop_assert!(output.contains(&id), "contribution {} of a replica is missing from the merge", id);
            }
        }
        // Nor any vote entry, removed or not.
        let entries = |store: &Store| -> std::collections::HashSet<(Uuid, Vec<u8>)> {
            let mut stmt = store.connection().prepare("SELECT contribution_id, added_stamp FROM contribution_vote").unwrap();
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        let output = entries(&abc);
        for replica in &world.replicas {
            prop_assert!(entries(replica).is_subset(&output), "a vote entry of a replica is missing from the merge");
        }
        // Every copy stores a stamp only where it differs from the record's creation stamp,
        // whatever the merges: a merge must not grow the file with stamps the record already has.
        for store in [&abc, &cba, &a_bc, &again] {
            prop_assert_eq!(stored_creation_stamps(store), 0, "a field stamp equal to the creation stamp is stored as NULL");
        }
        // Erasure is final and wins: once any replica erased the person, the name and email are gone.
        let erased_anywhere = world.replicas.iter().any(|r| {
            r.connection().query_row("SELECT erased_stamp IS NOT NULL FROM participant", [], |row| row.get::<_, bool>(0)).unwrap()
        });
        let (name, email): (Option<String>, Option<String>) =
            abc.connection().query_row("SELECT name, email FROM participant", [], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
        if erased_anywhere {
            prop_assert_eq!((name, email), (None, None), "an erased person's data never comes back");
            prop_assert!(!reference.contains("Personne Fictive"), "no kept version may hold the erased name");
        } else {
            prop_assert!(name.is_some(), "a person nobody erased keeps their name");
        }
    }
}

#[test]
fn concurrent_edits_are_kept_as_conflicts_and_sequential_ones_are_not() {
    let mut world = world(7);
    let contribution = world.replicas[0]
        .write(|tx| {
            edit::add_contribution(
                tx,
                world.workshop,
                &NewContribution {
                    text: "Texte initial",
                    category: None,
                    phase: None,
                    stakes: &[],
                    attribution: AttributeTo::Anonymous,
                },
            )
        })
        .unwrap();
    let [p0, p1] = [0, 1].map(|i| world.replicas[i].path().to_path_buf());
    world.replicas[1].merge_from(&p0).unwrap();
    let open_conflicts = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .connection()
            .prepare(&format!(
                "SELECT v.value FROM field_version v JOIN contribution c ON c.id = v.record_id
                  WHERE v.table_name = 'contribution' AND v.field = 'text'
                    AND substr(c.text_stamp, {replaced}, 8) < substr(v.stamp, 1, 8) AND v.value IS NOT c.text",
                // The replaced HLC follows the write's stamp.
                replaced = recolte::clock::STAMP_LEN + 1
            ))
            .unwrap();
        stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
    };

    // Sequential: replica 1 corrects the text after having merged the original.
    world.replicas[1]
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", "Texte corrigé".into()))
        .unwrap();
    world.replicas[0].merge_from(&p1).unwrap();
    assert!(
        open_conflicts(&world.replicas[0]).is_empty(),
        "an edit made after seeing the original is not a conflict"
    );

    // Concurrent: both correct the same text without having seen each other's correction.
    world.replicas[0]
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", "Version de Camille".into()))
        .unwrap();
    world.replicas[1]
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", "Version de Malik".into()))
        .unwrap();
    world.replicas[0].merge_from(&p1).unwrap();
    world.replicas[1].merge_from(&p0).unwrap();
    let current = |store: &Store| -> String {
        store
            .connection()
            .query_row("SELECT text FROM contribution WHERE id = ?1", [contribution], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        current(&world.replicas[0]),
        current(&world.replicas[1]),
        "both replicas agree on the provisional winner"
    );
    let conflicts = open_conflicts(&world.replicas[0]);
    assert_eq!(conflicts.len(), 1, "the losing concurrent version is kept for review: {conflicts:?}");
    assert!(
        conflicts[0] == "Version de Camille" || conflicts[0] == "Version de Malik",
        "the conflict holds the other correction, got {conflicts:?}"
    );

    // Deciding is an ordinary edit, made after seeing both: the conflict closes everywhere.
    world.replicas[0]
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", "Version de Malik".into()))
        .unwrap();
    world.replicas[1].merge_from(&p0).unwrap();
    assert!(
        open_conflicts(&world.replicas[1]).is_empty(),
        "a decision merges like any edit and closes the conflict"
    );
}

/// The canonical dump and the report of a full merge of `file` into a copy of `store`.
fn full_merge_on_a_copy(store: &Store, file: &Path, copy: &Path) -> (String, recolte::sync::MergeOutcome) {
    store.connection().execute("VACUUM INTO ?1", [copy.to_string_lossy()]).unwrap();
    let mut reference = Store::open(copy, Sources::fixed(1, 99)).unwrap();
    let staged = staging::stage(file).unwrap();
    let outcome = reference.merge_from(&staged.path).unwrap();
    (dump(&reference), outcome)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A file whose bytes the target already merged is skipped, and the skip is exactly a
    /// merge that changes nothing: same state, same report, same clock warning; whatever
    /// happened in between (more edits, erasures, merges). A file whose bytes changed is
    /// merged in full.
    #[test]
    fn skipping_a_file_already_merged_is_exactly_a_merge_that_changes_nothing(
        seed in 0u64..1000,
        before in prop::collection::vec(op(), 0..25),
        after in prop::collection::vec(op(), 0..25),
        from in 0..REPLICAS,
    ) {
        let mut world = world(seed);
        for op in &before {
            apply(&mut world, op);
        }
        let dir = world.dir.path().to_path_buf();
        let file = dir.join("session.recolte");
        files::export_session(&world.replicas[from], &file, ExportScope::Everything, false).unwrap();
        let first_bytes = std::fs::read(&file).unwrap();

        let mut target = Store::open(&path(&dir, "target"), Sources::fixed(1, 99)).unwrap();
        let staged = target.stage_input(&file).unwrap();
        prop_assert!(matches!(staged, Staged::Checked(_)), "a file never merged is copied and checked");
        target.merge_staged(&staged).unwrap();

        for op in &after {
            apply(&mut world, op);
        }
        for replica in &world.replicas {
            target.merge_from(replica.path()).unwrap();
        }

        let (expected_dump, expected) = full_merge_on_a_copy(&target, &file, &dir.join("reference.sqlite3"));
        let again = target.stage_input(&file).unwrap();
        prop_assert!(matches!(again, Staged::AlreadyMerged { .. }), "the same bytes are recognised");
        let skipped = target.merge_staged(&again).unwrap();
        prop_assert!(!expected.report.changed_anything(), "a full merge of those bytes again changes nothing");
        prop_assert_eq!(&skipped.report, &expected.report, "the skip reports what the full merge reports");
        prop_assert_eq!(skipped.clock_warning.is_some(), expected.clock_warning.is_some());
        prop_assert_eq!(dump(&target), expected_dump, "the skip leaves the state a full merge leaves");

        // The replica's file written again: merged in full as soon as a byte differs.
        files::export_session(&world.replicas[from], &file, ExportScope::Everything, true).unwrap();
        let changed = std::fs::read(&file).unwrap() != first_bytes;
        let (expected_dump, expected) = full_merge_on_a_copy(&target, &file, &dir.join("reference-2.sqlite3"));
        let staged = target.stage_input(&file).unwrap();
        if changed {
            prop_assert!(matches!(staged, Staged::Checked(_)), "a file that changed is never skipped");
        }
        let outcome = target.merge_staged(&staged).unwrap();
        prop_assert_eq!(&outcome.report, &expected.report);
        prop_assert_eq!(dump(&target), expected_dump);
    }
}
