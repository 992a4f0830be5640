//! The board (grouping contributions into clusters, marking duplicates) and dot voting.
//!
//! Invariants:
//! - Cluster membership is an add-wins set: moving a contribution removes the memberships
//!   this device has seen and adds a new one, so a concurrent move elsewhere is not lost
//!   (the contribution may then show in two clusters until someone moves it again).
//! - A duplicate keeps its own record, text and origin; it only points to the one it repeats.
//! - Votes are set entries: a participant's dots on an item, or a tally counted on the wall
//!   (no participant). Entering a new count for an item replaces the counts this device has
//!   seen for it. The check compares the dots counted with participants present × tokens.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::schema;
use crate::store::{Result, Store, StoreError};

/// A cluster on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClusterView {
    pub id: Uuid,
    pub name: String,
    /// In the order they were added.
    pub member_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DuplicateLink {
    pub contribution_id: Uuid,
    pub duplicate_of: Uuid,
}

/// What the board adds to a workshop's contributions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BoardView {
    pub clusters: Vec<ClusterView>,
    pub duplicates: Vec<DuplicateLink>,
}

/// What the room votes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[ts(export)]
pub enum VoteTarget {
    Contribution(Uuid),
    Cluster(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RankedItem {
    pub target: VoteTarget,
    pub label: String,
    pub dots: u32,
    /// 1 for the most voted; items with as many dots share a rank.
    pub rank: u32,
}

/// Dot-vote results and the check of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VoteResults {
    pub ranking: Vec<RankedItem>,
    pub counted: u32,
    pub participants: u32,
    pub tokens_each: u32,
    /// `participants × tokens_each`.
    pub expected: u32,
    /// In French, when the count does not match or someone placed too many dots.
    pub warnings: Vec<String>,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// The votes standing in workshop `?1`, on items not deleted, as `v` (`contribution_id` or
/// `cluster_id`, `participant_id`, `dots`, and the item's `label`): what the ranking and the
/// voting sheet both read (`SELECT … {LIVE_VOTES} GROUP BY …`). Read from the workshop's
/// items, which are indexed by workshop, and each item's votes, clustered by item.
pub(crate) const LIVE_VOTES: &str = "FROM (
        SELECT v.contribution_id, NULL AS cluster_id, v.participant_id, v.dots, c.text AS label
          FROM contribution c JOIN contribution_vote v ON v.contribution_id = c.id
         WHERE c.workshop_id = ?1 AND c.deleted = 0 AND v.removed_stamp IS NULL
        UNION ALL
        SELECT NULL, v.cluster_id, v.participant_id, v.dots, k.name
          FROM cluster k JOIN cluster_vote v ON v.cluster_id = k.id
         WHERE k.workshop_id = ?1 AND k.deleted = 0 AND v.removed_stamp IS NULL) v";

impl VoteTarget {
    /// The set its votes are kept in, and the column naming the item there.
    pub(crate) fn entry(self) -> (&'static schema::SetTable, (&'static str, crate::store::FieldValue)) {
        match self {
            VoteTarget::Contribution(id) => (&schema::CONTRIBUTION_VOTE, ("contribution_id", id.into())),
            VoteTarget::Cluster(id) => (&schema::CLUSTER_VOTE, ("cluster_id", id.into())),
        }
    }

    /// The item a vote row points to, from its contribution and cluster columns.
    pub(crate) fn from_columns(contribution: Option<Uuid>, cluster: Option<Uuid>) -> Option<Self> {
        match (contribution, cluster) {
            (Some(id), _) => Some(VoteTarget::Contribution(id)),
            (None, Some(id)) => Some(VoteTarget::Cluster(id)),
            (None, None) => None,
        }
    }
}

/// Dots as stored (a sum in SQLite) to a count; never negative, and saturating.
pub(crate) fn dots_count(dots: i64) -> u32 {
    u32::try_from(dots).unwrap_or(u32::MAX)
}

impl Store {
    fn workshop_of(&self, table: &str, id: Uuid) -> Result<Uuid> {
        self.connection()
            .query_row(&format!("SELECT workshop_id FROM {table} WHERE id = ?1 AND deleted = 0"), [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound {
                what: if table == "cluster" { "Regroupement" } else { "Contribution" },
                id,
            })
    }

    pub fn create_cluster(&mut self, workshop: Uuid, name: &str) -> Result<Uuid> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::InvalidInput("Donnez un nom au regroupement.".into()));
        }
        let position: i64 = self.connection().query_row(
            "SELECT count(*) FROM cluster WHERE workshop_id = ?1",
            [workshop],
            |r| r.get(0),
        )?;
        self.write(|tx| {
            tx.insert_record(
                &schema::CLUSTER,
                Some(workshop),
                &[("name", name.into()), ("position", position.into())],
            )
        })
    }

    pub fn rename_cluster(&mut self, cluster: Uuid, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::InvalidInput("Donnez un nom au regroupement.".into()));
        }
        self.write(|tx| tx.set_field(&schema::CLUSTER, cluster, "name", name.into()))
    }

    /// Removes a cluster; its contributions go back to the board, untouched.
    pub fn delete_cluster(&mut self, cluster: Uuid) -> Result<()> {
        self.write(|tx| {
            tx.set_field(&schema::CLUSTER, cluster, "deleted", true.into())?;
            tx.remove_from_set(&schema::CLUSTER_MEMBER, &[("cluster_id", cluster.into())])?;
            Ok(())
        })
    }

    /// Puts a contribution in `cluster` (or back on the board with `None`), out of the
    /// workshop's other clusters.
    pub fn move_to_cluster(&mut self, contribution: Uuid, cluster: Option<Uuid>) -> Result<()> {
        let workshop = self.workshop_of("contribution", contribution)?;
        if let Some(cluster) = cluster {
            if self.workshop_of("cluster", cluster)? != workshop {
                return Err(StoreError::InvalidInput(
                    "Ce regroupement appartient à un autre atelier.".into(),
                ));
            }
        }
        self.write(|tx| {
            tx.remove_from_set(&schema::CLUSTER_MEMBER, &[("contribution_id", contribution.into())])?;
            if let Some(cluster) = cluster {
                tx.add_to_set(
                    &schema::CLUSTER_MEMBER,
                    &[("cluster_id", cluster.into()), ("contribution_id", contribution.into())],
                )?;
            }
            Ok(())
        })
    }

    /// Marks `contribution` as repeating `original` (or not, with `None`).
    pub fn mark_duplicate(&mut self, contribution: Uuid, original: Option<Uuid>) -> Result<()> {
        if original == Some(contribution) {
            return Err(StoreError::InvalidInput(
                "Une contribution ne peut pas être son propre doublon.".into(),
            ));
        }
        if let Some(original) = original {
            if self.workshop_of("contribution", original)?
                != self.workshop_of("contribution", contribution)?
            {
                return Err(StoreError::InvalidInput(
                    "Les doublons se marquent dans un même atelier.".into(),
                ));
            }
        }
        self.write(|tx| tx.set_field(&schema::CONTRIBUTION, contribution, "duplicate_of", original.into()))
    }

    pub fn board(&self, workshop: Uuid) -> Result<BoardView> {
        let conn = self.connection();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name FROM cluster WHERE workshop_id = ?1 AND deleted = 0 ORDER BY position, id",
        )?;
        let mut clusters: Vec<ClusterView> = stmt
            .query_map([workshop], |r| {
                Ok(ClusterView { id: r.get(0)?, name: r.get(1)?, member_ids: Vec::new() })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT m.cluster_id, m.contribution_id FROM cluster_member m
               JOIN contribution c ON c.id = m.contribution_id AND c.deleted = 0
              WHERE c.workshop_id = ?1 AND m.removed_stamp IS NULL
              ORDER BY m.added_stamp",
        )?;
        let members: Vec<(Uuid, Uuid)> =
            stmt.query_map([workshop], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (cluster, contribution) in members {
            if let Some(view) = clusters.iter_mut().find(|c| c.id == cluster) {
                view.member_ids.push(contribution);
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, duplicate_of FROM contribution
              WHERE workshop_id = ?1 AND deleted = 0 AND duplicate_of IS NOT NULL ORDER BY id",
        )?;
        let duplicates = stmt
            .query_map([workshop], |r| {
                Ok(DuplicateLink { contribution_id: r.get(0)?, duplicate_of: r.get(1)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(BoardView { clusters, duplicates })
    }

    /// The number of dots counted on the wall for an item (replaces the previous count).
    pub fn record_tally(&mut self, workshop: Uuid, target: VoteTarget, dots: u32) -> Result<()> {
        self.record_votes(workshop, None, &[(target, dots)])
    }

    /// One participant's dots, item by item (replaces what they had).
    pub fn record_participant_votes(
        &mut self,
        workshop: Uuid,
        participant: Uuid,
        dots: &[(VoteTarget, u32)],
    ) -> Result<()> {
        self.record_votes(workshop, Some(participant), dots)
    }

    fn record_votes(
        &mut self,
        workshop: Uuid,
        participant: Option<Uuid>,
        dots: &[(VoteTarget, u32)],
    ) -> Result<()> {
        for (target, _) in dots {
            let (table, id) = match target {
                VoteTarget::Contribution(id) => ("contribution", *id),
                VoteTarget::Cluster(id) => ("cluster", *id),
            };
            if self.workshop_of(table, id)? != workshop {
                return Err(StoreError::InvalidInput(
                    "On ne vote que pour les éléments de cet atelier.".into(),
                ));
            }
        }
        self.write(|tx| {
            for (target, count) in dots {
                let (table, item) = target.entry();
                tx.remove_from_set(table, &[item.clone(), ("participant_id", participant.into())])?;
                if *count > 0 {
                    tx.add_to_set(
                        table,
                        &[item, ("participant_id", participant.into()), ("dots", i64::from(*count).into())],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// The ranking, and whether the dots counted match participants × tokens.
    pub fn vote_results(&self, workshop: Uuid) -> Result<VoteResults> {
        let conn = self.connection();
        let detail = self.workshop_detail(workshop)?;
        let participants = u32::try_from(detail.participants.len()).unwrap_or(u32::MAX);
        let tokens_each = detail.token_budget;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT v.contribution_id, v.cluster_id, sum(v.dots), v.label {LIVE_VOTES}
              GROUP BY v.contribution_id, v.cluster_id
              ORDER BY sum(v.dots) DESC, v.label"
        ))?;
        let rows: Vec<(Option<Uuid>, Option<Uuid>, i64, String)> = stmt
            .query_map([workshop], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut ranking = Vec::with_capacity(rows.len());
        let mut counted = 0u32;
        for (index, (contribution, cluster, dots, label)) in rows.into_iter().enumerate() {
            let dots = dots_count(dots);
            counted = counted.saturating_add(dots);
            let Some(target) = VoteTarget::from_columns(contribution, cluster) else { continue };
            let rank = match ranking.last() {
                Some(RankedItem { dots: previous, rank, .. }) if *previous == dots => *rank,
                _ => u32::try_from(index + 1).unwrap_or(u32::MAX),
            };
            ranking.push(RankedItem { target, label, dots, rank });
        }
        let expected = participants.saturating_mul(tokens_each);
        let mut warnings = Vec::new();
        if counted != expected && counted > 0 {
            let difference = counted.abs_diff(expected);
            let gap = if counted < expected {
                format!("il en manque {difference}")
            } else {
                format!("il y en a {difference} de trop")
            };
            warnings.push(format!(
                "{} pour {} × {tokens_each} = {expected} : {gap}.",
                plural(counted, "gommette comptée", "gommettes comptées"),
                plural(participants, "participant·e", "participant·es"),
            ));
        }
        // Every dot a participant placed in the workshop counts, even on an item since deleted.
        let mut stmt = conn.prepare_cached(
            "SELECT coalesce(p.name, 'Une personne effacée'), sum(v.dots)
               FROM (SELECT v.participant_id, v.dots FROM contribution c
                       JOIN contribution_vote v ON v.contribution_id = c.id
                      WHERE c.workshop_id = ?1 AND v.participant_id IS NOT NULL AND v.removed_stamp IS NULL
                     UNION ALL
                     SELECT v.participant_id, v.dots FROM cluster k JOIN cluster_vote v ON v.cluster_id = k.id
                      WHERE k.workshop_id = ?1 AND v.participant_id IS NOT NULL AND v.removed_stamp IS NULL) v
               JOIN participant p ON p.id = v.participant_id
              GROUP BY v.participant_id HAVING sum(v.dots) > ?2",
        )?;
        let over: Vec<(String, i64)> = stmt
            .query_map(rusqlite::params![workshop, i64::from(tokens_each)], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, dots) in over {
            warnings.push(format!("{name} a placé {dots} gommettes pour {tokens_each} autorisées."));
        }
        Ok(VoteResults { ranking, counted, participants, tokens_each, expected, warnings })
    }
}

/// A store in a temporary folder holding the demo diagnostic, and its first workshop: where
/// the board, voting and read-model tests start.
#[cfg(test)]
pub(crate) fn demo_workshop() -> (tempfile::TempDir, Store, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open(&dir.path().join("s.sqlite3"), crate::store::Sources::fixed(1_700_000_000_000, 8))
            .unwrap();
    let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
    let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
    (dir, store, workshop)
}

#[cfg(test)]
mod tests {
    use super::demo_workshop as demo;
    use super::*;

    #[test]
    fn contributions_are_grouped_moved_and_ungrouped() {
        let (_dir, mut store, workshop) = demo();
        let ids: Vec<Uuid> =
            store.workshop_detail(workshop).unwrap().contributions.iter().map(|c| c.id).collect();
        let places = store.create_cluster(workshop, "Locaux et lieux ressources").unwrap();
        let money = store.create_cluster(workshop, "Financements").unwrap();
        store.move_to_cluster(ids[0], Some(places)).unwrap();
        store.move_to_cluster(ids[1], Some(places)).unwrap();
        store.move_to_cluster(ids[1], Some(money)).unwrap();
        let board = store.board(workshop).unwrap();
        assert_eq!(board.clusters[0].member_ids, vec![ids[0]], "a moved contribution leaves its old cluster");
        assert_eq!(board.clusters[1].member_ids, vec![ids[1]]);
        store.move_to_cluster(ids[0], None).unwrap();
        store.delete_cluster(money).unwrap();
        let board = store.board(workshop).unwrap();
        assert_eq!(board.clusters.len(), 1, "a deleted cluster leaves the board");
        assert!(board.clusters[0].member_ids.is_empty());
        assert_eq!(
            store.workshop_detail(workshop).unwrap().contributions.len(),
            ids.len(),
            "no contribution is lost"
        );
        assert!(store.create_cluster(workshop, " ").is_err(), "a cluster needs a name");
    }

    #[test]
    fn a_duplicate_keeps_its_own_record_and_points_to_the_original() {
        let (_dir, mut store, workshop) = demo();
        let ids: Vec<Uuid> =
            store.workshop_detail(workshop).unwrap().contributions.iter().map(|c| c.id).collect();
        store.mark_duplicate(ids[3], Some(ids[0])).unwrap();
        assert!(store.mark_duplicate(ids[3], Some(ids[3])).is_err(), "not its own duplicate");
        let board = store.board(workshop).unwrap();
        assert_eq!(board.duplicates, vec![DuplicateLink { contribution_id: ids[3], duplicate_of: ids[0] }]);
        assert!(
            store.workshop_detail(workshop).unwrap().contributions.iter().any(|c| c.id == ids[3]),
            "it stays, with its origin"
        );
    }

    #[test]
    fn a_tally_one_short_of_participants_times_tokens_is_flagged_and_ranked() {
        let (_dir, mut store, workshop) = demo();
        let detail = store.workshop_detail(workshop).unwrap();
        let ids: Vec<Uuid> = detail.contributions.iter().map(|c| c.id).collect();
        let expected = detail.participants.len() as u32 * detail.token_budget;
        // 5 participants × 3 tokens = 15; the wall shows 6 + 5 + 3 = 14.
        store.record_tally(workshop, VoteTarget::Contribution(ids[7]), 6).unwrap();
        store.record_tally(workshop, VoteTarget::Contribution(ids[9]), 5).unwrap();
        store.record_tally(workshop, VoteTarget::Contribution(ids[4]), 2).unwrap();
        store.record_tally(workshop, VoteTarget::Contribution(ids[4]), 3).unwrap();
        let results = store.vote_results(workshop).unwrap();
        assert_eq!(results.expected, expected);
        assert_eq!(results.counted, 14, "a corrected count replaces the previous one");
        assert_eq!(
            results.ranking.iter().map(|r| r.dots).collect::<Vec<_>>(),
            vec![6, 5, 3],
            "most voted first"
        );
        assert_eq!(results.ranking[0].target, VoteTarget::Contribution(ids[7]));
        assert_eq!(
            results.warnings,
            vec![format!("14 gommettes comptées pour 5 participant·es × 3 = {expected} : il en manque 1.")],
            "the facilitator is told one sticker is missing"
        );
        store.record_tally(workshop, VoteTarget::Contribution(ids[4]), 4).unwrap();
        assert!(
            store.vote_results(workshop).unwrap().warnings.is_empty(),
            "a matching total raises no warning"
        );
    }

    #[test]
    fn a_participant_over_their_budget_is_named() {
        let (_dir, mut store, workshop) = demo();
        let detail = store.workshop_detail(workshop).unwrap();
        let person = detail.participants[0].clone();
        let items: Vec<(VoteTarget, u32)> =
            detail.contributions.iter().take(2).map(|c| (VoteTarget::Contribution(c.id), 2)).collect();
        store.record_participant_votes(workshop, person.id, &items).unwrap();
        let results = store.vote_results(workshop).unwrap();
        assert!(
            results.warnings.iter().any(|w| w.contains("a placé 4 gommettes pour 3 autorisées")),
            "{:?}",
            results.warnings
        );
        assert_eq!(results.ranking[0].rank, results.ranking[1].rank, "equal dots share a rank");
    }
}
