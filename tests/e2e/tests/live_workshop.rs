//! A workshop day in the real app, keyboard first: plan a workshop, register people as they
//! arrive, capture twenty contributions with the keyboard alone, read them on the projector
//! window; and a crash in the middle of capturing loses nothing that was confirmed.

use recolte_e2e::{DesktopApp, Element, Session, WebDriverError, ENTER};

const DEMO_TITLE: &str = "Diagnostic collaboratif sur l'économie sociale et solidaire";
const TAB: &str = "\u{E004}";

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

/// Clicks the first element matching `css`, scrolled into view (WebKit's driver refuses an
/// element below the fold, and learns the new scroll position a moment after the page).
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

fn type_into(session: &Session, css: &str, text: &str) {
    session
        .wait_for(css)
        .and_then(|field| field.scroll_into_view().and_then(|()| field.type_over(text)))
        .unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
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

/// Types `line` into the capture bar with Enter, and waits until the bar says the
/// `count`-th line of this session is saved. Returns once the app confirmed it.
fn capture(session: &Session, line: &str, count: usize) {
    let bar = session.wait_for("[data-testid=capture-input]").expect("the capture bar is there");
    bar.send_keys(&format!("{line}{ENTER}")).expect("the line can be typed");
    session
        .wait_until(&format!("line {count} ({line:?}) to be confirmed"), || {
            let state = session.wait_for("[data-testid=save-state]")?;
            let saved = state.attribute("data-saved-count")?;
            let text = state.text()?;
            assert!(!text.contains("Non enregistré"), "the capture of {line:?} failed: {text}");
            Ok((saved.as_deref() == Some(count.to_string().as_str()) && text.contains("Enregistré"))
                .then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

fn open_first_demo_workshop(session: &Session) {
    session.wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE).expect("the app opens on the demo");
    click(session, "[data-testid=workshop-open]");
    session.wait_for("[data-testid=capture-input]").expect("the workshop screen has its capture bar");
}

#[test]
fn a_workshop_is_planned_attended_captured_with_the_keyboard_and_projected() {
    const TITLE: &str = "Atelier territorial — Secteur Nord, seconde séance";
    let app = DesktopApp::start("live-workshop");
    let session = app.launch();
    session.wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE).expect("the app opens on the demo");

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
    let name = session.wait_for("[data-testid=attendee-name]").expect("the attendance row");
    name.scroll_into_view().unwrap();
    name.send_keys(&format!("Nadia Ferrand{TAB}Régie de quartier Nord{ENTER}")).expect("typing an arrival");
    session.wait_for_text("[data-testid=participant-count]", "1").expect("the first arrival is listed");
    session
        .wait_for("[data-testid=attendee-name]")
        .and_then(|name| name.send_keys(&format!("Jean-Pierre Castan{TAB}Mairie d'Aucamville{ENTER}")))
        .expect("the name field is ready for the next arrival");
    session.wait_for_text("[data-testid=participant-count]", "2").expect("the second arrival is listed");
    let people = texts(&session, "[data-testid=participant]");
    assert!(
        people.iter().any(|p| p.contains("Nadia Ferrand"))
            && people.iter().any(|p| p.contains("Jean-Pierre Castan"))
    );

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

    // The projector: a second window, the same twenty texts, no names.
    let facilitator = session.window_handle().expect("the main window's handle");
    click(&session, "[data-testid=projector-open]");
    let projector = session
        .wait_until("the projector window to open", || {
            let handles = session.window_handles()?;
            Ok(handles.into_iter().find(|handle| *handle != facilitator))
        })
        .expect("projector-open opens a second window");
    session.switch_to_window(&projector).expect("WebDriver can drive the projector window");
    session.set_window_size(1920, 1080).expect("the projector window fills a 1080p wall");
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
    app.screenshot(&session, "projector-1920");

    // The facilitator moves on to the next phase with Alt+↓; the wall follows.
    session.switch_to_window(&facilitator).unwrap();
    session
        .wait_for("[data-testid=capture-input]")
        .and_then(|bar| bar.send_keys("\u{E00A}\u{E015}\u{E000}"))
        .expect("Alt+↓ in the capture bar");
    session.switch_to_window(&projector).unwrap();
    session
        .wait_for_text("[data-testid=room-phase-title]", "Tour de table")
        .expect("the wall follows the facilitator's phase within a second or so");
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
    const UP: &str = "\u{E013}";
    const DELETE: &str = "\u{E017}";
    const CONTROL: &str = "\u{E009}";
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
    session.press(&[UP]).unwrap();
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
    session.press(&[UP]).unwrap();
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
