//! The evaluation: every objective rated from the engine's own measures, in one place.
//!
//! The dashboard, `run`'s summary and `--json`, and the after-action report all read
//! [`Exercise::evaluation`](crate::Exercise::evaluation); none of them rates anything itself,
//! so they cannot disagree. Each objective gets an HSEEP rating (P, S, M, U) or, when its
//! measure had nothing to measure, *not exercised*: an exercise in which the adversary never
//! got in does not "meet" a detection objective.
//!
//! How cases are counted (docs/engine.md says the same for planners):
//!
//! * **Turn measures** (detect, contain, share within *n* turns) count *cases*: a compromise
//!   from its start to its owner's first detection; a detected compromise to its
//!   containment; a team's own finding to its first share. A case done is measured in turns;
//!   one not done whose *n* turns have run out is *overdue* (it can no longer be done in
//!   time); one not done whose time has not run out is *pending* and not rated yet.
//! * A finding every partner already held when the team learned it (both read it in the
//!   same advisory) owes nobody a share and is not a case.
//! * TLP compliance is exercised once the team has passed intel on (a share or an advisory).
//! * Expected MSEL actions are exercised once one has fallen due.
//! * Joint operations are exercised once one took effect, or at the end of the exercise
//!   (none by then is a real failure; none by turn 3 of 12 is not yet one).

use jointex_scenario::model::{AssetId, IndicatorId, Measure, ObjectiveId, TeamId};
use serde::Serialize;

use crate::events::Source;
use crate::orders::TeamOrder;
use crate::state::*;
use bevy_ecs::world::World;

/// An HSEEP rating of an objective, or that nothing put it to the test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
    /// Nothing happened that the measure could measure (no compromise to detect, nothing to
    /// contain or share, no expected action due).
    NotExercised,
}

impl Rating {
    /// Met: performed, with at most some challenges.
    pub fn met(self) -> bool {
        matches!(self, Rating::P | Rating::S)
    }

    /// The letter, or `N/E`.
    pub fn letter(self) -> &'static str {
        match self {
            Rating::P => "P",
            Rating::S => "S",
            Rating::M => "M",
            Rating::U => "U",
            Rating::NotExercised => "N/E",
        }
    }

    /// The letter and its meaning, in English.
    pub fn label(self) -> &'static str {
        match self {
            Rating::P => "P — performed without challenges",
            Rating::S => "S — performed with some challenges",
            Rating::M => "M — performed with major challenges",
            Rating::U => "U — unable to be performed",
            Rating::NotExercised => "N/E — not exercised",
        }
    }

    /// The lower of two ratings, where *not exercised* gives way to any rating.
    fn worst(self, other: Rating) -> Rating {
        match (self, other) {
            (Rating::NotExercised, x) | (x, Rating::NotExercised) => x,
            (a, b) => a.max(b),
        }
    }
}

/// Cases of a turn measure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cases {
    /// Turns each case done took, in case order.
    pub done: Vec<u32>,
    /// Cases not done whose time has run out.
    pub overdue: u32,
    /// Cases not done whose time has not run out.
    pub pending: u32,
}

impl Cases {
    /// The slowest case done.
    pub fn worst(&self) -> Option<u32> {
        self.done.iter().copied().max()
    }

    /// Cases that count for the rating: done or overdue.
    pub fn rated(&self) -> usize {
        self.done.len() + self.overdue as usize
    }

    fn add(&mut self, done: Option<u32>, elapsed: u32, n: u32) {
        match done {
            Some(t) => self.done.push(t),
            // Not done by the end of the turn `n` turns after the start: too late now.
            None if elapsed >= n => self.overdue += 1,
            None => self.pending += 1,
        }
    }
}

/// What was measured for one team under one objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Measured {
    /// Compromises of own assets, start to first detection.
    Detect(Cases),
    /// Detected compromises, detection to containment.
    Contain(Cases),
    /// Own findings partners did not yet hold, learning to first share.
    Share(Cases),
    /// Lowest availability of the sectors concerned, per mille; `None` when the team serves
    /// nobody in them.
    Availability(Option<u16>),
    /// TLP markings broken, and how many times the team passed intel on at all.
    Tlp {
        /// Violations.
        violations: u32,
        /// Shares and advisories sent.
        passed_on: u32,
    },
    /// Joint operations that took effect with this team in them, and whether the exercise
    /// is over (until then, none yet is not a failure).
    Joint {
        /// Operations.
        operations: u32,
        /// The last turn has been resolved.
        over: bool,
    },
    /// Expected MSEL actions met in time, of those due.
    Expected {
        /// Met.
        met: u32,
        /// Due (met or missed).
        due: u32,
    },
}

/// One team's result under one objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TeamResult {
    /// The team.
    pub team: TeamId,
    /// What was measured.
    pub measured: Measured,
    /// Its rating.
    pub rating: Rating,
}

/// One objective, rated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveResult {
    /// The objective.
    pub objective: ObjectiveId,
    /// Per team concerned (one for a team objective, every team for a joint one).
    pub teams: Vec<TeamResult>,
    /// The objective's rating: the team's, or for a joint objective the lowest team rating
    /// among the teams it exercised.
    pub rating: Rating,
}

/// One compromise, from fall to containment: ground truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentView {
    /// The asset.
    pub asset: AssetId,
    /// Its owner.
    pub team: TeamId,
    /// Turn it fell.
    pub compromised: u32,
    /// Turn its owner first flagged it.
    pub detected: Option<u32>,
    /// How it was first flagged.
    pub detected_by: Option<Source>,
    /// Turn it was contained.
    pub contained: Option<u32>,
}

impl IncidentView {
    /// Turns from compromise to detection.
    pub fn time_to_detect(&self) -> Option<u32> {
        Some(self.detected?.saturating_sub(self.compromised))
    }

    /// Turns from detection to containment.
    pub fn time_to_contain(&self) -> Option<u32> {
        Some(self.contained?.saturating_sub(self.detected?))
    }
}

/// The whole evaluation at one moment: ground truth, for the facilitator and the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The last turn resolved (0 before the first).
    pub resolved: u32,
    /// Whether the exercise is over: the ratings are final.
    pub over: bool,
    /// Every objective, in scenario order.
    pub objectives: Vec<ObjectiveResult>,
    /// Every compromise, in the order they happened.
    pub incidents: Vec<IncidentView>,
}

/// The English rule that turns a measure into P/S/M/U, for the report's readers.
pub fn rule(measure: &Measure) -> String {
    match measure {
        Measure::TimeToDetect(n) | Measure::TimeToContain(n) | Measure::TimeToShare(n) => {
            format!(
                "P: every case within {} turn(s), one to spare; S: within {n}; M: within {}; U: \
                 slower, or any case not done in time",
                n.saturating_sub(1),
                n.saturating_add(2)
            )
        }
        Measure::Availability { percent, .. } => format!(
            "P: never below {}% (5 points to spare); S: never below {percent}%; M: never below \
             {}%; U: lower",
            (u32::from(*percent) + 5).min(100),
            u32::from(*percent).saturating_sub(10)
        ),
        Measure::TlpCompliance => "P: no violation; M: one; U: more than one".to_owned(),
        Measure::JointOperations(n) => {
            format!("P: more than {n}; S: exactly {n}; M: one short but at least one; U: fewer")
        }
        Measure::ExpectedActions(p) => format!(
            "P: at least {}%; S: at least {p}%; M: at least {}%; U: fewer",
            (u32::from(*p) + 10).min(100),
            u32::from(*p).saturating_sub(15)
        ),
    }
}

fn rate_turns(c: &Cases, n: u32) -> Rating {
    if c.rated() == 0 {
        return Rating::NotExercised;
    }
    if c.overdue > 0 {
        return Rating::U;
    }
    match c.worst() {
        None => Rating::NotExercised,
        Some(w) if w < n => Rating::P,
        Some(w) if w == n => Rating::S,
        Some(w) if w <= n.saturating_add(2) => Rating::M,
        Some(_) => Rating::U,
    }
}

/// Rates one measured value against its measure.
pub fn rate(measure: &Measure, measured: &Measured) -> Rating {
    match (measure, measured) {
        (Measure::TimeToDetect(n), Measured::Detect(c))
        | (Measure::TimeToContain(n), Measured::Contain(c))
        | (Measure::TimeToShare(n), Measured::Share(c)) => rate_turns(c, *n),
        (Measure::Availability { percent, .. }, Measured::Availability(low)) => {
            let Some(low) = low.map(u32::from) else {
                return Rating::NotExercised;
            };
            let floor = u32::from(*percent) * 10;
            if low >= (floor + 50).min(1000) {
                Rating::P
            } else if low >= floor {
                Rating::S
            } else if low + 100 >= floor {
                Rating::M
            } else {
                Rating::U
            }
        }
        (Measure::TlpCompliance, Measured::Tlp { violations, .. }) if *violations > 0 => {
            if *violations == 1 {
                Rating::M
            } else {
                Rating::U
            }
        }
        (Measure::TlpCompliance, Measured::Tlp { passed_on, .. }) => {
            if *passed_on == 0 {
                Rating::NotExercised
            } else {
                Rating::P
            }
        }
        (
            Measure::JointOperations(_),
            Measured::Joint {
                operations: 0,
                over: false,
            },
        ) => Rating::NotExercised,
        (Measure::JointOperations(n), Measured::Joint { operations: j, .. }) => {
            if j > n {
                Rating::P
            } else if j == n {
                Rating::S
            } else if j + 1 == *n && *j > 0 {
                Rating::M
            } else {
                Rating::U
            }
        }
        (Measure::ExpectedActions(p), Measured::Expected { met, due }) => {
            if *due == 0 {
                return Rating::NotExercised;
            }
            let pct = met * 100 / due;
            let p = u32::from(*p);
            if pct >= (p + 10).min(100) {
                Rating::P
            } else if pct >= p {
                Rating::S
            } else if pct + 15 >= p {
                Rating::M
            } else {
                Rating::U
            }
        }
        // A measure is always measured by its own kind (see `measure`).
        _ => Rating::NotExercised,
    }
}

/// Measures one team under one measure, with the turns resolved so far.
pub fn measure(world: &World, team: TeamId, measure: &Measure, resolved: u32) -> Measured {
    let over = resolved >= world.resource::<Control>().last;
    let s = &world.resource::<Scn>().0;
    let m = world.resource::<Measures>();
    let own = |a: AssetId| s.asset(a).owner == team;
    let since = |start: u32| resolved.saturating_sub(start);
    match measure {
        Measure::TimeToDetect(n) => {
            let mut c = Cases::default();
            for i in m.incidents.iter().filter(|i| own(i.asset)) {
                let done = i.detected.map(|d| d.saturating_sub(i.compromised));
                c.add(done, since(i.compromised), *n);
            }
            Measured::Detect(c)
        }
        Measure::TimeToContain(n) => {
            let mut c = Cases::default();
            for i in m.incidents.iter().filter(|i| own(i.asset)) {
                if let Some(d) = i.detected {
                    c.add(i.contained.map(|x| x.saturating_sub(d)), since(d), *n);
                }
            }
            Measured::Contain(c)
        }
        Measure::TimeToShare(n) => {
            let mut c = Cases::default();
            for (_, l, shared) in share_cases(world, team) {
                c.add(shared.map(|t| t.saturating_sub(l)), since(l), *n);
            }
            Measured::Share(c)
        }
        Measure::Availability { sector, .. } => Measured::Availability(
            m.lowest
                .iter()
                .filter(|((t, sec), _)| *t == team && sector.is_none_or(|x| x == *sec))
                .map(|(_, v)| *v)
                .min(),
        ),
        Measure::TlpCompliance => {
            let shares = world
                .resource::<Knowledge>()
                .shares
                .iter()
                .filter(|sh| sh.from == team)
                .count() as u32;
            let advisories = world
                .resource::<Applied>()
                .0
                .iter()
                .filter(|(_, t, o)| *t == team && matches!(o, TeamOrder::PublicAdvisory(_)))
                .count() as u32;
            Measured::Tlp {
                violations: m.violations[team.index()],
                passed_on: shares + advisories,
            }
        }
        Measure::JointOperations(_) => Measured::Joint {
            operations: m.joint[team.index()],
            over,
        },
        Measure::ExpectedActions(_) => {
            let inj = world.resource::<Injects>();
            let (mut met, mut due) = (0u32, 0u32);
            for (i, inject) in s.injects.iter().enumerate() {
                for (j, e) in inject.expected.iter().enumerate() {
                    if e.team == team
                        && let Some(v) = inj.expected[i][j]
                    {
                        due += 1;
                        met += u32::from(v);
                    }
                }
            }
            Measured::Expected { met, due }
        }
    }
}

/// A team's own findings that a partner did not hold when the team learned them: (indicator,
/// turn learned, turn first shared).
pub fn share_cases(world: &World, team: TeamId) -> Vec<(IndicatorId, u32, Option<u32>)> {
    let k = &world.resource::<Knowledge>().teams;
    let me = &k[team.index()];
    me.indicators
        .iter()
        .filter(|(_, l)| shareable_finding(l))
        .filter(|(i, l)| {
            k.iter().enumerate().any(|(t, other)| {
                t != team.index() && other.indicators.get(i).is_none_or(|o| o.turn > l.turn)
            })
        })
        .map(|(i, l)| (*i, l.turn, me.shared.get(i).copied()))
        .collect()
}

/// Rates every objective with the turns resolved so far.
pub fn objectives(world: &World, resolved: u32) -> Vec<ObjectiveResult> {
    let s = &world.resource::<Scn>().0;
    s.objectives
        .iter()
        .enumerate()
        .map(|(o, obj)| {
            let teams: Vec<TeamId> = match obj.team {
                Some(t) => vec![t],
                None => (0..s.teams.len() as u16).map(TeamId).collect(),
            };
            let teams: Vec<TeamResult> = teams
                .into_iter()
                .map(|team| {
                    let measured = measure(world, team, &obj.measure, resolved);
                    TeamResult {
                        team,
                        rating: rate(&obj.measure, &measured),
                        measured,
                    }
                })
                .collect();
            let rating = teams
                .iter()
                .fold(Rating::NotExercised, |r, t| r.worst(t.rating));
            ObjectiveResult {
                objective: ObjectiveId(o as u16),
                teams,
                rating,
            }
        })
        .collect()
}

/// Every incident, as the evaluation sees it.
pub fn incidents(world: &World) -> Vec<IncidentView> {
    let s = &world.resource::<Scn>().0;
    world
        .resource::<Measures>()
        .incidents
        .iter()
        .map(|i| IncidentView {
            asset: i.asset,
            team: s.asset(i.asset).owner,
            compromised: i.compromised,
            detected: i.detected,
            detected_by: i.detected_by,
            contained: i.contained,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_exercised_gives_way_to_any_rating() {
        assert_eq!(Rating::NotExercised.worst(Rating::P), Rating::P);
        assert_eq!(Rating::U.worst(Rating::NotExercised), Rating::U);
        assert_eq!(Rating::S.worst(Rating::M), Rating::M);
        assert_eq!(
            Rating::NotExercised.worst(Rating::NotExercised),
            Rating::NotExercised
        );
    }

    #[test]
    fn turn_cases_rate_by_the_slowest_and_any_overdue() {
        let c = |done: &[u32], overdue, pending| Cases {
            done: done.to_vec(),
            overdue,
            pending,
        };
        let m = Measure::TimeToDetect(2);
        let r = |x| rate(&m, &Measured::Detect(x));
        assert_eq!(r(c(&[], 0, 0)), Rating::NotExercised);
        assert_eq!(
            r(c(&[], 0, 3)),
            Rating::NotExercised,
            "pending is not rated"
        );
        assert_eq!(r(c(&[0, 1], 0, 0)), Rating::P);
        assert_eq!(r(c(&[2], 0, 1)), Rating::S);
        assert_eq!(r(c(&[4], 0, 0)), Rating::M);
        assert_eq!(r(c(&[5], 0, 0)), Rating::U);
        assert_eq!(r(c(&[0], 1, 0)), Rating::U);
        assert_eq!(r(c(&[], 1, 0)), Rating::U);
    }

    #[test]
    fn cases_fall_overdue_when_their_time_runs_out() {
        let mut c = Cases::default();
        c.add(None, 1, 2);
        c.add(None, 2, 2);
        c.add(Some(1), 5, 2);
        assert_eq!((c.pending, c.overdue, c.done.clone()), (1, 1, vec![1]));
    }

    #[test]
    fn tlp_compliance_needs_something_passed_on() {
        let m = Measure::TlpCompliance;
        let t = |violations, passed_on| {
            rate(
                &m,
                &Measured::Tlp {
                    violations,
                    passed_on,
                },
            )
        };
        assert_eq!(t(0, 0), Rating::NotExercised);
        assert_eq!(t(0, 3), Rating::P);
        assert_eq!(t(1, 3), Rating::M);
        assert_eq!(t(2, 3), Rating::U);
    }
}
