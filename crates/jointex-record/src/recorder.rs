//! [`Recorder`]: an [`Exercise`] whose every action is committed to the record first.
//!
//! The recorder checks an action with the engine (pure), writes it in its own transaction,
//! and only then applies it: an order is reported accepted only once it is on disk. When
//! resuming a headless run, the recorder *catches up*: the driver plays again from turn 1,
//! each action it gives is compared with the next logged one and applied without writing,
//! and writing starts where the log ends. Policies then rebuild their private state exactly
//! as it was, which re-applying the actions alone could not do.

use std::collections::VecDeque;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use jointex_scenario::Scenario;
use jointex_scenario::model::TeamId;
use jointex_sim::policy::Policy;
use jointex_sim::{
    Command, Executed, Exercise, Order, Refusal, Seat, Session, TeamConsole, TeamOrder, TurnReport,
};

use crate::store::{Action, Driver, FORMAT_VERSION, Logged, Meta, Record, Store, TurnRow};
use crate::{Error, scenario_sha256};

/// What a driver runs once an action is on disk.
type OnCommit = Box<dyn FnMut(&Logged)>;

/// An exercise that writes every action to its record before it takes effect.
pub struct Recorder {
    ex: Exercise,
    store: Option<Store>,
    /// Logged actions still to be matched while catching up.
    pending: VecDeque<Logged>,
    /// Recorded hashes of turns still to be matched while catching up.
    hashes: VecDeque<TurnRow>,
    broken: Option<String>,
    /// Called after each action is committed (not while catching up).
    on_commit: Option<OnCommit>,
}

impl Deref for Recorder {
    type Target = Exercise;

    fn deref(&self) -> &Exercise {
        &self.ex
    }
}

impl Recorder {
    /// An exercise with no record: every action passes straight to the engine.
    pub fn unrecorded(scenario: Arc<Scenario>, seed: u64) -> Self {
        Recorder {
            ex: Exercise::new(scenario, seed),
            store: None,
            pending: VecDeque::new(),
            hashes: VecDeque::new(),
            broken: None,
            on_commit: None,
        }
    }

    /// Starts a new exercise and its record at `path` (never replacing a file).
    pub fn create(
        path: &Path,
        scenario_text: &str,
        scenario: Arc<Scenario>,
        seed: u64,
        driver: Driver,
    ) -> Result<Self, Error> {
        let meta = Meta {
            format: FORMAT_VERSION,
            scenario_id: scenario.meta.id.clone(),
            scenario_version: scenario.meta.version.clone(),
            scenario_text: scenario_text.to_owned(),
            scenario_sha256: scenario_sha256(scenario_text),
            seed,
            created_by: format!("jointex-record {}", env!("CARGO_PKG_VERSION")),
            driver,
        };
        let store = Store::create(path, &meta)?;
        Ok(Recorder {
            store: Some(store),
            ..Recorder::unrecorded(scenario, seed)
        })
    }

    /// Continues a validated record where it stopped: the exercise is restored by
    /// re-applying every logged action, and new actions are appended.
    pub fn resume(record: &Record) -> Result<Self, Error> {
        let ex = crate::restore(record)?;
        Ok(Recorder {
            ex,
            store: Some(Store::append(record)?),
            pending: VecDeque::new(),
            hashes: VecDeque::new(),
            broken: None,
            on_commit: None,
        })
    }

    /// Continues a validated record by having its driver play again from turn 1: each
    /// action must match the logged one until the log ends, then writing starts.
    pub fn catch_up(record: &Record) -> Result<Self, Error> {
        Ok(Recorder {
            ex: Exercise::new(record.scenario.clone(), record.meta.seed),
            store: Some(Store::append(record)?),
            pending: record.actions.iter().cloned().collect(),
            hashes: record.turns.iter().cloned().collect(),
            broken: None,
            on_commit: None,
        })
    }

    /// Calls `f` after each action is committed to disk: what a driver acknowledges.
    pub fn on_commit(&mut self, f: impl FnMut(&Logged) + 'static) {
        self.on_commit = Some(Box::new(f));
    }

    /// The record's path, if recording.
    pub fn path(&self) -> Option<&Path> {
        self.store.as_ref().map(|s| s.path.as_path())
    }

    /// Whether logged actions remain to be matched (catching up after a resume).
    pub fn catching_up(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The exercise.
    pub fn exercise(&self) -> &Exercise {
        &self.ex
    }

    /// Gives a command from a seat; `Ok` only once it is recorded. The engine checks it
    /// first (pure), so a refused command is never logged.
    pub fn execute(&mut self, seat: Seat, command: Command) -> Result<Executed, Error> {
        self.execute_by(seat, command, None)
    }

    /// Gives a command from a seat on behalf of a named person (a player in `serve`); the
    /// record keeps the name with the command.
    pub fn execute_by(
        &mut self,
        seat: Seat,
        command: Command,
        by: Option<&str>,
    ) -> Result<Executed, Error> {
        self.usable()?;
        self.ex.check_command(seat, &command)?;
        if command == Command::Resolve {
            return self.resolve_logged(by).map(Executed::Resolved);
        }
        self.log(Action::new(seat, command.clone()).by(by), None)?;
        Ok(self.ex.execute(seat, command)?)
    }

    /// Gives an order from the seat it belongs to; `Ok` only once it is recorded.
    pub fn order(&mut self, order: Order) -> Result<(), Error> {
        let (seat, command) = jointex_sim::seat::split(order);
        self.execute(seat, command).map(|_| ())
    }

    /// Takes an order back out of a team's plan.
    pub fn withdraw(&mut self, team: TeamId, index: usize) -> Result<Option<TeamOrder>, Error> {
        match self.execute(Seat::Team(team), Command::Withdraw(index)) {
            Ok(Executed::Withdrawn(o)) => Ok(Some(o)),
            Ok(_) | Err(Error::Refused(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Submits a team's plan.
    pub fn submit(&mut self, team: TeamId) -> Result<(), Error> {
        self.execute(Seat::Team(team), Command::Submit).map(|_| ())
    }

    /// Resolves the turn; the resolve and the turn's hash and events are committed together.
    pub fn resolve(&mut self) -> Result<TurnReport, Error> {
        match self.execute(Seat::Facilitator, Command::Resolve)? {
            Executed::Resolved(r) => Ok(r),
            // Resolve always reports its turn.
            _ => Err(Refusal::ExerciseOver.into()),
        }
    }

    fn resolve_logged(&mut self, by: Option<&str>) -> Result<TurnReport, Error> {
        let turn = self.ex.turn();
        let report = self.ex.resolve()?;
        let json =
            |v: &[jointex_sim::Event]| serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned());
        let row = TurnRow {
            turn,
            seq: 0,
            hash: report.hash,
            events: json(&report.events),
            opening: json(&report.opening),
        };
        if let Some(recorded) = self.hashes.front()
            && !self.pending.is_empty()
        {
            if recorded.turn == turn && recorded.hash != report.hash {
                let e = Error::Desync {
                    turn,
                    recorded: recorded.hash,
                    replayed: report.hash,
                };
                self.broken = Some(e.to_string());
                return Err(e);
            }
            if recorded.turn == turn {
                for (what, rows, events) in [
                    ("events", &recorded.events, &report.events),
                    ("opening", &recorded.opening, &report.opening),
                ] {
                    if !crate::replay::same_events(rows, events) {
                        let e = Error::Tampered {
                            path: self.path().map(Path::to_path_buf).unwrap_or_default(),
                            why: format!(
                                "turn {turn}'s {what} row is not what its commands produce"
                            ),
                        };
                        self.broken = Some(e.to_string());
                        return Err(e);
                    }
                }
            }
            self.hashes.pop_front();
        }
        // The engine has moved on; if the write fails, the record stops here and the
        // recorder refuses everything after, so memory and disk never silently part.
        if let Err(e) = self.log(
            Action::new(Seat::Facilitator, Command::Resolve).by(by),
            Some(&row),
        ) {
            self.broken = Some(e.to_string());
            return Err(e);
        }
        Ok(report)
    }

    fn usable(&self) -> Result<(), Error> {
        match &self.broken {
            Some(why) => Err(Error::Broken(why.clone())),
            None => Ok(()),
        }
    }

    /// Writes an action, or while catching up, matches it with the logged one.
    fn log(&mut self, action: Action, row: Option<&TurnRow>) -> Result<(), Error> {
        // A resolve belongs to the turn it resolved, which its row names.
        let turn = row.map_or_else(|| self.ex.turn(), |r| r.turn);
        if let Some(next) = self.pending.front() {
            // Who gave it is not what it does: a driver catching up need not know the names.
            if (next.action.seat, &next.action.command) != (action.seat, &action.command)
                || next.turn != turn
            {
                let e = Error::Diverged {
                    seq: next.seq,
                    turn: next.turn,
                    recorded: format!("{} {}", next.action.kind(), next.action.payload()),
                    given: format!("{} {} in turn {turn}", action.kind(), action.payload()),
                };
                self.broken = Some(e.to_string());
                return Err(e);
            }
            self.pending.pop_front();
            return Ok(());
        }
        let Some(store) = &mut self.store else {
            return Ok(());
        };
        match store.write(turn, &action, row) {
            Ok(seq) => {
                if let Some(f) = &mut self.on_commit {
                    f(&Logged { seq, turn, action });
                }
                Ok(())
            }
            Err(e) => {
                // Nothing more is accepted: a driver must not go on as if it were recorded.
                self.broken = Some(e.to_string());
                Err(e)
            }
        }
    }
}

/// Plays a team's turn with a policy through the recorder, exactly as
/// [`jointex_sim::policy::play`] does with a bare exercise: through the team's console,
/// from its observation, and submits. Returns the orders accepted, or the first record
/// failure.
pub fn play_policy(
    rec: &mut Recorder,
    team: TeamId,
    policy: &mut dyn Policy,
) -> Result<Vec<TeamOrder>, Error> {
    jointex_sim::policy::play_console(&mut TeamConsole::new(rec, team), policy)
}

impl Session for Recorder {
    type Error = Error;

    fn execute(&mut self, seat: Seat, command: Command) -> Result<Executed, Error> {
        Recorder::execute(self, seat, command)
    }

    fn exercise(&self) -> &Exercise {
        &self.ex
    }
}
