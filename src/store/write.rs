//! Stamped writes: the only way records change.
//!
//! Invariants: a record is inserted with every field stamped; an update stamps exactly the
//! fields it changes; a set addition gets a fresh tag; a removal stamps only the additions
//! present now (the ones this device has seen). Table and field names come from
//! [`crate::schema`], never from callers' strings alone, so no SQL can be injected.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

use super::{Result, StoreError};
use crate::clock::{FieldStamp, Hlc, HybridClock, PhysicalClock, Stamp};
use crate::ids::IdSource;
use crate::schema::{RecordTable, SetTable};

/// A value written into a field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue(pub Value);

impl From<&str> for FieldValue {
    fn from(text: &str) -> Self {
        Self(Value::Text(text.to_string()))
    }
}
impl From<String> for FieldValue {
    fn from(text: String) -> Self {
        Self(Value::Text(text))
    }
}
impl From<i64> for FieldValue {
    fn from(number: i64) -> Self {
        Self(Value::Integer(number))
    }
}
impl From<bool> for FieldValue {
    fn from(flag: bool) -> Self {
        Self(Value::Integer(i64::from(flag)))
    }
}
impl From<Uuid> for FieldValue {
    fn from(id: Uuid) -> Self {
        Self(Value::Blob(id.as_bytes().to_vec()))
    }
}
impl<T: Into<FieldValue>> From<Option<T>> for FieldValue {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self(Value::Null), Into::into)
    }
}

/// One open write transaction with its clock and id source.
pub struct WriteTx<'a> {
    tx: &'a Transaction<'a>,
    clock: &'a mut HybridClock,
    physical: &'a dyn PhysicalClock,
    ids: &'a mut dyn IdSource,
}

impl<'a> WriteTx<'a> {
    pub(super) fn new(
        tx: &'a Transaction<'a>,
        clock: &'a mut HybridClock,
        physical: &'a (dyn PhysicalClock + Send),
        ids: &'a mut (dyn IdSource + Send),
    ) -> Self {
        Self { tx, clock, physical, ids }
    }

    pub fn connection(&self) -> &Connection {
        self.tx
    }

    /// A fresh stamp for a write made now.
    pub fn stamp(&mut self) -> Stamp {
        self.clock.tick(self.physical)
    }

    /// Lets the clock take a merged timestamp into account (see [`HybridClock::observe`]).
    pub fn observe(&mut self, remote: Hlc) -> Option<crate::clock::ClockWarning> {
        self.clock.observe(remote, self.physical)
    }

    /// A fresh UUIDv7 for a record created now.
    pub fn new_id(&mut self) -> Uuid {
        let now = self.physical.now_ms();
        self.ids.new_id(now)
    }

    /// Inserts a new record owned by `owner`; every field of the table must be given except
    /// `deleted`, which starts false. Returns the new id.
    pub fn insert_record(
        &mut self,
        table: &RecordTable,
        owner: Option<Uuid>,
        fields: &[(&str, FieldValue)],
    ) -> Result<Uuid> {
        let id = self.new_id();
        let stamp = FieldStamp { stamp: self.stamp(), replaced: Hlc::default() };
        // Every field's stamp is the creation stamp, kept once: the `_edit_stamp`s stay NULL.
        let mut columns = vec!["id".to_string(), "created_stamp".to_string()];
        let mut values = vec![Value::Blob(id.as_bytes().to_vec()), Value::Blob(stamp.to_bytes().to_vec())];
        if table.owner != "id" {
            let owner = owner.ok_or_else(|| {
                StoreError::InvalidInput(format!("un enregistrement {} doit avoir un parent", table.name))
            })?;
            columns.push(table.owner.to_string());
            values.push(Value::Blob(owner.as_bytes().to_vec()));
        }
        for field in table.fields {
            let value = if *field == "deleted" {
                Value::Integer(0)
            } else {
                fields
                    .iter()
                    .find(|(name, _)| name == field)
                    .map(|(_, value)| value.0.clone())
                    .ok_or_else(|| missing_field(table, field))?
            };
            columns.push(field.to_string());
            values.push(value);
        }
        if let Some((unknown, _)) = fields.iter().find(|(name, _)| !table.has_field(name)) {
            return Err(unknown_field(table, unknown));
        }
        let placeholders = vec!["?"; values.len()].join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({placeholders})", table.name, columns.join(", "));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(id)
    }

    /// Writes one field of an existing record with a new stamp.
    pub fn set_field(&mut self, table: &RecordTable, id: Uuid, field: &str, value: FieldValue) -> Result<()> {
        if !table.has_field(field) {
            return Err(unknown_field(table, field));
        }
        if table.personal.contains(&field) {
            let erased: Option<bool> = self
                .tx
                .query_row(
                    &format!("SELECT erased_stamp IS NOT NULL FROM {} WHERE id = ?1", table.name),
                    [id],
                    |row| row.get(0),
                )
                .optional()?;
            if erased == Some(true) {
                return Err(StoreError::InvalidInput(
                    "Les données personnelles de cette personne ont été effacées ; elles ne peuvent plus être saisies.".into(),
                ));
            }
        }
        let current: Option<(FieldStamp, Value)> = self
            .tx
            .query_row(
                &format!("SELECT {field}_stamp, {field} FROM {} WHERE id = ?1", table.name),
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (current, old_value) = current.ok_or(StoreError::NotFound { what: "Enregistrement", id })?;
        let stamp = FieldStamp {
            stamp: self.clock.tick_after(current.stamp.hlc, self.physical),
            replaced: current.stamp.hlc,
        };
        let sql = format!("UPDATE {} SET {field} = ?1, {field}_edit_stamp = ?2 WHERE id = ?3", table.name);
        self.tx.execute(&sql, rusqlite::params![value.0, stamp, id])?;
        if field != "deleted" {
            // Keep the replaced version: merges union these, so conflicts converge.
            self.tx.execute(
                "INSERT OR IGNORE INTO field_version (table_name, record_id, field, stamp, value)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![table.name, id, field, current, old_value],
            )?;
        }
        Ok(())
    }

    /// Adds an element to an add-wins set: a new entry, identified by its fresh stamp (no
    /// two writes share one).
    pub fn add_to_set(&mut self, table: &SetTable, columns: &[(&str, FieldValue)]) -> Result<()> {
        check_set_columns(table, columns)?;
        let stamp = self.stamp();
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        let mut values: Vec<Value> = columns.iter().map(|(_, value)| value.0.clone()).collect();
        values.push(Value::Blob(stamp.to_bytes().to_vec()));
        let placeholders = vec!["?"; values.len()].join(", ");
        let sql =
            format!("INSERT INTO {} ({}, added_stamp) VALUES ({placeholders})", table.name, names.join(", "));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(())
    }

    /// Removes an element from an add-wins set: stamps the additions present now, and only
    /// those, so an addition made concurrently elsewhere survives the merge.
    pub fn remove_from_set(&mut self, table: &SetTable, columns: &[(&str, FieldValue)]) -> Result<usize> {
        check_set_columns(table, columns)?;
        let stamp = self.stamp();
        let filter: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(index, (name, _))| format!("{name} IS ?{}", index + 2))
            .collect();
        let sql = format!(
            "UPDATE {} SET removed_stamp = ?1 WHERE removed_stamp IS NULL AND {}",
            table.name,
            filter.join(" AND ")
        );
        let mut values = vec![Value::Blob(stamp.to_bytes().to_vec())];
        values.extend(columns.iter().map(|(_, value)| value.0.clone()));
        Ok(self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?)
    }

    /// Erases a record's personal data for good (GDPR): personal fields become NULL with a
    /// zero stamp, their kept versions are deleted, and the erasure stamp makes every later
    /// merge refuse them.
    pub fn erase_record(&mut self, table: &RecordTable, id: Uuid) -> Result<()> {
        if !table.is_erasable() {
            return Err(StoreError::InvalidInput(format!(
                "{} ne contient pas de données personnelles",
                table.name
            )));
        }
        let stamp = self.stamp();
        let clear: Vec<String> = table
            .personal
            .iter()
            .map(|field| {
                format!("{field} = NULL, {field}_edit_stamp = zeroblob({})", crate::clock::FIELD_STAMP_LEN)
            })
            .collect();
        let sql = format!(
            "UPDATE {} SET {}, erased_stamp = coalesce(erased_stamp, ?1) WHERE id = ?2",
            table.name,
            clear.join(", ")
        );
        if self.tx.execute(&sql, rusqlite::params![stamp, id])? == 0 {
            return Err(StoreError::NotFound { what: "Enregistrement", id });
        }
        for field in table.personal {
            self.tx.execute(
                "DELETE FROM field_version WHERE table_name = ?1 AND record_id = ?2 AND field = ?3",
                rusqlite::params![table.name, id, field],
            )?;
        }
        Ok(())
    }
}

/// Set columns come from the schema, never from a caller's string alone.
fn check_set_columns(table: &SetTable, columns: &[(&str, FieldValue)]) -> Result<()> {
    match columns.iter().find(|(name, _)| !table.columns.contains(name)) {
        Some((name, _)) => {
            Err(StoreError::InvalidInput(format!("{name} n'est pas une colonne de {}", table.name)))
        }
        None => Ok(()),
    }
}

fn missing_field(table: &RecordTable, field: &str) -> StoreError {
    StoreError::InvalidInput(format!("le champ {field} manque pour créer un enregistrement {}", table.name))
}

fn unknown_field(table: &RecordTable, field: &str) -> StoreError {
    StoreError::InvalidInput(format!("{field} n'est pas un champ de {}", table.name))
}

#[cfg(test)]
mod tests {
    use crate::schema;
    use crate::store::{Sources, Store};
    use uuid::Uuid;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_000_000, 3)).unwrap();
        (dir, store)
    }

    fn stamp_of(store: &Store, table: &str, field: &str, id: Uuid) -> Vec<u8> {
        store
            .connection()
            .query_row(&format!("SELECT {field}_stamp FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
            .unwrap()
    }

    /// A diagnostic titled "Avant".
    fn new_diagnostic(store: &mut Store) -> Uuid {
        store
            .write(|tx| {
                tx.insert_record(
                    &schema::DIAGNOSTIC,
                    None,
                    &[
                        ("title", "Avant".into()),
                        ("description", "".into()),
                        ("period_start", None::<String>.into()),
                        ("period_end", None::<String>.into()),
                        ("is_demo", false.into()),
                    ],
                )
            })
            .unwrap()
    }

    #[test]
    fn an_update_stamps_only_the_field_it_changes() {
        let (_dir, mut store) = store();
        let id = new_diagnostic(&mut store);
        let title_before = stamp_of(&store, "diagnostic", "title", id);
        let description_before = stamp_of(&store, "diagnostic", "description", id);
        store.write(|tx| tx.set_field(&schema::DIAGNOSTIC, id, "title", "Après".into())).unwrap();
        assert!(
            stamp_of(&store, "diagnostic", "title", id) > title_before,
            "the written field gets a later stamp"
        );
        assert_eq!(
            stamp_of(&store, "diagnostic", "description", id),
            description_before,
            "an untouched field keeps its stamp, or merges would overwrite others' edits"
        );
        let before = crate::clock::FieldStamp::from_bytes(&title_before).unwrap();
        let after =
            crate::clock::FieldStamp::from_bytes(&stamp_of(&store, "diagnostic", "title", id)).unwrap();
        assert!(
            after.had_seen(before.stamp),
            "an edit records the version it replaced, so it is never taken for a concurrent one"
        );
        assert!(!before.had_seen(after.stamp), "the first write could not have seen the later one");
        let kept: (String, Vec<u8>) = store
            .connection()
            .query_row(
                "SELECT value, stamp FROM field_version WHERE record_id = ?1 AND field = 'title'",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            kept,
            ("Avant".to_string(), title_before),
            "the replaced version is kept for conflict review"
        );
    }

    #[test]
    fn a_field_stores_its_own_stamp_only_once_it_is_edited() {
        let (_dir, mut store) = store();
        let id = new_diagnostic(&mut store);
        let stored = |store: &Store, field: &str| -> Option<Vec<u8>> {
            store
                .connection()
                .query_row(&format!("SELECT {field}_edit_stamp FROM diagnostic WHERE id = ?1"), [id], |r| {
                    r.get(0)
                })
                .unwrap()
        };
        let created: Vec<u8> = store
            .connection()
            .query_row("SELECT created_stamp FROM diagnostic WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(
            stored(&store, "title"),
            None,
            "a new record's fields share its creation stamp, stored once"
        );
        assert_eq!(
            stamp_of(&store, "diagnostic", "title", id),
            created,
            "and read through the virtual column"
        );
        store.write(|tx| tx.set_field(&schema::DIAGNOSTIC, id, "title", "Après".into())).unwrap();
        assert_eq!(
            stored(&store, "title"),
            Some(stamp_of(&store, "diagnostic", "title", id)),
            "an edited field stores its new stamp"
        );
        assert_eq!(stored(&store, "description"), None, "the other fields still cost nothing");
    }

    #[test]
    fn unknown_or_missing_fields_are_refused() {
        let (_dir, mut store) = store();
        let missing = store.write(|tx| tx.insert_record(&schema::DIAGNOSTIC, None, &[("title", "x".into())]));
        assert!(missing.is_err(), "a record without all its fields must be refused");
        let unknown = store
            .write(|tx| tx.set_field(&schema::DIAGNOSTIC, Uuid::nil(), "title; DROP TABLE meta", "x".into()));
        assert!(unknown.is_err(), "a field name outside the schema must be refused");
    }
}
