//! The real desktop app (debug build, embedded UI) driven over WebDriver, like a facilitator.
//!
//! The UI is reached only through the `data-testid` contract shared with the front end.

use recolte_e2e::{wait_for_demo, wait_for_texts, DesktopApp, Session, DEMO_TITLE, ENTER};
use serde_json::{json, Value};

/// The six stakes of the 2011 call for the diagnostic (the seed article), word for word.
const SEED_STAKES: [&str; 6] = [
    "Favoriser le développement et la pérennité de cette économie et de ses emplois",
    "Mieux répondre aux attentes et aux besoins des structures de l'ESS",
    "Mieux accompagner l'entrepreneuriat solidaire",
    "Inscrire pleinement l'ESS dans la dynamique du projet de pôle de complémentarité sur l'autonomie porté par le Grand Toulouse",
    "Favoriser les liens entre l'ESS et l'économie classique du Grand Toulouse (en particulier avec les pôles de compétitivité, les pépinières d'entreprises etc.)",
    "Diffuser les valeurs et les bonnes pratiques de l'ESS auprès des élus, des techniciens, des acteurs économiques du Grand Toulouse et plus largement des citoyens",
];

/// Calls a command from the page through Tauri's IPC, as the UI does, and reports whether
/// the promise resolved (`{"ok": value}`) or rejected (`{"error": text}`).
fn invoke_from_page(session: &Session, command: &str, args: Value) -> Value {
    let script = r#"
        const [command, args, done] = arguments;
        const describe = (e) => (typeof e === "string" ? e : JSON.stringify(e) ?? String(e));
        window.__TAURI_INTERNALS__
            .invoke(command, args)
            .then((value) => done({ ok: value }), (e) => done({ error: describe(e) }));
    "#;
    session
        .execute_async(script, json!([command, args]))
        .unwrap_or_else(|error| panic!("running invoke({command}) in the page: {error}"))
}

#[test]
fn the_demo_diagnostic_shows_its_six_stakes_and_workshops() {
    let app = DesktopApp::start("demo");
    let session = app.launch();

    session
        .wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE)
        .expect("a fresh data folder gets the embedded demo, and the app opens on it");

    let stakes = wait_for_texts(&session, "[data-testid=stake]", SEED_STAKES.len());
    for stake in SEED_STAKES {
        assert!(
            stakes.iter().any(|shown| shown.contains(stake)),
            "the demo carries the seed's stakes word for word, so {stake:?} must be shown; shown: {stakes:#?}"
        );
    }

    let workshops = wait_for_texts(&session, "[data-testid=workshop]", 2);
    for expected in ["Secteur Nord", "Entrepreneuriat solidaire"] {
        assert!(
            workshops.iter().any(|row| row.contains(expected)),
            "the demo has a territorial workshop in the Secteur Nord and a thematic one on \
             solidarity entrepreneurship, so {expected:?} must appear; rows: {workshops:#?}"
        );
    }
    app.screenshot(&session, "home");

    session
        .wait_for("[data-testid=search-input]")
        .and_then(|input| input.send_keys("epicerie solidaire"))
        .expect("the home screen has a search field");
    let hit = session
        .wait_for_text("[data-testid=search-hit]", "épicerie solidaire")
        .expect("typing without accents finds the demo's « épicerie solidaire » through the real index");
    assert!(hit.contains("Secteur Nord"), "a hit names the workshop it comes from: {hit}");
    app.screenshot(&session, "search");

    let row = session.wait_for("[data-testid=workshop]").expect("workshop rows are shown");
    let open = row
        .find_all("[data-testid=workshop-open]")
        .expect("looking inside the first workshop row")
        .into_iter()
        .next()
        .expect("each workshop row has a control that opens it");
    open.click().expect("the open control can be clicked");

    let title = session
        .wait_for("[data-testid=workshop-title]")
        .and_then(|title| title.text())
        .expect("opening a workshop shows its screen");
    assert!(!title.trim().is_empty(), "the workshop screen names the workshop");
    let contributions = wait_for_texts(&session, "[data-testid=contribution]", 1);
    assert!(
        contributions.iter().any(|text| !text.trim().is_empty()),
        "every demo workshop has captured contributions, and they are shown as text: {contributions:#?}"
    );
    app.screenshot(&session, "workshop");

    session.wait_for("[data-testid=back-home]").and_then(|back| back.click()).expect("a way back home");
    session
        .wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE)
        .expect("going back shows the diagnostic the user was on");
}

#[test]
fn a_new_empty_diagnostic_can_be_started_and_the_demo_stays() {
    const NEW_TITLE: &str = "Diagnostic de test du secteur Ouest";
    let app = DesktopApp::start("new-diagnostic");
    let session = app.launch();
    wait_for_demo(&session);

    session
        .wait_for("[data-testid=diagnostic-new]")
        .and_then(|new| new.click())
        .expect("a control to start a diagnostic");
    let title_input =
        session.wait_for("[data-testid=diagnostic-new-title]").expect("a field for the new title");
    title_input.send_keys(NEW_TITLE).expect("the title can be typed");
    title_input.send_keys(ENTER).expect("Enter submits, for keyboard users");

    session
        .wait_for_text("[data-testid=diagnostic-title]", NEW_TITLE)
        .expect("the new diagnostic becomes the one shown");
    let stakes = session.find_all("[data-testid=stake]").expect("looking for stakes");
    assert!(stakes.is_empty(), "a new diagnostic starts empty: it has no stakes until someone adds them");
    app.screenshot(&session, "created");

    let switch = session.wait_for("[data-testid=diagnostic-switch]").expect("a diagnostic switcher");
    let demo_option = session
        .wait_until("the demo among the switcher's options", || {
            for option in switch.find_all("option")? {
                if option.text()?.contains(DEMO_TITLE) {
                    return Ok(Some(option));
                }
            }
            Ok(None)
        })
        .expect("creating a diagnostic must not replace the demo: it stays in the list");
    demo_option.click().expect("the demo option can be chosen");
    session
        .wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE)
        .expect("choosing the demo in the switcher opens it again");
}

#[test]
fn the_main_window_cannot_call_a_command_it_was_not_granted() {
    let app = DesktopApp::start("capabilities");
    let session = app.launch();
    wait_for_demo(&session);

    let global = session.execute("return typeof window.__TAURI__;", json!([])).expect("a script can run");
    assert_eq!(
        global, "undefined",
        "withGlobalTauri is off, so injected or merged text cannot find Tauri's API on window"
    );

    let listed = invoke_from_page(&session, "diagnostic_list", json!({}));
    let diagnostics = listed["ok"].as_array().unwrap_or_else(|| {
        panic!("capabilities/main.json grants diagnostic_list, so the call must resolve: {listed}")
    });
    assert!(
        diagnostics.iter().any(|d| d["title"].as_str().is_some_and(|t| t.contains(DEMO_TITLE))),
        "the list the main window reads includes the demo: {listed}"
    );

    let current = invoke_from_page(&session, "diagnostic_current", json!({}));
    let workshop_id = current["ok"]["workshops"][0]["id"].clone();
    assert!(workshop_id.is_string(), "the demo has workshops, so a real id is at hand: {current}");

    let refused = invoke_from_page(&session, "room_view", json!({ "workshopId": workshop_id }));
    let error = refused["error"].as_str().unwrap_or_else(|| {
        panic!("room_view is granted only to the projector window, so it must reject: {refused}")
    });
    assert!(
        error.contains("not allowed"),
        "the refusal must come from Tauri's capability check (not from a missing workshop): {error}"
    );
}

#[test]
fn the_diagnostic_survives_a_restart() {
    const NEW_TITLE: &str = "Diagnostic qui doit survivre au redémarrage";
    let app = DesktopApp::start("restart");

    let session = app.launch();
    wait_for_demo(&session);
    session
        .wait_for("[data-testid=diagnostic-new]")
        .and_then(|new| new.click())
        .expect("a control to start a diagnostic");
    session
        .wait_for("[data-testid=diagnostic-new-title]")
        .and_then(|input| input.send_keys(NEW_TITLE))
        .expect("the title can be typed");
    session
        .wait_for("[data-testid=diagnostic-new-submit]")
        .and_then(|submit| submit.click())
        .expect("the form can be submitted with its button");
    session.wait_for_text("[data-testid=diagnostic-title]", NEW_TITLE).expect("the new diagnostic is shown");
    session.end().expect("ending the session closes the app");

    assert!(
        app.data_dir().join("recolte.sqlite3").is_file(),
        "the working database lives in RECOLTE_DATA_DIR, which the test gave the app"
    );

    let session = app.launch();
    session
        .wait_for_text("[data-testid=diagnostic-title]", NEW_TITLE)
        .expect("a confirmed creation is on disk, and the app reopens on the diagnostic last worked on");
}

#[test]
fn script_injected_into_the_page_does_not_run() {
    let app = DesktopApp::start("content-security-policy");
    let session = app.launch();
    wait_for_demo(&session);

    // What a malicious contribution text would try if it ever reached the DOM as markup:
    // the script-src of tauri.conf.json (no 'unsafe-inline', no 'unsafe-eval') must stop it.
    let outcome = session
        .execute(
            r#"
            const injected = document.createElement("script");
            injected.textContent = "window.__injectedRan = true";
            document.head.appendChild(injected);
            let evaluated;
            try { evaluated = eval("'evaluated'"); } catch (refused) { evaluated = "refused"; }
            return { inline: window.__injectedRan === true, evaluated };
            "#,
            json!([]),
        )
        .expect("a script can run through WebDriver");
    assert_eq!(outcome["inline"], false, "an inline <script> must be refused by the CSP: {outcome}");
    assert_eq!(outcome["evaluated"], "refused", "eval must be refused by the CSP: {outcome}");
}
