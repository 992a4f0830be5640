//! Recommendations (préconisations): listing, writing and ordering them, promoting a
//! contribution to one, and importing a board exported by another tool into a workshop.
//!
//! Every write returns once committed; the screen reloads the list it shows from
//! `recommendations_list`, where "Issue des ateliers …" is computed from the live sources.

use std::path::Path;

use recolte::contribution_import::{
    self, ContributionColumns, ContributionCsvPreview, ContributionImportReport,
};
use recolte::recommendations::{
    NewRecommendation, RecommendationStatus, RecommendationText, RecommendationView,
};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// The diagnostic's recommendations in their order, with their sources.
#[tauri::command(async)]
pub fn recommendations_list(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
) -> Result<Vec<RecommendationView>, IpcError> {
    Ok(store.lock()?.recommendations(diagnostic_id)?)
}

/// Creates a recommendation at the end of the list; returns its id.
#[tauri::command(async)]
pub fn recommendation_create(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    recommendation: NewRecommendation,
) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.create_recommendation(diagnostic_id, &recommendation)?)
}

/// Rewrites the title, text and audience (only what changed).
#[tauri::command(async)]
pub fn recommendation_update(
    store: State<'_, SharedStore>,
    id: Uuid,
    text: RecommendationText,
) -> Result<(), IpcError> {
    Ok(store.lock()?.update_recommendation(id, &text)?)
}

#[tauri::command(async)]
pub fn recommendation_set_status(
    store: State<'_, SharedStore>,
    id: Uuid,
    status: RecommendationStatus,
) -> Result<(), IpcError> {
    Ok(store.lock()?.set_recommendation_status(id, status)?)
}

/// Makes the recommendation's stakes exactly `stake_ids`.
#[tauri::command(async)]
pub fn recommendation_set_stakes(
    store: State<'_, SharedStore>,
    id: Uuid,
    stake_ids: Vec<Uuid>,
) -> Result<(), IpcError> {
    Ok(store.lock()?.set_recommendation_stakes(id, &stake_ids)?)
}

/// Links one more contribution as a source, from any workshop of the diagnostic, so that
/// "Issue des ateliers …" names every workshop it came from.
#[tauri::command(async)]
pub fn recommendation_add_source(
    store: State<'_, SharedStore>,
    id: Uuid,
    contribution_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.add_recommendation_source(id, contribution_id)?)
}

/// Takes a contribution out of the sources; the contribution itself stays.
#[tauri::command(async)]
pub fn recommendation_remove_source(
    store: State<'_, SharedStore>,
    id: Uuid,
    contribution_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.remove_recommendation_source(id, contribution_id)?)
}

#[tauri::command(async)]
pub fn recommendation_delete(store: State<'_, SharedStore>, id: Uuid) -> Result<(), IpcError> {
    Ok(store.lock()?.delete_recommendation(id)?)
}

/// Moves a recommendation to `index` (0-based) in the list.
#[tauri::command(async)]
pub fn recommendation_move(store: State<'_, SharedStore>, id: Uuid, index: u32) -> Result<(), IpcError> {
    Ok(store.lock()?.move_recommendation(id, index)?)
}

/// Makes a recommendation of a contribution in one step; returns its id.
#[tauri::command(async)]
pub fn contribution_promote(store: State<'_, SharedStore>, contribution_id: Uuid) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.promote_contribution(contribution_id)?)
}

/// A board's headers, the columns guessed from them and its first rows; changes nothing.
#[tauri::command(async)]
pub fn contributions_csv_preview(path: String) -> Result<ContributionCsvPreview, IpcError> {
    Ok(contribution_import::preview_contributions_csv_file(Path::new(path.trim()))?)
}

/// Imports the board's rows as contributions of `workshop_id` (with its groups and votes).
#[tauri::command(async)]
pub fn contributions_csv_import(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    path: String,
    columns: ContributionColumns,
) -> Result<ContributionImportReport, IpcError> {
    Ok(store.lock()?.import_contributions_file(workshop_id, Path::new(path.trim()), &columns)?)
}
