//! The board of a live workshop in the real app: capture a few lines, switch to the board
//! with the keyboard, create a cluster and group two contributions into it with the keyboard
//! alone, mark a duplicate, and find it all again after reopening the workshop.
//!
//! Drag and drop is covered by the component tests (Board.test.ts), not here: the harness
//! sends no pointer actions, and WebDriver pointer actions are not known to start an HTML5
//! drag in WebKitWebDriver.

use recolte_e2e::{
    capture, click, filter_board_and_enter, focused_testid, focused_text, open_first_demo_workshop, press,
    screenshots_laptop_and_projector, switch_to_board, texts, wait_for_count, DesktopApp, Session, ALT,
    ARROW_DOWN, ARROW_UP, ENTER, ESCAPE,
};

const GROUPED: [&str; 2] =
    ["Une recyclerie pour le réemploi des meubles", "Une recyclerie dans chaque quartier"];
const ORIGINAL: &str = "Les meubles partent à la déchetterie";
const DUPLICATE: &str = "Trop de meubles jetés à la déchetterie";
const CLUSTER: &str = "Réemploi et recycleries";

/// Screenshots at a laptop's and a projector's size, with `css` scrolled into view.
fn screenshots(app: &DesktopApp, session: &Session, step: &str, css: &str) {
    screenshots_laptop_and_projector(app, session, step, Some(css));
    session.set_window_size(1280, 800).expect("the window can be resized");
}

#[test]
fn contributions_are_grouped_and_marked_duplicate_with_the_keyboard_and_stay_so() {
    let app = DesktopApp::start("board");
    let session = app.launch();
    open_first_demo_workshop(&session);
    let lines = [
        format!("b: {}", GROUPED[0]),
        format!("b: {}", GROUPED[1]),
        format!("c: {ORIGINAL}"),
        format!("c: {DUPLICATE} @asso"),
    ];
    for (index, line) in lines.iter().enumerate() {
        capture(&session, line, index + 1);
    }

    switch_to_board(&session);
    let columns = texts(&session, "[data-testid=board-column] h3");
    assert!(
        columns.iter().any(|c| c.starts_with("Besoin")) && columns.iter().any(|c| c.starts_with("Constat")),
        "columns by category: {columns:?}"
    );

    // N names a new cluster; Enter creates it.
    press(&session, &["n"]);
    assert_eq!(focused_testid(&session), "cluster-new-name", "N opens the new cluster's name");
    session
        .wait_for("[data-testid=cluster-new-name]")
        .and_then(|name| name.send_keys(&format!("{CLUSTER}{ENTER}")))
        .expect("the name can be typed");
    session.wait_for_text("[data-testid=cluster-name]", CLUSTER).expect("the cluster is on the board");

    // Two contributions into it: G, the cluster's number, Enter; the next card gets the keyboard.
    filter_board_and_enter(&session, "recyclerie", "recyclerie", 2);
    assert!(focused_text(&session).contains(GROUPED[0]), "the first captured comes first");
    for (index, text) in GROUPED.iter().enumerate() {
        assert!(focused_text(&session).contains(text), "the keyboard is on {text:?}");
        press(&session, &["g"]);
        session.wait_for("[data-testid=group-chooser]").expect("G opens the chooser");
        if index == 0 {
            app.screenshot(&session, "chooser");
        }
        press(&session, &["1"]);
        press(&session, &[ENTER]);
        wait_for_count(&session, "[data-testid=cluster] [data-testid=board-card]", index + 1);
    }
    app.screenshot(&session, "grouped");

    // A duplicate: D on it, ↑ to the original, Enter. The filter ignores accents.
    filter_board_and_enter(&session, "dechetterie", "déchetterie", 2);
    press(&session, &[ARROW_DOWN]);
    assert!(focused_text(&session).contains(DUPLICATE), "↓ goes to the next card");
    press(&session, &["d"]);
    session.wait_for("[data-testid=duplicate-picking]").expect("D asks for the original");
    press(&session, &[ARROW_UP]);
    press(&session, &[ENTER]);
    session
        .wait_for("[data-testid=board-card][data-duplicate-of]")
        .expect("the duplicate is stacked under its original");

    // / then Escape empties the filter: every card is back.
    press(&session, &["/"]);
    press(&session, &[ESCAPE]);
    session
        .wait_until("the filter to be empty", || {
            Ok(session
                .wait_for("[data-testid=board-filter]")?
                .property("value")?
                .as_str()
                .is_some_and(str::is_empty)
                .then_some(()))
        })
        .unwrap();
    screenshots(&app, &session, "board-top", "[data-testid=view-board]");
    screenshots(&app, &session, "board-duplicate", "[data-testid=board-card][data-duplicate-of]");

    // Reopen the workshop: the cluster, its members and the duplicate come back from disk.
    click(&session, "[data-testid=back-home]");
    open_first_demo_workshop(&session);
    session.wait_for("[data-testid=capture-input]").and_then(|bar| bar.click()).unwrap();
    switch_to_board(&session);
    session.wait_for_text("[data-testid=cluster-name]", CLUSTER).expect("the cluster was saved");
    let members = texts(&session, "[data-testid=cluster] [data-testid=board-card-text]");
    assert_eq!(members, GROUPED, "both grouped contributions, in the order they were added");
    let duplicate = session.wait_for("[data-testid=board-card][data-duplicate-of]").unwrap();
    duplicate.scroll_into_view().unwrap();
    let duplicate_text = duplicate.text().unwrap();
    assert!(duplicate_text.contains(DUPLICATE), "the duplicate keeps its own text: {duplicate_text}");
    assert!(duplicate_text.contains("Association"), "and its own attribution: {duplicate_text}");
    let original_id = duplicate.attribute("data-duplicate-of").unwrap().expect("it names its original");
    let original = session.wait_for(&format!("[data-card-id='{original_id}']")).unwrap();
    assert!(original.text().unwrap().contains(ORIGINAL), "stacked under the one it repeats");

    // Back to the capture view, exactly as it was.
    press(&session, &[ALT, "1"]);
    assert_eq!(focused_testid(&session), "capture-input", "Alt+1 returns to the capture bar");
    app.screenshot(&session, "capture-again");
    session.end().expect("the session closes");
}
