//! Re-simulating a record: [`restore`] (rebuild the exercise), [`replay`] (check every
//! turn's hash, and say what differs at the first that does not match) and [`fork`].

use std::path::Path;

use jointex_sim::{Executed, Exercise, Refusal};

use crate::Error;
use crate::store::{Driver, Record, write_prefix};

/// Rebuilds the exercise by re-applying every logged action; the engine's determinism makes
/// this exact. A refused action or a turn whose hash differs is an error.
pub fn restore(record: &Record) -> Result<Exercise, Error> {
    let mut ex = Exercise::new(record.scenario.clone(), record.meta.seed);
    let mut turns = record.turns.iter();
    for a in &record.actions {
        let refused = |why: Refusal| Error::ReplayRefused {
            seq: a.seq,
            turn: a.turn,
            why: why.to_string(),
        };
        let done = ex
            .execute(a.action.seat, a.action.command.clone())
            .map_err(refused)?;
        if let Executed::Resolved(report) = done
            && let Some(row) = turns.next()
        {
            if row.hash != report.hash {
                return Err(Error::Desync {
                    turn: row.turn,
                    recorded: row.hash,
                    replayed: report.hash,
                });
            }
            // The events and opening rows are read by nobody but people and tools outside
            // jointex: check them against what the commands produce, so an edited row is
            // found here rather than trusted.
            for (what, recorded, replayed) in [
                ("events", &row.events, &report.events),
                ("opening", &row.opening, &report.opening),
            ] {
                if !same_events(recorded, replayed) {
                    return Err(Error::Tampered {
                        path: record.path.clone(),
                        why: format!(
                            "turn {}'s {what} row is not what its commands produce",
                            row.turn
                        ),
                    });
                }
            }
        }
    }
    Ok(ex)
}

/// Whether a row's JSON array holds exactly these events (compared as JSON values, so key
/// order and spacing do not matter).
pub(crate) fn same_events(recorded: &str, replayed: &[jointex_sim::Event]) -> bool {
    let recorded: Option<Vec<serde_json::Value>> = serde_json::from_str(recorded).ok();
    let replayed: Option<Vec<serde_json::Value>> = replayed
        .iter()
        .map(|e| serde_json::to_value(e).ok())
        .collect();
    recorded.is_some() && recorded == replayed
}

/// The first turn whose replay differs from the record.
#[derive(Clone, Debug, PartialEq)]
pub struct Desync {
    /// The turn.
    pub turn: u32,
    /// Recorded state hash (`None` when the turn could not be replayed at all).
    pub recorded: u64,
    /// Replayed state hash, if the turn resolved.
    pub replayed: Option<u64>,
    /// Why, when an action was refused instead.
    pub refused: Option<String>,
    /// Events (JSON) the record has and the replay does not, in order.
    pub only_recorded: Vec<String>,
    /// Events (JSON) the replay has and the record does not, in order.
    pub only_replayed: Vec<String>,
}

/// The outcome of a replay.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// Turns whose hash matched.
    pub matched: Vec<(u32, u64)>,
    /// The first turn that did not, if any.
    pub desync: Option<Desync>,
}

/// Re-simulates a record turn by turn and stops at the first turn whose hash or events
/// differ from the recorded ones.
pub fn replay(record: &Record) -> Replay {
    let mut ex = Exercise::new(record.scenario.clone(), record.meta.seed);
    let mut out = Replay {
        matched: Vec::new(),
        desync: None,
    };
    let mut turns = record.turns.iter();
    for a in &record.actions {
        let refused = if !a.action.is_resolve() {
            ex.execute(a.action.seat, a.action.command.clone())
                .err()
                .map(|e| e.to_string())
        } else {
            {
                let Some(row) = turns.next() else { break };
                match ex.resolve() {
                    Err(e) => Some(e.to_string()),
                    Ok(report) => {
                        // Both sides go through `Value`, so keys compare in one order.
                        let replayed: Vec<String> = report
                            .events
                            .iter()
                            .map(|e| serde_json::to_value(e).unwrap_or_default().to_string())
                            .collect();
                        let recorded: Vec<String> =
                            serde_json::from_str::<Vec<serde_json::Value>>(&row.events)
                                .unwrap_or_default()
                                .iter()
                                .map(|v| v.to_string())
                                .collect();
                        if row.hash != report.hash || recorded != replayed {
                            let (only_recorded, only_replayed) = diff(&recorded, &replayed);
                            out.desync = Some(Desync {
                                turn: row.turn,
                                recorded: row.hash,
                                replayed: Some(report.hash),
                                refused: None,
                                only_recorded,
                                only_replayed,
                            });
                            return out;
                        }
                        out.matched.push((row.turn, row.hash));
                        None
                    }
                }
            }
        };
        if let Some(why) = refused {
            let recorded = record
                .turns
                .iter()
                .find(|t| t.turn == a.turn)
                .map_or(0, |t| t.hash);
            out.desync = Some(Desync {
                turn: a.turn,
                recorded,
                replayed: None,
                refused: Some(format!(
                    "action #{} ({} {}) is refused: {why}",
                    a.seq,
                    a.action.kind(),
                    a.action.payload()
                )),
                only_recorded: Vec::new(),
                only_replayed: Vec::new(),
            });
            return out;
        }
    }
    out
}

/// What each side has that the other lacks, in order (a multiset difference: events are
/// compared as JSON text).
fn diff(recorded: &[String], replayed: &[String]) -> (Vec<String>, Vec<String>) {
    let mut rest: Vec<Option<&String>> = replayed.iter().map(Some).collect();
    let mut only_recorded = Vec::new();
    for e in recorded {
        match rest.iter_mut().find(|x| x.is_some_and(|x| x == e)) {
            Some(slot) => *slot = None,
            None => only_recorded.push(e.clone()),
        }
    }
    let only_replayed = rest.into_iter().flatten().cloned().collect();
    (only_recorded, only_replayed)
}

/// Starts a new record from the state after turn `turn`: every action up to that turn's
/// resolve is copied into `out`, which must not exist. The driver is kept (policies, orders
/// file), so resuming the fork with the same later orders replays the original.
pub fn fork(record: &Record, turn: u32, out: &Path) -> Result<(), Error> {
    let resolved = record.resolved();
    let last_seq = if turn == 0 {
        0
    } else {
        record
            .turns
            .iter()
            .find(|t| t.turn == turn)
            .map(|t| t.seq)
            .ok_or(Error::NoSuchTurn { turn, resolved })?
    };
    // A fork is a new exercise: it gets its own identity when it is written.
    let driver = Driver {
        forked_from: Some((record.path.display().to_string(), turn)),
        exercise: None,
        ..record.meta.driver.clone()
    };
    write_prefix(record, out, driver, last_seq)
}
