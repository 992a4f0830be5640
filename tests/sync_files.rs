//! Session files, untrusted inputs and the shared file, on real SQLite files.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use recolte::board::VoteTarget;
use recolte::edit::{self, AttributeTo, NewContribution};
use recolte::schema;
use recolte::store::{Sources, Store};
use recolte::sync::files::{self, ExportScope, LockOwner};
use recolte::sync::{dump_json, staging, Refusal, Staged, SyncError};
use recolte::template;
use uuid::Uuid;

fn store_at(path: &Path, seed: u64) -> Store {
    Store::open(path, Sources::fixed(1_400_000_000_000 + seed * 1_000, seed)).unwrap()
}

fn who(name: &str) -> LockOwner {
    LockOwner { owner: name.into(), machine: format!("portable de {name}"), since: "maintenant".into() }
}

fn contribution_texts(store: &Store) -> Vec<String> {
    let mut stmt =
        store.connection().prepare("SELECT text FROM contribution WHERE deleted = 0 ORDER BY text").unwrap();
    stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

fn first_workshop(store: &Store) -> Uuid {
    store
        .connection()
        .query_row("SELECT id FROM workshop ORDER BY starts_at LIMIT 1", [], |row| row.get(0))
        .unwrap()
}

fn capture(store: &mut Store, workshop: Uuid, text: &str) -> Uuid {
    store
        .write(|tx| {
            edit::add_contribution(
                tx,
                workshop,
                &NewContribution {
                    text,
                    category: None,
                    phase: None,
                    stakes: &[],
                    attribution: AttributeTo::Anonymous,
                },
            )
        })
        .unwrap()
}

/// A demo file written by the CLI-equivalent path, self-contained.
fn demo_file(dir: &Path, name: &str, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let mut store = store_at(&path, seed);
    template::install_demo(&mut store).unwrap();
    store.close_self_contained().unwrap();
    path
}

#[test]
fn a_workshop_session_file_holds_that_workshop_and_merges_back_without_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("local.sqlite3"), 1);
    template::ensure_initial_diagnostic(&mut store).unwrap();
    let workshop = first_workshop(&store);
    let session = dir.path().join("session.recolte");
    files::export_session(&store, &session, ExportScope::Workshop(workshop), false).unwrap();

    staging::check(&session.clone()).unwrap_or_else(|r| panic!("our own export must pass the checks: {r}"));
    let staged = staging::stage(&session).unwrap();
    let conn = rusqlite::Connection::open(&staged.path).unwrap();
    let workshops: i64 = conn.query_row("SELECT count(*) FROM workshop", [], |r| r.get(0)).unwrap();
    let other: i64 = conn
        .query_row("SELECT count(*) FROM contribution WHERE workshop_id <> ?1", [workshop], |r| r.get(0))
        .unwrap();
    let local_keys: i64 =
        conn.query_row("SELECT count(*) FROM meta WHERE key LIKE 'local.%'", [], |r| r.get(0)).unwrap();
    assert_eq!((workshops, other), (1, 0), "a workshop's session file holds that workshop only");
    assert_eq!(local_keys, 0, "this installation's settings never travel in a session file");

    let outcome = store.merge_from(&staged.path).unwrap();
    assert!(!outcome.report.changed_anything(), "merging our own export back changes nothing");

    let mut fresh = store_at(&dir.path().join("fresh.sqlite3"), 2);
    fresh.merge_from(&staged.path).unwrap();
    let detail = fresh.workshop_detail(workshop).unwrap();
    assert_eq!(
        detail.contributions,
        store.workshop_detail(workshop).unwrap().contributions,
        "the session carries the workshop whole"
    );
}

#[test]
fn a_workshop_session_file_carries_the_votes_of_that_workshop_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = busy_store(&dir.path().join("local.sqlite3"), 28);
    let workshop = first_workshop(&store);
    let other: Uuid = store
        .connection()
        .query_row("SELECT id FROM workshop WHERE id <> ?1 ORDER BY starts_at LIMIT 1", [workshop], |r| {
            r.get(0)
        })
        .unwrap();
    let elsewhere = capture(&mut store, other, "Une idée d'un autre atelier");
    store.record_tally(other, VoteTarget::Contribution(elsewhere), 2).unwrap();
    let session = dir.path().join("atelier.recolte");
    files::export_session(&store, &session, ExportScope::Workshop(workshop), false).unwrap();

    let staged = staging::stage(&session).unwrap();
    let copy = rusqlite::Connection::open(&staged.path).unwrap();
    let votes_of_workshop = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT (SELECT count(*) FROM contribution_vote v JOIN contribution c ON c.id = v.contribution_id
                      WHERE c.workshop_id = ?1)
                  + (SELECT count(*) FROM cluster_vote v JOIN cluster k ON k.id = v.cluster_id
                      WHERE k.workshop_id = ?1)",
            [workshop],
            |r| r.get(0),
        )
        .unwrap()
    };
    let kept = votes_of_workshop(&copy);
    assert_eq!(kept, votes_of_workshop(store.connection()), "every vote entry of the workshop travels");
    assert!(kept >= 4, "on its contributions and on its cluster, removed ones included: {kept}");
    let every: i64 = copy
        .query_row(
            "SELECT (SELECT count(*) FROM contribution_vote) + (SELECT count(*) FROM cluster_vote)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(every, kept, "no vote of another workshop travels with it");

    let mut fresh = store_at(&dir.path().join("fresh.sqlite3"), 29);
    fresh.merge_from(&staged.path).unwrap();
    assert_eq!(
        fresh.vote_results(workshop).unwrap(),
        store.vote_results(workshop).unwrap(),
        "the workshop's vote reads the same once merged elsewhere"
    );
}

/// Every kind of bad file the brief names, generated from a valid one.
fn corpus(dir: &Path) -> Vec<(String, PathBuf, Option<Refusal>)> {
    let valid = demo_file(dir, "valide.recolte", 3);
    let bytes = std::fs::read(&valid).unwrap();
    let mut cases: Vec<(String, PathBuf, Option<Refusal>)> = Vec::new();
    let mut write = |name: &str, content: &[u8], expected: Option<Refusal>| {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        cases.push((name.to_string(), path, expected));
    };
    write("vide.recolte", b"", Some(Refusal::Empty));
    write(
        "texte.recolte",
        "Compte rendu de l'atelier du 12 avril.\n".repeat(40).as_bytes(),
        Some(Refusal::NotSqlite),
    );
    for cut in [50, 100, 4096, bytes.len() / 2, bytes.len() - 1] {
        // Truncated files: SQLite may notice at open, at quick_check or when reading pages.
        write(&format!("tronque-{cut}.recolte"), &bytes[..cut], None);
    }
    let mut header = bytes.clone();
    header[..16].copy_from_slice(b"Not a database!\0");
    write("entete.recolte", &header, Some(Refusal::NotSqlite));
    let mut page_size = bytes.clone();
    page_size[16] = 0x03; // page size 0x0310: not a power of two
    write("taille-de-page.recolte", &page_size, None);
    for (index, offset) in
        [60usize, 100, 4096 + 8, bytes.len() / 3, bytes.len() - 200].into_iter().enumerate()
    {
        let mut flipped = bytes.clone();
        flipped[offset] ^= 0xA5;
        write(&format!("octet-{index}.recolte"), &flipped, None);
    }

    let sqlite_variant = |name: &str, sql: &str| -> PathBuf {
        let path = dir.join(name);
        std::fs::copy(&valid, &path).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        path
    };
    let foreign = dir.join("autre-appli.recolte");
    {
        let conn = rusqlite::Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('courses');").unwrap();
    }
    cases.push(("autre-appli".into(), foreign, Some(Refusal::ForeignApplication)));
    let same_tables_other_id = sqlite_variant("autre-id.recolte", "PRAGMA application_id = 1234;");
    cases.push(("autre-id".into(), same_tables_other_id, Some(Refusal::ForeignApplication)));
    let newer = sqlite_variant(
        "plus-recent.recolte",
        "UPDATE meta SET value = '99' WHERE key = 'min_reader_version';",
    );
    cases.push(("plus-recent".into(), newer, Some(Refusal::TooNew(99))));
    let future_schema = sqlite_variant(
        "schema-futur.recolte",
        "PRAGMA user_version = 42; UPDATE meta SET value = '7' WHERE key = 'min_reader_version';",
    );
    cases.push(("schema-futur".into(), future_schema, Some(Refusal::TooNew(7))));
    let unknown_version = sqlite_variant("version-inconnue.recolte", "PRAGMA user_version = 0;");
    cases.push(("version-inconnue".into(), unknown_version, Some(Refusal::UnknownSchemaVersion(0))));
    let trigger = sqlite_variant(
        "declencheur.recolte",
        "CREATE TRIGGER wipe AFTER INSERT ON contribution BEGIN DELETE FROM contribution; END;",
    );
    cases.push((
        "declencheur".into(),
        trigger,
        Some(Refusal::UnexpectedSchema("trigger « wipe » inattendu ou modifié".into())),
    ));
    let view = sqlite_variant("vue.recolte", "CREATE VIEW spy AS SELECT * FROM participant;");
    cases.push((
        "vue".into(),
        view,
        Some(Refusal::UnexpectedSchema("view « spy » inattendu ou modifié".into())),
    ));
    let extra = sqlite_variant("table-en-plus.recolte", "CREATE TABLE extra (x);");
    cases.push((
        "table-en-plus".into(),
        extra,
        Some(Refusal::UnexpectedSchema("table « extra » inattendu ou modifié".into())),
    ));
    let bad_stamp = sqlite_variant(
        "tampon-invalide.recolte",
        "UPDATE contribution SET text_edit_stamp = x'00' WHERE rowid = (SELECT min(rowid) FROM contribution);",
    );
    cases.push((
        "tampon-invalide".into(),
        bad_stamp,
        Some(Refusal::MalformedData("1 enregistrement(s) de contribution".into())),
    ));
    let dangling = sqlite_variant(
        "reference-sans-cible.recolte",
        "PRAGMA foreign_keys = OFF; UPDATE contribution SET workshop_id = randomblob(16) WHERE rowid = (SELECT min(rowid) FROM contribution);",
    );
    cases.push(("reference-sans-cible".into(), dangling, Some(Refusal::DanglingReferences(1))));
    cases
}

#[test]
fn a_shared_file_with_a_reference_to_nothing_is_refused_before_anything_is_merged_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("partage.recolte");
    let session = demo_file(dir.path(), "session.recolte", 31);
    std::fs::copy(demo_file(dir.path(), "ancien.recolte", 32), &shared).unwrap();
    {
        let conn = rusqlite::Connection::open(&shared).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE contribution SET workshop_id = randomblob(16) WHERE rowid = (SELECT min(rowid) FROM contribution);
             PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    }
    let before = std::fs::read(&shared).unwrap();
    let error =
        files::merge_into_shared(&shared, &[session], &who("Coordination"), SystemTime::now(), &mut |_| {})
            .expect_err("a shared file whose references dangle must not be merged into");
    match &error {
        SyncError::Refused { path, reason: Refusal::DanglingReferences(count) } => {
            assert_eq!(path, &shared, "the message names the shared file");
            assert_eq!(*count, 1, "the reason counts the references to nothing");
        }
        other => panic!("the shared file must be refused, got {other}"),
    }
    assert_eq!(std::fs::read(&shared).unwrap(), before, "the shared file stays byte-identical");
}

#[test]
fn every_bad_file_of_the_corpus_is_refused_clearly_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut target = store_at(&dir.path().join("local.sqlite3"), 5);
    template::ensure_initial_diagnostic(&mut target).unwrap();
    let target_before = dump_json(target.connection()).unwrap();
    for (name, path, expected) in corpus(dir.path()) {
        let before = std::fs::read(&path).unwrap();
        match staging::stage(&path) {
            Err(SyncError::Refused { path: named, reason }) => {
                assert_eq!(named, path, "{name}: the message names the file");
                let message = SyncError::Refused { path: named, reason: reason.clone() }.to_string();
                assert!(message.contains("est refusé"), "{name}: a clear French message, got {message}");
                if let Some(expected) = &expected {
                    assert_eq!(&reason, expected, "{name}: refused for the right reason");
                }
            }
            Err(other) => panic!("{name}: a bad file must be refused, not fail with {other}"),
            Ok(staged) => {
                assert!(expected.is_none(), "{name} must be refused ({expected:?}) but was accepted");
                // A damaged byte that SQLite cannot see (inside a text, say) is valid data;
                // merging it must still work and keep the target's own data.
                let merged = target.merge_from(&staged.path);
                assert!(merged.is_ok(), "{name}: an accepted file must merge, got {:?}", merged.err());
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name}: an input file must stay byte-identical");
    }
    let texts_after = contribution_texts(&target);
    assert!(texts_after.len() >= 25, "the local store keeps everything it had");
    assert!(!target_before.is_empty());
}

#[test]
fn two_facilitators_converge_through_the_shared_file_and_conflict_copies_are_merged_then_archived() {
    let dir = tempfile::tempdir().unwrap();
    let shared_folder = dir.path().join("Nextcloud");
    std::fs::create_dir(&shared_folder).unwrap();
    let shared = shared_folder.join("diagnostic.recolte");

    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 10);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let workshop = first_workshop(&camille);
    let now = SystemTime::now();
    let backups = dir.path().join("sauvegardes");

    let first =
        files::sync_with_shared(&mut camille, &shared, &who("Camille"), now, &backups, &mut |_| {}).unwrap();
    assert!(shared.exists(), "the first sync creates the shared file");
    assert!(first.sent.table("contribution").is_some_and(|t| t.inserted == 25), "her 25 contributions go up");
    assert!(first.backup.as_ref().is_some_and(|b| b.exists()), "a local backup is kept before every sync");

    let mut malik = store_at(&dir.path().join("malik.sqlite3"), 11);
    let down =
        files::sync_with_shared(&mut malik, &shared, &who("Malik"), now, &backups, &mut |_| {}).unwrap();
    assert!(down.received.table("contribution").is_some_and(|t| t.inserted == 25), "Malik receives them");
    capture(&mut malik, workshop, "Proposition de Malik");

    // Someone else's laptop saved at the same time: Syncthing left a conflict copy.
    let copy = shared_folder.join("diagnostic.sync-conflict-20110412-201500-ABCDEFG.recolte");
    {
        let mut sophie = store_at(&dir.path().join("sophie.sqlite3"), 12);
        sophie.merge_from(&shared).unwrap();
        capture(&mut sophie, workshop, "Idée de la copie de conflit");
        files::export_session(&sophie, &copy, ExportScope::Everything, false).unwrap();
    }

    let mut steps = Vec::new();
    let second =
        files::sync_with_shared(&mut malik, &shared, &who("Malik"), now, &backups, &mut |p| steps.push(p))
            .unwrap();
    assert!(!copy.exists(), "a merged conflict copy leaves the shared folder");
    assert_eq!(second.archived.len(), 1, "it is archived, never deleted");
    assert!(
        second.archived[0].starts_with(shared_folder.join(files::ARCHIVE_FOLDER))
            && second.archived[0].exists()
    );
    assert!(steps.windows(2).all(|w| w[0].done <= w[1].done), "progress only moves forward");
    assert_eq!(steps.last().map(|p| p.done == p.total), Some(true), "progress ends complete");

    files::sync_with_shared(&mut camille, &shared, &who("Camille"), now, &backups, &mut |_| {}).unwrap();
    let camille_texts = contribution_texts(&camille);
    assert!(camille_texts.contains(&"Proposition de Malik".to_string()), "Camille gets Malik's work back");
    assert!(camille_texts.contains(&"Idée de la copie de conflit".to_string()), "and the conflict copy's");
    assert_eq!(
        camille_texts,
        contribution_texts(&malik),
        "after both sync, both have the same contributions"
    );

    let staged_shared = staging::stage(&shared).unwrap();
    let shared_store = Store::open(&staged_shared.path, Sources::system()).unwrap();
    assert_eq!(
        dump_json(shared_store.connection()).unwrap(),
        dump_json(camille.connection()).unwrap(),
        "the shared file and the last to sync are identical"
    );
}

#[test]
fn a_sync_refuses_a_damaged_shared_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("diagnostic.recolte");
    std::fs::write(&shared, b"SQLite format 3\0 mais la suite est perdue").unwrap();
    let before = std::fs::read(&shared).unwrap();
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 20);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let local_before = dump_json(camille.connection()).unwrap();
    let error = files::sync_with_shared(
        &mut camille,
        &shared,
        &who("Camille"),
        SystemTime::now(),
        &dir.path().join("b"),
        &mut |_| {},
    )
    .expect_err("a damaged shared file must be refused");
    assert!(error.to_string().contains("diagnostic.recolte"), "the message names the file: {error}");
    assert_eq!(std::fs::read(&shared).unwrap(), before, "the shared file stays byte-identical");
    assert_eq!(dump_json(camille.connection()).unwrap(), local_before, "the local store is unchanged");
}

#[test]
fn a_shared_file_replaced_during_the_sync_is_merged_again_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("diagnostic.recolte");
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 30);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let workshop = first_workshop(&camille);
    let now = SystemTime::now();
    files::sync_with_shared(&mut camille, &shared, &who("Camille"), now, &dir.path().join("b"), &mut |_| {})
        .unwrap();

    // Malik's app writes the shared file while Camille's sync is between read and rename
    // (it ignores the advisory lock, as a sync tool replacing the file would).
    let mut malik = store_at(&dir.path().join("malik.sqlite3"), 31);
    malik.merge_from(&staging::stage(&shared).unwrap().path).unwrap();
    capture(&mut malik, workshop, "Écrit pendant la synchronisation de Camille");
    let malik_version = dir.path().join("malik-version.recolte");
    files::export_session(&malik, &malik_version, ExportScope::Everything, false).unwrap();
    capture(&mut camille, workshop, "Écrit par Camille avant de synchroniser");

    let mut replaced = false;
    let summary = files::sync_with_shared(
        &mut camille,
        &shared,
        &who("Camille"),
        now,
        &dir.path().join("b"),
        &mut |p| {
            if !replaced && p.step.starts_with("Écriture") {
                files::install(&malik_version, &shared).unwrap();
                replaced = true;
            }
        },
    )
    .unwrap();
    assert!(summary.retries >= 1, "the change between read and rename is noticed");
    let final_shared = Store::open(&staging::stage(&shared).unwrap().path, Sources::system()).unwrap();
    let texts = contribution_texts(&final_shared);
    assert!(
        texts.contains(&"Écrit pendant la synchronisation de Camille".to_string()),
        "the concurrent writer's work is kept"
    );
    assert!(texts.contains(&"Écrit par Camille avant de synchroniser".to_string()), "and Camille's");
}

#[test]
fn an_erased_participant_is_gone_from_every_copy_after_everyone_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("diagnostic.recolte");
    let now = SystemTime::now();
    let backups = dir.path().join("b");
    let mut sophie = store_at(&dir.path().join("sophie.sqlite3"), 40);
    template::ensure_initial_diagnostic(&mut sophie).unwrap();
    files::sync_with_shared(&mut sophie, &shared, &who("Sophie"), now, &backups, &mut |_| {}).unwrap();
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 41);
    files::sync_with_shared(&mut camille, &shared, &who("Camille"), now, &backups, &mut |_| {}).unwrap();

    let (person, name): (Uuid, String) = sophie
        .connection()
        .query_row("SELECT id, name FROM participant WHERE name = 'Hugo Marty'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    sophie.write(|tx| tx.erase_record(&schema::PARTICIPANT, person)).unwrap();
    // Camille still has him and edits his email concurrently: erasure must win anyway.
    camille
        .write(|tx| tx.set_field(&schema::PARTICIPANT, person, "email", "hugo@example.org".into()))
        .unwrap();
    files::sync_with_shared(&mut sophie, &shared, &who("Sophie"), now, &backups, &mut |_| {}).unwrap();
    files::sync_with_shared(
        &mut camille,
        &shared,
        &who("Camille"),
        now + Duration::from_secs(1),
        &backups,
        &mut |_| {},
    )
    .unwrap();
    files::sync_with_shared(
        &mut sophie,
        &shared,
        &who("Sophie"),
        now + Duration::from_secs(2),
        &backups,
        &mut |_| {},
    )
    .unwrap();

    for (who, store) in [("Sophie", &sophie), ("Camille", &camille)] {
        let dump = dump_json(store.connection()).unwrap();
        let leak: Vec<&str> =
            dump.lines().filter(|l| l.contains(&name) || l.contains("hugo@example.org")).collect();
        assert!(leak.is_empty(), "{who}: {leak:?}");
        assert!(
            !dump.contains(&name) && !dump.contains("hugo@example.org"),
            "{who}'s copy must hold no trace of the erased person"
        );
    }
    let shared_bytes = std::fs::read(&shared).unwrap();
    let needle = name.as_bytes();
    assert!(
        !shared_bytes.windows(needle.len()).any(|w| w == needle),
        "not even in the shared file's free pages"
    );
}

#[test]
fn an_export_never_replaces_a_file_unasked_nor_the_shared_file_nor_the_working_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("local.recolte"), 50);
    template::ensure_initial_diagnostic(&mut store).unwrap();
    let shared = dir.path().join("partage.recolte");
    store.set_shared_file(&shared).unwrap();
    std::fs::write(&shared, b"le travail de l'equipe").unwrap();
    let someone_else = dir.path().join("session.recolte");
    std::fs::write(&someone_else, b"la session de Malik").unwrap();

    let exists = files::export_session(&store, &someone_else, ExportScope::Everything, false).unwrap_err();
    assert!(
        matches!(exists, SyncError::AlreadyExists(_)),
        "an existing file is not replaced unasked: {exists}"
    );
    assert_eq!(std::fs::read(&someone_else).unwrap(), b"la session de Malik");
    files::export_session(&store, &someone_else, ExportScope::Everything, true).unwrap();
    assert!(staging::stage(&someone_else).is_ok(), "replacing when asked writes a valid session file");

    for (destination, why) in [
        (shared.clone(), "fichier partagé"),
        (store.path().to_path_buf(), "base de travail"),
        (dir.path().join("session.txt"), ".recolte"),
        (dir.path().join("absent").join("s.recolte"), "n'existe pas"),
    ] {
        let error = files::export_session(&store, &destination, ExportScope::Everything, true).unwrap_err();
        assert!(
            error.to_string().contains(why),
            "{}: expected a message about « {why} », got {error}",
            destination.display()
        );
    }
    assert_eq!(
        std::fs::read(&shared).unwrap(),
        b"le travail de l'equipe",
        "the shared file is never an export destination"
    );
}

/// A store holding what older formats must carry across: a vote on a contribution and one on
/// a cluster, a corrected count and a moved contribution (removed set entries), an edited
/// text (a kept version) and an erased participant (zero stamps).
fn busy_store(path: &Path, seed: u64) -> Store {
    let mut store = store_at(path, seed);
    template::ensure_initial_diagnostic(&mut store).unwrap();
    let workshop = first_workshop(&store);
    let detail = store.workshop_detail(workshop).unwrap();
    let [first, second] = [detail.contributions[0].id, detail.contributions[1].id];
    let cluster = store.create_cluster(workshop, "Mobilité").unwrap();
    store.move_to_cluster(first, Some(cluster)).unwrap();
    store.move_to_cluster(second, Some(cluster)).unwrap();
    store.move_to_cluster(second, None).unwrap();
    store.record_tally(workshop, VoteTarget::Cluster(cluster), 4).unwrap();
    store.record_tally(workshop, VoteTarget::Contribution(second), 2).unwrap();
    store.record_tally(workshop, VoteTarget::Contribution(second), 3).unwrap();
    store
        .record_participant_votes(
            workshop,
            detail.participants[0].id,
            &[(VoteTarget::Contribution(first), 1)],
        )
        .unwrap();
    store
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, first, "text", "Un texte reformulé".into()))
        .unwrap();
    store.write(|tx| tx.erase_record(&schema::PARTICIPANT, detail.participants[1].id)).unwrap();
    store
}

/// What stood for the second half of a device's id when device ids were 16-byte UUIDs (schema
/// versions 1 to 3): the migration to 8-byte ids drops it, whatever it was.
const FORMER_DEVICE_TAIL: &str = "x'a5c3a5c3a5c3a5c3'";

/// A set stamp (`hlc ‖ device`) in SQL as versions 1 to 3 stored it.
fn wide_set_stamp(column: &str) -> String {
    format!("CAST({column} || {FORMER_DEVICE_TAIL} AS BLOB)")
}

/// A field stamp (`hlc ‖ device ‖ replaced hlc`) in SQL as versions 1 to 3 stored it; the
/// zero stamp of an erased field was zero at its length.
fn wide_field_stamp(column: &str) -> String {
    let len = recolte::clock::FIELD_STAMP_LEN;
    format!(
        "iif({column} = zeroblob({len}), zeroblob({}), CAST(substr({column}, 1, 16) || {FORMER_DEVICE_TAIL} || substr({column}, 17) AS BLOB))",
        len + 8
    )
}

/// A column of `table` as versions 1 to 3 stored it.
fn widened(column: &str) -> String {
    match column {
        "erased_stamp" | "added_stamp" | "removed_stamp" => wide_set_stamp(column),
        stamp if stamp.ends_with("_stamp") => wide_field_stamp(column),
        other => other.to_string(),
    }
}

/// A session file as an older release wrote it, with the same content as the current export
/// it replaces: schema version 1 (every field with its own stamp, set entries with a tag id,
/// no table of later migrations) or 3 (smaller rows), both with 16-byte device ids.
fn as_older_version(file: &Path, version: usize) {
    assert!(version == 1 || version == 3, "versions 1 and 3 are the ones users' files have");
    let current = file.with_extension("actuel");
    std::fs::rename(file, &current).unwrap();
    let conn = rusqlite::Connection::open(file).unwrap();
    for migration in &recolte::store::MIGRATIONS[..version] {
        conn.execute_batch(migration).unwrap();
    }
    conn.execute("ATTACH DATABASE ?1 AS current", [current.to_str().unwrap()]).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO meta SELECT key, iif(key = 'min_reader_version', '1', value) FROM current.meta;
         INSERT INTO field_version SELECT table_name, record_id, field, {}, value FROM current.field_version;",
        wide_field_stamp("stamp")
    ))
    .unwrap();
    if version >= 2 {
        conn.execute_batch("INSERT INTO merged_input SELECT * FROM current.merged_input;").unwrap();
    }
    for table in schema::RECORD_TABLES {
        // Version 1 stored exactly what a record says; version 3 what it stores now.
        let columns = if version == 1 { table.read_columns() } else { table.stored_columns() };
        let list = columns.join(", ");
        let values = columns.iter().map(|c| widened(c)).collect::<Vec<_>>().join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.{0} ({list}) SELECT {values} FROM current.{0};",
            table.name
        ))
        .unwrap();
    }
    let (id, tag) = if version == 1 { ("id, ", "randomblob(16), ") } else { ("", "") };
    let votes =
        [("contribution_vote", "contribution_id", "contribution"), ("cluster_vote", "cluster_id", "cluster")];
    for table in schema::SET_TABLES.iter().filter(|t| votes.iter().all(|(name, ..)| t.name != *name)) {
        let columns: Vec<&str> =
            table.columns.iter().chain(&["added_stamp", "removed_stamp"]).copied().collect();
        let list = columns.join(", ");
        let values = columns.iter().map(|c| widened(c)).collect::<Vec<_>>().join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.{0} ({id}{list}) SELECT {tag}{values} FROM current.{0};",
            table.name
        ))
        .unwrap();
    }
    // Votes were one set owned by the workshop, each entry naming its item.
    for (table, item, owner) in votes {
        conn.execute_batch(&format!(
            "INSERT INTO main.vote ({id}workshop_id, {item}, participant_id, dots, added_stamp, removed_stamp)
             SELECT {tag}o.workshop_id, v.{item}, v.participant_id, v.dots, {}, {}
               FROM current.{table} v JOIN current.{owner} o ON o.id = v.{item};",
            wide_set_stamp("v.added_stamp"),
            wide_set_stamp("v.removed_stamp")
        ))
        .unwrap();
    }
    conn.execute_batch("DETACH DATABASE current;").unwrap();
    conn.pragma_update(None, "application_id", recolte::store::APPLICATION_ID).unwrap();
    conn.pragma_update(None, "user_version", version as i64).unwrap();
    drop(conn);
    std::fs::remove_file(&current).unwrap();
}

#[test]
fn a_session_file_of_the_first_format_is_accepted_migrated_on_its_copy_and_merged() {
    let dir = tempfile::tempdir().unwrap();
    let camille = busy_store(&dir.path().join("camille.sqlite3"), 20);
    let old = dir.path().join("ancienne-session.recolte");
    files::export_session(&camille, &old, ExportScope::Everything, false).unwrap();
    as_older_version(&old, 1);
    let before = std::fs::read(&old).unwrap();

    let mut coordinator = store_at(&dir.path().join("coordination.sqlite3"), 21);
    let staged = coordinator.stage_input(&old).unwrap();
    let Staged::Checked(copy) = &staged else { panic!("a file never merged is copied and checked") };
    let version: i64 = rusqlite::Connection::open(&copy.path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        version,
        recolte::store::MIGRATIONS.len() as i64,
        "the private copy is migrated before merging"
    );
    let outcome = coordinator.merge_staged(&staged).unwrap();
    assert!(outcome.report.table("contribution").is_some_and(|t| t.inserted == 25), "its content is merged");
    assert_eq!(
        dump_json(coordinator.connection()).unwrap(),
        dump_json(camille.connection()).unwrap(),
        "nothing is lost by the migration"
    );
    assert_eq!(std::fs::read(&old).unwrap(), before, "the original stays byte-identical");
    assert!(
        matches!(coordinator.stage_input(&old).unwrap(), Staged::AlreadyMerged { .. }),
        "an old file once merged is recognised too"
    );
}

#[test]
fn a_working_store_of_the_first_format_is_upgraded_in_place_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let camille = busy_store(&dir.path().join("camille.sqlite3"), 22);
    let old = dir.path().join("ancienne-base.recolte");
    files::export_session(&camille, &old, ExportScope::Everything, false).unwrap();
    as_older_version(&old, 1);

    // The app opening an installation's store written by the first release: foreign keys
    // are on, as they always are on a working store.
    let upgraded = store_at(&old, 23);
    let version: i64 = upgraded.connection().query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(version, recolte::store::MIGRATIONS.len() as i64, "every migration is applied");
    assert_eq!(
        dump_json(upgraded.connection()).unwrap(),
        dump_json(camille.connection()).unwrap(),
        "the upgrade keeps every record, field and stamp"
    );
    let dangling: i64 = upgraded
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dangling, 0, "every reference still reaches its record");
    drop(upgraded);
    assert!(
        staging::stage(&old).is_ok(),
        "the upgraded file has exactly the schema the migrations give, so it can be exchanged"
    );
}

#[test]
fn a_session_file_of_the_third_format_merges_as_if_it_had_been_made_in_the_fourth() {
    let dir = tempfile::tempdir().unwrap();
    let camille = busy_store(&dir.path().join("camille.sqlite3"), 24);
    let current = dir.path().join("session.recolte");
    let old = dir.path().join("ancienne-session.recolte");
    for file in [&current, &old] {
        files::export_session(&camille, file, ExportScope::Everything, false).unwrap();
    }
    as_older_version(&old, 3);
    let before = std::fs::read(&old).unwrap();
    let old_votes: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row("SELECT count(*) FROM vote WHERE length(added_stamp) = 24", [], |row| row.get(0))
        .unwrap();
    assert!(old_votes >= 4, "the old file holds votes with 16-byte device ids, got {old_votes}");

    // Two coordinators with the same content of their own, each merging one of the files.
    let mut with_current = busy_store(&dir.path().join("coordination-a.sqlite3"), 25);
    let mut with_old = busy_store(&dir.path().join("coordination-b.sqlite3"), 25);
    assert_eq!(
        dump_json(with_current.connection()).unwrap(),
        dump_json(with_old.connection()).unwrap(),
        "the same sources make the same stores"
    );
    let staged = with_current.stage_input(&current).unwrap();
    let merged_current = with_current.merge_staged(&staged).unwrap();
    let staged = with_old.stage_input(&old).unwrap();
    let merged_old = with_old.merge_staged(&staged).unwrap();
    assert!(merged_old.report.changed_anything(), "the old file brings Camille's work");
    assert_eq!(
        merged_old.report, merged_current.report,
        "the same records, entries and conflicts are merged"
    );
    assert_eq!(
        dump_json(with_old.connection()).unwrap(),
        dump_json(with_current.connection()).unwrap(),
        "a file of the third format merges exactly as the same content made in the fourth"
    );
    assert_eq!(std::fs::read(&old).unwrap(), before, "the original stays byte-identical");
}

#[test]
fn a_working_store_of_the_third_format_is_upgraded_in_place_keeping_its_device() {
    let dir = tempfile::tempdir().unwrap();
    let camille = busy_store(&dir.path().join("camille.sqlite3"), 26);
    let old = dir.path().join("ancienne-base.recolte");
    files::export_session(&camille, &old, ExportScope::Everything, false).unwrap();
    as_older_version(&old, 3);
    // The installation's own id, as a UUID whose first 8 bytes are Camille's device id.
    let uuid: String = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row(
            &format!(
                "SELECT lower(hex(substr({}, 9, 16))) FROM participant LIMIT 1",
                wide_field_stamp("created_stamp")
            ),
            [],
            |row| row.get(0),
        )
        .unwrap();
    let uuid = Uuid::parse_str(&uuid).unwrap();
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute("INSERT INTO meta (key, value) VALUES ('local.device_id', ?1)", [uuid.to_string()])
        .unwrap();

    let mut upgraded = store_at(&old, 27);
    assert_eq!(
        upgraded.device(),
        recolte::clock::DeviceId::from_uuid(uuid),
        "the installation keeps writing as the device its stamps name"
    );
    assert_eq!(upgraded.device(), camille.device(), "which is the one that wrote them");
    assert_eq!(
        dump_json(upgraded.connection()).unwrap(),
        dump_json(camille.connection()).unwrap(),
        "the upgrade keeps every record, vote, field and stamp"
    );
    let dangling: i64 = upgraded
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dangling, 0, "every reference still reaches its record");
    let workshop = first_workshop(&upgraded);
    let results = upgraded.vote_results(workshop).unwrap();
    assert_eq!(results, camille.vote_results(workshop).unwrap(), "the votes read the same");
    assert_eq!(results.counted, 8, "4 on the cluster, 3 then on a contribution, 1 from a participant");
    capture(&mut upgraded, workshop, "Écrit après la mise à jour");
    drop(upgraded);
    assert!(
        staging::stage(&old).is_ok(),
        "the upgraded file has exactly the schema the migrations give, so it can be exchanged"
    );
}

#[test]
fn the_files_a_shared_file_holds_travel_with_it_but_not_in_a_workshop_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 30);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let workshop = first_workshop(&camille);
    let session = dir.path().join("session-camille.recolte");
    files::export_session(&camille, &session, ExportScope::Everything, false).unwrap();

    // The coordinator merges the session into the shared file, twice: the second time, the
    // session is recognised and nothing is written.
    let shared = dir.path().join("partage.recolte");
    let first = files::merge_into_shared(
        &shared,
        std::slice::from_ref(&session),
        &who("Coordination"),
        SystemTime::now(),
        &mut |_| {},
    )
    .unwrap();
    assert!(first.received.changed_anything());
    let written = std::fs::read(&shared).unwrap();
    let second = files::merge_into_shared(
        &shared,
        std::slice::from_ref(&session),
        &who("Coordination"),
        SystemTime::now(),
        &mut |_| {},
    )
    .unwrap();
    assert!(!second.sent.changed_anything(), "merging the same session again sends nothing");
    assert_eq!(std::fs::read(&shared).unwrap(), written, "an unchanged shared file is not rewritten");

    // Anyone who merges the shared file knows the session is in it.
    let mut malik = store_at(&dir.path().join("malik.sqlite3"), 31);
    let staged_shared = malik.stage_input(&shared).unwrap();
    malik.merge_staged(&staged_shared).unwrap();
    let again = malik.stage_input(&session).unwrap();
    assert!(
        matches!(again, Staged::AlreadyMerged { .. }),
        "the shared file vouches for the session it holds"
    );
    assert!(!malik.merge_staged(&again).unwrap().report.changed_anything());

    // A workshop's session holds only part of that content, so it vouches for nothing.
    let partial = dir.path().join("atelier.recolte");
    files::export_session(&malik, &partial, ExportScope::Workshop(workshop), false).unwrap();
    let conn = rusqlite::Connection::open(&staging::stage(&partial).unwrap().path).unwrap();
    let vouched: i64 = conn.query_row("SELECT count(*) FROM merged_input", [], |row| row.get(0)).unwrap();
    assert_eq!(vouched, 0, "a workshop's session file names no merged file");
    let mut sophie = store_at(&dir.path().join("sophie.sqlite3"), 32);
    let staged_partial = sophie.stage_input(&partial).unwrap();
    sophie.merge_staged(&staged_partial).unwrap();
    assert!(
        matches!(sophie.stage_input(&session).unwrap(), Staged::Checked(_)),
        "after a partial file, the whole session is still merged in full"
    );
}

#[test]
fn a_file_whose_digest_is_malformed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 40);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let file = dir.path().join("session.recolte");
    files::export_session(&camille, &file, ExportScope::Everything, false).unwrap();
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute("INSERT INTO merged_input (digest, max_hlc) VALUES (x'00', 0)", [])
        .unwrap();
    match staging::stage(&file) {
        Err(SyncError::Refused { reason: Refusal::MalformedData(_), .. }) => {}
        other => panic!("a digest of the wrong size must be refused, got {:?}", other.map(|s| s.path)),
    }
}

#[test]
fn merging_several_files_per_transaction_gives_what_merging_them_one_by_one_gives() {
    use recolte::simulate::{simulate, SimulationParams};
    let dir = tempfile::tempdir().unwrap();
    let params = SimulationParams {
        facilitators: 11,
        workshops: 11,
        contributions: 220,
        votes: 440,
        concurrent_edits: 22,
        seed: 5,
    };
    let mut inputs = simulate(&params, &dir.path().join("sessions")).unwrap().files;
    // The same bytes twice in one batch, and again in a later one: merged once.
    inputs.insert(3, inputs[1].clone());
    inputs.push(inputs[0].clone());
    assert!(inputs.len() > 10, "more files than one transaction takes");

    let mut batched = store_at(&dir.path().join("par-lots.sqlite3"), 50);
    let staged: Vec<Staged> = inputs.iter().map(|file| batched.stage_input(file).unwrap()).collect();
    let batched_outcomes = batched.merge_all_staged(&staged).unwrap();

    let mut one_by_one = store_at(&dir.path().join("un-par-un.sqlite3"), 50);
    let mut outcomes = Vec::new();
    for file in &inputs {
        let staged = one_by_one.stage_input(file).unwrap();
        outcomes.push(one_by_one.merge_staged(&staged).unwrap());
    }
    assert_eq!(dump_json(batched.connection()).unwrap(), dump_json(one_by_one.connection()).unwrap());
    assert_eq!(batched_outcomes.len(), outcomes.len(), "one outcome per input");
    for (index, (batched, single)) in batched_outcomes.iter().zip(&outcomes).enumerate() {
        assert_eq!(batched.report, single.report, "input {index} reports the same");
        assert_eq!(batched.clock_warning.is_some(), single.clock_warning.is_some(), "input {index}");
    }
    assert!(!batched_outcomes[3].report.changed_anything(), "a file repeated in a batch changes nothing");
    assert!(!batched_outcomes.last().unwrap().report.changed_anything());

    // Nothing stays attached: the connection merges again as usual.
    let attached: i64 = batched
        .connection()
        .query_row("SELECT count(*) FROM pragma_database_list WHERE name LIKE 'src%'", [], |row| row.get(0))
        .unwrap();
    assert_eq!(attached, 0, "every source is detached after the merge");
    let again: Vec<Staged> = inputs.iter().map(|file| batched.stage_input(file).unwrap()).collect();
    assert!(again.iter().all(|input| matches!(input, Staged::AlreadyMerged { .. })));
    let outcomes = batched.merge_all_staged(&again).unwrap();
    assert!(outcomes.iter().all(|outcome| !outcome.report.changed_anything()));
}

#[test]
fn skipping_a_file_already_merged_writes_nothing_unless_the_clock_moves() {
    let dir = tempfile::tempdir().unwrap();
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 60);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let session = dir.path().join("session.recolte");
    files::export_session(&camille, &session, ExportScope::Everything, false).unwrap();

    let mut coordinator = store_at(&dir.path().join("coordination.sqlite3"), 61);
    let first = coordinator.stage_input(&session).unwrap();
    coordinator.merge_staged(&first).unwrap();
    let changes = coordinator.connection().total_changes();
    let again = coordinator.stage_input(&session).unwrap();
    assert!(matches!(again, Staged::AlreadyMerged { .. }));
    let outcome = coordinator.merge_staged(&again).unwrap();
    assert!(!outcome.report.changed_anything());
    assert_eq!(
        outcome.report.max_hlc,
        first_max_hlc(&coordinator, &first),
        "the file's clock is still reported"
    );
    assert_eq!(coordinator.connection().total_changes(), changes, "a skip writes nothing");

    // A file that is not the one merged, even of the same size, is merged in full.
    let mut bytes = std::fs::read(&session).unwrap();
    let other = dir.path().join("autre.recolte");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&other, &bytes).unwrap();
    assert!(
        !matches!(coordinator.stage_input(&other), Ok(Staged::AlreadyMerged { .. })),
        "one byte of difference and the file is read again"
    );
}

fn first_max_hlc(store: &Store, input: &Staged) -> recolte::clock::Hlc {
    store.merged_input(input.digest()).unwrap().expect("the merged file is recorded")
}

#[test]
fn merging_into_an_existing_shared_file_starts_from_its_copy_and_gives_what_merging_everything_gives() {
    use recolte::simulate::{simulate, SimulationParams};
    let dir = tempfile::tempdir().unwrap();
    let params = SimulationParams::new(3, 4, 90, 8);
    let inputs = simulate(&params, &dir.path().join("sessions")).unwrap().files;
    let shared = dir.path().join("partage.recolte");
    let merge = |files: &[PathBuf]| {
        files::merge_into_shared(&shared, files, &who("Coordination"), SystemTime::now(), &mut |_| {})
            .unwrap()
    };
    merge(&inputs[..1]);
    let before = dir.path().join("avant.sqlite3");
    std::fs::copy(&shared, &before).unwrap();
    let second = merge(&inputs[1..]);
    assert!(second.sent.changed_anything(), "the new sessions go into the shared file");
    // What the summary says was sent is what merging the new shared file into the old one adds.
    let measured = Store::open(&before, Sources::system())
        .unwrap()
        .preview_merge(&staging::stage(&shared).unwrap().path)
        .unwrap();
    assert_eq!(
        (second.sent.inserted(), second.sent.updated(), second.sent.new_conflicts),
        (measured.inserted(), measured.updated(), measured.new_conflicts),
        "the shared file receives what the summary says"
    );

    let mut everything = store_at(&dir.path().join("tout.sqlite3"), 70);
    for input in &inputs {
        everything.merge_from(&staging::stage(input).unwrap().path).unwrap();
    }
    let merged = Store::open(&staging::stage(&shared).unwrap().path, Sources::system()).unwrap();
    assert_eq!(
        dump_json(merged.connection()).unwrap(),
        dump_json(everything.connection()).unwrap(),
        "the shared file holds what merging every session gives"
    );

    let written = std::fs::read(&shared).unwrap();
    let again = merge(&inputs);
    assert!(again.per_input.iter().all(|(_, report)| !report.changed_anything()));
    assert!(!again.sent.changed_anything(), "sessions already in the shared file send nothing");
    assert_eq!(std::fs::read(&shared).unwrap(), written, "and the shared file is left as it is");
}

#[test]
fn what_a_sync_announces_and_sends_is_what_merging_the_local_store_into_the_old_shared_file_adds() {
    use recolte::simulate::{simulate, SimulationParams};
    let dir = tempfile::tempdir().unwrap();
    let inputs = simulate(&SimulationParams::new(4, 4, 160, 12), &dir.path().join("sessions")).unwrap().files;
    // The shared file holds the first pair's sessions, the local store the second pair's,
    // with their concurrent edits: the shared file will receive records, edits and conflicts.
    let shared = dir.path().join("partage.recolte");
    files::merge_into_shared(&shared, &inputs[..2], &who("Coordination"), SystemTime::now(), &mut |_| {})
        .unwrap();
    let mut local = store_at(&dir.path().join("local.sqlite3"), 41);
    for input in &inputs[2..] {
        local.merge_from(&staging::stage(input).unwrap().path).unwrap();
    }
    let before = dir.path().join("avant.sqlite3");
    std::fs::copy(&shared, &before).unwrap();

    let preview = files::preview_sync(&local, &shared).unwrap();
    let summary = files::sync_with_shared(
        &mut local,
        &shared,
        &who("Camille"),
        SystemTime::now(),
        &dir.path().join("b"),
        &mut |_| {},
    )
    .unwrap();
    let measured = Store::open(&before, Sources::system())
        .unwrap()
        .preview_merge(&staging::stage(&shared).unwrap().path)
        .unwrap();
    assert!(
        measured.inserted() > 0 && measured.new_conflicts > 0,
        "the shared file receives records and conflicts"
    );
    assert_eq!(
        summary.sent.tables, measured.tables,
        "the summary counts what the shared file received, per kind"
    );
    assert_eq!(summary.sent.new_conflicts, measured.new_conflicts, "and the conflicts it opened");
    assert_eq!(preview.send.tables, measured.tables, "the preview announced exactly that");
    assert_eq!(preview.send.new_conflicts, measured.new_conflicts, "conflicts included");
}

#[test]
fn a_session_whose_edit_loses_but_opens_a_conflict_still_reaches_the_shared_file() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("partage.recolte");
    // Camille's laptop starts the shared file with one contribution.
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), 60);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let workshop = first_workshop(&camille);
    let contribution = capture(&mut camille, workshop, "Un local partagé");
    files::sync_with_shared(
        &mut camille,
        &shared,
        &who("Camille"),
        SystemTime::now(),
        &dir.path().join("b1"),
        &mut |_| {},
    )
    .unwrap();
    // Malik (whose clock runs behind) takes it, then both correct the same text unaware of
    // each other; Camille syncs first, so her correction is the later one and wins.
    let mut malik = store_at(&dir.path().join("malik.sqlite3"), 10);
    malik.merge_from(&staging::stage(&shared).unwrap().path).unwrap();
    malik.edit_contribution_text(contribution, "Un local partagé pour les associations").unwrap();
    camille.edit_contribution_text(contribution, "Un local partagé au centre-ville").unwrap();
    files::sync_with_shared(
        &mut camille,
        &shared,
        &who("Camille"),
        SystemTime::now(),
        &dir.path().join("b2"),
        &mut |_| {},
    )
    .unwrap();
    let session = dir.path().join("malik.recolte");
    files::export_session(&malik, &session, ExportScope::Everything, false).unwrap();

    let summary =
        files::merge_into_shared(&shared, &[session], &who("Coordination"), SystemTime::now(), &mut |_| {})
            .unwrap();
    assert_eq!(
        (summary.sent.inserted(), summary.sent.updated()),
        (0, 0),
        "Malik's correction loses: no record changes"
    );
    assert_eq!(summary.sent.new_conflicts, 1, "but the two corrections are a conflict to review");
    let conflicts: i64 = Store::open(&staging::stage(&shared).unwrap().path, Sources::system())
        .unwrap()
        .connection()
        .query_row(
            "SELECT count(*) FROM field_version WHERE value = 'Un local partagé pour les associations'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(conflicts, 1, "the shared file keeps Malik's correction for the review");
}

/// What merging `inputs` one after the other into a new store gives: each one's report, and
/// the store's dump.
fn merged_one_by_one(inputs: &[PathBuf], store_path: &Path) -> (Vec<recolte::sync::MergeReport>, String) {
    let mut store = store_at(store_path, 90);
    let reports = inputs
        .iter()
        .map(|input| store.merge_staged(&store.stage_input(input).unwrap()).unwrap().report)
        .collect();
    (reports, dump_json(store.connection()).unwrap())
}

#[test]
fn merging_many_files_into_a_shared_file_reports_each_as_merging_them_one_by_one_does() {
    use recolte::simulate::{simulate, SimulationParams};
    let dir = tempfile::tempdir().unwrap();
    // More files than one transaction merges, and one of them twice.
    let sessions =
        simulate(&SimulationParams::new(10, 10, 300, 21), &dir.path().join("sessions")).unwrap().files;
    let mut inputs = sessions.clone();
    inputs.push(sessions[3].clone());
    let shared = dir.path().join("partage.recolte");
    let summary =
        files::merge_into_shared(&shared, &inputs, &who("Coordination"), SystemTime::now(), &mut |_| {})
            .unwrap();

    let (expected, dump) = merged_one_by_one(&inputs, &dir.path().join("un-par-un.sqlite3"));
    let reports: Vec<_> = summary.per_input.iter().map(|(_, report)| report.clone()).collect();
    assert_eq!(reports.len(), inputs.len(), "every input is reported");
    for (index, (report, expected)) in reports.iter().zip(&expected).enumerate() {
        assert_eq!(
            report, expected,
            "input {index} is reported as merging it alone into the files before it"
        );
    }
    let set_entries: usize = expected
        .iter()
        .flat_map(|report| &report.tables)
        .filter(|table| schema::SET_TABLES.iter().any(|set| set.name == table.table))
        .map(|table| table.inserted)
        .sum();
    assert!(
        set_entries > 0,
        "the sessions hold set entries (votes, stakes, members), so the check means something"
    );
    let merged = Store::open(&staging::stage(&shared).unwrap().path, Sources::system()).unwrap();
    assert_eq!(
        dump_json(merged.connection()).unwrap(),
        dump,
        "the shared file holds what merging them gives"
    );
    let page_size: u32 = rusqlite::Connection::open(&shared)
        .unwrap()
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        page_size,
        recolte::store::FILE_PAGE_SIZE,
        "the shared file has the usual pages, whatever the merge used"
    );
}

#[test]
fn a_shared_file_replaced_during_a_merge_into_it_is_merged_again_and_nothing_is_lost() {
    use recolte::simulate::{simulate, SimulationParams};
    let dir = tempfile::tempdir().unwrap();
    // Enough inputs for the merge to share its work between two stores.
    let sessions =
        simulate(&SimulationParams::new(10, 10, 200, 5), &dir.path().join("sessions")).unwrap().files;
    let shared = dir.path().join("partage.recolte");
    let mut replaced = false;
    let summary = files::merge_into_shared(
        &shared,
        &sessions[..9],
        &who("Coordination"),
        SystemTime::now(),
        &mut |progress| {
            // Another coordinator writes the shared file between the merge and its rename.
            if !replaced && progress.step.starts_with("Écriture") {
                files::install(&sessions[9], &shared).unwrap();
                replaced = true;
            }
        },
    )
    .unwrap();
    assert!(summary.retries >= 1, "the change between read and rename is noticed");
    let (_, everything) = merged_one_by_one(&sessions, &dir.path().join("tout.sqlite3"));
    let merged = Store::open(&staging::stage(&shared).unwrap().path, Sources::system()).unwrap();
    assert_eq!(
        dump_json(merged.connection()).unwrap(),
        everything,
        "the shared file holds the other coordinator's file and every input, set entries included"
    );
}
