//! The diagnostic as a whole in the real app: the synthesis screen reached from the demo, its
//! coverage table and filters, and the exports of the report written to typed paths (the
//! native save dialog is not driven), then the HTML report opened in the app's own webview.

use std::path::Path;

use recolte_e2e::{
    attribute, choose, click, press, text_of, texts, type_into, wait_for_demo, wait_for_text, DesktopApp,
    Session, ALT, ESCAPE,
};
use serde_json::json;

fn open_synthesis(session: &Session) {
    wait_for_demo(session);
    click(session, "[data-testid=synthesis-open]");
    session.wait_for("[data-testid=synthesis-screen]").expect("the synthesis opens from the home screen");
    session
        .wait_for("[data-testid=coverage-territory] [data-testid=coverage-cell]")
        .expect("the coverage is drawn");
}

/// The counts of the territory heat map, cell by cell.
fn territory_counts(session: &Session) -> Vec<u32> {
    session
        .find_all("[data-testid=coverage-territory] [data-testid=coverage-cell]")
        .expect("reading the coverage")
        .iter()
        .map(|cell| cell.attribute("data-count").unwrap().expect("every cell has its count").parse().unwrap())
        .collect()
}

/// Exports in `format` to `destination`, typed, and waits for the confirmation naming it.
fn export(session: &Session, format: &str, destination: &Path) {
    choose(session, "[data-testid=diagnostic-export-format]", format);
    type_into(session, "[data-testid=diagnostic-export-path]", &destination.display().to_string());
    click(session, "[data-testid=diagnostic-export-run]");
    wait_for_text(session, "[data-testid=diagnostic-export-done]", &destination.display().to_string());
}

#[test]
fn the_coordinator_reads_the_synthesis_filters_it_and_exports_the_report() {
    let folder = tempfile::tempdir().unwrap();
    let app = DesktopApp::start("synthesis");
    let session = app.launch();
    wait_for_demo(&session);

    // The keyboard way shown on the home screen.
    press(&session, &[ALT, "s"]);
    session.wait_for("[data-testid=synthesis-screen]").expect("Alt+S opens the synthesis");
    press(&session, &[ESCAPE]);
    open_synthesis(&session);

    let all = territory_counts(&session);
    let columns = texts(&session, "[data-testid=coverage-territory] thead th").len() - 1;
    assert!(columns >= 2, "the demo has several territories: {columns}");
    assert_eq!(all.len() % columns, 0, "one cell per stake and territory");
    assert!(all.iter().any(|&n| n > 0), "the demo's contributions are counted: {all:?}");
    let never = session
        .find_all("[data-testid=coverage-territory] [data-testid=coverage-cell][data-never=true]")
        .unwrap()
        .len();
    assert_eq!(never, all.iter().filter(|&&n| n == 0).count(), "every empty cell is marked never discussed");
    assert!(text_of(&session, "[data-testid=participation]").contains("Contributions"));
    let priorities = texts(&session, "[data-testid=priority]");
    if priorities.is_empty() {
        wait_for_text(&session, "[data-testid=priorities-empty]", "Aucun vote");
    }

    for (width, height) in [(1024, 768), (1920, 1080)] {
        session.set_window_size(width, height).expect("the window can be resized");
        app.screenshot(&session, &format!("screen-{width}"));
    }
    session.set_window_size(1280, 800).unwrap();

    // Filtering by the territory most discussed keeps only its column.
    let names = texts(&session, "[data-testid=coverage-territory] thead th");
    let busiest =
        (0..columns).max_by_key(|&column| all.iter().skip(column).step_by(columns).sum::<u32>()).unwrap();
    let territory = names[busiest + 1].replace('\n', " ");
    choose(&session, "[data-testid=synthesis-filter-territory]", &territory);
    let filtered = session
        .wait_until("the coverage to follow the filter", || {
            let counts = territory_counts(&session);
            Ok((counts != all).then_some(counts))
        })
        .unwrap();
    assert!(filtered.iter().any(|&n| n > 0), "{territory} keeps its own contributions: {filtered:?}");
    for (index, count) in filtered.iter().enumerate() {
        if index % columns != busiest {
            assert_eq!(*count, 0, "only {territory} is counted once filtered: {filtered:?}");
        }
    }
    app.screenshot(&session, "filtered");
    click(&session, "[data-testid=synthesis-filter-reset]");

    // The anonymous PDF, then the HTML report.
    assert_eq!(
        attribute(&session, "[data-testid=diagnostic-export-anonymous]", "type").as_deref(),
        Some("checkbox")
    );
    let anonymous = session
        .wait_for("[data-testid=diagnostic-export-anonymous]")
        .and_then(|box_| box_.property("checked"))
        .unwrap();
    assert_eq!(anonymous, json!(true), "exports are anonymous unless asked otherwise");
    let pdf = folder.path().join("synthèse anonyme.pdf");
    export(&session, "PDF", &pdf);
    let bytes = std::fs::read(&pdf).expect("the PDF is written where the confirmation says");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file: {:?}", &bytes[..bytes.len().min(16)]);

    let html = folder.path().join("rapport.html");
    export(&session, "HTML", &html);
    let report = std::fs::read_to_string(&html).expect("the HTML report is written");
    assert!(
        report.to_lowercase().starts_with("<!doctype html>"),
        "an HTML document: {}",
        report.chars().take(40).collect::<String>()
    );

    // Writing there again asks before replacing.
    click(&session, "[data-testid=diagnostic-export-run]");
    wait_for_text(&session, "[data-testid=diagnostic-export-exists]", "existe déjà");
    app.screenshot(&session, "replace-question");
    click(&session, "[data-testid=diagnostic-export-replace]");
    wait_for_text(&session, "[data-testid=diagnostic-export-done]", &html.display().to_string());

    // The written report, in the app's own webview. The page may not navigate to file://
    // (WebKit refuses a local file to a page of the app's origin), so the report's text is
    // shown in a frame over the app; the report has no script, so nothing is lost.
    session
        .execute(
            "const frame = document.createElement('iframe');
             frame.dataset.testid = 'report-frame';
             frame.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;z-index:100;border:0;background:#fff';
             frame.srcdoc = arguments[0];
             document.body.append(frame);",
            json!([report]),
        )
        .expect("the report can be shown in a frame");
    let headings = session
        .wait_until("the report's headings", || {
            let found = session.execute(
                "const doc = document.querySelector('[data-testid=report-frame]')?.contentDocument;
                 const headings = doc ? [...doc.querySelectorAll('h1, h2')].map(h => h.textContent) : [];
                 return headings.length > 0 ? headings : null",
                json!([]),
            )?;
            Ok(found.as_array().cloned())
        })
        .expect("the HTML report opens in the webview");
    let headings: Vec<&str> = headings.iter().filter_map(|h| h.as_str()).collect();
    assert!(
        headings[0].contains("Diagnostic collaboratif"),
        "the report is titled after the diagnostic: {headings:?}"
    );
    for expected in ["Participation", "Priorités exprimées", "Annexes"] {
        assert!(headings.contains(&expected), "the report has its {expected:?} heading: {headings:?}");
    }
    app.screenshot(&session, "report-html");
    session.end().unwrap();
}
