//! Registering a workshop's attendees from a sign-up list (a spreadsheet's CSV).
//!
//! The list is named by its path, as picked in the file dialog or typed; the engine reads
//! it, so the window never handles the file itself. Previewing writes nothing; importing
//! writes every readable row and reports the others by line.

use std::path::Path;

use recolte::attendance_csv::{self, AttendeeColumns, AttendeeImportReport, CsvPreview};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// The list's headers, the columns guessed from them and its first rows; changes nothing.
#[tauri::command(async)]
pub fn attendance_csv_preview(path: String) -> Result<CsvPreview, IpcError> {
    Ok(attendance_csv::preview_csv_file(Path::new(path.trim()))?)
}

/// Registers the list's people as attendees of `workshop_id`, reading `columns` as mapped
/// by the facilitator.
#[tauri::command(async)]
pub fn attendance_csv_import(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    path: String,
    columns: AttendeeColumns,
) -> Result<AttendeeImportReport, IpcError> {
    Ok(store.lock()?.import_attendees_file(workshop_id, Path::new(path.trim()), &columns)?)
}
