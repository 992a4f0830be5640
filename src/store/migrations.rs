//! The whole schema history, as an append-only list.
//!
//! Invariants: a migration, once released, is never edited or removed (the fingerprint test
//! below fails if one is); `PRAGMA user_version` is the number of migrations applied; each
//! migration runs in its own transaction with its version bump, so a crash leaves the file
//! at one version or the next.

/// Migration `n` (1-based) brings a file from `user_version = n - 1` to `n`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_merged_inputs.sql"),
    include_str!("migrations/0003_smaller_rows.sql"),
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, enough to notice an edit; not a security property.
    fn fingerprint(text: &str) -> u64 {
        text.bytes()
            .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
    }

    /// Append the fingerprint of each new migration here; never change an existing one.
    const RELEASED: &[u64] =
        &[FIRST_MIGRATION_FINGERPRINT, MERGED_INPUTS_FINGERPRINT, SMALLER_ROWS_FINGERPRINT];
    const FIRST_MIGRATION_FINGERPRINT: u64 = 0xf194_3ffa_f137_72b7;
    const MERGED_INPUTS_FINGERPRINT: u64 = 0x043e_5894_5391_afd2;
    const SMALLER_ROWS_FINGERPRINT: u64 = 0xa106_73a2_61a5_8645;

    #[test]
    fn released_migrations_are_never_edited() {
        for (index, expected) in RELEASED.iter().enumerate() {
            let actual = fingerprint(MIGRATIONS[index]);
            assert_eq!(
                actual, *expected,
                "migration {} changed (fingerprint {actual:#x}): add a new migration instead of editing a released one",
                index + 1
            );
        }
        assert_eq!(RELEASED.len(), MIGRATIONS.len(), "record the fingerprint of every migration in RELEASED");
    }

    #[test]
    fn smaller_rows_keep_each_record_its_rowid_and_the_stamps_it_read_with() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        // Created at HLC 1 (nothing replaced), then its title edited at HLC 5 (replacing 1).
        let created = [&1u64.to_be_bytes()[..], &[0xd1; 16], &0u64.to_be_bytes()].concat();
        let edited = [&5u64.to_be_bytes()[..], &[0xd2; 16], &1u64.to_be_bytes()].concat();
        conn.execute(
            "INSERT INTO diagnostic (rowid, id, title, title_stamp, description, description_stamp, period_start,
                                     period_start_stamp, period_end, period_end_stamp, is_demo, is_demo_stamp, deleted, deleted_stamp)
             VALUES (7, x'01', 'Titre', ?2, '', ?1, NULL, ?1, NULL, ?1, 0, ?1, 0, ?1)",
            rusqlite::params![created, edited],
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[2]).unwrap();
        let read = |sql: &str| -> Vec<Option<Vec<u8>>> {
            conn.query_row(sql, [], |r| (0..3).map(|i| r.get(i)).collect()).unwrap()
        };
        let rowid: i64 = conn.query_row("SELECT rowid FROM diagnostic", [], |r| r.get(0)).unwrap();
        let [stored_created, title_edit, title] =
            <[_; 3]>::try_from(read("SELECT created_stamp, title_edit_stamp, title_stamp FROM diagnostic"))
                .unwrap();
        let [_, description_edit, description] = <[_; 3]>::try_from(read(
            "SELECT NULL, description_edit_stamp, description_stamp FROM diagnostic",
        ))
        .unwrap();
        assert_eq!(rowid, 7, "the local search index refers to records by rowid");
        assert_eq!(stored_created, Some(created.clone()), "the creation stamp is the one no write replaced");
        assert_eq!(
            (title_edit, title),
            (Some(edited.clone()), Some(edited)),
            "an edited field keeps its own stamp"
        );
        assert_eq!(
            (description_edit, description),
            (None, Some(created)),
            "an unedited one reads the creation stamp"
        );
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "the rebuilt tables are intact");
    }

    #[test]
    fn every_migration_applies_in_order_on_an_empty_database_and_leaves_it_consistent() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for (index, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql).unwrap_or_else(|e| panic!("migration {} fails: {e}", index + 1));
        }
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "a freshly migrated schema must be intact");
        let dangling: i64 =
            conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0, "foreign keys must name existing tables and columns");
    }
}
