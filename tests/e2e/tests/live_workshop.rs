//! A workshop day in the real app, keyboard first: plan a workshop, register people as they
//! arrive, capture twenty contributions, group two of them on the board and count the wall's
//! dot vote with the keyboard alone, then read it all on the projector window; and a crash in
//! the middle of capturing loses nothing that was confirmed.

use recolte_e2e::{
    capture, choose, click, filter_board_and_enter, focused_testid, focused_text, open_first_demo_workshop,
    open_projector, press, register_arrival, resize, switch_to_board, tab_to, texts, type_into, type_keys,
    wait_for_count, wait_for_demo, DesktopApp, Session, ALT, ARROW_UP, CONTROL, DELETE, ENTER, ESCAPE,
};

/// Twenty lines as a facilitator types them, and the text each becomes once its markers
/// (category prefix, stakes, attribution) are read.
const LINES: [(&str, &str); 20] = [
    ("c: Beaucoup de structures ne se connaissent pas #2", "Beaucoup de structures ne se connaissent pas"),
    ("a: La régie de quartier emploie 35 personnes #1 @asso", "La régie de quartier emploie 35 personnes"),
    (
        "d: Les locaux sont trop chers pour les jeunes structures #3 #5",
        "Les locaux sont trop chers pour les jeunes structures",
    ),
    ("b: Un annuaire partagé des initiatives #2 #6 @habitant", "Un annuaire partagé des initiatives"),
    ("i: Un café de l'ESS mensuel et tournant", "Un café de l'ESS mensuel et tournant"),
    (
        "p: Ouvrir les marchés publics avec des clauses sociales #1 #5",
        "Ouvrir les marchés publics avec des clauses sociales",
    ),
    (
        "Le covoiturage solidaire fonctionne bien à Launaguet @coop",
        "Le covoiturage solidaire fonctionne bien à Launaguet",
    ),
    ("d: Les bénévoles s'épuisent #2", "Les bénévoles s'épuisent"),
    (
        "b: Une pépinière d'entreprises solidaires au nord #3",
        "Une pépinière d'entreprises solidaires au nord",
    ),
    ("a: Un tissu associatif dense et ancien", "Un tissu associatif dense et ancien"),
    ("c: Peu de liens avec les entreprises classiques #5", "Peu de liens avec les entreprises classiques"),
    ("i: Des visites croisées entre structures #6", "Des visites croisées entre structures"),
    ("p: Former les élus à l'ESS #6 @collectivité", "Former les élus à l'ESS"),
    ("b: Des locaux partagés à loyer modéré #1 #3", "Des locaux partagés à loyer modéré"),
    ("La cantine solidaire cherche un second lieu", "La cantine solidaire cherche un second lieu"),
    (
        "d: Les financements sont annuels, jamais pluriannuels #1",
        "Les financements sont annuels, jamais pluriannuels",
    ),
    ("a: Une monnaie locale en projet #4", "Une monnaie locale en projet"),
    ("p: Un guichet unique ESS à la métropole #2 #3", "Un guichet unique ESS à la métropole"),
    (
        "i: Un forum annuel des initiatives <b>solidaires</b>",
        "Un forum annuel des initiatives <b>solidaires</b>",
    ),
    (
        "c: L'insertion par l'activité économique est bien implantée #1",
        "L'insertion par l'activité économique est bien implantée",
    ),
];

/// The cluster the room makes on the board, and the two captured lines grouped into it: the
/// only two that contain « partagé », both needs, so one follows the other in their column.
const CLUSTER: &str = "Mutualiser les ressources";
const GROUPED: [&str; 2] = [LINES[3].1, LINES[13].1];
/// Dots per person, and the wall's count: the cluster, then the first two lines left loose.
const TOKENS: usize = 3;
const TALLIES: [usize; 3] = [3, 2, 1];

#[test]
fn a_workshop_is_planned_attended_captured_grouped_voted_with_the_keyboard_and_projected() {
    const TITLE: &str = "Atelier territorial — Secteur Nord, seconde séance";
    let app = DesktopApp::start("live-workshop");
    let session = app.launch();
    wait_for_demo(&session);

    // Plan: territorial, northern sector, Tuesday evening in Paris, the usual agenda with a
    // shorter tour de table.
    session.wait_for("[data-testid=workshop-new]").and_then(|new| new.scroll_into_view()).unwrap();
    app.screenshot(&session, "home-workshops");
    click(&session, "[data-testid=workshop-new]");
    session.wait_for("[data-testid=workshop-plan-form]").expect("the planning form opens");
    let phases = session.wait_for_all("[data-testid=agenda-row]", 7).expect("the usual agenda is proposed");
    assert_eq!(
        phases.len(),
        7,
        "accueil, tour de table, état des lieux, besoins, pistes, priorisation, clôture"
    );
    app.screenshots_at_two_sizes(&session, "plan-start");
    choose(&session, "[data-testid=plan-territory]", "Secteur Nord");
    type_into(&session, "[data-testid=plan-title]", TITLE);
    type_into(&session, "[data-testid=plan-date]", "24/11/2026");
    type_into(&session, "[data-testid=plan-start]", "18:00");
    type_into(&session, "[data-testid=plan-end]", "20:30");
    type_into(&session, "[data-testid=plan-place]", "Salle des fêtes, Aucamville");
    type_into(&session, "[data-testid=plan-facilitators]", "Camille Roux, Malik Benali");
    let durations = session.find_all("[data-testid=agenda-duration]").unwrap();
    durations[1]
        .scroll_into_view()
        .and_then(|()| durations[1].type_over("15"))
        .expect("a duration can be typed");
    session
        .wait_for_text("[data-testid=plan-when]", "mardi 24 novembre 2026, 18 h 00 – 20 h 30")
        .expect("the form reads the date back in French, in Paris");
    app.screenshots_at_two_sizes(&session, "plan");
    click(&session, "[data-testid=plan-submit]");

    session.wait_for_text("[data-testid=workshop-title]", TITLE).expect("the new workshop opens");
    session
        .wait_for_text("[data-testid=workshop-when]", "mardi 24 novembre 2026, 18 h 00 – 20 h 30")
        .expect("its date was stored as UTC and is shown in Paris");

    // Attendance: two arrivals, with Tab and Enter only.
    register_arrival(&session, "Nadia Ferrand", "Régie de quartier Nord", 1);
    register_arrival(&session, "Jean-Pierre Castan", "Mairie d'Aucamville", 2);
    let people = texts(&session, "[data-testid=participant]");
    assert!(
        people.iter().any(|p| p.contains("Nadia Ferrand"))
            && people.iter().any(|p| p.contains("Jean-Pierre Castan"))
    );
    assert_eq!(people.len(), 2, "a new workshop starts with no one: {people:#?}");

    // Capture: twenty lines, keyboard only, each confirmed before the next.
    session
        .wait_for("[data-testid=capture-input]")
        .and_then(|bar| bar.click())
        .expect("back to the capture bar");
    for (index, (line, _)) in LINES.iter().enumerate() {
        capture(&session, line, index + 1);
    }
    let shown = texts(&session, "[data-testid=contribution-text]");
    let expected: Vec<&str> = LINES.iter().map(|(_, text)| *text).collect();
    assert_eq!(shown, expected, "the live list shows every line at once, markers read, in capture order");
    let warnings = session.find_all("[data-testid=capture-warnings]").unwrap();
    assert!(warnings.is_empty(), "every marker of these lines is readable");
    app.screenshots_at_two_sizes(&session, "captured");

    group_on_the_board(&app, &session);
    let ranking = count_the_wall_vote(&app, &session, people.len());

    // The projector: a second window, the same twenty texts, the cluster, the ranking, no names.
    let windows = open_projector(&session);
    let cards = session
        .wait_for_all("[data-testid=room-contribution-text]", LINES.len())
        .expect("the wall shows the contributions");
    let mut on_wall: Vec<String> = cards.iter().map(|card| card.text().unwrap()).collect();
    on_wall.sort();
    let mut sorted = expected.clone();
    sorted.sort_unstable();
    assert_eq!(on_wall, sorted, "the wall shows the same twenty texts, as text");
    let wall = session.wait_for("[data-testid=room-view]").and_then(|room| room.text()).unwrap();
    assert!(wall.contains(TITLE), "the wall names the workshop: {wall}");
    assert!(
        !wall.contains("Nadia") && !wall.contains("Jean-Pierre"),
        "no participant's name reaches the wall unless they agreed: {wall}"
    );
    let phase = session.wait_for("[data-testid=room-phase-title]").and_then(|p| p.text()).unwrap();
    assert_eq!(phase, "Accueil", "the wall shows the current phase");
    let clusters = texts(&session, "[data-testid=room-cluster-name]");
    assert!(
        clusters.len() == 1 && clusters[0].starts_with(CLUSTER),
        "the wall shows the room's one cluster, by name: {clusters:?}"
    );
    let mut members = texts(&session, "[data-testid=room-cluster] [data-testid=room-contribution-text]");
    members.sort();
    let mut grouped = GROUPED;
    grouped.sort_unstable();
    assert_eq!(members, grouped, "the wall shows the grouped contributions inside their cluster");
    let on_wall = texts(&session, "[data-testid=room-rank-item]");
    assert_eq!(on_wall.len(), ranking.len(), "the wall ranks what the room voted on: {on_wall:#?}");
    for (shown, label) in on_wall.iter().zip(&ranking) {
        assert!(
            shown.contains(label),
            "the wall ranks in the facilitator's order: {on_wall:#?} / {ranking:#?}"
        );
    }
    app.screenshot(&session, "projector-1920");

    // The facilitator goes back to capturing (Alt+1) and moves on to the next phase with Alt+↓;
    // the wall follows.
    session.switch_to_window(&windows.facilitator).unwrap();
    press(&session, &[ALT, "1"]);
    assert_eq!(focused_testid(&session), "capture-input", "Alt+1 returns to the capture bar");
    session
        .wait_for("[data-testid=capture-input]")
        .and_then(|bar| bar.send_keys("\u{E00A}\u{E015}\u{E000}"))
        .expect("Alt+↓ in the capture bar");
    session.switch_to_window(&windows.projector).unwrap();
    session
        .wait_for_text("[data-testid=room-phase-title]", "Tour de table")
        .expect("the wall follows the facilitator's phase within a second or so");
}

/// On the board, keyboard only: Alt+2, N names a new cluster, then the two shared resources go
/// into it (/ filters, ↓ onto the first card, G, the cluster's number, Enter: the next card of
/// the column gets the keyboard).
fn group_on_the_board(app: &DesktopApp, session: &Session) {
    switch_to_board(session);
    press(session, &["n"]);
    assert_eq!(focused_testid(session), "cluster-new-name", "N opens the new cluster's name");
    type_keys(session, &format!("{CLUSTER}{ENTER}"));
    session.wait_for_text("[data-testid=cluster-name]", CLUSTER).expect("the cluster is on the board");

    filter_board_and_enter(session, "partage", "partagé", GROUPED.len());
    let mut grouped = Vec::new();
    for count in 1..=GROUPED.len() {
        let card = focused_text(session);
        assert!(
            GROUPED.iter().any(|text| card.contains(text)) && !grouped.contains(&card),
            "the keyboard is on a card to group, not grouped yet: {card:?} (grouped: {grouped:?})"
        );
        press(session, &["g"]);
        session.wait_for("[data-testid=group-chooser]").expect("G opens the chooser");
        press(session, &["1"]);
        press(session, &[ENTER]);
        wait_for_count(session, "[data-testid=cluster] [data-testid=board-card]", count);
        grouped.push(card);
    }
    let mut members = texts(session, "[data-testid=cluster] [data-testid=board-card-text]");
    members.sort();
    let mut expected = GROUPED;
    expected.sort_unstable();
    assert_eq!(members, expected, "both contributions are in the cluster");

    // / then Escape empties the filter: the whole board, with its cluster, for the screenshot.
    press(session, &["/"]);
    press(session, &[ESCAPE]);
    wait_for_count(session, "[data-testid=board] [data-testid=board-card]", LINES.len());
    resize(session, 1024, 768);
    session.wait_for("[data-testid=cluster]").and_then(|cluster| cluster.scroll_into_view()).unwrap();
    app.screenshot(session, "board-1024x768");
    session.set_window_size(1280, 800).expect("the window can be resized");
}

/// In « Priorisation », keyboard only: Alt+3, Tab to the budget, `TOKENS` each, then the wall's
/// `TALLIES` typed down the list with Enter. Checks the total against `participants` × `TOKENS`
/// and the ranking; returns the ranked labels, first to last.
fn count_the_wall_vote(app: &DesktopApp, session: &Session, participants: usize) -> Vec<String> {
    press(session, &[ALT, "3"]);
    session.wait_for("[data-testid=vote-budget]").expect("Alt+3 opens the prioritisation view");
    assert_eq!(focused_testid(session), "view-voting", "the keyboard is on the prioritisation tab");
    tab_to(session, "vote-budget", 12);
    press(session, &[CONTROL, "a"]);
    type_keys(session, &format!("{TOKENS}{ENTER}"));
    let expected = participants * TOKENS;
    session
        .wait_for_text("[data-testid=vote-check]", &format!("{participants} × {TOKENS} = {expected}"))
        .expect("the check expects participants × the new budget");

    // Clusters come first, then the contributions in none: the grouped two are voted as one.
    let items = texts(session, "[data-testid=vote-item]");
    assert_eq!(
        items.len(),
        1 + LINES.len() - GROUPED.len(),
        "one cluster and the lines left loose: {items:#?}"
    );
    let labels = [CLUSTER, LINES[0].1, LINES[1].1];
    for (item, label) in items.iter().zip(labels) {
        assert!(
            item.starts_with(label),
            "the list is the cluster, then the loose lines in order: {items:#?}"
        );
    }
    assert_eq!(
        session
            .wait_for("[data-testid=vote-item]")
            .and_then(|item| item.attribute("data-kind"))
            .unwrap()
            .as_deref(),
        Some("cluster")
    );

    tab_to(session, "vote-count", 6);
    for dots in TALLIES {
        assert_eq!(focused_testid(session), "vote-count", "Enter goes down the list of counts");
        type_keys(session, &format!("{dots}{ENTER}"));
    }
    assert_eq!(TALLIES.iter().sum::<usize>(), expected, "the wall count is complete");
    session
        .wait_until("the wall count to be checked", || {
            let check = session.wait_for("[data-testid=vote-check]")?;
            Ok((check.attribute("data-status")?.as_deref() == Some("ok")).then_some(()))
        })
        .expect("a count of participants × tokens is right");
    let check = session.wait_for("[data-testid=vote-check]").and_then(|check| check.text()).unwrap();
    assert!(
        check.contains(&format!("{expected} comptées")) && check.contains("le compte est bon"),
        "{check}"
    );

    let ranking = session.wait_for_all("[data-testid=vote-rank-item]", labels.len()).expect("the ranking");
    assert_eq!(ranking.len(), labels.len(), "the three items that got dots are ranked");
    for (place, ((item, label), dots)) in ranking.iter().zip(labels).zip(TALLIES).enumerate() {
        let text = item.text().unwrap();
        assert!(text.contains(label), "most dots first: {label:?} is number {}: {text}", place + 1);
        assert_eq!(item.attribute("data-dots").unwrap(), Some(dots.to_string()), "{text}");
        assert_eq!(item.attribute("data-rank").unwrap(), Some((place + 1).to_string()), "no tie: {text}");
    }
    resize(session, 1024, 768);
    session.wait_for("[data-testid=vote-check]").and_then(|check| check.scroll_into_view()).unwrap();
    app.screenshot(session, "voting-1024x768");
    session.wait_for("[data-testid=vote-ranking]").and_then(|ranking| ranking.scroll_into_view()).unwrap();
    app.screenshot(session, "voting-ranking-1024x768");
    session.set_window_size(1280, 800).expect("the window can be resized");
    labels.iter().map(|label| label.to_string()).collect()
}

#[test]
fn a_crash_during_capture_loses_no_confirmed_line_and_keeps_the_draft() {
    const DRAFT: &str = "b: Un lieu ressource pour les porteurs de pro";
    let app = DesktopApp::start("capture-crash");
    let session = app.launch();
    open_first_demo_workshop(&session);
    let before = texts(&session, "[data-testid=contribution-text]").len();

    let confirmed: Vec<&str> = LINES[..6].iter().map(|(line, _)| *line).collect();
    for (index, line) in confirmed.iter().enumerate() {
        capture(&session, line, index + 1);
    }
    let bar = session.wait_for("[data-testid=capture-input]").unwrap();
    bar.send_keys(DRAFT).expect("half a line is typed");
    session
        .wait_until("the line being typed to be kept on disk", || {
            let bar = session.wait_for("[data-testid=capture-input]")?;
            Ok((bar.attribute("data-draft-state")?.as_deref() == Some("saved")).then_some(()))
        })
        .expect("the draft is saved a moment after typing pauses");

    app.kill_app();
    session.end_after_crash();

    let session = app.launch();
    open_first_demo_workshop(&session);
    let shown = texts(&session, "[data-testid=contribution-text]");
    assert_eq!(shown.len(), before + confirmed.len(), "every confirmed line is there, once: {shown:#?}");
    for (_, text) in &LINES[..6] {
        assert!(shown.iter().any(|s| s == text), "{text:?} was confirmed before the crash: {shown:#?}");
    }
    let restored = session
        .wait_until("the draft to be back in the capture bar", || {
            let value = session.wait_for("[data-testid=capture-input]")?.property("value")?;
            Ok(value.as_str().filter(|v| !v.is_empty()).map(str::to_owned))
        })
        .unwrap();
    assert_eq!(restored, DRAFT, "the half-typed line is back where it was");
    app.screenshot(&session, "restored");
}

#[test]
fn a_contribution_is_corrected_deleted_and_restored_with_the_keyboard_alone() {
    let app = DesktopApp::start("capture-corrections");
    let session = app.launch();
    open_first_demo_workshop(&session);
    capture(&session, "d: Les locaux sont trop cher", 1);
    let focused_contribution = || {
        session
            .execute(
                "return document.activeElement?.closest('[data-testid=contribution]')?.innerText ?? null;",
                serde_json::json!([]),
            )
            .expect("reading the focused element")
    };

    // ↑ in the empty bar reaches the line just captured; Enter opens it for correction.
    session.press(&[ARROW_UP]).unwrap();
    let focused = focused_contribution();
    assert!(
        focused.as_str().is_some_and(|text| text.contains("Les locaux sont trop cher")),
        "↑ gives the focus to the last line captured: {focused}"
    );
    session.press(&[ENTER]).unwrap();
    let editor =
        session.wait_for("[data-testid=contribution-edit-input]").expect("Enter opens the correction");
    editor.send_keys("s").unwrap();
    app.screenshot(&session, "editing");
    session.press(&[ENTER]).unwrap();
    session
        .wait_until("the corrected text", || {
            let shown = texts(&session, "[data-testid=contribution-text]");
            Ok(shown.iter().any(|t| t == "Les locaux sont trop chers").then_some(()))
        })
        .expect("the correction is saved and shown");

    // Delete it from the keyboard, then undo with Ctrl+Z from the (empty) capture bar.
    let before = texts(&session, "[data-testid=contribution-text]").len();
    session.press(&[ARROW_UP]).unwrap();
    session.press(&[DELETE]).unwrap();
    session.wait_for("[data-testid=undo-toast]").expect("a deletion offers to undo it");
    assert_eq!(
        texts(&session, "[data-testid=contribution-text]").len(),
        before - 1,
        "the line left the list"
    );
    app.screenshots_at_two_sizes(&session, "deleted");
    session.press(&[CONTROL, "z"]).unwrap();
    session
        .wait_until("the deleted line to come back", || {
            Ok((texts(&session, "[data-testid=contribution-text]").len() == before).then_some(()))
        })
        .expect("Ctrl+Z restores it");
}
