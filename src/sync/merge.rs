//! The merge of one Récolte database into another: a state-based CRDT merge in SQL.
//!
//! Rules (each one commutative, associative and idempotent, so the result does not depend
//! on the order or the number of merges):
//! - a record absent from the target is inserted as it is;
//! - per field, the version with the greater stamp `(hlc, device)` wins (last writer wins);
//!   the losing version joins `field_version`, a grow-only set, where it stays an open
//!   conflict while the winner's author had not seen it and its value differs;
//! - `deleted` is a field like any other, so a later restore wins over an earlier deletion;
//! - set entries (add-wins): union of additions, and a removal stamp once set stays set
//!   (the greater one is kept), so a removal cancels only the additions it had seen;
//! - erasure (GDPR) wins over everything: once either side is erased, the personal fields
//!   are NULL with a zero stamp and their kept versions are deleted, and no later merge can
//!   bring them back.
//!
//! The source is read only through the columns the schema describes; nothing it defines
//! (views, triggers) is used.

use crate::clock::{Hlc, FIELD_STAMP_LEN, STAMP_LEN};
use crate::schema::{RecordTable, SetTable, RECORD_TABLES, SET_TABLES};
use crate::store::Result;
use rusqlite::Connection;

/// What one merge changed in the target, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub tables: Vec<TableReport>,
    /// Conflicts (concurrent edits to review) that this merge opened.
    pub new_conflicts: usize,
    /// The greatest HLC found in the source, for the local clock to observe.
    pub max_hlc: Hlc,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableReport {
    pub table: &'static str,
    /// Records (or set entries) the target did not have.
    pub inserted: usize,
    /// Records that took at least one newer field (or set entries newly removed).
    pub updated: usize,
}

impl MergeReport {
    pub fn inserted(&self) -> usize {
        self.tables.iter().map(|t| t.inserted).sum()
    }
    pub fn updated(&self) -> usize {
        self.tables.iter().map(|t| t.updated).sum()
    }
    /// Whether the merge changed anything a reader sees: a record, a set entry, or a
    /// conflict to review (a losing concurrent edit changes no record, but opens one).
    pub fn changed_anything(&self) -> bool {
        self.inserted() + self.updated() > 0 || self.new_conflicts > 0
    }
    pub fn table(&self, name: &str) -> Option<&TableReport> {
        self.tables.iter().find(|t| t.table == name)
    }

    /// The report of a merge that changed nothing, of a source whose greatest HLC is `max_hlc`.
    pub fn unchanged(max_hlc: Hlc) -> Self {
        let records = RECORD_TABLES.iter().map(|t| TableReport::unchanged(t.name));
        Self { tables: records.chain(unchanged_set_tables()).collect(), new_conflicts: 0, max_hlc }
    }

    /// This report with the set tables' reports `sets` instead of its own, for a merge whose
    /// set tables another connection merged (see [`merge_attached_records`]).
    pub(crate) fn with_set_tables(mut self, sets: Vec<TableReport>) -> Self {
        self.tables.retain(|report| !SET_TABLES.iter().any(|table| table.name == report.table));
        self.tables.extend(sets);
        self
    }
}

impl TableReport {
    /// The report of a table that a merge left as it was.
    pub(crate) fn unchanged(table: &'static str) -> Self {
        Self { table, inserted: 0, updated: 0 }
    }
}

/// The reports of the set tables, none of which a merge changed.
pub(crate) fn unchanged_set_tables() -> Vec<TableReport> {
    SET_TABLES.iter().map(|table| TableReport::unchanged(table.name)).collect()
}

/// Copies every set table of the database attached as `from` into the same, empty, table of
/// `main`. Into an empty table with the same definition, SQLite copies the rows as they are
/// stored, in key order.
pub(crate) fn copy_set_tables(conn: &Connection, from: &str) -> Result<()> {
    for table in SET_TABLES {
        conn.execute(&format!("INSERT INTO main.{name} SELECT * FROM {from}.{name}", name = table.name), [])?;
    }
    Ok(())
}

/// What a merge needs to know of its source before reading it. Staging a file finds it in
/// the scans it makes anyway (see `staging::check`); [`SourceFacts::read`] reads it otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceFacts {
    /// The source's greatest HLC, which the merge makes the clock observe.
    pub max_hlc: Hlc,
    /// Per set table, in the order of `SET_TABLES`: whether some entry of the source is
    /// removed. Only such an entry can remove one of the target's, so the merge looks for
    /// removals only in these tables.
    pub removals: [bool; SET_TABLES.len()],
}

impl SourceFacts {
    /// The facts of the database attached as `schema`.
    pub(crate) fn read(conn: &Connection, schema: &str) -> Result<Self> {
        let mut facts = SourceFacts::default();
        for table in RECORD_TABLES {
            observe_max(conn, &record_maxima_sql(schema, table), &mut facts.max_hlc)?;
        }
        for (index, table) in SET_TABLES.iter().enumerate() {
            conn.query_row(&set_maxima_sql(schema, table), [], |row| {
                facts.observe_set_maxima(index, row, 0)
            })?;
        }
        Ok(facts)
    }

    /// Takes into account the [`SET_MAXIMA`] columns, from `first` on, of the set table of
    /// this index.
    pub(crate) fn observe_set_maxima(
        &mut self,
        index: usize,
        row: &rusqlite::Row<'_>,
        first: usize,
    ) -> rusqlite::Result<()> {
        // The greatest removal stamp is NULL when no entry is removed.
        self.removals[index] = row.get::<_, Option<Vec<u8>>>(first + 1)?.is_some();
        observe_row_maxima(row, first, &mut self.max_hlc)
    }
}

fn record_maxima_sql(src: &str, table: &RecordTable) -> String {
    format!("SELECT {} FROM {src}.{}", record_maxima(table), table.name)
}

fn set_maxima_sql(src: &str, table: &SetTable) -> String {
    format!("SELECT {SET_MAXIMA} FROM {src}.{}", table.name)
}

/// The greatest stamps of a record table's rows, as result columns of an aggregate query:
/// those of its creations and of its fields' edits, read as stored (each field's stamp is
/// one of them, and reading them is cheaper than computing the fields' stamps).
pub(crate) fn record_maxima(table: &RecordTable) -> String {
    let edits = table.fields.iter().map(|f| format!("max({f}_edit_stamp)"));
    std::iter::once("max(created_stamp)".to_string()).chain(edits).collect::<Vec<_>>().join(", ")
}

/// The greatest stamps of a set table's entries, as result columns of an aggregate query:
/// of their additions, then of their removals.
pub(crate) const SET_MAXIMA: &str = "max(added_stamp), max(removed_stamp)";

/// Takes into account the stamps in the columns of `row` from `first` on (the HLC leads
/// each stamp).
pub(crate) fn observe_row_maxima(
    row: &rusqlite::Row<'_>,
    first: usize,
    max: &mut Hlc,
) -> rusqlite::Result<()> {
    for index in first..row.as_ref().column_count() {
        if let Some(bytes) = row.get::<_, Option<Vec<u8>>>(index)? {
            if let Some(hlc) = bytes.first_chunk::<8>() {
                *max = (*max).max(Hlc::from_u64(u64::from_be_bytes(*hlc)));
            }
        }
    }
    Ok(())
}

/// Records that the target now holds the content of the input file with this digest.
pub(crate) fn record_merged_input(conn: &Connection, digest: &[u8], max_hlc: Hlc) -> Result<()> {
    conn.execute(
        "INSERT INTO main.merged_input (digest, max_hlc) VALUES (?1, ?2)
         ON CONFLICT (digest) DO UPDATE SET max_hlc = max(max_hlc, excluded.max_hlc)",
        rusqlite::params![digest, max_hlc.as_u64() as i64],
    )?;
    Ok(())
}

/// Unions the inputs the source had merged: the target now holds their content too.
fn merge_merged_inputs(conn: &Connection, src: &str) -> Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO main.merged_input (digest, max_hlc) SELECT digest, max_hlc FROM {src}.merged_input WHERE true
             ON CONFLICT (digest) DO UPDATE SET max_hlc = max(max_hlc, excluded.max_hlc)"
        ),
        [],
    )?;
    Ok(())
}

/// Merges the database attached under the schema name `src` into `main`, inside the
/// caller's transaction. `src` is one of our own names, never a user's string; `facts` are
/// its [`SourceFacts`].
pub(crate) fn merge_attached(conn: &Connection, src: &str, facts: &SourceFacts) -> Result<MergeReport> {
    let mut report = merge_attached_records(conn, src, facts)?;
    report.tables.extend(merge_attached_sets(conn, src, facts)?);
    Ok(report)
}

/// The records' part of [`merge_attached`]: the record tables, their kept versions and the
/// merged inputs. Its report names no set table.
///
/// No rule of this part reads a set table, and no rule of [`merge_attached_sets`] reads
/// anything else: two connections may run the parts at the same time, on two copies of
/// the target, and the union of what they wrote is the merge.
pub(crate) fn merge_attached_records(
    conn: &Connection,
    src: &str,
    facts: &SourceFacts,
) -> Result<MergeReport> {
    prepare_working_tables(conn)?;
    let differing = collect_touched_records(conn, src)?;
    let conflicts_before = open_conflict_count(conn)?;
    let mut report = MergeReport { max_hlc: facts.max_hlc, ..MergeReport::default() };
    for (table, differing) in RECORD_TABLES.iter().zip(differing) {
        report.tables.push(merge_records(conn, src, table, differing)?);
    }
    merge_field_versions(conn, src)?;
    merge_merged_inputs(conn, src)?;
    report.new_conflicts = open_conflict_count(conn)?.saturating_sub(conflicts_before);
    empty_working_tables(conn)?;
    Ok(report)
}

/// The set tables' part of [`merge_attached`] (see [`merge_attached_records`]).
pub(crate) fn merge_attached_sets(
    conn: &Connection,
    src: &str,
    facts: &SourceFacts,
) -> Result<Vec<TableReport>> {
    let tables = SET_TABLES.iter().zip(facts.removals);
    tables.map(|(table, removals)| merge_set(conn, src, table, removals)).collect()
}

/// The merge's working sets live in temporary tables, created once per connection and
/// emptied after each merge: creating and dropping them at each merge would change the
/// schema, and SQLite would prepare every statement of the connection again.
fn prepare_working_tables(conn: &Connection) -> Result<()> {
    let present: i64 = conn.query_row(
        "SELECT count(*) FROM temp.sqlite_schema WHERE type = 'table' AND name LIKE 'merge\\_%' ESCAPE '\\'",
        [],
        |row| row.get(0),
    )?;
    if present as usize != RECORD_TABLES.len() + 1 {
        let mut sql = String::from(
            "CREATE TEMP TABLE IF NOT EXISTS merge_touched
                 (table_name TEXT, record_id BLOB, PRIMARY KEY (table_name, record_id)) WITHOUT ROWID;",
        );
        for table in RECORD_TABLES {
            sql.push_str(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS merge_differing_{} (id BLOB PRIMARY KEY) WITHOUT ROWID;",
                table.name
            ));
        }
        conn.execute_batch(&sql)?;
    }
    // Left over only by a merge that failed without its transaction being rolled back.
    empty_working_tables(conn)
}

fn empty_working_tables(conn: &Connection) -> Result<()> {
    let mut sql = String::from("DELETE FROM temp.merge_touched;");
    for table in RECORD_TABLES {
        sql.push_str(&format!("DELETE FROM temp.merge_differing_{};", table.name));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// The records whose open conflicts this merge can change: those both sides hold with a
/// difference, and those the source has kept versions of. No other record's fields or
/// versions change, so counting conflicts on these alone gives the same difference.
/// Returns, per record table, how many records both sides hold with different stored stamps.
fn collect_touched_records(conn: &Connection, src: &str) -> Result<Vec<usize>> {
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO temp.merge_touched SELECT table_name, record_id FROM {src}.field_version"
        ),
        [],
    )?;
    let mut counts = Vec::with_capacity(RECORD_TABLES.len());
    for table in RECORD_TABLES {
        let name = table.name;
        // Compared as stored: equal stored stamps give equal field stamps, and reading them
        // is cheaper. The converse may fail (an edit stamp may be stored equal to the
        // creation's), which only makes the merge look at a record that changes nothing.
        let mut differs = vec!["s.created_stamp IS NOT m.created_stamp".to_string()];
        differs.extend(table.fields.iter().map(|f| format!("s.{f}_edit_stamp IS NOT m.{f}_edit_stamp")));
        if table.is_erasable() {
            differs.push("s.erased_stamp IS NOT m.erased_stamp".into());
        }
        // Kept for merge_records: the table does not change before its turn comes.
        let differing = conn.execute(
            &format!(
                "INSERT INTO temp.merge_differing_{name}
                      SELECT m.id FROM {src}.{name} s CROSS JOIN main.{name} m ON m.id = s.id WHERE {}",
                differs.join(" OR ")
            ),
            [],
        )?;
        if differing > 0 {
            conn.execute(
                &format!(
                    "INSERT OR IGNORE INTO temp.merge_touched SELECT '{name}', id FROM temp.merge_differing_{name}"
                ),
                [],
            )?;
        }
        counts.push(differing);
    }
    Ok(counts)
}

/// The SQL condition under which a kept version `v` of `table.field` (aliased `t`) is an
/// open conflict: the current write's author had not seen it, and it says something else.
pub(crate) fn open_conflict_condition(field: &str) -> String {
    // The replaced HLC follows the write's stamp; SQL counts bytes from 1.
    format!(
        "substr(t.{field}_stamp, {}, 8) < substr(v.stamp, 1, 8) AND v.value IS NOT t.{field}",
        STAMP_LEN + 1
    )
}

/// The SQL condition under which a kept version `v` of a record `t` of `table` is an open
/// conflict, whichever field it is a version of.
fn open_conflict_cases(table: &RecordTable) -> String {
    let cases = table
        .fields
        .iter()
        .filter(|f| **f != "deleted")
        .map(|field| format!("WHEN '{field}' THEN {}", open_conflict_condition(field)))
        .collect::<Vec<_>>()
        .join(" ");
    format!("CASE v.field {cases} ELSE 0 END")
}

/// The open conflicts of the records this merge touches (see `collect_touched_records`).
fn open_conflict_count(conn: &Connection) -> Result<usize> {
    let mut stmt = conn.prepare("SELECT DISTINCT table_name FROM temp.merge_touched")?;
    let touched: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut total = 0usize;
    for table in RECORD_TABLES.iter().filter(|table| touched.iter().any(|name| name == table.name)) {
        total += count_rows(
            conn,
            &format!(
                "SELECT count(*) FROM temp.merge_touched x
                   CROSS JOIN main.field_version v ON v.table_name = x.table_name AND v.record_id = x.record_id
                   JOIN main.{name} t ON t.id = v.record_id
                  WHERE x.table_name = '{name}' AND {}",
                open_conflict_cases(table),
                name = table.name,
            ),
        )?;
    }
    Ok(total)
}

/// The count that `sql`, a `SELECT count(*)`, returns.
fn count_rows(conn: &Connection, sql: &str) -> Result<usize> {
    let count: i64 = conn.query_row(sql, [], |row| row.get(0))?;
    Ok(count.max(0) as usize)
}

/// Takes into account the stamps of the one row `sql` returns (any number of columns).
fn observe_max(conn: &Connection, sql: &str, max: &mut Hlc) -> Result<()> {
    conn.query_row(sql, [], |row| observe_row_maxima(row, 0, max))?;
    Ok(())
}

/// The SQL condition under which a record of the source (`s`) updates the same record of
/// the target (`m`): a newer field, or a newer erasure. Personal fields of an erased record
/// take nothing from either side.
fn source_is_newer(table: &RecordTable) -> String {
    let mut newer: Vec<String> = table
        .fields
        .iter()
        .map(|field| {
            if table.personal.contains(field) {
                format!("(s.{field}_stamp > m.{field}_stamp AND m.erased_stamp IS NULL AND s.erased_stamp IS NULL)")
            } else {
                format!("s.{field}_stamp > m.{field}_stamp")
            }
        })
        .collect();
    if table.is_erasable() {
        newer.push(
            "(s.erased_stamp IS NOT NULL AND (m.erased_stamp IS NULL OR s.erased_stamp > m.erased_stamp))"
                .into(),
        );
    }
    newer.join(" OR ")
}

/// What merging `main` into the database attached as `old` would change in `old`, when
/// `main` holds everything `old` holds (it merged it, and a store only grows): the report of
/// that merge, measured by comparing the two files instead of merging one into a copy of
/// the other.
/// - What `main` has more is what `old` would receive: records and entries are never
///   removed, so the difference of the counts is what `old` lacks.
/// - A record both hold is updated when `main`'s side is newer, as the merge decides.
/// - The merge would leave `old` equal to `main`, so the conflicts it opens are the
///   difference of the open conflicts of the two files.
pub(crate) fn report_of_merging_superset(conn: &Connection, old: &str) -> Result<MergeReport> {
    let count = |sql: String| count_rows(conn, &sql);
    let mut report =
        MergeReport { max_hlc: SourceFacts::read(conn, "main")?.max_hlc, ..MergeReport::default() };
    for table in RECORD_TABLES {
        let name = table.name;
        let (held, had) = (
            count(format!("SELECT count(*) FROM main.{name}"))?,
            count(format!("SELECT count(*) FROM {old}.{name}"))?,
        );
        let updated = count(format!(
            "SELECT count(*) FROM {old}.{name} m JOIN main.{name} s ON s.id = m.id WHERE {}",
            source_is_newer(table)
        ))?;
        report.tables.push(TableReport { table: name, inserted: held.saturating_sub(had), updated });
    }
    for table in SET_TABLES {
        let name = table.name;
        let key = table.key();
        let (held, had) = (
            count(format!("SELECT count(*) FROM main.{name}"))?,
            count(format!("SELECT count(*) FROM {old}.{name}"))?,
        );
        let updated = count(format!(
            "SELECT count(*) FROM main.{name} s JOIN {old}.{name} m ON m.{key} = s.{key} AND m.added_stamp = s.added_stamp
              WHERE s.removed_stamp IS NOT NULL AND (m.removed_stamp IS NULL OR s.removed_stamp > m.removed_stamp)"
        ))?;
        report.tables.push(TableReport { table: name, inserted: held.saturating_sub(had), updated });
    }
    report.new_conflicts = open_conflict_total(conn, "main")?.saturating_sub(open_conflict_total(conn, old)?);
    Ok(report)
}

/// Every open conflict of the database attached as `schema`.
fn open_conflict_total(conn: &Connection, schema: &str) -> Result<usize> {
    let mut total = 0usize;
    for table in RECORD_TABLES {
        total += count_rows(
            conn,
            &format!(
                "SELECT count(*) FROM {schema}.field_version v JOIN {schema}.{name} t ON t.id = v.record_id
                  WHERE v.table_name = '{name}' AND {}",
                open_conflict_cases(table),
                name = table.name,
            ),
        )?;
    }
    Ok(total)
}

fn merge_records(conn: &Connection, src: &str, table: &RecordTable, differing: usize) -> Result<TableReport> {
    let name = table.name;
    let erasable = table.is_erasable();
    // The stored columns: the virtual `<field>_stamp`s are computed from these.
    let columns = table.stored_columns();
    let list = columns.join(", ");
    let from_source = columns.iter().map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ");

    // The records both sides have with any difference, found by collect_touched_records:
    // everything below only looks at these, so merging a file again (nothing new) costs one
    // join per table.
    let differing_table = format!("temp.merge_differing_{name}");
    let both =
        format!("{differing_table} d JOIN main.{name} m ON m.id = d.id JOIN {src}.{name} s ON s.id = d.id");

    // Counted before anything changes, so the count compares the two sides as they came.
    let newer = source_is_newer(table);
    let mut updated = 0usize;
    if differing > 0 {
        // And which fields differ anywhere: only those need the statements below, which
        // cost more to prepare than to run when a few records differ in a field or two.
        let field_differs = table
            .fields
            .iter()
            .map(|f| format!("coalesce(max(s.{f}_stamp IS NOT m.{f}_stamp), 0)"))
            .collect::<Vec<_>>()
            .join(", ");
        let (count, field_differs): (i64, Vec<bool>) = conn.query_row(
            &format!("SELECT count(*) FILTER (WHERE {newer}), {field_differs} FROM {both}"),
            [],
            |row| {
                Ok((
                    row.get(0)?,
                    (1..=table.fields.len()).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()?,
                ))
            },
        )?;
        updated = count as usize;
        if erasable {
            conn.execute(
                &format!(
                    "UPDATE main.{name} SET erased_stamp = s.erased_stamp FROM {src}.{name} s
                      WHERE s.id = main.{name}.id AND s.erased_stamp IS NOT NULL
                        AND (main.{name}.erased_stamp IS NULL OR s.erased_stamp > main.{name}.erased_stamp)
                        AND main.{name}.id IN (SELECT id FROM {differing_table})"
                ),
                [],
            )?;
        }
        let differing_fields = table.fields.iter().zip(field_differs).filter(|(_, differs)| *differs);
        for (field, _) in differing_fields {
            // An erased record never takes personal data back, from either side.
            let guard = if table.personal.contains(field) {
                " AND m.erased_stamp IS NULL AND s.erased_stamp IS NULL"
            } else {
                ""
            };
            if *field != "deleted" {
                for (loser, winner) in [("m", "s"), ("s", "m")] {
                    conn.execute(
                        &format!(
                            "INSERT OR IGNORE INTO main.field_version (table_name, record_id, field, stamp, value)
                             SELECT '{name}', d.id, '{field}', {loser}.{field}_stamp, {loser}.{field}
                               FROM {both}
                              WHERE {winner}.{field}_stamp > {loser}.{field}_stamp{guard}"
                        ),
                        [],
                    )?;
                }
            }
            // Stored as the target's columns store it: NULL when equal to its creation stamp.
            conn.execute(
                &format!(
                    "UPDATE main.{name} SET ({field}, {field}_edit_stamp) =
                            (SELECT s.{field}, nullif(s.{field}_stamp, main.{name}.created_stamp)
                               FROM {src}.{name} s WHERE s.id = main.{name}.id)
                      WHERE id IN (SELECT d.id FROM {differing_table} d
                                     CROSS JOIN {src}.{name} s ON s.id = d.id CROSS JOIN main.{name} m ON m.id = d.id
                                    WHERE s.{field}_stamp > m.{field}_stamp{guard})"
                ),
                [],
            )?;
        }
        if erasable {
            let clear = table
                .personal
                .iter()
                .map(|f| format!("{f} = NULL, {f}_edit_stamp = zeroblob({FIELD_STAMP_LEN})"))
                .collect::<Vec<_>>()
                .join(", ");
            conn.execute(
                &format!(
                    "UPDATE main.{name} SET {clear}
                      WHERE erased_stamp IS NOT NULL AND id IN (SELECT id FROM {differing_table})"
                ),
                [],
            )?;
        }
    }

    // New records last, so the joins above never walk over them. The source has our schema
    // (checked when staged), so its rows meet every constraint of the target's table but
    // one, the id the target may have already: `OR IGNORE` skips exactly those rows.
    let inserted = conn.execute(
        &format!("INSERT OR IGNORE INTO main.{name} ({list}) SELECT {from_source} FROM {src}.{name} s"),
        [],
    )?;
    Ok(TableReport { table: name, inserted, updated })
}

/// Merges a set table; `removals` says whether the source removes any of its entries.
fn merge_set(conn: &Connection, src: &str, table: &SetTable, removals: bool) -> Result<TableReport> {
    let name = table.name;
    let key = table.key();
    let columns = table.columns.iter().chain(&["added_stamp", "removed_stamp"]).copied();
    let list = columns.clone().collect::<Vec<_>>().join(", ");
    let from_source = columns.map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ");
    // Entries the target lacks, as for records (see merge_records).
    let inserted = conn.execute(
        &format!("INSERT OR IGNORE INTO main.{name} ({list}) SELECT {from_source} FROM {src}.{name} s"),
        [],
    )?;
    if !removals {
        return Ok(TableReport { table: name, inserted, updated: 0 });
    }
    let updated = conn.execute(
        &format!(
            "UPDATE main.{name} AS m SET removed_stamp = s.removed_stamp
               FROM (SELECT s.{key}, s.added_stamp, s.removed_stamp FROM {src}.{name} s
                       CROSS JOIN main.{name} seen ON seen.{key} = s.{key} AND seen.added_stamp = s.added_stamp
                      WHERE s.removed_stamp IS NOT NULL
                        AND (seen.removed_stamp IS NULL OR s.removed_stamp > seen.removed_stamp)) AS s
              WHERE m.{key} = s.{key} AND m.added_stamp = s.added_stamp"
        ),
        [],
    )?;
    Ok(TableReport { table: name, inserted, updated })
}

/// Unions the source's kept versions, except personal data of erased records.
fn merge_field_versions(conn: &Connection, src: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!("SELECT DISTINCT table_name FROM {src}.field_version"))?;
    let kept: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    for table in RECORD_TABLES {
        let name = table.name;
        if !kept.iter().any(|kept| kept == name) {
            // Nothing to add; the erasure below still applies to what the target kept.
            erase_kept_personal_versions(conn, table)?;
            continue;
        }
        let fields =
            table.fields.iter().filter(|f| **f != "deleted").map(|f| format!("'{f}'")).collect::<Vec<_>>();
        let personal_filter = if table.is_erasable() {
            let personal = table.personal.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ");
            format!(
                " AND NOT (v.field IN ({personal}) AND EXISTS
                     (SELECT 1 FROM main.{name} r WHERE r.id = v.record_id AND r.erased_stamp IS NOT NULL))"
            )
        } else {
            String::new()
        };
        conn.execute(
            &format!(
                "INSERT OR IGNORE INTO main.field_version (table_name, record_id, field, stamp, value)
                 SELECT v.table_name, v.record_id, v.field, v.stamp, v.value FROM {src}.field_version v
                  WHERE v.table_name = '{name}' AND v.field IN ({}){personal_filter}",
                fields.join(", ")
            ),
            [],
        )?;
        erase_kept_personal_versions(conn, table)?;
    }
    Ok(())
}

/// Deletes the kept versions of the personal fields of erased records.
fn erase_kept_personal_versions(conn: &Connection, table: &RecordTable) -> Result<()> {
    if table.is_erasable() {
        let name = table.name;
        let personal = table.personal.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ");
        conn.execute(
            &format!(
                "DELETE FROM main.field_version WHERE table_name = '{name}' AND field IN ({personal})
                   AND record_id IN (SELECT id FROM main.{name} WHERE erased_stamp IS NOT NULL)"
            ),
            [],
        )?;
    }
    Ok(())
}
