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
    include_str!("migrations/0004_smaller_stamps.sql"),
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
    const RELEASED: &[u64] = &[
        FIRST_MIGRATION_FINGERPRINT,
        MERGED_INPUTS_FINGERPRINT,
        SMALLER_ROWS_FINGERPRINT,
        SMALLER_STAMPS_FINGERPRINT,
    ];
    const FIRST_MIGRATION_FINGERPRINT: u64 = 0xf194_3ffa_f137_72b7;
    const MERGED_INPUTS_FINGERPRINT: u64 = 0x043e_5894_5391_afd2;
    const SMALLER_ROWS_FINGERPRINT: u64 = 0xa106_73a2_61a5_8645;
    const SMALLER_STAMPS_FINGERPRINT: u64 = 0xa790_b049_f731_e3af;

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

    /// A stamp as version 3 stored it: HLC, then a 16-byte device UUID.
    fn wide_stamp(hlc: u64, device: [u8; 16]) -> Vec<u8> {
        [&hlc.to_be_bytes()[..], &device].concat()
    }

    /// A field stamp as version 3 stored it: the write's wide stamp, then the replaced HLC.
    fn wide_field_stamp(hlc: u64, device: [u8; 16], replaced: u64) -> Vec<u8> {
        [wide_stamp(hlc, device), replaced.to_be_bytes().to_vec()].concat()
    }

    /// The same stamps once device ids are the first 8 bytes of those UUIDs.
    fn cut_stamp(hlc: u64, device: [u8; 16]) -> Vec<u8> {
        [&hlc.to_be_bytes()[..], &device[..8]].concat()
    }

    fn cut_field_stamp(hlc: u64, device: [u8; 16], replaced: u64) -> Vec<u8> {
        [cut_stamp(hlc, device), replaced.to_be_bytes().to_vec()].concat()
    }

    #[test]
    fn smaller_stamps_cut_every_device_id_to_its_first_8_bytes_keep_every_order_and_give_votes_to_their_items(
    ) {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        // Two devices whose UUIDs differ in their first 8 bytes, as random UUIDs do, and a
        // third that differs from the second only after them.
        let first = [0x2a, 0x11, 0, 0, 0, 0, 0x41, 0, 0x80, 0, 0, 0, 0, 0, 0, 1];
        let second = [0x9c, 0x05, 0, 0, 0, 0, 0x42, 0, 0x90, 0, 0, 0, 0, 0, 0, 2];
        let second_twin = [0x9c, 0x05, 0, 0, 0, 0, 0x42, 0, 0xa0, 0, 0, 0, 0, 0, 0, 3];
        // Created by the first device at HLC 1; its role edited by the second at HLC 5; then
        // erased by the second at HLC 9, which zeroed the personal fields' stamps.
        conn.execute(
            "INSERT INTO participant (rowid, id, diagnostic_id, created_stamp, name, name_edit_stamp, organisation_id,
                                      structure_type, role, role_edit_stamp, email, email_edit_stamp, consent_named,
                                      deleted, erased_stamp)
             VALUES (42, x'01', x'02', ?1, NULL, zeroblob(32), NULL, 'association', 'bénévole', ?2, NULL, zeroblob(32), 0, 0, ?3)",
            rusqlite::params![
                wide_field_stamp(1, first, 0),
                wide_field_stamp(5, second, 1),
                wide_stamp(9, second)
            ],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO field_version (table_name, record_id, field, stamp, value)
             VALUES ('participant', x'01', 'role', ?1, 'salariée')",
            [wide_field_stamp(1, first, 0)],
        )
        .unwrap();
        // Set entries whose order depends on the HLC and, at equal HLC, on the device.
        let entries = [(3, second), (3, first), (2, second), (7, first), (4, second)];
        for (hlc, device) in entries {
            conn.execute(
                "INSERT INTO attendance (workshop_id, participant_id, added_stamp) VALUES (x'03', x'01', ?1)",
                [wide_stamp(hlc, device)],
            )
            .unwrap();
        }
        // Twins once cut: the one with the latest removal stays.
        conn.execute(
            "INSERT INTO attendance (workshop_id, participant_id, added_stamp, removed_stamp) VALUES
                 (x'04', x'01', ?1, NULL), (x'04', x'01', ?2, ?3)",
            rusqlite::params![wide_stamp(6, second), wide_stamp(6, second_twin), wide_stamp(8, first)],
        )
        .unwrap();
        // Votes of workshop x'03': a participant's dots on contribution x'05', a tally on
        // cluster x'06' since corrected, an entry naming both items and one naming none.
        conn.execute(
            "INSERT INTO vote (workshop_id, contribution_id, cluster_id, participant_id, dots, added_stamp, removed_stamp)
             VALUES (x'03', x'05', NULL, x'01', 2, ?1, NULL), (x'03', NULL, x'06', NULL, 4, ?2, ?3),
                    (x'03', NULL, x'06', NULL, 5, ?3, NULL), (x'03', x'07', x'06', NULL, 1, ?4, NULL),
                    (x'03', NULL, NULL, NULL, 9, ?5, NULL)",
            rusqlite::params![
                wide_stamp(2, first),
                wide_stamp(3, second),
                wide_stamp(4, first),
                wide_stamp(5, first),
                wide_stamp(6, first)
            ],
        )
        .unwrap();
        let device_uuid = uuid::Uuid::from_bytes(second);
        conn.execute_batch(&format!(
            "INSERT INTO meta (key, value) VALUES ('local.device_id', '{device_uuid}'), ('min_reader_version', '1');"
        ))
        .unwrap();

        conn.execute_batch(MIGRATIONS[3]).unwrap();

        let column = |name: &str| -> Option<Vec<u8>> {
            conn.query_row(&format!("SELECT {name} FROM participant"), [], |r| r.get(0)).unwrap()
        };
        let rowid: i64 = conn.query_row("SELECT rowid FROM participant", [], |r| r.get(0)).unwrap();
        let [created, role_edit, role, name, email, untouched, erased] = [
            "created_stamp",
            "role_edit_stamp",
            "role_stamp",
            "name_stamp",
            "email_stamp",
            "structure_type_edit_stamp",
            "erased_stamp",
        ]
        .map(column);
        assert_eq!(rowid, 42, "the local search index refers to records by rowid");
        assert_eq!(created, Some(cut_field_stamp(1, first, 0)), "the creation stamp keeps its HLCs");
        assert_eq!(
            (role_edit, role),
            (Some(cut_field_stamp(5, second, 1)), Some(cut_field_stamp(5, second, 1))),
            "an edit stamp keeps its HLC, its device's first 8 bytes and the HLC it replaced"
        );
        assert_eq!(untouched, None, "an unedited field still reads the creation stamp");
        assert_eq!(
            (name, email),
            (Some(vec![0; crate::clock::FIELD_STAMP_LEN]), Some(vec![0; crate::clock::FIELD_STAMP_LEN])),
            "an erased field keeps the zero stamp, at the new length"
        );
        assert_eq!(erased, Some(cut_stamp(9, second)), "the erasure stamp is cut like a set stamp");
        let kept: Vec<u8> = conn.query_row("SELECT stamp FROM field_version", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, cut_field_stamp(1, first, 0), "a kept version's stamp is cut like a field's");

        let mut sorted = entries;
        sorted.sort_by_key(|(hlc, device)| wide_stamp(*hlc, *device));
        let added: Vec<Vec<u8>> = conn
            .prepare("SELECT added_stamp FROM attendance WHERE workshop_id = x'03' ORDER BY added_stamp")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            added,
            sorted.iter().map(|(hlc, device)| cut_stamp(*hlc, *device)).collect::<Vec<_>>(),
            "every entry stays, in the order of the stamps it had"
        );
        let twins: Vec<(Vec<u8>, Option<Vec<u8>>)> = conn
            .prepare("SELECT added_stamp, removed_stamp FROM attendance WHERE workshop_id = x'04'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            twins,
            [(cut_stamp(6, second), Some(cut_stamp(8, first)))],
            "of two entries made twins, the removed one stays"
        );

        type VoteRow = (Vec<u8>, Option<Vec<u8>>, i64, Vec<u8>, Option<Vec<u8>>);
        let votes = |table: &str, item: &str| -> Vec<VoteRow> {
            conn.prepare(&format!(
                "SELECT {item}, participant_id, dots, added_stamp, removed_stamp FROM {table} ORDER BY {item}, added_stamp"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        assert_eq!(
            votes("contribution_vote", "contribution_id"),
            [
                (vec![5], Some(vec![1]), 2, cut_stamp(2, first), None),
                (vec![7], None, 1, cut_stamp(5, first), None),
            ],
            "a vote on a contribution is owned by it, even one that also named a cluster"
        );
        assert_eq!(
            votes("cluster_vote", "cluster_id"),
            [
                (vec![6], None, 4, cut_stamp(3, second), Some(cut_stamp(4, first))),
                (vec![6], None, 5, cut_stamp(4, first), None),
            ],
            "a vote on a cluster is owned by it, with its removal; an entry naming nothing is gone"
        );
        let old_table: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'vote'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(old_table, 0, "the workshop's set of votes is gone");

        let meta = |key: &str| -> String {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).unwrap()
        };
        assert_eq!(
            crate::clock::DeviceId::parse_hex(&meta("local.device_id")),
            Some(crate::clock::DeviceId::from_uuid(device_uuid)),
            "this installation keeps writing with the id its stamps were cut to"
        );
        assert_eq!(meta("min_reader_version"), "2", "older builds must not read the shorter stamps");
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
