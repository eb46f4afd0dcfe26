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
use std::sync::Arc;

use jointex_scenario::Scenario;

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

/// Edges (indices into the scenario's edges) touching each asset.
pub type Links = std::collections::BTreeMap<jointex_scenario::model::AssetId, Vec<usize>>;

/// A team's projection of the scenario with its links, and the log length it was made at.
type Projection = (usize, Arc<Scenario>, Arc<Links>);

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

/// What happens to plans not submitted when the planning time runs out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AtDeadline {
    /// Nothing automatic: consoles say the time is up; the facilitator resolves (forcing the
    /// turn if a team has not submitted).
    Wait,
    /// Every plan not yet submitted is submitted as it stands; the facilitator resolves.
    #[default]
    Submit,
    /// As `Submit`, then the turn is resolved at once.
    Resolve,
}

/// The longest planning time a facilitator may set, in minutes (a working day).
pub const MAX_PLANNING_MINUTES: u32 = 600;

/// The name under which the server submits or resolves when the planning time runs out.
pub const DEADLINE_NAME: &str = "deadline";

/// The planning deadline of the turn being planned, as consoles show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// When the planning time ends.
    pub due: jiff::Timestamp,
    /// Seconds left; zero once it has run out.
    pub left: i64,
    /// What happens (or happened) when it ran out.
    pub then: AtDeadline,
}

#[derive(Clone, Copy, Debug)]
struct Deadline {
    turn: u32,
    due: jiff::Timestamp,
    lapsed: bool,
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
    /// Per team, its projection of the scenario: it changes only when something is logged
    /// (an indicator learned, an inject fired), so it is made once per change and shared by
    /// every console of the team.
    projections: Vec<Option<Projection>>,
    /// The interface text in both languages: parsed once, shared by every console.
    i18n: Rc<crate::i18n::I18n>,
    /// The wall clock, as the host last set it (network play only: the engine and the
    /// consoles never read a clock).
    now: Option<jiff::Timestamp>,
    deadline: Option<Deadline>,
    at_deadline: AtDeadline,
}

/// Why a planning deadline could not be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// One terminal (`play`) has no clock to count down.
    #[error("planning deadlines are for network play (jointex serve)")]
    NoClock,
    /// Longer than [`MAX_PLANNING_MINUTES`].
    #[error("at most 600 minutes")]
    TooLong,
    /// Nothing left to plan.
    #[error("the exercise is over")]
    Over,
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
            projections: vec![None; n],
            i18n: Rc::new(crate::i18n::I18n::new()),
            now: None,
            deadline: None,
            at_deadline: AtDeadline::default(),
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

    /// A team's projection of the scenario and the links of its assets, made again only
    /// when the log has grown since.
    pub fn team_projection(&mut self, team: TeamId) -> (Arc<Scenario>, Arc<Links>) {
        let logged = self.rec.events().len();
        if let Some(Some((at, s, l))) = self.projections.get(team.index())
            && *at == logged
        {
            return (s.clone(), l.clone());
        }
        let s = Arc::new(self.rec.team_scenario(team));
        let mut links = Links::new();
        for (i, e) in s.edges.iter().enumerate() {
            links.entry(e.from).or_default().push(i);
            if e.to != e.from {
                links.entry(e.to).or_default().push(i);
            }
        }
        let links = Arc::new(links);
        if let Some(slot) = self.projections.get_mut(team.index()) {
            *slot = Some((logged, s.clone(), links.clone()));
        }
        (s, links)
    }

    /// The interface text.
    pub fn i18n(&self) -> Rc<crate::i18n::I18n> {
        self.i18n.clone()
    }

    /// Who is connected.
    pub fn present(&self) -> &[Present] {
        &self.present
    }

    /// What happens to unsubmitted plans when the planning time runs out.
    pub fn set_at_deadline(&mut self, then: AtDeadline) {
        self.at_deadline = then;
    }

    /// Whether this table has a wall clock (network play), so deadlines can be set.
    pub fn has_clock(&self) -> bool {
        self.now.is_some()
    }

    /// Sets the planning time of the turn being planned, from now; zero clears it.
    pub fn set_deadline(&mut self, minutes: u32) -> Result<(), DeadlineError> {
        let Some(now) = self.now else {
            return Err(DeadlineError::NoClock);
        };
        if minutes > MAX_PLANNING_MINUTES {
            return Err(DeadlineError::TooLong);
        }
        if self.rec.is_over() {
            return Err(DeadlineError::Over);
        }
        self.deadline = (minutes > 0).then(|| Deadline {
            turn: self.rec.turn(),
            due: now + jiff::SignedDuration::from_mins(i64::from(minutes)),
            lapsed: false,
        });
        self.touch();
        Ok(())
    }

    /// The planning deadline of the turn being planned, if one is set.
    pub fn countdown(&self) -> Option<Countdown> {
        let d = self
            .deadline
            .filter(|d| d.turn == self.rec.turn() && !self.rec.is_over())?;
        let now = self.now?;
        Some(Countdown {
            due: d.due,
            left: d.due.duration_since(now).as_secs().max(0),
            then: self.at_deadline,
        })
    }

    /// The host's clock moved on: when the planning time has just run out, what the table
    /// is set to do is done (in the name [`DEADLINE_NAME`], so the record shows it). Returns
    /// whether consoles should redraw (a deadline is running or has just run out).
    pub fn tick(&mut self, now: jiff::Timestamp) -> bool {
        self.now = Some(now);
        let turn = self.rec.turn();
        let Some(d) = self.deadline.as_mut().filter(|d| d.turn == turn) else {
            return false;
        };
        if d.lapsed || now < d.due || self.rec.is_over() {
            return !d.lapsed;
        }
        d.lapsed = true;
        log::info!(
            "planning time of turn {turn} ran out ({:?})",
            self.at_deadline
        );
        if self.at_deadline != AtDeadline::Wait {
            let submitted = self.rec.facilitator_view().submitted;
            for (t, done) in submitted.iter().enumerate() {
                if !done {
                    let team = Seat::Team(TeamId(t as u16));
                    if let Err(e) = self.execute(team, Command::Submit, Some(DEADLINE_NAME)) {
                        log::warn!("submitting team {t} at the deadline failed: {e}");
                    }
                }
            }
        }
        if self.at_deadline == AtDeadline::Resolve
            && let Err(e) = self.execute(Seat::Facilitator, Command::Resolve, Some(DEADLINE_NAME))
        {
            log::warn!("resolving at the deadline failed: {e}");
        }
        self.touch();
        true
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
