//! Prioritising in the real app: the phase timer started from the keyboard, a dot vote
//! counted on the wall whose total does not match (and the warning), the count corrected,
//! the ranking; then the projector window shows the countdown and the ranking.

use recolte_e2e::{DesktopApp, Element, Session, WebDriverError, ENTER};

const DEMO_TITLE: &str = "Diagnostic collaboratif sur l'économie sociale et solidaire";
const TAB: &str = "\u{E004}";
const ALT: &str = "\u{E00A}";
const RELEASE: &str = "\u{E000}";

fn click(session: &Session, css: &str) {
    session
        .wait_until(&format!("`{css}` to be clickable"), || {
            let element = session.wait_for(css)?;
            click_element(&element)
        })
        .unwrap_or_else(|e| panic!("clicking `{css}`: {e}"));
}

fn click_element(element: &Element<'_>) -> Result<Option<()>, WebDriverError> {
    element.scroll_into_view()?;
    match element.click() {
        Ok(()) => Ok(Some(())),
        Err(WebDriverError::Remote { error, .. }) if error == "element not interactable" => Ok(None),
        Err(other) => Err(other),
    }
}

/// Picks the option of the select `css` whose text contains `label`.
fn choose(session: &Session, css: &str, label: &str) {
    session
        .wait_until(&format!("option {label:?} of `{css}`"), || {
            for option in session.find_all(&format!("{css} option"))? {
                if option.text()?.contains(label) {
                    return click_element(&option);
                }
            }
            Ok(None)
        })
        .unwrap_or_else(|e| panic!("choosing {label:?} in `{css}`: {e}"));
}

fn texts(session: &Session, css: &str) -> Vec<String> {
    session
        .find_all(css)
        .and_then(|elements| elements.iter().map(|element| element.text()).collect())
        .unwrap_or_else(|e| panic!("reading `{css}`: {e}"))
}

fn attribute(session: &Session, css: &str, name: &str) -> Option<String> {
    session.wait_for(css).and_then(|element| element.attribute(name)).unwrap_or_else(|e| panic!("`{css}`: {e}"))
}

fn capture(session: &Session, line: &str, count: usize) {
    let bar = session.wait_for("[data-testid=capture-input]").expect("the capture bar is there");
    bar.send_keys(&format!("{line}{ENTER}")).expect("the line can be typed");
    session
        .wait_until(&format!("line {count} to be confirmed"), || {
            let state = session.wait_for("[data-testid=save-state]")?;
            let saved = state.attribute("data-saved-count")?;
            Ok((saved.as_deref() == Some(count.to_string().as_str()) && state.text()?.contains("Enregistré"))
                .then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Types `dots` over the count of the `index`-th item and presses Enter (which saves it and
/// moves down the list).
fn enter_count(session: &Session, index: usize, dots: u32) {
    let inputs = session.wait_for_all("[data-testid=vote-count]", index + 1).expect("the items' counts");
    let input = &inputs[index];
    input
        .scroll_into_view()
        .and_then(|()| input.type_over(&format!("{dots}{ENTER}")))
        .unwrap_or_else(|e| panic!("typing the count of item {index}: {e}"));
}

#[test]
fn a_wall_count_is_checked_corrected_ranked_and_projected_with_the_timer() {
    let app = DesktopApp::start("voting-timer");
    let session = app.launch();
    session.wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE).expect("the app opens on the demo");
    click(&session, "[data-testid=workshop-open]");
    session.wait_for("[data-testid=capture-input]").expect("the workshop screen has its capture bar");

    // Two arrivals, who did not agree to be named.
    let before: usize = session.wait_for("[data-testid=participant-count]").unwrap().text().unwrap().parse().unwrap();
    for (index, (name, organisation)) in
        [("Yasmine Haddad", "Coop'Vélo"), ("Bertrand Lacaze", "Mairie de Launaguet")].iter().enumerate()
    {
        let field = session.wait_for("[data-testid=attendee-name]").expect("the attendance row");
        field.scroll_into_view().unwrap();
        field.send_keys(&format!("{name}{TAB}{organisation}{ENTER}")).expect("typing an arrival");
        session
            .wait_for_text("[data-testid=participant-count]", &(before + index + 1).to_string())
            .expect("the arrival is listed");
    }
    let participants = before + 2;

    // A few lines, then the timer started with Alt+T from the capture bar.
    session.wait_for("[data-testid=capture-input]").and_then(|bar| bar.click()).unwrap();
    let lines = ["b: Des locaux partagés à loyer modéré", "p: Un guichet unique ESS", "i: Un café de l'ESS mensuel"];
    for (index, line) in lines.iter().enumerate() {
        capture(&session, line, index + 1);
    }
    assert_eq!(attribute(&session, "[data-testid=timer]", "data-running").as_deref(), Some("false"));
    session
        .wait_for("[data-testid=capture-input]")
        .and_then(|bar| bar.send_keys(&format!("{ALT}t{RELEASE}")))
        .expect("Alt+T in the capture bar");
    session
        .wait_until("the timer to run", || {
            Ok((session.wait_for("[data-testid=timer]")?.attribute("data-running")?.as_deref() == Some("true"))
                .then_some(()))
        })
        .expect("Alt+T starts the current phase's timer");
    let typed = session.wait_for("[data-testid=capture-input]").unwrap().property("value").unwrap();
    assert_eq!(typed.as_str(), Some(""), "the shortcut types nothing into the capture bar");
    let remaining = session.wait_for("[data-testid=timer-remaining]").unwrap().text().unwrap();
    assert!(remaining.contains(':') && !remaining.starts_with('+'), "a countdown in m:ss: {remaining}");

    // Prioritisation: the budget, then a wall count one sticker short.
    click(&session, "[data-testid=view-voting]");
    session.wait_for("[data-testid=voting-panel]").expect("the prioritisation view opens");
    let budget = session.wait_for("[data-testid=vote-budget]").unwrap();
    budget.scroll_into_view().unwrap();
    budget.type_over(&format!("2{ENTER}")).expect("typing the budget");
    let expected = participants * 2;
    session
        .wait_for_text("[data-testid=vote-check]", &format!("{participants} × 2 = {expected}"))
        .expect("the check uses participants × the new budget");
    let items = texts(&session, "[data-testid=vote-item]");
    assert!(items.len() >= 3, "the contributions are items to vote on: {items:#?}");
    let (first, second) = (expected / 2, expected / 2 - 2);
    enter_count(&session, 0, first as u32);
    enter_count(&session, 1, second as u32);
    enter_count(&session, 2, 1);
    let warning = session
        .wait_for_text("[data-testid=vote-check]", "il en manque 1")
        .expect("a count one short is flagged");
    assert!(
        warning.contains(&format!("{} gommettes comptées pour {participants} participant·es × 2 = {expected}", expected - 1)),
        "the engine's French warning is shown: {warning}"
    );
    assert_eq!(attribute(&session, "[data-testid=vote-check]", "data-status").as_deref(), Some("warning"));
    app.screenshot(&session, "voting-warning");

    // The third count was misread: two, not one. The warning goes.
    enter_count(&session, 2, 2);
    session.wait_for_text("[data-testid=vote-check]", "le compte est bon").expect("a matching total is confirmed");
    assert!(session.find_all("[data-testid=vote-warning]").unwrap().is_empty(), "no warning left");
    let ranking = session.wait_for_all("[data-testid=vote-rank-item]", 3).expect("the ranking");
    let ranked: Vec<String> = ranking.iter().map(|item| item.text().unwrap()).collect();
    assert_eq!(ranked.len(), 3, "three items got dots: {ranked:#?}");
    assert!(ranked[0].contains(&format!("{first} gommettes")), "most voted first: {ranked:#?}");
    let item_text = |index: usize| items[index].lines().next().unwrap_or_default().to_owned();
    assert!(ranked[0].contains(&item_text(0)), "the first item leads: {ranked:#?} / {items:#?}");
    session.set_window_size(1024, 768).expect("a small laptop");
    session.wait_for("[data-testid=vote-check]").and_then(|check| check.scroll_into_view()).unwrap();
    app.screenshot(&session, "voting-1024x768");
    session.set_window_size(1280, 800).unwrap();

    // The projector: the countdown and the ranking, large, and no names.
    let facilitator = session.window_handle().expect("the main window's handle");
    click(&session, "[data-testid=projector-open]");
    let projector = session
        .wait_until("the projector window to open", || {
            Ok(session.window_handles()?.into_iter().find(|handle| *handle != facilitator))
        })
        .expect("projector-open opens a second window");
    session.switch_to_window(&projector).expect("WebDriver can drive the projector window");
    session.set_window_size(1920, 1080).expect("the projector window fills a 1080p wall");
    let clock = session.wait_for("[data-testid=room-timer-clock]").and_then(|c| c.text()).expect("the wall shows the timer");
    assert!(clock.contains(':') && !clock.starts_with('+'), "a countdown in m:ss on the wall: {clock}");
    assert_eq!(attribute(&session, "[data-testid=room-timer]", "data-running").as_deref(), Some("true"));
    let on_wall = session.wait_for_all("[data-testid=room-rank-item]", 3).expect("the wall shows the ranking");
    let wall_ranking: Vec<String> = on_wall.iter().map(|item| item.text().unwrap()).collect();
    assert!(wall_ranking[0].contains(&item_text(0)), "the same leader on the wall: {wall_ranking:#?}");
    let wall = session.wait_for("[data-testid=room-view]").and_then(|room| room.text()).unwrap();
    assert!(
        !wall.contains("Yasmine") && !wall.contains("Bertrand"),
        "no participant's name reaches the wall unless they agreed: {wall}"
    );
    app.screenshot(&session, "projector-1920x1080");
    session.set_window_size(1280, 720).unwrap();
    session.wait_for("[data-testid=room-ranking]").unwrap();
    app.screenshot(&session, "projector-1280x720");

    // Back in the facilitator's window: one person's dots on top of the wall count are one
    // too many, and the check says so.
    session.switch_to_window(&facilitator).unwrap();
    click(&session, "[data-testid=vote-mode-ballot]");
    choose(&session, "[data-testid=vote-participant]", "Yasmine Haddad");
    enter_count(&session, 3, 1);
    session.wait_for_text("[data-testid=vote-ballot-total]", "1/2").expect("the running n/budget");
    session
        .wait_for_text("[data-testid=vote-check]", "il y en a 1 de trop")
        .expect("a dot more than participants × tokens is flagged");
    session.set_window_size(1024, 768).unwrap();
    session.wait_for("[data-testid=vote-mode]").and_then(|mode| mode.scroll_into_view()).unwrap();
    app.screenshot(&session, "voting-ballot-1024x768");
}
