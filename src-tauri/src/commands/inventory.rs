//! The inventory of initiatives: listing, entering and correcting them, linking the
//! contributions that cited them, merging likely duplicates, importing a spreadsheet's list
//! and exporting the inventory as CSV.
//!
//! A merge never loses a source (the engine keeps both records' sources on the one kept).
//! Lists are named by their path and read by the engine, as sign-up lists are; an export
//! never replaces an existing file unless asked.

use std::path::Path;

use recolte::export::{write_file, Privacy};
use recolte::inventory::{
    self, InitiativeColumns, InitiativeCsvPreview, InitiativeFields, InitiativeImportReport, InitiativeView,
    LikelyDuplicate,
};
use tauri::State;
use uuid::Uuid;

use super::files::chosen_path;
use super::SharedStore;
use crate::error::IpcError;

/// The inventory with each initiative's sources, by commune then name.
#[tauri::command(async)]
pub fn initiative_list(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
) -> Result<Vec<InitiativeView>, IpcError> {
    Ok(store.lock()?.initiatives(diagnostic_id)?)
}

/// Records an initiative (with the contribution it came from, if any); resolves to its id.
#[tauri::command(async)]
pub fn initiative_create(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    fields: InitiativeFields,
    from: Option<Uuid>,
) -> Result<Uuid, IpcError> {
    Ok(store.lock()?.create_initiative(diagnostic_id, &fields, from)?)
}

/// Saves an initiative's corrected fields.
#[tauri::command(async)]
pub fn initiative_update(
    store: State<'_, SharedStore>,
    id: Uuid,
    fields: InitiativeFields,
) -> Result<(), IpcError> {
    Ok(store.lock()?.update_initiative(id, &fields)?)
}

/// Removes an initiative entered by mistake.
#[tauri::command(async)]
pub fn initiative_delete(store: State<'_, SharedStore>, id: Uuid) -> Result<(), IpcError> {
    Ok(store.lock()?.delete_initiative(id)?)
}

/// Links a contribution (and so its workshop) to an initiative as a source.
#[tauri::command(async)]
pub fn initiative_source_add(
    store: State<'_, SharedStore>,
    initiative_id: Uuid,
    contribution_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.add_initiative_source(initiative_id, contribution_id)?)
}

/// Unlinks a contribution from an initiative (a source linked by mistake).
#[tauri::command(async)]
pub fn initiative_source_remove(
    store: State<'_, SharedStore>,
    initiative_id: Uuid,
    contribution_id: Uuid,
) -> Result<(), IpcError> {
    Ok(store.lock()?.remove_initiative_source(initiative_id, contribution_id)?)
}

/// Pairs of initiatives that are probably the same, with why, to propose merging.
#[tauri::command(async)]
pub fn initiative_duplicates(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
) -> Result<Vec<LikelyDuplicate>, IpcError> {
    Ok(store.lock()?.likely_duplicate_initiatives(diagnostic_id)?)
}

/// Merges `other` into `keep`: every source of both is kept.
#[tauri::command(async)]
pub fn initiative_merge(store: State<'_, SharedStore>, keep: Uuid, other: Uuid) -> Result<(), IpcError> {
    Ok(store.lock()?.merge_initiatives(keep, other)?)
}

/// The list's headers, the columns guessed from them and its first rows; changes nothing.
#[tauri::command(async)]
pub fn initiative_csv_preview(path: String) -> Result<InitiativeCsvPreview, IpcError> {
    Ok(inventory::preview_initiatives_csv_file(Path::new(path.trim()))?)
}

/// Adds the list's initiatives to the inventory, reading `columns` as mapped by the user;
/// the rows that could not be read are reported by line.
#[tauri::command(async)]
pub fn initiative_csv_import(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    path: String,
    columns: InitiativeColumns,
) -> Result<InitiativeImportReport, IpcError> {
    Ok(store.lock()?.import_initiatives_file(diagnostic_id, Path::new(path.trim()), &columns)?)
}

/// Writes the inventory as CSV at `destination` and returns the path written. `anonymous`
/// leaves the contacts out. An existing file is replaced only if `replace` says so.
#[tauri::command(async)]
pub fn inventory_export(
    store: State<'_, SharedStore>,
    diagnostic_id: Uuid,
    anonymous: bool,
    destination: String,
    replace: bool,
) -> Result<String, IpcError> {
    let destination = chosen_path(&destination, "le fichier à écrire")?;
    let privacy = if anonymous { Privacy::Anonymous } else { Privacy::Named };
    let bytes = store.lock()?.initiatives_csv(diagnostic_id, privacy)?;
    write_file(&bytes, &destination, replace)?;
    Ok(destination.display().to_string())
}
