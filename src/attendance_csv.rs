//! Importing a sign-up list from a spreadsheet (CSV) as a workshop's attendees.
//!
//! French spreadsheets export CSV with `;` as separator and often in Windows-1252, not
//! UTF-8; both are recognised. Columns are mapped by the user, starting from a guess made
//! from the headers ("Nom", "Structure", "Courriel"…).
//! Invariants: a bad row never stops the others; each is reported with its line number as
//! the spreadsheet shows it (the header is line 1) and what to fix; nothing is written
//! unless at least the name is readable; a refusal of the whole file (unreadable, no name
//! column, a broken line) comes before any row is written; the rows are written in one
//! transaction (all the readable ones, or none if the disk fails).
//! Importing the same list twice registers nobody twice: a row naming someone already
//! attending the workshop (accents, case and spacing aside) is counted, not added.

use std::collections::HashSet;
use std::path::Path;

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

impl CsvTable {
    /// The first rows, which a mapping screen shows to check the columns.
    pub fn sample(&self) -> Vec<Vec<String>> {
        self.rows.iter().take(PREVIEW_ROWS).cloned().collect()
    }

    pub fn row_count(&self) -> u32 {
        u32::try_from(self.rows.len()).unwrap_or(u32::MAX)
    }
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
    /// Rows naming someone already registered at the workshop (or earlier in the list),
    /// left out so that importing a list twice registers nobody twice.
    pub already_registered: u32,
    pub problems: Vec<RowProblem>,
}

/// How many rows a preview shows to check the mapping.
pub const PREVIEW_ROWS: usize = 10;

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

/// The first column whose header is one of `words` (folded), or starts or ends with one.
pub fn find_column(headers: &[String], words: &[&str]) -> Option<u32> {
    headers
        .iter()
        .position(|h| {
            let h = fold(h);
            words.iter().any(|w| h == *w || h.starts_with(&format!("{w} ")) || h.ends_with(&format!(" {w}")))
        })
        .and_then(|i| u32::try_from(i).ok())
}

/// The mapping a person would pick, from the usual French header names.
pub fn guess_columns(headers: &[String]) -> AttendeeColumns {
    let find = |words: &[&str]| find_column(headers, words);
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
    /// Imports a sign-up list into `workshop`, in one transaction: every readable row becomes
    /// an attendee, unless the workshop already has someone of that name (accents and case
    /// aside); the other rows are reported with their line and what was wrong.
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
        let diagnostic = self.workshop_diagnostic(workshop)?;
        let mut present: HashSet<String> = self
            .connection()
            .prepare(
                "SELECT p.name FROM attendance a JOIN participant p ON p.id = a.participant_id
                  WHERE a.workshop_id = ?1 AND a.removed_stamp IS NULL AND p.deleted = 0 AND p.name IS NOT NULL",
            )?
            .query_map([workshop], |row| row.get::<_, String>(0))?
            .map(|name| name.map(|name| fold_name(&name)))
            .collect::<rusqlite::Result<_>>()?;
        let (added, already_registered, refused) = self.write(|tx| {
            let (mut added, mut already, mut refused) = (0u32, 0u32, Vec::new());
            for (line, attendee) in &attendees {
                if !present.insert(fold_name(&attendee.name)) {
                    already += 1;
                    continue;
                }
                // A row the rules refuse leaves nothing behind (not even its organisation).
                tx.connection().execute_batch("SAVEPOINT attendee_row")?;
                match crate::plan::register_attendee(tx, diagnostic, workshop, attendee) {
                    Ok(_) => {
                        tx.connection().execute_batch("RELEASE attendee_row")?;
                        added += 1;
                    }
                    Err(StoreError::InvalidInput(message)) => {
                        tx.connection().execute_batch("ROLLBACK TO attendee_row; RELEASE attendee_row")?;
                        refused.push(RowProblem { line: *line, message });
                    }
                    Err(other) => return Err(other),
                }
            }
            Ok((added, already, refused))
        })?;
        problems.extend(refused);
        problems.sort_by_key(|p| p.line);
        Ok(AttendeeImportReport { added, already_registered, problems })
    }
}

/// A name as compared for duplicates: folded, with single spaces.
fn fold_name(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Larger than any sign-up list or exported board: such a file was most likely picked by
/// mistake.
const MAX_LIST_BYTES: u64 = 5 * 1024 * 1024;

/// Reads the CSV file at `path` (a sign-up list, a board exported by another tool), as
/// picked or typed by the user, with a French reason when it cannot be (relative path,
/// missing file, a folder, no permission, far too large, a workbook).
pub fn read_csv_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return Err(StoreError::InvalidInput(
            "Indiquez le fichier CSV : tapez son chemin ou cliquez sur « Choisir… ».".into(),
        ));
    }
    if !path.is_absolute() {
        return Err(StoreError::InvalidInput(format!(
            "« {shown} » n'est pas un chemin complet : indiquez le fichier depuis la racine du disque, \
             ou cliquez sur « Choisir… »."
        )));
    }
    let unreadable = |error: std::io::Error| {
        StoreError::InvalidInput(match error.kind() {
            std::io::ErrorKind::NotFound => {
                format!("Le fichier « {shown} » n'existe pas : vérifiez le chemin.")
            }
            std::io::ErrorKind::PermissionDenied => {
                format!("Récolte n'a pas le droit de lire « {shown} » : copiez-le dans vos Documents.")
            }
            _ => format!("Impossible de lire « {shown} » ({error})."),
        })
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(StoreError::InvalidInput(format!(
            "« {shown} » est un dossier : choisissez le fichier CSV qu'il contient."
        )));
    }
    if metadata.len() > MAX_LIST_BYTES {
        return Err(StoreError::InvalidInput(format!(
            "« {shown} » est bien trop gros pour un fichier CSV à importer ({} Mo) : est-ce le bon fichier ?",
            metadata.len() / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    // .xlsx and .ods files are zip archives: decoded as text they would preview as noise.
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(StoreError::InvalidInput(format!(
            "« {shown} » est un classeur (.xlsx ou .ods), pas un fichier CSV : dans le tableur, \
             choisissez « Enregistrer sous… » puis le type « CSV » (séparateur point-virgule)."
        )));
    }
    Ok(bytes)
}

/// The preview of the list at `path`; see [`read_csv_file`] and [`preview_csv`].
pub fn preview_csv_file(path: &Path) -> Result<CsvPreview> {
    preview_csv(&read_csv_file(path)?)
}

impl Store {
    /// Imports the list at `path`; see [`read_csv_file`] and [`Store::import_attendees`].
    pub fn import_attendees_file(
        &mut self,
        workshop: Uuid,
        path: &Path,
        columns: &AttendeeColumns,
    ) -> Result<AttendeeImportReport> {
        let bytes = read_csv_file(path)?;
        self.import_attendees(workshop, &bytes, columns)
    }
}

/// What the mapping screen needs from a file.
pub fn preview_csv(bytes: &[u8]) -> Result<CsvPreview> {
    let table = read_csv(bytes)?;
    Ok(CsvPreview {
        guessed: guess_columns(&table.headers),
        sample: table.sample(),
        row_count: table.row_count(),
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

        let again = store.import_attendees(workshop, TOWN_HALL_LIST.as_bytes(), &columns).unwrap();
        assert_eq!(
            (again.added, again.already_registered),
            (0, 2),
            "the same list a second time adds nobody"
        );
        assert_eq!(store.workshop_detail(workshop).unwrap().participants.len(), before + 2);
        let organisations: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM organisation WHERE name = 'Coop''Vélo; atelier'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(organisations, 0, "the refused row left no organisation behind");
    }

    #[test]
    fn a_list_file_is_read_from_an_absolute_path_with_a_french_reason_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("emargement.csv");
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(TOWN_HALL_LIST);
        std::fs::write(&list, &latin1).unwrap();
        assert_eq!(preview_csv_file(&list).unwrap().row_count, 4, "the file is read like its bytes");
        let refusals = [
            (Path::new(""), "Indiquez"),
            (Path::new("emargement.csv"), "chemin complet"),
            (dir.path(), "dossier"),
        ];
        for (path, expected) in refusals {
            let message = read_csv_file(path).unwrap_err().to_string();
            assert!(message.contains(expected), "{path:?}: {message}");
        }
        let missing = dir.path().join("absent.csv");
        let message = read_csv_file(&missing).unwrap_err().to_string();
        assert!(message.contains("n'existe pas") && message.contains("absent.csv"), "{message}");
        assert_eq!(
            read_csv_file(&missing).unwrap_err().kind(),
            crate::store::ErrorKind::InvalidInput,
            "a wrong path is the user's to fix, not a storage failure"
        );
    }

    #[test]
    fn a_spreadsheet_workbook_is_refused_with_how_to_save_it_as_csv() {
        let dir = tempfile::tempdir().unwrap();
        let workbook = dir.path().join("emargement.xlsx");
        // Every .xlsx and .ods file is a zip archive, which starts with these bytes.
        std::fs::write(&workbook, b"PK\x03\x04\x14\x00\x06\x00").unwrap();
        let message = preview_csv_file(&workbook).unwrap_err().to_string();
        assert!(
            message.contains("Enregistrer sous") && message.contains("CSV"),
            "the facilitator is told how to get a CSV out of the spreadsheet: {message}"
        );
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
