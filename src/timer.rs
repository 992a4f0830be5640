//! The phase timer: start, pause, add time, and a clear overrun.
//!
//! Pure logic with the time passed in, kept per workshop on this installation so the
//! projector window shows the same countdown as the facilitator's.
//! Invariants: the remaining time only changes by the passing of time while running, by
//! `add_minutes`, or by starting another phase; pausing twice or starting twice changes
//! nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::store::{meta_get, meta_set, Result, Store, StoreError};

/// A phase's countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseTimer {
    pub phase: Uuid,
    /// The phase's planned duration plus the time added.
    pub allowed_ms: u64,
    /// Time spent before the current run.
    pub spent_before_ms: u64,
    /// When the current run started; `None` while paused.
    pub running_since_ms: Option<u64>,
}

/// What the screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TimerView {
    pub phase_id: Uuid,
    /// Negative once the phase runs over.
    pub remaining_s: i32,
    pub running: bool,
    pub overrun: bool,
}

impl PhaseTimer {
    pub fn new(phase: Uuid, duration_min: u32) -> Self {
        Self {
            phase,
            allowed_ms: u64::from(duration_min) * 60_000,
            spent_before_ms: 0,
            running_since_ms: None,
        }
    }

    pub fn spent_ms(&self, now_ms: u64) -> u64 {
        self.spent_before_ms + self.running_since_ms.map_or(0, |since| now_ms.saturating_sub(since))
    }

    pub fn start(&mut self, now_ms: u64) {
        if self.running_since_ms.is_none() {
            self.running_since_ms = Some(now_ms);
        }
    }

    pub fn pause(&mut self, now_ms: u64) {
        self.spent_before_ms = self.spent_ms(now_ms);
        self.running_since_ms = None;
    }

    pub fn add_minutes(&mut self, minutes: u32) {
        self.allowed_ms += u64::from(minutes) * 60_000;
    }

    /// Remaining milliseconds; negative once over time.
    pub fn remaining_ms(&self, now_ms: u64) -> i64 {
        i64::try_from(self.allowed_ms).unwrap_or(i64::MAX)
            - i64::try_from(self.spent_ms(now_ms)).unwrap_or(i64::MAX)
    }

    pub fn view(&self, now_ms: u64) -> TimerView {
        let remaining = self.remaining_ms(now_ms);
        // Rounded up while counting down, so "0:00" shows only when time is really out.
        let remaining_s = if remaining >= 0 { (remaining + 999) / 1000 } else { remaining / 1000 };
        TimerView {
            phase_id: self.phase,
            remaining_s: i32::try_from(remaining_s).unwrap_or(if remaining_s < 0 {
                i32::MIN
            } else {
                i32::MAX
            }),
            running: self.running_since_ms.is_some(),
            overrun: remaining < 0,
        }
    }
}

/// What the facilitator does with the timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TimerAction {
    /// Starts (or resumes) the timer of a phase; a new phase starts from its full duration.
    Start {
        phase_id: Uuid,
    },
    Pause,
    AddMinutes {
        minutes: u32,
    },
    /// Puts a phase's timer back to its full duration, paused, and makes it the current phase.
    Reset {
        phase_id: Uuid,
    },
}

fn timer_key(workshop: Uuid) -> String {
    format!("local.timer.{workshop}")
}

impl Store {
    pub fn timer(&self, workshop: Uuid, now_ms: u64) -> Result<Option<TimerView>> {
        Ok(self.stored_timer(workshop)?.map(|timer| timer.view(now_ms)))
    }

    fn stored_timer(&self, workshop: Uuid) -> Result<Option<PhaseTimer>> {
        let raw = meta_get(self.connection(), &timer_key(workshop))?;
        Ok(raw.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Applies a timer action at `now_ms`; starting a phase also makes it the current phase.
    pub fn act_on_timer(&mut self, workshop: Uuid, action: TimerAction, now_ms: u64) -> Result<TimerView> {
        let mut timer = self.stored_timer(workshop)?;
        match action {
            TimerAction::Start { phase_id } => {
                self.set_current_phase(workshop, phase_id)?;
                let same_phase = timer.as_ref().is_some_and(|t| t.phase == phase_id);
                if !same_phase {
                    timer = Some(PhaseTimer::new(phase_id, self.phase_minutes(phase_id)?));
                }
                if let Some(timer) = timer.as_mut() {
                    timer.start(now_ms);
                }
            }
            TimerAction::Reset { phase_id } => {
                self.set_current_phase(workshop, phase_id)?;
                timer = Some(PhaseTimer::new(phase_id, self.phase_minutes(phase_id)?));
            }
            TimerAction::Pause => timer.as_mut().ok_or_else(no_timer)?.pause(now_ms),
            TimerAction::AddMinutes { minutes } => {
                if minutes == 0 || minutes > 240 {
                    return Err(StoreError::InvalidInput("Ajoutez de 1 à 240 minutes.".into()));
                }
                timer.as_mut().ok_or_else(no_timer)?.add_minutes(minutes)
            }
        }
        let timer = timer.ok_or_else(no_timer)?;
        let json = serde_json::to_string(&timer).unwrap_or_default();
        meta_set(self.connection(), &timer_key(workshop), &json)?;
        Ok(timer.view(now_ms))
    }

    fn phase_minutes(&self, phase: Uuid) -> Result<u32> {
        let minutes: i64 =
            self.connection()
                .query_row("SELECT duration_min FROM phase WHERE id = ?1", [phase], |row| row.get(0))?;
        Ok(u32::try_from(minutes).unwrap_or(0))
    }
}

fn no_timer() -> StoreError {
    StoreError::InvalidInput("Démarrez d'abord le minuteur d'une séquence.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60_000;

    #[test]
    fn a_running_timer_counts_down_pauses_and_takes_added_time() {
        let phase = Uuid::from_u128(1);
        let mut timer = PhaseTimer::new(phase, 20);
        timer.start(0);
        assert_eq!(timer.view(5 * MIN).remaining_s, 15 * 60, "five minutes in, fifteen remain");
        timer.pause(5 * MIN);
        timer.pause(6 * MIN);
        assert_eq!(
            timer.view(30 * MIN).remaining_s,
            15 * 60,
            "a paused timer does not move, pausing twice neither"
        );
        timer.start(30 * MIN);
        timer.start(31 * MIN);
        assert_eq!(
            timer.view(47 * MIN).remaining_s,
            -2 * 60,
            "two minutes over; starting twice changes nothing"
        );
        assert!(timer.view(47 * MIN).overrun, "an overrun is flagged");
        timer.add_minutes(5);
        let view = timer.view(47 * MIN);
        assert_eq!((view.remaining_s, view.overrun), (3 * 60, false), "five minutes added: three remain");
    }

    #[test]
    fn the_last_partial_second_still_shows_as_a_second() {
        let mut timer = PhaseTimer::new(Uuid::nil(), 1);
        timer.start(0);
        assert_eq!(timer.view(59_500).remaining_s, 1, "0:00 only when time is really out");
        assert_eq!(timer.view(60_000).remaining_s, 0);
    }

    #[test]
    fn the_timer_is_kept_per_workshop_and_starting_a_phase_makes_it_current() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(&dir.path().join("s.sqlite3"), crate::store::Sources::fixed(0, 2)).unwrap();
        let diagnostic = crate::template::ensure_initial_diagnostic(&mut store).unwrap();
        let workshop = store.diagnostic_overview(diagnostic).unwrap().workshops[0].id;
        let phases = store.workshop_detail(workshop).unwrap().phases;
        assert!(store.act_on_timer(workshop, TimerAction::Pause, 0).is_err(), "nothing to pause yet");
        store.act_on_timer(workshop, TimerAction::Start { phase_id: phases[4].id }, 0).unwrap();
        store.act_on_timer(workshop, TimerAction::AddMinutes { minutes: 5 }, 26 * MIN).unwrap();
        let view = store.timer(workshop, 27 * MIN).unwrap().unwrap();
        assert_eq!(view.remaining_s, 3 * 60, "25 planned + 5 added - 27 spent");
        assert_eq!(
            store.current_phase(workshop).unwrap(),
            Some(phases[4].id),
            "the timed phase is the current one"
        );
        store.act_on_timer(workshop, TimerAction::Start { phase_id: phases[5].id }, 28 * MIN).unwrap();
        assert_eq!(
            store.timer(workshop, 28 * MIN).unwrap().unwrap().remaining_s,
            10 * 60,
            "a new phase starts full"
        );
        let reset =
            store.act_on_timer(workshop, TimerAction::Reset { phase_id: phases[5].id }, 40 * MIN).unwrap();
        assert_eq!(
            (reset.remaining_s, reset.running),
            (10 * 60, false),
            "a reset gives the full time back, paused"
        );
        assert_eq!(
            store.timer(workshop, 50 * MIN).unwrap().unwrap().remaining_s,
            10 * 60,
            "a reset timer waits to be started"
        );
    }
}
