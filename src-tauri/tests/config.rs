//! tauri.conf.json's security settings, checked where a careless edit would be caught before
//! any webview starts. (The end-to-end tests check that the webview enforces them.)

use serde_json::Value;

fn config() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json"))
        .expect("tauri.conf.json is readable");
    serde_json::from_str(&text).expect("tauri.conf.json is JSON")
}

#[test]
fn the_tauri_api_is_not_exposed_on_window() {
    assert_eq!(
        config()["app"]["withGlobalTauri"],
        false,
        "a global __TAURI__ would hand the IPC to any script that got into the page"
    );
}

#[test]
fn the_content_security_policy_allows_no_inline_code_and_no_remote_host() {
    let config = config();
    let csp = config["app"]["security"]["csp"].as_str().expect("a CSP is set as one string");
    for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_whitespace();
        let name = words.next().unwrap();
        for source in words {
            assert!(
                !["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:"].contains(&source)
                    || (name == "img-src" && source == "data:"),
                "`{directive}`: the app runs only its own bundled code, so {source} is not needed"
            );
            assert!(
                !source.starts_with("http") || source == "http://ipc.localhost",
                "`{directive}`: the app makes no network request, ever, so {source} has no place here"
            );
        }
    }
    for required in ["default-src 'self'", "script-src 'self'", "object-src 'none'"] {
        assert!(csp.contains(required), "the CSP must keep `{required}`: {csp}");
    }
}

fn capability(name: &str) -> Value {
    let path = format!("{}/capabilities/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

fn permissions(capability: &Value) -> Vec<&str> {
    capability["permissions"]
        .as_array()
        .expect("a capability lists its permissions")
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers, with no scope attached"))
        .collect()
}

#[test]
fn the_main_window_gets_the_file_pickers_and_no_other_plugin_permission() {
    let main = capability("main");
    let plugin_permissions: Vec<&str> =
        permissions(&main).into_iter().filter(|permission| permission.contains(':')).collect();
    assert_eq!(
        plugin_permissions,
        ["dialog:allow-open", "dialog:allow-save"],
        "the picked paths go to our own commands: no fs plugin, no scope, no `dialog:default` \
         (which would add message boxes), and no core permission the UI does not use"
    );
}

#[test]
fn the_projector_window_gets_the_room_view_only() {
    assert_eq!(
        permissions(&capability("projector")),
        ["allow-room-view"],
        "the wall shows what was said; it never reads files or the facilitator's views"
    );
}
