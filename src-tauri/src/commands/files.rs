//! Exchanging files: synchronising with the shared file, exporting and importing session
//! files. These are slow (whole-file copies and merges), so they run on Tauri's thread pool
//! and a sync reports its progress over a channel.
//!
//! Paths arrive as text the user typed, pasted or picked; they must be absolute, since the
//! app's working folder means nothing to the user.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use recolte::store::StoreError;
use recolte::sync::files::{self, ExportScope, LockOwner};
use recolte::view::{ImportSummaryView, SyncPreviewView, SyncProgressView, SyncSummaryView};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;
use crate::AppFolders;

/// What the files screen starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FileDefaults {
    /// The shared file this installation last synced with (or previewed), if any.
    pub shared_file: Option<String>,
    /// Where a session file is proposed by default.
    pub export_folder: Option<String>,
}

#[tauri::command(async)]
pub fn file_defaults(
    store: State<'_, SharedStore>,
    folders: State<'_, AppFolders>,
) -> Result<FileDefaults, IpcError> {
    Ok(FileDefaults {
        shared_file: store.lock()?.shared_file()?.map(|path| path.display().to_string()),
        export_folder: folders.documents.as_ref().map(|path| path.display().to_string()),
    })
}

/// What a sync with `shared_file` would change, changing nothing.
#[tauri::command(async)]
pub fn sync_preview(store: State<'_, SharedStore>, shared_file: String) -> Result<SyncPreviewView, IpcError> {
    let shared = chosen_path(&shared_file, "le fichier partagé")?;
    let mut store = store.lock()?;
    let preview = files::preview_sync(&store, &shared)?;
    // Remembered once it proved readable, so the next sync starts from it.
    store.set_shared_file(&shared)?;
    Ok(SyncPreviewView::new(&shared, &preview))
}

/// Synchronises with `shared_file` (created if absent), sending each step to `on_progress`.
#[tauri::command(async)]
pub fn sync_run(
    store: State<'_, SharedStore>,
    folders: State<'_, AppFolders>,
    shared_file: String,
    on_progress: Channel<SyncProgressView>,
) -> Result<SyncSummaryView, IpcError> {
    let shared = chosen_path(&shared_file, "le fichier partagé")?;
    let mut store = store.lock()?;
    let summary = files::sync_with_shared(
        &mut store,
        &shared,
        &who_is_syncing(),
        SystemTime::now(),
        &folders.backups(),
        // A closed window no longer listens; the sync itself must go on.
        &mut |step| drop(on_progress.send(step.into())),
    )?;
    // Remembered once a sync went through, so a mistyped path is not kept.
    store.set_shared_file(&shared)?;
    Ok((&summary).into())
}

/// Writes a session file of the whole store, or of one workshop, at `destination`.
/// An existing file is replaced only if `replace` says so: on a shared USB key, a file of
/// the same name may be another facilitator's session. Returns the path written.
#[tauri::command(async)]
pub fn session_export(
    store: State<'_, SharedStore>,
    destination: String,
    workshop_id: Option<Uuid>,
    replace: bool,
) -> Result<String, IpcError> {
    let destination = chosen_path(&destination, "le fichier à écrire")?;
    let scope = workshop_id.map_or(ExportScope::Everything, ExportScope::Workshop);
    files::export_session(&*store.lock()?, &destination, scope, replace)?;
    Ok(destination.display().to_string())
}

/// Imports session files; a folder stands for the `.recolte` files it holds.
#[tauri::command(async)]
pub fn session_import(
    store: State<'_, SharedStore>,
    paths: Vec<String>,
) -> Result<ImportSummaryView, IpcError> {
    let paths: Vec<PathBuf> =
        paths.iter().map(|path| chosen_path(path, "le fichier à importer")).collect::<Result<_, _>>()?;
    if paths.is_empty() {
        return Err(StoreError::InvalidInput(
            "Indiquez au moins un fichier .recolte ou un dossier à importer.".to_owned(),
        )
        .into());
    }
    let summary = files::import_files(&mut *store.lock()?, &paths)?;
    Ok((&summary).into())
}

/// The path the user gave, refused when blank or relative (relative to what, for them?).
pub(crate) fn chosen_path(text: &str, what: &str) -> Result<PathBuf, IpcError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::InvalidInput(format!(
            "Indiquez {what} : tapez son chemin ou cliquez sur « Choisir… »."
        ))
        .into());
    }
    let path = Path::new(text);
    if !path.is_absolute() {
        return Err(StoreError::InvalidInput(format!(
            "« {text} » n'est pas un chemin complet. Indiquez {what} depuis la racine du disque, \
             ou cliquez sur « Choisir… »."
        ))
        .into());
    }
    Ok(path.to_path_buf())
}

/// Who is syncing, as written in the shared file's lock for whoever finds it taken.
fn who_is_syncing() -> LockOwner {
    let owner = ["USER", "USERNAME"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
        .unwrap_or_else(|| "quelqu'un".to_owned());
    let machine = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "un autre ordinateur".to_owned());
    let since = chrono::Local::now().format("%d/%m/%Y %H:%M").to_string();
    LockOwner { owner, machine, since }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_or_relative_path_is_refused_with_a_french_message() {
        for (text, expected) in [("", "Indiquez"), ("   ", "Indiquez"), ("partage.recolte", "chemin complet")]
        {
            let error = chosen_path(text, "le fichier partagé").expect_err("not a usable path");
            assert_eq!(error.code, crate::error::IpcErrorCode::InvalidInput);
            assert!(error.message.contains(expected), "{text:?}: {}", error.message);
        }
    }

    #[test]
    fn an_absolute_path_is_kept_without_its_surrounding_spaces() {
        let pasted = format!("  {}  ", std::env::temp_dir().join("partage.recolte").display());
        assert_eq!(
            chosen_path(&pasted, "le fichier partagé").unwrap(),
            std::env::temp_dir().join("partage.recolte"),
            "a pasted path often carries spaces that no one meant"
        );
    }

    #[test]
    fn the_lock_names_someone_and_somewhere() {
        let who = who_is_syncing();
        assert!(!who.owner.trim().is_empty() && !who.machine.trim().is_empty());
        assert!(
            chrono::NaiveDateTime::parse_from_str(&who.since, "%d/%m/%Y %H:%M").is_ok(),
            "the time is written the French way: {}",
            who.since
        );
    }
}
