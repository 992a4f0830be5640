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
    "capture_preview",
    "attendance_csv_preview",
    "attendance_csv_import",
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
    "voting_sheet",
    "vote_results",
    "token_budget_set",
    "vote_tally_set",
    "vote_ballot_set",
    "timer_view",
    "timer_act",
    "board_view",
    "cluster_create",
    "cluster_rename",
    "cluster_delete",
    "contribution_move_to_cluster",
    "contribution_mark_duplicate",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri build step failed (tauri.conf.json, capabilities/ or icons/)");
}
