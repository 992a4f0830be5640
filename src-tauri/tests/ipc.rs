//! The real commands and capabilities, driven through Tauri's mock runtime (no display):
//! what each window may call, and what the commands return over IPC.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use tempfile::TempDir;

const DEMO_TITLE_START: &str = "Diagnostic collaboratif sur l'économie sociale et solidaire";

struct TestApp {
    app: App<MockRuntime>,
    // Dropped after the app, so the store's folder outlives it.
    data_dir: TempDir,
}

impl TestApp {
    fn start() -> Self {
        Self::start_in(tempfile::tempdir().expect("a temporary data folder"))
    }

    fn start_in(data_dir: TempDir) -> Self {
        let mut app = recolte_desktop::build_app(mock_builder(), Some(data_dir.path().to_path_buf()))
            .expect("the app builds on the mock runtime");
        // Setup (store, main window) runs when the event loop starts; one iteration of the
        // mock runtime's loop starts it and returns, where `run` would block.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        TestApp { app, data_dir }
    }

    fn main_window(&self) -> WebviewWindow<MockRuntime> {
        self.app.get_webview_window("main").expect("setup opens the main window")
    }

    fn open_projector(&self) -> WebviewWindow<MockRuntime> {
        WebviewWindowBuilder::new(&self.app, "projector", WebviewUrl::default())
            .build()
            .expect("a projector window can be opened")
    }
}

/// Calls `command` from `window` as the page would, through the capability check.
fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

fn first_demo_workshop_id(window: &WebviewWindow<MockRuntime>) -> Value {
    let overview = invoke(window, "diagnostic_current", json!({})).expect("the demo is current");
    overview["workshops"][0]["id"].clone()
}

#[test]
fn a_first_launch_opens_on_the_demo() {
    let app = TestApp::start();
    let overview = invoke(&app.main_window(), "diagnostic_current", json!({}))
        .expect("an empty store gets the demo at startup, so there is always a current diagnostic");
    assert!(
        overview["title"].as_str().unwrap().starts_with(DEMO_TITLE_START),
        "the demo is the diagnostic a first launch shows, got {}",
        overview["title"]
    );
    assert_eq!(overview["stakes"].as_array().unwrap().len(), 6, "the demo has the seed's six stakes");
}

#[test]
fn the_main_window_may_not_read_the_room_view() {
    let app = TestApp::start();
    let main = app.main_window();
    let workshop_id = first_demo_workshop_id(&main);

    let refused = invoke(&main, "room_view", json!({ "workshopId": workshop_id }))
        .expect_err("capabilities/main.json does not grant allow-room-view");
    assert!(
        refused.to_string().contains("not allowed"),
        "the refusal comes from Tauri's capability check, not from the command: {refused}"
    );
    invoke(&main, "workshop_detail", json!({ "id": workshop_id }))
        .expect("the same window reads the workshop through its own granted command");
}

#[test]
fn the_projector_window_reads_the_room_view_and_nothing_else() {
    let app = TestApp::start();
    let workshop_id = first_demo_workshop_id(&app.main_window());
    let projector = app.open_projector();

    let room = invoke(&projector, "room_view", json!({ "workshopId": workshop_id }))
        .expect("capabilities/projector.json grants allow-room-view");
    assert!(room["contributions"].is_array(), "the room view lists what was said: {room}");

    let refused = invoke(&projector, "workshop_detail", json!({ "id": workshop_id }))
        .expect_err("the wall must not get the facilitator's view, which holds participants' names");
    assert!(refused.to_string().contains("not allowed"), "refused by the capability check: {refused}");
}

#[test]
fn creating_and_opening_diagnostics_moves_the_current_one() {
    let app = TestApp::start();
    let main = app.main_window();
    let demo = invoke(&main, "diagnostic_current", json!({})).unwrap();

    let created = invoke(&main, "diagnostic_create", json!({ "title": "Atelier de test" }))
        .expect("a titled diagnostic can be created");
    assert_eq!(created["title"], "Atelier de test");
    assert_eq!(created["stakes"], json!([]), "a new diagnostic starts with no stakes");
    assert_eq!(
        invoke(&main, "diagnostic_current", json!({})).unwrap()["id"],
        created["id"],
        "the diagnostic just created is the one the user works on"
    );

    let listed = invoke(&main, "diagnostic_list", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "creating one keeps the demo: {listed}");

    let reopened = invoke(&main, "diagnostic_open", json!({ "id": demo["id"] })).unwrap();
    assert_eq!(reopened["id"], demo["id"]);
    assert_eq!(
        invoke(&main, "diagnostic_current", json!({})).unwrap()["id"],
        demo["id"],
        "opening a diagnostic makes it current"
    );
}

#[test]
fn errors_reach_the_page_as_code_and_message() {
    let app = TestApp::start();
    let error = invoke(&app.main_window(), "workshop_detail", json!({ "id": uuid::Uuid::nil() }))
        .expect_err("no workshop has the nil id");
    assert_eq!(error["code"], "not_found", "the UI branches on the code: {error}");
    assert!(
        error["message"].as_str().is_some_and(|message| !message.is_empty()),
        "and shows the message, written for the user: {error}"
    );
    assert_eq!(error.as_object().unwrap().len(), 2, "nothing else crosses the boundary: {error}");
}

/// The commands of the files and conflicts screens, each with arguments that would work.
fn file_commands(folder: &std::path::Path) -> Vec<(&'static str, Value)> {
    let shared = folder.join("partage.recolte");
    vec![
        ("file_defaults", json!({})),
        ("sync_preview", json!({ "sharedFile": shared })),
        ("sync_run", json!({ "sharedFile": shared, "onProgress": "__CHANNEL__:1" })),
        (
            "session_export",
            json!({ "destination": folder.join("session.recolte"), "workshopId": null, "replace": false }),
        ),
        ("session_import", json!({ "paths": [folder.join("session.recolte")] })),
        ("conflict_list", json!({})),
        (
            "conflict_resolve",
            json!({ "table": "contribution", "recordId": uuid::Uuid::nil(), "field": "text",
                    "choice": { "kind": "keep_current" } }),
        ),
    ]
}

#[test]
fn the_projector_window_may_not_exchange_files_or_review_conflicts() {
    let app = TestApp::start();
    let projector = app.open_projector();
    let folder = tempfile::tempdir().unwrap();
    for (command, args) in file_commands(folder.path()) {
        let refused = invoke(&projector, command, args)
            .expect_err("the wall reads the room view and nothing else: no file leaves through it");
        assert!(
            refused.to_string().contains("not allowed"),
            "{command}: refused by the capability check: {refused}"
        );
    }
    assert!(
        std::fs::read_dir(folder.path()).unwrap().next().is_none(),
        "a refused call writes nothing, not even a lock file"
    );
}

#[test]
fn the_main_window_syncs_exports_imports_and_lists_conflicts() {
    let app = TestApp::start();
    let main = app.main_window();
    let folder = tempfile::tempdir().unwrap();
    for (command, args) in file_commands(folder.path()) {
        if let Err(error) = invoke(&main, command, args) {
            assert!(
                !error.to_string().contains("not allowed"),
                "capabilities/main.json grants {command} to the facilitator's window: {error}"
            );
        }
    }
}

#[test]
fn a_first_sync_creates_the_shared_file_backs_up_the_store_and_remembers_the_path() {
    let app = TestApp::start();
    let main = app.main_window();
    let folder = tempfile::tempdir().unwrap();
    let shared = folder.path().join("partage.recolte");

    let defaults = invoke(&main, "file_defaults", json!({})).unwrap();
    assert_eq!(defaults["shared_file"], Value::Null, "a new installation has no shared file yet: {defaults}");

    let preview = invoke(&main, "sync_preview", json!({ "sharedFile": shared })).unwrap();
    assert_eq!(preview["shared_exists"], false, "the first sync will create the file: {preview}");
    let sent = preview["send"]["kinds"].as_array().unwrap();
    assert!(
        sent.iter().any(|kind| kind["table"] == "contribution" && kind["inserted"].as_u64() > Some(0)),
        "the demo's contributions go up: {preview}"
    );
    assert!(!shared.exists(), "a preview changes nothing");
    assert_eq!(
        invoke(&main, "file_defaults", json!({})).unwrap()["shared_file"],
        json!(shared),
        "a preview that worked remembers the path, so the next visit starts from it"
    );

    let summary =
        invoke(&main, "sync_run", json!({ "sharedFile": shared, "onProgress": "__CHANNEL__:1" })).unwrap();
    assert!(shared.is_file(), "the first sync writes the shared file");
    let backup = summary["backup"].as_str().expect("a sync backs the store up first");
    assert!(
        std::path::Path::new(backup).starts_with(app.data_dir.path().join("sauvegardes")),
        "the backup stays in the app's data folder: {backup}"
    );

    let again = invoke(&main, "sync_preview", json!({ "sharedFile": shared })).unwrap();
    assert_eq!(again["shared_exists"], true);
    assert_eq!(again["receive"]["kinds"], json!([]), "nothing new comes down right after a sync: {again}");
    assert_eq!(again["send"]["kinds"], json!([]), "nothing new goes up either: {again}");
}

#[test]
fn a_sync_path_must_be_a_full_recolte_path() {
    let app = TestApp::start();
    let main = app.main_window();
    let folder = tempfile::tempdir().unwrap();
    for shared in [json!("partage.recolte"), json!(folder.path().join("partage.txt")), json!("  ")] {
        let error = invoke(&main, "sync_run", json!({ "sharedFile": shared, "onProgress": "__CHANNEL__:1" }))
            .expect_err("not a usable shared file");
        assert_eq!(error["code"], "invalid_input", "{shared}: {error}");
    }
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none(), "nothing was written anywhere");
}

#[test]
fn an_exported_session_imports_and_a_bad_file_is_refused_by_name() {
    let app = TestApp::start();
    let main = app.main_window();
    let folder = tempfile::tempdir().unwrap();
    let workshop_id = first_demo_workshop_id(&main);
    let session = folder.path().join("session-nord.recolte");

    let export = |replace: bool| {
        invoke(
            &main,
            "session_export",
            json!({ "destination": session, "workshopId": workshop_id, "replace": replace }),
        )
    };
    let written = export(false).unwrap();
    assert_eq!(written, json!(session), "the confirmation names the file written");
    assert!(session.is_file());
    let exists =
        export(false).expect_err("a second export to the same name must not silently replace the first");
    assert_eq!(exists["code"], "already_exists", "{exists}");
    assert!(
        exists["message"].as_str().unwrap().contains("session-nord.recolte"),
        "the message names the file: {exists}"
    );
    export(true).expect("replacing is allowed once the user confirmed it");

    let damaged = folder.path().join("abime.recolte");
    std::fs::write(&damaged, b"ceci n'est pas une base").unwrap();
    let summary = invoke(&main, "session_import", json!({ "paths": [session, damaged] })).unwrap();
    assert_eq!(summary["files"].as_array().unwrap().len(), 1, "the good file is imported: {summary}");
    let refused = &summary["refused"][0];
    assert_eq!(refused["path"], json!(damaged), "the refusal names the file: {summary}");
    assert!(refused["reason"].as_str().is_some_and(|r| !r.is_empty()), "and says why: {summary}");

    let error = invoke(&main, "session_import", json!({ "paths": [] })).expect_err("nothing to import");
    assert_eq!(error["code"], "invalid_input");
}

#[test]
fn conflicts_are_listed_and_a_bad_decision_is_refused_with_a_code() {
    let app = TestApp::start();
    let main = app.main_window();
    assert_eq!(invoke(&main, "conflict_list", json!({})).unwrap(), json!([]), "the demo has no conflict");
    let error = invoke(
        &main,
        "conflict_resolve",
        json!({ "table": "nope", "recordId": uuid::Uuid::nil(), "field": "text", "choice": { "kind": "keep_current" } }),
    )
    .expect_err("no such table");
    assert_eq!(error["code"], "invalid_input", "{error}");
}

#[test]
fn the_file_pickers_are_the_only_dialogs_and_only_the_main_window_gets_them() {
    let app = TestApp::start();
    let main = app.main_window();
    let message = invoke(&main, "plugin:dialog|message", json!({ "message": "x" }))
        .expect_err("message boxes are not granted: the UI shows its own messages");
    assert!(message.to_string().contains("not allowed"), "{message}");
    let projector = app.open_projector();
    for command in ["plugin:dialog|open", "plugin:dialog|save"] {
        let refused =
            invoke(&projector, command, json!({ "options": {} })).expect_err("the wall picks no file");
        assert!(refused.to_string().contains("not allowed"), "{command}: {refused}");
    }
}

#[test]
fn a_working_store_from_a_newer_version_still_opens_a_window_that_says_why() {
    let data_dir = tempfile::tempdir().unwrap();
    let file = data_dir.path().join(recolte_desktop::DATABASE_FILE);
    {
        let store = recolte::store::Store::open(&file, recolte::store::Sources::system()).unwrap();
        store
            .connection()
            .execute("UPDATE meta SET value = '99' WHERE key = 'min_reader_version'", [])
            .unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let app = TestApp::start_in(data_dir);
    let refused = invoke(&app.main_window(), "diagnostic_current", json!({}))
        .expect_err("a store this version cannot read must not be used");
    assert_eq!(refused["code"], "too_new", "the UI branches on the code: {refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("Mettez Récolte à jour"),
        "the window tells the user what to do: {refused}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before, "the newer file is left as it was");
}

/// The commands of the workshop screen (capture, plan, attendance), each with arguments that
/// would work or fail in the engine, never in the capability check.
fn workshop_commands(workshop_id: &Value, diagnostic_id: &Value) -> Vec<(&'static str, Value)> {
    let nil = uuid::Uuid::nil();
    let plan = json!({
        "kind": "thematic", "territory_id": null, "theme_id": null, "title": "x",
        "starts_at": null, "ends_at": null, "place": "", "facilitators": [], "token_budget": 3
    });
    let attendee = json!({
        "name": "Yasmine Haddad", "organisation": null, "structure_type": "association",
        "role": "acteur_ess", "email": null, "consent_named": false
    });
    vec![
        ("contribution_capture", json!({ "workshopId": workshop_id, "line": "Un lieu ressource" })),
        ("contribution_edit", json!({ "id": nil, "text": "x" })),
        ("contribution_set_deleted", json!({ "id": nil, "deleted": true })),
        ("contributions_deleted", json!({ "workshopId": workshop_id })),
        ("capture_draft_save", json!({ "workshopId": workshop_id, "text": "en cours" })),
        ("capture_draft", json!({ "workshopId": workshop_id })),
        ("phase_set_current", json!({ "workshopId": workshop_id, "phaseId": nil })),
        ("agenda_default", json!({})),
        ("workshop_create", json!({ "diagnosticId": diagnostic_id, "plan": plan, "agenda": [] })),
        ("workshop_plan", json!({ "id": workshop_id })),
        ("workshop_update", json!({ "id": nil, "plan": plan, "agenda": [] })),
        ("workshop_agenda_set", json!({ "id": nil, "agenda": [] })),
        ("workshop_duplicate", json!({ "sourceId": nil, "title": "x", "startsAt": null, "endsAt": null })),
        ("attendee_add", json!({ "workshopId": nil, "attendee": attendee })),
        ("attendee_remove", json!({ "workshopId": nil, "participantId": nil })),
        ("projector_open", json!({ "workshopId": workshop_id })),
        ("voting_sheet", json!({ "workshopId": workshop_id })),
        ("vote_results", json!({ "workshopId": workshop_id })),
        ("token_budget_set", json!({ "workshopId": nil, "tokens": 3 })),
        (
            "vote_tally_set",
            json!({ "workshopId": nil, "target": { "kind": "contribution", "id": nil }, "dots": 1 }),
        ),
        ("vote_ballot_set", json!({ "workshopId": nil, "participantId": nil, "dots": [] })),
        ("timer_view", json!({ "workshopId": workshop_id })),
        ("timer_act", json!({ "workshopId": nil, "action": { "kind": "pause" } })),
    ]
}

#[test]
fn the_main_window_runs_the_workshop_and_the_projector_window_cannot() {
    let app = TestApp::start();
    let main = app.main_window();
    let overview = invoke(&main, "diagnostic_current", json!({})).unwrap();
    let (workshop_id, diagnostic_id) = (overview["workshops"][0]["id"].clone(), overview["id"].clone());
    let projector = app.open_projector();
    for (command, args) in workshop_commands(&workshop_id, &diagnostic_id) {
        let refused = invoke(&projector, command, args.clone())
            .expect_err("the wall only shows: it captures, plans and registers nothing");
        assert!(
            refused.to_string().contains("not allowed"),
            "{command}: refused by the capability check: {refused}"
        );
        if let Err(error) = invoke(&main, command, args) {
            assert!(
                !error.to_string().contains("not allowed"),
                "capabilities/main.json grants {command} to the facilitator's window: {error}"
            );
        }
    }
}

#[test]
fn a_captured_line_comes_back_understood_and_can_be_corrected_deleted_and_restored() {
    let app = TestApp::start();
    let main = app.main_window();
    let workshop_id = first_demo_workshop_id(&main);

    invoke(&main, "capture_draft_save", json!({ "workshopId": workshop_id, "text": "b: Un lieu res" }))
        .unwrap();
    assert_eq!(
        invoke(&main, "capture_draft", json!({ "workshopId": workshop_id })).unwrap(),
        "b: Un lieu res",
        "the line being typed is kept for after a crash"
    );

    let outcome = invoke(
        &main,
        "contribution_capture",
        json!({ "workshopId": workshop_id, "line": "b: Un lieu ressource pour l'ESS #3 #9 @asso" }),
    )
    .expect("a capture line is saved");
    let contribution = &outcome["contribution"];
    assert_eq!(
        contribution["text"], "Un lieu ressource pour l'ESS #9",
        "an unreadable marker stays in the text"
    );
    assert!(contribution["category_id"].is_string(), "b: is the category Besoin: {outcome}");
    assert_eq!(contribution["stake_ids"].as_array().unwrap().len(), 1, "#3 is read: {outcome}");
    assert_eq!(contribution["attribution"], json!({ "kind": "structure", "structure_type": "association" }));
    assert_eq!(outcome["warnings"].as_array().unwrap().len(), 1, "#9 is explained: {outcome}");
    assert_eq!(
        invoke(&main, "capture_draft", json!({ "workshopId": workshop_id })).unwrap(),
        Value::Null,
        "a saved line is no longer a draft"
    );

    let id = contribution["id"].clone();
    let edited =
        invoke(&main, "contribution_edit", json!({ "id": id, "text": "  Un lieu ressource  " })).unwrap();
    assert_eq!(edited["text"], "Un lieu ressource", "the stored text comes back, trimmed");
    let empty =
        invoke(&main, "contribution_edit", json!({ "id": id, "text": " " })).expect_err("no empty text");
    assert_eq!(empty["code"], "invalid_input", "{empty}");

    invoke(&main, "contribution_set_deleted", json!({ "id": id, "deleted": true })).unwrap();
    let deleted = invoke(&main, "contributions_deleted", json!({ "workshopId": workshop_id })).unwrap();
    assert_eq!(deleted[0]["id"], id, "a deleted contribution can be found to restore: {deleted}");
    let detail = invoke(&main, "workshop_detail", json!({ "id": workshop_id })).unwrap();
    assert!(
        detail["contributions"].as_array().unwrap().iter().all(|c| c["id"] != id),
        "and is gone from the list"
    );

    invoke(&main, "contribution_set_deleted", json!({ "id": id, "deleted": false })).unwrap();
    let detail = invoke(&main, "workshop_detail", json!({ "id": workshop_id })).unwrap();
    assert!(detail["contributions"].as_array().unwrap().iter().any(|c| c["id"] == id), "restored: {detail}");
}

#[test]
fn the_current_phase_is_recorded_with_each_capture_and_shown_in_the_room() {
    let app = TestApp::start();
    let main = app.main_window();
    let workshop_id = first_demo_workshop_id(&main);
    let detail = invoke(&main, "workshop_detail", json!({ "id": workshop_id })).unwrap();
    let phase = &detail["phases"][1];
    invoke(&main, "phase_set_current", json!({ "workshopId": workshop_id, "phaseId": phase["id"] })).unwrap();
    let outcome =
        invoke(&main, "contribution_capture", json!({ "workshopId": workshop_id, "line": "Un constat" }))
            .unwrap();
    assert_eq!(outcome["contribution"]["phase_id"], phase["id"], "captured in the current phase");

    invoke(&main, "projector_open", json!({ "workshopId": workshop_id }))
        .expect("the facilitator opens the wall");
    let projector =
        app.app.get_webview_window("projector").expect("projector_open creates the projector window");
    let room = invoke(&projector, "room_view", json!({ "workshopId": workshop_id })).unwrap();
    assert_eq!(room["phase_title"], phase["title"], "the wall shows the current phase: {room}");
    assert!(
        room["contributions"].as_array().unwrap().iter().any(|c| c["text"] == "Un constat"),
        "and what was just captured: {room}"
    );
    invoke(&main, "projector_open", json!({ "workshopId": workshop_id }))
        .expect("opening it again brings the same window forward instead of failing");
}

#[test]
fn a_workshop_is_planned_edited_duplicated_and_people_are_registered() {
    let app = TestApp::start();
    let main = app.main_window();
    let overview = invoke(&main, "diagnostic_current", json!({})).unwrap();
    let mut agenda = invoke(&main, "agenda_default", json!({})).unwrap();
    assert_eq!(agenda.as_array().unwrap().len(), 7, "the usual agenda has seven phases: {agenda}");
    agenda[1]["duration_min"] = json!(15);
    let plan = json!({
        "kind": "territorial", "territory_id": overview["territories"][0]["id"], "theme_id": null,
        "title": "Atelier Nord, seconde séance",
        "starts_at": "2026-11-24T17:00:00Z", "ends_at": "2026-11-24T19:30:00Z",
        "place": "Salle des fêtes", "facilitators": ["Camille", "Malik"], "token_budget": 3
    });
    let id = invoke(
        &main,
        "workshop_create",
        json!({ "diagnosticId": overview["id"], "plan": plan, "agenda": agenda }),
    )
    .expect("a complete plan is saved");
    let saved = invoke(&main, "workshop_plan", json!({ "id": id })).unwrap();
    assert_eq!(saved["plan"]["title"], "Atelier Nord, seconde séance");
    assert_eq!(saved["agenda"][1]["duration_min"], 15, "the shortened tour de table: {saved}");

    let mut reordered = saved["agenda"].as_array().unwrap().clone();
    reordered.swap(0, 1);
    let mut edited = saved["plan"].clone();
    edited["place"] = json!("Médiathèque");
    invoke(&main, "workshop_update", json!({ "id": id, "plan": edited, "agenda": reordered })).unwrap();
    let saved = invoke(&main, "workshop_plan", json!({ "id": id })).unwrap();
    assert_eq!(saved["plan"]["place"], "Médiathèque");
    assert_eq!(saved["agenda"][0]["duration_min"], 15, "the order given is kept: {saved}");

    let mut incomplete = plan.clone();
    incomplete["territory_id"] = Value::Null;
    let refused = invoke(
        &main,
        "workshop_create",
        json!({ "diagnosticId": overview["id"], "plan": incomplete, "agenda": [] }),
    )
    .expect_err("a territorial workshop needs its territory");
    assert_eq!(refused["code"], "invalid_input", "{refused}");

    let copy = invoke(
        &main,
        "workshop_duplicate",
        json!({ "sourceId": id, "title": "Troisième séance", "startsAt": null, "endsAt": null }),
    )
    .unwrap();
    assert_eq!(
        invoke(&main, "workshop_plan", json!({ "id": copy })).unwrap()["agenda"].as_array().unwrap().len(),
        7
    );

    let person = invoke(
        &main,
        "attendee_add",
        json!({ "workshopId": id, "attendee": {
            "name": "Yasmine Haddad", "organisation": "Jardins du Nord", "structure_type": "association",
            "role": "acteur_ess", "email": null, "consent_named": false } }),
    )
    .unwrap();
    assert_eq!(person["name"], "Yasmine Haddad");
    assert_eq!(person["consent_named"], false);
    invoke(&main, "attendee_remove", json!({ "workshopId": id, "participantId": person["id"] })).unwrap();
    let detail = invoke(&main, "workshop_detail", json!({ "id": id })).unwrap();
    assert_eq!(detail["participants"], json!([]), "removed from this workshop's attendance");
}

#[test]
fn the_main_window_searches_without_accents_and_the_projector_cannot() {
    let app = TestApp::start();
    let main = app.main_window();
    let overview = invoke(&main, "diagnostic_current", json!({})).unwrap();
    let hits =
        invoke(&main, "contribution_search", json!({ "diagnosticId": overview["id"], "text": "epicerie" }))
            .expect("the facilitator's window may search");
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "« epicerie » finds the demo's « épicerie solidaire »: {hits:?}");
    assert!(hits[0]["text"].as_str().unwrap().contains("épicerie"));
    let projector = app.open_projector();
    let refused =
        invoke(&projector, "contribution_search", json!({ "diagnosticId": overview["id"], "text": "x" }));
    assert!(refused.is_err(), "the wall has no business searching names and texts");
}

#[test]
fn the_wall_shows_the_timer_and_the_ranking_the_facilitator_drives() {
    let app = TestApp::start();
    let main = app.main_window();
    let workshop_id = first_demo_workshop_id(&main);
    let detail = invoke(&main, "workshop_detail", json!({ "id": workshop_id })).unwrap();
    let phase_id = detail["phases"][2]["id"].clone();
    let contribution_id = detail["contributions"][0]["id"].clone();
    let timer = invoke(
        &main,
        "timer_act",
        json!({ "workshopId": workshop_id, "action": { "kind": "start", "phase_id": phase_id } }),
    )
    .unwrap();
    assert_eq!(timer["running"], true, "the timer runs once started: {timer}");
    let sheet = invoke(
        &main,
        "vote_tally_set",
        json!({ "workshopId": workshop_id, "target": { "kind": "contribution", "id": contribution_id }, "dots": 4 }),
    )
    .unwrap();
    assert_eq!(sheet["results"]["counted"], 4, "the sheet comes back with the new count: {sheet}");
    let room = invoke(&app.open_projector(), "room_view", json!({ "workshopId": workshop_id })).unwrap();
    assert_eq!(room["timer"]["phase_id"], phase_id, "the wall shows the running countdown: {room}");
    assert_eq!(room["ranking"][0]["dots"], 4, "and the ranking: {room}");
}

#[test]
fn the_main_window_reads_the_synthesis_and_exports_the_report_the_projector_cannot() {
    let app = TestApp::start();
    let main = app.main_window();
    let diagnostic_id = invoke(&main, "diagnostic_current", json!({})).unwrap()["id"].clone();
    let everything = json!({ "territory_id": null, "theme_id": null, "stake_id": null,
                             "workshop_id": null, "from": null, "to": null });
    let synthesis =
        invoke(&main, "synthesis_view", json!({ "diagnosticId": diagnostic_id, "filter": everything }))
            .unwrap();
    assert!(
        synthesis["participation"]["contributions"].as_u64().is_some_and(|n| n > 0),
        "the demo's contributions are counted: {}",
        synthesis["participation"]
    );

    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("rapport.html");
    let export = |replace: bool| {
        invoke(
            &main,
            "diagnostic_export",
            json!({ "diagnosticId": diagnostic_id, "format": "html", "anonymous": true,
                    "destination": destination, "replace": replace }),
        )
    };
    assert_eq!(
        export(false).unwrap(),
        json!(destination.display().to_string()),
        "the path written comes back"
    );
    let report = std::fs::read_to_string(&destination).unwrap();
    assert!(report.to_lowercase().starts_with("<!doctype html>"), "an HTML report: {}", &report[..40]);
    let refused = export(false).expect_err("the file is there now");
    assert_eq!(refused["code"], "already_exists", "the UI asks before replacing: {refused}");
    export(true).expect("replacing is allowed once the user confirmed it");

    let relative = invoke(
        &main,
        "diagnostic_export",
        json!({ "diagnosticId": diagnostic_id, "format": "csv", "anonymous": true,
                "destination": "rapport.csv", "replace": false }),
    )
    .expect_err("a relative path means nothing to the user");
    assert_eq!(relative["code"], "invalid_input", "{relative}");

    let projector = app.open_projector();
    for (command, args) in [
        ("synthesis_view", json!({ "diagnosticId": diagnostic_id, "filter": everything })),
        (
            "diagnostic_export",
            json!({ "diagnosticId": diagnostic_id, "format": "md", "anonymous": true,
                    "destination": folder.path().join("mur.md"), "replace": false }),
        ),
    ] {
        let refused = invoke(&projector, command, args).expect_err("the wall only reads the room view");
        assert!(refused.to_string().contains("not allowed"), "{command}: {refused}");
    }
    assert!(!folder.path().join("mur.md").exists(), "nothing leaves through the projector window");
}

#[test]
fn the_main_window_keeps_the_inventory_merges_duplicates_and_exports_it_the_projector_cannot() {
    let app = TestApp::start();
    let main = app.main_window();
    let diagnostic_id = invoke(&main, "diagnostic_current", json!({})).unwrap()["id"].clone();
    let fields = |name: &str| {
        json!({ "name": name, "legal_form": "association", "sector": "Alimentation", "commune": "Blagnac",
                "territory_id": null, "jobs": null, "contact": null, "description": "" })
    };
    let first = invoke(
        &main,
        "initiative_create",
        json!({ "diagnosticId": diagnostic_id, "fields": fields("Épicerie solidaire"), "from": null }),
    )
    .unwrap();
    let second = invoke(
        &main,
        "initiative_create",
        json!({ "diagnosticId": diagnostic_id, "fields": fields("epicerie SOLIDAIRE"), "from": null }),
    )
    .unwrap();
    let empty = invoke(
        &main,
        "initiative_create",
        json!({ "diagnosticId": diagnostic_id, "fields": fields("  "), "from": null }),
    )
    .expect_err("a nameless initiative is refused");
    assert_eq!(empty["code"], "invalid_input", "{empty}");

    let duplicates =
        invoke(&main, "initiative_duplicates", json!({ "diagnosticId": diagnostic_id })).unwrap();
    assert_eq!(duplicates.as_array().map(Vec::len), Some(1), "the two records are proposed: {duplicates}");
    invoke(&main, "initiative_merge", json!({ "keep": first, "other": second })).unwrap();
    let list = invoke(&main, "initiative_list", json!({ "diagnosticId": diagnostic_id })).unwrap();
    let ids: Vec<&Value> = list.as_array().unwrap().iter().map(|i| &i["id"]).collect();
    assert_eq!(ids, [&first], "the merged record left the inventory: {list}");

    let unlinked = invoke(
        &main,
        "initiative_source_remove",
        json!({ "initiativeId": first, "contributionId": "00000000-0000-7000-8000-000000000000" }),
    )
    .expect_err("that contribution was never a source");
    assert_eq!(unlinked["code"], "invalid_input", "granted, and refused with a reason: {unlinked}");

    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("inventaire.csv");
    let export = |replace: bool| {
        invoke(
            &main,
            "inventory_export",
            json!({ "diagnosticId": diagnostic_id, "anonymous": true, "destination": destination,
                    "replace": replace }),
        )
    };
    assert_eq!(export(false).unwrap(), json!(destination.display().to_string()));
    let bytes = std::fs::read(&destination).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV for French spreadsheets starts with a BOM");
    let refused = export(false).expect_err("the file is there now");
    assert_eq!(refused["code"], "already_exists", "the UI asks before replacing: {refused}");

    let projector = app.open_projector();
    for (command, args) in [
        ("initiative_list", json!({ "diagnosticId": diagnostic_id })),
        (
            "initiative_create",
            json!({ "diagnosticId": diagnostic_id, "fields": fields("Mur"), "from": null }),
        ),
        ("initiative_csv_preview", json!({ "path": destination })),
        (
            "inventory_export",
            json!({ "diagnosticId": diagnostic_id, "anonymous": true,
                    "destination": folder.path().join("mur.csv"), "replace": false }),
        ),
    ] {
        let refused = invoke(&projector, command, args).expect_err("the wall only reads the room view");
        assert!(refused.to_string().contains("not allowed"), "{command}: {refused}");
    }
    assert!(!folder.path().join("mur.csv").exists(), "nothing leaves through the projector window");
}

#[test]
fn recommendations_are_written_from_the_main_window_only_and_keep_their_sources() {
    let app = TestApp::start();
    let main = app.main_window();
    let overview = invoke(&main, "diagnostic_current", json!({})).unwrap();
    let (workshop_id, diagnostic_id) = (overview["workshops"][0]["id"].clone(), overview["id"].clone());
    let stake = overview["stakes"][2]["id"].clone();
    let captured = invoke(
        &main,
        "contribution_capture",
        json!({ "workshopId": workshop_id, "line": "p: Un guichet unique pour l'ESS. Ouvert à tous. #1" }),
    )
    .unwrap();
    let contribution = captured["contribution"]["id"].clone();
    let projector = app.open_projector();
    let refused = invoke(&projector, "contribution_promote", json!({ "contributionId": contribution }))
        .expect_err("the wall writes nothing");
    assert!(refused.to_string().contains("not allowed"), "refused by the capability check: {refused}");

    let id = invoke(&main, "contribution_promote", json!({ "contributionId": contribution })).unwrap();
    invoke(&main, "recommendation_set_status", json!({ "id": id, "status": "retenue" })).unwrap();
    invoke(
        &main,
        "recommendation_update",
        json!({ "id": id, "text": { "title": "Un guichet unique", "body": "", "audience": "élus" } }),
    )
    .unwrap();
    invoke(&main, "recommendation_set_stakes", json!({ "id": id, "stakeIds": [stake] })).unwrap();
    let other = invoke(
        &main,
        "recommendation_create",
        json!({ "diagnosticId": diagnostic_id, "recommendation": {
            "title": "Former les élus", "body": "", "audience": "", "status": "proposee",
            "stake_ids": [], "source_ids": [] } }),
    )
    .unwrap();
    invoke(&main, "recommendation_move", json!({ "id": other, "index": 0 })).unwrap();

    let list = invoke(&main, "recommendations_list", json!({ "diagnosticId": diagnostic_id })).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list[0]["id"], other, "moved first: {list:?}");
    let promoted = &list[1];
    assert_eq!(
        (&promoted["title"], &promoted["audience"], &promoted["status"]),
        (&json!("Un guichet unique"), &json!("élus"), &json!("retenue"))
    );
    assert_eq!(promoted["stake_ids"], json!([stake]), "the stakes are exactly the ones set");
    assert_eq!(promoted["sources"][0]["contribution_id"], contribution, "the contribution is its source");
    assert_eq!(promoted["from_workshops"], json!([overview["workshops"][0]["title"]]));

    let elsewhere = invoke(
        &main,
        "contribution_capture",
        json!({ "workshopId": overview["workshops"][1]["id"], "line": "p: Un lieu ressource pour les porteurs de projet" }),
    )
    .unwrap()["contribution"]["id"]
        .clone();
    let link = json!({ "id": id, "contributionId": elsewhere });
    let refused =
        invoke(&projector, "recommendation_add_source", link.clone()).expect_err("the wall links nothing");
    assert!(refused.to_string().contains("not allowed"), "refused by the capability check: {refused}");
    invoke(&main, "recommendation_add_source", link).unwrap();
    let list = invoke(&main, "recommendations_list", json!({ "diagnosticId": diagnostic_id })).unwrap();
    let linked = &list[1];
    assert_eq!(linked["id"], id, "{list}");
    assert_eq!(linked["sources"].as_array().map(Vec::len), Some(2), "a second source was linked: {linked}");
    assert_eq!(
        linked["from_workshops"].as_array().map(Vec::len),
        Some(2),
        "issue des ateliers names both workshops: {linked}"
    );

    invoke(&main, "recommendation_remove_source", json!({ "id": id, "contributionId": contribution }))
        .unwrap();
    invoke(&main, "recommendation_delete", json!({ "id": other })).unwrap();
    let list = invoke(&main, "recommendations_list", json!({ "diagnosticId": diagnostic_id })).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "the deleted one is gone: {list}");
    let sources = list[0]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "the promoted contribution was taken out: {list}");
    assert_eq!(sources[0]["contribution_id"], elsewhere, "the linked one stays");
    let missing = invoke(&main, "recommendation_delete", json!({ "id": other })).unwrap_err();
    assert_eq!(missing["code"], "not_found", "{missing}");
}

#[test]
fn a_board_of_another_tool_is_previewed_and_imported_into_a_workshop() {
    let app = TestApp::start();
    let main = app.main_window();
    let workshop_id = first_demo_workshop_id(&main);
    let folder = tempfile::tempdir().unwrap();
    let board = folder.path().join("parabol.csv");
    std::fs::write(&board, "Reflection,Prompt,Group,Votes\nDes locaux partagés,Besoin,Lieux,3\n,Constat,,\n")
        .unwrap();

    let preview = invoke(&main, "contributions_csv_preview", json!({ "path": board })).unwrap();
    assert_eq!(preview["row_count"], 2, "{preview}");
    assert_eq!(preview["guessed"]["text"], 0, "Parabol's « Reflection » is the text: {preview}");
    let report = invoke(
        &main,
        "contributions_csv_import",
        json!({ "workshopId": workshop_id, "path": board, "columns": preview["guessed"] }),
    )
    .unwrap();
    assert_eq!(
        (&report["added"], &report["clusters_created"], &report["dots"]),
        (&json!(1), &json!(1), &json!(3))
    );
    assert_eq!(report["problems"][0]["line"], 3, "the row without text is named by its line: {report}");
    let relative = invoke(&main, "contributions_csv_preview", json!({ "path": "parabol.csv" })).unwrap_err();
    assert_eq!(relative["code"], "invalid_input", "{relative}");

    let projector = app.open_projector();
    let refused = invoke(
        &projector,
        "contributions_csv_import",
        json!({ "workshopId": workshop_id, "path": board, "columns": preview["guessed"] }),
    )
    .expect_err("the wall imports nothing");
    assert!(refused.to_string().contains("not allowed"), "{refused}");
}
