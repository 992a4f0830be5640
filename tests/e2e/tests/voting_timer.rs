//! Prioritising in the real app: the phase timer started from the keyboard, a dot vote
//! counted on the wall whose total does not match (and the warning), the count corrected,
//! the ranking; then the projector window shows the countdown and the ranking.

use recolte_e2e::{
    attribute, capture, choose, click, open_first_demo_workshop, open_projector, register_arrival, texts,
    DesktopApp, Session, ALT, ENTER, RELEASE_MODIFIERS,
};

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
    open_first_demo_workshop(&session);

    // Two arrivals, who did not agree to be named.
    let before: usize =
        session.wait_for("[data-testid=participant-count]").unwrap().text().unwrap().parse().unwrap();
    for (index, (name, organisation)) in
        [("Yasmine Haddad", "Coop'Vélo"), ("Bertrand Lacaze", "Mairie de Launaguet")].iter().enumerate()
    {
        register_arrival(&session, name, organisation, before + index + 1);
    }
    let participants = before + 2;

    // A few lines, then the timer started with Alt+T from the capture bar.
    session.wait_for("[data-testid=capture-input]").and_then(|bar| bar.click()).unwrap();
    let lines =
        ["b: Des locaux partagés à loyer modéré", "p: Un guichet unique ESS", "i: Un café de l'ESS mensuel"];
    for (index, line) in lines.iter().enumerate() {
        capture(&session, line, index + 1);
    }
    assert_eq!(attribute(&session, "[data-testid=timer]", "data-running").as_deref(), Some("false"));
    session
        .wait_for("[data-testid=capture-input]")
        .and_then(|bar| bar.send_keys(&format!("{ALT}t{RELEASE_MODIFIERS}")))
        .expect("Alt+T in the capture bar");
    session
        .wait_until("the timer to run", || {
            Ok((session.wait_for("[data-testid=timer]")?.attribute("data-running")?.as_deref()
                == Some("true"))
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
        warning.contains(&format!(
            "{} gommettes comptées pour {participants} participant·es × 2 = {expected}",
            expected - 1
        )),
        "the engine's French warning is shown: {warning}"
    );
    assert_eq!(attribute(&session, "[data-testid=vote-check]", "data-status").as_deref(), Some("warning"));
    app.screenshot(&session, "voting-warning");

    // The third count was misread: two, not one. The warning goes.
    enter_count(&session, 2, 2);
    session
        .wait_for_text("[data-testid=vote-check]", "le compte est bon")
        .expect("a matching total is confirmed");
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
    let windows = open_projector(&session);
    let clock = session
        .wait_for("[data-testid=room-timer-clock]")
        .and_then(|c| c.text())
        .expect("the wall shows the timer");
    assert!(clock.contains(':') && !clock.starts_with('+'), "a countdown in m:ss on the wall: {clock}");
    assert_eq!(attribute(&session, "[data-testid=room-timer]", "data-running").as_deref(), Some("true"));
    let on_wall =
        session.wait_for_all("[data-testid=room-rank-item]", 3).expect("the wall shows the ranking");
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
    session.switch_to_window(&windows.facilitator).unwrap();
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
