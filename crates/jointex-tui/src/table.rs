//! The table: one exercise shared by every console that plays it.
//!
//! In `play` one [`App`](crate::App) sits at the table and the keyboard passes from seat to
//! seat; in `jointex serve` every connected player has an `App` of their own, bound to their
//! seat, and all of them share one table. The table holds what belongs to the exercise
//! rather than to a screen: the record, the last resolution, the figures per turn, who
//! proposed each order of the plans being written, and who is connected. Every change bumps
//! [`Table::generation`], which tells the other consoles to redraw.

use std::cell::RefCell;
use std::rc::Rc;

use jointex_scenario::model::TeamId;
use jointex_sim::{Belief, Command, Executed, Exercise, Seat, TurnReport};

use jointex_record::{Error as RecordError, Recorder};

/// Figures per resolved turn, for the evaluation sparklines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TurnStat {
    /// Turn resolved (0: the start).
    pub turn: u32,
    /// Per team: mean availability per mille.
    pub availability: Vec<u64>,
    /// Per team: own assets held by the adversary.
    pub held: Vec<u64>,
    /// Per team: own assets flagged (suspected or confirmed).
    pub flagged: Vec<u64>,
}

/// A hook run after each resolved turn, returning messages for the facilitator.
pub type AfterResolve = Box<dyn FnMut(&Exercise) -> Vec<String>>;

/// A person connected to the exercise (network play).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Present {
    /// Their name in the roster.
    pub name: String,
    /// Their seat.
    pub seat: Seat,
    /// Their role in the team, if the roster gives one.
    pub role: Option<String>,
    /// Sessions they have open.
    pub sessions: u32,
}

/// The shared exercise.
pub struct Table {
    rec: Recorder,
    last_report: Option<TurnReport>,
    history: Vec<TurnStat>,
    after_resolve: Option<AfterResolve>,
    /// What the hook said after the last resolution, for the facilitator.
    hook_said: Vec<String>,
    generation: u64,
    /// Per team, who proposed each order of its plan (`None`: not known, e.g. hot-seat).
    proposers: Vec<Vec<Option<String>>>,
    present: Vec<Present>,
}

/// A table shared by the consoles of one thread.
pub type Shared = Rc<RefCell<Table>>;

impl Table {
    /// A table around an exercise and its record.
    pub fn new(rec: Recorder) -> Self {
        let n = rec.scenario().teams.len();
        let proposers = (0..n)
            .map(|t| vec![None; rec.view(TeamId(t as u16)).plan.len()])
            .collect();
        let mut table = Table {
            rec,
            last_report: None,
            history: Vec::new(),
            after_resolve: None,
            hook_said: Vec::new(),
            generation: 0,
            proposers,
            present: Vec::new(),
        };
        table.record_history(0);
        table
    }

    /// The table, shareable.
    pub fn shared(self) -> Shared {
        Rc::new(RefCell::new(self))
    }

    /// The exercise and its record.
    pub fn recorder(&self) -> &Recorder {
        &self.rec
    }

    /// The exercise.
    pub fn exercise(&self) -> &Exercise {
        self.rec.exercise()
    }

    /// Bumped by every change; a console whose last draw saw an older value redraws.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Marks a change that is not a command (someone joined or left).
    pub fn touch(&mut self) {
        self.generation += 1;
    }

    /// Runs `hook` after every resolved turn.
    pub fn set_after_resolve(&mut self, hook: AfterResolve) {
        self.after_resolve = Some(hook);
    }

    /// Takes the hook out (the picker moves it to the chosen exercise's table).
    pub fn take_after_resolve(&mut self) -> Option<AfterResolve> {
        self.after_resolve.take()
    }

    /// What the after-resolve hook said last.
    pub fn hook_said(&self) -> &[String] {
        &self.hook_said
    }

    /// The last resolution, if a turn was resolved at this table.
    pub fn last_report(&self) -> Option<&TurnReport> {
        self.last_report.as_ref()
    }

    /// Figures per resolved turn.
    pub fn history(&self) -> &[TurnStat] {
        &self.history
    }

    /// Per team, who proposed each order of its current plan.
    pub fn proposers(&self, team: TeamId) -> &[Option<String>] {
        self.proposers.get(team.index()).map_or(&[], Vec::as_slice)
    }

    /// Sets who proposed the orders of each team's current plan (a resumed record knows).
    pub fn set_proposers(&mut self, team: TeamId, names: Vec<Option<String>>) {
        if let Some(p) = self.proposers.get_mut(team.index()) {
            *p = names;
        }
    }

    /// Who is connected.
    pub fn present(&self) -> &[Present] {
        &self.present
    }

    /// Someone opened a session.
    pub fn join(&mut self, name: &str, seat: Seat, role: Option<&str>) {
        match self.present.iter_mut().find(|p| p.name == name) {
            Some(p) => p.sessions += 1,
            None => self.present.push(Present {
                name: name.to_owned(),
                seat,
                role: role.map(str::to_owned),
                sessions: 1,
            }),
        }
        self.touch();
    }

    /// Someone closed a session.
    pub fn leave(&mut self, name: &str) {
        if let Some(i) = self.present.iter().position(|p| p.name == name) {
            self.present[i].sessions = self.present[i].sessions.saturating_sub(1);
            if self.present[i].sessions == 0 {
                self.present.remove(i);
            }
        }
        self.touch();
    }

    /// Gives a command from a seat on behalf of `by` (a player's name in network play);
    /// `Ok` once it is recorded.
    pub fn execute(
        &mut self,
        seat: Seat,
        command: Command,
        by: Option<&str>,
    ) -> Result<Executed, RecordError> {
        let done = self.rec.execute_by(seat, command.clone(), by)?;
        self.generation += 1;
        match (&command, seat, &done) {
            (Command::Order(_), Seat::Team(t), _) => {
                if let Some(p) = self.proposers.get_mut(t.index()) {
                    p.push(by.map(str::to_owned));
                }
            }
            (Command::Withdraw(i), Seat::Team(t), Executed::Withdrawn(_)) => {
                if let Some(p) = self.proposers.get_mut(t.index())
                    && *i < p.len()
                {
                    p.remove(*i);
                }
            }
            _ => {}
        }
        if let Executed::Resolved(report) = &done {
            for p in &mut self.proposers {
                p.clear();
            }
            self.hook_said = match &mut self.after_resolve {
                Some(hook) => hook(self.rec.exercise()),
                None => Vec::new(),
            };
            self.record_history(report.turn);
            self.last_report = Some(report.clone());
        }
        Ok(done)
    }

    fn record_history(&mut self, turn: u32) {
        let s = self.rec.scenario().clone();
        let view = self.rec.facilitator_view();
        let n = s.teams.len();
        let mut held = vec![0u64; n];
        let mut flagged = vec![0u64; n];
        for a in &view.assets {
            let owner = s.asset(a.asset).owner.index();
            held[owner] += u64::from(a.held_by.is_some());
            flagged[owner] += u64::from(
                a.beliefs
                    .iter()
                    .any(|(_, b)| matches!(b, Belief::Compromised | Belief::Suspected)),
            );
        }
        let availability = view
            .metrics
            .iter()
            .map(|m| {
                if m.availability.is_empty() {
                    1000
                } else {
                    m.availability.values().map(|v| u64::from(*v)).sum::<u64>()
                        / m.availability.len() as u64
                }
            })
            .collect();
        self.history.push(TurnStat {
            turn,
            availability,
            held,
            flagged,
        });
    }
}
