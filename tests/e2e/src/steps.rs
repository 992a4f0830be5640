//! The steps a facilitator takes, shared by every end-to-end test: click, type, choose,
//! capture a line, open a workshop, press keys, read what the screen shows.
//!
//! A step waits for the condition it needs (an element, a text, a count) and panics with
//! what it was doing when that does not come within [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT): a test reads as the
//! story it tells. Elements are found only by their `data-testid`, the contract shared with
//! the front end.

use serde_json::json;

use crate::webdriver::{Element, Session, WebDriverError, ALT, ARROW_DOWN, ENTER, TAB};
use crate::DesktopApp;

/// The title of the demo diagnostic a fresh data folder gets, which the app opens on.
pub const DEMO_TITLE: &str = "Diagnostic collaboratif sur l'économie sociale et solidaire";

/// Waits until the app shows the demo diagnostic, as it does when it starts on a fresh folder.
pub fn wait_for_demo(session: &Session) {
    session.wait_for_text("[data-testid=diagnostic-title]", DEMO_TITLE).expect("the app opens on the demo");
}

/// From the start of the app: opens the demo's first workshop, on its capture view.
pub fn open_first_demo_workshop(session: &Session) {
    wait_for_demo(session);
    click(session, "[data-testid=workshop-open]");
    session.wait_for("[data-testid=capture-input]").expect("the workshop screen has its capture bar");
}

/// Clicks the first element matching `css`, scrolled into view. WebKit's driver refuses an
/// element below the fold and learns the new scroll position a moment after the page, so
/// "not interactable" is retried until then.
pub fn click(session: &Session, css: &str) {
    session
        .wait_until(&format!("`{css}` to be clickable"), || {
            let element = session.wait_for(css)?;
            click_element(&element)
        })
        .unwrap_or_else(|e| panic!("clicking `{css}`: {e}"));
}

/// Scrolls `element` into view and clicks it: `Some` once clicked, `None` while the driver
/// still finds it not interactable (for [`Session::wait_until`]).
pub fn click_element(element: &Element<'_>) -> Result<Option<()>, WebDriverError> {
    element.scroll_into_view()?;
    match element.click() {
        Ok(()) => Ok(Some(())),
        Err(WebDriverError::Remote { error, .. }) if error == "element not interactable" => Ok(None),
        Err(other) => Err(other),
    }
}

/// Replaces what the field `css` holds with `text`, typed.
pub fn type_into(session: &Session, css: &str, text: &str) {
    session
        .wait_for(css)
        .and_then(|field| field.scroll_into_view().and_then(|()| field.type_over(text)))
        .unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
}

/// Picks the option of the select `css` whose text contains `label`.
pub fn choose(session: &Session, css: &str, label: &str) {
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

/// Presses `keys` together (a chord such as `[ALT, "2"]`) on whatever has the focus.
pub fn press(session: &Session, keys: &[&str]) {
    session.press(keys).unwrap_or_else(|e| panic!("pressing {keys:?}: {e}"));
}

/// Types `text` key after key on whatever has the focus (see [`Session::type_keys`]).
pub fn type_keys(session: &Session, text: &str) {
    session.type_keys(text).unwrap_or_else(|e| panic!("typing {text:?}: {e}"));
}

/// The texts of the elements matching `css` right now (possibly none).
pub fn texts(session: &Session, css: &str) -> Vec<String> {
    session
        .find_all(css)
        .and_then(|elements| elements.iter().map(|element| element.text()).collect())
        .unwrap_or_else(|e| panic!("reading `{css}`: {e}"))
}

/// The texts of the elements matching `css`, once at least `at_least` are shown.
pub fn wait_for_texts(session: &Session, css: &str, at_least: usize) -> Vec<String> {
    session
        .wait_for_all(css, at_least)
        .and_then(|elements| elements.iter().map(|element| element.text()).collect())
        .unwrap_or_else(|e| panic!("reading `{css}`: {e}"))
}

/// The text of the first element matching `css`, once there is one.
pub fn text_of(session: &Session, css: &str) -> String {
    session
        .wait_for(css)
        .and_then(|element| element.text())
        .unwrap_or_else(|e| panic!("reading `{css}`: {e}"))
}

/// Waits until the first element matching `css` contains `expected`; returns its text.
pub fn wait_for_text(session: &Session, css: &str, expected: &str) -> String {
    session
        .wait_for_text(css, expected)
        .unwrap_or_else(|e| panic!("waiting for {expected:?} in `{css}`: {e}"))
}

/// The HTML attribute `name` of the first element matching `css`, once there is one.
pub fn attribute(session: &Session, css: &str, name: &str) -> Option<String> {
    session
        .wait_for(css)
        .and_then(|element| element.attribute(name))
        .unwrap_or_else(|e| panic!("`{css}`: {e}"))
}

/// Waits until `css` matches exactly `count` elements.
pub fn wait_for_count(session: &Session, css: &str, count: usize) {
    session
        .wait_until(&format!("{count} × `{css}`"), || {
            Ok((session.find_all(css)?.len() == count).then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The `data-testid` of the element that has the focus (empty when it has none).
pub fn focused_testid(session: &Session) -> String {
    focused(session, "document.activeElement?.dataset?.testid ?? ''")
}

/// The text of the element that has the focus.
pub fn focused_text(session: &Session) -> String {
    focused(session, "document.activeElement?.textContent ?? ''")
}

fn focused(session: &Session, expression: &str) -> String {
    session
        .execute(&format!("return {expression}"), json!([]))
        .expect("the page answers")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Presses Tab until the element `testid` has the focus, at most `at_most` times: the way a
/// keyboard reaches a field that has no shortcut of its own.
pub fn tab_to(session: &Session, testid: &str, at_most: usize) {
    let mut passed = Vec::new();
    while focused_testid(session) != testid {
        assert!(
            passed.len() < at_most,
            "{testid} is not within {at_most} Tabs; focus went through {passed:?}"
        );
        press(session, &[TAB]);
        passed.push(focused_testid(session));
    }
}

/// Types `line` into the capture bar with Enter, and waits until the bar says the
/// `count`-th line of this session is saved. Returns once the app confirmed it.
pub fn capture(session: &Session, line: &str, count: usize) {
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

/// Registers an arrival on the workshop screen with the keyboard (name, Tab, organisation,
/// Enter), and waits until the participant count reads `count`.
pub fn register_arrival(session: &Session, name: &str, organisation: &str, count: usize) {
    let field = session.wait_for("[data-testid=attendee-name]").expect("the attendance row");
    field.scroll_into_view().expect("the attendance row can be scrolled to");
    field.send_keys(&format!("{name}{TAB}{organisation}{ENTER}")).expect("typing an arrival");
    session
        .wait_for_text("[data-testid=participant-count]", &count.to_string())
        .unwrap_or_else(|e| panic!("{name} is listed as arrival number {count}: {e}"));
}

/// Alt+2 on the workshop screen: the board, with its cards, and the keyboard on its tab.
pub fn switch_to_board(session: &Session) {
    press(session, &[ALT, "2"]);
    session.wait_for("[data-testid=board] [data-testid=board-card]").expect("the board shows its cards");
    assert_eq!(focused_testid(session), "view-board", "the keyboard is on the board's tab");
}

/// On the board: types `words` in its filter (reached with /), waits until the board shows
/// only the `shown` cards containing `text`, and goes down onto the first card with ↓.
pub fn filter_board_and_enter(session: &Session, words: &str, text: &str, shown: usize) {
    press(session, &["/"]);
    assert_eq!(focused_testid(session), "board-filter", "/ goes to the filter");
    let filter = session.wait_for("[data-testid=board-filter]").unwrap();
    filter.type_over(words).expect("the filter takes text");
    // The board filters once typing pauses: wait for the new cards, not the previous filter's.
    session
        .wait_until(&format!("{shown} cards containing {text:?}"), || {
            // Read in one go in the page: the board may replace cards between two WebDriver calls.
            let cards = session.execute(
                "return [...document.querySelectorAll('[data-testid=board] [data-testid=board-card]')].map((c) => c.textContent)",
                json!([]),
            )?;
            let cards: Vec<&str> = cards.as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
            Ok((cards.len() == shown && cards.iter().all(|card| card.contains(text))).then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    press(session, &[ARROW_DOWN]);
    assert_eq!(focused_testid(session), "board-card", "↓ from the filter goes onto the first card");
}

/// The facilitator's window and the projector's, by WebDriver handle.
pub struct Windows {
    pub facilitator: String,
    pub projector: String,
}

/// Opens the projector from the facilitator's window and switches to it, sized as a 1080p
/// wall.
pub fn open_projector(session: &Session) -> Windows {
    let facilitator = session.window_handle().expect("the main window's handle");
    click(session, "[data-testid=projector-open]");
    let projector = session
        .wait_until("the projector window to open", || {
            Ok(session.window_handles()?.into_iter().find(|handle| *handle != facilitator))
        })
        .expect("projector-open opens a second window");
    session.switch_to_window(&projector).expect("WebDriver can drive the projector window");
    session.set_window_size(1920, 1080).expect("the projector window fills a 1080p wall");
    Windows { facilitator, projector }
}

/// Resizes the window to `width`×`height` and waits until the page has laid itself out at
/// that width, for a screenshot of what a screen of that size shows.
pub fn resize(session: &Session, width: u32, height: u32) {
    session.set_window_size(width, height).expect("the window can be resized");
    session
        .wait_until(&format!("the page to be {width} px wide"), || {
            let inner = session.execute("return window.innerWidth", json!([]))?;
            Ok((inner.as_u64() == Some(u64::from(width))).then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Screenshots of `step` on a 1024×768 laptop and a 1920×1080 projector, with `css`
/// scrolled into view when given; the window is then left at the projector's size.
pub fn screenshots_laptop_and_projector(app: &DesktopApp, session: &Session, step: &str, css: Option<&str>) {
    for (width, height) in [(1024, 768), (1920, 1080)] {
        resize(session, width, height);
        if let Some(css) = css {
            session
                .wait_for(css)
                .and_then(|element| element.scroll_into_view())
                .expect("the element to look at");
        }
        app.screenshot(session, &format!("{step}-{width}"));
    }
}
