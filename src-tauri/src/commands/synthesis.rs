//! The diagnostic as a whole: the synthesis dashboard and the exports of the diagnostic
//! (report as PDF or HTML, tables as CSV, spreadsheet or Markdown).
//!
//! An export never replaces an existing file unless asked, and the PDF is typeset after the
//! store is released: other windows keep working during the second or two it takes.

use recolte::export::{write_file, DiagnosticExportFormat, Privacy};
use recolte::synthesis::{Synthesis, SynthesisFilter};
use tauri::State;
use uuid::Uuid;

use super::files::chosen_path;
use super::SharedStore;
use crate::error::IpcError;

/// Coverage, participation and priorities of the workshops the filter keeps.
#[tauri::command(async)]
pub fn synthesis_view(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    filter: SynthesisFilter,
) -> Result<Synthesis, IpcError> {
    Ok(store.lock()?.synthesis(diagnostic_id, &filter)?)
}

/// Writes the diagnostic in `format` at `destination` and returns the path written.
/// `anonymous` leaves out every name, e-mail address and phone number; the report is dated
/// with the user's today. An existing file is replaced only if `replace` says so.
#[tauri::command(async)]
pub fn diagnostic_export(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    format: DiagnosticExportFormat,
    anonymous: bool,
    destination: String,
    replace: bool,
) -> Result<String, IpcError> {
    let destination = chosen_path(&destination, "le fichier à écrire")?;
    let privacy = if anonymous { Privacy::Anonymous } else { Privacy::Named };
    let today = chrono::Local::now().date_naive();
    // Read under the lock, typeset without it.
    let prepared = store.lock()?.prepare_export(diagnostic_id, format, privacy, today)?;
    let bytes = prepared.into_bytes()?;
    write_file(&bytes, &destination, replace)?;
    Ok(destination.display().to_string())
}
