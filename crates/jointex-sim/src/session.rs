//! One session interface for every driver of an exercise.
//!
//! The in-process [`Exercise`] and the record's recorder (log, then apply) both implement
//! [`Session`]; the terminal UI, `run`, `resume`, `replay`, the policies and the network
//! server drive whichever they are given the same way. A [`TeamConsole`] is what a team's
//! client is handed: it can execute and observe for its own seat and nothing else.

use jointex_scenario::model::TeamId;

use crate::observation::{Observation, Offer, TeamObservation};
use crate::orders::{Refusal, TeamOrder};
use crate::seat::{Command, Seat};
use crate::{Exercise, TurnReport};

/// What a command did.
#[derive(Clone, Debug, PartialEq)]
pub enum Executed {
    /// It took effect.
    Done,
    /// An order was taken back out of a plan: here it is.
    Withdrawn(TeamOrder),
    /// The turn was resolved.
    Resolved(TurnReport),
}

/// A driveable exercise.
pub trait Session {
    /// What can go wrong besides a refusal (a record that cannot be written).
    type Error: std::error::Error + From<Refusal>;

    /// Gives a command from a seat.
    fn execute(&mut self, seat: Seat, command: Command) -> Result<Executed, Self::Error>;

    /// The exercise behind the session, for reading.
    fn exercise(&self) -> &Exercise;

    /// What a seat sees; events from log position `since` on.
    fn observe(&self, seat: Seat, since: usize) -> Observation {
        self.exercise().observe(seat, since)
    }

    /// Whether a seat may give a command now, and why not.
    fn check_command(&self, seat: Seat, command: &Command) -> Result<(), Refusal> {
        self.exercise().check_command(seat, command)
    }
}

impl Session for Exercise {
    type Error = Refusal;

    fn execute(&mut self, seat: Seat, command: Command) -> Result<Executed, Refusal> {
        Exercise::execute(self, seat, command)
    }

    fn exercise(&self) -> &Exercise {
        self
    }
}

/// A team's console: executes and observes for one team and nothing else. This is what a
/// team's client holds; it has no way to name the exercise, the scenario or another seat.
pub struct TeamConsole<'a, S: Session> {
    session: &'a mut S,
    team: TeamId,
}

impl<'a, S: Session> TeamConsole<'a, S> {
    /// The console of `team` on `session`.
    pub fn new(session: &'a mut S, team: TeamId) -> Self {
        TeamConsole { session, team }
    }

    /// The team.
    pub fn team(&self) -> TeamId {
        self.team
    }

    /// Gives a command as this team.
    pub fn execute(&mut self, command: Command) -> Result<Executed, S::Error> {
        self.session.execute(Seat::Team(self.team), command)
    }

    /// Whether this team may give a command now, and why not.
    pub fn check(&self, command: &Command) -> Result<(), Refusal> {
        self.session.check_command(Seat::Team(self.team), command)
    }

    /// What this team sees; events from log position `since` on.
    pub fn observe(&self, since: usize) -> TeamObservation {
        self.session.exercise().observe_team(self.team, since)
    }

    /// The orders offered on one of this team's assets.
    pub fn asset_offers(&self, asset: jointex_scenario::model::AssetId) -> Vec<Offer> {
        self.session.exercise().asset_offers(self.team, asset)
    }
}
