//! Queries that build the read models of [`crate::view`].
//!
//! Invariants: tombstoned records and removed set entries are never returned; an erased
//! participant's name is never returned; the room view names only people who agreed.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::model::{ParticipantRole, StructureType, WorkshopKind};
use crate::view::*;

fn split_lines(text: String) -> Vec<String> {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).map(String::from).collect()
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A stored code that this build does not know, e.g. written by a newer version.
fn decode<T>(code: &str, parse: impl Fn(&str) -> Option<T>, fallback: T) -> T {
    parse(code).unwrap_or(fallback)
}

const WORKSHOP_SUMMARY_SQL: &str = "
    SELECT w.id, w.kind, w.title, t.name, th.name, w.starts_at, w.ends_at, w.place, w.facilitators,
           (SELECT count(DISTINCT a.participant_id) FROM attendance a
              JOIN participant p ON p.id = a.participant_id AND p.deleted = 0
             WHERE a.workshop_id = w.id AND a.removed_stamp IS NULL),
           (SELECT count(*) FROM contribution c WHERE c.workshop_id = w.id AND c.deleted = 0)
      FROM workshop w
      LEFT JOIN territory t ON t.id = w.territory_id AND t.deleted = 0
      LEFT JOIN theme th ON th.id = w.theme_id AND th.deleted = 0
     WHERE w.deleted = 0";

fn workshop_summary(row: &Row<'_>) -> rusqlite::Result<WorkshopSummary> {
    let kind: String = row.get(1)?;
    Ok(WorkshopSummary {
        id: row.get(0)?,
        kind: decode(&kind, WorkshopKind::from_code, WorkshopKind::Thematic),
        title: row.get(2)?,
        territory: row.get(3)?,
        theme: row.get(4)?,
        starts_at: row.get(5)?,
        ends_at: row.get(6)?,
        place: row.get(7)?,
        facilitators: split_lines(row.get(8)?),
        participant_count: count(row.get(9)?),
        contribution_count: count(row.get(10)?),
    })
}

impl Store {
    pub fn list_diagnostics(&self) -> Result<Vec<DiagnosticSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.title, d.is_demo,
                    (SELECT count(*) FROM workshop w WHERE w.diagnostic_id = d.id AND w.deleted = 0)
               FROM diagnostic d WHERE d.deleted = 0 ORDER BY d.title COLLATE NOCASE, d.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(DiagnosticSummary {
                id: row.get(0)?,
                title: row.get(1)?,
                is_demo: row.get(2)?,
                workshop_count: count(row.get(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn diagnostic_overview(&self, id: Uuid) -> Result<DiagnosticOverview> {
        let conn = &self.conn;
        let head = conn
            .query_row(
                "SELECT title, description, period_start, period_end, is_demo
                   FROM diagnostic WHERE id = ?1 AND deleted = 0",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "Diagnostic", id })?;
        let (title, description, period_start, period_end, is_demo) = head;

        let stakes = query_all(
            conn,
            "SELECT id, label FROM stake WHERE diagnostic_id = ?1 AND deleted = 0 ORDER BY position, id",
            id,
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?
        .into_iter()
        .enumerate()
        .map(|(index, (id, label))| StakeView { id, number: count(index as i64 + 1), label })
        .collect();
        let territories = query_all(
            conn,
            "SELECT id, name, communes FROM territory WHERE diagnostic_id = ?1 AND deleted = 0 ORDER BY position, id",
            id,
            |row| Ok(TerritoryView { id: row.get(0)?, name: row.get(1)?, communes: split_lines(row.get(2)?) }),
        )?;
        let themes = query_all(
            conn,
            "SELECT id, name FROM theme WHERE diagnostic_id = ?1 AND deleted = 0 ORDER BY position, id",
            id,
            |row| Ok(ThemeView { id: row.get(0)?, name: row.get(1)? }),
        )?;
        let categories = query_all(
            conn,
            "SELECT id, code, label, shortcut FROM category WHERE diagnostic_id = ?1 AND deleted = 0 ORDER BY position, id",
            id,
            |row| Ok(CategoryView { id: row.get(0)?, code: row.get(1)?, label: row.get(2)?, shortcut: row.get(3)? }),
        )?;
        let workshops = query_all(
            conn,
            &format!("{WORKSHOP_SUMMARY_SQL} AND w.diagnostic_id = ?1 ORDER BY w.starts_at IS NULL, w.starts_at, w.id"),
            id,
            workshop_summary,
        )?;
        Ok(DiagnosticOverview {
            id,
            title,
            description,
            period_start,
            period_end,
            is_demo,
            stakes,
            territories,
            themes,
            categories,
            workshops,
        })
    }

    pub fn workshop_detail(&self, id: Uuid) -> Result<WorkshopDetail> {
        let conn = &self.conn;
        let (workshop, diagnostic_id) = self.workshop_head(id)?;
        let phases = query_all(
            conn,
            "SELECT id, title, question, duration_min FROM phase
              WHERE workshop_id = ?1 AND deleted = 0 ORDER BY position, id",
            id,
            |row| {
                Ok(PhaseView {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    question: row.get(2)?,
                    duration_min: count(row.get(3)?),
                })
            },
        )?;
        let contributions = self.contributions_matching("c.workshop_id = ?1 AND c.deleted = 0", id)?;
        let participants = self.participants_matching(
            "p.id IN (SELECT participant_id FROM attendance WHERE workshop_id = ?1 AND removed_stamp IS NULL)",
            id,
        )?;
        let token_budget: i64 =
            conn.query_row("SELECT token_budget FROM workshop WHERE id = ?1", [id], |row| row.get(0))?;
        Ok(WorkshopDetail {
            workshop,
            diagnostic_id,
            current_phase_id: self.current_phase(id)?,
            token_budget: u32::try_from(token_budget).unwrap_or(0),
            phases,
            contributions,
            participants,
        })
    }

    /// What the projector shows at `now_ms`: contributions with no names but those of people
    /// who agreed, the current phase's timer, the clusters and the vote ranking.
    pub fn room_view(&self, workshop_id: Uuid, now_ms: u64) -> Result<RoomView> {
        let (workshop, _) = self.workshop_head(workshop_id)?;
        let contributions = query_all(
            &self.conn,
            "SELECT c.id, c.text, cat.label,
                    CASE WHEN p.consent_named = 1 AND p.erased_stamp IS NULL AND p.deleted = 0 THEN p.name END,
                    coalesce(p.structure_type, c.structure_type)
               FROM contribution c
               LEFT JOIN category cat ON cat.id = c.category_id AND cat.deleted = 0
               LEFT JOIN participant p ON p.id = c.participant_id
              WHERE c.workshop_id = ?1 AND c.deleted = 0
              ORDER BY c.id",
            workshop_id,
            |row| {
                let named: Option<String> = row.get(3)?;
                let kind: Option<String> = row.get(4)?;
                let attributed_to = named.or_else(|| {
                    kind.as_deref().and_then(StructureType::from_code).map(|t| t.label_fr().to_string())
                });
                Ok(RoomContribution { id: row.get(0)?, text: row.get(1)?, category_label: row.get(2)?, attributed_to })
            },
        )?;
        let current_phase = self.current_phase(workshop_id)?;
        let phase = match current_phase {
            Some(phase) => self
                .conn
                .query_row(
                    "SELECT title, question FROM phase WHERE id = ?1 AND deleted = 0",
                    [phase],
                    |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
                )
                .optional()?,
            None => None,
        };
        let (phase_title, phase_question) = match phase {
            Some((title, question)) => (Some(title), Some(question).filter(|q| !q.is_empty())),
            None => (None, None),
        };
        // A timer left over from another phase would show the wrong countdown.
        let timer = self.timer(workshop_id, now_ms)?.filter(|timer| Some(timer.phase_id) == current_phase);
        let clusters = self
            .board(workshop_id)?
            .clusters
            .into_iter()
            .map(|cluster| RoomCluster {
                id: cluster.id,
                name: cluster.name,
                contribution_ids: cluster.member_ids,
            })
            .collect();
        // Only the ranking: the check's warnings may name someone over their budget.
        let ranking = self.vote_results(workshop_id)?.ranking;
        Ok(RoomView {
            workshop_title: workshop.title,
            phase_title,
            phase_question,
            contributions,
            timer,
            clusters,
            ranking,
        })
    }

    fn workshop_head(&self, id: Uuid) -> Result<(WorkshopSummary, Uuid)> {
        let summary = self
            .conn
            .query_row(&format!("{WORKSHOP_SUMMARY_SQL} AND w.id = ?1"), [id], workshop_summary)
            .optional()?
            .ok_or(StoreError::NotFound { what: "Atelier", id })?;
        let diagnostic_id =
            self.conn
                .query_row("SELECT diagnostic_id FROM workshop WHERE id = ?1", [id], |row| row.get(0))?;
        Ok((summary, diagnostic_id))
    }
}

/// Which contributions a view lists: a condition on `c` (the contribution) with one id.
impl Store {
    fn contributions_matching(&self, condition: &str, id: Uuid) -> Result<Vec<ContributionView>> {
        let conn = &self.conn;
        let mut stakes_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (contribution, stake) in query_all(
            conn,
            &format!(
                "SELECT DISTINCT cs.contribution_id, cs.stake_id, s.position FROM contribution_stake cs
                   JOIN contribution c ON c.id = cs.contribution_id
                   JOIN stake s ON s.id = cs.stake_id AND s.deleted = 0
                  WHERE {condition} AND cs.removed_stamp IS NULL
                  ORDER BY s.position, s.id"
            ),
            id,
            |row| Ok((row.get::<_, Uuid>(0)?, row.get::<_, Uuid>(1)?)),
        )? {
            stakes_of.entry(contribution).or_default().push(stake);
        }
        let contributions = query_all(
            conn,
            &format!(
                "SELECT c.id, c.text, c.category_id, c.phase_id, c.participant_id, c.structure_type,
                        p.name, p.structure_type, p.erased_stamp IS NOT NULL
                   FROM contribution c
                   LEFT JOIN participant p ON p.id = c.participant_id
                  WHERE {condition}
                  ORDER BY c.id"
            ),
            id,
            |row| {
                let id: Uuid = row.get(0)?;
                let participant: Option<Uuid> = row.get(4)?;
                let own_type: Option<String> = row.get(5)?;
                let participant_type: Option<String> = row.get(7)?;
                let erased: Option<bool> = row.get(8)?;
                let attribution = match (participant, own_type) {
                    (Some(participant_id), _) => Attribution::Participant {
                        participant_id,
                        name: if erased == Some(true) { None } else { row.get(6)? },
                        structure_type: structure_type(participant_type.as_deref()),
                    },
                    (None, Some(code)) => {
                        Attribution::Structure { structure_type: structure_type(Some(&code)) }
                    }
                    (None, None) => Attribution::Anonymous,
                };
                Ok(ContributionView {
                    id,
                    text: row.get(1)?,
                    category_id: row.get(2)?,
                    phase_id: row.get(3)?,
                    stake_ids: Vec::new(),
                    attribution,
                })
            },
        )?;
        Ok(contributions
            .into_iter()
            .map(|mut contribution| {
                contribution.stake_ids = stakes_of.remove(&contribution.id).unwrap_or_default();
                contribution
            })
            .collect())
    }

    /// One contribution, deleted or not (to show it again after an edit or an undo).
    pub fn contribution_view(&self, id: Uuid) -> Result<ContributionView> {
        self.contributions_matching("c.id = ?1", id)?
            .pop()
            .ok_or(StoreError::NotFound { what: "Contribution", id })
    }

    /// A workshop's deleted contributions, to restore one.
    pub fn deleted_contributions(&self, workshop: Uuid) -> Result<Vec<ContributionView>> {
        self.contributions_matching("c.workshop_id = ?1 AND c.deleted = 1", workshop)
    }
}

impl Store {
    /// The participants matching a condition on `p` (the participant) with one id.
    fn participants_matching(&self, condition: &str, id: Uuid) -> Result<Vec<ParticipantView>> {
        query_all(
            &self.conn,
            &format!(
                "SELECT p.id, CASE WHEN p.erased_stamp IS NULL THEN p.name END, o.name, p.structure_type, p.role, p.consent_named
               FROM participant p
               LEFT JOIN organisation o ON o.id = p.organisation_id AND o.deleted = 0
              WHERE p.deleted = 0 AND {condition}
              ORDER BY p.name COLLATE NOCASE, p.id"
            ),
            id,
            |row| {
                let role: String = row.get(4)?;
                Ok(ParticipantView {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    organisation: row.get(2)?,
                    structure_type: structure_type(row.get::<_, Option<String>>(3)?.as_deref()),
                    role: decode(&role, ParticipantRole::from_code, ParticipantRole::Citizen),
                    consent_named: row.get(5)?,
                })
            },
        )
    }

    /// One participant, as the attendance list shows them.
    pub fn participant_view(&self, id: Uuid) -> Result<ParticipantView> {
        self.participants_matching("p.id = ?1", id)?
            .pop()
            .ok_or(StoreError::NotFound { what: "Participant·e", id })
    }
}

fn structure_type(code: Option<&str>) -> StructureType {
    code.and_then(StructureType::from_code).unwrap_or(StructureType::Other)
}

fn query_all<T>(
    conn: &Connection,
    sql: &str,
    id: Uuid,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], map)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use crate::board::demo_workshop as demo;
    use crate::board::VoteTarget;
    use crate::timer::TimerAction;

    const MIN: u64 = 60_000;

    #[test]
    fn the_room_follows_the_timer_of_the_current_phase_only() {
        let (_dir, mut store, workshop) = demo();
        let phases = store.workshop_detail(workshop).unwrap().phases;
        assert_eq!(store.room_view(workshop, 0).unwrap().timer, None, "no countdown before one is started");
        store.act_on_timer(workshop, TimerAction::Start { phase_id: phases[2].id }, 0).unwrap();
        let timer = store.room_view(workshop, 2 * MIN).unwrap().timer.expect("the started timer is shown");
        assert_eq!(timer.remaining_s, i32::try_from(u64::from(phases[2].duration_min) * 60 - 120).unwrap());
        assert!(timer.running);
        store.set_current_phase(workshop, phases[3].id).unwrap();
        assert_eq!(
            store.room_view(workshop, 3 * MIN).unwrap().timer,
            None,
            "another phase's countdown is not shown under this phase's title"
        );
    }

    #[test]
    fn the_room_shows_clusters_and_the_ranking_but_never_an_unconsented_name() {
        let (_dir, mut store, workshop) = demo();
        let detail = store.workshop_detail(workshop).unwrap();
        let ids: Vec<Uuid> = detail.contributions.iter().map(|c| c.id).collect();
        assert!(store.room_view(workshop, 0).unwrap().ranking.is_empty(), "no ranking before any vote");
        let places = store.create_cluster(workshop, "Locaux").unwrap();
        store.move_to_cluster(ids[0], Some(places)).unwrap();
        store.move_to_cluster(ids[2], Some(places)).unwrap();
        let shy = detail
            .participants
            .iter()
            .find(|p| !p.consent_named && p.name.is_some())
            .expect("the demo has someone who did not agree to be named");
        // Over budget, so the facilitator's check names them: the room must not.
        store
            .record_participant_votes(
                workshop,
                shy.id,
                &[(VoteTarget::Cluster(places), 3), (VoteTarget::Contribution(ids[5]), 2)],
            )
            .unwrap();
        assert!(
            store
                .vote_results(workshop)
                .unwrap()
                .warnings
                .iter()
                .any(|w| w.contains(shy.name.as_deref().unwrap())),
            "the facilitator's warning names the person"
        );
        let room = store.room_view(workshop, 0).unwrap();
        assert_eq!(room.clusters.len(), 1);
        assert_eq!(room.clusters[0].name, "Locaux");
        assert_eq!(room.clusters[0].contribution_ids, vec![ids[0], ids[2]], "members in the order added");
        assert_eq!(
            room.ranking.iter().map(|r| (r.target, r.dots, r.rank)).collect::<Vec<_>>(),
            vec![(VoteTarget::Cluster(places), 3, 1), (VoteTarget::Contribution(ids[5]), 2, 2)],
            "most voted first"
        );
        assert_eq!(room.ranking[0].label, "Locaux", "a cluster is ranked under its name");
        let json = serde_json::to_string(&room).unwrap();
        for person in detail.participants.iter().filter(|p| !p.consent_named) {
            if let Some(name) = &person.name {
                assert!(!json.contains(name.as_str()), "{name} did not agree to be named on the wall");
            }
        }
    }
}
