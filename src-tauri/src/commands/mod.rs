//! The IPC commands, one module per area of the UI.
//!
//! Each command is a short adapter: lock the store, call one engine function, map the error.
//! Rules and SQL live in the engine (`recolte`), so the CLI and the tests share them.
//! Commands run on Tauri's thread pool (`#[tauri::command(async)]`) so a slow query never
//! freezes the window.

pub mod attendance;
pub mod board;
pub mod capture;
pub mod conflicts;
pub mod diagnostic;
pub mod files;
pub mod inventory;
pub mod plan;
pub mod projector;
pub mod recommendations;
pub mod room;
pub mod search;
pub mod synthesis;
pub mod timer;
pub mod voting;
pub mod workshop;

use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};

use recolte::store::{Store, StoreError};

use crate::error::IpcError;

/// The engine's working store, shared by every window; one command uses it at a time.
///
/// When the store could not be opened at start-up (a file from a newer version, a damaged
/// file), the app still opens its window and every command answers with that reason, so
/// the user reads it in French instead of seeing nothing start.
pub struct SharedStore {
    store: Mutex<Option<Store>>,
    startup_error: Option<IpcError>,
}

impl SharedStore {
    pub fn new(opened: Result<Store, StoreError>) -> Self {
        match opened {
            Ok(store) => Self { store: Mutex::new(Some(store)), startup_error: None },
            Err(error) => Self { store: Mutex::new(None), startup_error: Some(error.into()) },
        }
    }

    /// Waits for the store, or says why there is none.
    pub fn lock(&self) -> Result<StoreGuard<'_>, IpcError> {
        let guard = self.store.lock()?;
        if guard.is_none() {
            return Err(self.startup_error.clone().unwrap_or_else(IpcError::no_current_diagnostic));
        }
        Ok(StoreGuard(guard))
    }
}

/// Exclusive access to the open store.
pub struct StoreGuard<'a>(MutexGuard<'a, Option<Store>>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        // Constructed by `SharedStore::lock` only when the store is open.
        self.0.as_ref().expect("the store is open")
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0.as_mut().expect("the store is open")
    }
}
