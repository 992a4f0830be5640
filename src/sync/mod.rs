//! Merging Récolte databases, and their canonical dump.
//!
//! Invariant: [`Store::merge_from`] runs the whole merge in one immediate transaction on the
//! target, so a crash leaves the target as it was or fully merged; the source is attached
//! read-only and never written.

mod dump;
mod merge;

use std::path::Path;

pub use dump::dump_json;
pub use merge::{MergeReport, TableReport};

use crate::clock::ClockWarning;
use crate::store::{Result, Store};

/// What a merge did, and whether the source's clocks were suspiciously far ahead.
#[derive(Debug, Clone)]
pub struct MergeOutcome {
    pub report: MergeReport,
    pub clock_warning: Option<ClockWarning>,
}

/// `path` as a read-only SQLite URI (only `%`, `?` and `#` need escaping in a file URI).
fn read_only_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut escaped = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3f"),
            '#' => escaped.push_str("%23"),
            other => escaped.push(other),
        }
    }
    format!("file:{escaped}?mode=ro")
}

impl Store {
    /// Merges the Récolte database at `source` into this store.
    pub fn merge_from(&mut self, source: &Path) -> Result<MergeOutcome> {
        self.connection().execute("ATTACH DATABASE ?1 AS src", [read_only_uri(source)])?;
        let merged = self.write(|tx| {
            let report = merge::merge_attached(tx.connection())?;
            let clock_warning = tx.observe(report.max_hlc);
            Ok(MergeOutcome { report, clock_warning })
        });
        // Detach even when the merge failed, so the connection stays usable.
        let detached = self.connection().execute("DETACH DATABASE src", []);
        let outcome = merged?;
        detached?;
        Ok(outcome)
    }
}
