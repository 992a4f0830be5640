//! The board with 5,000 contributions, in the real app: how long from the switch to the
//! board until its cards are on screen (the first 50 of each column; more on demand), how
//! long "show more" takes, and how long a filter takes to apply and to clear. Prints figures
//! (p50 and max over a few runs, in ms); asserts only that the board shows what it should.
//!
//! Run with `cargo bench -p recolte-e2e --bench board` after building the app (see
//! tests/e2e/src/lib.rs). Times are measured in the page with `performance.now()`, from the
//! click (or the input event) until a frame has been painted with the new content: the
//! IPC call, the rendering by the page and the browser's layout and paint are all counted.

use std::path::Path;

use recolte::capture::fold;
use recolte::edit::{self, AttributeTo, NewContribution};
use recolte::model::StructureType;
use recolte::store::{Sources, Store};
use recolte::template;
use recolte_e2e::{click, DesktopApp, Session};
use serde_json::{json, Value};
use uuid::Uuid;

const CONTRIBUTIONS: usize = 5_000;
const RUNS: usize = 5;
/// In one contribution in ten, accented: the filter is typed without the accent.
const FILTER: &str = "mobilite";

const SUBJECTS: [&str; 10] = [
    "Les locaux partagés",
    "Le financement des associations",
    "La mobilité solidaire",
    "Les circuits courts alimentaires",
    "L'insertion par l'activité économique",
    "Les tiers-lieux du secteur",
    "La commande publique responsable",
    "Le bénévolat dans les petites structures",
    "Les coopératives d'habitants",
    "L'accompagnement des porteurs de projet",
];
const REMARKS: [&str; 7] = [
    "manquent de visibilité auprès des habitants",
    "devraient être mieux soutenus par la collectivité",
    "fonctionnent bien quand les acteurs se connaissent",
    "demandent un lieu ressource identifié",
    "restent fragiles faute de financements pluriannuels",
    "gagneraient à être mutualisés entre communes",
    "sont un atout pour le territoire",
];

/// Fills the demo's first workshop up to `CONTRIBUTIONS`, across categories, phases, stakes
/// and attributions, through the engine, in one transaction. Returns the workshop's id and
/// how many of its contributions the filter should find.
fn prepare(data_dir: &Path) -> (Uuid, usize) {
    let mut store =
        Store::open(&data_dir.join("recolte.sqlite3"), Sources::system()).expect("the working store opens");
    let diagnostic = template::ensure_initial_diagnostic(&mut store).expect("the demo is written");
    let overview = store.diagnostic_overview(diagnostic).unwrap();
    let workshop = overview.workshops[0].id;
    let detail = store.workshop_detail(workshop).unwrap();
    let missing = CONTRIBUTIONS - detail.contributions.len();
    let categories: Vec<Uuid> = overview.categories.iter().map(|c| c.id).collect();
    let stakes: Vec<Uuid> = overview.stakes.iter().map(|s| s.id).collect();
    let phases: Vec<Uuid> = detail.phases.iter().map(|p| p.id).collect();
    let kinds = [StructureType::Association, StructureType::Cooperative, StructureType::LocalAuthority];
    store
        .write(|tx| {
            for i in 0..missing {
                let text =
                    format!("{} {} ({})", SUBJECTS[i % SUBJECTS.len()], REMARKS[i % REMARKS.len()], i + 1);
                // Categories vary faster than subjects, so every column gets every subject.
                let category = (i % 8 < categories.len()).then(|| categories[i % 8]);
                let chosen = [stakes[i % stakes.len()], stakes[(i / 3) % stakes.len()]];
                let stake_ids: &[Uuid] = match i % 4 {
                    0 => &[],
                    1 => &chosen[..1],
                    _ if chosen[0] == chosen[1] => &chosen[..1],
                    _ => &chosen,
                };
                let attribution = match i % 3 {
                    0 => AttributeTo::Anonymous,
                    _ => AttributeTo::Structure(kinds[i % kinds.len()]),
                };
                let new = NewContribution {
                    text: &text,
                    category,
                    phase: phases.get(i % phases.len().max(1)).copied(),
                    stakes: stake_ids,
                    attribution,
                };
                edit::add_contribution(tx, workshop, &new)?;
            }
            Ok(())
        })
        .expect("the contributions are written");
    let contributions = store.workshop_detail(workshop).unwrap().contributions;
    assert_eq!(contributions.len(), CONTRIBUTIONS);
    let matching = contributions.iter().filter(|c| fold(&c.text).contains(FILTER)).count();
    (workshop, matching)
}

/// Runs `action` (a script body) in the page and resolves, with the ms elapsed, once the
/// DOM matches `ready` (a script expression) and two frames have been painted: the cards
/// skipped while off screen (`content-visibility: auto`) are only drawn in the second.
fn timed(session: &Session, action: &str, ready: &str) -> f64 {
    let script = format!(
        r#"
        const done = arguments[arguments.length - 1];
        const started = performance.now();
        const ready = () => {ready};
        const painted = () =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(performance.now() - started), 0)));
        const observer = new MutationObserver(() => {{
          if (ready()) {{ observer.disconnect(); painted(); }}
        }});
        observer.observe(document.body, {{ childList: true, subtree: true, attributes: true, attributeFilter: ['class'] }});
        {action}
        if (ready()) {{ observer.disconnect(); painted(); }}
        "#
    );
    let value: Value = session.execute_async(&script, json!([])).expect("the page measures");
    value.as_f64().unwrap_or_else(|| panic!("a duration, not {value}"))
}

fn count(session: &Session, css: &str) -> usize {
    let script = format!("return document.querySelectorAll({css:?}).length");
    session.execute(&script, json!([])).unwrap().as_u64().unwrap() as usize
}

fn summary(name: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let p50 = times[times.len() / 2];
    let max = times[times.len() - 1];
    let all: Vec<String> = times.iter().map(|t| format!("{t:.0}")).collect();
    println!("{name:<44} p50 {p50:>7.0} ms   max {max:>7.0} ms   (runs: {})", all.join(", "));
}

fn main() {
    let app = DesktopApp::start("bench-board");
    let (workshop, expected) = prepare(app.data_dir());
    let session = app.launch();
    session.set_window_size(1280, 800).unwrap();
    click(&session, &format!("[data-workshop-id='{workshop}']"));
    session.wait_for("[data-testid=capture-input]").expect("the workshop opens");
    // Let the capture view finish its first paint, so it is not counted below.
    timed(&session, "", "true");

    const CARDS: &str = "[data-testid=board] [data-testid=board-card]";
    // The board renders in one pass once its clusters are read: its columns there, all are.
    let board_ready =
        "document.querySelector('[data-testid=board-columns] [data-testid=board-card]') !== null";
    let capture_ready = "document.querySelector('[data-testid=capture-view]:not(.inactive)') !== null";
    // The capture view is back with its lines laid out (the newest one at the foot).
    let lines_ready = "document.querySelector('[data-testid=capture-view]:not(.inactive) [data-testid=contribution]') !== null";
    let voting_ready =
        "document.querySelector('[data-testid=voting-panel] [data-testid=vote-item]') !== null";
    // Baseline: the board's IPC call alone.
    let mut ipc = Vec::new();
    for _ in 0..RUNS {
        let script = format!(
            "const done = arguments[arguments.length - 1]; const started = performance.now();
             window.__TAURI_INTERNALS__.invoke('board_view', {{ workshopId: '{workshop}' }})
               .then(() => done(performance.now() - started), (e) => done(String(e)));"
        );
        let value = session.execute_async(&script, json!([])).expect("the page measures");
        ipc.push(value.as_f64().unwrap_or_else(|| panic!("board_view failed: {value}")));
    }
    let mut first_render = Vec::new();
    let mut back_from_board = Vec::new();
    for _ in 0..RUNS {
        first_render.push(timed(
            &session,
            "document.querySelector('[data-testid=view-board]').click();",
            board_ready,
        ));
        back_from_board.push(timed(
            &session,
            "document.querySelector('[data-testid=view-capture]').click();",
            lines_ready,
        ));
    }
    let mut voting = Vec::new();
    let mut back_from_voting = Vec::new();
    let mut voting_to_board = Vec::new();
    for _ in 0..RUNS {
        voting.push(timed(
            &session,
            "document.querySelector('[data-testid=view-voting]').click();",
            voting_ready,
        ));
        back_from_voting.push(timed(
            &session,
            "document.querySelector('[data-testid=view-capture]').click();",
            lines_ready,
        ));
        timed(&session, "document.querySelector('[data-testid=view-voting]').click();", voting_ready);
        voting_to_board.push(timed(
            &session,
            "document.querySelector('[data-testid=view-board]').click();",
            board_ready,
        ));
        timed(&session, "document.querySelector('[data-testid=view-capture]').click();", lines_ready);
    }
    // Each view as it looks with 5,000 contributions, on a small laptop and on a projector.
    for (width, height) in [(1024, 768), (1920, 1080)] {
        session.set_window_size(width, height).unwrap();
        for (view, ready) in [("capture", lines_ready), ("board", board_ready), ("voting", voting_ready)] {
            timed(&session, &format!("document.querySelector('[data-testid=view-{view}]').click();"), ready);
            std::thread::sleep(std::time::Duration::from_millis(300));
            app.screenshot(&session, &format!("{view}-{width}"));
        }
        timed(&session, "document.querySelector('[data-testid=view-capture]').click();", lines_ready);
    }
    session.set_window_size(1280, 800).unwrap();
    timed(&session, "document.querySelector('[data-testid=view-board]').click();", board_ready);
    let counted = session.wait_for("[data-testid=board-count]").unwrap().text().unwrap();
    assert!(
        counted.starts_with(&CONTRIBUTIONS.to_string()),
        "the board counts every contribution: {counted}"
    );
    let first_shown = count(&session, CARDS);

    // "Show more" at the foot of the first column, then back to the first page.
    let more_ready = format!("document.querySelectorAll({CARDS:?}).length > {first_shown}");
    let mut more = Vec::new();
    for _ in 0..RUNS {
        more.push(timed(
            &session,
            "document.querySelector('[data-testid=board-more]').click();",
            &more_ready,
        ));
        timed(&session, "document.querySelector('[data-testid=view-capture]').click();", capture_ready);
        timed(&session, "document.querySelector('[data-testid=view-board]').click();", board_ready);
    }

    // The whole word arrives in one input event, as a paste would; typing sends one per letter.
    let set_filter = |text: &str| {
        format!(
            "const input = document.querySelector('[data-testid=board-filter]');
             input.value = {text:?}; input.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        )
    };
    let filtered_ready = format!(
        "document.querySelector('[data-testid=board-count]')?.textContent.includes('{expected} sur')"
    );
    let mut filter = Vec::new();
    let mut clear = Vec::new();
    for _ in 0..RUNS {
        filter.push(timed(&session, &set_filter(FILTER), &filtered_ready));
        assert!(count(&session, CARDS) > 0, "the filter {FILTER:?} leaves the mobility contributions");
        clear.push(timed(
            &session,
            &set_filter(""),
            &format!("document.querySelectorAll({CARDS:?}).length === {first_shown}"),
        ));
    }
    timed(&session, "", "true");
    std::thread::sleep(std::time::Duration::from_millis(500));
    app.screenshot(&session, "5000");

    println!("Board, {CONTRIBUTIONS} contributions in one workshop (real webview, {RUNS} runs):");
    summary("board_view IPC call alone", ipc);
    summary(&format!("switch to the board, {first_shown} cards painted"), first_render);
    summary("back to Saisie from the board", back_from_board);
    summary("switch to Priorisation", voting);
    summary("back to Saisie from Priorisation", back_from_voting);
    summary("Priorisation to the board", voting_to_board);
    summary("a column shows 50 more", more);
    // Both include the 120 ms the board waits for typing to pause before filtering.
    summary(&format!("filter {FILTER:?} applied ({expected} match)"), filter);
    summary("filter emptied, first pages back", clear);
    session.end().expect("the session closes");
}
