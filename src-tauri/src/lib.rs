//! Récolte's desktop shell: windows, capabilities and thin IPC commands over the engine.
//!
//! Everything the app knows and decides lives in the engine crate `recolte`; this crate
//! opens the working store, hands it to the commands and creates the windows. Which window
//! may call which command is declared in `capabilities/`, not in code.
//!
//! [`run`] delegates to [`run_app`] (and [`build_app`]) so tests can drive the same app with
//! Tauri's mock runtime instead of a real webview.

pub mod commands;
pub mod error;

use std::path::{Path, PathBuf};

use recolte::store::{Sources, Store, StoreError};
use recolte::template;
use tauri::{App, Builder, Manager, Runtime, WebviewWindowBuilder, WindowEvent};

/// Overrides the data folder; the end-to-end tests give each app its own.
pub const DATA_DIR_VARIABLE: &str = "RECOLTE_DATA_DIR";

/// The working database, always in the app's data folder and never in a synced folder.
pub const DATABASE_FILE: &str = "recolte.sqlite3";

/// This installation's search index, rebuilt from the store whenever it is missing or stale.
pub const SEARCH_INDEX_FILE: &str = "recherche.sqlite3";

/// The facilitator's window, declared in tauri.conf.json and granted by capabilities/main.json.
pub const MAIN_WINDOW: &str = "main";

/// Where the working store is copied before each sync, inside the data folder.
pub const BACKUP_FOLDER: &str = "sauvegardes";

/// The folders of this installation that the commands need besides the store.
pub struct AppFolders {
    /// The app's data folder, which holds the working store.
    pub data: PathBuf,
    /// Where a session file is proposed by default: the user's documents, else their home.
    pub documents: Option<PathBuf>,
}

impl AppFolders {
    pub fn backups(&self) -> PathBuf {
        self.data.join(BACKUP_FOLDER)
    }
}

/// Starts the desktop app with the real webview.
pub fn run() {
    run_app(Builder::default());
}

/// Builds the app on `builder`'s runtime and runs it until the last window closes.
pub fn run_app<R: Runtime>(builder: Builder<R>) {
    let data_dir = std::env::var_os(DATA_DIR_VARIABLE).map(PathBuf::from);
    // A store that cannot be opened fails setup, and Tauri stops with the engine's message,
    // which names the file and what to do.
    build_app(builder, data_dir).expect("Récolte ne peut pas démarrer").run(|_, _| {});
}

/// Opens the store in `data_dir` (or the app's data folder), registers the commands and
/// creates the main window once the store is ready, so the page never calls a command
/// before its state exists.
pub fn build_app<R: Runtime>(builder: Builder<R>, data_dir: Option<PathBuf>) -> tauri::Result<App<R>> {
    builder
        // File pickers only; capabilities/main.json grants just `open` and `save`, and our own
        // commands read and write the paths the user chose (no fs plugin, no scopes).
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::diagnostic::diagnostic_list,
            commands::diagnostic::diagnostic_current,
            commands::diagnostic::diagnostic_open,
            commands::diagnostic::diagnostic_create,
            commands::workshop::workshop_detail,
            commands::room::room_view,
            commands::projector::projector_open,
            commands::capture::contribution_capture,
            commands::capture::contribution_edit,
            commands::capture::contribution_set_deleted,
            commands::capture::contributions_deleted,
            commands::capture::capture_draft_save,
            commands::capture::capture_draft,
            commands::capture::capture_preview,
            commands::attendance::attendance_csv_preview,
            commands::attendance::attendance_csv_import,
            commands::capture::phase_set_current,
            commands::plan::agenda_default,
            commands::plan::workshop_create,
            commands::plan::workshop_plan,
            commands::plan::workshop_update,
            commands::plan::workshop_agenda_set,
            commands::plan::workshop_duplicate,
            commands::plan::attendee_add,
            commands::plan::attendee_remove,
            commands::files::file_defaults,
            commands::files::sync_preview,
            commands::files::sync_run,
            commands::files::session_export,
            commands::files::session_import,
            commands::conflicts::conflict_list,
            commands::conflicts::conflict_resolve,
            commands::search::contribution_search,
            commands::voting::voting_sheet,
            commands::voting::vote_results,
            commands::voting::token_budget_set,
            commands::voting::vote_tally_set,
            commands::voting::vote_ballot_set,
            commands::timer::timer_view,
            commands::timer::timer_act,
            commands::board::board_view,
            commands::board::cluster_create,
            commands::board::cluster_rename,
            commands::board::cluster_delete,
            commands::board::contribution_move_to_cluster,
            commands::board::contribution_mark_duplicate,
            commands::synthesis::synthesis_view,
            commands::synthesis::diagnostic_export,
            commands::inventory::initiative_list,
            commands::inventory::initiative_create,
            commands::inventory::initiative_update,
            commands::inventory::initiative_delete,
            commands::inventory::initiative_source_add,
            commands::inventory::initiative_source_remove,
            commands::inventory::initiative_duplicates,
            commands::inventory::initiative_merge,
            commands::inventory::initiative_csv_preview,
            commands::inventory::initiative_csv_import,
            commands::inventory::inventory_export,
            commands::recommendations::recommendations_list,
            commands::recommendations::recommendation_create,
            commands::recommendations::recommendation_update,
            commands::recommendations::recommendation_set_status,
            commands::recommendations::recommendation_set_stakes,
            commands::recommendations::recommendation_add_source,
            commands::recommendations::recommendation_remove_source,
            commands::recommendations::recommendation_delete,
            commands::recommendations::recommendation_move,
            commands::recommendations::contribution_promote,
            commands::recommendations::contributions_csv_preview,
            commands::recommendations::contributions_csv_import,
        ])
        .setup(move |app| {
            let data_dir = match data_dir {
                Some(folder) => folder,
                None => app.path().app_data_dir()?,
            };
            let documents = [app.path().document_dir(), app.path().home_dir()]
                .into_iter()
                .flatten()
                .find(|folder| folder.is_dir());
            // A store that cannot be opened still gets a window, which shows why.
            app.manage(commands::SharedStore::new(open_store(&data_dir)));
            app.manage(AppFolders { data: data_dir, documents });
            open_main_window(app)?;
            Ok(())
        })
        .build(tauri::generate_context!())
}

/// Opens (or creates, folder included) the working store in `data_dir`; a store with no
/// diagnostic yet gets the embedded demo, so a first launch shows something to explore.
pub fn open_store(data_dir: &Path) -> Result<Store, StoreError> {
    let mut store = Store::open(&data_dir.join(DATABASE_FILE), Sources::system())?;
    template::ensure_initial_diagnostic(&mut store)?;
    store.enable_search(&data_dir.join(SEARCH_INDEX_FILE))?;
    Ok(store)
}

fn open_main_window<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN_WINDOW)
        .expect("tauri.conf.json declares the main window")
        .clone();
    let main = WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
    // The wall shows what the facilitator's window drives: left alone, it would keep the app
    // running with no way to capture, so it closes with the main window.
    let handle = app.handle().clone();
    main.on_window_event(move |event| {
        if let WindowEvent::Destroyed = event {
            if let Some(projector) = handle.get_webview_window(commands::projector::PROJECTOR_WINDOW) {
                let _ = projector.close();
            }
        }
    });
    Ok(())
}
