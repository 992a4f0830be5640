//! From what a room proposes to the diagnostic's recommendations, in the real app and with
//! the keyboard: a contribution captured as a préconisation is promoted in one step, the
//! recommendations screen says which workshop and which contribution it comes from, its
//! status and audience are changed, and its source leads back to the workshop. Then a board
//! exported by another tool (Klaxoon) is imported into a workshop. Last, a contribution of
//! another workshop, found by its words, is linked as a second source, and the
//! recommendation then says it comes from both workshops.

use recolte_e2e::{
    attribute, capture, focused_testid, open_first_demo_workshop, press, screenshots_laptop_and_projector,
    tab_to, text_of, texts, type_keys, wait_for_text, DesktopApp, Session, ALT, ARROW_UP, CONTROL, ENTER,
    ESCAPE,
};
use serde_json::json;

/// As Klaxoon exports a board: an author column (never carried over), a column of votes, a
/// group, one row without text and one with an unknown category.
const KLAXOON_BOARD: &str = "Idée;Catégorie;Auteur;Enjeux;Groupe;Votes\n\
    Un tiers-lieu pour les associations du secteur;Besoin;Nadia F.;2;Lieux;4\n\
    ;Constat;Paul;;;\n\
    Des locaux trop chers pour les jeunes structures;Difficulté;Jean;1;Lieux;2\n\
    Un annuaire des structures solidaires;Truc;Léa;#3;;\n";

/// WebDriver's code for ←, which the harness does not name.
const ARROW_LEFT: &str = "\u{E012}";

/// WebDriver's code for Tab.
const TAB: &str = "\u{E004}";

/// What the demo's Sud-Est workshop said, to be linked as a second source.
const SOUTH_EAST_NEED: &str = "Des financements pluriannuels plutôt que des appels à projets annuels.";
const SOUTH_EAST_TITLE: &str = "Atelier territorial — Secteur Sud-Est";

const PROPOSAL: &str =
    "Créer un fonds local de garantie pour les structures de l'ESS. Géré avec les banques du territoire.";

fn focused_attribute(session: &Session, name: &str) -> String {
    session
        .execute("return document.activeElement?.getAttribute(arguments[0]) ?? ''", json!([name]))
        .expect("the page answers")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn wait_for_focus(session: &Session, testid: &str) {
    session
        .wait_until(&format!("the focus on {testid}"), || {
            Ok((focused_testid(session) == testid).then_some(()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_proposal_becomes_a_recommendation_traced_to_its_workshop_and_a_klaxoon_board_is_imported() {
    let app = DesktopApp::start("recommendations");
    let board = app.data_dir().join("tableau klaxoon.csv");
    std::fs::write(&board, KLAXOON_BOARD).expect("the board can be written");
    let session = app.launch();
    open_first_demo_workshop(&session);
    let workshop_title = text_of(&session, "[data-testid=workshop-title]");
    let captured_before = session.find_all("[data-testid=contribution]").unwrap().len();

    // Captured as a préconisation with its prefix, then promoted from the list with P.
    capture(&session, &format!("p: {PROPOSAL} #2"), 1);
    press(&session, &[ARROW_UP]);
    assert_eq!(focused_testid(&session), "contribution", "↑ in the empty bar reaches the last line");
    let contribution_id = focused_attribute(&session, "data-contribution-id");
    assert!(
        text_of(
            &session,
            &format!("[data-contribution-id='{contribution_id}'] [data-testid=promote-contribution]")
        )
        .contains("Promouvoir en préconisation"),
        "a préconisation offers the promotion, with its key"
    );
    type_keys(&session, "p");
    let confirmation = wait_for_text(&session, "[data-testid=promoted]", "Préconisation créée");
    assert!(confirmation.contains("Créer un fonds local"), "{confirmation}");
    wait_for_focus(&session, "promoted-open");
    screenshots_laptop_and_projector(&app, &session, "promoted", Some("[data-testid=promoted]"));

    // Enter follows the link: the recommendations screen, on the new one.
    press(&session, &[ENTER]);
    session.wait_for("[data-testid=recommendations-screen]").expect("the recommendations screen opens");
    wait_for_focus(&session, "recommendation");
    let item = "[data-testid=recommendation]";
    assert_eq!(
        text_of(&session, &format!("{item} [data-testid=recommendation-title]")),
        "Créer un fonds local de garantie pour les structures de l'ESS",
        "the first sentence is the title"
    );
    let from = text_of(&session, &format!("{item} [data-testid=recommendation-from]"));
    assert_eq!(from, format!("Issue de l'atelier « {workshop_title} »"));
    let sources = texts(&session, &format!("{item} [data-testid=recommendation-source]"));
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].contains(PROPOSAL), "the exact contribution is listed: {sources:?}");
    assert!(
        texts(&session, &format!("{item} [data-testid=recommendation-stake]"))[0].starts_with("Enjeu 2"),
        "the contribution's stake came with it"
    );

    // The status by its key: 2 is Retenue.
    type_keys(&session, "2");
    session
        .wait_until("the status Retenue", || {
            Ok((attribute(&session, item, "data-status").as_deref() == Some("retenue")).then_some(()))
        })
        .unwrap();
    wait_for_focus(&session, "recommendation");

    // Enter edits; the audience is ticked from the keyboard; Ctrl+Enter saves.
    press(&session, &[ENTER]);
    wait_for_focus(&session, "recommendation-title-input");
    tab_to(&session, "recommendation-audience-élus", 6);
    type_keys(&session, " ");
    tab_to(&session, "recommendation-audience-services", 2);
    type_keys(&session, " ");
    screenshots_laptop_and_projector(&app, &session, "edit", Some("[data-testid=recommendation-form]"));
    press(&session, &[CONTROL, ENTER]);
    wait_for_text(
        &session,
        &format!("{item} [data-testid=recommendation-audience-shown]"),
        "Pour : élus, services",
    );
    assert_eq!(
        attribute(&session, item, "data-status").as_deref(),
        Some("retenue"),
        "editing kept the status"
    );
    wait_for_focus(&session, "recommendation");
    screenshots_laptop_and_projector(&app, &session, "list", None);

    // The source leads back to the workshop, on the contribution.
    tab_to(&session, "recommendation-source", 4);
    press(&session, &[ENTER]);
    session.wait_for("[data-testid=capture-input]").expect("back on the workshop screen");
    session
        .wait_until("the source contribution to have the focus", || {
            Ok((focused_attribute(&session, "data-contribution-id") == contribution_id).then_some(()))
        })
        .unwrap();
    screenshots_laptop_and_projector(&app, &session, "source-in-workshop", None);

    // Another tool's board, with Alt+I.
    press(&session, &[ALT, "i"]);
    wait_for_focus(&session, "contributions-import-path");
    type_keys(&session, &format!("{}{ENTER}", board.display()));
    wait_for_text(&session, "[data-testid=contributions-import-count]", "4 lignes lues");
    assert!(
        text_of(&session, "[data-testid=contributions-import-anonymous]")
            .contains("auteurs ne sont jamais repris"),
        "the dialog says authors are not carried over"
    );
    let headers = texts(&session, "[data-testid=contributions-import-preview] th");
    let author = headers.iter().find(|h| h.contains("Auteur")).expect("the author column is shown");
    assert!(author.contains("ignorée"), "no field reads it: {author}");
    screenshots_laptop_and_projector(&app, &session, "import-mapping", None);
    tab_to(&session, "contributions-import-run", 20);
    press(&session, &[ENTER]);
    wait_for_text(&session, "[data-testid=contributions-import-added]", "3 contributions importées");
    assert!(text_of(&session, "[data-testid=contributions-import-groups]").contains("1 regroupement créé"));
    assert!(text_of(&session, "[data-testid=contributions-import-votes]")
        .contains("6 votes repris sur 2 contributions"));
    let problems = texts(&session, "[data-testid=contributions-import-problem]");
    assert!(
        problems.iter().any(|p| p.starts_with("Ligne 3") && p.contains("pas de texte"))
            && problems.iter().any(|p| p.starts_with("Ligne 5") && p.contains("« Truc »")),
        "each row to check is named by its line, in French: {problems:?}"
    );
    screenshots_laptop_and_projector(
        &app,
        &session,
        "import-report",
        Some("[data-testid=contributions-import-report]"),
    );

    press(&session, &[ESCAPE]);
    session
        .wait_until("the import dialog to close", || {
            Ok(session.find_all("[data-testid=contributions-import]")?.is_empty().then_some(()))
        })
        .unwrap();
    let shown = session
        .wait_until("the imported contributions in the capture list", || {
            let shown = texts(&session, "[data-testid=contribution-text]");
            Ok((shown.len() == captured_before + 1 + 3).then_some(shown))
        })
        .unwrap();
    for text in [
        "Un tiers-lieu pour les associations du secteur",
        "Des locaux trop chers pour les jeunes structures",
        "Un annuaire des structures solidaires",
    ] {
        assert!(shown.iter().any(|s| s == text), "{text} is in the list: {shown:?}");
    }
    let imported = texts(&session, "[data-testid=contribution]");
    let place = imported.iter().find(|c| c.contains("Un tiers-lieu")).unwrap();
    assert!(place.contains("Anonyme") && !place.contains("Nadia"), "the author is not carried over: {place}");
    screenshots_laptop_and_projector(&app, &session, "imported", None);

    // Back home, Alt+P opens the recommendations again: what was changed is kept.
    press(&session, &[ALT, ARROW_LEFT]);
    session
        .wait_for("[data-testid=recommendations-open]")
        .expect("the home screen offers the recommendations");
    press(&session, &[ALT, "p"]);
    session.wait_for("[data-testid=recommendations-screen]").expect("Alt+P opens the recommendations");
    assert_eq!(attribute(&session, item, "data-status").as_deref(), Some("retenue"));
    wait_for_text(&session, &format!("{item} [data-testid=recommendation-audience-shown]"), "élus, services");

    // S on the recommendation: a contribution of another workshop, found by its words and
    // chosen with Tab then Enter, becomes a second source.
    wait_for_focus(&session, "recommendation");
    type_keys(&session, "s");
    wait_for_focus(&session, "recommendation-source-search");
    type_keys(&session, &format!("financements pluriannuels{ENTER}"));
    let hit = wait_for_text(&session, "[data-testid=recommendation-source-hit]", SOUTH_EAST_NEED);
    assert!(hit.contains(SOUTH_EAST_TITLE), "the hit names its workshop: {hit}");
    press(&session, &[TAB]);
    assert_eq!(focused_testid(&session), "recommendation-source-hit", "Tab reaches the hit");
    screenshots_laptop_and_projector(
        &app,
        &session,
        "link-search",
        Some("[data-testid=recommendation-link-panel]"),
    );
    press(&session, &[ENTER]);
    let from =
        wait_for_text(&session, &format!("{item} [data-testid=recommendation-from]"), "Issue des ateliers");
    assert_eq!(from, format!("Issue des ateliers « {workshop_title} » et « {SOUTH_EAST_TITLE} »"));
    let sources = texts(&session, &format!("{item} [data-testid=recommendation-source]"));
    assert_eq!(sources.len(), 2, "the promoted contribution and the linked one: {sources:?}");
    assert!(
        sources.iter().any(|s| s.contains(PROPOSAL)) && sources.iter().any(|s| s.contains(SOUTH_EAST_NEED)),
        "both contributions are listed: {sources:?}"
    );
    wait_for_focus(&session, "recommendation-source-search");

    // The keyboard stayed in the search: the contribution already linked is « déjà liée ».
    type_keys(&session, &format!("fonds garantie{ENTER}"));
    let again = wait_for_text(&session, "[data-testid=recommendation-source-hit]", "déjà liée");
    assert!(again.contains("Créer un fonds local"), "{again}");
    assert!(
        attribute(&session, "[data-testid=recommendation-source-hit]", "disabled").is_some(),
        "a source cannot be linked twice"
    );
    screenshots_laptop_and_projector(&app, &session, "linked", Some(item));
    press(&session, &[ESCAPE]);
    wait_for_focus(&session, "recommendation");
    assert_eq!(
        session.find_all("[data-testid=recommendations-screen]").unwrap().len(),
        1,
        "Escape closed the search, not the screen"
    );
}
