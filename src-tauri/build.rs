//! Declares the app's own commands so tauri-build generates an `allow-<command>` permission
//! for each: a window may call a command only if its capability grants that permission.

const COMMANDS: &[&str] = &[
    "diagnostic_list",
    "diagnostic_current",
    "diagnostic_open",
    "diagnostic_create",
    "workshop_detail",
    "room_view",
    "projector_open",
    "contribution_capture",
    "contribution_edit",
    "contribution_set_deleted",
    "contributions_deleted",
    "capture_draft_save",
    "capture_draft",
    "phase_set_current",
    "agenda_default",
    "workshop_create",
    "workshop_plan",
    "workshop_update",
    "workshop_agenda_set",
    "workshop_duplicate",
    "attendee_add",
    "attendee_remove",
    "file_defaults",
    "sync_preview",
    "sync_run",
    "session_export",
    "session_import",
    "conflict_list",
    "conflict_resolve",
    "contribution_search",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build step failed (tauri.conf.json, capabilities/ or icons/)");
}
