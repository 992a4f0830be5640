//! Dot voting: the token budget, the stickers counted on the wall, each participant's dots,
//! and the results with their check. Every write answers with the whole sheet as now
//! stored, so the panel shows the engine's check, never its own arithmetic.

use recolte::board::{VoteResults, VoteTarget};
use recolte::voting::{ItemDots, VotingSheet};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

#[tauri::command(async)]
pub fn voting_sheet(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<VotingSheet, IpcError> {
    Ok(store.lock()?.voting_sheet(workshop_id)?)
}

/// The ranking and the check of the total (participants × tokens).
#[tauri::command(async)]
pub fn vote_results(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<VoteResults, IpcError> {
    Ok(store.lock()?.vote_results(workshop_id)?)
}

/// Sets how many dots each participant may place.
#[tauri::command(async)]
pub fn token_budget_set(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    tokens: u32,
) -> Result<VotingSheet, IpcError> {
    let mut store = store.lock()?;
    store.set_token_budget(workshop_id, tokens)?;
    Ok(store.voting_sheet(workshop_id)?)
}

/// The number of stickers counted on the wall for one item (replaces the previous count).
#[tauri::command(async)]
pub fn vote_tally_set(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    target: VoteTarget,
    dots: u32,
) -> Result<VotingSheet, IpcError> {
    let mut store = store.lock()?;
    store.record_tally(workshop_id, target, dots)?;
    Ok(store.voting_sheet(workshop_id)?)
}

/// One participant's dots, item by item (replaces what they had on those items).
#[tauri::command(async)]
pub fn vote_ballot_set(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    participant_id: Uuid,
    dots: Vec<ItemDots>,
) -> Result<VotingSheet, IpcError> {
    let pairs: Vec<(VoteTarget, u32)> = dots.iter().map(|item| (item.target, item.dots)).collect();
    let mut store = store.lock()?;
    store.record_participant_votes(workshop_id, participant_id, &pairs)?;
    Ok(store.voting_sheet(workshop_id)?)
}
