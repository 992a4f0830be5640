//! The facilitator's home screen: which diagnostics exist, which one is open.

use recolte::template;
use recolte::view::{DiagnosticOverview, DiagnosticSummary};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn diagnostic_list(store: State<'_, SharedStore>) -> Result<Vec<DiagnosticSummary>, IpcError> {
    Ok(store.lock()?.list_diagnostics()?)
}

#[tauri::command(async)]
pub fn diagnostic_current(store: State<'_, SharedStore>) -> Result<DiagnosticOverview, IpcError> {
    let store = store.lock()?;
    let id = store.current_diagnostic()?.ok_or_else(IpcError::no_current_diagnostic)?;
    Ok(store.diagnostic_overview(id)?)
}

#[tauri::command(async)]
pub fn diagnostic_open(store: State<'_, SharedStore>, id: Uuid) -> Result<DiagnosticOverview, IpcError> {
    let mut store = store.lock()?;
    store.set_current_diagnostic(id)?;
    Ok(store.diagnostic_overview(id)?)
}

#[tauri::command(async)]
pub fn diagnostic_create(
    store: State<'_, SharedStore>,
    title: String,
) -> Result<DiagnosticOverview, IpcError> {
    let mut store = store.lock()?;
    let id = template::create_empty_diagnostic(&mut store, &title)?; // also makes it current
    Ok(store.diagnostic_overview(id)?)
}
