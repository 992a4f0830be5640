//! The board: grouping a workshop's contributions into named clusters and marking
//! duplicates. The contributions themselves come with the workshop detail; these commands
//! read and change only what the board adds to them.
//!
//! Every write returns once committed, so the board may show the change as saved then.

use recolte::board::BoardView;
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// The workshop's clusters (with their members, in the order they were added) and duplicates.
#[tauri::command(async)]
pub fn board_view(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<BoardView, IpcError> {
    Ok(store.lock()?.board(workshop_id)?)
}

/// Creates an empty cluster at the end of the board; returns its id.
#[tauri::command(async)]
pub fn cluster_create(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    name: String,
) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.create_cluster(workshop_id, &name)?)
}

#[tauri::command(async)]
pub fn cluster_rename(store: State<'_, SharedStore>, id: Uuid, name: String) -> Result<(), IpcError> {
    Ok(store.lock()?.rename_cluster(id, &name)?)
}

/// Removes a cluster; its contributions go back to their columns, untouched.
#[tauri::command(async)]
pub fn cluster_delete(store: State<'_, SharedStore>, id: Uuid) -> Result<(), IpcError> {
    Ok(store.lock()?.delete_cluster(id)?)
}

/// Puts a contribution in a cluster (out of the others), or back in its column with `None`.
#[tauri::command(async)]
pub fn contribution_move_to_cluster(
    store: State<'_, SharedStore>,
    contribution_id: Uuid,
    cluster_id: Option<Uuid>,
) -> Result<(), IpcError> {
    Ok(store.lock()?.move_to_cluster(contribution_id, cluster_id)?)
}

/// Marks a contribution as repeating `original_id`, or not any more with `None`. Both keep
/// their own text and origin.
#[tauri::command(async)]
pub fn contribution_mark_duplicate(
    store: State<'_, SharedStore>,
    contribution_id: Uuid,
    original_id: Option<Uuid>,
) -> Result<(), IpcError> {
    Ok(store.lock()?.mark_duplicate(contribution_id, original_id)?)
}
