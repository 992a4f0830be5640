//! Capturing contributions into a real store: markers, phases, drafts, edits and undo.

use recolte::store::{Sources, Store};
use recolte::template;
use recolte::view::Attribution;
use uuid::Uuid;

fn demo() -> (tempfile::TempDir, Store, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 21)).unwrap();
    let diagnostic = template::ensure_initial_diagnostic(&mut store).unwrap();
    let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
    (dir, store, workshop)
}

#[test]
fn a_captured_line_is_saved_with_its_markers_in_the_current_phase_and_survives_a_reopen() {
    let (dir, mut store, workshop) = demo();
    let detail = store.workshop_detail(workshop).unwrap();
    let needs = detail.phases.iter().find(|p| p.title == "Besoins").unwrap().id;
    store.set_current_phase(workshop, needs).unwrap();
    store.save_draft(workshop, "b: Un lieu ressou").unwrap();

    let captured = store.capture(workshop, "b: Un lieu ressource mutualisé #2 @asso").unwrap();
    assert!(captured.warnings.is_empty(), "every marker was understood: {:?}", captured.warnings);
    assert_eq!(store.draft(workshop).unwrap(), None, "a saved line's draft is cleared");
    drop(store);

    let store = Store::open(&dir.path().join("s.sqlite3"), Sources::system()).unwrap();
    let view = store.contribution_view(captured.contribution).unwrap();
    assert_eq!(view.text, "Un lieu ressource mutualisé", "markers are not part of the text");
    assert_eq!(view.phase_id, Some(needs), "recorded in the current phase");
    let overview = store.diagnostic_overview(store.workshop_detail(workshop).unwrap().diagnostic_id).unwrap();
    assert_eq!(view.stake_ids, vec![overview.stakes[1].id], "#2 is the second stake");
    let besoin = overview.categories.iter().find(|c| c.code == "besoin").unwrap().id;
    assert_eq!(view.category_id, Some(besoin));
    assert!(
        matches!(view.attribution, Attribution::Structure { .. }),
        "@asso attributes to a type of structure"
    );
    assert_eq!(
        store.workshop_detail(workshop).unwrap().current_phase_id,
        Some(needs),
        "the current phase is kept"
    );
}

#[test]
fn a_draft_survives_a_restart_until_it_is_captured() {
    let (dir, mut store, workshop) = demo();
    store.save_draft(workshop, "d: Les locaux sont trop ch").unwrap();
    drop(store);
    let mut store = Store::open(&dir.path().join("s.sqlite3"), Sources::system()).unwrap();
    assert_eq!(
        store.draft(workshop).unwrap().as_deref(),
        Some("d: Les locaux sont trop ch"),
        "the half-typed line is back"
    );
    store.save_draft(workshop, "   ").unwrap();
    assert_eq!(store.draft(workshop).unwrap(), None, "an emptied bar has no draft");
}

#[test]
fn edits_deletions_and_restores_are_kept_and_the_deleted_list_offers_them_back() {
    let (_dir, mut store, workshop) = demo();
    let captured = store.capture(workshop, "Une idée avec une fote").unwrap();
    store.edit_contribution_text(captured.contribution, "Une idée avec une faute corrigée").unwrap();
    assert!(store.edit_contribution_text(captured.contribution, "  ").is_err(), "an empty text is refused");
    store.set_contribution_deleted(captured.contribution, true).unwrap();
    let live = store.workshop_detail(workshop).unwrap().contributions;
    assert!(live.iter().all(|c| c.id != captured.contribution), "a deleted contribution leaves the list");
    let deleted = store.deleted_contributions(workshop).unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].text, "Une idée avec une faute corrigée", "the edit is kept");
    store.set_contribution_deleted(captured.contribution, false).unwrap();
    assert!(store.deleted_contributions(workshop).unwrap().is_empty(), "restored");
    assert!(store
        .workshop_detail(workshop)
        .unwrap()
        .contributions
        .iter()
        .any(|c| c.id == captured.contribution));
}

#[test]
fn the_room_shows_the_current_phase_and_its_question() {
    let (_dir, mut store, workshop) = demo();
    let phase = store.workshop_detail(workshop).unwrap().phases[2].clone();
    store.set_current_phase(workshop, phase.id).unwrap();
    let room = store.room_view(workshop, 0).unwrap();
    assert_eq!(room.phase_title.as_deref(), Some(phase.title.as_str()));
    assert_eq!(room.phase_question.as_deref(), Some(phase.question.as_str()));
    let other_workshop_phase = Uuid::from_u128(7);
    assert!(
        store.set_current_phase(workshop, other_workshop_phase).is_err(),
        "only the workshop's own phases"
    );
}

#[test]
fn a_phase_removed_from_the_agenda_is_no_longer_current() {
    let (_dir, mut store, workshop) = demo();
    let mut agenda = store.workshop_plan(workshop).unwrap().agenda;
    let removed = agenda.remove(2);
    store.set_current_phase(workshop, removed.id.unwrap()).unwrap();
    store.set_agenda(workshop, &agenda).unwrap();
    assert_eq!(
        store.current_phase(workshop).unwrap(),
        None,
        "a removed phase does not receive new contributions"
    );
    let captured = store.capture(workshop, "Après la suppression de la séquence").unwrap();
    assert_eq!(store.contribution_view(captured.contribution).unwrap().phase_id, None);
}

#[test]
fn the_preview_shows_what_the_line_will_be_saved_as() {
    let (_dir, store, workshop) = demo();
    let preview = store.capture_preview(workshop, "d: Locaux trop chers #1 @coop #9").unwrap();
    assert_eq!(preview.text, "Locaux trop chers #9", "an unreadable stake stays in the text");
    assert!(preview.category_id.is_some() && preview.stake_ids.len() == 1);
    assert_eq!(preview.attributed_to.as_deref(), Some("Coopérative"));
    assert_eq!(preview.warnings.len(), 1, "the unreadable #9 is explained");
}

#[test]
fn a_plan_and_its_agenda_are_saved_together_or_not_at_all() {
    let (_dir, mut store, workshop) = demo();
    let before = store.workshop_plan(workshop).unwrap();
    let mut plan = before.plan.clone();
    plan.place = "Nouvelle salle".into();
    let mut agenda = before.agenda.clone();
    agenda[0].title = "   ".into();
    assert!(store.save_workshop_plan(workshop, &plan, &agenda).is_err(), "a blank phase title is refused");
    assert_eq!(store.workshop_plan(workshop).unwrap(), before, "and nothing of the plan was saved either");
    agenda[0].title = "Accueil café".into();
    store.save_workshop_plan(workshop, &plan, &agenda).unwrap();
    let after = store.workshop_plan(workshop).unwrap();
    assert_eq!(
        (after.plan.place.as_str(), after.agenda[0].title.as_str()),
        ("Nouvelle salle", "Accueil café")
    );
}
