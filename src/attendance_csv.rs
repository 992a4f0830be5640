//! Importing a sign-up list from a spreadsheet (CSV) as a workshop's attendees.
//!
//! French spreadsheets export CSV with `;` as separator and often in Windows-1252, not
//! UTF-8; both are recognised. Columns are mapped by the user, starting from a guess made
//! from the headers ("Nom", "Structure", "Courriel"…).
//! Invariants: a bad row never stops the others; each is reported with its line number as
//! the spreadsheet shows it (the header is line 1) and what to fix; nothing is written
//! unless at least the name is readable.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::capture::fold;
use crate::model::{ParticipantRole, StructureType};
use crate::plan::NewAttendee;
use crate::store::{Result, Store, StoreError};

/// Which column (0-based) holds what; `None` when the list has no such column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendeeColumns {
    /// The full name, or the last name when `first_name` is set.
    pub name: Option<u32>,
    pub first_name: Option<u32>,
    pub organisation: Option<u32>,
    pub structure_type: Option<u32>,
    pub role: Option<u32>,
    pub email: Option<u32>,
    pub consent: Option<u32>,
}

/// A CSV file read into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What the mapping screen shows before importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CsvPreview {
    pub headers: Vec<String>,
    /// The first rows, to check the mapping.
    pub sample: Vec<Vec<String>>,
    pub row_count: u32,
    pub guessed: AttendeeColumns,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RowProblem {
    /// As the spreadsheet numbers it: the header is line 1.
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AttendeeImportReport {
    pub added: u32,
    pub problems: Vec<RowProblem>,
}

/// UTF-8 (with or without BOM), else Windows-1252, as French spreadsheets write.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Reads a CSV file, guessing the separator (`;`, `,` or tab) from its first line.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable> {
    let text = decode(bytes);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| StoreError::InvalidInput(format!("La première ligne du fichier est illisible ({e}).")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(StoreError::InvalidInput(
            "Le fichier est vide ou n'a pas de ligne d'en-tête (Nom ; Structure ; …).".into(),
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            StoreError::InvalidInput(format!(
                "Ligne {} illisible ({e}) : vérifiez les guillemets.",
                index + 2
            ))
        })?;
        rows.push(record.iter().map(|cell| cell.trim().to_string()).collect());
    }
    Ok(CsvTable { headers, rows })
}

/// The mapping a person would pick, from the usual French header names.
pub fn guess_columns(headers: &[String]) -> AttendeeColumns {
    let find = |words: &[&str]| -> Option<u32> {
        headers
            .iter()
            .position(|h| {
                let h = fold(h);
                words
                    .iter()
                    .any(|w| h == *w || h.starts_with(&format!("{w} ")) || h.ends_with(&format!(" {w}")))
            })
            .and_then(|i| u32::try_from(i).ok())
    };
    AttendeeColumns {
        name: find(&[
            "nom",
            "nom complet",
            "name",
            "participant",
            "participante",
            "nom prenom",
            "prenom nom",
        ]),
        first_name: find(&["prenom", "first name"]),
        organisation: find(&["structure", "organisation", "organisme", "association", "nom de la structure"]),
        structure_type: find(&["type", "type de structure", "statut", "forme"]),
        role: find(&["role", "qualite", "fonction"]),
        email: find(&["email", "e-mail", "courriel", "mail", "adresse electronique"]),
        consent: find(&["consentement", "accord", "nomme", "cite", "accepte d'etre nomme"]),
    }
}

fn role_for(text: &str) -> Option<ParticipantRole> {
    let folded = fold(text);
    [
        ("elu", ParticipantRole::ElectedOfficial),
        ("techn", ParticipantRole::Officer),
        ("agent", ParticipantRole::Officer),
        ("acteur", ParticipantRole::SseActor),
        ("salarie", ParticipantRole::SseActor),
        ("benevole", ParticipantRole::SseActor),
        ("citoyen", ParticipantRole::Citizen),
        ("habitant", ParticipantRole::Citizen),
    ]
    .into_iter()
    .find(|(start, _)| folded.starts_with(start))
    .map(|(_, role)| role)
}

fn yes(text: &str) -> bool {
    matches!(fold(text).as_str(), "oui" | "o" | "x" | "1" | "vrai" | "yes" | "y" | "d'accord" | "accord")
}

/// The attendees a table holds under `columns`, and the rows that could not be read.
pub fn attendees_from(
    table: &CsvTable,
    columns: &AttendeeColumns,
) -> (Vec<(u32, NewAttendee)>, Vec<RowProblem>) {
    let mut attendees = Vec::new();
    let mut problems = Vec::new();
    for (index, row) in table.rows.iter().enumerate() {
        let line = u32::try_from(index + 2).unwrap_or(u32::MAX);
        let cell = |column: Option<u32>| -> &str {
            column.and_then(|c| row.get(c as usize)).map(String::as_str).unwrap_or_default()
        };
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let name = match columns.first_name {
            Some(_) => format!("{} {}", cell(columns.first_name), cell(columns.name)).trim().to_string(),
            None => cell(columns.name).to_string(),
        };
        if name.is_empty() {
            problems.push(RowProblem { line, message: "pas de nom : la ligne est ignorée.".into() });
            continue;
        }
        let type_text = cell(columns.structure_type);
        let structure_type = if type_text.is_empty() {
            StructureType::Other
        } else {
            match crate::capture::structure_type_for(type_text) {
                Some(kind) => kind,
                None => {
                    problems.push(RowProblem {
                        line,
                        message: format!(
                            "type de structure « {type_text} » inconnu : « Autre » retenu pour {name}."
                        ),
                    });
                    StructureType::Other
                }
            }
        };
        let role_text = cell(columns.role);
        let role = if role_text.is_empty() {
            ParticipantRole::Citizen
        } else {
            role_for(role_text).unwrap_or_else(|| {
                problems.push(RowProblem {
                    line,
                    message: format!("rôle « {role_text} » inconnu : « Citoyen·ne » retenu pour {name}."),
                });
                ParticipantRole::Citizen
            })
        };
        let organisation = Some(cell(columns.organisation).to_string()).filter(|o| !o.is_empty());
        let email = Some(cell(columns.email).to_string()).filter(|e| !e.is_empty());
        let consent_named = yes(cell(columns.consent));
        attendees
            .push((line, NewAttendee { name, organisation, structure_type, role, email, consent_named }));
    }
    (attendees, problems)
}

impl Store {
    /// Imports a sign-up list into `workshop`: every readable row becomes an attendee; the
    /// others are reported with their line and what was wrong.
    pub fn import_attendees(
        &mut self,
        workshop: Uuid,
        bytes: &[u8],
        columns: &AttendeeColumns,
    ) -> Result<AttendeeImportReport> {
        if columns.name.is_none() {
            return Err(StoreError::InvalidInput("Indiquez quelle colonne contient le nom.".into()));
        }
        let table = read_csv(bytes)?;
        let (attendees, mut problems) = attendees_from(&table, columns);
        let mut added = 0u32;
        for (line, attendee) in attendees {
            match self.add_attendee(workshop, &attendee) {
                Ok(_) => added += 1,
                Err(StoreError::InvalidInput(message)) => problems.push(RowProblem { line, message }),
                Err(other) => return Err(other),
            }
        }
        problems.sort_by_key(|p| p.line);
        Ok(AttendeeImportReport { added, problems })
    }
}

/// What the mapping screen needs from a file.
pub fn preview_csv(bytes: &[u8]) -> Result<CsvPreview> {
    let table = read_csv(bytes)?;
    Ok(CsvPreview {
        guessed: guess_columns(&table.headers),
        sample: table.rows.iter().take(10).cloned().collect(),
        row_count: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        headers: table.headers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    const TOWN_HALL_LIST: &str =
        "Prénom;Nom;Structure;Type de structure;Rôle;Courriel;Accepte d'être nommé\n\
        Yasmine;Haddad;Les Jardins Partagés du Nord;Association;Acteur ESS;yasmine@example.org;oui\n\
        Paul;Azéma;;Habitant;Citoyen;;non\n\
        ;;Mairie;Collectivité;Élu;;\n\
        Léa;Martin;\"Coop'Vélo; atelier\";SCOP;bénévole;lea@;oui\n";

    #[test]
    fn a_french_spreadsheet_list_in_windows_1252_is_read_with_its_columns_guessed() {
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(TOWN_HALL_LIST);
        let preview = preview_csv(&latin1).unwrap();
        assert_eq!(preview.headers[0], "Prénom", "Windows-1252 accents are decoded");
        assert_eq!(preview.row_count, 4);
        assert_eq!(preview.sample[3][2], "Coop'Vélo; atelier", "a quoted cell may contain the separator");
        let guessed = preview.guessed;
        assert_eq!(
            (
                guessed.first_name,
                guessed.name,
                guessed.organisation,
                guessed.structure_type,
                guessed.role,
                guessed.email,
                guessed.consent
            ),
            (Some(0), Some(1), Some(2), Some(3), Some(4), Some(5), Some(6)),
            "every usual French header is recognised"
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), TOWN_HALL_LIST.as_bytes()].concat();
        assert_eq!(
            preview_csv(&with_bom).unwrap().headers[0],
            "Prénom",
            "a UTF-8 BOM is not part of the header"
        );
    }

    #[test]
    fn readable_rows_are_imported_and_each_bad_row_is_reported_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(0, 5)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let before = store.workshop_detail(workshop).unwrap().participants.len();
        let columns = guess_columns(&read_csv(TOWN_HALL_LIST.as_bytes()).unwrap().headers);
        let report = store.import_attendees(workshop, TOWN_HALL_LIST.as_bytes(), &columns).unwrap();
        assert_eq!(report.added, 2, "Yasmine and Paul are added");
        let lines: Vec<u32> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 5], "line 4 has no name, line 5 a bad email: {:?}", report.problems);
        assert!(report.problems[1].message.contains("lea@"), "the message quotes what to fix");
        let participants = store.workshop_detail(workshop).unwrap().participants;
        assert_eq!(participants.len(), before + 2);
        let yasmine = participants.iter().find(|p| p.name.as_deref() == Some("Yasmine Haddad")).unwrap();
        assert!(yasmine.consent_named && yasmine.structure_type == StructureType::Association);
        let paul = participants.iter().find(|p| p.name.as_deref() == Some("Paul Azéma")).unwrap();
        assert!(!paul.consent_named, "« non » is no consent");
    }

    #[test]
    fn a_file_without_header_or_name_column_is_refused_clearly() {
        assert!(read_csv(b"").unwrap_err().to_string().contains("en-tête"));
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(0, 6)).unwrap();
        let error =
            store.import_attendees(Uuid::nil(), TOWN_HALL_LIST.as_bytes(), &AttendeeColumns::default());
        assert!(error.unwrap_err().to_string().contains("colonne"), "the mapping must name the name column");
    }
}
