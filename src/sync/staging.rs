//! Files from elsewhere (USB keys, shared folders, e-mail) are untrusted.
//!
//! Invariants:
//! - The original is only ever read, once, to copy it into a private staging folder; every
//!   check and the merge itself use the copy, so the original stays byte-identical whatever
//!   happens. The SHA-256 of the bytes read is computed on the way: it names the content
//!   that was checked and merged.
//! - A file whose digest the target already records as merged is not copied nor checked:
//!   nothing of it is read into the target (see [`Staged::AlreadyMerged`]).
//! - A staged file is accepted only if SQLite's `quick_check` passes, it carries Récolte's
//!   `application_id`, a known schema version and a format this build reads, and its schema
//!   is exactly the one our migrations produce (same tables, same SQL, no views, no
//!   triggers), every id and stamp has the expected size, and every reference points to a
//!   record of the file. Only then is it merged, read through the columns of
//!   [`crate::schema`] alone.
//! - The connection to a staged copy is defensive: `trusted_schema=OFF`, SQLite's
//!   defensive mode, no extension loading.

use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::merge::{self, SourceFacts};
use super::SyncError;
use crate::clock::{FIELD_STAMP_LEN, STAMP_LEN};
use crate::schema::{RECORD_TABLES, SET_TABLES};
use crate::store::{APPLICATION_ID, FORMAT_VERSION, MIGRATIONS};

/// Why a file was refused; the message names the problem in the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("le fichier est vide")]
    Empty,
    #[error("ce n'est pas une base SQLite (fichier tronqué, endommagé ou d'un autre format)")]
    NotSqlite,
    #[error("la base est endommagée ({0})")]
    Corrupt(String),
    #[error("c'est une base SQLite d'une autre application, pas un fichier Récolte")]
    ForeignApplication,
    #[error("il vient d'une version plus récente de Récolte (format {0}) : mettez Récolte à jour")]
    TooNew(u32),
    #[error("sa version de schéma ({0}) est inconnue")]
    UnknownSchemaVersion(i64),
    #[error("sa structure a été modifiée ({0})")]
    UnexpectedSchema(String),
    #[error("des données ont une forme invalide ({0})")]
    MalformedData(String),
    #[error(
        "{0} référence(s) y désignent des éléments absents du fichier : il est incomplet ou a été modifié"
    )]
    DanglingReferences(u64),
}

/// The length of a file digest (SHA-256).
pub const DIGEST_LEN: usize = 32;

/// The SHA-256 of a file's bytes, as they were read.
pub type Digest = [u8; DIGEST_LEN];

/// A checked private copy of an untrusted file, deleted on drop.
pub struct StagedFile {
    /// Where the file came from, for messages.
    pub origin: PathBuf,
    /// The private copy, safe to attach and merge.
    pub path: PathBuf,
    /// The digest of the bytes copied (before the copy was migrated).
    pub digest: Digest,
    /// What merging the copy needs to know of it, found while checking it.
    pub facts: SourceFacts,
    _folder: tempfile::TempDir,
}

/// An input ready to merge into a given target.
pub enum Staged {
    /// Copied and checked: to be merged.
    Checked(StagedFile),
    /// The target records a merge of these very bytes, so it holds their content already
    /// and merging them again would change nothing: neither copied nor checked.
    AlreadyMerged { origin: PathBuf, digest: Digest },
}

impl Staged {
    pub fn origin(&self) -> &Path {
        match self {
            Staged::Checked(file) => &file.origin,
            Staged::AlreadyMerged { origin, .. } => origin,
        }
    }

    pub fn digest(&self) -> &Digest {
        match self {
            Staged::Checked(file) => &file.digest,
            Staged::AlreadyMerged { digest, .. } => digest,
        }
    }
}

/// Copies `origin` into private staging and checks the copy.
pub fn stage(origin: &Path) -> Result<StagedFile, SyncError> {
    match stage_unless(origin, |_| false)? {
        Staged::Checked(file) => Ok(file),
        Staged::AlreadyMerged { .. } => unreachable!("no digest is known here"),
    }
}

/// Copies `origin` into private staging and checks everything but its references, which
/// [`StagedFile::check_references`] must check before its content is used; the cheaper
/// checks are enough to read which inputs it records as merged.
pub(crate) fn stage_but_references(origin: &Path) -> Result<StagedFile, SyncError> {
    let (folder, path, digest) = match copy_unless(origin, |_| false)? {
        Copied::Staged { folder, path, digest } => (folder, path, digest),
        Copied::AlreadyMerged(_) => unreachable!("no digest is known here"),
    };
    let (_, facts) =
        check_structure(&path).map_err(|reason| SyncError::Refused { path: origin.to_path_buf(), reason })?;
    Ok(StagedFile { origin: origin.to_path_buf(), path, digest, facts, _folder: folder })
}

impl StagedFile {
    /// See [`check_references`].
    pub(crate) fn check_references(&self) -> Result<(), SyncError> {
        let refuse = |reason| SyncError::Refused { path: self.origin.clone(), reason };
        let conn = open_defensively(&self.path).map_err(refuse)?;
        check_references(&conn).map_err(refuse)
    }
}

/// The SHA-256 of a file's bytes, read once in blocks.
pub fn digest_file(path: &Path) -> Result<Digest, SyncError> {
    use sha2::{Digest as _, Sha256};
    use std::io::Read;

    let unreadable = |source| SyncError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = file.read(&mut buffer).map_err(unreadable)?;
        if read == 0 {
            return Ok(hasher.finalize().into());
        }
        hasher.update(&buffer[..read]);
    }
}

/// Files up to this size are read into memory, so that a file already merged is never
/// written to staging; larger ones are hashed while they are copied.
const READ_IN_MEMORY_UP_TO: u64 = 32 << 20;

/// Reads `origin` once, and unless `already_merged` knows the digest of its bytes, writes
/// them into private staging and checks the copy.
pub fn stage_unless(origin: &Path, already_merged: impl Fn(&Digest) -> bool) -> Result<Staged, SyncError> {
    match copy_unless(origin, already_merged)? {
        Copied::AlreadyMerged(digest) => Ok(Staged::AlreadyMerged { origin: origin.to_path_buf(), digest }),
        Copied::Staged { folder, path, digest } => {
            let facts =
                check(&path).map_err(|reason| SyncError::Refused { path: origin.to_path_buf(), reason })?;
            Ok(Staged::Checked(StagedFile {
                origin: origin.to_path_buf(),
                path,
                digest,
                facts,
                _folder: folder,
            }))
        }
    }
}

/// What reading an input gave: its digest is known, or its unchecked private copy.
enum Copied {
    AlreadyMerged(Digest),
    Staged { folder: tempfile::TempDir, path: PathBuf, digest: Digest },
}

fn copy_unless(origin: &Path, already_merged: impl Fn(&Digest) -> bool) -> Result<Copied, SyncError> {
    use sha2::{Digest as _, Sha256};
    use std::io::{Read, Write};

    let unreadable = |source| SyncError::Io { path: origin.to_path_buf(), source };
    let mut input = std::fs::File::open(origin).map_err(unreadable)?;
    let len = input.metadata().map_err(unreadable)?.len();
    let mut hasher = Sha256::new();
    let mut in_memory = None;
    let mut copied = None;
    if len <= READ_IN_MEMORY_UP_TO {
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
        input.read_to_end(&mut bytes).map_err(unreadable)?;
        hasher.update(&bytes);
        in_memory = Some(bytes);
    } else {
        let (folder, path) = staging_folder()?;
        let cannot_write = |source| SyncError::Io { path: path.clone(), source };
        let mut output = std::fs::File::create(&path).map_err(cannot_write)?;
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            let read = input.read(&mut buffer).map_err(unreadable)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            output.write_all(&buffer[..read]).map_err(cannot_write)?;
        }
        output.flush().map_err(cannot_write)?;
        copied = Some((folder, path));
    }
    drop(input);
    let digest: Digest = hasher.finalize().into();
    if already_merged(&digest) {
        return Ok(Copied::AlreadyMerged(digest));
    }
    let (folder, path) = match (copied, in_memory) {
        (Some(copy), _) => copy,
        (None, bytes) => {
            let (folder, path) = staging_folder()?;
            std::fs::write(&path, bytes.unwrap_or_default())
                .map_err(|source| SyncError::Io { path: path.clone(), source })?;
            (folder, path)
        }
    };
    Ok(Copied::Staged { folder, path, digest })
}

fn staging_folder() -> Result<(tempfile::TempDir, PathBuf), SyncError> {
    let folder = tempfile::Builder::new()
        .prefix("recolte-staging-")
        .tempdir()
        .map_err(|source| SyncError::Io { path: std::env::temp_dir(), source })?;
    let path = folder.path().join("staged.recolte");
    Ok((folder, path))
}

/// Opens a staged copy defensively. The copy is private, so migrating it is allowed.
fn open_defensively(path: &Path) -> Result<Connection, Refusal> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|_| Refusal::NotSqlite)?;
    let defensive = conn
        .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .and_then(|_| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false))
        .and_then(|_| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false))
        .and_then(|_| conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false));
    defensive.map_err(|e| Refusal::Corrupt(e.to_string()))?;
    Ok(conn)
}

fn sqlite_refusal(error: rusqlite::Error) -> Refusal {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Refusal::NotSqlite,
        _ => Refusal::Corrupt(error.to_string()),
    }
}

/// Every check of an untrusted file, in order from the cheapest; stops at the first problem.
/// Returns what merging the file needs to know of it, found in the same scans.
pub fn check(path: &Path) -> Result<SourceFacts, Refusal> {
    let (conn, facts) = check_structure(path)?;
    check_references(&conn)?;
    Ok(facts)
}

/// Every reference points to a record of the same file. A session file is self-contained
/// (its export checks it), so a file that is not was damaged or forged; refusing it here is
/// what lets every store rely on its references without checking them again.
pub(crate) fn check_references(conn: &Connection) -> Result<(), Refusal> {
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))
        .map_err(sqlite_refusal)?;
    if dangling > 0 {
        return Err(Refusal::DanglingReferences(dangling as u64));
    }
    Ok(())
}

/// Every check but the references'; returns the open connection to the (migrated) file and
/// what merging it needs to know of it.
pub(crate) fn check_structure(path: &Path) -> Result<(Connection, SourceFacts), Refusal> {
    let conn = check_container(path)?;
    // The shapes the merge relies on are those of the current schema.
    let facts = check_shapes(&conn)?;
    Ok((conn, facts))
}

/// The checks of the file as a whole: a sound SQLite database of ours, at a version we read,
/// with exactly our schema (migrated to the current one on this copy). What its rows hold is
/// not looked at: enough for a file made here from checked data (a snapshot).
pub(crate) fn check_container(path: &Path) -> Result<Connection, Refusal> {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Err(Refusal::Empty);
    }
    let conn = open_defensively(path)?;
    let quick: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0)).map_err(sqlite_refusal)?;
    if quick != "ok" {
        return Err(Refusal::Corrupt(quick));
    }
    let application_id: i32 =
        conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(sqlite_refusal)?;
    if application_id != APPLICATION_ID {
        return Err(Refusal::ForeignApplication);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(sqlite_refusal)?;
    if version < 1 || version > MIGRATIONS.len() as i64 {
        // A newer app may have added migrations; its min_reader says whether we may read.
        let min_reader = min_reader_version(&conn);
        return Err(match min_reader {
            Some(v) if v > FORMAT_VERSION => Refusal::TooNew(v),
            _ => Refusal::UnknownSchemaVersion(version),
        });
    }
    if let Some(v) = min_reader_version(&conn).filter(|v| *v > FORMAT_VERSION) {
        return Err(Refusal::TooNew(v));
    }
    check_schema(&conn, version as usize)?;
    // Older files are brought to the current schema on the private copy, in one transaction
    // and without flushing: a crash only loses a temporary copy.
    if (version as usize) < MIGRATIONS.len() {
        conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; BEGIN;")
            .map_err(sqlite_refusal)?;
        for sql in &MIGRATIONS[version as usize..] {
            conn.execute_batch(sql).map_err(|e| Refusal::Corrupt(e.to_string()))?;
        }
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64).map_err(sqlite_refusal)?;
        conn.execute_batch("COMMIT;").map_err(sqlite_refusal)?;
    }
    Ok(conn)
}

fn min_reader_version(conn: &Connection) -> Option<u32> {
    conn.query_row("SELECT value FROM meta WHERE key = 'min_reader_version'", [], |row| {
        row.get::<_, String>(0)
    })
    .optional()
    .ok()
    .flatten()
    .and_then(|v| v.parse().ok())
}

type SchemaObject = (String, String, Option<String>);

fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    rows.collect()
}

/// What our migrations produce at each version (index 0 is version 1), built once.
fn expected_schema(version: usize) -> Result<&'static [SchemaObject], Refusal> {
    static SCHEMAS: std::sync::OnceLock<Result<Vec<Vec<SchemaObject>>, String>> = std::sync::OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| {
        let reference = Connection::open_in_memory().map_err(|e| e.to_string())?;
        let mut schemas = Vec::with_capacity(MIGRATIONS.len());
        for sql in MIGRATIONS {
            reference.execute_batch(sql).map_err(|e| e.to_string())?;
            schemas.push(schema_objects(&reference).map_err(|e| e.to_string())?);
        }
        Ok(schemas)
    });
    match schemas {
        Ok(schemas) => schemas
            .get(version.wrapping_sub(1))
            .map(Vec::as_slice)
            .ok_or(Refusal::UnknownSchemaVersion(version as i64)),
        Err(error) => Err(Refusal::Corrupt(error.clone())),
    }
}

/// The file's schema must be exactly what our migrations produce at its version.
fn check_schema(conn: &Connection, version: usize) -> Result<(), Refusal> {
    let expected = expected_schema(version)?;
    let actual = schema_objects(conn).map_err(sqlite_refusal)?;
    if actual != expected {
        let first_difference = actual
            .iter()
            .find(|object| !expected.contains(object))
            .map(|(kind, name, _)| format!("{kind} « {name} » inattendu ou modifié"))
            .or_else(|| {
                expected
                    .iter()
                    .find(|object| !actual.contains(object))
                    .map(|(kind, name, _)| format!("{kind} « {name} » manquant"))
            })
            .unwrap_or_else(|| "ordre des objets".into());
        return Err(Refusal::UnexpectedSchema(first_difference));
    }
    Ok(())
}

/// Whether the (already checked) schema has `table`: older versions lack later tables.
fn has_table(conn: &Connection, table: &str) -> Result<bool, Refusal> {
    conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |row| {
        row.get::<_, i64>(0)
    })
    .map(|count| count > 0)
    .map_err(sqlite_refusal)
}

/// Ids are 16 bytes, field stamps 24 and set stamps 16: the merge compares them as bytes.
/// Checked after migration, on the current schema's columns. The same scans find what
/// merging the file needs to know of it, which this returns.
fn check_shapes(conn: &Connection) -> Result<SourceFacts, Refusal> {
    let bad = |what: String| Refusal::MalformedData(what);
    let mut facts = SourceFacts::default();
    // How many rows of `table` meet `malformed`; the row's other columns, `maxima`, go to
    // `observe`.
    type Observe<'a> = &'a mut dyn FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>;
    let count_rows = |table: &str, malformed: String, maxima: &str, observe: Observe<'_>| {
        let columns = if maxima.is_empty() { String::new() } else { format!(", {maxima}") };
        let sql = format!("SELECT count(*) FILTER (WHERE {malformed}){columns} FROM {table}");
        conn.query_row(&sql, [], |row| {
            observe(row)?;
            row.get::<_, i64>(0)
        })
        .map_err(sqlite_refusal)
    };
    for table in RECORD_TABLES {
        let mut conditions = vec![
            "length(id) IS NOT 16".to_string(),
            format!("length(created_stamp) IS NOT {FIELD_STAMP_LEN}"),
        ];
        // A field's stamp is its edit's, or the creation's when it was never edited.
        for field in table.fields {
            conditions.push(format!(
                "({field}_edit_stamp IS NOT NULL AND length({field}_edit_stamp) IS NOT {FIELD_STAMP_LEN})"
            ));
        }
        if table.is_erasable() {
            conditions
                .push(format!("(erased_stamp IS NOT NULL AND length(erased_stamp) IS NOT {STAMP_LEN})"));
        }
        let maxima = merge::record_maxima(table);
        let observe: Observe<'_> = &mut |row| merge::observe_row_maxima(row, 1, &mut facts.max_hlc);
        let count = count_rows(table.name, conditions.join(" OR "), &maxima, observe)?;
        if count > 0 {
            return Err(bad(format!("{count} enregistrement(s) de {}", table.name)));
        }
    }
    for (index, table) in SET_TABLES.iter().enumerate() {
        let malformed = format!(
            "length({}) IS NOT 16 OR length(added_stamp) IS NOT {STAMP_LEN}
                OR (removed_stamp IS NOT NULL AND length(removed_stamp) IS NOT {STAMP_LEN})",
            table.key()
        );
        let observe: Observe<'_> = &mut |row| facts.observe_set_maxima(index, row, 1);
        let count = count_rows(table.name, malformed, merge::SET_MAXIMA, observe)?;
        if count > 0 {
            return Err(bad(format!("{count} entrée(s) de {}", table.name)));
        }
    }
    let malformed = format!("length(stamp) IS NOT {FIELD_STAMP_LEN}");
    let versions = count_rows("field_version", malformed, "", &mut |_| Ok(()))?;
    if versions > 0 {
        return Err(bad(format!("{versions} version(s) conservée(s)")));
    }
    if has_table(conn, "merged_input")? {
        let malformed = format!("length(digest) IS NOT {DIGEST_LEN}");
        let inputs = count_rows("merged_input", malformed, "", &mut |_| Ok(()))?;
        if inputs > 0 {
            return Err(bad(format!("{inputs} fichier(s) fusionné(s)")));
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{simulate, SimulationParams};

    #[test]
    fn the_facts_found_while_checking_a_file_are_those_reading_it_gives() {
        let dir = tempfile::tempdir().unwrap();
        let files =
            simulate(&SimulationParams::new(2, 2, 60, 3), &dir.path().join("sessions")).unwrap().files;
        let mut removing = [false; SET_TABLES.len()];
        for file in &files {
            let staged = stage(file).unwrap();
            let conn = Connection::open(&staged.path).unwrap();
            assert_eq!(
                staged.facts,
                SourceFacts::read(&conn, "main").unwrap(),
                "{} read as staged",
                file.display()
            );
            for (index, table) in SET_TABLES.iter().enumerate() {
                let removed: i64 = conn
                    .query_row(
                        &format!("SELECT count(*) FROM {} WHERE removed_stamp IS NOT NULL", table.name),
                        [],
                        |row| row.get(0),
                    )
                    .unwrap();
                assert_eq!(
                    staged.facts.removals[index],
                    removed > 0,
                    "{} removes from {}",
                    file.display(),
                    table.name
                );
                removing[index] |= removed > 0;
            }
        }
        assert!(
            removing.contains(&true) && removing.contains(&false),
            "the sessions remove entries of some set tables and not of others, so both cases are checked: {removing:?}"
        );
    }
}
