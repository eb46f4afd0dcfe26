//! What happened, laid out for the report: incidents, shares, availability, the timeline and
//! the objectives' ratings. Every figure and rating is the engine's
//! ([`Exercise::evaluation`]); this module only gathers and words them, so the report cannot
//! disagree with the game.

use std::collections::BTreeMap;

use jointex_scenario::model::{AssetId, TeamId};
use jointex_scenario::vocab::Sector;
use jointex_scenario::{Lang, Scenario};
use jointex_sim::{Event, Exercise, FacilitatorView, Order, TeamOrder};

use crate::Record;

pub use jointex_sim::Rating;

/// One compromise of an asset and what its owner did about it: the engine's own record of it.
pub type Incident = jointex_sim::evaluation::IncidentView;

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
    /// Team key, or `joint`, as the report prints it.
    pub team: String,
    /// The team, or `None` for a joint objective.
    pub team_id: Option<TeamId>,
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
    /// Each asset's mark at the end of each turn (index 0 is turn 1), for the pictures of
    /// how the attack spread.
    pub marks: Vec<Vec<jointex_scenario::layout::Mark>>,
}

/// Each asset's mark at the end of each of `turns` turns, from the event log: held by the
/// adversary, down, degraded, compromised earlier and out of its hands, or quiet.
fn marks_by_turn(
    s: &Scenario,
    ex: &Exercise,
    turns: u32,
) -> Vec<Vec<jointex_scenario::layout::Mark>> {
    use jointex_scenario::layout::Mark;
    use jointex_sim::{Event, ServiceState};
    let n = s.assets.len();
    let (mut held, mut was) = (vec![false; n], vec![false; n]);
    let mut service = vec![ServiceState::Up; n];
    let mark = |held: &[bool], was: &[bool], service: &[ServiceState]| -> Vec<Mark> {
        (0..n)
            .map(|i| {
                if held[i] {
                    Mark::Compromised
                } else if service[i] == ServiceState::Down {
                    Mark::Down
                } else if service[i] == ServiceState::Degraded {
                    Mark::Degraded
                } else if was[i] {
                    Mark::Contained
                } else {
                    Mark::Quiet
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    let mut events = ex.events().iter().peekable();
    for turn in 1..=turns {
        while let Some((_, e)) = events.next_if(|(t, _)| *t <= turn) {
            match e {
                Event::Compromised { asset, .. } if asset.index() < n => {
                    held[asset.index()] = true;
                    was[asset.index()] = true;
                }
                Event::Evicted { asset } if asset.index() < n => held[asset.index()] = false,
                Event::ServiceChanged { asset, state } if asset.index() < n => {
                    service[asset.index()] = *state;
                }
                _ => {}
            }
        }
        out.push(mark(&held, &was, &service));
    }
    out
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

pub(crate) fn indicator_key(s: &Scenario, i: jointex_scenario::model::IndicatorId) -> String {
    s.indicators
        .get(i.index())
        .map_or_else(|| format!("indicator #{}", i.0), |x| x.key.clone())
}

/// Analyses a restored exercise.
pub fn analyse(record: &Record, ex: &Exercise) -> Analysis {
    let s = &record.scenario;
    let turns = record.resolved();
    let evaluation = ex.evaluation();
    let incidents: Vec<Incident> = evaluation.incidents.clone();
    let flagged_incidents: std::collections::BTreeSet<(AssetId, u32)> = incidents
        .iter()
        .filter_map(|i| Some((i.asset, i.detected?)))
        .collect();
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
                timeline.push((
                    turn,
                    team_key(s, team),
                    "compromise",
                    format!("{} compromised", asset_name(s, *asset)),
                ));
            }
            // Every flag of a real compromise, whatever found it; false alarms stay out.
            Event::Detected {
                team,
                asset,
                source,
            } if flagged_incidents.contains(&(*asset, turn)) => timeline.push((
                turn,
                team_key(s, *team),
                "detection",
                format!(
                    "{} flags {} ({})",
                    team_name(s, *team),
                    asset_name(s, *asset),
                    source_text(*source)
                ),
            )),
            Event::OrderApplied {
                order: Order::Facilitator(o),
            } => timeline.push((
                turn,
                "control".to_owned(),
                "control",
                facilitator_text(s, o),
            )),
            Event::Acknowledged {
                team,
                sender: Some(from),
                ..
            } => timeline.push((
                turn,
                team_key(s, *team),
                "share",
                format!(
                    "{} acknowledges a message from {}",
                    team_name(s, *team),
                    team_name(s, *from)
                ),
            )),
            Event::Contained { team, asset } => {
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
            Event::Chat { team, by, text } => {
                timeline.push((turn, team_key(s, *team), "chat", format!("{by}: {text}")))
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
    let objectives = rated(s, &evaluation);
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
        marks: marks_by_turn(s, ex, turns),
    }
}

fn source_text(source: jointex_sim::Source) -> &'static str {
    use jointex_sim::Source as S;
    match source {
        S::Alert => "an alert",
        S::Hunt => "a hunt",
        S::Investigation => "an investigation",
        S::PartnerIntel => "partner intel",
        S::Inject => "an inject",
        S::Impact => "the impact",
        S::Restore => "a restore",
    }
}

fn inject_name(s: &Scenario, i: jointex_scenario::model::InjectId) -> String {
    s.injects.get(i.index()).map_or_else(
        || format!("inject #{}", i.0),
        |x| format!("{} ({})", x.key, x.title.get(Lang::En)),
    )
}

/// A facilitator action as a line of the timeline.
fn facilitator_text(s: &Scenario, o: &jointex_sim::FacilitatorOrder) -> String {
    use jointex_sim::FacilitatorOrder as F;
    match o {
        F::Hold(i) => format!("the facilitator holds {}", inject_name(s, *i)),
        F::Release(i) => format!("the facilitator releases {}", inject_name(s, *i)),
        F::FireNow(i) => format!("the facilitator fires {} now", inject_name(s, *i)),
        F::AdHoc(a) => format!(
            "the facilitator sends an ad-hoc inject to {}: {}",
            a.to.map_or_else(|| "every team".to_owned(), |t| team_name(s, t)),
            a.title.get(Lang::En)
        ),
        F::Pause => "the facilitator pauses the exercise".to_owned(),
        F::Resume => "the facilitator resumes the exercise".to_owned(),
        F::AllowTlpViolations(true) => {
            "the facilitator lets TLP violations happen (and counts them)".to_owned()
        }
        F::AllowTlpViolations(false) => "the facilitator refuses TLP violations again".to_owned(),
    }
}

fn turns_text(c: &jointex_sim::evaluation::Cases, what: &str, never: &str) -> String {
    let mut parts = vec![format!(
        "{} {what}, worst {} turns",
        c.done.len(),
        c.worst().map_or("-".into(), |w| w.to_string()),
    )];
    if c.overdue > 0 {
        parts.push(format!("{} {never}", c.overdue));
    }
    if c.pending > 0 {
        parts.push(format!("{} still within time", c.pending));
    }
    parts.join(", ")
}

/// What was measured, in words.
fn measured_text(m: &jointex_sim::evaluation::Measured) -> String {
    use jointex_sim::evaluation::Measured as M;
    match m {
        M::Detect(c) => turns_text(c, "detected", "not detected in time"),
        M::Contain(c) => turns_text(c, "contained", "not contained in time"),
        M::Share(c) => turns_text(c, "shared", "not shared in time"),
        M::Availability(None) => "serves nobody in this sector".to_owned(),
        M::Availability(Some(low)) => format!("lowest {}.{}%", low / 10, low % 10),
        M::Tlp {
            violations,
            passed_on,
        } => format!("{violations} violations in {passed_on} shares and advisories"),
        M::Joint { operations, .. } => format!("{operations} joint operations"),
        M::Expected { met, due } => {
            let pct = (met * 100).checked_div(*due).unwrap_or(0);
            format!("{met} of {due} ({pct}%)")
        }
    }
}

/// The engine's ratings, in words.
fn rated(s: &Scenario, e: &jointex_sim::Evaluation) -> Vec<Rated> {
    e.objectives
        .iter()
        .filter_map(|r| {
            let o = s.objectives.get(r.objective.index())?;
            let joint = r.teams.len() > 1;
            let measured: Vec<String> = r
                .teams
                .iter()
                .map(|t| {
                    let text = measured_text(&t.measured);
                    if joint {
                        format!("{}: {text}", team_key(s, t.team))
                    } else {
                        text
                    }
                })
                .collect();
            let mut rule = jointex_sim::evaluation::rule(&o.measure);
            if joint {
                rule.push_str(
                    "; a joint objective takes the lowest rating of the teams it exercised",
                );
            }
            rule.push_str("; N/E: nothing happened that the measure could measure");
            Some(Rated {
                key: o.key.clone(),
                text: o.text.get(Lang::En).to_owned(),
                capability: o.capability.label().to_owned(),
                team: o
                    .team
                    .map_or_else(|| "joint".to_owned(), |t| team_key(s, t)),
                team_id: o.team,
                measure: format!("{:?}", o.measure),
                measured: measured.join("; "),
                rating: r.rating,
                rule,
            })
        })
        .collect()
}
