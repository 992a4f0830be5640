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
    _data_dir: TempDir,
}

impl TestApp {
    fn start() -> Self {
        let data_dir = tempfile::tempdir().expect("a temporary data folder");
        let mut app = recolte_desktop::build_app(mock_builder(), Some(data_dir.path().to_path_buf()))
            .expect("the app builds on the mock runtime");
        // Setup (store, main window) runs when the event loop starts; one iteration of the
        // mock runtime's loop starts it and returns, where `run` would block.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        TestApp { app, _data_dir: data_dir }
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
