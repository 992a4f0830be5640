//! What the projector shows the room. Granted only to the `projector` window
//! (capabilities/projector.json): the facilitator's window has no reason to call it.

use recolte::view::RoomView;
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn room_view(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<RoomView, IpcError> {
    Ok(store.lock()?.room_view(workshop_id, super::timer::now_ms())?)
}
