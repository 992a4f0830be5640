//! The canonical dump: a file's whole merged state as JSON with a stable order and no
//! volatile fields (no local settings, no SQLite rowids), so two files can be compared.

use std::fmt::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::schema::{RECORD_TABLES, SET_TABLES};
use crate::store::Result;

fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(r) => Value::from(r),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let mut hex = String::with_capacity(b.len() * 2);
            for byte in b {
                let _ = write!(hex, "{byte:02x}");
            }
            Value::from(hex)
        }
    }
}

fn dump_table(conn: &Connection, sql: &str) -> Result<Value> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = Map::new();
        for (index, name) in names.iter().enumerate() {
            object.insert(name.clone(), to_json(row.get_ref(index)?));
        }
        out.push(Value::Object(object));
    }
    Ok(Value::Array(out))
}

/// The whole state of the database behind `conn`, as canonical JSON (keys sorted).
pub fn dump_json(conn: &Connection) -> Result<String> {
    let mut tables = Map::new();
    for table in RECORD_TABLES {
        // What the record says, not how it is stored (a stored `_edit_stamp` is only NULL
        // while it equals `created_stamp`).
        let sql = format!("SELECT {} FROM {} ORDER BY id", table.read_columns().join(", "), table.name);
        tables.insert(table.name.into(), dump_table(conn, &sql)?);
    }
    for table in SET_TABLES {
        let sql = format!("SELECT * FROM {} ORDER BY {}, added_stamp", table.name, table.key());
        tables.insert(table.name.into(), dump_table(conn, &sql)?);
    }
    tables.insert(
        "field_version".into(),
        dump_table(conn, "SELECT * FROM field_version ORDER BY table_name, record_id, field, stamp")?,
    );
    Ok(serde_json::to_string_pretty(&Value::Object(tables)).unwrap_or_default())
}
