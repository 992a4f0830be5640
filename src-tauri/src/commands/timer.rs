//! The phase timer the facilitator drives and the wall shows. The shell reads the clock
//! here, once per call; the engine only takes the time it is given.

use std::time::{SystemTime, UNIX_EPOCH};

use recolte::timer::{TimerAction, TimerView};
use tauri::State;
use uuid::Uuid;

use super::SharedStore;
use crate::error::IpcError;

/// Milliseconds since the Unix epoch, from this computer's clock.
pub fn now_ms() -> u64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}

/// The workshop's countdown now, or `None` before one was started.
#[tauri::command(async)]
pub fn timer_view(store: State<'_, SharedStore>, workshop_id: Uuid) -> Result<Option<TimerView>, IpcError> {
    Ok(store.lock()?.timer(workshop_id, now_ms())?)
}

/// Starts, pauses, resets or extends the countdown; returns it as it now stands.
#[tauri::command(async)]
pub fn timer_act(
    store: State<'_, SharedStore>,
    workshop_id: Uuid,
    action: TimerAction,
) -> Result<TimerView, IpcError> {
    Ok(store.lock()?.act_on_timer(workshop_id, action, now_ms())?)
}
