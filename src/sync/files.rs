//! Writing session files and synchronising with the shared file.
//!
//! Invariants:
//! - A file we hand over is built as a local snapshot (`VACUUM INTO`), trimmed, checked like
//!   any untrusted file, then copied next to its destination under a temporary name, flushed,
//!   renamed over the destination and the folder flushed. A crash at any moment leaves the
//!   old file or the new one, never a mix.
//! - The shared file is never opened in place: it is staged, merged into the local store,
//!   and a new shared file is written as above. Before the rename, the shared file must
//!   still be the one that was read (same size, time and content digest); otherwise the
//!   sync merges again, so a concurrent writer's work is never overwritten.
//! - An advisory lock file next to the shared file names who is syncing; it is considered
//!   abandoned after [`LOCK_STALE_AFTER`].
//! - Copies made by sync tools next to the shared file are merged like any input, then moved
//!   into the archive folder; they are never deleted.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, SystemTime};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::staging::{self, Staged, StagedFile};
use super::{MergeOutcome, MergeReport, MergedTables, SyncError, TableReport};
use crate::clock::ClockWarning;
use crate::clock::Hlc;
use crate::store::Store;

/// After this long, a lock file is taken to be left behind by a crash.
pub const LOCK_STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The folder next to the shared file where merged conflict copies are moved.
pub const ARCHIVE_FOLDER: &str = "recolte-archives";

/// The name prefix of the temporary files written next to a destination.
const TEMPORARY_PREFIX: &str = ".recolte-ecriture-";

/// How many inputs a sync merges between two progress reports (in one transaction).
const MERGED_BETWEEN_REPORTS: usize = 8;

/// How many times a sync merges again when the shared file changes under it.
const MAX_ATTEMPTS: usize = 5;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |source| SyncError::Io { path: path.to_path_buf(), source }
}

/// What a session file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    /// Every diagnostic in the store.
    Everything,
    /// One workshop, with its diagnostic's frame (stakes, territories, themes, categories)
    /// and the people who attended it or are credited in it.
    Workshop(Uuid),
}

/// Writes a session file of `store` at `destination`, safely. An existing file is replaced
/// only when `replace` says so: on a shared USB key, a file of the same name may be another
/// facilitator's session. The shared file and the working store are never destinations.
pub fn export_session(
    store: &Store,
    destination: &Path,
    scope: ExportScope,
    replace: bool,
) -> Result<(), SyncError> {
    check_recolte_path(destination)?;
    let same_file = |other: &Path| {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        canonical(other) == canonical(destination)
    };
    if same_file(store.path()) {
        return Err(invalid_destination(destination, "c'est la base de travail de Récolte elle-même."));
    }
    if store.shared_file()?.is_some_and(|shared| same_file(&shared)) {
        return Err(invalid_destination(
            destination,
            "c'est le fichier partagé de l'équipe ; utilisez « Synchroniser » pour l'alimenter.",
        ));
    }
    if destination.exists() && !replace {
        return Err(SyncError::AlreadyExists(destination.to_path_buf()));
    }
    let snapshot = snapshot(store, scope, None)?;
    install_snapshot(&snapshot, destination)
}

fn invalid_destination(path: &Path, reason: &str) -> SyncError {
    SyncError::InvalidDestination { path: path.to_path_buf(), reason: reason.to_string() }
}

/// The folder a file is in (the current one for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A session or shared file: a `.recolte` file (not a folder) in a folder that exists.
fn check_recolte_path(path: &Path) -> Result<(), SyncError> {
    if path.extension().is_none_or(|extension| extension != "recolte") {
        return Err(invalid_destination(path, "le nom doit se terminer par .recolte."));
    }
    if path.is_dir() {
        return Err(invalid_destination(
            path,
            "c'est un dossier ; indiquez un fichier .recolte dans ce dossier.",
        ));
    }
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(invalid_destination(
            path,
            "son dossier n'existe pas : vérifiez le chemin, ou que la clé USB est bien branchée.",
        ));
    }
    Ok(())
}

/// A self-contained snapshot of the store in a local temporary file, to be checked as it is
/// installed ([`install_snapshot`]). When the store's set tables are in another store (see
/// [`MergedTables::Records`]), `set_tables_from` names that store's file: the snapshot takes
/// them from there.
fn snapshot(
    store: &Store,
    scope: ExportScope,
    set_tables_from: Option<&Path>,
) -> Result<tempfile::TempPath, SyncError> {
    let folder = std::env::temp_dir();
    let path = tempfile::Builder::new()
        .prefix("recolte-export-")
        .suffix(".recolte")
        .tempfile_in(&folder)
        .map_err(io(&folder))?
        .into_temp_path();
    std::fs::remove_file(&path).map_err(io(&path))?;
    // A compact copy: only live pages, in key order, of the size files are handed over in.
    store.connection().pragma_update(None, "page_size", crate::store::FILE_PAGE_SIZE)?;
    store.connection().execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    let refused = |reason| SyncError::Refused { path: path.to_path_buf(), reason };
    {
        let conn = Connection::open(&path)?;
        if let Some(sets) = set_tables_from {
            // The copy is flushed when installed. Its set tables are empty (see
            // `Store::empty_set_tables`): each entry is written once, in key order.
            conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF;")?;
            conn.execute("ATTACH DATABASE ?1 AS sets", [super::read_only_uri(sets)])?;
            let tx = conn.unchecked_transaction()?;
            super::merge::copy_set_tables(&tx, "sets")?;
            tx.commit()?;
            conn.execute("DETACH DATABASE sets", [])?;
        }
        // What is deleted below is overwritten, so no personal data lingers in free space.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF; PRAGMA secure_delete = ON; PRAGMA journal_mode = DELETE;
             DELETE FROM meta WHERE key LIKE 'local.%';",
        )?;
        if let ExportScope::Workshop(workshop) = scope {
            keep_only_workshop(&conn, workshop)?;
            // Trimming must not leave a reference without its record.
            staging::check_references(&conn).map_err(refused)?;
            // Gives back the space of what was trimmed.
            conn.execute_batch("VACUUM;")?;
        }
    }
    Ok(path)
}

/// Removes from a snapshot everything that does not belong to `workshop`'s session.
fn keep_only_workshop(conn: &Connection, workshop: Uuid) -> Result<(), SyncError> {
    let diagnostic: Uuid = conn
        .query_row("SELECT diagnostic_id FROM workshop WHERE id = ?1", [workshop], |row| row.get(0))
        .map_err(|_| {
            SyncError::Store(crate::store::StoreError::NotFound { what: "Atelier", id: workshop })
        })?;
    conn.execute("DELETE FROM diagnostic WHERE id <> ?1", [diagnostic])?;
    for table in [
        "stake",
        "territory",
        "theme",
        "category",
        "organisation",
        "participant",
        "initiative",
        "recommendation",
    ] {
        conn.execute(&format!("DELETE FROM {table} WHERE diagnostic_id <> ?1"), [diagnostic])?;
    }
    conn.execute("DELETE FROM workshop WHERE id <> ?1", [workshop])?;
    for table in ["phase", "contribution", "cluster", "attendance"] {
        conn.execute(&format!("DELETE FROM {table} WHERE workshop_id <> ?1"), [workshop])?;
    }
    conn.execute_batch(
        "DELETE FROM contribution_stake WHERE contribution_id NOT IN (SELECT id FROM contribution);
         DELETE FROM cluster_member WHERE cluster_id NOT IN (SELECT id FROM cluster);
         DELETE FROM contribution_vote WHERE contribution_id NOT IN (SELECT id FROM contribution);
         DELETE FROM cluster_vote WHERE cluster_id NOT IN (SELECT id FROM cluster);
         -- The inventory and the recommendations are the coordinator's; they travel in full exports.
         DELETE FROM initiative_source; DELETE FROM initiative;
         DELETE FROM recommendation_source; DELETE FROM recommendation_stake; DELETE FROM recommendation;
         -- A part of the content does not hold what the merged inputs held.
         DELETE FROM merged_input;
         DELETE FROM participant WHERE id NOT IN (
             SELECT participant_id FROM attendance
             UNION SELECT participant_id FROM contribution WHERE participant_id IS NOT NULL
             UNION SELECT participant_id FROM contribution_vote WHERE participant_id IS NOT NULL
             UNION SELECT participant_id FROM cluster_vote WHERE participant_id IS NOT NULL);
         DELETE FROM organisation WHERE id NOT IN
             (SELECT organisation_id FROM participant WHERE organisation_id IS NOT NULL);",
    )?;
    let mut kept = Vec::new();
    for table in crate::schema::RECORD_TABLES {
        kept.push(format!("(table_name = '{0}' AND record_id NOT IN (SELECT id FROM {0}))", table.name));
    }
    conn.execute(&format!("DELETE FROM field_version WHERE {}", kept.join(" OR ")), [])?;
    Ok(())
}

/// Installs a snapshot (see [`install`]) once checked; the check runs while it is copied.
fn install_snapshot(snapshot: &Path, destination: &Path) -> Result<(), SyncError> {
    let (checked, copied) = std::thread::scope(|scope| {
        // The whole store's references hold already: every commit of a working store checks
        // them, and every merged file was checked when staged; so were its rows' shapes.
        let check = scope.spawn(|| staging::check_container(snapshot).map(drop));
        let copied = copy_next_to(snapshot, destination);
        (check.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), copied)
    });
    // Dropping the copy deletes it: a snapshot that fails its check is never installed.
    checked.map_err(|reason| SyncError::Refused { path: snapshot.to_path_buf(), reason })?;
    put_in_place(copied?, destination)
}

/// Copies `source` next to `destination`, flushes it, renames it into place and flushes the
/// folder: the destination is the old file or the new one at every moment.
pub fn install(source: &Path, destination: &Path) -> Result<(), SyncError> {
    put_in_place(copy_next_to(source, destination)?, destination)
}

/// A flushed copy of `source` in a temporary file next to `destination`, with the
/// destination's permissions; deleted when dropped.
fn copy_next_to(source: &Path, destination: &Path) -> Result<tempfile::NamedTempFile, SyncError> {
    let folder = folder_of(destination);
    let mut temporary = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(io(folder))?;
    {
        let mut input = File::open(source).map_err(io(source))?;
        std::io::copy(&mut input, temporary.as_file_mut()).map_err(io(destination))?;
        temporary.as_file_mut().flush().map_err(io(destination))?;
        // A temporary file is private (0600); the shared file keeps the permissions it had.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let permissions = std::fs::metadata(destination)
                .map(|m| m.permissions())
                .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
            temporary.as_file().set_permissions(permissions).map_err(io(destination))?;
        }
        temporary.as_file().sync_all().map_err(io(destination))?;
    }
    Ok(temporary)
}

/// Renames a flushed copy made by [`copy_next_to`] over `destination` and flushes the folder.
fn put_in_place(copy: tempfile::NamedTempFile, destination: &Path) -> Result<(), SyncError> {
    copy.persist(destination)
        .map_err(|e| SyncError::Io { path: destination.to_path_buf(), source: e.error })?;
    sync_folder(folder_of(destination))
}

/// Temporary files left next to the shared file by a writer that crashed. Only called with
/// the lock held, so no live writer of ours is using them.
fn remove_abandoned_temporaries(shared: &Path) {
    let folder = folder_of(shared);
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMPORARY_PREFIX) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The name prefixes of the private copies merges and exports make in the temporary folder.
const PRIVATE_COPY_PREFIXES: [&str; 4] =
    ["recolte-staging-", "recolte-fusion-", "recolte-export-", "recolte-apercu-"];

/// After this long, a private copy is taken to be left behind by a crash: far longer than
/// any merge, so that a live merge's copies are never touched.
const PRIVATE_COPY_ABANDONED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Removes from `folder` the private copies that a merge killed or crashed left behind:
/// they may hold personal data, and nothing else would ever remove them.
fn remove_abandoned_private_copies(folder: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !PRIVATE_COPY_PREFIXES.iter().any(|prefix| name.to_string_lossy().starts_with(prefix)) {
            continue;
        }
        let Ok(metadata) = entry.metadata() else { continue };
        let age = metadata.modified().ok().and_then(|modified| now.duration_since(modified).ok());
        if age.is_some_and(|age| age > PRIVATE_COPY_ABANDONED_AFTER) {
            let _ = if metadata.is_dir() {
                std::fs::remove_dir_all(entry.path())
            } else {
                std::fs::remove_file(entry.path())
            };
        }
    }
}

/// Flushes a folder's entries, so a rename survives a power cut.
fn sync_folder(folder: &Path) -> Result<(), SyncError> {
    #[cfg(unix)]
    {
        File::open(folder).and_then(|dir| dir.sync_all()).map_err(io(folder))?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Which file a sync read, to notice if someone replaced it before we write.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileIdentity {
    len: u64,
    modified: Option<SystemTime>,
    digest: staging::Digest,
}

/// A file's size and modification time, or `None` when there is no such file.
fn file_metadata(path: &Path) -> Result<Option<(u64, Option<SystemTime>)>, SyncError> {
    match std::fs::metadata(path) {
        Ok(metadata) => Ok(Some((metadata.len(), metadata.modified().ok()))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(io(path)(error)),
    }
}

/// The file as it is now. Its metadata is read before its bytes: a write in between shows
/// as a difference, never as a match.
fn identity(path: &Path) -> Result<Option<FileIdentity>, SyncError> {
    let Some((len, modified)) = file_metadata(path)? else { return Ok(None) };
    Ok(Some(FileIdentity { len, modified, digest: staging::digest_file(path)? }))
}

/// Who holds the advisory lock, as written in the lock file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LockOwner {
    pub owner: String,
    pub machine: String,
    /// When, as the user reads it (e.g. "27/11/2026 18:05").
    pub since: String,
}

/// What the lock file holds: who, and which process, so that a lock left by a process that
/// died on this same machine is taken over at once instead of after the stale delay.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LockRecord {
    #[serde(flatten)]
    holder: LockOwner,
    pid: u32,
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without a cheap portable check, trust the stale delay.
        true
    }
}

/// The advisory lock next to a shared file, released on drop.
pub struct SharedLock {
    path: PathBuf,
}

impl Drop for SharedLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn lock_path(shared: &Path) -> PathBuf {
    let mut name = shared.file_name().unwrap_or_default().to_os_string();
    name.push(".verrou");
    shared.with_file_name(name)
}

/// Takes the advisory lock of `shared`, or says who holds it. A lock older than
/// [`LOCK_STALE_AFTER`] is taken over.
pub fn lock_shared(shared: &Path, who: &LockOwner, now: SystemTime) -> Result<SharedLock, SyncError> {
    let path = lock_path(shared);
    for _ in 0..2 {
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let record = LockRecord { holder: who.clone(), pid: std::process::id() };
                let body = serde_json::to_vec_pretty(&record).unwrap_or_default();
                file.write_all(&body).and_then(|_| file.sync_all()).map_err(io(&path))?;
                return Ok(SharedLock { path });
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let age = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok())
                    .unwrap_or_default();
                let record: Option<LockRecord> =
                    std::fs::read(&path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
                let holder_died =
                    record.as_ref().is_some_and(|r| r.holder.machine == who.machine && !process_alive(r.pid));
                if age < LOCK_STALE_AFTER && !holder_died {
                    let holder = record.map(|r| r.holder).unwrap_or(LockOwner {
                        owner: "quelqu'un".into(),
                        machine: "un autre ordinateur".into(),
                        since: "peu".into(),
                    });
                    return Err(SyncError::Locked {
                        path: shared.to_path_buf(),
                        owner: holder.owner,
                        machine: holder.machine,
                        since: holder.since,
                    });
                }
                // Abandoned by a crash: take it over.
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
            Err(error) => return Err(io(&path)(error)),
        }
    }
    Err(SyncError::KeepsChanging(path))
}

/// Whether `candidate` is a copy that a sync tool made of the shared file `shared_name`
/// (`NAME.recolte`): Syncthing `NAME.sync-conflict-DATE-TIME-DEVICE.recolte`, Nextcloud
/// `NAME (conflicted copy DATE TIME).recolte`, Dropbox `NAME (… conflicted copy …).recolte`,
/// OneDrive `NAME-MACHINE.recolte`.
pub fn is_conflict_copy(shared_name: &str, candidate: &str) -> bool {
    let Some(stem) = shared_name.strip_suffix(".recolte") else { return false };
    let Some(rest) = candidate.strip_suffix(".recolte") else { return false };
    if candidate == shared_name {
        return false;
    }
    let Some(after) = rest.strip_prefix(stem) else { return false };
    if after.starts_with(".sync-conflict-") {
        return true;
    }
    if after.starts_with(" (") && after.ends_with(')') && after.contains("conflicted copy") {
        return true;
    }
    // OneDrive appends the machine name: one dash, then a name with no further dots.
    after.len() > 1 && after.starts_with('-') && !after.contains('.')
}

/// The sync tools' copies of `shared` in its folder, sorted by name.
pub fn find_conflict_copies(shared: &Path) -> Result<Vec<PathBuf>, SyncError> {
    let folder = folder_of(shared);
    let shared_name = shared.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let mut copies = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io(folder))? {
        let entry = entry.map_err(io(folder))?;
        let name = entry.file_name();
        if let Some(name) = name.to_str() {
            if is_conflict_copy(shared_name, name) && entry.file_type().map(|t| t.is_file()).unwrap_or(false)
            {
                copies.push(entry.path());
            }
        }
    }
    copies.sort();
    Ok(copies)
}

/// A file that was not merged, and why.
#[derive(Debug, Clone)]
pub struct RefusedFile {
    pub path: PathBuf,
    pub reason: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default)]
pub struct SyncSummary {
    /// What the local store received, in all.
    pub received: MergeReport,
    /// What each accepted input brought, in merge order (the shared file first).
    pub per_input: Vec<(PathBuf, MergeReport)>,
    /// What the shared file received.
    pub sent: MergeReport,
    /// Conflict copies merged and moved into the archive folder.
    pub archived: Vec<PathBuf>,
    /// Files that were refused and left untouched.
    pub refused: Vec<RefusedFile>,
    pub clock_warnings: Vec<ClockWarning>,
    /// The backup of the local store made before the sync.
    pub backup: Option<PathBuf>,
    /// How many times the shared file changed under the sync and was merged again.
    pub retries: usize,
}

/// Progress of a sync, for a progress bar: `done` of `total` steps, and what is being done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProgress {
    pub done: usize,
    pub total: usize,
    pub step: String,
}

/// Merges the shared file (and the sync tools' copies of it) into the local store, then
/// writes the local store's content as the new shared file. See the module's invariants.
pub fn sync_with_shared(
    store: &mut Store,
    shared: &Path,
    who: &LockOwner,
    now: SystemTime,
    backup_folder: &Path,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncSummary, SyncError> {
    exchange(store, shared, &[], who, now, Start::OwnStore { backup_folder }, progress)
}

/// Merges `inputs` into the shared file (created if absent), with the sync tools' copies of
/// it: what `recolte merge --into` does. Refused inputs are reported and left untouched.
pub fn merge_into_shared(
    shared: &Path,
    inputs: &[PathBuf],
    who: &LockOwner,
    now: SystemTime,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncSummary, SyncError> {
    let scratch =
        tempfile::Builder::new().prefix("recolte-fusion-").tempdir().map_err(io(&std::env::temp_dir()))?;
    let path = scratch.path().join("fusion.recolte");
    let mut store = Store::create_scratch(&path, crate::store::Sources::system())?;
    exchange(&mut store, shared, inputs, who, now, Start::FromSharedFile, progress)
}

/// What the store a sync merges into holds at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start<'a> {
    /// The user's own store, with their work, backed up into this folder first: the shared
    /// file is merged into it.
    OwnStore { backup_folder: &'a Path },
    /// An empty scratch store: it starts as a copy of the checked shared file, which holds
    /// the same as merging that file into it would, without reading it row by row.
    FromSharedFile,
}

/// A store in `folder` holding exactly the checked shared file, recorded as merged with the
/// greatest HLC a merge of it observes.
fn store_from_shared(shared: &StagedFile, folder: &Path) -> Result<Store, SyncError> {
    let path = folder.join("fusion-depuis-le-partage.recolte");
    std::fs::copy(&shared.path, &path).map_err(io(&path))?;
    let mut store = Store::open(&path, crate::store::Sources::system())?;
    store.use_as_scratch()?;
    store.record_as_merged(&shared.digest, shared.facts.max_hlc)?;
    Ok(store)
}

/// The digests of the inputs a file records as merged, with the greatest HLC of each.
fn merged_inputs(conn: &Connection) -> Result<HashMap<staging::Digest, Hlc>, SyncError> {
    let mut stmt = conn.prepare("SELECT digest, max_hlc FROM merged_input")?;
    let rows = stmt.query_map([], |row| Ok((row.get::<_, Vec<u8>>(0)?, row.get::<_, i64>(1)?)))?;
    let mut merged = HashMap::new();
    for row in rows {
        let (digest, max_hlc) = row?;
        if let Ok(digest) = staging::Digest::try_from(digest.as_slice()) {
            merged.insert(digest, Hlc::from_u64(max_hlc as u64));
        }
    }
    Ok(merged)
}

/// An input as the background stager hands it over, in the order of the inputs.
type StagedInput = (PathBuf, Result<Staged, SyncError>);

/// Stages `inputs` in order, on its own thread, while the caller merges those it already
/// received. Until the caller says which digests its target holds (`known`), it hashes the
/// inputs ahead: a re-merge of known files then costs one read of each, alongside the
/// reading of the shared file.
fn stage_in_order(
    inputs: &[PathBuf],
    known: mpsc::Receiver<HashSet<staging::Digest>>,
    staged: mpsc::SyncSender<StagedInput>,
) {
    let mut hashed_ahead = Vec::new();
    let mut known_digests = None;
    for input in inputs {
        match known.try_recv() {
            Ok(digests) => {
                known_digests = Some(digests);
                break;
            }
            Err(mpsc::TryRecvError::Empty) => hashed_ahead.push(staging::digest_file(input).ok()),
            Err(mpsc::TryRecvError::Disconnected) => return,
        }
    }
    let Some(known_digests) = known_digests.or_else(|| known.recv().ok()) else { return };
    for (index, input) in inputs.iter().enumerate() {
        let outcome = match hashed_ahead.get(index).copied().flatten() {
            Some(digest) if known_digests.contains(&digest) => {
                Ok(Staged::AlreadyMerged { origin: input.clone(), digest })
            }
            // Read again: what is merged is what was copied and checked.
            _ => staging::stage_unless(input, |digest| known_digests.contains(digest)),
        };
        if staged.send((input.clone(), outcome)).is_err() {
            return; // The merge stopped.
        }
    }
}

fn exchange(
    store: &mut Store,
    shared: &Path,
    extra_inputs: &[PathBuf],
    who: &LockOwner,
    now: SystemTime,
    start: Start<'_>,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SyncSummary, SyncError> {
    check_recolte_path(shared)?;
    let _lock = lock_shared(shared, who, now)?;
    remove_abandoned_temporaries(shared);
    remove_abandoned_private_copies(&std::env::temp_dir(), now);
    let backup = match start {
        Start::OwnStore { backup_folder } => Some(backup_local(store, backup_folder, now)?),
        Start::FromSharedFile => None,
    };
    let copies = find_conflict_copies(shared)?;
    let inputs: Vec<PathBuf> = copies.iter().chain(extra_inputs).cloned().collect();
    let total = inputs.len() + 3;
    let mut retries = 0;
    for attempt in 0..MAX_ATTEMPTS {
        let summary = SyncSummary { backup: backup.clone(), retries, ..SyncSummary::default() };
        let attempt = Attempt { shared, inputs: &inputs, copies: &copies, start, first: attempt == 0, total };
        match std::thread::scope(|scope| attempt.run(scope, store, summary, progress))? {
            Some(summary) => return Ok(summary),
            // Someone wrote the shared file meanwhile: merge their version too.
            None => retries += 1,
        }
    }
    Err(SyncError::KeepsChanging(shared.to_path_buf()))
}

/// One reading, merge and writing of the shared file.
struct Attempt<'a> {
    shared: &'a Path,
    inputs: &'a [PathBuf],
    copies: &'a [PathBuf],
    start: Start<'a>,
    first: bool,
    total: usize,
}

impl Attempt<'_> {
    /// The summary, or `None` when the shared file changed before it could be replaced.
    fn run<'scope>(
        &'scope self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        store: &mut Store,
        mut summary: SyncSummary,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<Option<SyncSummary>, SyncError> {
        let shared = self.shared;
        let mut done = 0;
        let mut report = |step: String| {
            done += 1;
            progress(SyncProgress { done, total: self.total, step });
        };
        let (known_sender, known) = mpsc::channel();
        let (staged_sender, staged) = mpsc::sync_channel(2 * MERGED_BETWEEN_REPORTS);
        scope.spawn(move || stage_in_order(self.inputs, known, staged_sender));

        report("Lecture du fichier partagé".into());
        let before = file_metadata(shared)?;
        // Always a checked copy: what the new shared file adds is measured against it.
        let shared_copy = match before {
            Some(_) => Some(staging::stage_but_references(shared)?),
            None => None,
        };
        let before = before.zip(shared_copy.as_ref()).map(|((len, modified), copy)| FileIdentity {
            len,
            modified,
            digest: copy.digest,
        });
        let mut known_inputs = merged_inputs(store.connection())?;
        let mut batch: Vec<Staged> = Vec::new();
        let scratch = matches!(self.start, Start::FromSharedFile) && self.first;
        // A scratch store starts as the shared file itself (a copy holds the same as merging
        // it would, without reading it row by row), once an input needs merging.
        let mut store_to_make = None;
        // The shared file as it was read, to measure what the new one adds.
        let mut old_shared = None;
        // The stager may now skip what the target holds, or will once the shared file is in.
        let mut known: HashSet<_> = known_inputs.keys().copied().collect();
        if let Some(copy) = &shared_copy {
            let conn = Connection::open_with_flags(&copy.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let shared_holds = merged_inputs(&conn)?;
            known.extend(shared_holds.keys().copied().chain([copy.digest]));
            known_inputs.extend(shared_holds);
        }
        let _ = known_sender.send(known);
        if let Some(copy) = shared_copy {
            if scratch {
                let max_hlc = copy.facts.max_hlc;
                known_inputs.insert(copy.digest, max_hlc);
                let clock_warning = store.observe_merged_clock(max_hlc)?;
                let outcome = MergeOutcome { report: MergeReport::unchanged(max_hlc), clock_warning };
                add_outcome(&mut summary, &copy.origin, outcome);
                store_to_make = Some(copy);
            } else {
                report(format!("Fusion de {}", shared.display()));
                if store.merged_input(&copy.digest)?.is_none() {
                    copy.check_references()?;
                }
                let staged = Staged::Checked(copy);
                for outcome in store.merge_all_staged(std::slice::from_ref(&staged))? {
                    add_outcome(&mut summary, shared, outcome);
                }
                if let Staged::Checked(copy) = staged {
                    old_shared = Some(copy);
                }
            }
        }
        let holds_shared = store_to_make.is_some();
        // Sharing the work pays for copying the store once a batch or more is to merge.
        let shares = scratch && self.inputs.len() >= MERGED_BETWEEN_REPORTS;
        let set_side = if shares { SetSide::NotStarted } else { SetSide::InStore };
        let mut merging = Merging { store_to_make, set_side, known_inputs };

        let mut accepted_copies = Vec::new();
        for input in staged {
            self.receive(input, &mut batch, &mut accepted_copies, &mut summary)?;
            if batch.len() >= MERGED_BETWEEN_REPORTS {
                merging.merge_batch(scope, store, &mut batch, &mut summary, &mut report)?;
            }
        }
        merging.merge_batch(scope, store, &mut batch, &mut summary, &mut report)?;
        // The store's set tables, when another store merged them.
        let set_tables = merging.finish(&mut summary)?;

        report("Écriture du nouveau fichier partagé".into());
        let unchanged =
            holds_shared && summary.per_input.iter().all(|(_, report)| !report.changed_anything());
        summary.sent = if unchanged {
            // The store still holds the shared file as it was read: nothing to send.
            MergeReport::unchanged(Default::default())
        } else if scratch {
            // The store started as the shared file (or as nothing, when there was none):
            // what it received is what the new shared file adds, no need to measure it.
            summary.received.clone()
        } else {
            // The store merged the shared file as it was read: it holds all of it.
            store.what_file_gains(old_shared.as_ref().map(|copy| copy.path.as_path()))?
        };
        // Rewriting an unchanged shared file would only stir the sync tools up.
        let snapshot = if before.is_none() || summary.sent.changed_anything() {
            Some(snapshot(store, ExportScope::Everything, set_tables.as_deref())?)
        } else {
            None
        };
        let writes = snapshot.is_some() || !accepted_copies.is_empty();
        if writes && identity(shared)? != before {
            // The next attempt merges into this store alone: it needs all of its tables.
            if let Some(path) = &set_tables {
                store.take_set_tables_from(path)?;
            }
            return Ok(None);
        }
        if let Some(snapshot) = snapshot {
            install_snapshot(&snapshot, shared)?;
        }
        summary.archived = archive(shared, &accepted_copies)?;
        progress(SyncProgress {
            done: self.total,
            total: self.total,
            step: "Synchronisation terminée".into(),
        });
        Ok(Some(summary))
    }

    /// Takes a staged input into `batch`, or its refusal into the summary.
    fn receive(
        &self,
        (input, outcome): StagedInput,
        batch: &mut Vec<Staged>,
        accepted_copies: &mut Vec<PathBuf>,
        summary: &mut SyncSummary,
    ) -> Result<(), SyncError> {
        match outcome {
            Ok(staged) => {
                if self.copies.contains(&input) {
                    accepted_copies.push(input);
                }
                batch.push(staged);
            }
            Err(SyncError::Refused { path, reason }) => {
                summary.refused.push(RefusedFile { path, reason: reason.to_string() })
            }
            Err(other) => return Err(other),
        }
        Ok(())
    }
}

/// Where the inputs of an attempt go, batch after batch.
struct Merging<'scope> {
    /// The checked shared file the store is to be made from, once an input needs merging;
    /// until then, inputs it records as merged are reported as merging them would.
    store_to_make: Option<StagedFile>,
    set_side: SetSide<'scope>,
    /// The digests of the inputs the store and the shared file hold, with their greatest
    /// HLCs.
    known_inputs: HashMap<staging::Digest, Hlc>,
}

/// The set tables' side of a merge into a scratch store (see [`MergedTables::Records`]),
/// merged on a thread of its own into a copy of that store: on two cores, the merge takes
/// about the time of its larger side instead of the sum of both.
enum SetSide<'scope> {
    /// The store merges every table itself: it is the user's own store, a scratch store with
    /// few inputs, or one merging again after the shared file changed (one input).
    InStore,
    /// A scratch store, whose set side starts with the first batch it merges.
    NotStarted,
    Running {
        batches: mpsc::Sender<Arc<[Staged]>>,
        /// Each batch's reports of the set tables, per input.
        thread: ScopedJoinHandle<'scope, Result<Vec<Vec<Vec<TableReport>>>, SyncError>>,
        /// The copy of the store that the thread merges into.
        path: PathBuf,
        /// The outcomes of the inputs sent, waiting for their set tables' reports.
        waiting: Vec<(PathBuf, MergeOutcome)>,
    },
}

impl<'scope> Merging<'scope> {
    /// Merges the inputs gathered in `batch` (in one transaction) and empties it.
    fn merge_batch(
        &mut self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        store: &mut Store,
        batch: &mut Vec<Staged>,
        summary: &mut SyncSummary,
        report: &mut dyn FnMut(String),
    ) -> Result<(), SyncError> {
        for staged in batch.iter() {
            report(format!("Fusion de {}", staged.origin().display()));
        }
        if batch.iter().any(|staged| matches!(staged, Staged::Checked(_))) {
            if let Some(copy) = self.store_to_make.take() {
                copy.check_references()?;
                let folder = store.path().parent().map(Path::to_path_buf).unwrap_or_default();
                *store = store_from_shared(&copy, &folder)?;
            }
            if matches!(self.set_side, SetSide::NotStarted) {
                self.set_side = SetSide::start(scope, store)?;
            }
        }
        let batch: Arc<[Staged]> = batch.drain(..).collect();
        if self.store_to_make.is_some() {
            for staged in batch.iter() {
                let max_hlc = self.known_inputs.get(staged.digest()).copied().unwrap_or_default();
                let clock_warning = store.observe_merged_clock(max_hlc)?;
                let outcome = MergeOutcome { report: MergeReport::unchanged(max_hlc), clock_warning };
                add_outcome(summary, staged.origin(), outcome);
            }
            return Ok(());
        }
        match &mut self.set_side {
            SetSide::Running { batches, waiting, .. } => {
                // A thread that stopped says why when it is joined.
                let _ = batches.send(Arc::clone(&batch));
                let outcomes = store.merge_all_staged_into(&batch, MergedTables::Records)?;
                let origins = batch.iter().map(|staged| staged.origin().to_path_buf());
                waiting.extend(origins.zip(outcomes));
            }
            SetSide::InStore | SetSide::NotStarted => {
                for (staged, outcome) in batch.iter().zip(store.merge_all_staged(&batch)?) {
                    add_outcome(summary, staged.origin(), outcome);
                }
            }
        }
        Ok(())
    }

    /// Waits for the set side and completes the outcomes with its reports; returns the file
    /// of the store that holds the set tables, if not the store itself.
    fn finish(self, summary: &mut SyncSummary) -> Result<Option<PathBuf>, SyncError> {
        let SetSide::Running { batches, thread, path, waiting } = self.set_side else { return Ok(None) };
        drop(batches);
        let reports = thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let sets: Vec<Vec<TableReport>> = reports.into_iter().flatten().collect();
        debug_assert_eq!(sets.len(), waiting.len(), "the set side reports every input it was sent");
        for ((origin, outcome), sets) in waiting.into_iter().zip(sets) {
            let report = outcome.report.with_set_tables(sets);
            add_outcome(summary, &origin, MergeOutcome { report, ..outcome });
        }
        Ok(Some(path))
    }
}

impl<'scope> SetSide<'scope> {
    /// Copies `store` and starts merging set tables into the copy, on a thread of `scope`;
    /// `store` keeps none of its set entries, so that its snapshot copies each entry once.
    fn start(scope: &'scope std::thread::Scope<'scope, '_>, store: &mut Store) -> Result<Self, SyncError> {
        let path = store.path().with_extension("ensembles.recolte");
        std::fs::copy(store.path(), &path).map_err(io(&path))?;
        store.empty_set_tables()?;
        let (batches, received) = mpsc::channel::<Arc<[Staged]>>();
        let thread_path = path.clone();
        let thread = scope.spawn(move || {
            let mut sets = Store::open(&thread_path, crate::store::Sources::system())?;
            sets.use_as_scratch()?;
            let mut reports = Vec::new();
            for batch in received {
                reports.push(sets.merge_set_tables(&batch)?);
            }
            Ok(reports)
        });
        Ok(SetSide::Running { batches, thread, path, waiting: Vec::new() })
    }
}

fn add_outcome(summary: &mut SyncSummary, origin: &Path, outcome: MergeOutcome) {
    add_reports(&mut summary.received, &outcome.report);
    summary.per_input.push((origin.to_path_buf(), outcome.report));
    summary.clock_warnings.extend(outcome.clock_warning);
}

/// What a sync would do, computed on a scratch copy of the local store: nothing changes.
#[derive(Debug, Clone, Default)]
pub struct SyncPreview {
    /// What the local store would receive.
    pub receive: MergeReport,
    /// What the shared file would receive.
    pub send: MergeReport,
    /// The sync tools' copies that would be merged and archived.
    pub conflict_copies: Vec<PathBuf>,
    /// Files that would be refused.
    pub refused: Vec<RefusedFile>,
    /// Whether the shared file exists yet (the first sync creates it).
    pub shared_exists: bool,
}

/// Previews [`sync_with_shared`] without changing the store or any file.
pub fn preview_sync(store: &Store, shared: &Path) -> Result<SyncPreview, SyncError> {
    check_recolte_path(shared)?;
    let scratch_folder =
        tempfile::Builder::new().prefix("recolte-apercu-").tempdir().map_err(io(&std::env::temp_dir()))?;
    let scratch_path = scratch_folder.path().join("local.recolte");
    store.connection().execute("VACUUM INTO ?1", [scratch_path.to_string_lossy()])?;
    let mut scratch = Store::open(&scratch_path, crate::store::Sources::system())?;
    scratch.use_as_scratch()?;
    let mut preview = SyncPreview::default();
    let shared_copy = match file_metadata(shared)? {
        Some(_) => Some(staging::stage(shared)?),
        None => None,
    };
    preview.shared_exists = shared_copy.is_some();
    let mut inputs: Vec<Staged> = shared_copy.into_iter().map(Staged::Checked).collect();
    for copy in find_conflict_copies(shared)? {
        match staging::stage(&copy) {
            Ok(staged) => {
                preview.conflict_copies.push(copy);
                inputs.push(Staged::Checked(staged));
            }
            Err(SyncError::Refused { path, reason }) => {
                preview.refused.push(RefusedFile { path, reason: reason.to_string() })
            }
            Err(other) => return Err(other),
        }
    }
    // A file the local store already merged brings nothing, and is not read again.
    for staged in &inputs {
        let outcome = scratch.merge_staged(staged)?;
        add_reports(&mut preview.receive, &outcome.report);
    }
    let old_shared = match inputs.first() {
        Some(Staged::Checked(file)) if preview.shared_exists => Some(file.path.as_path()),
        _ => None,
    };
    // The scratch store merged the shared file: it holds all of it.
    preview.send = scratch.what_file_gains(old_shared)?;
    Ok(preview)
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub per_file: Vec<(PathBuf, MergeReport)>,
    pub refused: Vec<RefusedFile>,
    pub clock_warnings: Vec<ClockWarning>,
}

/// The `.recolte` files named, with a folder standing for the `.recolte` files it holds.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SyncError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(io(path))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "recolte"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Imports session files (or folders of them) into the local store. Each file is staged and
/// checked; a refused file is reported and the others are still imported, several per
/// transaction.
pub fn import_files(store: &mut Store, paths: &[PathBuf]) -> Result<ImportSummary, SyncError> {
    let mut summary = ImportSummary::default();
    let (mut origins, mut staged_files) = (Vec::new(), Vec::new());
    for path in expand_inputs(paths)? {
        match store.stage_input(&path) {
            Ok(staged) => {
                origins.push(path);
                staged_files.push(staged);
            }
            Err(SyncError::Refused { path, reason }) => {
                summary.refused.push(RefusedFile { path, reason: reason.to_string() })
            }
            Err(SyncError::Io { path, source }) => {
                summary.refused.push(RefusedFile { path, reason: format!("illisible ({source})") })
            }
            Err(other) => return Err(other),
        }
    }
    for (batch, paths) in
        staged_files.chunks(MERGED_BETWEEN_REPORTS).zip(origins.chunks(MERGED_BETWEEN_REPORTS))
    {
        for (path, outcome) in paths.iter().zip(store.merge_all_staged(batch)?) {
            summary.clock_warnings.extend(outcome.clock_warning);
            summary.per_file.push((path.clone(), outcome.report));
        }
    }
    Ok(summary)
}

fn add_reports(total: &mut MergeReport, more: &MergeReport) {
    for table in &more.tables {
        match total.tables.iter_mut().find(|t| t.table == table.table) {
            Some(existing) => {
                existing.inserted += table.inserted;
                existing.updated += table.updated;
            }
            None => total.tables.push(table.clone()),
        }
    }
    total.new_conflicts += more.new_conflicts;
    total.max_hlc = total.max_hlc.max(more.max_hlc);
}

/// A copy of the local store, taken before a sync changes it.
fn backup_local(store: &Store, folder: &Path, now: SystemTime) -> Result<PathBuf, SyncError> {
    std::fs::create_dir_all(folder).map_err(io(folder))?;
    let stamp = chrono::DateTime::<chrono::Utc>::from(now).format("%Y%m%d-%H%M%S%.3f");
    let mut path = folder.join(format!("avant-synchronisation-{stamp}.recolte"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = folder.join(format!("avant-synchronisation-{stamp}-{n}.recolte"));
    }
    store.connection().execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    Ok(path)
}

/// Moves merged conflict copies into the archive folder next to the shared file.
fn archive(shared: &Path, copies: &[PathBuf]) -> Result<Vec<PathBuf>, SyncError> {
    if copies.is_empty() {
        return Ok(Vec::new());
    }
    let folder = folder_of(shared).join(ARCHIVE_FOLDER);
    std::fs::create_dir_all(&folder).map_err(io(&folder))?;
    let mut archived = Vec::new();
    for copy in copies {
        let mut target = folder.join(copy.file_name().unwrap_or_default());
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = folder.join(format!("{n}-{}", copy.file_name().unwrap_or_default().to_string_lossy()));
        }
        std::fs::rename(copy, &target).map_err(io(copy))?;
        archived.push(target);
    }
    sync_folder(&folder)?;
    Ok(archived)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_tools_conflict_copies_are_recognised_and_nothing_else() {
        let shared = "diagnostic.recolte";
        for copy in [
            "diagnostic.sync-conflict-20110412-201500-ABCDEFG.recolte",
            "diagnostic (conflicted copy 2011-04-12 201500).recolte",
            "diagnostic (Camille's conflicted copy 2011-04-12).recolte",
            "diagnostic-PORTABLE-CAMILLE.recolte",
        ] {
            assert!(is_conflict_copy(shared, copy), "{copy} is a sync tool's copy of {shared}");
        }
        for other in [
            "diagnostic.recolte",
            "autre.recolte",
            "diagnostic.recolte.verrou",
            "diagnostic (copie).recolte",
            "diagnostic-2.sync.recolte",
            "diagnostic.sync-conflict-1.txt",
        ] {
            assert!(!is_conflict_copy(shared, other), "{other} must not be taken for a conflict copy");
        }
    }

    #[test]
    fn private_copies_left_by_a_crash_are_removed_after_a_day_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let abandoned = dir.path().join("recolte-staging-abc123");
        std::fs::create_dir(&abandoned).unwrap();
        std::fs::write(abandoned.join("staged.recolte"), b"personal data").unwrap();
        let abandoned_export = dir.path().join("recolte-export-xyz.recolte");
        std::fs::write(&abandoned_export, b"personal data").unwrap();
        let someone_else = dir.path().join("notes-staging-abc");
        std::fs::create_dir(&someone_else).unwrap();

        remove_abandoned_private_copies(dir.path(), SystemTime::now());
        assert!(abandoned.exists(), "a fresh copy may belong to a merge running now");

        let two_days_later = SystemTime::now() + Duration::from_secs(2 * 24 * 60 * 60);
        remove_abandoned_private_copies(dir.path(), two_days_later);
        assert!(!abandoned.exists(), "a copy a day old was left by a crash and is removed");
        assert!(!abandoned_export.exists(), "an export's temporary file too");
        assert!(someone_else.exists(), "what is not ours is left alone");
    }

    #[test]
    fn a_snapshot_that_fails_its_check_is_not_installed_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("partage.recolte");
        std::fs::write(&destination, b"l'ancien fichier partag\xc3\xa9").unwrap();
        let damaged = dir.path().join("instantane.recolte");
        std::fs::write(&damaged, vec![0x5a; 8192]).unwrap();
        let refused = install_snapshot(&damaged, &destination);
        assert!(
            matches!(refused, Err(SyncError::Refused { .. })),
            "a damaged snapshot is refused: {refused:?}"
        );
        assert_eq!(
            std::fs::read(&destination).unwrap(),
            b"l'ancien fichier partag\xc3\xa9",
            "the old file stays"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "its copy next to the destination is removed: {names:?}");
    }

    #[test]
    fn a_fresh_lock_is_refused_with_its_owner_and_a_stale_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("d.recolte");
        let camille =
            LockOwner { owner: "Camille".into(), machine: "portable".into(), since: "18:00".into() };
        let now = SystemTime::now();
        let held = lock_shared(&shared, &camille, now).unwrap();
        let malik = LockOwner { owner: "Malik".into(), machine: "fixe".into(), since: "18:01".into() };
        let refused = lock_shared(&shared, &malik, now).err().expect("a held lock must be refused");
        assert!(refused.to_string().contains("Camille"), "the message names who syncs: {refused}");
        // Ten minutes later, the same lock is considered abandoned.
        let later = now + LOCK_STALE_AFTER + Duration::from_secs(1);
        std::mem::forget(held);
        let taken = lock_shared(&shared, &malik, later);
        assert!(taken.is_ok(), "a stale lock is taken over");
        drop(taken);
        assert!(!lock_path(&shared).exists(), "the lock file is removed on release");
    }
}
