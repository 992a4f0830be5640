//! The synthesis of a diagnostic across its workshops: what was discussed where (coverage),
//! who took part (participation), and what the rooms put first (priorities).
//!
//! Invariants:
//! - Only live records count: deleted workshops, contributions, stakes, clusters and removed
//!   set entries (stakes of a contribution, attendance, votes) never do.
//! - A contribution marked as a duplicate of another counts once, through its original.
//! - Priorities are normalised by what each room could give: an item's score is its dots
//!   divided by the tokens available in its workshop (participants present × tokens each, or
//!   the dots counted when no budget was set), so a workshop of 40 people does not drown one
//!   of 8. Scores are between 0 and 1 whatever the workshop's size.
//! - An item ranks high in a workshop when it is among the workshop's first
//!   [`HIGH_RANK`] ranks; items of several workshops whose labels are the same once accents,
//!   case and punctuation are ignored are recognised as one priority.
//! - Every figure is computed with the same filter: territory, theme, stake, workshop, period.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::capture::fold;
use crate::model::StructureType;
use crate::store::{Result, Store};

/// Ranks up to this one count as "ranked high" in a workshop.
pub const HIGH_RANK: u32 = 3;

/// Which workshops and contributions the synthesis looks at; `None` is "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SynthesisFilter {
    pub territory_id: Option<Uuid>,
    pub theme_id: Option<Uuid>,
    /// Contributions about this stake only.
    pub stake_id: Option<Uuid>,
    pub workshop_id: Option<Uuid>,
    /// `YYYY-MM-DD`, inclusive, in Paris; workshops with no date are left out of a period.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Contribution counts of stakes (rows) by territories or themes (columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CoverageMatrix {
    /// "1. Intitulé de l'enjeu", in the diagnostic's order.
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u32>>,
    /// The largest count, to scale a heat map.
    pub max: u32,
}

/// A label and a count, for bar charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LabelCount {
    pub label: String,
    pub count: u32,
}

/// Participation per territory or theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SubjectParticipation {
    pub subject: String,
    pub workshops: u32,
    pub participants: u32,
    pub contributions: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Participation {
    pub workshops: u32,
    /// Distinct people present in at least one workshop.
    pub participants: u32,
    pub contributions: u32,
    pub by_structure_type: Vec<LabelCount>,
    pub by_category: Vec<LabelCount>,
    pub by_territory: Vec<SubjectParticipation>,
    pub by_theme: Vec<SubjectParticipation>,
}

/// One item's place in one workshop's vote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorkshopRank {
    pub workshop_id: Uuid,
    pub workshop_title: String,
    pub dots: u32,
    pub rank: u32,
    /// Dots over the tokens available in the workshop, between 0 and 1.
    pub score: f64,
}

/// A priority across workshops: the same label voted on in one or more workshops.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Priority {
    pub label: String,
    /// The sum of the normalised scores: what the rooms together gave it.
    pub score: f64,
    /// In how many workshops it ranked in the first [`HIGH_RANK`].
    pub high_in: u32,
    pub workshops: Vec<WorkshopRank>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Synthesis {
    pub by_territory: CoverageMatrix,
    pub by_theme: CoverageMatrix,
    pub participation: Participation,
    /// Best score first.
    pub priorities: Vec<Priority>,
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The workshops the filter keeps, as a SQL condition on `w` with the filter's parameters
/// `?1`..`?6` (territory, theme, workshop, from, to, diagnostic).
const WORKSHOP_FILTER: &str = "w.diagnostic_id = ?6 AND w.deleted = 0
    AND (?1 IS NULL OR w.territory_id = ?1) AND (?2 IS NULL OR w.theme_id = ?2)
    AND (?3 IS NULL OR w.id = ?3)
    AND (?4 IS NULL OR (w.starts_at IS NOT NULL AND substr(w.starts_at, 1, 10) >= ?4))
    AND (?5 IS NULL OR (w.starts_at IS NOT NULL AND substr(w.starts_at, 1, 10) <= ?5))";

/// The contributions the filter keeps (live, not duplicates, of a kept workshop, about the
/// filter's stake if any) as a SQL condition on `c`, with `?7` the stake.
const CONTRIBUTION_FILTER: &str = "c.deleted = 0 AND c.duplicate_of IS NULL
    AND (?7 IS NULL OR EXISTS (SELECT 1 FROM contribution_stake fs
                                WHERE fs.contribution_id = c.id AND fs.stake_id = ?7
                                  AND fs.removed_stamp IS NULL))";

impl Store {
    /// Everything the synthesis dashboard shows, for one filter.
    pub fn synthesis(&self, diagnostic: Uuid, filter: &SynthesisFilter) -> Result<Synthesis> {
        let overview = self.diagnostic_overview(diagnostic)?;
        // Dates are compared on the UTC day: close enough for workshops held in the daytime.
        let params = rusqlite::params![
            filter.territory_id,
            filter.theme_id,
            filter.workshop_id,
            filter.from,
            filter.to,
            diagnostic,
            filter.stake_id
        ];
        let conn = self.connection();

        // Coverage: one pass over (stake, territory, theme) counts.
        // Contribution counts by (stake, territory) and by (stake, theme), from one pass.
        let mut coverage: HashMap<(Uuid, Uuid), u32> = HashMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT cs.stake_id, w.territory_id, w.theme_id, count(DISTINCT c.id)
               FROM workshop w
               JOIN contribution c ON c.workshop_id = w.id
               JOIN contribution_stake cs ON cs.contribution_id = c.id AND cs.removed_stamp IS NULL
              WHERE {WORKSHOP_FILTER} AND {CONTRIBUTION_FILTER}
              GROUP BY cs.stake_id, w.territory_id, w.theme_id"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let stake: Uuid = row.get(0)?;
            let n = count(row.get(3)?);
            for subject in
                [row.get::<_, Option<Uuid>>(1)?, row.get::<_, Option<Uuid>>(2)?].into_iter().flatten()
            {
                *coverage.entry((stake, subject)).or_default() += n;
            }
        }
        let stake_rows: Vec<String> =
            overview.stakes.iter().map(|s| format!("{}. {}", s.number, s.label)).collect();
        let matrix = |columns: Vec<(Uuid, String)>| {
            let counts: Vec<Vec<u32>> = overview
                .stakes
                .iter()
                .map(|stake| {
                    columns
                        .iter()
                        .map(|(column, _)| coverage.get(&(stake.id, *column)).copied().unwrap_or(0))
                        .collect()
                })
                .collect();
            let max = counts.iter().flatten().copied().max().unwrap_or(0);
            CoverageMatrix {
                rows: stake_rows.clone(),
                columns: columns.into_iter().map(|(_, l)| l).collect(),
                counts,
                max,
            }
        };
        let by_territory = matrix(overview.territories.iter().map(|t| (t.id, t.name.clone())).collect());
        let by_theme = matrix(overview.themes.iter().map(|t| (t.id, t.name.clone())).collect());

        let participation = self.participation(&overview, params)?;
        let priorities = self.priorities(params)?;
        Ok(Synthesis { by_territory, by_theme, participation, priorities })
    }

    fn participation(
        &self,
        overview: &crate::view::DiagnosticOverview,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Participation> {
        let conn = self.connection();
        // The kept workshops, who attended them, and how many contributions each received;
        // totals per territory and theme are gathered from these.
        let mut subject_of: HashMap<Uuid, (Option<Uuid>, Option<Uuid>)> = HashMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT w.id, w.territory_id, w.theme_id FROM workshop w WHERE {WORKSHOP_FILTER} AND ?7 IS ?7"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            subject_of.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
        }
        let mut attendees: Vec<(Uuid, Uuid)> = Vec::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT DISTINCT w.id, a.participant_id FROM workshop w
               JOIN attendance a ON a.workshop_id = w.id AND a.removed_stamp IS NULL
               JOIN participant p ON p.id = a.participant_id AND p.deleted = 0
              WHERE {WORKSHOP_FILTER} AND ?7 IS ?7"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            attendees.push((row.get(0)?, row.get(1)?));
        }
        let mut contributions_in: HashMap<Uuid, u32> = HashMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT w.id, count(*) FROM workshop w JOIN contribution c ON c.workshop_id = w.id
              WHERE {WORKSHOP_FILTER} AND {CONTRIBUTION_FILTER} GROUP BY w.id"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            contributions_in.insert(row.get(0)?, count(row.get(1)?));
        }
        let people: HashSet<Uuid> = attendees.iter().map(|(_, person)| *person).collect();

        let mut by_type: BTreeMap<String, u32> = BTreeMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT p.structure_type, count(DISTINCT p.id) FROM workshop w
               JOIN attendance a ON a.workshop_id = w.id AND a.removed_stamp IS NULL
               JOIN participant p ON p.id = a.participant_id AND p.deleted = 0
              WHERE {WORKSHOP_FILTER} AND ?7 IS ?7
              GROUP BY p.structure_type"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let code: String = row.get(0)?;
            by_type.insert(code, count(row.get(1)?));
        }
        let by_structure_type = StructureType::ALL
            .iter()
            .filter_map(|kind| {
                by_type.get(kind.code()).map(|n| LabelCount { label: kind.label_fr().into(), count: *n })
            })
            .collect();

        let mut by_category_id: HashMap<Option<Uuid>, u32> = HashMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT c.category_id, count(*) FROM workshop w JOIN contribution c ON c.workshop_id = w.id
              WHERE {WORKSHOP_FILTER} AND {CONTRIBUTION_FILTER} GROUP BY c.category_id"
        ))?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            by_category_id.insert(row.get(0)?, count(row.get(1)?));
        }
        let mut by_category: Vec<LabelCount> = overview
            .categories
            .iter()
            .filter_map(|c| {
                by_category_id.get(&Some(c.id)).map(|n| LabelCount { label: c.label.clone(), count: *n })
            })
            .collect();
        if let Some(n) = by_category_id.get(&None) {
            by_category.push(LabelCount { label: "Sans catégorie".into(), count: *n });
        }

        // Per territory and per theme: workshops, distinct people, contributions.
        let subject_keys = |workshop: &Uuid| {
            let (territory, theme) = subject_of[workshop];
            [territory.map(|t| (true, t)), theme.map(|t| (false, t))].into_iter().flatten()
        };
        let mut per_subject: HashMap<(bool, Uuid), (u32, HashSet<Uuid>, u32)> = HashMap::new();
        for workshop in subject_of.keys() {
            for key in subject_keys(workshop) {
                let entry = per_subject.entry(key).or_default();
                entry.0 += 1;
                entry.2 += contributions_in.get(workshop).copied().unwrap_or(0);
            }
        }
        for (workshop, person) in &attendees {
            for key in subject_keys(workshop) {
                per_subject.entry(key).or_default().1.insert(*person);
            }
        }
        let subjects = |territory: bool, list: Vec<(Uuid, String)>| -> Vec<SubjectParticipation> {
            list.into_iter()
                .filter_map(|(id, subject)| {
                    per_subject.get(&(territory, id)).map(|(workshops, people, contributions)| {
                        SubjectParticipation {
                            subject,
                            workshops: *workshops,
                            participants: count(people.len() as i64),
                            contributions: *contributions,
                        }
                    })
                })
                .collect()
        };
        Ok(Participation {
            workshops: count(subject_of.len() as i64),
            participants: count(people.len() as i64),
            contributions: contributions_in.values().sum(),
            by_structure_type,
            by_category,
            by_territory: subjects(
                true,
                overview.territories.iter().map(|t| (t.id, t.name.clone())).collect(),
            ),
            by_theme: subjects(false, overview.themes.iter().map(|t| (t.id, t.name.clone())).collect()),
        })
    }

    fn priorities(&self, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Priority>> {
        let conn = self.connection();
        // Dots per item and workshop, with what the workshop could give.
        let mut stmt = conn.prepare_cached(&format!(
            "WITH kept AS (SELECT w.id, w.title, w.token_budget,
                                  (SELECT count(DISTINCT a.participant_id) FROM attendance a
                                     JOIN participant p ON p.id = a.participant_id AND p.deleted = 0
                                    WHERE a.workshop_id = w.id AND a.removed_stamp IS NULL) AS present
                             FROM workshop w WHERE {WORKSHOP_FILTER} AND ?7 IS ?7),
                  dots AS (SELECT c.workshop_id, c.text AS label, sum(v.dots) AS dots
                             FROM kept
                             JOIN contribution c ON c.workshop_id = kept.id AND c.deleted = 0
                             JOIN contribution_vote v ON v.contribution_id = c.id AND v.removed_stamp IS NULL
                            GROUP BY c.id
                           UNION ALL
                           SELECT k.workshop_id, k.name, sum(v.dots)
                             FROM kept
                             JOIN cluster k ON k.workshop_id = kept.id AND k.deleted = 0
                             JOIN cluster_vote v ON v.cluster_id = k.id AND v.removed_stamp IS NULL
                            GROUP BY k.id)
             SELECT kept.id, kept.title, kept.token_budget * kept.present,
                    (SELECT sum(d2.dots) FROM dots d2 WHERE d2.workshop_id = kept.id),
                    dots.label, dots.dots
               FROM dots JOIN kept ON kept.id = dots.workshop_id
              ORDER BY kept.id, dots.dots DESC, dots.label"
        ))?;
        let mut by_label: HashMap<String, Priority> = HashMap::new();
        let mut rows = stmt.query(params)?;
        let mut current: Option<Uuid> = None;
        let (mut index, mut rank, mut previous_dots) = (0u32, 0u32, None);
        while let Some(row) = rows.next()? {
            let workshop: Uuid = row.get(0)?;
            if current != Some(workshop) {
                current = Some(workshop);
                (index, rank, previous_dots) = (0, 0, None);
            }
            let available: i64 = row.get(2)?;
            let counted: i64 = row.get(3)?;
            let label: String = row.get(4)?;
            let dots = count(row.get(5)?);
            index += 1;
            if previous_dots != Some(dots) {
                rank = index;
                previous_dots = Some(dots);
            }
            let denominator = if available > 0 { available } else { counted.max(1) };
            let score = f64::from(dots) / denominator as f64;
            let key = fold(&label)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let priority = by_label.entry(key).or_insert_with(|| Priority {
                label: label.clone(),
                score: 0.0,
                high_in: 0,
                workshops: Vec::new(),
            });
            priority.score += score;
            if rank <= HIGH_RANK {
                priority.high_in += 1;
            }
            priority.workshops.push(WorkshopRank {
                workshop_id: workshop,
                workshop_title: row.get(1)?,
                dots,
                rank,
                score,
            });
        }
        let mut priorities: Vec<Priority> = by_label.into_values().collect();
        priorities.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then(b.high_in.cmp(&a.high_in)).then_with(|| a.label.cmp(&b.label))
        });
        Ok(priorities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::VoteTarget;
    use crate::model::{ParticipantRole, WorkshopKind};
    use crate::plan::{NewAttendee, WorkshopPlan};
    use crate::store::Sources;

    struct Fixture {
        _dir: tempfile::TempDir,
        store: Store,
        diagnostic: Uuid,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), Sources::fixed(1_700_000_000_000, 5)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        Fixture { _dir: dir, store, diagnostic }
    }

    impl Fixture {
        /// A territorial workshop of `people` attendees with `tokens` dots each.
        fn workshop(&mut self, title: &str, territory: usize, people: usize, tokens: u32) -> Uuid {
            let territory =
                self.store.diagnostic_overview(self.diagnostic).unwrap().territories[territory].id;
            let plan = WorkshopPlan {
                kind: WorkshopKind::Territorial,
                territory_id: Some(territory),
                theme_id: None,
                title: title.into(),
                starts_at: Some("2026-11-24T17:00:00Z".into()),
                ends_at: None,
                place: "Salle des fêtes".into(),
                facilitators: vec![],
                token_budget: tokens,
            };
            let workshop = self.store.create_workshop(self.diagnostic, &plan, &[]).unwrap();
            for n in 0..people {
                let kind = if n % 2 == 0 { StructureType::Association } else { StructureType::Resident };
                let attendee = NewAttendee {
                    name: format!("Personne {title} {n}"),
                    organisation: None,
                    structure_type: kind,
                    role: ParticipantRole::Citizen,
                    email: None,
                    consent_named: false,
                };
                self.store.add_attendee(workshop, &attendee).unwrap();
            }
            workshop
        }

        fn voted(&mut self, workshop: Uuid, line: &str, dots: u32) -> Uuid {
            let id = self.store.capture(workshop, line).unwrap().contribution;
            self.store.record_tally(workshop, VoteTarget::Contribution(id), dots).unwrap();
            id
        }

        fn synthesis(&self, filter: &SynthesisFilter) -> Synthesis {
            self.store.synthesis(self.diagnostic, filter).unwrap()
        }
    }

    #[test]
    fn a_small_room_weighs_as_much_as_a_big_one() {
        let mut f = fixture();
        let small = f.workshop("Petit atelier", 0, 8, 3);
        let big = f.workshop("Grand atelier", 1, 40, 3);
        f.voted(small, "Une navette solidaire", 12);
        f.voted(big, "Un guichet logement", 30);
        f.voted(big, "Une navette vers la gare", 90);
        let all = f.synthesis(&SynthesisFilter::default());
        let score = |label: &str| all.priorities.iter().find(|p| p.label == label).unwrap().score;
        assert!((score("Une navette solidaire") - 0.5).abs() < 1e-9, "12 of the 24 dots of 8 people × 3");
        assert!((score("Un guichet logement") - 0.25).abs() < 1e-9, "30 of the 120 dots of 40 people × 3");
        assert!(
            score("Une navette solidaire") > score("Un guichet logement"),
            "fewer dots, but half of what its room could give"
        );
    }

    #[test]
    fn the_same_item_ranked_high_in_two_workshops_is_one_priority() {
        let mut f = fixture();
        let north = f.workshop("Atelier nord", 0, 4, 3);
        let south = f.workshop("Atelier sud", 1, 4, 3);
        f.voted(north, "Un tiers-lieu", 6);
        f.voted(north, "Des jardins partagés", 6);
        f.voted(south, "UN TIERS LIEU !", 9);
        f.voted(south, "Une recyclerie", 3);
        let all = f.synthesis(&SynthesisFilter::default());
        let shared = &all.priorities[0];
        assert_eq!(
            shared.workshops.len(),
            2,
            "accents, case and punctuation aside, it is one item: {all:#?}"
        );
        assert_eq!(shared.high_in, 2, "first in both rooms");
        assert!((shared.score - (0.5 + 0.75)).abs() < 1e-9, "6/12 in the north, 9/12 in the south");
        let ranks: Vec<u32> = shared.workshops.iter().map(|w| w.rank).collect();
        assert_eq!(ranks, [1, 1], "tied first in the north, alone first in the south");
    }

    #[test]
    fn coverage_counts_live_contributions_once_by_stake_and_territory() {
        let mut f = fixture();
        let before = f.synthesis(&SynthesisFilter::default());
        let workshop = f.workshop("Atelier", 2, 3, 3);
        let first = f.store.capture(workshop, "Un lieu ressource #1 #3").unwrap().contribution;
        let again = f.store.capture(workshop, "Un lieu ressource, redit #1").unwrap().contribution;
        f.store.mark_duplicate(again, Some(first)).unwrap();
        let gone = f.store.capture(workshop, "Supprimé #1").unwrap().contribution;
        f.store.set_contribution_deleted(gone, true).unwrap();
        f.store.capture(workshop, "Sans enjeu").unwrap();
        let after = f.synthesis(&SynthesisFilter::default());
        let delta = |row: usize| after.by_territory.counts[row][2] - before.by_territory.counts[row][2];
        assert_eq!(delta(0), 1, "stake 1: the original only, not its duplicate nor the deleted one");
        assert_eq!(delta(2), 1, "stake 3");
        assert_eq!(delta(1), 0, "stake 2 was not discussed there");
        assert_eq!(after.by_territory.rows.len(), 6, "the six stakes are the rows");
        assert!(after.by_territory.max >= after.by_territory.counts[0][2]);

        let only =
            f.synthesis(&SynthesisFilter { workshop_id: Some(workshop), ..SynthesisFilter::default() });
        assert_eq!(only.participation.workshops, 1);
        assert_eq!(only.participation.participants, 3);
        assert_eq!(
            only.participation.contributions, 2,
            "original and uncategorised; no duplicate, no deleted"
        );
        let types: Vec<(String, u32)> =
            only.participation.by_structure_type.iter().map(|t| (t.label.clone(), t.count)).collect();
        assert_eq!(types, [("Association".to_owned(), 2), ("Habitant·e".to_owned(), 1)]);
        let territory = &only.participation.by_territory;
        assert_eq!(territory.len(), 1, "one territory held this workshop: {territory:?}");
        assert_eq!(
            (territory[0].workshops, territory[0].participants, territory[0].contributions),
            (1, 3, 2)
        );
    }

    #[test]
    fn filters_by_stake_and_period_narrow_every_figure() {
        let mut f = fixture();
        let workshop = f.workshop("Atelier", 0, 2, 3);
        f.store.capture(workshop, "Mobilité #2").unwrap();
        f.store.capture(workshop, "Logement #4").unwrap();
        let stake = f.store.diagnostic_overview(f.diagnostic).unwrap().stakes[1].id;
        let filter = SynthesisFilter {
            workshop_id: Some(workshop),
            stake_id: Some(stake),
            ..SynthesisFilter::default()
        };
        let about_stake = f.synthesis(&filter);
        assert_eq!(about_stake.participation.contributions, 1, "only the contribution about stake 2");
        let outside = SynthesisFilter {
            workshop_id: Some(workshop),
            from: Some("2026-12-01".into()),
            ..SynthesisFilter::default()
        };
        assert_eq!(
            f.synthesis(&outside).participation.workshops,
            0,
            "the workshop was held before the period"
        );
        let inside =
            SynthesisFilter { from: Some("2026-11-24".into()), to: Some("2026-11-24".into()), ..outside };
        assert_eq!(f.synthesis(&inside).participation.workshops, 1, "the period's bounds are inclusive");
    }
}
