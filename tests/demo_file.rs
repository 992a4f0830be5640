//! The demo diagnostic as a real SQLite file: written by the CLI, reopened by the store.

use std::process::Command;

use recolte::store::{Sources, Store, APPLICATION_ID};
use recolte::template::{DEMO_STAKES, DEMO_THEMES, DEMO_TITLE};
use recolte::view::Attribution;

fn recolte_cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recolte"))
}

#[test]
fn recolte_demo_writes_a_self_contained_recolte_file_with_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.recolte");
    let status = recolte_cli().args(["demo", "--out"]).arg(&out).status().unwrap();
    assert!(status.success(), "`recolte demo --out` must succeed on a new path");

    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("demo.recolte")],
        "one self-contained file, no -wal or staging file"
    );

    let conn =
        rusqlite::Connection::open_with_flags(&out, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, APPLICATION_ID, "the file is marked as a Récolte file");
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "delete", "a file handed over must not depend on a WAL file");
    drop(conn);

    let store = Store::open(&out, Sources::system()).unwrap();
    let diagnostics = store.list_diagnostics().unwrap();
    assert_eq!(diagnostics.len(), 1, "the demo file holds one diagnostic");
    let overview = store.diagnostic_overview(diagnostics[0].id).unwrap();
    assert_eq!(overview.title, DEMO_TITLE);
    assert_eq!(
        (overview.period_start.as_deref(), overview.period_end.as_deref()),
        (Some("2011-04-01"), Some("2011-06-30")),
        "April to June 2011"
    );
    let stakes: Vec<&str> = overview.stakes.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(stakes, DEMO_STAKES, "the six stakes, in the article's order");
    let themes: Vec<&str> = overview.themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(themes, DEMO_THEMES);
    let kinds: Vec<_> = overview.workshops.iter().map(|w| w.kind.code()).collect();
    assert!(
        kinds.contains(&"territorial") && kinds.contains(&"thematic"),
        "both kinds of workshop: {kinds:?}"
    );
    assert!(
        overview.workshops.windows(2).all(|w| w[0].starts_at <= w[1].starts_at),
        "workshops come in date order"
    );
    assert!(
        overview.workshops.iter().all(|w| w.contribution_count > 0 && w.participant_count > 0),
        "every demo workshop has people and contributions"
    );
}

#[test]
fn recolte_demo_refuses_to_overwrite_a_file_and_leaves_it_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("precieux.recolte");
    std::fs::write(&out, b"contenu existant").unwrap();
    let output = recolte_cli().args(["demo", "--out"]).arg(&out).output().unwrap();
    assert!(!output.status.success(), "an existing file must not be overwritten");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("existe déjà"), "the message says why: {stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"contenu existant", "the existing file is untouched");
}

#[test]
fn workshop_details_carry_phases_stakes_and_attributions_and_the_room_never_sees_unconsenting_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open(&dir.path().join("store.sqlite3"), Sources::fixed(1_700_000_000_000, 11)).unwrap();
    let diagnostic = recolte::template::ensure_initial_diagnostic(&mut store).unwrap();
    let overview = store.diagnostic_overview(diagnostic).unwrap();
    let north = overview
        .workshops
        .iter()
        .find(|w| w.title.contains("Secteur Nord"))
        .expect("the demo has a northern sector workshop");
    assert_eq!(
        north.territory.as_deref(),
        Some("Secteur Nord"),
        "a territorial workshop names its territory"
    );

    let detail = store.workshop_detail(north.id).unwrap();
    assert_eq!(
        detail.phases.first().map(|p| p.title.as_str()),
        Some("Accueil"),
        "the agenda starts with the welcome"
    );
    assert_eq!(detail.contributions.len() as u32, north.contribution_count, "the list and the count agree");
    assert!(
        detail.contributions.iter().all(|c| c.category_id.is_some() && c.phase_id.is_some()),
        "demo contributions are categorised and phased"
    );
    assert!(
        detail.contributions.iter().any(|c| c.stake_ids.len() == 2),
        "a contribution can touch several stakes"
    );

    let unconsenting: Vec<String> =
        detail.participants.iter().filter(|p| !p.consent_named).filter_map(|p| p.name.clone()).collect();
    assert!(!unconsenting.is_empty(), "the demo must include people who did not agree to be named");
    let named_attributions = detail
        .contributions
        .iter()
        .filter(|c| matches!(c.attribution, Attribution::Participant { .. }))
        .count();
    assert!(named_attributions > 0, "people who agreed are credited by name");

    let room = store.room_view(north.id, 0).unwrap();
    assert_eq!(room.contributions.len(), detail.contributions.len(), "the room sees every contribution");
    for contribution in &room.contributions {
        if let Some(who) = &contribution.attributed_to {
            assert!(
                !unconsenting.contains(who),
                "the wall must never show {who}, who did not agree to be named"
            );
        }
    }
    assert!(
        room.contributions.iter().any(|c| c.attributed_to.as_deref() == Some("Coopérative")),
        "others appear by type of structure"
    );
}

#[test]
fn the_working_store_keeps_the_current_diagnostic_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let created = {
        let mut store = Store::open(&path, Sources::system()).unwrap();
        recolte::template::ensure_initial_diagnostic(&mut store).unwrap();
        recolte::template::create_empty_diagnostic(&mut store, "Diagnostic du secteur Ouest").unwrap()
    };
    let mut store = Store::open(&path, Sources::system()).unwrap();
    assert_eq!(
        recolte::template::ensure_initial_diagnostic(&mut store).unwrap(),
        created,
        "the last opened diagnostic reopens"
    );
    assert_eq!(store.list_diagnostics().unwrap().len(), 2, "the demo is not installed again next to it");
}
