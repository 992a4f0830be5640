//! End-to-end harness: the real desktop app, driven over WebDriver like a user would.
//!
//! Each [`DesktopApp`] gets its own data folder, its own tauri-driver (on free ports, with
//! the data folder in its environment, which the app inherits) and, when no `DISPLAY` is set,
//! its own Xvfb. Dropping it kills all of them. Apps run one at a time: WebKit is heavy on a
//! two-core machine and the timeouts are meant for one app, not four.
//!
//! Nothing here is skipped: a missing binary or tool fails the test with what to run.
//!
//! The steps tests take (click, type, capture a line, open the projector…) are in [`steps`],
//! re-exported here, with the key codes they press.

pub mod steps;
pub mod webdriver;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

pub use steps::*;
use tempfile::TempDir;
use webdriver::Remote;
pub use webdriver::{
    Element, Session, WebDriverError, ALT, ARROW_DOWN, ARROW_UP, BACKSPACE, CONTROL, DEFAULT_TIMEOUT, DELETE,
    ENTER, ESCAPE, RELEASE_MODIFIERS, TAB,
};

/// What to run when something the tests need is missing.
const HOW_TO_PREPARE: &str = "run `tools/test-all` from the repository root: it installs what is \
                              missing, builds the UI and the app, then runs every test";

static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The repository root (this crate lives in `tests/e2e`).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root exists")
}

/// Where screenshots and driver logs go (gitignored).
pub fn artifacts_dir() -> PathBuf {
    repository_root().join("tests/e2e/artifacts")
}

/// The debug build of the desktop app, which embeds `ui/dist`.
pub fn app_binary() -> PathBuf {
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => repository_root().join(dir),
        None => repository_root().join("target"),
    };
    target_dir.join("debug/recolte-desktop")
}

/// The engine's command line (`recolte check`, `recolte dump`), to judge files the app wrote.
pub fn cli_binary() -> PathBuf {
    let binary = app_binary().with_file_name("recolte");
    assert!(
        binary.is_file(),
        "the command line {} is missing: build it with `cargo build -p recolte --bins`, or {HOW_TO_PREPARE}",
        binary.display()
    );
    binary
}

/// Fails when the app is older than the interface or the shell it embeds: the tests would
/// otherwise pass or fail on yesterday's app. (`cargo test --workspace` rebuilds it first.)
fn assert_built_after_its_sources(application: &Path) {
    let built = modified(application).expect("the app binary has a modification time");
    let root = repository_root();
    let sources = ["ui/dist", "src-tauri/src", "src-tauri/capabilities", "src-tauri/tauri.conf.json"];
    for source in sources.iter().map(|path| root.join(path)) {
        if let Some(newer) = newest_file(&source).filter(|(changed, _)| *changed > built) {
            panic!(
                "{} changed after the desktop app was built ({}): rebuild it with \
                 `cargo build -p recolte-desktop`, or {HOW_TO_PREPARE}",
                newer.1.display(),
                application.display()
            );
        }
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|metadata| metadata.modified()).ok()
}

/// The most recently modified file at or under `path`, if any.
fn newest_file(path: &Path) -> Option<(SystemTime, PathBuf)> {
    if path.is_file() {
        return modified(path).map(|time| (time, path.to_path_buf()));
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| newest_file(&entry.path()))
        .max()
}

/// A running tauri-driver ready to start the app, with everything it needs around it.
pub struct DesktopApp {
    test_name: String,
    application: PathBuf,
    remote: Remote,
    // Field order is drop order: the driver (and the app it started) goes before its display,
    // and the data folder is removed last.
    driver: DriverProcess,
    _display: Option<VirtualDisplay>,
    data_dir: TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl DesktopApp {
    /// Prepares an app with a fresh, empty data folder. `test_name` names its artifacts.
    pub fn start(test_name: &str) -> Self {
        // A test that failed while holding the turn leaves nothing behind (its drop ran).
        let turn = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let application = app_binary();
        assert!(
            application.is_file(),
            "the desktop app {} is missing: {HOW_TO_PREPARE}",
            application.display()
        );
        assert_built_after_its_sources(&application);
        let data_dir =
            tempfile::Builder::new().prefix("recolte-e2e-").tempdir().expect("a temporary data folder");
        let display = match std::env::var("DISPLAY") {
            Ok(display) if !display.is_empty() => None,
            _ => Some(VirtualDisplay::start()),
        };
        let display_name = match &display {
            Some(virtual_display) => virtual_display.name.clone(),
            None => std::env::var("DISPLAY").expect("DISPLAY is set"),
        };
        let driver = DriverProcess::start(test_name, &display_name, data_dir.path());
        DesktopApp {
            test_name: test_name.to_owned(),
            application,
            remote: driver.remote.clone(),
            driver,
            _display: display,
            data_dir,
            _turn: turn,
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Launches the app and opens a WebDriver session on its main window. If the test
    /// panics while the session is open, a screenshot is saved in `tests/e2e/artifacts/`.
    pub fn launch(&self) -> Session {
        let session = self.remote.new_session(&self.application).unwrap_or_else(|error| {
            panic!(
                "the app did not start under tauri-driver: {error}\n(driver log: {})",
                self.driver.log_path.display()
            )
        });
        session.screenshot_on_failure(artifacts_dir().join(format!("{}-failure.png", self.test_name)))
    }

    /// Saves a screenshot named after the test and `step`, for a person to look at.
    pub fn screenshot(&self, session: &Session, step: &str) {
        let path = artifacts_dir().join(format!("{}-{step}.png", self.test_name));
        session
            .save_screenshot(&path)
            .unwrap_or_else(|error| panic!("screenshot {}: {error}", path.display()));
    }

    /// Saves screenshots of `step` at 1280×800 and 1024×640 (the small laptops facilitators
    /// carry), then gives the window its size back.
    pub fn screenshots_at_two_sizes(&self, session: &Session, step: &str) {
        self.screenshot(session, step);
        session.set_window_size(1024, 640).expect("the window can be resized");
        self.screenshot(session, &format!("{step}-1024"));
        session.set_window_size(1280, 800).expect("the window can be resized");
    }
}

impl DesktopApp {
    /// Kills the running app with SIGKILL, as a flat battery or a crash would stop it: no
    /// handler runs, nothing is flushed. The app is found among the processes of the driver's
    /// process group (tauri-driver starts WebKitWebDriver, which starts the app) by its
    /// executable. Returns once it is gone; the session on it must then be abandoned.
    pub fn kill_app(&self) {
        let group = self.driver.process.id() as libc::pid_t;
        let application = self.application.canonicalize().expect("the app binary exists");
        let running: Vec<libc::pid_t> = std::fs::read_dir("/proc")
            .expect("/proc lists the processes")
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<libc::pid_t>().ok())
            .filter(|pid| unsafe { libc::getpgid(*pid) } == group)
            .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == application))
            .collect();
        assert_eq!(running.len(), 1, "exactly one app runs under this test's driver: {running:?}");
        let pid = running[0];
        let killed = unsafe { libc::kill(pid, libc::SIGKILL) };
        assert_eq!(killed, 0, "the app {pid} can be killed");
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        // Gone, or a zombie waiting for its parent: either way it runs no more code.
        while std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|stat| !stat.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z')))
        {
            assert!(Instant::now() < deadline, "the app {pid} is still running after SIGKILL");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// An X server in memory, for machines without a display (CI, containers).
struct VirtualDisplay {
    name: String,
    process: Child,
}

impl VirtualDisplay {
    fn start() -> Self {
        // `-displayfd 1` makes Xvfb pick a free display number itself and print it: no race
        // with other X servers on the machine.
        let mut process = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start Xvfb ({error}): {HOW_TO_PREPARE}"));
        let stdout = process.stdout.take().expect("stdout is piped");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let number = receiver.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        let number = number.trim();
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            let _ = process.kill();
            let _ = process.wait();
            panic!("Xvfb did not report a display number (got {number:?})");
        }
        VirtualDisplay { name: format!(":{number}"), process }
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// tauri-driver, in its own process group so that it, WebKitWebDriver and the app it
/// launched can all be stopped together.
struct DriverProcess {
    process: Child,
    remote: Remote,
    log_path: PathBuf,
}

impl DriverProcess {
    fn start(test_name: &str, display: &str, data_dir: &Path) -> Self {
        let port = free_port();
        let native_port = free_port();
        std::fs::create_dir_all(artifacts_dir()).expect("the artifacts folder can be created");
        let log_path = artifacts_dir().join(format!("{test_name}-driver.log"));
        let log = std::fs::File::create(&log_path).expect("the driver log can be created");
        let process = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            // The app is started by WebKitWebDriver, started by tauri-driver: it inherits this.
            .env("DISPLAY", display)
            .env("RECOLTE_DATA_DIR", data_dir)
            // No accessibility bus in a headless session: skip looking for one.
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log file handle can be shared"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start tauri-driver ({error}): {HOW_TO_PREPARE}"));
        let mut driver = DriverProcess { process, remote: Remote::new(port), log_path };
        let deadline = Instant::now() + DEFAULT_TIMEOUT;
        while !driver.remote.is_up() {
            if let Ok(Some(status)) = driver.process.try_wait() {
                panic!("tauri-driver exited ({status}); see {}", driver.log_path.display());
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not answer on port {port} within {DEFAULT_TIMEOUT:?}; see {}",
                driver.log_path.display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let group = -(self.process.id() as libc::pid_t);
        // SIGTERM first: tauri-driver then stops WebKitWebDriver itself. Then SIGKILL the
        // group, so an app or web process that outlived them goes too.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.process.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.process.wait();
    }
}

/// tauri-driver from PATH, or where `cargo install` puts it.
fn tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file());
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|cargo_home| cargo_home.join("bin/tauri-driver"))
        .filter(|candidate| candidate.is_file());
    on_path.or(in_cargo_home).unwrap_or_else(|| panic!("tauri-driver is not installed: {HOW_TO_PREPARE}"))
}

/// A port nothing listens on right now (the OS picks it).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port can be bound");
    listener.local_addr().expect("a bound socket has an address").port()
}
