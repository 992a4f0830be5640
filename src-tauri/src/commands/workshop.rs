//! The facilitator's workshop screen.

use recolte::view::WorkshopDetail;
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn workshop_detail(store: State<'_, SharedStore>, id: Uuid) -> Result<WorkshopDetail, IpcError> {
    Ok(store.lock()?.workshop_detail(id)?)
}
