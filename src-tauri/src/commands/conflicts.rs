//! Reviewing conflicts: two people changed the same field without seeing each other's change.

use recolte::sync::review::{ConflictChoice, ConflictView};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn conflict_list(store: State<'_, SharedStore>) -> Result<Vec<ConflictView>, IpcError> {
    Ok(store.lock()?.open_conflicts()?)
}

/// Records the user's decision; the UI then reads the list again.
#[tauri::command(async)]
pub fn conflict_resolve(
    store: State<'_, SharedStore>,
    table: String,
    record_id: Uuid,
    field: String,
    choice: ConflictChoice,
) -> Result<(), IpcError> {
    Ok(store.lock()?.resolve_conflict(&table, record_id, &field, &choice)?)
}
