//! The prioritisation sheet: the token budget and the dots entered so far, as the
//! facilitator's voting panel edits them (the items voted on are the workshop's
//! contributions and the board's clusters, read with them).
//!
//! Invariants: the budget is a stamped field of the workshop (it merges like the rest of the
//! plan) and is at least one token; the sheet lists tallies and participants' ballots apart,
//! so each entry mode shows exactly what it entered, while [`VoteResults`] sums both.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::board::{dots_count, VoteResults, VoteTarget, LIVE_VOTES};
use crate::schema;
use crate::store::{Result, Store, StoreError};

/// The most tokens a participant may get: more would no longer be a choice.
pub const MAX_TOKEN_BUDGET: u32 = 50;

/// A vote entry as stored: participant (none for a wall tally), contribution, cluster, dots.
type VoteRow = (Option<Uuid>, Option<Uuid>, Option<Uuid>, i64);

/// Dots on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemDots {
    pub target: VoteTarget,
    pub dots: u32,
}

/// One participant's dots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Ballot {
    pub participant_id: Uuid,
    pub dots: Vec<ItemDots>,
}

/// Everything the voting panel shows and edits, read in one go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VotingSheet {
    /// Dots each participant may place.
    pub token_budget: u32,
    /// Stickers counted on the wall, item by item (no participant).
    pub tallies: Vec<ItemDots>,
    /// Dots entered participant by participant.
    pub ballots: Vec<Ballot>,
    pub results: VoteResults,
}

impl Store {
    /// Sets how many dots each participant of `workshop` may place.
    pub fn set_token_budget(&mut self, workshop: Uuid, tokens: u32) -> Result<()> {
        if tokens == 0 || tokens > MAX_TOKEN_BUDGET {
            return Err(StoreError::InvalidInput(format!(
                "Donnez de 1 à {MAX_TOKEN_BUDGET} gommettes par participant·e."
            )));
        }
        let exists: bool = self.connection().query_row(
            "SELECT EXISTS (SELECT 1 FROM workshop WHERE id = ?1 AND deleted = 0)",
            [workshop],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(StoreError::NotFound { what: "Atelier", id: workshop });
        }
        self.write(|tx| tx.set_field(&schema::WORKSHOP, workshop, "token_budget", i64::from(tokens).into()))
    }

    pub fn voting_sheet(&self, workshop: Uuid) -> Result<VotingSheet> {
        let results = self.vote_results(workshop)?;
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT v.participant_id, v.contribution_id, v.cluster_id, sum(v.dots) {LIVE_VOTES}
              GROUP BY v.participant_id, v.contribution_id, v.cluster_id
              ORDER BY v.participant_id, v.contribution_id, v.cluster_id"
        ))?;
        let rows: Vec<VoteRow> = stmt
            .query_map([workshop], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut tallies = Vec::new();
        let mut ballots: Vec<Ballot> = Vec::new();
        for (participant, contribution, cluster, dots) in rows {
            let Some(target) = VoteTarget::from_columns(contribution, cluster) else { continue };
            let entry = ItemDots { target, dots: dots_count(dots) };
            match participant {
                None => tallies.push(entry),
                Some(participant_id) => match ballots.last_mut() {
                    Some(ballot) if ballot.participant_id == participant_id => ballot.dots.push(entry),
                    _ => ballots.push(Ballot { participant_id, dots: vec![entry] }),
                },
            }
        }
        Ok(VotingSheet { token_budget: results.tokens_each, tallies, ballots, results })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::demo_workshop as demo;

    #[test]
    fn the_budget_changes_the_expected_total_and_bad_budgets_are_refused() {
        let (_dir, mut store, workshop) = demo();
        let participants = store.workshop_detail(workshop).unwrap().participants.len() as u32;
        store.set_token_budget(workshop, 5).unwrap();
        assert_eq!(store.workshop_detail(workshop).unwrap().token_budget, 5, "the budget is stored");
        let results = store.vote_results(workshop).unwrap();
        assert_eq!(results.expected, participants * 5, "the check uses the new budget");
        assert!(store.set_token_budget(workshop, 0).is_err(), "no vote with zero tokens");
        assert!(store.set_token_budget(workshop, MAX_TOKEN_BUDGET + 1).is_err(), "too many tokens");
        assert!(
            matches!(store.set_token_budget(Uuid::from_u128(9), 3), Err(StoreError::NotFound { .. })),
            "an unknown workshop is reported, not created"
        );
        assert_eq!(
            store.workshop_detail(workshop).unwrap().token_budget,
            5,
            "a refused budget changes nothing"
        );
    }

    #[test]
    fn the_sheet_keeps_tallies_and_ballots_apart() {
        let (_dir, mut store, workshop) = demo();
        let detail = store.workshop_detail(workshop).unwrap();
        let ids: Vec<Uuid> = detail.contributions.iter().map(|c| c.id).collect();
        let person = detail.participants[0].id;
        let cluster = store.create_cluster(workshop, "Locaux").unwrap();
        store.move_to_cluster(ids[0], Some(cluster)).unwrap();
        store.record_tally(workshop, VoteTarget::Cluster(cluster), 4).unwrap();
        store
            .record_participant_votes(
                workshop,
                person,
                &[(VoteTarget::Contribution(ids[1]), 2), (VoteTarget::Cluster(cluster), 1)],
            )
            .unwrap();
        let sheet = store.voting_sheet(workshop).unwrap();
        assert_eq!(
            sheet.tallies,
            vec![ItemDots { target: VoteTarget::Cluster(cluster), dots: 4 }],
            "the wall's count only"
        );
        assert_eq!(sheet.ballots.len(), 1);
        assert_eq!(sheet.ballots[0].participant_id, person);
        assert_eq!(
            sheet.ballots[0].dots.iter().map(|d| d.dots).sum::<u32>(),
            3,
            "the person's own dots only"
        );
        assert_eq!(sheet.results.counted, 7, "the results sum both modes");
        assert_eq!(sheet.token_budget, detail.token_budget);
    }
}
