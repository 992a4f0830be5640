//! Importing a board exported by another tool (a Klaxoon or Parabol board, a spreadsheet kept
//! by hand) as the contributions of a workshop, so a workshop run elsewhere joins the
//! diagnostic.
//!
//! Invariants:
//! - The user maps the columns; a guess is made from the usual headers (Klaxoon: "Idée",
//!   "Catégorie", "Colonne", "Auteur", "Votes"; Parabol: "Reflection", "Prompt", "Group",
//!   "Votes"; French spreadsheets: "Contribution", "Catégorie", "Enjeux"…).
//! - Imported contributions are anonymous or attributed to a type of structure, never to a
//!   person: an author column of another tool names people who never agreed to be named here.
//! - A group column becomes the workshop's clusters (found by name or created), a votes column
//!   becomes wall tallies; rows that cannot be read are reported by line and the others are
//!   written in one transaction.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::attendance_csv::{find_column, read_csv, read_csv_file, RowProblem};
use crate::capture::{fold, structure_type_for};
use crate::edit::{self, AttributeTo, NewContribution};
use crate::schema;
use crate::store::{Result, Store, StoreError};

/// Columns of another tool's export (0-based), as mapped by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContributionColumns {
    pub text: Option<u32>,
    /// A category label or code ("Besoin", "atout"…), or the board column it was on.
    pub category: Option<u32>,
    /// Stake numbers: "2", "#2", "1 ; 3".
    pub stakes: Option<u32>,
    /// A type of structure ("association", "collectivité"…).
    pub structure_type: Option<u32>,
    /// The group (cluster) the item was in.
    pub group: Option<u32>,
    /// Dots or votes counted for the item.
    pub votes: Option<u32>,
}

/// What the mapping screen shows before importing a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ContributionCsvPreview {
    pub headers: Vec<String>,
    /// The first rows, to check the mapping.
    pub sample: Vec<Vec<String>>,
    pub row_count: u32,
    pub guessed: ContributionColumns,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ContributionImportReport {
    pub added: u32,
    pub clusters_created: u32,
    /// Imported contributions that came with votes, and the dots counted on them.
    pub voted: u32,
    pub dots: u32,
    /// Rows left out (no text) or read only in part (an unknown category or stake), by line.
    pub problems: Vec<RowProblem>,
}

/// The mapping a person would pick, from the usual headers of other tools.
pub fn guess_contribution_columns(headers: &[String]) -> ContributionColumns {
    let find = |words: &[&str]| find_column(headers, words);
    ContributionColumns {
        text: find(&[
            "contribution",
            "idee",
            "texte",
            "text",
            "reflection",
            "contenu",
            "content",
            "post-it",
            "note",
        ]),
        category: find(&["categorie", "category", "colonne", "column", "prompt", "type"]),
        stakes: find(&["enjeu", "enjeux", "stake", "stakes"]),
        structure_type: find(&["type de structure", "structure", "statut"]),
        group: find(&["groupe", "group", "regroupement", "cluster", "theme"]),
        votes: find(&["votes", "vote", "gommettes", "points", "dots"]),
    }
}

/// What the mapping screen needs from a board's CSV.
pub fn preview_contributions_csv(bytes: &[u8]) -> Result<ContributionCsvPreview> {
    let table = read_csv(bytes)?;
    Ok(ContributionCsvPreview {
        guessed: guess_contribution_columns(&table.headers),
        sample: table.sample(),
        row_count: table.row_count(),
        headers: table.headers,
    })
}

/// The preview of the board at `path`; see [`read_csv_file`].
pub fn preview_contributions_csv_file(path: &Path) -> Result<ContributionCsvPreview> {
    preview_contributions_csv(&read_csv_file(path)?)
}

impl Store {
    /// Imports the board at `path`; see [`read_csv_file`] and [`Store::import_contributions`].
    pub fn import_contributions_file(
        &mut self,
        workshop: Uuid,
        path: &Path,
        columns: &ContributionColumns,
    ) -> Result<ContributionImportReport> {
        let bytes = read_csv_file(path)?;
        self.import_contributions(workshop, &bytes, columns)
    }

    /// Imports the rows of `bytes` (a CSV file) into `workshop` under `columns`.
    pub fn import_contributions(
        &mut self,
        workshop: Uuid,
        bytes: &[u8],
        columns: &ContributionColumns,
    ) -> Result<ContributionImportReport> {
        if columns.text.is_none() {
            return Err(StoreError::InvalidInput(
                "Indiquez quelle colonne contient le texte des contributions.".into(),
            ));
        }
        let table = read_csv(bytes)?;
        let overview = {
            let diagnostic = self.workshop_diagnostic(workshop)?;
            self.diagnostic_overview(diagnostic)?
        };
        let categories: Vec<(String, Uuid)> = overview
            .categories
            .iter()
            .flat_map(|c| [(fold(&c.label), c.id), (fold(&c.code), c.id)])
            .collect();
        let mut clusters: HashMap<String, Uuid> =
            self.board(workshop)?.clusters.into_iter().map(|c| (fold(c.name.trim()), c.id)).collect();
        let cell = |row: &[String], column: Option<u32>| {
            column.and_then(|c| row.get(c as usize)).map(|v| v.trim().to_owned()).unwrap_or_default()
        };

        let mut problems = Vec::new();
        let mut rows = Vec::new();
        for (index, row) in table.rows.iter().enumerate() {
            let line = u32::try_from(index + 2).unwrap_or(u32::MAX);
            let text = cell(row, columns.text);
            if text.is_empty() {
                if row.iter().any(|c| !c.trim().is_empty()) {
                    problems
                        .push(RowProblem { line, message: "pas de texte : la ligne est ignorée.".into() });
                }
                continue;
            }
            let category_text = cell(row, columns.category);
            let category = if category_text.is_empty() {
                None
            } else {
                let folded = fold(&category_text);
                let found = categories
                    .iter()
                    .find(|(name, _)| *name == folded || (folded.len() >= 4 && name.starts_with(&folded)))
                    .map(|(_, id)| *id);
                if found.is_none() {
                    problems.push(RowProblem {
                        line,
                        message: format!(
                            "catégorie « {category_text} » inconnue : contribution importée sans catégorie."
                        ),
                    });
                }
                found
            };
            let mut stakes = Vec::new();
            for part in cell(row, columns.stakes).split([';', ',', ' ', '/']).filter(|p| !p.is_empty()) {
                match part.trim_start_matches('#').parse::<usize>().ok().and_then(|n| n.checked_sub(1)) {
                    Some(n) if n < overview.stakes.len() => stakes.push(overview.stakes[n].id),
                    _ => problems.push(RowProblem {
                        line,
                        message: format!(
                            "enjeu « {part} » inconnu (les enjeux vont de 1 à {}).",
                            overview.stakes.len()
                        ),
                    }),
                }
            }
            let kind_text = cell(row, columns.structure_type);
            let attribution = match structure_type_for(&kind_text) {
                Some(kind) => AttributeTo::Structure(kind),
                None => AttributeTo::Anonymous,
            };
            let votes_text = cell(row, columns.votes);
            let votes = match votes_text.parse::<u32>() {
                Ok(n) => n,
                Err(_) if votes_text.is_empty() => 0,
                Err(_) => {
                    problems.push(RowProblem {
                        line,
                        message: format!("« {votes_text} » n'est pas un nombre de votes : ignoré."),
                    });
                    0
                }
            };
            rows.push((text, category, stakes, attribution, cell(row, columns.group), votes));
        }

        let phase = self.current_phase(workshop)?;
        let (added, created, voted, dots) = self.write(|tx| {
            let (mut added, mut created, mut voted, mut dots) = (0u32, 0u32, 0u32, 0u32);
            let mut position: i64 = tx.connection().query_row(
                "SELECT count(*) FROM cluster WHERE workshop_id = ?1",
                [workshop],
                |r| r.get(0),
            )?;
            for (text, category, stakes, attribution, group, votes) in &rows {
                let id = edit::add_contribution(
                    tx,
                    workshop,
                    &NewContribution { text, category: *category, phase, stakes, attribution: *attribution },
                )?;
                added += 1;
                if !group.is_empty() {
                    let key = fold(group);
                    let cluster = match clusters.get(&key) {
                        Some(cluster) => *cluster,
                        None => {
                            let cluster = tx.insert_record(
                                &schema::CLUSTER,
                                Some(workshop),
                                &[("name", group.as_str().into()), ("position", position.into())],
                            )?;
                            position += 1;
                            created += 1;
                            clusters.insert(key, cluster);
                            cluster
                        }
                    };
                    tx.add_to_set(
                        &schema::CLUSTER_MEMBER,
                        &[("cluster_id", cluster.into()), ("contribution_id", id.into())],
                    )?;
                }
                if *votes > 0 {
                    voted += 1;
                    dots = dots.saturating_add(*votes);
                    // Counted on the other tool's board: a wall tally on the contribution.
                    tx.add_to_set(
                        &schema::CONTRIBUTION_VOTE,
                        &[
                            ("contribution_id", id.into()),
                            ("participant_id", None::<Uuid>.into()),
                            ("dots", i64::from(*votes).into()),
                        ],
                    )?;
                }
            }
            Ok((added, created, voted, dots))
        })?;
        problems.sort_by_key(|p| p.line);
        Ok(ContributionImportReport { added, clusters_created: created, voted, dots, problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    const KLAXOON: &str = "Idée;Catégorie;Auteur;Enjeux;Groupe;Votes\n\
        Un tiers-lieu pour les assos;Besoin;Nadia F.;2;Lieux;4\n\
        ;Constat;Paul;;;\n\
        Des locaux trop chers;Difficulté;Jean;\"1, 9\";Lieux;2\n\
        Un annuaire des structures;Truc;Léa;#3;;x\n";

    #[test]
    fn headers_of_other_tools_are_recognised() {
        let headers: Vec<String> = "Reflection;Prompt;Group;Votes".split(';').map(String::from).collect();
        let guessed = guess_contribution_columns(&headers);
        assert_eq!(
            (guessed.text, guessed.category, guessed.group, guessed.votes),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let headers: Vec<String> = KLAXOON.lines().next().unwrap().split(';').map(String::from).collect();
        let guessed = guess_contribution_columns(&headers);
        assert_eq!(
            (guessed.text, guessed.category, guessed.stakes, guessed.group),
            (Some(0), Some(1), Some(3), Some(4))
        );
        assert_eq!(guessed.structure_type, None, "« Auteur » names people: it is never mapped by itself");
    }

    #[test]
    fn a_klaxoon_board_joins_the_workshop_with_groups_votes_and_a_reason_per_bad_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 3)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let before = store.workshop_detail(workshop).unwrap().contributions.len();
        let headers: Vec<String> = KLAXOON.lines().next().unwrap().split(';').map(String::from).collect();
        let columns = guess_contribution_columns(&headers);
        let report = store.import_contributions(workshop, KLAXOON.as_bytes(), &columns).unwrap();

        assert_eq!(report.added, 3, "{report:?}");
        assert_eq!(report.clusters_created, 1, "« Lieux » once");
        assert_eq!((report.voted, report.dots), (2, 6), "4 and 2 dots; « x » is not a vote");
        let lines: Vec<u32> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 5], "no text; stake 9; unknown category and votes « x »: {report:?}");

        let detail = store.workshop_detail(workshop).unwrap();
        assert_eq!(detail.contributions.len(), before + 3);
        let place = detail.contributions.iter().find(|c| c.text == "Un tiers-lieu pour les assos").unwrap();
        assert!(place.category_id.is_some() && place.stake_ids.len() == 1);
        assert!(
            matches!(place.attribution, crate::view::Attribution::Anonymous),
            "the other tool's author is not carried over"
        );
        let board = store.board(workshop).unwrap();
        let lieux = board.clusters.iter().find(|c| c.name == "Lieux").unwrap();
        assert_eq!(lieux.member_ids.len(), 2, "both rows of the group");
        let results = store.vote_results(workshop).unwrap();
        assert_eq!(results.ranking[0].label, "Un tiers-lieu pour les assos");
        assert_eq!(results.ranking[0].dots, 4);
    }

    #[test]
    fn a_board_file_is_previewed_with_its_columns_guessed_and_imported_from_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let board = dir.path().join("klaxoon.csv");
        std::fs::write(&board, KLAXOON).unwrap();
        let preview = preview_contributions_csv_file(&board).unwrap();
        assert_eq!(preview.row_count, 4);
        assert_eq!(preview.sample[0][0], "Un tiers-lieu pour les assos");
        assert_eq!((preview.guessed.text, preview.guessed.votes), (Some(0), Some(5)));
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 3)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let report = store.import_contributions_file(workshop, &board, &preview.guessed).unwrap();
        assert_eq!(report.added, 3, "the file is read like its bytes");
        let relative = store.import_contributions_file(workshop, Path::new("klaxoon.csv"), &preview.guessed);
        assert!(
            relative.unwrap_err().to_string().contains("chemin complet"),
            "the shared file reader's reasons"
        );
    }
}
