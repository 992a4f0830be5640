//! The inventory of initiatives in the real app, with the keyboard: opened from the home
//! screen, an initiative entered and linked to the contribution that cited it, a French
//! spreadsheet's list imported (one bad row reported by line) with a near-duplicate of it,
//! the pair proposed and merged with every source kept, a source followed to its workshop,
//! and the inventory exported as CSV for a French spreadsheet. And, during a workshop, an
//! initiative a participant cites added from the contribution with one key.

use std::path::Path;

use recolte_e2e::{
    capture, click, click_element, focused_testid, open_first_demo_workshop, press,
    screenshots_laptop_and_projector, text_of, texts, type_into, type_keys, wait_for_demo, wait_for_text,
    DesktopApp, Session, ALT, ARROW_UP, ENTER, ESCAPE,
};

/// As a network of the social economy keeps it: `;`, CRLF, accents in UTF-8, the same épicerie
/// in capitals without its accent, and a SARL (not a form of the inventory) on line 4.
const INVENTORY_LIST: &str = "Nom;Forme juridique;Secteur d'activité;Commune;Emplois;Contact\r\n\
    EPICERIE SOLIDAIRE;asso;Alimentation;Aucamville;3;Léa Martin 06 11 22 33 44\r\n\
    Les Jardins de Cocagne;Association;Maraîchage d'insertion;Blagnac;12;\r\n\
    Coop'Vélo;SARL;Réparation de vélos;Toulouse;;\r\n\
    Régie de quartier;Structure d'insertion;Services de proximité;Fenouillet;4,5;\r\n";

fn write_list(folder: &Path) -> String {
    let path = folder.join("initiatives réseau ESS.csv");
    std::fs::write(&path, INVENTORY_LIST).expect("the list can be written");
    path.display().to_string()
}

fn selected_value(session: &Session, css: &str) -> String {
    let value = session.wait_for(css).and_then(|select| select.property("value")).unwrap();
    value.as_str().unwrap_or_default().to_owned()
}

/// Clicks the row of the inventory whose name is exactly `name` (on its name: the driver
/// does not click a table row itself).
fn open_row(session: &Session, name: &str) {
    session
        .wait_until(&format!("the row of {name:?}"), || {
            for cell in session.find_all("[data-testid=initiative-name]")? {
                if cell.text()? == name {
                    return click_element(&cell);
                }
            }
            Ok(None)
        })
        .unwrap_or_else(|e| panic!("opening {name:?}: {e}"));
    wait_for_text(session, "[data-testid=initiative-edit] h2", name);
}

/// In the open form: searches the contributions for `words` and links the first one found.
fn link_source(session: &Session, words: &str, sources_after: usize) {
    type_into(session, "[data-testid=initiative-source-search]", &format!("{words}{ENTER}"));
    click(session, "[data-testid=initiative-source-hit]");
    session
        .wait_for_all("[data-testid=initiative-source]", sources_after)
        .expect("the contribution is listed as a source");
}

/// The number of sources each row shows, by name.
fn source_counts(session: &Session) -> Vec<(String, String)> {
    session
        .find_all("[data-testid=initiative]")
        .unwrap()
        .iter()
        .map(|row| {
            let name = row.find_all("[data-testid=initiative-name]").unwrap()[0].text().unwrap();
            let count = row.find_all("[data-testid=initiative-source-count]").unwrap()[0]
                .attribute("data-count")
                .unwrap()
                .unwrap_or_default();
            (name, count)
        })
        .collect()
}

#[test]
fn the_coordinator_keeps_the_inventory_merges_a_duplicate_and_exports_it() {
    let folder = tempfile::tempdir().unwrap();
    let list = write_list(folder.path());
    let app = DesktopApp::start("inventory");
    let session = app.launch();
    wait_for_demo(&session);

    // From the home screen, by its shortcut.
    press(&session, &[ALT, "i"]);
    session.wait_for("[data-testid=inventory-screen]").expect("Alt+I opens the inventory");
    session.wait_for("[data-testid=initiative-list-empty]").expect("the demo has no initiative yet");

    // A new initiative, typed: Alt+N puts the keyboard in its name, Enter saves.
    press(&session, &[ALT, "n"]);
    session.wait_for("[data-testid=initiative-edit]").unwrap();
    type_keys(&session, "Épicerie Solidaire");
    type_into(&session, "[data-testid=initiative-field-sector]", "Alimentation");
    type_into(&session, "[data-testid=initiative-field-commune]", &format!("Aucamville{ENTER}"));
    wait_for_text(
        &session,
        "[data-testid=inventory-status]",
        "« Épicerie Solidaire » ajoutée à l'inventaire.",
    );
    assert_eq!(texts(&session, "[data-testid=initiative-name]"), ["Épicerie Solidaire"]);
    link_source(&session, "épicerie rencontre", 1);
    let source = text_of(&session, "[data-testid=initiative-source]");
    assert!(
        source.contains("cité dans l'atelier Atelier territorial — Secteur Nord")
            && source.contains("L'épicerie solidaire est devenue un lieu de rencontre"),
        "the source names its workshop and quotes the contribution: {source}"
    );

    // The spreadsheet's list: the path typed, Enter reads it, the columns are guessed.
    click(&session, "[data-testid=initiative-import-open]");
    let path = session.wait_for("[data-testid=initiative-import-path]").unwrap();
    path.send_keys(&format!("{list}{ENTER}")).unwrap();
    wait_for_text(&session, "[data-testid=initiative-import-count]", "4 lignes lues");
    for (field, column) in
        [("name", "0"), ("legal_form", "1"), ("sector", "2"), ("commune", "3"), ("jobs", "4")]
    {
        assert_eq!(
            selected_value(&session, &format!("[data-testid=initiative-map-{field}]")),
            column,
            "the {field} column is guessed from its French header"
        );
    }
    let rows = texts(&session, "[data-testid=initiative-import-sample-row]");
    assert!(rows[1].contains("Maraîchage d'insertion"), "accents are read: {rows:?}");
    screenshots_laptop_and_projector(&app, &session, "import-mapping", None);
    click(&session, "[data-testid=initiative-import-run]");
    wait_for_text(&session, "[data-testid=initiative-import-added]", "3 initiatives ajoutées");
    let problems = session.find_all("[data-testid=initiative-import-problem]").unwrap();
    assert_eq!(
        problems.len(),
        1,
        "one bad row: {:?}",
        texts(&session, "[data-testid=initiative-import-problem]")
    );
    assert_eq!(problems[0].attribute("data-line").unwrap().as_deref(), Some("4"), "the SARL is on line 4");
    let problem = problems[0].text().unwrap();
    assert!(
        problem.contains("Ligne 4") && problem.contains("« SARL » n'est pas une forme juridique connue"),
        "the reason says what to fix, in French: {problem}"
    );
    screenshots_laptop_and_projector(&app, &session, "import-report", None);
    press(&session, &[ESCAPE]);
    session
        .wait_until("the import dialog to close", || {
            Ok(session.find_all("[data-testid=initiative-import]")?.is_empty().then_some(()))
        })
        .unwrap();
    session.wait_for_all("[data-testid=initiative]", 4).expect("the three rows read join the inventory");
    let names = texts(&session, "[data-testid=initiative-name]");
    assert!(!names.iter().any(|n| n.contains("Coop'Vélo")), "the refused row adds nothing: {names:?}");

    // The same épicerie, in capitals and without its accent, in the same commune.
    let pair = wait_for_text(&session, "[data-testid=likely-duplicate]", "à Aucamville");
    assert!(
        pair.contains("Épicerie Solidaire") && pair.contains("EPICERIE SOLIDAIRE"),
        "the pair is named with why: {pair}"
    );
    open_row(&session, "EPICERIE SOLIDAIRE");
    link_source(&session, "tissu associatif jardins", 1);
    screenshots_laptop_and_projector(
        &app,
        &session,
        "duplicate-and-form",
        Some("[data-testid=likely-duplicate]"),
    );
    press(&session, &[ESCAPE]);
    session
        .wait_until("the form to close", || {
            Ok(session.find_all("[data-testid=initiative-edit]")?.is_empty().then_some(()))
        })
        .unwrap();

    // One key keeps the first record, the confirmation says every source is kept, Enter merges.
    click(&session, "[data-testid=likely-duplicate-reason]");
    press(&session, &["1"]);
    let confirm = wait_for_text(&session, "[data-testid=likely-duplicate-confirm]", "Fusionner");
    assert!(
        confirm.contains("Toutes les sources des deux fiches sont gardées (2 sources au total)"),
        "the confirmation says the merge keeps both sources: {confirm}"
    );
    app.screenshot(&session, "merge-confirm");
    press(&session, &[ENTER]);
    wait_for_text(&session, "[data-testid=inventory-status]", "2 sources gardées");
    assert!(
        session.find_all("[data-testid=likely-duplicate]").unwrap().is_empty(),
        "nothing left to propose"
    );
    let counts = source_counts(&session);
    let epiceries: Vec<&(String, String)> =
        counts.iter().filter(|(name, _)| name.to_lowercase().contains("picerie")).collect();
    assert_eq!(epiceries.len(), 1, "one épicerie left: {counts:?}");
    assert_eq!(epiceries[0].1, "2", "the record kept lists both sources: {counts:?}");

    // Both sources in the form, each a way to its workshop.
    let kept = epiceries[0].0.clone();
    open_row(&session, &kept);
    let sources = texts(&session, "[data-testid=initiative-source]");
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources.iter().any(|s| s.contains("lieu de rencontre")), "{sources:?}");
    assert!(sources.iter().any(|s| s.contains("tissu associatif")), "{sources:?}");
    assert_eq!(
        session
            .wait_for("[data-testid=initiative-field-contact]")
            .and_then(|field| field.property("value"))
            .unwrap()
            .as_str()
            .map(|contact| !contact.is_empty()),
        Some(true),
        "the imported contact is kept by the merge"
    );
    screenshots_laptop_and_projector(&app, &session, "merged", Some("[data-testid=initiative-edit]"));
    click(&session, "[data-testid=initiative-source-open]");
    session.wait_for("[data-testid=capture-input]").expect("the source's workshop opens");
    click(&session, "[data-testid=back-home]");
    session.wait_for("[data-testid=inventory-screen]").expect("back to the inventory, not to home");

    // The inventory as CSV for a French spreadsheet, anonymous by default.
    session.wait_for_all("[data-testid=initiative]", 3).unwrap();
    let destination = folder.path().join("inventaire des initiatives.csv");
    type_into(&session, "[data-testid=inventory-export-path]", &format!("{}{ENTER}", destination.display()));
    wait_for_text(&session, "[data-testid=inventory-export-done]", &destination.display().to_string());
    let bytes = std::fs::read(&destination).expect("the CSV is written where the confirmation says");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM, so that a spreadsheet reads the accents");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Initiative;Forme juridique;Secteur d'activité;Commune;Territoire;Emplois;Description;Cité dans les ateliers"),
        "`;` between French headers, no contact in an anonymous export"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "one line per initiative: {csv}");
    assert!(
        rows.iter().any(|r| r.starts_with(
            "Régie de quartier;Structure d'insertion;Services de proximité;Fenouillet;Secteur Nord;5;"
        )),
        "the legal form's label, the commune's territory, 4,5 jobs rounded: {csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.to_lowercase().contains("picerie")
                && r.ends_with(";Atelier territorial — Secteur Nord")),
        "the merged épicerie names its workshop once: {csv}"
    );
    assert!(
        !csv.contains("Léa Martin") && !csv.contains("06 11"),
        "no contact in an anonymous export: {csv}"
    );

    // Named, for the team: the contact column; the same path again asks before replacing.
    click(&session, "[data-testid=inventory-export-anonymous]");
    let named = folder.path().join("inventaire nominatif.csv");
    type_into(&session, "[data-testid=inventory-export-path]", &format!("{}{ENTER}", named.display()));
    wait_for_text(&session, "[data-testid=inventory-export-done]", &named.display().to_string());
    let named_csv = String::from_utf8(std::fs::read(&named).unwrap()).unwrap();
    assert!(
        named_csv.lines().next().is_some_and(|header| header.ends_with(";Contact")),
        "a named export has the contact column: {named_csv}"
    );
    assert!(
        named_csv.contains("Léa Martin 06 11 22 33 44"),
        "the merged record kept the imported contact: {named_csv}"
    );
    type_into(&session, "[data-testid=inventory-export-path]", &format!("{}{ENTER}", named.display()));
    wait_for_text(&session, "[data-testid=inventory-export-exists]", "existe déjà");
    app.screenshot(&session, "export-replace-question");
    // The keyboard is on « Remplacer ce fichier ».
    press(&session, &[ENTER]);
    wait_for_text(&session, "[data-testid=inventory-export-done]", &named.display().to_string());
    session.end().unwrap();
}

#[test]
fn an_initiative_cited_in_a_workshop_joins_the_inventory_from_its_contribution() {
    let app = DesktopApp::start("inventory-from-capture");
    let session = app.launch();
    open_first_demo_workshop(&session);
    capture(&session, "Le covoiturage solidaire de Launaguet marche très bien depuis deux ans", 1);

    // ↑ in the empty capture bar selects the line just captured; N opens the form under it.
    press(&session, &[ARROW_UP]);
    press(&session, &["n"]);
    session
        .wait_for("[data-testid=contribution-initiative-form]")
        .expect("N on the contribution opens the initiative form");
    assert_eq!(focused_testid(&session), "contribution-initiative-name", "the keyboard is in the name");
    let communes: Vec<String> = session
        .find_all("[data-testid=contribution-initiative-communes] option")
        .unwrap()
        .iter()
        .map(|option| option.attribute("value").unwrap().unwrap_or_default())
        .collect();
    assert!(
        communes.iter().any(|c| c == "Launaguet") && communes.iter().any(|c| c == "Aucamville"),
        "the communes of the workshop's territory are proposed: {communes:?}"
    );

    // Enter on an empty name: a French reason, nothing added, the form still open.
    press(&session, &[ENTER]);
    wait_for_text(
        &session,
        "[data-testid=contribution-initiative-name-problem]",
        "Donnez un nom à l'initiative.",
    );
    type_keys(&session, "Covoiturage solidaire");
    type_into(&session, "[data-testid=contribution-initiative-commune]", "Launaguet");
    screenshots_laptop_and_projector(
        &app,
        &session,
        "form",
        Some("[data-testid=contribution-initiative-form]"),
    );
    press(&session, &[ENTER]);
    wait_for_text(
        &session,
        "[data-testid=initiative-added]",
        "Initiative « Covoiturage solidaire » ajoutée à l'inventaire.",
    );
    assert!(
        session.find_all("[data-testid=contribution-initiative-form]").unwrap().is_empty(),
        "the form closes once the initiative is added"
    );
    screenshots_laptop_and_projector(&app, &session, "added", Some("[data-testid=initiative-added]"));

    // The keyboard is on the way to the inventory, which lists it with its one source.
    assert_eq!(focused_testid(&session), "initiative-added-open");
    press(&session, &[ENTER]);
    session.wait_for("[data-testid=inventory-screen]").expect("Enter opens the inventory");
    session.wait_for_all("[data-testid=initiative]", 1).unwrap();
    assert_eq!(
        source_counts(&session),
        [("Covoiturage solidaire".to_owned(), "1".to_owned())],
        "the initiative is listed with the contribution as its one source"
    );
    open_row(&session, "Covoiturage solidaire");
    let source = text_of(&session, "[data-testid=initiative-source]");
    assert!(
        source.contains("cité dans l'atelier Atelier territorial — Secteur Nord")
            && source.contains("Le covoiturage solidaire de Launaguet marche très bien"),
        "the source is the contribution captured in the workshop: {source}"
    );
    assert_eq!(
        selected_value(&session, "[data-testid=initiative-field-commune]"),
        "Launaguet",
        "the commune typed in the workshop is kept"
    );
    session.end().unwrap();
}
