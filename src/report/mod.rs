//! The restitution report: the diagnostic written up for elected officials and participants,
//! as HTML (for the app and a browser) and as PDF (typeset by Typst, fonts embedded).
//!
//! Structure, as a territorial diagnostic is written: context and method, participation,
//! state of play per stake (strengths, difficulties, needs, observations, ideas),
//! inventory of initiatives, recommendations with the workshops they come from, priorities,
//! annexes (workshops, coverage by theme).
//!
//! Invariants:
//! - One model ([`Report`]) feeds both outputs, so HTML and PDF say the same thing.
//! - Quotes are attributed by type of structure, never by name; names, e-mail addresses and
//!   phone numbers inside quotes are hidden as the export's [`Privacy`] says; contacts of
//!   initiatives are never printed.
//! - The report summarises: per stake and category it quotes at most [`QUOTES_PER_GROUP`]
//!   contributions (the most voted, then the most repeated) and says how many others there
//!   are, so its length does not grow with the number of contributions.
//! - The date written on the report is passed in.

pub mod charts;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use crate::export::redact::Redactor;
use crate::export::{french_date_time, french_day, Privacy};
use crate::store::{Result, Store};
use crate::synthesis::{CoverageMatrix, Participation, Priority, SynthesisFilter};

/// At most this many quotes per stake and category.
pub const QUOTES_PER_GROUP: usize = 6;
/// At most this many priorities in the report.
pub const PRIORITIES_SHOWN: usize = 12;

/// The report's categories of contributions, in the order a diagnostic presents them:
/// (category codes, heading).
const GROUPS: &[(&[&str], &str)] = &[
    (&["atout"], "Atouts"),
    (&["difficulte"], "Difficultés"),
    (&["besoin"], "Besoins"),
    (&["constat"], "Constats"),
    (&["idee", "preconisation"], "Idées et pistes"),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub text: String,
    /// The type of structure, or empty when anonymous.
    pub attribution: String,
    pub workshop: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteGroup {
    pub heading: String,
    pub quotes: Vec<Quote>,
    /// How many more contributions of this group the report does not quote.
    pub others: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StakeSection {
    pub number: u32,
    pub label: String,
    pub contributions: u32,
    /// Territories and themes where it was never discussed.
    pub never_discussed_in: Vec<String>,
    pub groups: Vec<QuoteGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkshopLine {
    pub title: String,
    pub kind: String,
    pub subject: String,
    pub when: String,
    pub place: String,
    pub participants: u32,
    pub contributions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeLine {
    pub name: String,
    pub legal_form: String,
    pub sector: String,
    pub commune: String,
    pub jobs: Option<i64>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecommendationLine {
    pub title: String,
    pub body: String,
    pub status: String,
    pub audience: String,
    pub stakes: Vec<String>,
    /// "Issue des ateliers X, Y".
    pub from_workshops: Vec<String>,
    pub sources: Vec<Quote>,
}

/// Charts as standalone SVG documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Charts {
    pub coverage_by_territory: String,
    pub coverage_by_theme: String,
    pub structures: String,
    pub categories: String,
    pub priorities: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub description: String,
    /// "d'avril à juin 2011", or empty.
    pub period: String,
    /// "27 novembre 2026".
    pub written_on: String,
    pub anonymous: bool,
    pub method: Vec<String>,
    pub stakes_list: Vec<String>,
    pub participation: Participation,
    pub workshops: Vec<WorkshopLine>,
    pub stakes: Vec<StakeSection>,
    pub coverage_by_territory: CoverageMatrix,
    pub coverage_by_theme: CoverageMatrix,
    pub initiatives: Vec<InitiativeLine>,
    pub recommendations: Vec<RecommendationLine>,
    pub priorities: Vec<Priority>,
    pub charts: Charts,
}

fn french_period(start: Option<&str>, end: Option<&str>) -> String {
    match (start, end) {
        (Some(start), Some(end)) => format!("du {} au {}", french_day(start), french_day(end)),
        (Some(start), None) => format!("depuis le {}", french_day(start)),
        (None, Some(end)) => format!("jusqu'au {}", french_day(end)),
        (None, None) => String::new(),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

impl Store {
    /// The report's content for `diagnostic`, written on `today` (`YYYY-MM-DD`).
    pub fn report(&self, diagnostic: Uuid, privacy: Privacy, today: &str) -> Result<Report> {
        let overview = self.diagnostic_overview(diagnostic)?;
        let synthesis = self.synthesis(diagnostic, &SynthesisFilter::default())?;
        let redactor = self.redactor_for(diagnostic, privacy)?;
        let hide = |text: &str| match privacy {
            Privacy::Anonymous => redactor.redact(text),
            Privacy::Named => redactor.redact_names(text),
        };
        let conn = self.connection();

        let workshops: Vec<WorkshopLine> = overview
            .workshops
            .iter()
            .map(|w| WorkshopLine {
                title: w.title.clone(),
                kind: match w.kind {
                    crate::model::WorkshopKind::Territorial => "Territorial".into(),
                    crate::model::WorkshopKind::Thematic => "Thématique".into(),
                },
                subject: w.territory.clone().or_else(|| w.theme.clone()).unwrap_or_default(),
                when: w.starts_at.as_deref().map(french_date_time).unwrap_or_else(|| "date à fixer".into()),
                place: w.place.clone(),
                participants: w.participant_count,
                contributions: w.contribution_count,
            })
            .collect();

        // Every live original contribution with its stakes, category, workshop, votes and
        // how many times it was repeated: the quotes are chosen among these.
        struct Candidate {
            text: String,
            attribution: String,
            workshop: String,
            category: String,
            weight: (i64, i64),
        }
        let mut stakes_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT cs.contribution_id, cs.stake_id FROM contribution_stake cs
               JOIN contribution c ON c.id = cs.contribution_id AND c.deleted = 0 AND c.duplicate_of IS NULL
               JOIN workshop w ON w.id = c.workshop_id AND w.deleted = 0 AND w.diagnostic_id = ?1
              WHERE cs.removed_stamp IS NULL",
        )?;
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            stakes_of.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        // Votes and repetitions per contribution, counted once each rather than per row.
        let mut weight_of: HashMap<Uuid, (i64, i64)> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT v.contribution_id, sum(v.dots) FROM contribution_vote v
               JOIN contribution c ON c.id = v.contribution_id
               JOIN workshop w ON w.id = c.workshop_id AND w.diagnostic_id = ?1
              WHERE v.removed_stamp IS NULL GROUP BY v.contribution_id",
        )?;
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            weight_of.entry(row.get(0)?).or_default().0 = row.get(1)?;
        }
        let mut stmt = conn.prepare(
            "SELECT d.duplicate_of, count(*) FROM contribution d
               JOIN workshop w ON w.id = d.workshop_id AND w.diagnostic_id = ?1
              WHERE d.deleted = 0 AND d.duplicate_of IS NOT NULL GROUP BY d.duplicate_of",
        )?;
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            weight_of.entry(row.get(0)?).or_default().1 = row.get(1)?;
        }
        let mut stmt = conn.prepare(
            "SELECT c.id, c.text, coalesce(p.structure_type, c.structure_type), w.title, coalesce(k.code, '')
               FROM contribution c
               JOIN workshop w ON w.id = c.workshop_id AND w.deleted = 0 AND w.diagnostic_id = ?1
               LEFT JOIN participant p ON p.id = c.participant_id
               LEFT JOIN category k ON k.id = c.category_id AND k.deleted = 0
              WHERE c.deleted = 0 AND c.duplicate_of IS NULL",
        )?;
        let mut by_stake: HashMap<Uuid, Vec<Candidate>> = HashMap::new();
        let mut rows = stmt.query([diagnostic])?;
        while let Some(row) = rows.next()? {
            let id: Uuid = row.get(0)?;
            let Some(stakes) = stakes_of.get(&id) else { continue };
            let kind: Option<String> = row.get(2)?;
            let attribution = kind
                .as_deref()
                .and_then(crate::model::StructureType::from_code)
                .map(|k| k.label_fr().to_owned())
                .unwrap_or_default();
            for stake in stakes {
                by_stake.entry(*stake).or_default().push(Candidate {
                    text: row.get(1)?,
                    attribution: attribution.clone(),
                    workshop: row.get(3)?,
                    category: row.get(4)?,
                    weight: weight_of.get(&id).copied().unwrap_or_default(),
                });
            }
        }

        let subjects: Vec<&String> =
            synthesis.by_territory.columns.iter().chain(synthesis.by_theme.columns.iter()).collect();
        let stakes: Vec<StakeSection> = overview
            .stakes
            .iter()
            .enumerate()
            .map(|(index, stake)| {
                let mut candidates = by_stake.remove(&stake.id).unwrap_or_default();
                candidates.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.text.cmp(&b.text)));
                let groups = GROUPS
                    .iter()
                    .filter_map(|(codes, heading)| {
                        let all: Vec<&Candidate> =
                            candidates.iter().filter(|c| codes.contains(&c.category.as_str())).collect();
                        (!all.is_empty()).then(|| QuoteGroup {
                            heading: (*heading).into(),
                            quotes: all
                                .iter()
                                .take(QUOTES_PER_GROUP)
                                .map(|c| Quote {
                                    text: hide(&c.text),
                                    attribution: c.attribution.clone(),
                                    workshop: c.workshop.clone(),
                                })
                                .collect(),
                            others: u32::try_from(all.len().saturating_sub(QUOTES_PER_GROUP))
                                .unwrap_or(u32::MAX),
                        })
                    })
                    .collect();
                let counts = synthesis.by_territory.counts[index]
                    .iter()
                    .chain(synthesis.by_theme.counts[index].iter());
                let never_discussed_in =
                    counts.zip(&subjects).filter(|(n, _)| **n == 0).map(|(_, s)| (*s).clone()).collect();
                StakeSection {
                    number: stake.number,
                    label: stake.label.clone(),
                    contributions: u32::try_from(candidates.len()).unwrap_or(u32::MAX),
                    never_discussed_in,
                    groups,
                }
            })
            .collect();

        let initiatives = self.report_initiatives(diagnostic)?;
        let stake_names: HashMap<Uuid, String> =
            overview.stakes.iter().map(|s| (s.id, format!("{}. {}", s.number, s.label))).collect();
        let recommendations = self.report_recommendations(diagnostic, &stake_names, &hide)?;
        let priorities: Vec<Priority> = synthesis.priorities.iter().take(PRIORITIES_SHOWN).cloned().collect();

        let p = &synthesis.participation;
        let method = vec![
            format!(
                "Ce diagnostic a réuni {} au cours de {} ({} territoriaux, {} thématiques), où {} ont été recueillies.",
                plural(p.participants, "personne", "personnes"),
                plural(p.workshops, "atelier", "ateliers"),
                workshops.iter().filter(|w| w.kind == "Territorial").count(),
                workshops.iter().filter(|w| w.kind != "Territorial").count(),
                plural(p.contributions, "contribution", "contributions"),
            ),
            "Chaque atelier a suivi le même déroulé : accueil et tour de table, état des lieux, besoins, \
             pistes et préconisations, puis priorisation par vote à gommettes. Les contributions ont été \
             saisies en direct, rattachées aux enjeux du diagnostic et regroupées avec les participant·es."
                .into(),
            "Les priorités sont rapportées aux gommettes dont disposait chaque atelier, afin qu'un atelier \
             nombreux ne pèse pas plus qu'un petit. Les citations sont attribuées par type de structure."
                .into(),
        ];

        let coverage_rows: Vec<String> = overview.stakes.iter().map(|s| s.number.to_string()).collect();
        let charts = Charts {
            coverage_by_territory: charts::heat_map(
                "Contributions par enjeu et par territoire",
                &coverage_rows,
                &synthesis.by_territory.columns,
                &synthesis.by_territory.counts,
            ),
            coverage_by_theme: charts::heat_map(
                "Contributions par enjeu et par thème",
                &coverage_rows,
                &synthesis.by_theme.columns,
                &synthesis.by_theme.counts,
            ),
            structures: charts::bar_chart(
                "Participant·es par type de structure",
                &p.by_structure_type
                    .iter()
                    .map(|t| (t.label.clone(), f64::from(t.count)))
                    .collect::<Vec<_>>(),
                |v| format!("{v:.0}"),
            ),
            categories: charts::bar_chart(
                "Contributions par catégorie",
                &p.by_category.iter().map(|t| (t.label.clone(), f64::from(t.count))).collect::<Vec<_>>(),
                |v| format!("{v:.0}"),
            ),
            priorities: (!priorities.is_empty()).then(|| {
                charts::bar_chart(
                    "Priorités (part des gommettes disponibles)",
                    &priorities.iter().map(|p| (hide(&p.label), p.score)).collect::<Vec<_>>(),
                    |v| format!("{:.0} %", v * 100.0),
                )
            }),
        };

        Ok(Report {
            title: overview.title.clone(),
            description: overview.description.clone(),
            period: french_period(overview.period_start.as_deref(), overview.period_end.as_deref()),
            written_on: french_day(today),
            anonymous: privacy == Privacy::Anonymous,
            method,
            stakes_list: overview.stakes.iter().map(|s| format!("{}. {}", s.number, s.label)).collect(),
            participation: synthesis.participation.clone(),
            workshops,
            stakes,
            coverage_by_territory: synthesis.by_territory,
            coverage_by_theme: synthesis.by_theme,
            initiatives,
            recommendations,
            priorities: priorities
                .into_iter()
                .map(|mut p| {
                    p.label = hide(&p.label);
                    p
                })
                .collect(),
            charts,
        })
    }

    fn redactor_for(&self, diagnostic: Uuid, privacy: Privacy) -> Result<Redactor> {
        let names = self.names_to_hide(diagnostic, privacy)?;
        Ok(Redactor::new(names.iter().map(String::as_str)))
    }

    fn report_initiatives(&self, diagnostic: Uuid) -> Result<Vec<InitiativeLine>> {
        let mut stmt = self.connection().prepare(
            "SELECT name, legal_form, sector, commune, jobs, description FROM initiative
              WHERE diagnostic_id = ?1 AND deleted = 0 AND merged_into IS NULL AND erased_stamp IS NULL
              ORDER BY commune, name",
        )?;
        let lines = stmt
            .query_map([diagnostic], |row| {
                Ok(InitiativeLine {
                    name: row.get(0)?,
                    legal_form: row.get(1)?,
                    sector: row.get(2)?,
                    commune: row.get(3)?,
                    jobs: row.get(4)?,
                    description: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(lines)
    }

    fn report_recommendations(
        &self,
        diagnostic: Uuid,
        stake_names: &HashMap<Uuid, String>,
        hide: &dyn Fn(&str) -> String,
    ) -> Result<Vec<RecommendationLine>> {
        Ok(self
            .recommendations(diagnostic)?
            .into_iter()
            .map(|r| RecommendationLine {
                title: hide(&r.title),
                body: hide(&r.body),
                status: r.status.label_fr().into(),
                audience: hide(&r.audience),
                stakes: r.stake_ids.iter().filter_map(|s| stake_names.get(s).cloned()).collect(),
                from_workshops: r.from_workshops,
                sources: r
                    .sources
                    .into_iter()
                    .map(|s| Quote {
                        text: hide(&s.text),
                        attribution: String::new(),
                        workshop: s.workshop_title,
                    })
                    .collect(),
            })
            .collect())
    }
}
