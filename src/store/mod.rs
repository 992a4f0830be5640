//! The working store: one SQLite file in the app's data folder.
//!
//! Invariants:
//! - Every connection is opened through [`Store::open`], which applies the same settings
//!   (WAL, `synchronous=FULL`, foreign keys, busy timeout, secure delete) before anything
//!   else, so a committed write is on disk when the call returns.
//! - A file is recognised by its `application_id`; an older app refuses a file whose
//!   `min_reader_version` is above [`FORMAT_VERSION`], before migrating or writing anything.
//! - Every write goes through [`WriteTx`], which stamps each field it touches with the
//!   hybrid clock and persists the clock, so stamps never go back after a restart.
//! - Local settings (`meta` keys starting with `local.`) describe this installation, not the
//!   diagnostic, and are never copied into session files.

mod migrations;
mod read;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use uuid::Uuid;

use crate::clock::{DeviceId, Hlc, HybridClock, PhysicalClock, SystemClock};
use crate::ids::{IdSource, RandomIds};

pub use migrations::{latest_version, MIGRATIONS};
pub use write::{FieldValue, WriteTx};

/// `PRAGMA application_id` of every Récolte file: "RCLT".
pub const APPLICATION_ID: i32 = 0x5243_4C54;

/// The page size of the files Récolte hands over (session and shared files), SQLite's
/// default: every table and index takes at least one page, so larger pages would weigh on
/// small diagnostics.
pub const FILE_PAGE_SIZE: u32 = 4096;

/// The page size of a scratch store (see [`Store::create_scratch`]). With larger pages, a
/// tree has fewer levels and a row inserted touches fewer pages: merging a hundred files
/// costs about a third less than with [`FILE_PAGE_SIZE`].
const SCRATCH_PAGE_SIZE: u32 = 32768;

/// The file format this build reads and writes. A newer build raises it only for a change
/// that an older build cannot read correctly, and records it as `min_reader_version`.
pub const FORMAT_VERSION: u32 = 2;

const META_MIN_READER: &str = "min_reader_version";
const META_DEVICE: &str = "local.device_id";
const META_CLOCK: &str = "local.hlc_last";
const META_CURRENT_DIAGNOSTIC: &str = "local.current_diagnostic";
const META_SHARED_FILE: &str = "local.shared_file";

/// What can go wrong with the store, each message telling the user what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} n'est pas un fichier Récolte (identifiant d'application {found:#x}). Choisissez un fichier .recolte produit par Récolte.")]
    NotARecolteFile { path: PathBuf, found: i32 },
    #[error("{path} a été créé par une version plus récente de Récolte (format {file_version}, cette application lit jusqu'au format {FORMAT_VERSION}). Mettez Récolte à jour pour l'ouvrir.")]
    TooNew { path: PathBuf, file_version: u32 },
    #[error("{what} introuvable ({id}). Il a peut-être été supprimé ; rechargez la vue.")]
    NotFound { what: &'static str, id: Uuid },
    #[error("{0}")]
    InvalidInput(String),
    #[error("le fichier {path} est endommagé : {detail}. Restaurez une sauvegarde ou réimportez le dernier fichier partagé.")]
    Corrupt { path: PathBuf, detail: String },
    #[error("impossible de préparer le dossier {path} : {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("erreur de la base de données : {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A stable classification of [`StoreError`], for the IPC boundary and exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    InvalidInput,
    NotARecolteFile,
    TooNew,
    Storage,
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::NotFound { .. } => ErrorKind::NotFound,
            StoreError::InvalidInput(_) => ErrorKind::InvalidInput,
            StoreError::NotARecolteFile { .. } => ErrorKind::NotARecolteFile,
            StoreError::TooNew { .. } => ErrorKind::TooNew,
            StoreError::Corrupt { .. } | StoreError::Folder { .. } | StoreError::Sqlite(_) => {
                ErrorKind::Storage
            }
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where time and randomness come from; fixed ones make a store deterministic in tests.
pub struct Sources {
    pub clock: Box<dyn PhysicalClock + Send>,
    pub ids: Box<dyn IdSource + Send>,
    /// Used once, when a new store needs a device id.
    pub device_seed: Option<u64>,
}

impl Sources {
    /// The wall clock and the operating system's randomness.
    pub fn system() -> Self {
        Self { clock: Box::new(SystemClock), ids: Box::new(RandomIds::from_os()), device_seed: None }
    }

    /// A fixed start time and seed: the same calls give the same ids and stamps.
    pub fn fixed(now_ms: u64, seed: u64) -> Self {
        Self {
            clock: Box::new(SteppingClock { next_ms: std::sync::atomic::AtomicU64::new(now_ms) }),
            ids: Box::new(RandomIds::seeded(seed)),
            device_seed: Some(seed),
        }
    }
}

/// A deterministic clock that moves one millisecond each time it is read, so successive
/// records get distinct, ordered times without reading the wall clock.
struct SteppingClock {
    next_ms: std::sync::atomic::AtomicU64,
}

impl PhysicalClock for SteppingClock {
    fn now_ms(&self) -> u64 {
        self.next_ms.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// The working store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: HybridClock,
    /// The clock value stored in the file: never below any HLC the clock has issued.
    clock_reserved: Hlc,
    sources: Sources,
}

/// How far ahead of the clock the stored value is reserved. The clock must never go back,
/// even across a restart on a machine whose wall clock went back, so the file keeps a value
/// at least as high as every issued stamp. Storing the clock itself would add a page to the
/// commit of every capture; a reservation is renewed only once the clock reaches it, and a
/// restart starts from it: at most this far ahead of the wall clock, far within the drift
/// bound that other replicas accept.
const CLOCK_RESERVATION_MS: u64 = 10_000;

/// Stores a new clock reservation in `tx` if the clock (at `last`) went past the current one
/// (`reserved`); returns the reservation that holds once `tx` commits.
fn reserve_clock(tx: &Connection, reserved: Hlc, last: Hlc) -> Result<Hlc> {
    if last <= reserved {
        return Ok(reserved);
    }
    let renewed = Hlc::new(last.physical_ms().saturating_add(CLOCK_RESERVATION_MS), 0);
    meta_set(tx, META_CLOCK, &renewed.as_u64().to_string())?;
    Ok(renewed)
}

impl Store {
    /// Opens (or creates) the store at `path`, applies the connection settings, checks that
    /// the file is a Récolte file this build can read, and migrates it.
    pub fn open(path: &Path, sources: Sources) -> Result<Self> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreError::Folder { path: folder.to_path_buf(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            // URIs let a merge attach its source read-only.
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        let path = path.to_path_buf();
        check_identity(&conn, &path)?;
        apply_connection_settings(&conn)?;
        migrate(&conn)?;
        let mut sources = sources;
        let device = load_or_create_device(&conn, &mut sources)?;
        let last: Option<String> = meta_get(&conn, META_CLOCK)?;
        let last = last.and_then(|raw| raw.parse::<u64>().ok()).map(Hlc::from_u64).unwrap_or_default();
        Ok(Self { conn, path, clock: HybridClock::new(device, last), clock_reserved: last, sources })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device(&self) -> DeviceId {
        self.clock.device()
    }

    /// Read access for queries; writes go through [`Store::write`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `body` in one immediate transaction; everything it wrote is durable when this
    /// returns `Ok`, and nothing of it is kept when it returns `Err`.
    pub fn write<T>(&mut self, body: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut clock = self.clock.clone();
        let mut write = WriteTx::new(&tx, &mut clock, &*self.sources.clock, &mut *self.sources.ids);
        let value = body(&mut write)?;
        let reserved = reserve_clock(&tx, self.clock_reserved, clock.last())?;
        tx.commit()?;
        // Only a committed transaction moves the clock, so a failed write leaves no gap.
        self.clock = clock;
        self.clock_reserved = reserved;
        Ok(value)
    }

    /// The greatest HLC of the input file whose bytes have `digest`, if this store merged it.
    pub fn merged_input(&self, digest: &[u8]) -> Result<Option<Hlc>> {
        let found: Option<i64> = self
            .conn
            .prepare_cached("SELECT max_hlc FROM merged_input WHERE digest = ?1")?
            .query_row([digest], |row| row.get(0))
            .optional()?;
        Ok(found.map(|raw| Hlc::from_u64(raw as u64)))
    }

    /// Lets the clock take a merged HLC into account, as a merge does, writing only when the
    /// clock passes its reservation.
    pub(crate) fn observe_merged_clock(&mut self, remote: Hlc) -> Result<Option<crate::clock::ClockWarning>> {
        let mut clock = self.clock.clone();
        let warning = clock.observe(remote, &*self.sources.clock);
        if clock.last() > self.clock_reserved {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let reserved = reserve_clock(&tx, self.clock_reserved, clock.last())?;
            tx.commit()?;
            self.clock_reserved = reserved;
        }
        self.clock = clock;
        Ok(warning)
    }

    /// The diagnostic the user last opened on this installation.
    pub fn current_diagnostic(&self) -> Result<Option<Uuid>> {
        let raw: Option<String> = meta_get(&self.conn, META_CURRENT_DIAGNOSTIC)?;
        let id = raw.and_then(|text| Uuid::parse_str(&text).ok());
        match id {
            Some(id) if self.diagnostic_exists(id)? => Ok(Some(id)),
            _ => Ok(None),
        }
    }

    pub fn set_current_diagnostic(&mut self, id: Uuid) -> Result<()> {
        if !self.diagnostic_exists(id)? {
            return Err(StoreError::NotFound { what: "Diagnostic", id });
        }
        meta_set(&self.conn, META_CURRENT_DIAGNOSTIC, &id.to_string())
    }

    /// The shared file this installation syncs with, once chosen.
    pub fn shared_file(&self) -> Result<Option<PathBuf>> {
        Ok(meta_get(&self.conn, META_SHARED_FILE)?.map(PathBuf::from))
    }

    /// Remembers the shared file; it must be a `.recolte` file.
    pub fn set_shared_file(&mut self, path: &Path) -> Result<()> {
        if path.extension().is_none_or(|e| e != "recolte") {
            return Err(StoreError::InvalidInput(format!(
                "Le fichier partagé doit porter l'extension .recolte (« {} »).",
                path.display()
            )));
        }
        if path.is_dir() {
            return Err(StoreError::InvalidInput(format!(
                "« {} » est un dossier, pas un fichier.",
                path.display()
            )));
        }
        meta_set(&self.conn, META_SHARED_FILE, &path.to_string_lossy())
    }

    fn diagnostic_exists(&self, id: Uuid) -> Result<bool> {
        let found = self
            .conn
            .query_row("SELECT 1 FROM diagnostic WHERE id = ?1 AND deleted = 0", [id], |_| Ok(()))
            .optional()?;
        Ok(found.is_some())
    }

    /// Creates a store in a new temporary file at `path`, for merging only (see
    /// [`Store::use_as_scratch`], which it applies), with pages of [`SCRATCH_PAGE_SIZE`].
    /// Fails if the file exists: a scratch store is never made over anything.
    pub fn create_scratch(path: &Path, sources: Sources) -> Result<Self> {
        let created = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
        created.map_err(|source| StoreError::Folder { path: path.to_path_buf(), source })?;
        {
            // The page size is fixed when the file is first written: writing the header now
            // (an application id of 0 is a new file's) gives it this one.
            let conn = Connection::open(path)?;
            conn.execute_batch(&format!(
                "PRAGMA page_size = {SCRATCH_PAGE_SIZE}; PRAGMA application_id = 0;"
            ))?;
        }
        let store = Store::open(path, sources)?;
        store.use_as_scratch()?;
        Ok(store)
    }

    /// Settings for a store in a temporary file that only merges checked files, and whose
    /// content reaches a kept file only through a checked snapshot, itself flushed before it
    /// is installed:
    /// - its commits need not wait for the disk (most of a merge's time on a slow disk);
    /// - its references need no checking at each row: every merged file's were checked when
    ///   it was staged, and a union of self-contained files is self-contained;
    /// - what it deletes need not be overwritten: the file is deleted after use;
    /// - its journal can stay in memory: a commit then writes each page once, where the
    ///   write-ahead log writes it twice (in the log, then back in the file), and a crash
    ///   only loses a file nobody reads again.
    pub fn use_as_scratch(&self) -> Result<()> {
        self.conn.execute_batch(
            "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; PRAGMA secure_delete = OFF;",
        )?;
        self.conn.query_row("PRAGMA journal_mode = MEMORY", [], |_| Ok(()))?;
        Ok(())
    }

    /// Folds the write-ahead log back into the main file and switches to a rollback journal,
    /// so the file is self-contained (one file to copy). Used before handing a file over.
    pub fn close_self_contained(self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }
}

fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let application_id: i32 =
        conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(|e| not_a_database(e, path))?;
    let table_count: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(|e| not_a_database(e, path))?;
    let is_new = application_id == 0 && table_count == 0;
    if !is_new && application_id != APPLICATION_ID {
        return Err(StoreError::NotARecolteFile { path: path.to_path_buf(), found: application_id });
    }
    if !is_new {
        let min_reader: Option<String> = meta_get(conn, META_MIN_READER)?;
        let min_reader = min_reader.and_then(|v| v.parse::<u32>().ok()).unwrap_or(FORMAT_VERSION);
        if min_reader > FORMAT_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), file_version: min_reader });
        }
    }
    Ok(())
}

/// SQLite reports a non-database file only when it first reads it.
fn not_a_database(error: rusqlite::Error, path: &Path) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            StoreError::NotARecolteFile { path: path.to_path_buf(), found: 0 }
        }
        _ => StoreError::Sqlite(error),
    }
}

fn apply_connection_settings(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Corrupt {
            path: conn.path().unwrap_or_default().into(),
            detail: format!("le mode de journal WAL est refusé (mode {mode})"),
        });
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA trusted_schema = OFF;
         -- Temporary tables (the search's pending list, a merge's working sets) stay in memory:
         -- no temporary file and journal to write beside a capture's commit.
         PRAGMA temp_store = MEMORY;
         -- Up to 64 MiB of pages, allocated as they are read (SQLite's default is 2 MB): a
         -- merge of several files in one transaction dirties more pages than that.
         PRAGMA cache_size = -65536;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // No SQL can corrupt the file on purpose (writable_schema and the like).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    Ok(())
}

fn migrate(conn: &Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index + 1;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version as i64)?;
        if version == 1 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            meta_set(&tx, META_MIN_READER, &FORMAT_VERSION.to_string())?;
        }
        tx.commit()?;
    }
    Ok(())
}

fn load_or_create_device(conn: &Connection, sources: &mut Sources) -> Result<DeviceId> {
    let stored: Option<String> = meta_get(conn, META_DEVICE)?;
    if let Some(id) = stored.as_deref().and_then(DeviceId::parse_hex) {
        return Ok(id);
    }
    let mut random = match sources.device_seed {
        Some(seed) => RandomIds::seeded(seed ^ 0xD5_1CE),
        None => RandomIds::from_os(),
    };
    let device = random.new_device_id();
    meta_set(conn, META_DEVICE, &device.to_string())?;
    Ok(device)
}

pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

pub(crate) fn meta_delete(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM meta WHERE key = ?1")?.execute([key])?;
    Ok(())
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// A migrated in-memory database, for schema tests.
#[cfg(test)]
pub(crate) fn migrated_in_memory() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    migrate(&conn).unwrap();
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_store(dir: &tempfile::TempDir) -> Store {
        Store::open(&dir.path().join("store.sqlite3"), Sources::fixed(1_300_000_000_000, 1)).unwrap()
    }

    #[test]
    fn the_bundled_sqlite_is_recent_enough_to_avoid_the_wal_reset_bug() {
        let version = rusqlite::version_number();
        assert!(version >= 3_051_003, "SQLite {} predates 3.51.3 and its WAL-reset fix", rusqlite::version());
    }

    #[test]
    fn the_bundled_sqlite_keeps_no_global_memory_count() {
        let dir = tempfile::tempdir().unwrap();
        let _store = temp_store(&dir);
        // With the count on, an open connection's allocations would show here.
        let counted = unsafe { rusqlite::ffi::sqlite3_memory_used() };
        assert_eq!(counted, 0, "LIBSQLITE3_FLAGS in .cargo/config.toml turns the count (and its lock) off");
    }

    #[test]
    fn a_scratch_store_has_large_pages_and_is_never_made_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fusion.recolte");
        let scratch = Store::create_scratch(&path, Sources::fixed(1_300_000_000_000, 1)).unwrap();
        let page_size: u32 =
            scratch.connection().query_row("PRAGMA page_size", [], |row| row.get(0)).unwrap();
        assert_eq!(page_size, SCRATCH_PAGE_SIZE, "the page size is set before the file is first written");
        let journal: String =
            scratch.connection().query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
        assert_eq!(journal, "memory", "and the scratch settings apply");
        drop(scratch);

        let existing = temp_store(&dir);
        let before = std::fs::read(existing.path()).unwrap();
        assert!(
            Store::create_scratch(existing.path(), Sources::fixed(1_300_000_000_000, 2)).is_err(),
            "an existing file is refused"
        );
        assert_eq!(std::fs::read(existing.path()).unwrap(), before, "and left as it was");
    }

    #[test]
    fn open_applies_the_durability_settings_to_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = temp_store(&dir);
        let conn = store.connection();
        let get = |pragma: &str| -> String {
            conn.query_row(&format!("PRAGMA {pragma}"), [], |row| row.get::<_, rusqlite::types::Value>(0))
                .map(|v| match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                })
                .unwrap()
        };
        assert_eq!(get("journal_mode"), "wal", "WAL lets reads go on during a write");
        assert_eq!(get("synchronous"), "2", "FULL (2): a commit is on disk before it returns");
        assert_eq!(get("foreign_keys"), "1", "references must be checked");
        assert_eq!(get("secure_delete"), "1", "deleted personal data must be overwritten");
        assert_eq!(get("busy_timeout"), "5000", "a busy file must be waited for, not failed");
        assert_eq!(get("cache_size"), "-65536", "a large merge keeps its pages in memory");
        assert_eq!(get("temp_store"), "2", "temporary tables stay in memory (2), out of a capture's commit");
        assert_eq!(get("application_id"), APPLICATION_ID.to_string(), "the file must be marked as Récolte's");
        assert_eq!(get("user_version"), latest_version().to_string(), "every migration must be applied");
    }

    #[test]
    fn reopening_keeps_the_device_and_never_reissues_a_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let (device, first) = {
            let mut store = temp_store(&dir);
            let stamp = store.write(|tx| Ok(tx.stamp())).unwrap();
            (store.device(), stamp)
        };
        // The same fixed sources again: the wall clock restarts at the same instant.
        let mut store = temp_store(&dir);
        assert_eq!(store.device(), device, "a store keeps its device id across restarts");
        let second = store.write(|tx| Ok(tx.stamp())).unwrap();
        assert!(second > first, "after a restart the clock resumes past {first}, got {second}");
    }

    #[test]
    fn the_stored_clock_is_a_reservation_renewed_only_when_the_clock_reaches_it() {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;

        /// A wall clock the test moves while the store holds it.
        struct SharedWall(Arc<AtomicU64>);
        impl PhysicalClock for SharedWall {
            fn now_ms(&self) -> u64 {
                self.0.load(Ordering::SeqCst)
            }
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite3");
        let wall = Arc::new(AtomicU64::new(1_300_000_000_000));
        let open = |wall: &Arc<AtomicU64>| {
            Store::open(&path, Sources { clock: Box::new(SharedWall(wall.clone())), ..Sources::fixed(0, 7) })
                .unwrap()
        };
        let stored = |store: &Store| -> u64 {
            meta_get(store.connection(), META_CLOCK).unwrap().unwrap().parse().unwrap()
        };
        let mut store = open(&wall);
        let first = store.write(|tx| Ok(tx.stamp())).unwrap();
        let reservation = stored(&store);
        assert!(reservation > first.hlc.as_u64(), "the stored value is ahead of every issued stamp");
        wall.fetch_add(CLOCK_RESERVATION_MS / 2, Ordering::SeqCst);
        let second = store.write(|tx| Ok(tx.stamp())).unwrap();
        assert_eq!(stored(&store), reservation, "within the reservation, a write does not store the clock");
        wall.fetch_add(CLOCK_RESERVATION_MS, Ordering::SeqCst);
        let third = store.write(|tx| Ok(tx.stamp())).unwrap();
        assert!(stored(&store) > third.hlc.as_u64(), "past it, the write renews the reservation");
        drop(store);

        // The wall clock goes back an hour, and the app starts again.
        wall.store(1_300_000_000_000 - 3_600_000, Ordering::SeqCst);
        let mut store = open(&wall);
        let after_restart = store.write(|tx| Ok(tx.stamp())).unwrap();
        assert!(
            after_restart > third && third > second && second > first,
            "a restart never reissues a stamp, whatever the wall clock says: {after_restart} after {third}"
        );
    }

    #[test]
    fn a_failed_write_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = temp_store(&dir);
        let result: Result<()> = store.write(|tx| {
            tx.connection().execute("INSERT INTO meta (key, value) VALUES ('x', 'y')", [])?;
            Err(StoreError::InvalidInput("refusé".into()))
        });
        assert!(result.is_err());
        let kept: Option<String> = meta_get(store.connection(), "x").unwrap();
        assert_eq!(kept, None, "a write that failed must leave no trace");
    }

    #[test]
    fn a_file_of_another_application_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let error = Store::open(&path, Sources::fixed(0, 1)).err().expect("a foreign file must be refused");
        assert_eq!(error.kind(), ErrorKind::NotARecolteFile);
        assert!(
            error.to_string().contains("n'est pas un fichier Récolte"),
            "the message says what is wrong: {error}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "a refused file must stay byte-identical");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.recolte");
        std::fs::write(&path, b"ceci n'est pas une base de donnees, juste du texte ordinaire.......")
            .unwrap();
        let error = Store::open(&path, Sources::fixed(0, 1)).err().expect("a text file must be refused");
        assert_eq!(error.kind(), ErrorKind::NotARecolteFile, "got {error}");
    }

    #[test]
    fn a_file_from_a_newer_format_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite3");
        {
            let store = temp_store(&dir);
            meta_set(store.connection(), META_MIN_READER, &(FORMAT_VERSION + 1).to_string()).unwrap();
        }
        let error = Store::open(&path, Sources::fixed(0, 1)).err().expect("a newer file must be refused");
        assert_eq!(error.kind(), ErrorKind::TooNew);
        assert!(error.to_string().contains("Mettez Récolte à jour"), "the message says what to do: {error}");
    }

    #[test]
    fn the_current_diagnostic_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = temp_store(&dir);
        let missing = Uuid::from_u128(42);
        let error =
            store.set_current_diagnostic(missing).expect_err("an unknown diagnostic cannot be current");
        assert_eq!(error.kind(), ErrorKind::NotFound);
        assert_eq!(store.current_diagnostic().unwrap(), None, "a new store has no current diagnostic");
    }
}
