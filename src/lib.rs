//! Récolte's engine: the model of a collaborative territorial diagnostic, its store, its
//! clock and the embedded demo. It has no dependency on Tauri: the desktop shell, the
//! command-line tool and the tests all call the same functions.
//!
//! - [`attendance_csv`]: importing a sign-up list from a French spreadsheet's CSV.
//! - [`board`]: clusters, duplicates and dot votes with their check.
//! - [`capture`]: reading the capture bar's line (category, stakes, attribution markers).
//! - [`clock`]: hybrid logical clock and the per-field stamps merges compare.
//! - [`contribution_import`]: a board exported by another tool (Klaxoon, Parabol, a spreadsheet) imported into a workshop.
//! - [`edit`]: creating records, with validation.
//! - [`export`]: the diagnostic as CSV for French spreadsheets, XLSX and Markdown, named or anonymous.
//! - [`ids`]: UUIDv7 record ids from a passed-in source of randomness.
//! - [`inventory`]: the inventory of initiatives, with likely duplicates and merges that keep every source.
//! - [`model`]: the closed vocabularies (kinds of workshop, types of structure, roles) and their codes.
//! - [`plan`]: planning workshops (agenda included) and taking attendance.
//! - [`recommendations`]: préconisations, traced back to the contributions they come from.
//! - [`report`]: the restitution report, as HTML and as PDF (Typst, fonts embedded).
//! - [`schema`]: the merged tables described as data.
//! - [`search`]: accent-insensitive full-text search, in an index local to the installation.
//! - [`simulate`]: realistic session files from several devices, for benchmarks and tests.
//! - [`store`]: opening a file safely, migrations, stamped writes, read models.
//! - [`sync`]: merging databases (a CRDT merge in SQL) and their canonical dump.
//! - [`synthesis`]: coverage of stakes by territory and theme, participation, priorities across workshops.
//! - [`template`]: the demo diagnostic and new empty diagnostics.
//! - [`timer`]: the phase timer (start, pause, add time, overrun), time passed in.
//! - [`view`]: the read models that cross the IPC boundary.
//! - [`voting`]: the prioritisation sheet (token budget, tallies, ballots) the panel edits.

pub mod attendance_csv;
pub mod board;
pub mod capture;
pub mod clock;
pub mod contribution_import;
pub mod edit;
pub mod export;
pub mod ids;
pub mod inventory;
pub mod model;
pub mod plan;
pub mod recommendations;
pub mod report;
pub mod schema;
pub mod search;
pub mod simulate;
pub mod store;
pub mod sync;
pub mod synthesis;
pub mod template;
pub mod timer;
pub mod view;
pub mod voting;
