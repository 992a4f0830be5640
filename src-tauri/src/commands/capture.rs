//! Capturing a workshop live: the capture bar, the line being typed, the current phase, and
//! correcting, deleting and restoring what was captured.
//!
//! Every write returns only once the engine has committed it (`synchronous=FULL`), so the
//! page may show "Enregistré" as soon as a call resolves, and must not before.

use recolte::capture::CapturePreview;
use recolte::view::ContributionView;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// What the capture bar gets back once a line is on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CaptureOutcome {
    /// The contribution as the live list shows it: text, category, stakes, attribution.
    pub contribution: ContributionView,
    /// Markers of the line that could not be read (they stayed in the text), in French.
    pub warnings: Vec<String>,
}

/// Saves one line of the capture bar in the workshop's current phase.
///
/// The contribution is read back under the same lock, so the list shows exactly what the
/// engine understood of the line (its category, stakes and attribution), not a guess.
#[tauri::command(async)]
pub fn contribution_capture(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    line: String,
) -> Result<CaptureOutcome, IpcError> {
    let mut store = store.lock()?;
    let captured = store.capture(workshop_id, &line)?;
    let contribution = store.contribution_view(captured.contribution)?;
    Ok(CaptureOutcome { contribution, warnings: captured.warnings })
}

/// Corrects a contribution's text in place; returns it as now stored (trimmed).
#[tauri::command(async)]
pub fn contribution_edit(
    store: State<'_, SharedStore>,
    id: Uuid,
    text: String,
) -> Result<ContributionView, IpcError> {
    let mut store = store.lock()?;
    store.edit_contribution_text(id, &text)?;
    Ok(store.contribution_view(id)?)
}

/// Deletes (`deleted = true`) or restores (`false`) a contribution: both are stamped edits,
/// so the later of a deletion and a restore wins on every copy after a sync.
#[tauri::command(async)]
pub fn contribution_set_deleted(
    store: State<'_, SharedStore>,
    id: Uuid,
    deleted: bool,
) -> Result<(), IpcError> {
    Ok(store.lock()?.set_contribution_deleted(id, deleted)?)
}

/// The workshop's deleted contributions, which the facilitator may restore.
#[tauri::command(async)]
pub fn contributions_deleted(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
) -> Result<Vec<ContributionView>, IpcError> {
    Ok(store.lock()?.deleted_contributions(workshop_id)?)
}

/// Keeps the line being typed, so a crash or a flat battery does not lose it.
#[tauri::command(async)]
pub fn capture_draft_save(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    text: String,
) -> Result<(), IpcError> {
    Ok(store.lock()?.save_draft(workshop_id, &text)?)
}

/// The line that was being typed when the app last stopped, if any.
#[tauri::command(async)]
pub fn capture_draft(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<Option<String>, IpcError> {
    Ok(store.lock()?.draft(workshop_id)?)
}

/// Moves the workshop to another phase: the next captures are recorded in it, and the
/// projector shows its title and question.
#[tauri::command(async)]
pub fn phase_set_current(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    phase_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.set_current_phase(workshop_id, phase_id)?)
}

/// What the line being typed would be saved as (category, stakes, attribution, unread
/// markers); changes nothing.
#[tauri::command(async)]
pub fn capture_preview(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    line: String,
) -> Result<CapturePreview, IpcError> {
    Ok(store.lock()?.capture_preview(workshop_id, &line)?)
}
