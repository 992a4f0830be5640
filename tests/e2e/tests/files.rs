//! Exchanging files in the real app: exporting a session, synchronising two installations
//! through one shared file, reviewing a conflict between two facilitators, and refusing a
//! damaged file. Paths are typed into the fields (the native pickers are not driven).

use std::path::{Path, PathBuf};
use std::process::Command;

use recolte::schema;
use recolte::store::{Sources, Store};
use recolte::sync::files::{self, ExportScope};
use recolte::template;
use recolte_e2e::{
    cli_binary, click, text_of, type_into, wait_for_demo, wait_for_text, DesktopApp, Session, DEMO_TITLE,
    ENTER,
};
use uuid::Uuid;

fn open_files_screen(session: &Session) {
    wait_for_demo(session);
    click(session, "[data-testid=sync-open]");
    session.wait_for("[data-testid=sync-panel]").expect("the files screen opens from the header");
}

/// The diagnostics the switcher offers whose title is the demo's.
fn demo_options(session: &Session) -> usize {
    let options = session.find_all("[data-testid=diagnostic-switch] option").expect("reading the switcher");
    options.iter().filter(|option| option.text().is_ok_and(|text| text.contains(DEMO_TITLE))).count()
}

#[test]
fn the_demo_exported_from_the_files_screen_is_a_file_the_command_line_accepts() {
    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("export du démo.recolte");
    let app = DesktopApp::start("export");
    let session = app.launch();
    open_files_screen(&session);

    let scope = text_of(&session, "[data-testid=export-scope] option:checked");
    assert_eq!(scope, "Tout le diagnostic", "the export proposes everything unless a workshop is chosen");
    let proposed = session.wait_for("[data-testid=export-path]").and_then(|f| f.property("value")).unwrap();
    assert!(
        proposed.as_str().is_some_and(|p| p.ends_with(".recolte") && p.contains("session-diagnostic-")),
        "a full path is proposed, named after the session and the day: {proposed}"
    );
    app.screenshots_at_two_sizes(&session, "files");

    type_into(&session, "[data-testid=export-path]", &destination.display().to_string());
    click(&session, "[data-testid=export-run]");
    wait_for_text(&session, "[data-testid=export-done]", &destination.display().to_string());
    assert!(destination.is_file(), "the confirmation names a file that exists");

    let checked =
        Command::new(cli_binary()).arg("check").arg(&destination).output().expect("recolte check runs");
    assert!(
        checked.status.success(),
        "`recolte check` accepts what the app exported:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    // A second export to the same name asks before replacing the first.
    click(&session, "[data-testid=export-run]");
    wait_for_text(&session, "[data-testid=export-exists]", "existe déjà");
    app.screenshots_at_two_sizes(&session, "export-exists");
}

#[test]
fn two_installations_synchronise_through_one_shared_file() {
    let shared_folder = tempfile::tempdir().unwrap();
    let shared = shared_folder.path().join("diagnostic-partage.recolte");
    let shared_text = shared.display().to_string();

    // Camille's laptop: the first sync creates the shared file.
    {
        let camille = DesktopApp::start("sync-first");
        let session = camille.launch();
        open_files_screen(&session);
        type_into(&session, "[data-testid=shared-path]", &shared_text);
        click(&session, "[data-testid=sync-run]");
        let summary = wait_for_text(&session, "[data-testid=sync-summary]", "Synchronisation terminée");
        assert!(summary.contains("sauvegardes"), "the summary says where the backup is: {summary}");
        assert!(shared.is_file(), "the first sync writes the shared file");
        camille.screenshot(&session, "summary");
        session.end().expect("closing the app");

        let session = camille.launch();
        open_files_screen(&session);
        let remembered =
            session.wait_for("[data-testid=shared-path]").and_then(|f| f.property("value")).unwrap();
        assert_eq!(remembered, shared_text.as_str(), "the shared file is remembered on this installation");
    }

    // Malik's laptop starts on its own demo, previews, then syncs.
    let malik = DesktopApp::start("sync-second");
    let session = malik.launch();
    open_files_screen(&session);
    assert_eq!(demo_options(&session), 1, "a fresh installation has its own demo only");
    type_into(&session, "[data-testid=shared-path]", &shared_text);
    click(&session, "[data-testid=sync-preview]");
    let coming = wait_for_text(&session, "[data-testid=sync-preview-receive]", "contributions ajoutées");
    assert!(coming.contains("ateliers ajoutés"), "Camille's demo workshops come down: {coming}");
    let going = text_of(&session, "[data-testid=sync-preview-send]");
    assert!(going.contains("contributions ajoutées"), "Malik's own demo goes up: {going}");
    assert!(
        session.find_all("[data-testid=sync-first]").unwrap().is_empty(),
        "the shared file exists, so the preview does not announce its creation"
    );
    malik.screenshots_at_two_sizes(&session, "preview");

    click(&session, "[data-testid=sync-run]");
    wait_for_text(&session, "[data-testid=sync-summary]", "Synchronisation terminée");
    malik.screenshots_at_two_sizes(&session, "summary");

    click(&session, "[data-testid=back-home]");
    session
        .wait_until("both demos in the diagnostic switcher", || {
            Ok((demo_options(&session) == 2).then_some(()))
        })
        .expect("after the sync, the switcher offers Camille's demo next to Malik's");
}

/// Camille and Malik start from the same demo, then correct the same contribution without
/// seeing each other's change; each exports a session file.
struct ConcurrentEdit {
    _folder: tempfile::TempDir,
    files: [PathBuf; 2],
    diagnostic: Uuid,
    workshop: Uuid,
}

fn concurrent_edit() -> ConcurrentEdit {
    let folder = tempfile::tempdir().unwrap();
    let open =
        |name: &str| Store::open(&folder.path().join(name), Sources::system()).expect("a scratch store");
    let mut origin = open("origine.sqlite3");
    let diagnostic = template::ensure_initial_diagnostic(&mut origin).unwrap();
    let base = folder.path().join("base.recolte");
    files::export_session(&origin, &base, ExportScope::Everything, false).unwrap();
    let (contribution, workshop): (Uuid, Uuid) = origin
        .connection()
        .query_row("SELECT id, workshop_id FROM contribution ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();

    let mut sessions = Vec::new();
    for (who, text) in [
        ("camille", "Les locaux sont trop chers (Camille)."),
        ("malik", "Les loyers des locaux sont trop élevés pour les petites associations (Malik)."),
    ] {
        let mut store = open(&format!("{who}.sqlite3"));
        files::import_files(&mut store, std::slice::from_ref(&base)).unwrap();
        store.write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "text", text.into())).unwrap();
        let session = folder.path().join(format!("session-{who}.recolte"));
        files::export_session(&store, &session, ExportScope::Everything, false).unwrap();
        sessions.push(session);
    }
    let files: [PathBuf; 2] = sessions.try_into().unwrap();
    ConcurrentEdit { _folder: folder, files, diagnostic, workshop }
}

/// Paths one per line, as typed: Enter starts a new line in the text area.
fn path_lines(paths: &[&Path]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(ENTER)
}

#[test]
fn a_concurrent_correction_is_reviewed_and_the_other_version_kept() {
    let edit = concurrent_edit();
    let app = DesktopApp::start("conflict");
    let session = app.launch();
    open_files_screen(&session);

    type_into(&session, "[data-testid=import-paths]", &path_lines(&[&edit.files[0], &edit.files[1]]));
    click(&session, "[data-testid=import-run]");
    let summary = wait_for_text(&session, "[data-testid=import-summary]", "session-malik.recolte");
    assert!(summary.contains("session-camille.recolte"), "each imported file is reported: {summary}");
    assert!(summary.contains("1 nouveau conflit"), "the import says a conflict awaits a decision: {summary}");
    wait_for_text(&session, "[data-testid=conflicts-count]", "1");
    app.screenshot(&session, "imported");

    click(&session, "[data-testid=conflicts-open]");
    let conflicts = session.wait_for_all("[data-testid=conflict]", 1).expect("the conflict is listed");
    assert_eq!(conflicts.len(), 1, "one field edited twice: one conflict");
    let what = text_of(&session, "[data-testid=conflict-what]");
    assert_eq!(what, "Contribution — texte");
    let current = text_of(&session, "[data-testid=conflict-current]");
    let other = text_of(&session, "[data-testid=conflict-other]");
    let mut both = [current.clone(), other.clone()];
    both.sort();
    assert!(
        both.iter().any(|v| v.contains("(Camille)")) && both.iter().any(|v| v.contains("(Malik)")),
        "both versions side by side: {both:?}"
    );
    app.screenshots_at_two_sizes(&session, "conflicts");

    click(&session, "[data-testid=conflict-keep-other]");
    wait_for_text(&session, "[data-testid=conflicts-empty]", "Aucun conflit à examiner.");
    session
        .wait_until("the header count to go", || {
            Ok(session.find_all("[data-testid=conflicts-count]")?.is_empty().then_some(()))
        })
        .expect("no conflict left, no count in the header");

    // The version kept (whichever was provisionally behind) is now the contribution's text
    // in its workshop, in the imported demo.
    click(&session, "[data-testid=back-home]");
    click(&session, &format!("[data-testid=diagnostic-switch] option[value='{}']", edit.diagnostic));
    click(&session, &format!("[data-testid=workshop-open][data-workshop-id='{}']", edit.workshop));
    session
        .wait_until("the kept version among the contributions", || {
            for element in session.find_all("[data-testid=contribution-text]")? {
                if element.text()? == other {
                    return Ok(Some(()));
                }
            }
            Ok(None)
        })
        .expect("the workshop shows the version chosen");
    let texts: Vec<String> = session
        .find_all("[data-testid=contribution-text]")
        .unwrap()
        .iter()
        .map(|element| element.text().unwrap())
        .collect();
    assert!(!texts.contains(&current), "the version not kept is gone from the workshop: {texts:#?}");
    app.screenshot(&session, "kept");
}

#[test]
fn a_damaged_file_is_refused_by_name_and_the_app_keeps_working() {
    let folder = tempfile::tempdir().unwrap();
    let damaged = folder.path().join("abime.recolte");
    std::fs::write(&damaged, b"Ceci n'est pas une base Recolte, juste du texte.").unwrap();
    let app = DesktopApp::start("damaged");
    let session = app.launch();
    open_files_screen(&session);

    type_into(&session, "[data-testid=import-paths]", &damaged.display().to_string());
    click(&session, "[data-testid=import-run]");
    let refused = wait_for_text(&session, "[data-testid=refused-file]", "abime.recolte");
    assert!(
        refused.contains(&damaged.display().to_string()),
        "the refusal names the file in full: {refused}"
    );
    let reason = refused.split(" : ").nth(1).unwrap_or_default();
    assert!(reason.trim().len() > 10, "and says why it was refused: {refused}");
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        b"Ceci n'est pas une base Recolte, juste du texte.",
        "a refused file is left byte for byte as it was"
    );
    app.screenshots_at_two_sizes(&session, "refused");

    click(&session, "[data-testid=back-home]");
    wait_for_demo(&session);
    click(&session, "[data-testid=workshop-open]");
    session.wait_for_all("[data-testid=contribution]", 1).expect("the app keeps working after the refusal");
}
