//! Planning workshops (what, where, when, who facilitates, the agenda) and taking attendance.

use recolte::plan::{NewAttendee, PhasePlan, WorkshopPlan, WorkshopPlanView};
use recolte::template;
use recolte::view::ParticipantView;
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// The usual agenda (accueil, tour de table… clôture) a new workshop's form starts from.
#[tauri::command(async)]
pub fn agenda_default() -> Vec<PhasePlan> {
    template::default_agenda()
}

/// Creates a workshop of `diagnostic_id` with its agenda; returns its id.
#[tauri::command(async)]
pub fn workshop_create(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    plan: WorkshopPlan,
    agenda: Vec<PhasePlan>,
) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.create_workshop(diagnostic_id, &plan, &agenda)?)
}

/// A workshop's plan and agenda, for the form that edits them.
#[tauri::command(async)]
pub fn workshop_plan(store: State<'_, SharedStore>, id: Uuid) -> Result<WorkshopPlanView, IpcError> {
    Ok(store.lock()?.workshop_plan(id)?)
}

/// Saves an edited plan and its agenda together (both or neither); the engine writes only
/// the fields that changed.
#[tauri::command(async)]
pub fn workshop_update(
    store: State<'_, SharedStore>,
    id: Uuid,
    plan: WorkshopPlan,
    agenda: Vec<PhasePlan>,
) -> Result<(), IpcError> {
    Ok(store.lock()?.save_workshop_plan(id, &plan, &agenda)?)
}

/// Saves an agenda in the order given: phases with an id are updated, without one created,
/// and the ones left out deleted (their contributions keep them).
#[tauri::command(async)]
pub fn workshop_agenda_set(
    store: State<'_, SharedStore>,
    id: Uuid,
    agenda: Vec<PhasePlan>,
) -> Result<(), IpcError> {
    Ok(store.lock()?.set_agenda(id, &agenda)?)
}

/// A new workshop with a past one's plan and agenda, at another date; returns its id.
#[tauri::command(async)]
pub fn workshop_duplicate(
    store: State<'_, SharedStore>,
    source_id: Uuid,
    title: String,
    starts_at: Option<String>,
    ends_at: Option<String>,
) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.duplicate_workshop_plan(source_id, &title, starts_at.as_deref(), ends_at.as_deref())?)
}

/// Registers someone arriving at the workshop; returns them as the participants list shows them.
#[tauri::command(async)]
pub fn attendee_add(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    attendee: NewAttendee,
) -> Result<ParticipantView, IpcError> {
    Ok(store.lock()?.add_attendee(workshop_id, &attendee)?)
}

/// Marks someone as not attending after all; the person stays in the diagnostic.
#[tauri::command(async)]
pub fn attendee_remove(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    participant_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.remove_attendee(workshop_id, participant_id)?)
}
