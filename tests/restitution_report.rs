//! The restitution report, written by the command line and read by real programs: poppler's
//! `pdftoppm` renders every page of the PDF (the PNGs are kept in `target/report-pages/` to be
//! looked at) and `pdftotext` reads its text back; the HTML is checked as a document.
//! Needs poppler-utils (`tools/test-all` installs it).

mod common;

use std::path::Path;
use std::process::Command;

use common::export;
use recolte::board::VoteTarget;

const HOW_TO_PREPARE: &str = "run `tools/test-all`, which installs poppler-utils";

/// The demo with people, quotes that carry personal data and markup, votes, and a
/// recommendation promoted from a contribution.
fn prepared_file(dir: &Path) -> std::path::PathBuf {
    common::demo_file_with_people(dir, |store, workshop| {
        let said = store
            .capture(
                workshop,
                "b: Un local partagé pour <les> associations, voir Louis au 06 12 34 56 78 #1 @Louis",
            )
            .unwrap();
        store.record_tally(workshop, VoteTarget::Contribution(said.contribution), 5).unwrap();
        let idea =
            store.capture(workshop, "p: Créer un fonds local de garantie pour les coopératives. #2").unwrap();
        store.promote_contribution(idea.contribution).unwrap();
    })
}

fn run(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {program} ({error}): {HOW_TO_PREPARE}"));
    assert!(output.status.success(), "{program} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn the_pdf_report_renders_page_by_page_and_reads_as_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = prepared_file(dir.path());
    let pdf = dir.path().join("restitution.pdf");
    export(&file, "pdf", &pdf, true);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");

    let pages = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-pages");
    let _ = std::fs::remove_dir_all(&pages);
    std::fs::create_dir_all(&pages).unwrap();
    run(
        "pdftoppm",
        &["-r".as_ref(), "60".as_ref(), "-png".as_ref(), pdf.as_os_str(), pages.join("page").as_os_str()],
    );
    let rendered = std::fs::read_dir(&pages).unwrap().count();
    assert!(
        rendered >= 6,
        "title page, method, participation, stakes, inventory, recommendations…: {rendered} pages"
    );

    let text = run("pdftotext", &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()]);
    for heading in [
        "Contexte et méthode",
        "Participation",
        "État des lieux par enjeu",
        "Inventaire des initiatives",
        "Préconisations",
        "Priorités exprimées",
        "Annexes",
    ] {
        assert!(text.contains(heading), "the report has its section « {heading} »");
    }
    assert!(
        text.contains("Créer un fonds local de garantie pour les coopératives"),
        "the promoted recommendation"
    );
    assert!(text.contains("Issue des ateliers"), "and where it comes from");
    assert!(text.contains("Un local partagé pour <les> associations"), "markup typed in a workshop is text");
    for personal in ["Louis", "Hélène", "Ferrand", "06 12 34"] {
        assert!(!text.contains(personal), "{personal:?} must not be in the anonymous report");
    }
}

#[test]
fn the_html_report_is_one_self_contained_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = prepared_file(dir.path());
    let html_path = dir.path().join("restitution.html");
    export(&file, "html", &html_path, false);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!doctype html><html lang=\"fr\">"));
    assert!(!html.contains("<script"), "no script");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing fetched from a network");
    assert!(html.contains("pour &lt;les&gt; associations"), "typed markup is escaped");
    assert!(html.contains("<svg"), "the charts are inline");
    assert!(!html.contains("Louis"), "a named report still hides people who did not agree to be named");
    assert!(html.contains("Issue des ateliers"));
}
