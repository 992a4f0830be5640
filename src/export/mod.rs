//! Exports of the diagnostic for spreadsheets and documents: the workshops, every
//! contribution with its context, and the people who took part.
//!
//! Invariants:
//! - A participant's name leaves the app only in a named export and only if they agreed to be
//!   named; otherwise attribution is by type of structure. Names of people who did not agree
//!   are also hidden inside contribution text.
//! - An anonymous export contains no name, organisation, e-mail address or phone number, in
//!   its columns or inside the text (see [`redact`]); attribution is by type of structure only.
//! - Deleted contributions and workshops are never exported.
//! - Dates are shown in French, in Europe/Paris time.
//! - A file is written beside its destination, flushed, then renamed: a crash never leaves a
//!   half-written export under the requested name, and an existing file is replaced only when
//!   asked.

pub mod redact;
pub mod table;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use uuid::Uuid;

use crate::store::{Store, StoreError};
use crate::view::{Attribution, WorkshopSummary};
use redact::Redactor;
use table::Table;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Le classeur n'a pas pu être écrit : {0}")]
    Spreadsheet(#[from] rust_xlsxwriter::XlsxError),
    #[error("« {} » existe déjà : choisissez un autre nom ou demandez à le remplacer.", .0.display())]
    AlreadyExists(PathBuf),
    #[error("Impossible d'écrire « {} » : {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Report(#[from] crate::report::pdf::ReportError),
    #[error("Cette version de Récolte a été construite sans le rapport PDF : exportez-le en HTML.")]
    PdfUnavailable,
}

/// Everything the diagnostic can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DiagnosticExportFormat {
    /// The restitution report, typeset.
    Pdf,
    /// The restitution report, one self-contained page.
    Html,
    /// The contributions, for a French spreadsheet.
    Csv,
    /// Workshops, contributions and participants, one sheet each.
    Xlsx,
    Md,
}

/// An export read from the store, turned into bytes without it (typesetting a report takes a
/// moment that other windows should not wait for).
pub enum PreparedExport {
    Report { report: Box<crate::report::Report>, format: DiagnosticExportFormat, day: chrono::NaiveDate },
    Ready(Vec<u8>),
}

impl PreparedExport {
    pub fn into_bytes(self) -> Result<Vec<u8>, ExportError> {
        match self {
            PreparedExport::Ready(bytes) => Ok(bytes),
            PreparedExport::Report { report, format: DiagnosticExportFormat::Pdf, day } => {
                #[cfg(feature = "pdf")]
                return Ok(crate::report::pdf::render(&report, day)?);
                #[cfg(not(feature = "pdf"))]
                {
                    let _ = (report, day);
                    Err(ExportError::PdfUnavailable)
                }
            }
            PreparedExport::Report { report, .. } => Ok(crate::report::html::render(&report).into_bytes()),
        }
    }
}

/// Whether people may be named (those who agreed) or nobody is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    Named,
    Anonymous,
}

/// The tabular formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// The contributions table only: one CSV file is one table.
    Csv,
    Xlsx,
    Markdown,
}

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "27 novembre 2026" from `YYYY-MM-DD`; the text as given if it is not a date.
pub fn french_day(date: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(day) => format!("{} {} {}", day.day(), MONTHS[day.month0() as usize], day.year()),
        Err(_) => date.to_owned(),
    }
}

/// "mardi 24 novembre 2026, 18 h 00", in Paris; the text as stored if it is not a date.
pub fn french_date_time(rfc3339: &str) -> String {
    let Ok(at) = DateTime::parse_from_rfc3339(rfc3339) else { return rfc3339.to_owned() };
    let local = at.with_timezone(&Utc).with_timezone(&chrono_tz::Europe::Paris);
    format!(
        "{} {} {} {}, {} h {:02}",
        WEEKDAYS[local.weekday().num_days_from_monday() as usize],
        local.day(),
        MONTHS[local.month0() as usize],
        local.year(),
        local.hour(),
        local.minute()
    )
}

fn subject(workshop: &WorkshopSummary) -> String {
    workshop.territory.clone().or_else(|| workshop.theme.clone()).unwrap_or_default()
}

fn kind_label(workshop: &WorkshopSummary) -> &'static str {
    match workshop.kind {
        crate::model::WorkshopKind::Territorial => "Territorial",
        crate::model::WorkshopKind::Thematic => "Thématique",
    }
}

impl Store {
    /// The names that must not leave the app: everyone's in an anonymous export, those of
    /// people who did not agree to be named otherwise.
    pub(crate) fn names_to_hide(
        &self,
        diagnostic: Uuid,
        privacy: Privacy,
    ) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.connection().prepare(
            "SELECT name FROM participant
              WHERE diagnostic_id = ?1 AND deleted = 0 AND name IS NOT NULL
                AND (?2 OR consent_named = 0 OR erased_stamp IS NOT NULL)",
        )?;
        let names = stmt
            .query_map(rusqlite::params![diagnostic, privacy == Privacy::Anonymous], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// The diagnostic as tables: workshops, contributions, participants.
    pub fn export_tables(&self, diagnostic: Uuid, privacy: Privacy) -> Result<Vec<Table>, StoreError> {
        let overview = self.diagnostic_overview(diagnostic)?;
        let redactor = Redactor::new(self.names_to_hide(diagnostic, privacy)?.iter().map(String::as_str));
        let text = |value: &str| match privacy {
            Privacy::Anonymous => redactor.redact(value),
            // Only names are hidden: a named export is for the team that ran the workshops.
            Privacy::Named => redactor.redact_names(value),
        };
        let stakes: HashMap<Uuid, String> =
            overview.stakes.iter().map(|s| (s.id, format!("{}. {}", s.number, s.label))).collect();
        let categories: HashMap<Uuid, &str> =
            overview.categories.iter().map(|c| (c.id, c.label.as_str())).collect();

        let mut workshops = Table {
            title: "Ateliers".into(),
            headers: [
                "Atelier",
                "Type",
                "Territoire ou thème",
                "Date",
                "Lieu",
                "Participant·es",
                "Contributions",
            ]
            .map(String::from)
            .to_vec(),
            rows: Vec::new(),
        };
        let mut contributions = Table {
            title: "Contributions".into(),
            headers: [
                "Atelier",
                "Territoire ou thème",
                "Date",
                "Séquence",
                "Catégorie",
                "Enjeux",
                "Contribution",
                "Attribution",
            ]
            .map(String::from)
            .to_vec(),
            rows: Vec::new(),
        };
        let mut people = Table {
            title: "Participant·es".into(),
            headers: if privacy == Privacy::Named {
                ["Atelier", "Nom", "Organisation", "Type de structure", "Rôle"].map(String::from).to_vec()
            } else {
                ["Atelier", "Type de structure", "Rôle"].map(String::from).to_vec()
            },
            rows: Vec::new(),
        };
        for summary in &overview.workshops {
            let detail = self.workshop_detail(summary.id)?;
            let when = summary.starts_at.as_deref().map(french_date_time).unwrap_or_default();
            workshops.rows.push(vec![
                summary.title.clone(),
                kind_label(summary).into(),
                subject(summary),
                when.clone(),
                summary.place.clone(),
                detail.participants.len().to_string(),
                detail.contributions.len().to_string(),
            ]);
            let phases: HashMap<Uuid, &str> =
                detail.phases.iter().map(|p| (p.id, p.title.as_str())).collect();
            for contribution in &detail.contributions {
                let attribution = match &contribution.attribution {
                    Attribution::Anonymous => String::new(),
                    Attribution::Structure { structure_type } => structure_type.label_fr().into(),
                    Attribution::Participant { participant_id, name, structure_type } => {
                        let consented = detail
                            .participants
                            .iter()
                            .any(|p| p.id == *participant_id && p.consent_named && p.name.is_some());
                        match name {
                            Some(name) if privacy == Privacy::Named && consented => name.clone(),
                            _ => structure_type.label_fr().into(),
                        }
                    }
                };
                contributions.rows.push(vec![
                    summary.title.clone(),
                    subject(summary),
                    when.clone(),
                    contribution
                        .phase_id
                        .and_then(|p| phases.get(&p))
                        .map(|t| (*t).to_owned())
                        .unwrap_or_default(),
                    contribution
                        .category_id
                        .and_then(|c| categories.get(&c))
                        .map(|l| (*l).to_owned())
                        .unwrap_or_default(),
                    contribution
                        .stake_ids
                        .iter()
                        .filter_map(|s| stakes.get(s).cloned())
                        .collect::<Vec<_>>()
                        .join(" ; "),
                    text(&contribution.text),
                    attribution,
                ]);
            }
            for participant in &detail.participants {
                let kind = participant.structure_type.label_fr().to_owned();
                let role = participant.role.label_fr().to_owned();
                people.rows.push(match privacy {
                    Privacy::Named => vec![
                        summary.title.clone(),
                        participant.name.clone().filter(|_| participant.consent_named).unwrap_or_default(),
                        participant.organisation.clone().unwrap_or_default(),
                        kind,
                        role,
                    ],
                    Privacy::Anonymous => vec![summary.title.clone(), kind, role],
                });
            }
        }
        Ok(vec![workshops, contributions, people])
    }

    /// What an export of `diagnostic` in `format` needs from the store, on `today`.
    pub fn prepare_export(
        &self,
        diagnostic: Uuid,
        format: DiagnosticExportFormat,
        privacy: Privacy,
        today: chrono::NaiveDate,
    ) -> Result<PreparedExport, ExportError> {
        let table = |format| self.export_bytes(diagnostic, format, privacy).map(PreparedExport::Ready);
        match format {
            DiagnosticExportFormat::Pdf | DiagnosticExportFormat::Html => Ok(PreparedExport::Report {
                report: Box::new(self.report(diagnostic, privacy, &today.format("%Y-%m-%d").to_string())?),
                format,
                day: today,
            }),
            DiagnosticExportFormat::Csv => table(TableFormat::Csv),
            DiagnosticExportFormat::Xlsx => table(TableFormat::Xlsx),
            DiagnosticExportFormat::Md => table(TableFormat::Markdown),
        }
    }

    /// The diagnostic in `format`, ready to be written to a file.
    pub fn export_bytes(
        &self,
        diagnostic: Uuid,
        format: TableFormat,
        privacy: Privacy,
    ) -> Result<Vec<u8>, ExportError> {
        let tables = self.export_tables(diagnostic, privacy)?;
        Ok(match format {
            TableFormat::Csv => table::to_csv(&tables[1]),
            TableFormat::Xlsx => table::to_xlsx(&tables)?,
            TableFormat::Markdown => {
                let title = self.diagnostic_overview(diagnostic)?.title;
                table::to_markdown(&title, &tables).into_bytes()
            }
        })
    }
}

/// Writes `bytes` to `destination` through a temporary file beside it, flushed then renamed.
pub fn write_file(bytes: &[u8], destination: &Path, replace: bool) -> Result<(), ExportError> {
    let io = |source| ExportError::Io { path: destination.to_path_buf(), source };
    if !replace && destination.exists() {
        return Err(ExportError::AlreadyExists(destination.to_path_buf()));
    }
    let folder = destination.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::Builder::new().prefix(".recolte-export-").tempfile_in(folder).map_err(io)?;
    temporary.write_all(bytes).map_err(io)?;
    temporary.as_file().sync_all().map_err(io)?;
    if replace {
        temporary.persist(destination).map_err(|e| io(e.error))?;
    } else {
        // Refuses, rather than replaces, a file that appeared meanwhile.
        temporary.persist_noclobber(destination).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => ExportError::AlreadyExists(destination.to_path_buf()),
            _ => io(e.error),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sources;

    #[test]
    fn formats_arrive_as_the_ui_names_them() {
        for (text, format) in [
            ("pdf", DiagnosticExportFormat::Pdf),
            ("html", DiagnosticExportFormat::Html),
            ("csv", DiagnosticExportFormat::Csv),
            ("xlsx", DiagnosticExportFormat::Xlsx),
            ("md", DiagnosticExportFormat::Md),
        ] {
            let parsed: DiagnosticExportFormat =
                serde_json::from_value(serde_json::json!(text)).expect("a format the UI sends");
            assert_eq!(parsed, format, "the UI and the command line send {text:?}");
        }
    }

    #[test]
    fn dates_are_french_and_in_paris_time_across_daylight_saving() {
        assert_eq!(french_date_time("2026-11-24T17:00:00Z"), "mardi 24 novembre 2026, 18 h 00");
        assert_eq!(french_date_time("2011-06-09T07:30:00Z"), "jeudi 9 juin 2011, 9 h 30");
        assert_eq!(french_date_time("pas une date"), "pas une date");
        assert_eq!(french_day("2011-06-09"), "9 juin 2011");
    }

    fn demo_with_people() -> (tempfile::TempDir, Store, Uuid) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 9)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let attendee = |name: &str, consent: bool| crate::plan::NewAttendee {
            name: name.into(),
            organisation: Some("Régie de quartier Nord".into()),
            structure_type: crate::model::StructureType::Association,
            role: crate::model::ParticipantRole::SseActor,
            email: Some(format!("{}@exemple.fr", name.to_lowercase().replace(' ', "."))),
            consent_named: consent,
        };
        store.add_attendee(workshop, &attendee("Nadia Ferrand", true)).unwrap();
        store.add_attendee(workshop, &attendee("Louis Garnier", false)).unwrap();
        store
            .capture(workshop, "@Nadia Voir avec Louis Garnier, louis@exemple.fr ou 06 12 34 56 78")
            .unwrap();
        store.capture(workshop, "@Louis =SOMME(A1:A9) un lieu partagé").unwrap();
        (dir, store, diagnostic)
    }

    fn cells(tables: &[Table]) -> String {
        tables.iter().flat_map(|t| t.rows.iter().flatten()).cloned().collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_named_export_names_only_people_who_agreed() {
        let (_dir, store, diagnostic) = demo_with_people();
        let tables = store.export_tables(diagnostic, Privacy::Named).unwrap();
        let all = cells(&tables);
        assert!(all.contains("Nadia Ferrand"), "she agreed to be named");
        assert!(!all.contains("Louis") && !all.contains("Garnier"), "he did not: {all}");
        let row = tables[1].rows.iter().find(|r| r[6].contains("Voir avec")).unwrap();
        assert_eq!(row[7], "Nadia Ferrand", "her contribution is attributed to her");
        assert!(row[6].contains("Voir avec [nom]"), "his name is hidden in her text: {row:?}");
    }

    #[test]
    fn an_anonymous_export_has_no_name_organisation_email_or_phone() {
        let (_dir, store, diagnostic) = demo_with_people();
        let tables = store.export_tables(diagnostic, Privacy::Anonymous).unwrap();
        let all = cells(&tables);
        for personal in ["Nadia", "Ferrand", "Louis", "Garnier", "@exemple.fr", "06 12", "Régie de quartier"]
        {
            assert!(!all.contains(personal), "{personal:?} must not leave an anonymous export:\n{all}");
        }
        let row = tables[1].rows.iter().find(|r| r[6].contains("Voir avec")).unwrap();
        assert_eq!(row[7], "Association", "attribution by type of structure only");
        assert_eq!(row[6], "Voir avec [nom], [courriel] ou [téléphone]");
        assert_eq!(tables[2].headers, ["Atelier", "Type de structure", "Rôle"], "no name column at all");
    }

    #[test]
    fn the_french_csv_neutralises_a_formula_typed_as_a_contribution() {
        let (_dir, store, diagnostic) = demo_with_people();
        let csv = store.export_bytes(diagnostic, TableFormat::Csv, Privacy::Anonymous).unwrap();
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert!(text.contains(";'=SOMME(A1:A9) un lieu partagé;"), "{text}");
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        write_file(b"un", &path, false).unwrap();
        assert!(matches!(write_file(b"deux", &path, false), Err(ExportError::AlreadyExists(_))));
        assert_eq!(std::fs::read(&path).unwrap(), b"un", "the refused write left the file as it was");
        write_file(b"deux", &path, true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"deux");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left beside the export");
    }
}
