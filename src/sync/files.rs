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

use std::fs::File;
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::staging::{self, Staged, StagedFile};
use super::{MergeReport, SyncError};
use crate::clock::ClockWarning;
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
    let snapshot = snapshot(store, scope)?;
    install(&snapshot, destination)
}

fn invalid_destination(path: &Path, reason: &str) -> SyncError {
    SyncError::InvalidDestination { path: path.to_path_buf(), reason: reason.to_string() }
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
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(invalid_destination(
            path,
            "son dossier n'existe pas : vérifiez le chemin, ou que la clé USB est bien branchée.",
        ));
    }
    Ok(())
}

/// A checked, self-contained snapshot of the store in a local temporary file.
fn snapshot(store: &Store, scope: ExportScope) -> Result<tempfile::TempPath, SyncError> {
    let folder = std::env::temp_dir();
    let path = tempfile::Builder::new()
        .prefix("recolte-export-")
        .suffix(".recolte")
        .tempfile_in(&folder)
        .map_err(io(&folder))?
        .into_temp_path();
    std::fs::remove_file(&path).map_err(io(&path))?;
    store.connection().execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    {
        let conn = Connection::open(&path)?;
        conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM meta WHERE key LIKE 'local.%';")?;
        if let ExportScope::Workshop(workshop) = scope {
            keep_only_workshop(&conn, workshop)?;
        }
        let dangling: i64 =
            conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if dangling > 0 {
            return Err(SyncError::Store(crate::store::StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("{dangling} référence(s) sans cible dans l'export"),
            }));
        }
        // Drops the pages of what was trimmed, so no personal data lingers in free pages.
        conn.execute_batch("VACUUM; PRAGMA journal_mode = DELETE;")?;
    }
    staging::check(&path).map_err(|reason| SyncError::Refused { path: path.to_path_buf(), reason })?;
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

/// Copies `source` next to `destination`, flushes it, renames it into place and flushes the
/// folder: the destination is the old file or the new one at every moment.
pub fn install(source: &Path, destination: &Path) -> Result<(), SyncError> {
    let folder = destination.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
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
    temporary
        .persist(destination)
        .map_err(|e| SyncError::Io { path: destination.to_path_buf(), source: e.error })?;
    sync_folder(folder)
}

/// Temporary files left next to the shared file by a writer that crashed. Only called with
/// the lock held, so no live writer of ours is using them.
fn remove_abandoned_temporaries(shared: &Path) {
    let folder = shared.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMPORARY_PREFIX) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
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
    digest: u64,
}

fn identity(path: &Path) -> Result<Option<FileIdentity>, SyncError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io(path)(error)),
    };
    let metadata = file.metadata().map_err(io(path))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(io(path))?;
        if read == 0 {
            break;
        }
        hasher.write(&buffer[..read]);
    }
    Ok(Some(FileIdentity {
        len: metadata.len(),
        modified: metadata.modified().ok(),
        digest: hasher.finish(),
    }))
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
    let folder = shared.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
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
    let mut store = Store::open(&scratch.path().join("fusion.recolte"), crate::store::Sources::system())?;
    store.skip_flushes()?;
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
/// greatest HLC a merge of it would observe.
fn store_from_shared(shared: &StagedFile, folder: &Path) -> Result<Store, SyncError> {
    let path = folder.join("fusion-depuis-le-partage.recolte");
    std::fs::copy(&shared.path, &path).map_err(io(&path))?;
    let mut store = Store::open(&path, crate::store::Sources::system())?;
    store.skip_flushes()?;
    store.record_as_merged(&shared.digest)?;
    Ok(store)
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
    let backup = match start {
        Start::OwnStore { backup_folder } => Some(backup_local(store, backup_folder, now)?),
        Start::FromSharedFile => None,
    };
    let copies = find_conflict_copies(shared)?;
    let total = copies.len() + extra_inputs.len() + 3;
    let mut retries = 0;
    for attempt in 0..MAX_ATTEMPTS {
        let mut summary = SyncSummary { backup: backup.clone(), retries, ..SyncSummary::default() };
        let before = identity(shared)?;
        let mut done = 0;
        let mut report = |step: String, done: &mut usize| {
            *done += 1;
            progress(SyncProgress { done: *done, total, step });
        };
        report("Lecture du fichier partagé".into(), &mut done);
        // Always a checked copy: what the new shared file adds is measured against it.
        let shared_copy = match before {
            Some(_) => Some(Staged::Checked(staging::stage(shared)?)),
            None => None,
        };
        // Whether the store holds exactly the shared file as it was read.
        let mut holds_shared = false;
        if let (Start::FromSharedFile, 0, Some(Staged::Checked(copy))) = (start, attempt, &shared_copy) {
            let folder = store.path().parent().map(Path::to_path_buf).unwrap_or_default();
            *store = store_from_shared(copy, &folder)?;
            holds_shared = true;
        }
        let mut inputs: Vec<Staged> = Vec::new();
        let mut accepted_copies = Vec::new();
        for candidate in copies.iter().chain(extra_inputs) {
            match store.stage_input(candidate) {
                Ok(staged) => {
                    if copies.contains(candidate) {
                        accepted_copies.push(candidate.clone());
                    }
                    inputs.push(staged);
                }
                Err(SyncError::Refused { path, reason }) => {
                    summary.refused.push(RefusedFile { path, reason: reason.to_string() })
                }
                Err(other) => return Err(other),
            }
        }
        // The shared file first, then the others in order, several per transaction.
        let shared_copy = match shared_copy {
            Some(copy) => {
                inputs.insert(0, copy);
                inputs.first()
            }
            None => None,
        };
        for batch in inputs.chunks(MERGED_BETWEEN_REPORTS) {
            for staged in batch {
                report(format!("Fusion de {}", staged.origin().display()), &mut done);
            }
            for (staged, outcome) in batch.iter().zip(store.merge_all_staged(batch)?) {
                add_reports(&mut summary.received, &outcome.report);
                summary.per_input.push((staged.origin().to_path_buf(), outcome.report));
                summary.clock_warnings.extend(outcome.clock_warning);
            }
        }
        report("Écriture du nouveau fichier partagé".into(), &mut done);
        let unchanged =
            holds_shared && summary.per_input.iter().all(|(_, report)| !report.changed_anything());
        let snapshot = if unchanged {
            // The store still holds the shared file as it was read: nothing to send.
            summary.sent = MergeReport::unchanged(Default::default());
            None
        } else {
            let snapshot = snapshot(store, ExportScope::Everything)?;
            summary.sent = if matches!(start, Start::FromSharedFile) && attempt == 0 {
                // The store started as the shared file (or as nothing, when there was none):
                // what it received is what the new shared file adds, no need to measure it.
                summary.received.clone()
            } else {
                match shared_copy {
                    Some(Staged::Checked(staged)) => what_file_receives(Some(&staged.path), &snapshot)?,
                    _ => what_file_receives(None, &snapshot)?,
                }
            };
            Some(snapshot)
        };
        if identity(shared)? != before {
            // Someone wrote the shared file meanwhile: merge their version too.
            retries += 1;
            continue;
        }
        // Rewriting an unchanged shared file would only stir the sync tools up.
        if let Some(snapshot) = snapshot.filter(|_| before.is_none() || summary.sent.changed_anything()) {
            install(&snapshot, shared)?;
        }
        summary.archived = archive(shared, &accepted_copies)?;
        progress(SyncProgress { done: total, total, step: "Synchronisation terminée".into() });
        return Ok(summary);
    }
    Err(SyncError::KeepsChanging(shared.to_path_buf()))
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
    scratch.skip_flushes()?;
    let mut preview = SyncPreview::default();
    let shared_copy = match identity(shared)? {
        Some(_) => Some(staging::stage(shared)?),
        None => None,
    };
    preview.shared_exists = shared_copy.is_some();
    let mut inputs: Vec<StagedFile> = shared_copy.into_iter().collect();
    for copy in find_conflict_copies(shared)? {
        match staging::stage(&copy) {
            Ok(staged) => {
                preview.conflict_copies.push(copy);
                inputs.push(staged);
            }
            Err(SyncError::Refused { path, reason }) => {
                preview.refused.push(RefusedFile { path, reason: reason.to_string() })
            }
            Err(other) => return Err(other),
        }
    }
    for staged in &inputs {
        let outcome = scratch.merge_from(&staged.path)?;
        add_reports(&mut preview.receive, &outcome.report);
    }
    let old_shared = inputs.first().filter(|_| preview.shared_exists).map(|staged| staged.path.clone());
    drop(scratch);
    preview.send = what_file_receives(old_shared.as_deref(), &scratch_path)?;
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

/// What writing `new_file` over `old_file` (or over nothing) adds, measured on a scratch copy.
fn what_file_receives(old_file: Option<&Path>, new_file: &Path) -> Result<MergeReport, SyncError> {
    let scratch = tempfile::tempdir().map_err(io(&std::env::temp_dir()))?;
    let copy = scratch.path().join("avant.recolte");
    if let Some(old_file) = old_file {
        std::fs::copy(old_file, &copy).map_err(io(old_file))?;
    }
    let mut store = Store::open(&copy, crate::store::Sources::system())?;
    store.skip_flushes()?;
    Ok(store.preview_merge(new_file)?)
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
    let folder =
        shared.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(ARCHIVE_FOLDER);
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
