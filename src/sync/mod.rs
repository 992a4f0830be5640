//! Session files, the shared file and merging, with their canonical dump.
//!
//! Invariants:
//! - [`Store::merge_from`] runs the whole merge in one immediate transaction on the target,
//!   so a crash leaves the target as it was or fully merged; the source is attached
//!   read-only and never written.
//! - Files from elsewhere are merged only through a checked private copy ([`staging`]).
//! - A merge of a staged file records the digest of its bytes in `merged_input`, in the same
//!   transaction. A store only ever grows by merges and writes (a merge is a join, erasure
//!   included), so a store that records a digest holds that content, and merging those bytes
//!   again is skipped: [`Store::merge_staged`] then returns what a full merge would, a report
//!   with nothing inserted or updated and the file's greatest HLC for the clock.
//! - Files we write are built in a local temporary file, copied next to their destination
//!   and flushed to disk, checked, renamed over it, and the folder is flushed: a crash or a
//!   pulled USB key leaves either the old file or the new one ([`files`]).
//! - A merge into a scratch store may take its record tables and its set tables on two
//!   connections at once, into two copies of the store ([`MergedTables::Records`]): no merge
//!   rule reads across the two, so the union of the copies is the merge.

mod dump;
pub mod files;
mod merge;
pub mod review;
pub mod staging;

use std::path::{Path, PathBuf};

pub use dump::dump_json;
pub use merge::{MergeReport, SourceFacts, TableReport};
pub use staging::{Refusal, Staged};

use rusqlite::OptionalExtension;

use crate::clock::{ClockWarning, Hlc};
use crate::store::{Result, Store, StoreError};

/// What can go wrong while exchanging files; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{path} est refusé : {reason}. Aucun fichier n'a été modifié.")]
    Refused { path: PathBuf, reason: Refusal },
    #[error("{path} : {}", describe_io(.source))]
    Io { path: PathBuf, source: std::io::Error },
    #[error("« {0} » existe déjà : choisissez un autre nom, ou confirmez que vous voulez le remplacer.")]
    AlreadyExists(PathBuf),
    #[error("impossible d'utiliser « {path} » : {reason}")]
    InvalidDestination { path: PathBuf, reason: String },
    #[error("le fichier partagé {path} est en cours de synchronisation par {owner} sur {machine} depuis {since}. Réessayez dans quelques minutes.")]
    Locked { path: PathBuf, owner: String, machine: String, since: String },
    #[error("le fichier partagé {0} change sans cesse pendant la synchronisation ; réessayez plus tard.")]
    KeepsChanging(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An operating-system error in the user's words, with what to do.
fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => {
            "introuvable : vérifiez le chemin, ou que la clé USB est bien branchée.".into()
        }
        ErrorKind::PermissionDenied => "accès refusé : choisissez un dossier où vous pouvez écrire.".into(),
        ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier : vérifiez le chemin.".into(),
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier.".into(),
        ErrorKind::StorageFull => "le disque est plein : libérez de la place et recommencez.".into(),
        ErrorKind::ReadOnlyFilesystem => {
            "le disque est en lecture seule (clé USB verrouillée ?) : choisissez un autre endroit.".into()
        }
        ErrorKind::AlreadyExists => "existe déjà.".into(),
        _ => format!("erreur du système ({error}) ; réessayez, ou choisissez un autre endroit."),
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(error: rusqlite::Error) -> Self {
        SyncError::Store(StoreError::Sqlite(error))
    }
}

/// What a merge did, and whether the source's clocks were suspiciously far ahead.
#[derive(Debug, Clone)]
pub struct MergeOutcome {
    pub report: MergeReport,
    pub clock_warning: Option<ClockWarning>,
}

/// How many staged files one transaction merges (SQLite attaches ten databases at most, and
/// the search index is one of them).
const FILES_PER_TRANSACTION: usize = 8;

/// The tables a merge writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MergedTables {
    /// All of them.
    All,
    /// The records' side only (see `merge::merge_attached_records`): another store takes
    /// the set tables at the same time, with [`Store::merge_set_tables`], and this one takes
    /// them from it afterwards, with [`Store::take_set_tables_from`]. The set tables'
    /// reports come from the other store (see [`MergeReport::with_set_tables`]).
    Records,
}

/// The schema name under which a batch's input of this index is attached.
fn attached_name(index: usize) -> String {
    format!("src{index}")
}

/// An input staged as already merged, given to a store that did not merge it.
fn not_merged_here(origin: &Path) -> StoreError {
    StoreError::InvalidInput(format!(
        "{} n'a pas été fusionné dans cette base : relisez-le avant de le fusionner.",
        origin.display()
    ))
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
    /// Merges the Récolte database at `source`, which must be trusted (our own file or a
    /// staged copy, see [`staging::stage`]), into this store.
    pub fn merge_from(&mut self, source: &Path) -> Result<MergeOutcome> {
        self.with_attached(source, |store| {
            store.write(|tx| {
                let facts = merge::SourceFacts::read(tx.connection(), "src")?;
                let report = merge::merge_attached(tx.connection(), "src", &facts)?;
                let clock_warning = tx.observe(report.max_hlc);
                Ok(MergeOutcome { report, clock_warning })
            })
        })
    }

    /// Reads `origin` for a merge into this store: a private checked copy, or nothing more
    /// when this store already merged the same bytes (see [`staging::stage_unless`]).
    pub fn stage_input(&self, origin: &Path) -> Result<Staged, SyncError> {
        staging::stage_unless(origin, |digest| matches!(self.merged_input(digest), Ok(Some(_))))
    }

    /// Merges a staged input and records its digest; an input already merged (now or when it
    /// was staged) is skipped, with the report a full merge would give.
    pub fn merge_staged(&mut self, input: &Staged) -> Result<MergeOutcome> {
        let digest = input.digest();
        if let Some(max_hlc) = self.merged_input(digest)? {
            let clock_warning = self.observe_merged_clock(max_hlc)?;
            return Ok(MergeOutcome { report: MergeReport::unchanged(max_hlc), clock_warning });
        }
        let Staged::Checked(file) = input else {
            return Err(not_merged_here(input.origin()));
        };
        self.with_attached(&file.path, |store| {
            store.write(|tx| {
                let report = merge::merge_attached(tx.connection(), "src", &file.facts)?;
                merge::record_merged_input(tx.connection(), digest, report.max_hlc)?;
                let clock_warning = tx.observe(report.max_hlc);
                Ok(MergeOutcome { report, clock_warning })
            })
        })
    }

    /// Records this store as holding the content of the file with `digest`, when it was
    /// made as a byte copy of that (checked) file: with the greatest HLC a merge of the file
    /// observes (`max_hlc`), so that merging the file is skipped with the outcome of a full
    /// merge.
    pub(crate) fn record_as_merged(&mut self, digest: &staging::Digest, max_hlc: Hlc) -> Result<()> {
        self.write(|tx| merge::record_merged_input(tx.connection(), digest, max_hlc))
    }

    /// Merges staged inputs in order, as [`Store::merge_staged`] would one after the other,
    /// with the same outcome for each; several files share one transaction, so each input
    /// is merged whole or not at all, and a crash leaves the inputs before it merged.
    pub fn merge_all_staged(&mut self, inputs: &[Staged]) -> Result<Vec<MergeOutcome>> {
        self.merge_all_staged_into(inputs, MergedTables::All)
    }

    /// [`Store::merge_all_staged`], into the `tables` given.
    pub(crate) fn merge_all_staged_into(
        &mut self,
        inputs: &[Staged],
        tables: MergedTables,
    ) -> Result<Vec<MergeOutcome>> {
        let mut outcomes = Vec::with_capacity(inputs.len());
        for batch in inputs.chunks(FILES_PER_TRANSACTION) {
            outcomes.extend(self.merge_batch(batch, tables)?);
        }
        Ok(outcomes)
    }

    fn merge_batch(&mut self, batch: &[Staged], tables: MergedTables) -> Result<Vec<MergeOutcome>> {
        let mut unknown = false;
        for input in batch.iter().filter(|input| matches!(input, Staged::Checked(_))) {
            unknown |= self.merged_input(input.digest())?.is_none();
        }
        if !unknown {
            // Nothing to read: skipping writes nothing unless the clock moves.
            return batch.iter().map(|input| self.merge_staged(input)).collect();
        }
        self.with_batch_attached(batch, |store| {
            store.write(|tx| {
                let mut outcomes = Vec::with_capacity(batch.len());
                for (index, input) in batch.iter().enumerate() {
                    let digest = input.digest();
                    let known: Option<i64> = tx
                        .connection()
                        .prepare_cached("SELECT max_hlc FROM main.merged_input WHERE digest = ?1")?
                        .query_row([&digest[..]], |row| row.get(0))
                        .optional()?;
                    let report = match (known, input) {
                        (Some(max_hlc), _) => MergeReport::unchanged(Hlc::from_u64(max_hlc as u64)),
                        (None, Staged::Checked(file)) => {
                            let (conn, src) = (tx.connection(), attached_name(index));
                            let report = match tables {
                                MergedTables::All => merge::merge_attached(conn, &src, &file.facts)?,
                                MergedTables::Records => {
                                    merge::merge_attached_records(conn, &src, &file.facts)?
                                }
                            };
                            merge::record_merged_input(conn, digest, report.max_hlc)?;
                            report
                        }
                        (None, Staged::AlreadyMerged { origin, .. }) => return Err(not_merged_here(origin)),
                    };
                    let clock_warning = tx.observe(report.max_hlc);
                    outcomes.push(MergeOutcome { report, clock_warning });
                }
                Ok(outcomes)
            })
        })
    }

    /// Merges the set tables of the checked inputs of `batch`, in one transaction, for a
    /// store that takes the set side of a merge whose records another store takes (see
    /// [`MergedTables::Records`]); returns each input's reports of the set tables.
    ///
    /// Every checked input is merged, even one the other side skips as already merged: the
    /// set tables of this store then hold its entries already, and merging it adds nothing.
    pub(crate) fn merge_set_tables(&mut self, batch: &[Staged]) -> Result<Vec<Vec<TableReport>>> {
        self.with_batch_attached(batch, |store| {
            store.write(|tx| {
                let merge_one = |(index, input): (usize, &Staged)| match input {
                    Staged::Checked(file) => {
                        merge::merge_attached_sets(tx.connection(), &attached_name(index), &file.facts)
                    }
                    Staged::AlreadyMerged { .. } => Ok(merge::unchanged_set_tables()),
                };
                batch.iter().enumerate().map(merge_one).collect()
            })
        })
    }

    /// Empties this store's set tables, for a merge whose set side another store takes
    /// (see [`MergedTables::Records`]).
    pub(crate) fn empty_set_tables(&mut self) -> Result<()> {
        self.write(|tx| {
            for table in crate::schema::SET_TABLES {
                tx.connection().execute(&format!("DELETE FROM main.{}", table.name), [])?;
            }
            Ok(())
        })
    }

    /// Replaces this store's set tables by those of the store in the file at `path`, which
    /// took the set side of a merge while this one took the records (see
    /// [`MergedTables::Records`]).
    pub(crate) fn take_set_tables_from(&mut self, path: &Path) -> Result<()> {
        self.empty_set_tables()?;
        self.with_attached(path, |store| store.write(|tx| merge::copy_set_tables(tx.connection(), "src")))
    }

    /// Runs `body` with each checked input of `batch` attached read-only, under the name
    /// [`attached_name`] gives its index.
    fn with_batch_attached<T>(
        &mut self,
        batch: &[Staged],
        body: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let mut attached = Vec::new();
        let mut outcome = Ok(());
        for (index, input) in batch.iter().enumerate() {
            if let Staged::Checked(file) = input {
                let name = attached_name(index);
                match self
                    .connection()
                    .execute(&format!("ATTACH DATABASE ?1 AS {name}"), [read_only_uri(&file.path)])
                {
                    Ok(_) => attached.push(name),
                    Err(error) => {
                        outcome = Err(error);
                        break;
                    }
                }
            }
        }
        let value = outcome.map_err(StoreError::from).and_then(|()| body(self));
        // Detach even when the body failed, so the connection stays usable.
        let mut detached = Ok(0);
        for name in attached {
            let result = self.connection().execute(&format!("DETACH DATABASE {name}"), []);
            detached = detached.and(result);
        }
        let value = value?;
        detached?;
        Ok(value)
    }

    /// What merging `source` would change, without changing anything.
    pub fn preview_merge(&mut self, source: &Path) -> Result<MergeReport> {
        self.with_attached(source, |store| {
            let tx = store.connection().unchecked_transaction()?;
            let facts = merge::SourceFacts::read(&tx, "src")?;
            let report = merge::merge_attached(&tx, "src", &facts)?;
            tx.rollback()?;
            Ok(report)
        })
    }

    /// What writing this store's content over `old_file` adds to that file, when this store
    /// holds everything `old_file` holds (it merged it): the report merging this store into
    /// a copy of `old_file` would give, measured without that merge. With no old file, all
    /// of this store is added.
    pub fn what_file_gains(&mut self, old_file: Option<&Path>) -> Result<MergeReport> {
        let empty;
        let old_file = match old_file {
            Some(path) => path.to_path_buf(),
            None => {
                empty = tempfile::tempdir()
                    .map_err(|source| StoreError::Folder { path: std::env::temp_dir(), source })?;
                let path = empty.path().join("vide.recolte");
                Store::open(&path, crate::store::Sources::system())?.close_self_contained()?;
                path
            }
        };
        self.with_attached(&old_file, |store| merge::report_of_merging_superset(store.connection(), "src"))
    }

    fn with_attached<T>(&mut self, source: &Path, body: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.connection().execute("ATTACH DATABASE ?1 AS src", [read_only_uri(source)])?;
        let outcome = body(self);
        // Detach even when the body failed, so the connection stays usable.
        let detached = self.connection().execute("DETACH DATABASE src", []);
        let value = outcome?;
        detached?;
        Ok(value)
    }
}
