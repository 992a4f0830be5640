//! Conflict review, sync preview, imports and clock skew, on real files.

use std::path::Path;
use std::time::SystemTime;

use recolte::clock::MAX_FORWARD_DRIFT_MS;
use recolte::schema;
use recolte::store::{Sources, Store};
use recolte::sync::files::{self, ExportScope, LockOwner};
use recolte::sync::review::ConflictChoice;
use recolte::sync::{dump_json, staging};
use recolte::template;
use uuid::Uuid;

const NOW: u64 = 1_700_000_000_000;

fn store_at(path: &Path, start_ms: u64, seed: u64) -> Store {
    Store::open(path, Sources::fixed(start_ms, seed)).unwrap()
}

fn some_contribution(store: &Store) -> Uuid {
    store.connection().query_row("SELECT id FROM contribution ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap()
}

fn text_of(store: &Store, id: Uuid) -> String {
    store.connection().query_row("SELECT text FROM contribution WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

/// Camille and Malik share the demo, then both correct the same contribution unaware of
/// each other; Camille imports Malik's session file.
fn concurrent_corrections(dir: &Path) -> (Store, Store, Uuid) {
    let mut camille = store_at(&dir.join("camille.sqlite3"), NOW, 1);
    template::ensure_initial_diagnostic(&mut camille).unwrap();
    let base = dir.join("base.recolte");
    files::export_session(&camille, &base, ExportScope::Everything, false).unwrap();
    let mut malik = store_at(&dir.join("malik.sqlite3"), NOW + 10, 2);
    files::import_files(&mut malik, &[base]).unwrap();
    let id = some_contribution(&camille);
    camille.write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "text", "Version de Camille".into())).unwrap();
    malik.write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "text", "Version de Malik".into())).unwrap();
    (camille, malik, id)
}

#[test]
fn a_concurrent_correction_is_listed_side_by_side_and_the_decision_closes_it_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut camille, mut malik, id) = concurrent_corrections(dir.path());
    let from_malik = dir.path().join("malik.recolte");
    files::export_session(&malik, &from_malik, ExportScope::Everything, false).unwrap();
    let imported = files::import_files(&mut camille, &[from_malik]).unwrap();
    assert_eq!(imported.per_file[0].1.new_conflicts, 1, "the import reports the new conflict");

    let conflicts = camille.open_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "one field edited concurrently: one conflict, got {conflicts:?}");
    let conflict = &conflicts[0];
    assert_eq!(
        (conflict.table.as_str(), conflict.field.as_str(), conflict.record_id),
        ("contribution", "text", id)
    );
    assert_eq!(conflict.what, "Contribution — texte");
    assert!(conflict.context.starts_with("Atelier"), "the workshop is named: {}", conflict.context);
    let mut both = [conflict.current.clone(), conflict.other.clone()];
    both.sort();
    assert_eq!(
        both,
        ["Version de Camille".to_string(), "Version de Malik".to_string()],
        "both versions side by side"
    );

    // Camille keeps Malik's wording, whichever is provisionally kept.
    let choice = if conflict.other == "Version de Malik" {
        ConflictChoice::KeepOther { other_stamp: conflict.other_stamp.clone() }
    } else {
        ConflictChoice::KeepCurrent
    };
    camille.resolve_conflict("contribution", id, "text", &choice).unwrap();
    assert_eq!(text_of(&camille, id), "Version de Malik", "the kept version is the field's value");
    assert!(camille.open_conflicts().unwrap().is_empty(), "a decision closes the conflict");

    // The decision is an edit like any other: Malik gets it and has no conflict either.
    let from_camille = dir.path().join("camille.recolte");
    files::export_session(&camille, &from_camille, ExportScope::Everything, false).unwrap();
    files::import_files(&mut malik, &[from_camille]).unwrap();
    assert_eq!(text_of(&malik, id), "Version de Malik");
    assert!(malik.open_conflicts().unwrap().is_empty(), "the decision closes the conflict on every replica");
}

#[test]
fn writing_a_new_text_resolves_and_bad_choices_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut camille, malik, id) = concurrent_corrections(dir.path());
    let from_malik = dir.path().join("malik.recolte");
    files::export_session(&malik, &from_malik, ExportScope::Everything, false).unwrap();
    files::import_files(&mut camille, &[from_malik]).unwrap();

    let blank =
        camille.resolve_conflict("contribution", id, "text", &ConflictChoice::Write { text: "  ".into() });
    assert!(blank.unwrap_err().to_string().contains("ne peut pas être vide"), "an empty text is refused");
    let unknown = camille.resolve_conflict(
        "contribution",
        id,
        "text",
        &ConflictChoice::KeepOther { other_stamp: "zz".into() },
    );
    assert!(unknown.unwrap_err().to_string().contains("rechargez"), "an unknown version says what to do");
    let table = camille.resolve_conflict("meta", id, "value", &ConflictChoice::KeepCurrent);
    assert!(table.is_err(), "only the diagnostic's tables can be written through a decision");
    let reference = camille.resolve_conflict(
        "contribution",
        id,
        "category_id",
        &ConflictChoice::Write { text: "x".into() },
    );
    assert!(reference.is_err(), "a reference is not rewritten as free text");
    let conflict = &camille.open_conflicts().unwrap()[0];
    assert!(
        conflict.free_text && conflict.workshop_id.is_some(),
        "a contribution's text is free text in a workshop"
    );
    assert_eq!(camille.open_conflicts().unwrap().len(), 1, "refused decisions change nothing");

    camille
        .resolve_conflict(
            "contribution",
            id,
            "text",
            &ConflictChoice::Write { text: "Version commune".into() },
        )
        .unwrap();
    assert_eq!(text_of(&camille, id), "Version commune");
    assert!(camille.open_conflicts().unwrap().is_empty());
}

#[test]
fn the_preview_tells_what_a_sync_will_do_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("diagnostic.recolte");
    let who = LockOwner { owner: "Camille".into(), machine: "portable".into(), since: "maintenant".into() };
    let mut camille = store_at(&dir.path().join("camille.sqlite3"), NOW, 3);
    template::ensure_initial_diagnostic(&mut camille).unwrap();

    let first = files::preview_sync(&camille, &shared).unwrap();
    assert!(!first.shared_exists && !shared.exists(), "a preview creates nothing");
    assert_eq!(
        first.send.table("contribution").map(|t| t.inserted),
        Some(25),
        "the 25 demo contributions would go up"
    );

    files::sync_with_shared(
        &mut camille,
        &shared,
        &who,
        SystemTime::now(),
        &dir.path().join("b"),
        &mut |_| {},
    )
    .unwrap();
    let mut malik = store_at(&dir.path().join("malik.sqlite3"), NOW, 4);
    template::ensure_initial_diagnostic(&mut malik).unwrap();
    let shared_before = std::fs::read(&shared).unwrap();
    let local_before = dump_json(malik.connection()).unwrap();
    let preview = files::preview_sync(&malik, &shared).unwrap();
    assert_eq!(
        preview.receive.table("contribution").map(|t| t.inserted),
        Some(25),
        "Camille's 25 would come down"
    );
    assert_eq!(preview.send.table("contribution").map(|t| t.inserted), Some(25), "Malik's 25 would go up");
    assert_eq!(std::fs::read(&shared).unwrap(), shared_before, "the shared file is untouched by a preview");
    assert_eq!(
        dump_json(malik.connection()).unwrap(),
        local_before,
        "the local store is untouched by a preview"
    );

    let done = files::sync_with_shared(
        &mut malik,
        &shared,
        &who,
        SystemTime::now(),
        &dir.path().join("b"),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(done.received, preview.receive, "the sync does what the preview said it would (down)");
    assert_eq!(done.sent.tables, preview.send.tables, "and up");
}

#[test]
fn importing_a_folder_takes_its_session_files_and_reports_the_refused_ones() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("cle-usb");
    std::fs::create_dir(&inbox).unwrap();
    for (name, seed) in [("nord.recolte", 5), ("sud.recolte", 6)] {
        let mut facilitator = store_at(&dir.path().join(format!("{seed}.sqlite3")), NOW, seed);
        template::ensure_initial_diagnostic(&mut facilitator).unwrap();
        files::export_session(&facilitator, &inbox.join(name), ExportScope::Everything, false).unwrap();
    }
    std::fs::write(inbox.join("abime.recolte"), b"SQLite format 3\0 coupure").unwrap();
    std::fs::write(inbox.join("notes.txt"), b"pas un fichier de session").unwrap();
    let mut coordinator = store_at(&dir.path().join("sophie.sqlite3"), NOW, 7);
    let summary = files::import_files(&mut coordinator, std::slice::from_ref(&inbox)).unwrap();
    assert_eq!(summary.per_file.len(), 2, "both session files of the folder are imported");
    assert_eq!(summary.refused.len(), 1, "the damaged one is refused");
    assert!(summary.refused[0].path.ends_with("abime.recolte"), "and named");
    assert_eq!(
        coordinator.list_diagnostics().unwrap().len(),
        2,
        "two facilitators' diagnostics now live here"
    );
}

#[test]
fn a_file_whose_clock_is_hours_ahead_is_accepted_with_a_warning_and_the_local_clock_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let three_hours = 3 * 60 * 60 * 1000;
    let mut ahead = store_at(&dir.path().join("ahead.sqlite3"), NOW + three_hours, 8);
    template::ensure_initial_diagnostic(&mut ahead).unwrap();
    let file = dir.path().join("en-avance.recolte");
    files::export_session(&ahead, &file, ExportScope::Everything, false).unwrap();

    let mut local = store_at(&dir.path().join("local.sqlite3"), NOW, 9);
    let staged = staging::stage(&file).unwrap();
    let outcome = local.merge_from(&staged.path).unwrap();
    let warning = outcome.clock_warning.expect("a file three hours ahead must warn");
    assert!(warning.to_string().contains("3 h 00 min"), "the warning says how far ahead: {warning}");
    assert_eq!(local.list_diagnostics().unwrap().len(), 1, "the file is accepted all the same");
    let next = local.write(|tx| Ok(tx.stamp())).unwrap();
    assert!(
        next.hlc.physical_ms() <= NOW + MAX_FORWARD_DRIFT_MS + 10,
        "the local clock is not dragged beyond the bound: {} ms ahead",
        next.hlc.physical_ms() - NOW
    );
}

#[test]
fn a_correction_of_a_version_stamped_hours_ahead_still_wins_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let three_hours = 3 * 60 * 60 * 1000;
    let mut ahead = store_at(&dir.path().join("ahead.sqlite3"), NOW + three_hours, 10);
    template::ensure_initial_diagnostic(&mut ahead).unwrap();
    let id = some_contribution(&ahead);
    ahead
        .write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "text", "Écrit par une horloge en avance".into()))
        .unwrap();
    let from_ahead = dir.path().join("en-avance.recolte");
    files::export_session(&ahead, &from_ahead, ExportScope::Everything, false).unwrap();

    let mut local = store_at(&dir.path().join("local.sqlite3"), NOW, 11);
    files::import_files(&mut local, std::slice::from_ref(&from_ahead)).unwrap();
    local.write(|tx| tx.set_field(&schema::CONTRIBUTION, id, "text", "Corrigé ici".into())).unwrap();
    assert_eq!(text_of(&local, id), "Corrigé ici");

    // The old version comes back in the same file: the correction made after seeing it wins.
    files::import_files(&mut local, std::slice::from_ref(&from_ahead)).unwrap();
    assert_eq!(text_of(&local, id), "Corrigé ici", "a correction always beats the version it replaced");
    assert!(local.open_conflicts().unwrap().is_empty(), "and it is no conflict: it saw that version");
    let from_local = dir.path().join("local.recolte");
    files::export_session(&local, &from_local, ExportScope::Everything, false).unwrap();
    files::import_files(&mut ahead, std::slice::from_ref(&from_local)).unwrap();
    assert_eq!(text_of(&ahead, id), "Corrigé ici", "the device ahead takes the correction too");
}
