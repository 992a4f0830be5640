//! The shape of every merged table, as data: which columns are fields (each with a
//! `<field>_stamp`), which column names the owner, which fields are personal data.
//!
//! Invariants, checked against the real schema by `tests::descriptors_match_the_migrated_schema`:
//! - every record table has `id`, its owner column (fixed at creation), `created_stamp` (the
//!   stamp of its first write), its fields each with `<field>_edit_stamp` (NULL while equal to
//!   `created_stamp`, written only by [`crate::store::WriteTx`] and the merge) and the virtual
//!   `<field>_stamp` that readers compare, and `deleted` among the fields; erasable tables
//!   also have `erased_stamp`;
//! - every set table has its fixed columns, `added_stamp` and `removed_stamp`; an entry is
//!   identified by its first column (the key it is clustered by) and its `added_stamp`;
//! - tables are listed parents first, so inserting in this order satisfies foreign keys.
//!
//! Generic writes and the merge use these descriptors instead of hand-written SQL per table,
//! so a field cannot be forgotten by one of them.

/// A table of records with per-field last-writer-wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordTable {
    pub name: &'static str,
    /// The column naming the record's owner, fixed at creation.
    pub owner: &'static str,
    /// The editable fields, each with a `<field>_stamp` column. `deleted` is one of them.
    pub fields: &'static [&'static str],
    /// Fields holding personal data, cleared for good by an erasure.
    pub personal: &'static [&'static str],
}

impl RecordTable {
    pub fn is_erasable(&self) -> bool {
        !self.personal.is_empty()
    }

    /// What a record says: `id`, the owner, each field with its `_stamp`, `erased_stamp`.
    pub fn read_columns(&self) -> Vec<String> {
        self.columns_with("_stamp", None)
    }

    /// What a record stores (the `_stamp`s are computed from these): `id`, the owner,
    /// `created_stamp`, each field with its `_edit_stamp`, `erased_stamp`.
    pub fn stored_columns(&self) -> Vec<String> {
        self.columns_with("_edit_stamp", Some("created_stamp"))
    }

    fn columns_with(&self, stamp_suffix: &str, creation: Option<&str>) -> Vec<String> {
        let mut columns = vec!["id".to_string()];
        if self.owner != "id" {
            columns.push(self.owner.to_string());
        }
        columns.extend(creation.map(String::from));
        for field in self.fields {
            columns.extend([field.to_string(), format!("{field}{stamp_suffix}")]);
        }
        if self.is_erasable() {
            columns.push("erased_stamp".into());
        }
        columns
    }
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.contains(&field)
    }
}

/// A table of add-wins set entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetTable {
    pub name: &'static str,
    /// The columns fixed at the addition (owner and element); the first is the key that,
    /// with `added_stamp`, identifies an entry.
    pub columns: &'static [&'static str],
}

impl SetTable {
    /// The column that, with `added_stamp`, identifies an entry.
    pub fn key(&self) -> &'static str {
        self.columns[0]
    }
}

pub const DIAGNOSTIC: RecordTable = RecordTable {
    name: "diagnostic",
    owner: "id",
    fields: &["title", "description", "period_start", "period_end", "is_demo", "deleted"],
    personal: &[],
};
pub const STAKE: RecordTable = RecordTable {
    name: "stake",
    owner: "diagnostic_id",
    fields: &["label", "position", "deleted"],
    personal: &[],
};
pub const TERRITORY: RecordTable = RecordTable {
    name: "territory",
    owner: "diagnostic_id",
    fields: &["name", "communes", "position", "deleted"],
    personal: &[],
};
pub const THEME: RecordTable = RecordTable {
    name: "theme",
    owner: "diagnostic_id",
    fields: &["name", "position", "deleted"],
    personal: &[],
};
pub const CATEGORY: RecordTable = RecordTable {
    name: "category",
    owner: "diagnostic_id",
    fields: &["code", "label", "shortcut", "position", "deleted"],
    personal: &[],
};
pub const WORKSHOP: RecordTable = RecordTable {
    name: "workshop",
    owner: "diagnostic_id",
    fields: &[
        "kind",
        "territory_id",
        "theme_id",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "facilitators",
        "token_budget",
        "deleted",
    ],
    personal: &[],
};
pub const PHASE: RecordTable = RecordTable {
    name: "phase",
    owner: "workshop_id",
    fields: &["title", "question", "duration_min", "position", "deleted"],
    personal: &[],
};
pub const ORGANISATION: RecordTable = RecordTable {
    name: "organisation",
    owner: "diagnostic_id",
    fields: &["name", "structure_type", "deleted"],
    personal: &[],
};
pub const PARTICIPANT: RecordTable = RecordTable {
    name: "participant",
    owner: "diagnostic_id",
    fields: &["name", "organisation_id", "structure_type", "role", "email", "consent_named", "deleted"],
    personal: &["name", "email"],
};
pub const CONTRIBUTION: RecordTable = RecordTable {
    name: "contribution",
    owner: "workshop_id",
    fields: &[
        "text",
        "category_id",
        "phase_id",
        "participant_id",
        "structure_type",
        "duplicate_of",
        "deleted",
    ],
    personal: &[],
};
pub const CLUSTER: RecordTable = RecordTable {
    name: "cluster",
    owner: "workshop_id",
    fields: &["name", "position", "deleted"],
    personal: &[],
};
pub const INITIATIVE: RecordTable = RecordTable {
    name: "initiative",
    owner: "diagnostic_id",
    fields: &[
        "name",
        "legal_form",
        "sector",
        "commune",
        "territory_id",
        "jobs",
        "contact",
        "description",
        "merged_into",
        "deleted",
    ],
    personal: &["contact"],
};
pub const RECOMMENDATION: RecordTable = RecordTable {
    name: "recommendation",
    owner: "diagnostic_id",
    fields: &["title", "body", "audience", "status", "position", "deleted"],
    personal: &[],
};

pub const ATTENDANCE: SetTable = SetTable { name: "attendance", columns: &["workshop_id", "participant_id"] };
pub const CONTRIBUTION_STAKE: SetTable =
    SetTable { name: "contribution_stake", columns: &["contribution_id", "stake_id"] };
pub const CLUSTER_MEMBER: SetTable =
    SetTable { name: "cluster_member", columns: &["contribution_id", "cluster_id"] };
/// A participant's dots on a contribution, or a tally counted on the wall (no participant).
pub const CONTRIBUTION_VOTE: SetTable =
    SetTable { name: "contribution_vote", columns: &["contribution_id", "participant_id", "dots"] };
/// The same on a cluster of the board.
pub const CLUSTER_VOTE: SetTable =
    SetTable { name: "cluster_vote", columns: &["cluster_id", "participant_id", "dots"] };
pub const INITIATIVE_SOURCE: SetTable =
    SetTable { name: "initiative_source", columns: &["initiative_id", "contribution_id", "workshop_id"] };
pub const RECOMMENDATION_STAKE: SetTable =
    SetTable { name: "recommendation_stake", columns: &["recommendation_id", "stake_id"] };
pub const RECOMMENDATION_SOURCE: SetTable =
    SetTable { name: "recommendation_source", columns: &["recommendation_id", "contribution_id"] };

/// Record tables, parents first.
pub const RECORD_TABLES: &[RecordTable] = &[
    DIAGNOSTIC,
    STAKE,
    TERRITORY,
    THEME,
    CATEGORY,
    WORKSHOP,
    PHASE,
    ORGANISATION,
    PARTICIPANT,
    CONTRIBUTION,
    CLUSTER,
    INITIATIVE,
    RECOMMENDATION,
];

/// Set tables; each refers only to record tables.
pub const SET_TABLES: &[SetTable] = &[
    ATTENDANCE,
    CONTRIBUTION_STAKE,
    CLUSTER_MEMBER,
    CONTRIBUTION_VOTE,
    CLUSTER_VOTE,
    INITIATIVE_SOURCE,
    RECOMMENDATION_STAKE,
    RECOMMENDATION_SOURCE,
];

pub fn record_table(name: &str) -> Option<&'static RecordTable> {
    RECORD_TABLES.iter().find(|table| table.name == name)
}

/// What the user calls the records of `table`, in the plural (for summaries of merges).
pub fn table_label_fr(table: &str) -> &'static str {
    match table {
        "diagnostic" => "diagnostics",
        "stake" => "enjeux",
        "territory" => "territoires",
        "theme" => "thèmes",
        "category" => "catégories",
        "workshop" => "ateliers",
        "phase" => "séquences",
        "organisation" => "structures",
        "participant" => "participant·es",
        "attendance" => "présences",
        "contribution" => "contributions",
        "contribution_stake" => "enjeux de contributions",
        "cluster" => "regroupements",
        "cluster_member" => "membres de regroupements",
        "contribution_vote" => "votes sur des contributions",
        "cluster_vote" => "votes sur des regroupements",
        "initiative" => "initiatives",
        "initiative_source" => "sources d'initiatives",
        "recommendation" => "préconisations",
        "recommendation_stake" => "enjeux de préconisations",
        "recommendation_source" => "sources de préconisations",
        _ => "enregistrements",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn columns(conn: &rusqlite::Connection, table: &str) -> BTreeSet<String> {
        // table_xinfo also lists generated columns (the virtual `<field>_stamp`).
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_xinfo(?1)").unwrap();
        stmt.query_map([table], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn descriptors_match_the_migrated_schema() {
        let conn = crate::store::migrated_in_memory();
        let mut described = BTreeSet::from(["meta", "field_version", "merged_input"].map(String::from));
        for table in RECORD_TABLES {
            let mut expected =
                BTreeSet::from(["id".to_string(), table.owner.to_string(), "created_stamp".to_string()]);
            for field in table.fields {
                expected.insert(field.to_string());
                expected.insert(format!("{field}_edit_stamp"));
                expected.insert(format!("{field}_stamp"));
            }
            if table.is_erasable() {
                expected.insert("erased_stamp".into());
            }
            for personal in table.personal {
                assert!(
                    table.has_field(personal),
                    "{}.{personal} is personal, so must be a field",
                    table.name
                );
            }
            assert!(table.has_field("deleted"), "{} needs a tombstone field", table.name);
            assert_eq!(
                columns(&conn, table.name),
                expected,
                "the descriptor of {} must list every column",
                table.name
            );
            described.insert(table.name.to_string());
        }
        for table in SET_TABLES {
            let mut expected: BTreeSet<String> = table.columns.iter().map(|c| c.to_string()).collect();
            expected.extend(["added_stamp", "removed_stamp"].map(String::from));
            assert_eq!(
                columns(&conn, table.name),
                expected,
                "the descriptor of set {} must list every column",
                table.name
            );
            let mut stmt =
                conn.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk").unwrap();
            let key: Vec<String> =
                stmt.query_map([table.name], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
            assert_eq!(
                key,
                [table.key(), "added_stamp"],
                "the merge identifies an entry of {} by its key column and its addition stamp",
                table.name
            );
            described.insert(table.name.to_string());
        }
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .unwrap();
        let actual: BTreeSet<String> =
            stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(actual, described, "every table must be described, or the merge would skip it");
    }

    #[test]
    fn record_tables_come_after_the_tables_they_refer_to() {
        let conn = crate::store::migrated_in_memory();
        for (index, table) in RECORD_TABLES.iter().enumerate() {
            let mut stmt = conn.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)").unwrap();
            let parents: Vec<String> =
                stmt.query_map([table.name], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
            for parent in parents {
                if parent == table.name {
                    continue;
                }
                let parent_index = RECORD_TABLES.iter().position(|t| t.name == parent);
                assert!(
                    parent_index.is_some_and(|p| p < index),
                    "{} refers to {parent}, which must be listed before it",
                    table.name
                );
            }
        }
    }
}
