//! Full-text search across the diagnostic's contributions, ignoring accents and case
//! ("economie" finds "économie").
//!
//! The index is this installation's, never the diagnostic's data: it lives in its own file
//! next to the working store, attached to the store's connection, and is kept current by
//! temporary triggers that exist only on that connection. So session files and merges never
//! carry it, and a lost or stale index is simply rebuilt.
//!
//! A capture must be on disk as fast as possible, so the index is not written in the
//! capture's transaction: the triggers only note the changed contribution in a temporary
//! in-memory list, and the next search indexes what is listed before it runs.
//!
//! Invariants: the index row of a contribution has the contribution's rowid in the working
//! store (which is never vacuumed, so rowids are stable). After [`Store::enable_search`], every
//! insert and text edit or deletion of a contribution on this connection either leaves it in
//! the index with its current text, or removes it from the index in the same transaction and
//! lists it as pending: the index holds exactly the live contributions minus the pending ones.
//! So an index left behind by a crash with pending work has fewer rows than there are live
//! contributions, and is rebuilt when search is next enabled.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::store::{Result, Store, StoreError};

/// One contribution found by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub contribution_id: Uuid,
    pub workshop_id: Uuid,
    pub workshop_title: String,
    pub text: String,
}

/// At most this many hits: a search is for finding, not for listing everything.
const MAX_HITS: i64 = 200;

/// The user's words as an FTS5 query: each word a quoted prefix, all required. Quoting
/// means no character typed is taken as query syntax.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map(|word| word.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Attaches (creating or rebuilding it when needed) the search index stored at
    /// `index_path`, and keeps it current from now on.
    pub fn enable_search(&mut self, index_path: &Path) -> Result<()> {
        let conn = self.connection();
        conn.execute("ATTACH DATABASE ?1 AS search", [index_path.to_string_lossy()])?;
        // The index can always be rebuilt: it must not cost the capture a second flush to disk.
        conn.query_row("PRAGMA search.journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA search.synchronous = OFF;")?;
        conn.execute_batch(
            "PRAGMA temp_store = MEMORY;
             CREATE VIRTUAL TABLE IF NOT EXISTS search.contribution_text
                 USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
             CREATE TEMP TABLE IF NOT EXISTS search_pending (contribution_rowid INTEGER PRIMARY KEY);
             CREATE TEMP TRIGGER search_contribution_added AFTER INSERT ON main.contribution
             WHEN new.deleted = 0 BEGIN
                 INSERT OR IGNORE INTO search_pending VALUES (new.rowid);
             END;
             CREATE TEMP TRIGGER search_contribution_changed AFTER UPDATE OF text, deleted ON main.contribution
             BEGIN
                 DELETE FROM search.contribution_text WHERE rowid = old.rowid;
                 INSERT OR IGNORE INTO search_pending VALUES (new.rowid);
             END;",
        )?;
        let (indexed, live): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM search.contribution_text),
                    (SELECT count(*) FROM main.contribution WHERE deleted = 0)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if indexed != live {
            // Missing, stale or from another store: rebuild from the contributions.
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 DELETE FROM search.contribution_text;
                 INSERT INTO search.contribution_text (rowid, text)
                     SELECT rowid, text FROM main.contribution WHERE deleted = 0;
                 COMMIT;",
            )?;
        }
        Ok(())
    }

    /// Indexes the contributions captured or changed since the last search. Touches only the
    /// index and the in-memory list, never the working store.
    fn index_pending(&self) -> Result<()> {
        self.connection().execute_batch(
            "SAVEPOINT search_index_pending;
             INSERT INTO search.contribution_text (rowid, text)
                 SELECT c.rowid, c.text FROM search_pending p
                   JOIN main.contribution c ON c.rowid = p.contribution_rowid AND c.deleted = 0;
             DELETE FROM search_pending;
             RELEASE search_index_pending;",
        )?;
        Ok(())
    }

    /// The contributions of `diagnostic` containing every word of `text` (as word starts),
    /// best matches first.
    pub fn search(&self, diagnostic: Uuid, text: &str) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(text) else { return Ok(Vec::new()) };
        let attached: bool = self.connection().query_row(
            "SELECT count(*) FROM pragma_database_list WHERE name = 'search'",
            [],
            |row| row.get(0),
        )?;
        if !attached {
            return Err(StoreError::InvalidInput("La recherche n'est pas disponible sur ce fichier.".into()));
        }
        self.index_pending()?;
        let mut stmt = self.connection().prepare_cached(
            "SELECT c.id, w.id, w.title, c.text
               FROM search.contribution_text f
               JOIN main.contribution c ON c.rowid = f.rowid AND c.deleted = 0
               JOIN main.workshop w ON w.id = c.workshop_id AND w.deleted = 0
              WHERE f.contribution_text MATCH ?1 AND w.diagnostic_id = ?2
              ORDER BY f.rank
              LIMIT ?3",
        )?;
        let hits = stmt.query_map(rusqlite::params![query, diagnostic, MAX_HITS], |row| {
            Ok(SearchHit {
                contribution_id: row.get(0)?,
                workshop_id: row.get(1)?,
                workshop_title: row.get(2)?,
                text: row.get(3)?,
            })
        })?;
        Ok(hits.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    fn demo(dir: &tempfile::TempDir) -> (Store, Uuid) {
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 4)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        store.enable_search(&dir.path().join("index.sqlite3")).unwrap();
        (store, diagnostic)
    }

    #[test]
    fn words_without_accents_find_contributions_with_them() {
        let dir = tempfile::tempdir().unwrap();
        let (store, diagnostic) = demo(&dir);
        let hits = store.search(diagnostic, "epicerie solidaire").unwrap();
        assert_eq!(hits.len(), 1, "« épicerie solidaire » is in one demo contribution: {hits:?}");
        assert!(hits[0].text.contains("épicerie solidaire"));
        let upper = store.search(diagnostic, "METIERS DOMICILE").unwrap();
        assert_eq!(upper.len(), 1, "case and accents are ignored: « Les métiers de l'aide à domicile »");
        assert!(!store.search(diagnostic, "accompagn").unwrap().is_empty(), "a word start finds the word");
    }

    #[test]
    fn the_index_follows_captures_edits_and_deletions_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, diagnostic) = demo(&dir);
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let captured = store.capture(workshop, "Créer une recyclerie associative").unwrap();
        assert_eq!(store.search(diagnostic, "recyclerie").unwrap().len(), 1, "a capture is found at once");
        store.edit_contribution_text(captured.contribution, "Créer une ressourcerie associative").unwrap();
        assert!(store.search(diagnostic, "recyclerie").unwrap().is_empty(), "the old wording is gone");
        assert_eq!(store.search(diagnostic, "ressourcerie").unwrap().len(), 1, "the new one is found");
        store.set_contribution_deleted(captured.contribution, true).unwrap();
        assert!(
            store.search(diagnostic, "ressourcerie").unwrap().is_empty(),
            "a deleted contribution is not found"
        );
        store.set_contribution_deleted(captured.contribution, false).unwrap();
        drop(store);
        let mut store = Store::open(&dir.path().join("s.sqlite3"), Sources::system()).unwrap();
        store.enable_search(&dir.path().join("index.sqlite3")).unwrap();
        assert_eq!(
            store.search(diagnostic, "ressourcerie").unwrap().len(),
            1,
            "restored, and found after a restart"
        );
    }

    #[test]
    fn captures_not_yet_indexed_when_the_app_stops_are_found_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, diagnostic) = demo(&dir);
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        assert!(store.search(diagnostic, "x").is_ok(), "the index is current before the captures");
        store.capture(workshop, "Une conciergerie solidaire de quartier").unwrap();
        let old = store.capture(workshop, "Une laverie associative").unwrap();
        store.edit_contribution_text(old.contribution, "Une blanchisserie associative").unwrap();
        // Stopped before any search indexed them: the pending list lived only in memory.
        drop(store);
        let mut store = Store::open(&dir.path().join("s.sqlite3"), Sources::system()).unwrap();
        store.enable_search(&dir.path().join("index.sqlite3")).unwrap();
        assert_eq!(store.search(diagnostic, "conciergerie").unwrap().len(), 1, "the index was rebuilt");
        assert_eq!(store.search(diagnostic, "blanchisserie").unwrap().len(), 1, "with the corrected text");
        assert!(store.search(diagnostic, "laverie").unwrap().is_empty(), "and without the replaced one");
    }

    #[test]
    fn query_syntax_typed_by_a_user_is_only_text() {
        let dir = tempfile::tempdir().unwrap();
        let (store, diagnostic) = demo(&dir);
        for typed in ["\"", "AND OR NOT", "text:*", "(épicerie", "-", "   "] {
            assert!(store.search(diagnostic, typed).is_ok(), "« {typed} » must not be a query error");
        }
        assert_eq!(fts_query("l'épicerie \"bio\""), Some("\"l'épicerie\"* \"bio\"*".into()));
    }
}
