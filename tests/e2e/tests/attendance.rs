//! The arrival of a workshop in the real app: a sign-up list exported from a French
//! spreadsheet (Windows-1252, `;`) is imported with its columns mapped and its bad row
//! reported by line, the attendance sheet is opened for printing, and the capture bar shows
//! what a line's markers resolve to before Enter.

use std::path::Path;

use recolte_e2e::{
    choose, click, open_first_demo_workshop, screenshots_laptop_and_projector, texts, DesktopApp, Session,
    ENTER, ESCAPE,
};
use serde_json::json;

/// As a town hall's spreadsheet saves it: `;`, CRLF, accents in Windows-1252, a consent
/// column whose header the app cannot guess, and one bad email on line 4.
const SIGN_UP_LIST: &str = "Nom;Structure;Type;Rôle;Courriel;Nommé·e\r\n\
    Amina Diallo;Régie de quartier Nord;Association;Acteur ESS;amina@example.org;oui\r\n\
    Bernard Roux;Mairie de Blagnac;Collectivité;Élu;;non\r\n\
    Chloé Fèvre;Coop'Vélo;SCOP;Bénévole;chloe@;oui\r\n\
    Dominique Sérès;;Habitant;Citoyen;;\r\n";

/// The list's bytes in Windows-1252, which matches Latin-1 for every character it uses.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            let code = u32::from(c);
            assert!(code < 0x80 || (0xA0..0x100).contains(&code), "{c:?} is written the same in Latin-1");
            code as u8
        })
        .collect()
}

fn selected_value(session: &Session, css: &str) -> String {
    let value = session.wait_for(css).and_then(|select| select.property("value")).unwrap();
    value.as_str().unwrap_or_default().to_owned()
}

/// Screenshots of `step` on a 1024×768 laptop and a 1920×1080 projector.
fn screenshots(app: &DesktopApp, session: &Session, step: &str) {
    screenshots_laptop_and_projector(app, session, step, None);
}

fn write_list(folder: &Path) -> String {
    let path = folder.join("émargement Blagnac.csv");
    std::fs::write(&path, windows_1252(SIGN_UP_LIST)).expect("the list can be written");
    path.display().to_string()
}

#[test]
fn a_french_sign_up_list_is_imported_printed_and_its_people_named_in_captures() {
    let app = DesktopApp::start("attendance");
    let list = write_list(app.data_dir());
    let session = app.launch();
    open_first_demo_workshop(&session);
    let before = session.find_all("[data-testid=participant]").unwrap().len();

    // Import: the path is typed (the file dialog is out of WebDriver's reach), Enter reads it.
    click(&session, "[data-testid=attendance-import-open]");
    let path = session.wait_for("[data-testid=attendance-import-path]").unwrap();
    path.send_keys(&format!("{list}{ENTER}")).unwrap();
    session
        .wait_for_text("[data-testid=attendance-import-count]", "4 lignes lues")
        .expect("the four people of the list are read, the header apart");
    let headers = texts(&session, "[data-testid=attendance-import-preview] th");
    assert!(
        headers.iter().any(|h| h.contains("Rôle")) && headers.iter().any(|h| h.contains("Nommé·e")),
        "Windows-1252 accents are decoded in the headers: {headers:?}"
    );
    let rows = texts(&session, "[data-testid=attendance-import-sample-row]");
    assert!(rows[0].contains("Régie de quartier Nord"), "and in the cells: {rows:?}");
    assert_eq!(selected_value(&session, "[data-testid=attendance-map-name]"), "0", "« Nom » is guessed");
    assert_eq!(selected_value(&session, "[data-testid=attendance-map-role]"), "3", "« Rôle » is guessed");
    assert_eq!(
        selected_value(&session, "[data-testid=attendance-map-consent]"),
        "",
        "« Nommé·e » is not a header the app knows: the facilitator maps it"
    );
    choose(&session, "[data-testid=attendance-map-consent]", "F · Nommé·e");
    assert_eq!(selected_value(&session, "[data-testid=attendance-map-consent]"), "5");
    screenshots(&app, &session, "import-mapping");

    click(&session, "[data-testid=attendance-import-run]");
    session
        .wait_for_text("[data-testid=attendance-import-added]", "3 personnes ajoutées")
        .expect("Amina, Bernard and Dominique are added");
    let problems = session.find_all("[data-testid=attendance-import-problem]").unwrap();
    assert_eq!(
        problems.len(),
        1,
        "one row is refused: {:?}",
        texts(&session, "[data-testid=attendance-import-problem]")
    );
    assert_eq!(problems[0].attribute("data-line").unwrap().as_deref(), Some("4"), "Chloé's row is line 4");
    let problem = problems[0].text().unwrap();
    assert!(
        problem.contains("Ligne 4") && problem.contains("chloe@"),
        "the reason quotes what to fix: {problem}"
    );
    screenshots(&app, &session, "import-report");

    session.press(&[ESCAPE]).unwrap();
    session
        .wait_until("the import dialog to close", || {
            Ok(session.find_all("[data-testid=attendance-import]")?.is_empty().then_some(()))
        })
        .unwrap();
    let participants = session
        .wait_until("the imported people in the list", || {
            let shown = texts(&session, "[data-testid=participant]");
            Ok((shown.len() == before + 3).then_some(shown))
        })
        .expect("the participants list shows the three people added");
    let amina = participants.iter().find(|p| p.contains("Amina Diallo")).expect("Amina is listed");
    assert!(amina.contains("Régie de quartier Nord") && amina.contains("accepte d'être nommé·e"), "{amina}");
    let bernard = participants.iter().find(|p| p.contains("Bernard Roux")).expect("Bernard is listed");
    assert!(bernard.contains("Collectivité") && bernard.contains("Élu·e"), "{bernard}");
    assert!(!bernard.contains("accepte d'être nommé·e"), "« non » is no consent: {bernard}");
    assert!(!participants.iter().any(|p| p.contains("Chloé")), "the refused row adds no one");
    session
        .wait_for("[data-testid=attendance-sheet-open]")
        .and_then(|button| button.scroll_into_view())
        .unwrap();
    screenshots(&app, &session, "participants");

    // The attendance sheet, with the system's print dialog replaced by a counter.
    session
        .execute(
            "window.print = () => { window.recoltePrinted = (window.recoltePrinted || 0) + 1; };",
            json!([]),
        )
        .unwrap();
    click(&session, "[data-testid=attendance-sheet-open]");
    session.wait_for("[data-testid=attendance-sheet]").expect("the sheet opens");
    let names = texts(&session, "[data-testid=attendance-sheet-row] [data-testid=attendance-sheet-name]");
    for name in ["Amina Diallo", "Bernard Roux", "Dominique Sérès"] {
        assert!(names.iter().any(|n| n == name), "{name} has a line to sign: {names:?}");
    }
    assert_eq!(names.len(), before + 3, "one line per person attending");
    assert_eq!(
        session.find_all("[data-testid=attendance-sheet-blank]").unwrap().len(),
        10,
        "lines for late arrivals"
    );
    let sheet = session.wait_for("[data-testid=attendance-sheet]").unwrap().text().unwrap();
    assert!(!sheet.contains("amina@example.org"), "emails are not printed for the room");
    let printed = session.wait_until("the print dialog to be asked for", || {
        let count = session.execute("return window.recoltePrinted || 0;", json!([]))?;
        Ok((count.as_u64() == Some(1)).then_some(()))
    });
    printed.expect("opening the sheet asks for the print dialog once");
    screenshots(&app, &session, "sheet");
    session.press(&[ESCAPE]).unwrap();
    session
        .wait_until("the sheet to close", || {
            Ok(session.find_all("[data-testid=attendance-sheet]")?.is_empty().then_some(()))
        })
        .unwrap();
    session.wait_for("[data-testid=workshop-title]").expect("Escape leaves the sheet, not the workshop");

    // The capture bar reads the markers while the line is typed, before Enter.
    let bar = session.wait_for("[data-testid=capture-input]").unwrap();
    bar.scroll_into_view().unwrap();
    bar.send_keys("b: Un lieu ressource partagé #3 @amina").unwrap();
    session
        .wait_for_text("[data-testid=capture-preview-category]", "Besoin")
        .expect("the b: prefix reads as Besoin");
    let stakes = session.wait_for("[data-testid=capture-preview-stakes]").unwrap().text().unwrap();
    assert!(stakes.contains("#3"), "stake 3 is read: {stakes}");
    session
        .wait_for_text("[data-testid=capture-preview-attribution]", "Amina Diallo")
        .expect("@amina names the person just imported");
    screenshots(&app, &session, "capture-preview");
    bar.send_keys(ENTER).unwrap();
    session.wait_for_text("[data-testid=save-state]", "Enregistré").expect("Enter still saves the line");
    session
        .wait_until("the preview to empty with the bar", || {
            let line = session.wait_for("[data-testid=capture-preview]")?.attribute("data-line")?;
            Ok((line.as_deref() == Some("")).then_some(()))
        })
        .unwrap();
    session.end().unwrap();
}
