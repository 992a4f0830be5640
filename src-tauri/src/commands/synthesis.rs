//! The diagnostic as a whole: the synthesis dashboard and the exports of the diagnostic
//! (report as PDF or HTML, tables as CSV, spreadsheet or Markdown).
//!
//! An export never replaces an existing file unless asked, and the PDF is typeset after the
//! store is released: other windows keep working during the second or two it takes.

use recolte::export::{write_file, Privacy, TableFormat};
use recolte::synthesis::{Synthesis, SynthesisFilter};
use serde::Deserialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::files::chosen_path;
use super::SharedStore;
use crate::error::IpcError;

/// The files a diagnostic can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DiagnosticExportFormat {
    Pdf,
    Html,
    Csv,
    Xlsx,
    Md,
}

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
    let day = chrono::Local::now().date_naive();
    let today = day.format("%Y-%m-%d").to_string();
    let table = |format| -> Result<Vec<u8>, IpcError> {
        Ok(store.lock()?.export_bytes(diagnostic_id, format, privacy)?)
    };
    let bytes = match format {
        DiagnosticExportFormat::Pdf => {
            // Built under the lock, typeset without it.
            let report = store.lock()?.report(diagnostic_id, privacy, &today)?;
            recolte::report::pdf::render(&report, day)?
        }
        DiagnosticExportFormat::Html => {
            recolte::report::html::render(&store.lock()?.report(diagnostic_id, privacy, &today)?).into_bytes()
        }
        DiagnosticExportFormat::Csv => table(TableFormat::Csv)?,
        DiagnosticExportFormat::Xlsx => table(TableFormat::Xlsx)?,
        DiagnosticExportFormat::Md => table(TableFormat::Markdown)?,
    };
    write_file(&bytes, &destination, replace)?;
    Ok(destination.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_arrive_as_the_ui_names_them() {
        for (text, format) in [
            ("pdf", DiagnosticExportFormat::Pdf),
            ("html", DiagnosticExportFormat::Html),
            ("csv", DiagnosticExportFormat::Csv),
            ("xlsx", DiagnosticExportFormat::Xlsx),
            ("md", DiagnosticExportFormat::Md),
        ] {
            let parsed: DiagnosticExportFormat =
                serde_json::from_value(serde_json::json!(text)).expect("a format the UI sends");
            assert_eq!(parsed, format, "the UI sends {text:?}");
        }
    }
}
