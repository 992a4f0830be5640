//! Reviewing conflicts: concurrent edits of one field, both versions side by side.
//!
//! Invariants: a conflict is derived, never stored as such (see `field_version` in the
//! schema): it is open while the field's current write was made without seeing the other
//! version and the values differ. A decision is an ordinary write of the field, whose
//! stamp records the version it replaced, so it closes the conflict on every replica that
//! merges it, and merges like any edit.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::merge::open_conflict_condition;
use crate::clock::FieldStamp;
use crate::schema::{self, RECORD_TABLES};
use crate::store::{FieldValue, Result, Store, StoreError};

/// One open conflict, as the conflicts screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    pub table: String,
    pub record_id: Uuid,
    pub field: String,
    /// E.g. "Contribution — texte".
    pub what: String,
    /// Where the record belongs, e.g. the workshop's title.
    pub context: String,
    /// The value kept for now (the most recent write).
    pub current: String,
    /// The concurrent version that lost for now.
    pub other: String,
    /// Identifies the other version, to keep it.
    pub other_stamp: String,
    /// Whether a new text may be written instead of either version (not for references,
    /// dates or codes).
    pub free_text: bool,
    /// The workshop the record belongs to, for a link to it.
    pub workshop_id: Option<Uuid>,
}

/// Fields holding text a person wrote, where "write a new version" makes sense.
const FREE_TEXT_FIELDS: &[&str] = &[
    "text",
    "title",
    "name",
    "label",
    "description",
    "question",
    "body",
    "place",
    "facilitators",
    "communes",
    "sector",
    "commune",
    "contact",
    "legal_form",
    "audience",
];

fn is_free_text(field: &str) -> bool {
    FREE_TEXT_FIELDS.contains(&field)
}

/// What the user decided for one conflict.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictChoice {
    KeepCurrent,
    KeepOther { other_stamp: String },
    Write { text: String },
}

fn field_label(table: &str, field: &str) -> String {
    let thing = match table {
        "contribution" => "Contribution",
        "participant" => "Participant·e",
        "workshop" => "Atelier",
        "phase" => "Séquence",
        "cluster" => "Regroupement",
        "initiative" => "Initiative",
        "recommendation" => "Préconisation",
        "stake" => "Enjeu",
        "territory" => "Territoire",
        "theme" => "Thème",
        "category" => "Catégorie",
        "organisation" => "Structure",
        _ => "Diagnostic",
    };
    let what = match field {
        "text" => "texte",
        "title" => "titre",
        "name" => "nom",
        "label" => "intitulé",
        "category_id" => "catégorie",
        "phase_id" => "séquence",
        "participant_id" => "attribution",
        "structure_type" => "type de structure",
        "question" => "question",
        "body" => "texte",
        "place" => "lieu",
        "email" => "courriel",
        other => other,
    };
    format!("{thing} — {what}")
}

/// A value as the user reads it: ids are replaced by the name of what they point to.
fn display(store: &Store, value: &Value) -> Result<String> {
    Ok(match value {
        Value::Null => "(vide)".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(bytes) => {
            let Ok(id) = Uuid::from_slice(bytes) else { return Ok("(valeur illisible)".into()) };
            let named = [
                ("category", "label"),
                ("phase", "title"),
                ("participant", "coalesce(name, 'personne effacée')"),
                ("stake", "label"),
                ("territory", "name"),
                ("theme", "name"),
                ("organisation", "name"),
                ("contribution", "text"),
                ("initiative", "name"),
            ];
            for (table, column) in named {
                let found: Option<String> = store
                    .connection()
                    .query_row(&format!("SELECT {column} FROM {table} WHERE id = ?1"), [id], |row| row.get(0))
                    .optional()?;
                if let Some(found) = found {
                    return Ok(found);
                }
            }
            "(élément inconnu)".into()
        }
    })
}

/// The workshop a record belongs to, and its title, when it belongs to one.
fn workshop_of(store: &Store, table: &str, record: Uuid) -> Result<Option<(Uuid, String)>> {
    let sql = match table {
        "contribution" | "phase" | "cluster" => {
            format!(
                "SELECT w.id, w.title FROM {table} r JOIN workshop w ON w.id = r.workshop_id WHERE r.id = ?1"
            )
        }
        "workshop" => "SELECT id, title FROM workshop WHERE id = ?1".into(),
        _ => return Ok(None),
    };
    Ok(store.connection().query_row(&sql, [record], |row| Ok((row.get(0)?, row.get(1)?))).optional()?)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

impl Store {
    /// Every open conflict, oldest record first.
    pub fn open_conflicts(&self) -> Result<Vec<ConflictView>> {
        let mut found = Vec::new();
        for table in RECORD_TABLES {
            for field in table.fields.iter().filter(|f| **f != "deleted") {
                let sql = format!(
                    "SELECT v.record_id, t.{field}, v.value, v.stamp
                       FROM field_version v JOIN {name} t ON t.id = v.record_id
                      WHERE v.table_name = '{name}' AND v.field = '{field}' AND t.deleted = 0 AND {condition}
                      ORDER BY v.record_id, v.stamp",
                    name = table.name,
                    condition = open_conflict_condition(field)
                );
                let mut stmt = self.connection().prepare(&sql)?;
                let rows: Vec<(Uuid, Value, Value, Vec<u8>)> = stmt
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (record_id, current, other, stamp) in rows {
                    let workshop = workshop_of(self, table.name, record_id)?;
                    found.push(ConflictView {
                        table: table.name.to_string(),
                        record_id,
                        field: field.to_string(),
                        what: field_label(table.name, field),
                        context: workshop.as_ref().map(|(_, title)| title.clone()).unwrap_or_default(),
                        free_text: is_free_text(field),
                        workshop_id: workshop.map(|(id, _)| id),
                        current: display(self, &current)?,
                        other: display(self, &other)?,
                        other_stamp: hex(&stamp),
                    });
                }
            }
        }
        Ok(found)
    }

    /// Records the user's decision as a new write of the field, made having seen both.
    pub fn resolve_conflict(
        &mut self,
        table: &str,
        record_id: Uuid,
        field: &str,
        choice: &ConflictChoice,
    ) -> Result<()> {
        let table = schema::record_table(table).ok_or_else(|| {
            StoreError::InvalidInput(format!("« {table} » n'est pas une table du diagnostic."))
        })?;
        if !table.has_field(field) || field == "deleted" {
            return Err(StoreError::InvalidInput(format!("« {field} » n'est pas un champ modifiable.")));
        }
        let value: Value = match choice {
            ConflictChoice::KeepCurrent => self.connection().query_row(
                &format!("SELECT {field} FROM {} WHERE id = ?1", table.name),
                [record_id],
                |row| row.get(0),
            )?,
            ConflictChoice::KeepOther { other_stamp } => {
                let stamp = unhex(other_stamp)
                    .filter(|bytes| FieldStamp::from_bytes(bytes).is_some())
                    .ok_or_else(|| {
                        StoreError::InvalidInput("Version inconnue : rechargez la liste des conflits.".into())
                    })?;
                self.connection()
                    .query_row(
                        "SELECT value FROM field_version WHERE table_name = ?1 AND record_id = ?2 AND field = ?3 AND stamp = ?4",
                        rusqlite::params![table.name, record_id, field, stamp],
                        |row| row.get(0),
                    )
                    .optional()?
                    .ok_or_else(|| StoreError::InvalidInput("Cette version n'existe plus : rechargez la liste des conflits.".into()))?
            }
            ConflictChoice::Write { text } => {
                if !is_free_text(field) {
                    return Err(StoreError::InvalidInput(
                        "Ce champ ne se réécrit pas librement : gardez l'une des deux versions.".into(),
                    ));
                }
                let text = text.trim();
                if text.is_empty() {
                    return Err(StoreError::InvalidInput("Le nouveau texte ne peut pas être vide.".into()));
                }
                Value::Text(text.to_string())
            }
        };
        self.write(|tx| tx.set_field(table, record_id, field, FieldValue(value)))
    }
}
