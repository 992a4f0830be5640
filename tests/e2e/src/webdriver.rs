//! A minimal W3C WebDriver client over blocking HTTP + JSON: just what the tests use.
//!
//! The remote end is tauri-driver, which forwards every request to WebKitWebDriver; the
//! WebDriver spec (https://www.w3.org/TR/webdriver2/) defines the endpoints used here.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// The key of an element reference in WebDriver JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long [`Session::wait_for`] and friends poll before giving up: enough for a cold
/// WebKit start on a busy two-core machine.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const POLL_INTERVAL: Duration = Duration::from_millis(100);

// WebDriver codes of the keys the tests press (https://www.w3.org/TR/webdriver2/#keyboard-actions),
// for [`Element::send_keys`], [`Session::press`] and [`Session::type_keys`].
/// Releases the modifier keys pressed so far in a [`Element::send_keys`] sequence.
pub const RELEASE_MODIFIERS: &str = "\u{E000}";
pub const BACKSPACE: &str = "\u{E003}";
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const CONTROL: &str = "\u{E009}";
pub const ALT: &str = "\u{E00A}";
pub const ESCAPE: &str = "\u{E00C}";
pub const ARROW_UP: &str = "\u{E013}";
pub const ARROW_DOWN: &str = "\u{E015}";
pub const DELETE: &str = "\u{E017}";

#[derive(Debug)]
pub enum WebDriverError {
    /// The driver could not be reached, or answered something that is not WebDriver JSON.
    Transport(String),
    /// The driver answered with a WebDriver error (`no such element`, `javascript error`…).
    Remote { status: u16, error: String, message: String },
    /// A wait ran out of time.
    Timeout(String),
}

impl fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebDriverError::Transport(detail) => write!(f, "WebDriver transport: {detail}"),
            WebDriverError::Remote { status, error, message } => {
                write!(f, "WebDriver error {status} `{error}`: {message}")
            }
            WebDriverError::Timeout(what) => {
                write!(f, "timed out after {DEFAULT_TIMEOUT:?} waiting for {what}")
            }
        }
    }
}

impl std::error::Error for WebDriverError {}

pub type Result<T, E = WebDriverError> = std::result::Result<T, E>;

/// An HTTP connection to a WebDriver remote end.
#[derive(Clone)]
pub struct Remote {
    base_url: String,
    agent: ureq::Agent,
}

impl Remote {
    pub fn new(port: u16) -> Self {
        let agent = ureq::Agent::config_builder()
            // WebDriver reports its errors as JSON with a 4xx/5xx status: read them, don't fail.
            .http_status_as_error(false)
            // The driver is local: never route it through a proxy from the environment.
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Remote { base_url: format!("http://127.0.0.1:{port}"), agent }
    }

    /// Whether the remote end answers `GET /status` at all (it is up).
    pub fn is_up(&self) -> bool {
        self.agent.get(format!("{}/status", self.base_url)).call().is_ok()
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base_url);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response =
            response.map_err(|e| WebDriverError::Transport(format!("{method} {path}: {e}")))?;
        let status = response.status().as_u16();
        let text =
            response.body_mut().with_config().limit(256 * 1024 * 1024).read_to_string().map_err(|e| {
                WebDriverError::Transport(format!("{method} {path}: reading the answer: {e}"))
            })?;
        let answer: Value = serde_json::from_str(&text)
            .map_err(|e| WebDriverError::Transport(format!("{method} {path}: not JSON ({e}): {text}")))?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(WebDriverError::Remote {
                status,
                error: value["error"].as_str().unwrap_or("unknown error").to_owned(),
                message: value["message"].as_str().unwrap_or_default().to_owned(),
            });
        }
        Ok(value)
    }

    /// Starts the application at `application` (tauri-driver's `tauri:options`) and opens a
    /// session on its window.
    pub fn new_session(&self, application: &Path) -> Result<Session> {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": { "tauri:options": { "application": application } }
            }
        });
        let value = self.call("POST", "/session", Some(capabilities))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| WebDriverError::Transport(format!("new session without an id: {value}")))?;
        Ok(Session { remote: self.clone(), id: id.to_owned(), ended: false, failure_screenshot: None })
    }
}

/// One WebDriver session: one running instance of the app. Deleting it closes the app.
pub struct Session {
    remote: Remote,
    id: String,
    ended: bool,
    failure_screenshot: Option<PathBuf>,
}

impl Session {
    /// If the test panics while this session is open, save a screenshot at `path` first:
    /// the state of the window is the best clue to what went wrong.
    pub fn screenshot_on_failure(mut self, path: PathBuf) -> Self {
        self.failure_screenshot = Some(path);
        self
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        self.remote.call(method, &format!("/session/{}{path}", self.id), body)
    }

    fn element_from(&self, value: &Value) -> Result<Element<'_>> {
        let id = value[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| WebDriverError::Transport(format!("not an element reference: {value}")))?;
        Ok(Element { session: self, id: id.to_owned() })
    }

    fn elements_from(&self, value: &Value) -> Result<Vec<Element<'_>>> {
        value
            .as_array()
            .ok_or_else(|| WebDriverError::Transport(format!("not a list of elements: {value}")))?
            .iter()
            .map(|item| self.element_from(item))
            .collect()
    }

    /// Every element matching the CSS selector right now (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let found = self.call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })))?;
        self.elements_from(&found)
    }

    /// Polls until at least one element matches `css`, and returns the first.
    pub fn wait_for(&self, css: &str) -> Result<Element<'_>> {
        let mut found = self.wait_for_all(css, 1)?;
        Ok(found.swap_remove(0))
    }

    /// Polls until at least `at_least` elements match `css`, and returns them all.
    pub fn wait_for_all(&self, css: &str, at_least: usize) -> Result<Vec<Element<'_>>> {
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        loop {
            let found = self.find_all(css)?;
            if found.len() >= at_least {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(WebDriverError::Timeout(format!(
                    "{at_least} element(s) matching `{css}` (found {})",
                    found.len()
                )));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Polls `check` until it returns `Some`, for conditions richer than "an element exists".
    pub fn wait_until<T>(&self, what: &str, mut check: impl FnMut() -> Result<Option<T>>) -> Result<T> {
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        loop {
            // A re-render between finding an element and reading it makes the reference stale:
            // that is a reason to look again, not a failure.
            match check() {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(WebDriverError::Remote { error, .. }) if error == "stale element reference" => {}
                Err(other) => return Err(other),
            }
            if Instant::now() > deadline {
                return Err(WebDriverError::Timeout(what.to_owned()));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Polls until the first element matching `css` has a text containing `expected`.
    pub fn wait_for_text(&self, css: &str, expected: &str) -> Result<String> {
        self.wait_until(&format!("`{css}` to contain {expected:?}"), || {
            let Some(element) = self.find_all(css)?.into_iter().next() else { return Ok(None) };
            let text = element.text()?;
            Ok(text.contains(expected).then_some(text))
        })
    }

    /// Runs `script` as the body of a function with `args` as `arguments`, returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Like [`Session::execute`], but the script reports its result by calling its last
    /// argument (a callback): for promises.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.call("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    /// Presses `keys` together as a chord (down in order, up in reverse) on whatever has the
    /// focus, as the keyboard does: for elements that are focusable but not text fields,
    /// which WebDriver's "send keys to element" refuses. Keys are WebDriver codes or characters.
    pub fn press(&self, keys: &[&str]) -> Result<()> {
        let mut actions: Vec<Value> =
            keys.iter().map(|key| json!({ "type": "keyDown", "value": key })).collect();
        actions.extend(keys.iter().rev().map(|key| json!({ "type": "keyUp", "value": key })));
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.call("POST", "/actions", Some(body)).map(drop)
    }

    /// Types `text` key after key on whatever has the focus, as the keyboard does: unlike
    /// [`Element::send_keys`], it focuses nothing first, so it also checks where the focus is.
    /// Characters and WebDriver codes ([`ENTER`], [`TAB`]…) alike.
    pub fn type_keys(&self, text: &str) -> Result<()> {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|key| {
                let key = key.to_string();
                [json!({ "type": "keyDown", "value": key }), json!({ "type": "keyUp", "value": key })]
            })
            .collect();
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.call("POST", "/actions", Some(body)).map(drop)
    }

    /// The handles of the app's open windows (the facilitator's, and the projector once open).
    pub fn window_handles(&self) -> Result<Vec<String>> {
        let handles = self.call("GET", "/window/handles", None)?;
        Ok(handles
            .as_array()
            .ok_or_else(|| WebDriverError::Transport(format!("window handles are not a list: {handles}")))?
            .iter()
            .filter_map(|handle| handle.as_str().map(str::to_owned))
            .collect())
    }

    /// The handle of the window the next commands go to.
    pub fn window_handle(&self) -> Result<String> {
        let handle = self.call("GET", "/window", None)?;
        handle
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| WebDriverError::Transport(format!("not a handle: {handle}")))
    }

    /// Sends the next commands to the window `handle`.
    pub fn switch_to_window(&self, handle: &str) -> Result<()> {
        self.call("POST", "/window", Some(json!({ "handle": handle }))).map(drop)
    }

    /// Resizes the window, to see a screen as a smaller laptop shows it.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.call("POST", "/window/rect", Some(json!({ "width": width, "height": height }))).map(drop)
    }

    /// A PNG of the window.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let encoded = self.call("GET", "/screenshot", None)?;
        let encoded = encoded
            .as_str()
            .ok_or_else(|| WebDriverError::Transport(format!("screenshot is not a string: {encoded}")))?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| WebDriverError::Transport(format!("screenshot is not base64: {e}")))
    }

    /// Saves a screenshot to `path`, creating its folder.
    pub fn save_screenshot(&self, path: &Path) -> Result<()> {
        // The DOM can be ahead of the pixels: let the page paint twice before the capture.
        self.execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
            json!([]),
        )?;
        let png = self.screenshot_png()?;
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(path, png));
        written.map_err(|e| WebDriverError::Transport(format!("writing {}: {e}", path.display())))
    }

    /// Ends the session, which closes the app.
    pub fn end(mut self) -> Result<()> {
        self.ended = true;
        self.call("DELETE", "", None).map(drop)
    }

    /// Ends a session whose app was killed, so the driver accepts a new one. The app is
    /// already gone, so the driver may answer with an error: that is expected, not a failure.
    pub fn end_after_crash(mut self) {
        self.ended = true;
        self.failure_screenshot = None;
        let _ = self.call("DELETE", "", None);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Some(path) = self.failure_screenshot.take() {
                match self.save_screenshot(&path) {
                    Ok(()) => eprintln!("screenshot of the failure: {}", path.display()),
                    Err(error) => eprintln!("no screenshot of the failure: {error}"),
                }
            }
        }
        if !self.ended {
            // Best effort: the driver's process group is killed right after anyway.
            let _ = self.call("DELETE", "", None);
        }
    }
}

/// A reference to an element of the page, valid until the page re-renders it.
pub struct Element<'session> {
    session: &'session Session,
    id: String,
}

impl<'session> Element<'session> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        self.session.call(method, &format!("/element/{}{path}", self.id), body)
    }

    /// The rendered text, as a user reads it.
    pub fn text(&self) -> Result<String> {
        let text = self.call("GET", "/text", None)?;
        Ok(text.as_str().unwrap_or_default().to_owned())
    }

    /// An HTML attribute as written in the page (`data-state`…), or None when absent.
    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        let value = self.call("GET", &format!("/attribute/{name}"), None)?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// A DOM property (`value`, `selected`…).
    pub fn property(&self, name: &str) -> Result<Value> {
        self.call("GET", &format!("/property/{name}"), None)
    }

    pub fn click(&self) -> Result<()> {
        self.call("POST", "/click", Some(json!({}))).map(drop)
    }

    /// Scrolls the element to the middle of the window, clear of the sticky header: WebKit's
    /// driver refuses to click an element below the fold ("element not interactable"). Returns
    /// once the page has painted the new position, which the driver's next click relies on.
    pub fn scroll_into_view(&self) -> Result<()> {
        self.session
            .execute_async(
                "const [element, done] = arguments;
                 element.scrollIntoView({ block: 'center' });
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                json!([self.as_argument()]),
            )
            .map(drop)
    }

    /// Types `text` into the element as a user would (focus, then keystrokes).
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.call("POST", "/value", Some(json!({ "text": text }))).map(drop)
    }

    /// Replaces what a text field holds with `text`, as a user would: select all, delete, type.
    /// (WebDriver's own "clear" fires no input event, so the page would not notice it.)
    pub fn type_over(&self, text: &str) -> Result<()> {
        self.send_keys(&format!("{CONTROL}a{RELEASE_MODIFIERS}{BACKSPACE}"))?;
        self.send_keys(text)
    }

    /// Descendants of this element matching `css`.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'session>>> {
        let found = self.call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })))?;
        self.session.elements_from(&found)
    }

    /// The element as a script argument for [`Session::execute`].
    pub fn as_argument(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }
}
