//! Searching the diagnostic's contributions (accent- and case-insensitive).

use recolte::search::SearchHit;
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn contribution_search(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    text: String,
) -> Result<Vec<SearchHit>, IpcError> {
    Ok(store.lock()?.search(diagnostic_id, &text)?)
}
