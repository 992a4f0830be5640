//! The IPC commands, one module per area of the UI.
//!
//! Each command is a short adapter: lock the store, call one engine function, map the error.
//! Rules and SQL live in the engine (`recolte`), so the CLI and the tests share them.
//! Commands run on Tauri's thread pool (`#[tauri::command(async)]`) so a slow query never
//! freezes the window.

pub mod conflicts;
pub mod diagnostic;
pub mod files;
pub mod room;
pub mod workshop;

use std::sync::Mutex;

use recolte::store::Store;

/// The engine's working store, shared by every window; one command uses it at a time.
pub type SharedStore = Mutex<Store>;
