//! What happened, measured: incidents, shares, availability and the objectives' ratings.

use std::collections::BTreeMap;

use jointex_scenario::model::Measure;
use jointex_scenario::model::{AssetId, TeamId};
use jointex_scenario::vocab::Sector;
use jointex_scenario::{Lang, Scenario};
use jointex_sim::{Event, Exercise, FacilitatorView, Order, TeamOrder};

use crate::Record;

/// HSEEP rating of an objective's core capability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

impl Rating {
    /// The letter and its meaning.
    pub fn label(self) -> &'static str {
        match self {
            Rating::P => "P — performed without challenges",
            Rating::S => "S — performed with some challenges",
            Rating::M => "M — performed with major challenges",
            Rating::U => "U — unable to be performed",
        }
    }
}

/// One compromise of an asset and what its owner did about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// The asset.
    pub asset: AssetId,
    /// Its owner.
    pub team: TeamId,
    /// Turn it fell.
    pub compromised: u32,
    /// Turn the owner first flagged it.
    pub detected: Option<u32>,
    /// Turn it was contained.
    pub contained: Option<u32>,
}

impl Incident {
    /// Turns to detect.
    pub fn ttd(&self) -> Option<u32> {
        self.detected.map(|d| d.saturating_sub(self.compromised))
    }
    /// Turns from detection to containment.
    pub fn ttc(&self) -> Option<u32> {
        Some(self.contained?.saturating_sub(self.detected?))
    }
}

/// A share: who sent what to whom, and how long after the sender learned it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedItem {
    /// Turn it arrived.
    pub turn: u32,
    /// Sender.
    pub from: TeamId,
    /// Recipient.
    pub to: TeamId,
    /// Indicator keys.
    pub indicators: Vec<String>,
    /// Marking label.
    pub tlp: String,
    /// Turns from the sender first learning the earliest of them to the share.
    pub latency: u32,
}

/// An objective with its rating and the rule that gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct Rated {
    /// Objective key.
    pub key: String,
    /// Objective text.
    pub text: String,
    /// Core capability.
    pub capability: String,
    /// Team key, or `joint`.
    pub team: String,
    /// The measure as written.
    pub measure: String,
    /// What was measured.
    pub measured: String,
    /// The rating.
    pub rating: Rating,
    /// The rule, P/S/M/U, for this measure.
    pub rule: String,
}

/// Everything the report says, computed once.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Turns resolved.
    pub turns: u32,
    /// Final state hash.
    pub hash: u64,
    /// Incidents, by turn then asset.
    pub incidents: Vec<Incident>,
    /// Shares, in order.
    pub shares: Vec<SharedItem>,
    /// Availability per (team, sector): per-mille at the end of turns 0..=turns.
    pub availability: BTreeMap<(TeamId, Sector), Vec<u16>>,
    /// Objectives.
    pub objectives: Vec<Rated>,
    /// Ground truth at the end.
    pub view: FacilitatorView,
    /// Timeline: (turn, team key or `all`, kind, text).
    pub timeline: Vec<(u32, String, &'static str, String)>,
    /// Expected MSEL actions missed: (team, inject key, what).
    pub missed: Vec<(TeamId, String, String)>,
}

/// The team key.
pub(crate) fn team_key(s: &Scenario, t: TeamId) -> String {
    s.teams
        .get(t.index())
        .map_or_else(|| format!("team #{}", t.0), |x| x.key.clone())
}

/// `US team` style name: the nation code and "team".
pub(crate) fn team_name(s: &Scenario, t: TeamId) -> String {
    s.teams.get(t.index()).map_or_else(
        || format!("team #{}", t.0),
        |x| format!("{} team ({})", x.nation, x.cert.get(Lang::En)),
    )
}

pub(crate) fn asset_name(s: &Scenario, a: AssetId) -> String {
    s.assets.get(a.index()).map_or_else(
        || format!("asset #{}", a.0),
        |x| format!("{} ({})", x.name.get(Lang::En), x.key),
    )
}

fn indicator_key(s: &Scenario, i: jointex_scenario::model::IndicatorId) -> String {
    s.indicators
        .get(i.index())
        .map_or_else(|| format!("indicator #{}", i.0), |x| x.key.clone())
}

/// Analyses a restored exercise.
pub fn analyse(record: &Record, ex: &Exercise) -> Analysis {
    let s = &record.scenario;
    let turns = record.resolved();
    let mut incidents: Vec<Incident> = Vec::new();
    let mut learned: BTreeMap<(TeamId, jointex_scenario::model::IndicatorId), u32> =
        BTreeMap::new();
    let mut shares = Vec::new();
    let mut timeline = Vec::new();
    let mut missed = Vec::new();
    let mut availability: BTreeMap<(TeamId, Sector), Vec<u16>> = BTreeMap::new();
    for a in &s.assets {
        availability
            .entry((a.owner, a.sector))
            .or_insert_with(|| vec![1000; turns as usize + 1]);
    }
    for (turn, e) in ex.events() {
        let turn = *turn;
        match e {
            Event::Compromised { asset, .. } => {
                let team = s.asset(*asset).owner;
                incidents.push(Incident {
                    asset: *asset,
                    team,
                    compromised: turn,
                    detected: None,
                    contained: None,
                });
                timeline.push((
                    turn,
                    team_key(s, team),
                    "compromise",
                    format!("{} compromised", asset_name(s, *asset)),
                ));
            }
            Event::Detected {
                team,
                asset,
                source,
            } => {
                if let Some(i) = incidents
                    .iter_mut()
                    .rev()
                    .find(|i| i.asset == *asset && i.contained.is_none())
                    && i.detected.is_none()
                {
                    i.detected = Some(turn);
                    timeline.push((
                        turn,
                        team_key(s, *team),
                        "detection",
                        format!(
                            "{} flags {} ({source:?})",
                            team_name(s, *team),
                            asset_name(s, *asset)
                        ),
                    ));
                }
            }
            Event::Contained { team, asset } => {
                if let Some(i) = incidents
                    .iter_mut()
                    .rev()
                    .find(|i| i.asset == *asset && i.contained.is_none())
                {
                    i.contained = Some(turn);
                }
                timeline.push((
                    turn,
                    team_key(s, *team),
                    "response",
                    format!("{} contains {}", team_name(s, *team), asset_name(s, *asset)),
                ));
            }
            Event::IndicatorLearned {
                team, indicator, ..
            } => {
                learned.entry((*team, *indicator)).or_insert(turn);
            }
            Event::ShareReceived {
                from,
                to,
                indicators,
                tlp,
                ..
            } => {
                let first = indicators
                    .iter()
                    .filter_map(|i| learned.get(&(*from, *i)).copied())
                    .min()
                    .unwrap_or(turn);
                let keys: Vec<String> = indicators.iter().map(|i| indicator_key(s, *i)).collect();
                timeline.push((
                    turn,
                    team_key(s, *from),
                    "share",
                    format!(
                        "{} shares {} with {} as {}",
                        team_name(s, *from),
                        if keys.is_empty() {
                            "a note".to_owned()
                        } else {
                            keys.join(", ")
                        },
                        team_name(s, *to),
                        tlp.label()
                    ),
                ));
                shares.push(SharedItem {
                    turn,
                    from: *from,
                    to: *to,
                    indicators: keys,
                    tlp: tlp.label().to_owned(),
                    latency: turn.saturating_sub(first),
                });
            }
            Event::InjectFired { inject } => {
                if let Some(i) = s.injects.get(inject.index()) {
                    timeline.push((
                        turn,
                        "all".to_owned(),
                        "inject",
                        format!("{}: {}", i.key, i.title.get(Lang::En)),
                    ));
                }
            }
            Event::JointOperationSucceeded { actor } => timeline.push((
                turn,
                "all".to_owned(),
                "response",
                format!(
                    "joint operation against {} succeeds",
                    s.actors
                        .get(actor.index())
                        .map_or("an actor", |a| a.name.get(Lang::En))
                ),
            )),
            Event::Restored { asset } => timeline.push((
                turn,
                team_key(s, s.asset(*asset).owner),
                "response",
                format!("{} restored from backup", asset_name(s, *asset)),
            )),
            Event::ImpactApplied { asset, impact } => timeline.push((
                turn,
                team_key(s, s.asset(*asset).owner),
                "impact",
                format!("{} hits {}", impact.label(), asset_name(s, *asset)),
            )),
            Event::OrderApplied {
                order: Order::Team(team, TeamOrder::PublicAdvisory(v)),
            } => timeline.push((
                turn,
                team_key(s, *team),
                "share",
                format!(
                    "{} publishes an advisory ({} indicators)",
                    team_name(s, *team),
                    v.len()
                ),
            )),
            Event::ExpectedMissed { inject, index } => {
                if let Some((i, x)) = s
                    .injects
                    .get(inject.index())
                    .and_then(|i| Some((i, i.expected.get(*index)?)))
                {
                    missed.push((x.team, i.key.clone(), x.action.label().to_owned()));
                }
            }
            Event::Availability {
                team,
                sector,
                per_mille,
            } => {
                if let Some(series) = availability.get_mut(&(*team, *sector)) {
                    for v in series.iter_mut().skip(turn as usize) {
                        *v = *per_mille;
                    }
                }
            }
            _ => {}
        }
    }
    let view = ex.facilitator_view();
    let objectives = rate(s, &view, &availability, &incidents);
    Analysis {
        turns,
        hash: ex.state_hash(),
        incidents,
        shares,
        availability,
        objectives,
        view,
        timeline,
        missed,
    }
}

/// The rule for "at most n turns" measures, given the worst case and the misses.
fn rate_turns(worst: Option<u32>, never: usize, n: u32) -> (Rating, String) {
    let rating = match worst {
        _ if never > 0 => Rating::U,
        None => Rating::P,
        Some(w) if w < n => Rating::P,
        Some(w) if w <= n => Rating::S,
        Some(w) if w <= n + 2 => Rating::M,
        Some(_) => Rating::U,
    };
    let rule = format!(
        "P: every case within {} turn(s), one to spare; S: within {n}; M: within {}; U: slower, or any case never done",
        n.saturating_sub(1),
        n + 2
    );
    (rating, rule)
}

fn rate(
    s: &Scenario,
    view: &FacilitatorView,
    availability: &BTreeMap<(TeamId, Sector), Vec<u16>>,
    incidents: &[Incident],
) -> Vec<Rated> {
    let mut out = Vec::new();
    for o in &s.objectives {
        let teams: Vec<TeamId> = match o.team {
            Some(t) => vec![t],
            None => (0..s.teams.len()).map(|t| TeamId(t as u16)).collect(),
        };
        let mut worst = Rating::P;
        let mut measured = Vec::new();
        let mut rule = String::new();
        for t in &teams {
            let m = view.metrics.get(t.index()).cloned().unwrap_or_default();
            let own: Vec<&Incident> = incidents.iter().filter(|i| i.team == *t).collect();
            let (r, text, ru) = match &o.measure {
                Measure::TimeToDetect(n) => {
                    let w = own.iter().filter_map(|i| i.ttd()).max();
                    let never = own.iter().filter(|i| i.detected.is_none()).count();
                    let (r, ru) = rate_turns(w, never, *n);
                    (
                        r,
                        format!(
                            "worst {} turns, {never} never detected, of {}",
                            w.map_or("-".into(), |w| w.to_string()),
                            own.len()
                        ),
                        ru,
                    )
                }
                Measure::TimeToContain(n) => {
                    let w = own.iter().filter_map(|i| i.ttc()).max();
                    let never = own
                        .iter()
                        .filter(|i| i.detected.is_some() && i.contained.is_none())
                        .count();
                    let (r, ru) = rate_turns(w, never, *n);
                    (
                        r,
                        format!(
                            "worst {} turns, {never} detected but never contained",
                            w.map_or("-".into(), |w| w.to_string())
                        ),
                        ru,
                    )
                }
                Measure::TimeToShare(n) => {
                    let w = m.time_to_share.iter().copied().max();
                    let (r, ru) = rate_turns(w, 0, *n);
                    (
                        r,
                        format!(
                            "worst {} turns over {} shared indicators",
                            w.map_or("-".into(), |w| w.to_string()),
                            m.time_to_share.len()
                        ),
                        ru,
                    )
                }
                Measure::Availability { sector, percent } => {
                    let floor = u32::from(*percent) * 10;
                    let low = availability
                        .iter()
                        .filter(|((team, sec), _)| team == t && sector.is_none_or(|x| x == *sec))
                        .flat_map(|(_, v)| v.iter().copied())
                        .min()
                        .map_or(1000, u32::from);
                    let r = if low >= (floor + 50).min(1000) {
                        Rating::P
                    } else if low >= floor {
                        Rating::S
                    } else if low + 100 >= floor {
                        Rating::M
                    } else {
                        Rating::U
                    };
                    (
                        r,
                        format!("lowest {}.{}%", low / 10, low % 10),
                        format!(
                            "P: never below {}% (5 points to spare); S: never below {percent}%; M: never below {}%; U: lower",
                            (u32::from(*percent) + 5).min(100),
                            u32::from(*percent).saturating_sub(10)
                        ),
                    )
                }
                Measure::TlpCompliance => {
                    let v = m.tlp_violations;
                    let r = match v {
                        0 => Rating::P,
                        1 => Rating::M,
                        _ => Rating::U,
                    };
                    (
                        r,
                        format!("{v} violations"),
                        "P: no violation; M: one; U: more than one".to_owned(),
                    )
                }
                Measure::JointOperations(n) => {
                    let j = m.joint_operations;
                    let r = if j > *n {
                        Rating::P
                    } else if j == *n {
                        Rating::S
                    } else if j + 1 == *n && j > 0 {
                        Rating::M
                    } else {
                        Rating::U
                    };
                    (
                        r,
                        format!("{j} joint operations"),
                        format!(
                            "P: more than {n}; S: exactly {n}; M: one short but at least one; U: fewer"
                        ),
                    )
                }
                Measure::ExpectedActions(p) => {
                    let pct = (m.expected_met * 100)
                        .checked_div(m.expected_due)
                        .unwrap_or(100);
                    let p = u32::from(*p);
                    let r = if pct >= (p + 10).min(100) {
                        Rating::P
                    } else if pct >= p {
                        Rating::S
                    } else if pct + 15 >= p {
                        Rating::M
                    } else {
                        Rating::U
                    };
                    (
                        r,
                        format!("{} of {} ({pct}%)", m.expected_met, m.expected_due),
                        format!(
                            "P: at least {}%; S: at least {p}%; M: at least {}%; U: fewer",
                            (p + 10).min(100),
                            p.saturating_sub(15)
                        ),
                    )
                }
            };
            worst = worst.max(r);
            if teams.len() > 1 {
                measured.push(format!("{}: {text}", team_key(s, *t)));
            } else {
                measured.push(text);
            }
            rule = ru;
        }
        if teams.len() > 1 {
            rule.push_str("; a joint objective takes the lowest team rating");
        }
        out.push(Rated {
            key: o.key.clone(),
            text: o.text.get(Lang::En).to_owned(),
            capability: o.capability.label().to_owned(),
            team: o
                .team
                .map_or_else(|| "joint".to_owned(), |t| team_key(s, t)),
            measure: format!("{:?}", o.measure),
            measured: measured.join("; "),
            rating: worst,
            rule,
        });
    }
    out
}
