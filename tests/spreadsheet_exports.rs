//! The exports opened by a real spreadsheet program: LibreOffice, headless, reads the CSV and
//! the XLSX the command line writes, and converts them back to plain CSV for checking.
//! Needs `soffice` (Debian's libreoffice-calc-nogui; `tools/test-all` installs it).

mod common;

use std::path::Path;
use std::process::Command;

use common::export;

const HOW_TO_PREPARE: &str = "run `tools/test-all`, which installs LibreOffice (libreoffice-calc-nogui)";

/// The demo with two people and contributions a spreadsheet could misread.
fn prepared_file(dir: &Path) -> std::path::PathBuf {
    common::demo_file_with_people(dir, |store, workshop| {
        store.capture(workshop, "@Hélène =SOMME(A1:A9) pour financer l'épicerie").unwrap();
        store.capture(workshop, "@Louis -2 % de loyers ; appeler Louis au 06 12 34 56 78").unwrap();
    })
}

/// `input` converted by LibreOffice to UTF-8 CSV (`,` separated); `sheet` is 1-based.
fn libreoffice_csv(input: &Path, infilter: Option<&str>, sheet: u32) -> String {
    let dir = input.parent().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let outdir = dir.join(format!("converted-{sheet}"));
    let mut command = Command::new("soffice");
    command
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .arg("--headless")
        .arg("--convert-to")
        .arg(format!("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}"))
        .arg("--outdir")
        .arg(&outdir);
    if let Some(filter) = infilter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = command
        .arg(input)
        .output()
        .unwrap_or_else(|error| panic!("cannot run soffice ({error}): {HOW_TO_PREPARE}"));
    assert!(output.status.success(), "LibreOffice failed: {}", String::from_utf8_lossy(&output.stderr));
    let stem = input.file_stem().unwrap().to_string_lossy();
    let converted = std::fs::read_dir(&outdir)
        .expect("LibreOffice wrote its output folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(stem.as_ref())))
        .unwrap_or_else(|| panic!("LibreOffice wrote no CSV: {}", String::from_utf8_lossy(&output.stdout)));
    std::fs::read_to_string(converted).expect("the converted CSV is UTF-8")
}

#[test]
fn libreoffice_reads_the_french_csv_with_its_accents_and_without_running_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let file = prepared_file(dir.path());
    let csv = dir.path().join("contributions.csv");
    export(&file, "csv", &csv, false);
    // As a French user opens it: `;` separated, UTF-8, French locale, formulas evaluated.
    let read = libreoffice_csv(&csv, Some("CSV:59,34,76,1,,1036,false,true,false,false,false,-1,true"), 1);
    assert!(read.contains("Catégorie"), "the accents of the header survive: {read}");
    assert!(
        read.contains("=SOMME(A1:A9) pour financer l'épicerie"),
        "the formula typed in a contribution is read as text, not computed: {read}"
    );
    assert!(read.contains("-2 % de loyers"), "a leading minus is text too: {read}");
    assert!(read.contains("Hélène Ferrand"), "she agreed to be named: {read}");
    assert!(!read.contains("Louis"), "he did not, in the attribution nor in the text: {read}");
}

#[test]
fn libreoffice_opens_the_workbook_and_the_anonymous_one_names_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let file = prepared_file(dir.path());
    let named = dir.path().join("diagnostic.xlsx");
    export(&file, "xlsx", &named, false);
    let workshops = libreoffice_csv(&named, None, 1);
    assert!(workshops.contains("Territoire ou thème"), "the first sheet lists the workshops: {workshops}");
    let contributions = libreoffice_csv(&named, None, 2);
    assert!(
        contributions.contains("=SOMME(A1:A9) pour financer l'épicerie"),
        "an XLSX cell is text, never a formula: {contributions}"
    );
    assert!(contributions.contains("Hélène Ferrand"), "{contributions}");

    let anonymous = dir.path().join("anonyme.xlsx");
    export(&file, "xlsx", &anonymous, true);
    let everything: String = (1..=3).map(|sheet| libreoffice_csv(&anonymous, None, sheet)).collect();
    for personal in ["Hélène", "Ferrand", "Louis", "Garnier", "06 12", "Régie de quartier"] {
        assert!(!everything.contains(personal), "{personal:?} is in the anonymous workbook: {everything}");
    }
    assert!(everything.contains("[téléphone]"), "the phone number typed in the text is hidden: {everything}");
    assert!(everything.contains("Association"), "attribution by type of structure: {everything}");
}
