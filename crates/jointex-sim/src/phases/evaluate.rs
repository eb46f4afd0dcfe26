//! Evaluation: expected MSEL actions met or missed, and objectives rated, every turn.
//!
//! Runs after the cascade so that this turn's availability counts, and before the clock
//! moves, so that contingency injects of the next turn see which expected actions were
//! missed.

use bevy_ecs::prelude::*;
use jointex_scenario::model::{Measure, Target, TeamId};

use crate::events::Event;
use crate::orders::TeamOrder;
use crate::state::*;

/// Settles expected actions whose deadline is reached, then rates objectives.
pub fn evaluate(world: &mut World) {
    let turn = world.resource::<Control>().turn;
    let s = world.resource::<Scn>().0.clone();
    let mut events = Vec::new();
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(fired) = world.resource::<Injects>().fired[i] else {
            continue;
        };
        for (j, exp) in inject.expected.iter().enumerate() {
            if world.resource::<Injects>().expected[i][j].is_some() {
                continue;
            }
            let deadline = fired + exp.within;
            let met = world
                .resource::<Applied>()
                .0
                .iter()
                .any(|(t, team, order)| {
                    *t >= fired
                        && *t <= deadline
                        && *team == exp.team
                        && order.kind() == exp.action
                        && target_matches(order, exp.target)
                });
            let verdict = if met {
                Some(true)
            } else if turn >= deadline {
                Some(false)
            } else {
                None
            };
            if let Some(v) = verdict {
                world.resource_mut::<Injects>().expected[i][j] = Some(v);
                let (inject, index) = (jointex_scenario::model::InjectId(i as u32), j);
                events.push(if v {
                    Event::ExpectedMet { inject, index }
                } else {
                    Event::ExpectedMissed { inject, index }
                });
            }
        }
    }
    for (o, obj) in s.objectives.iter().enumerate() {
        let teams: Vec<TeamId> = match obj.team {
            Some(t) => vec![t],
            None => (0..s.teams.len() as u16).map(TeamId).collect(),
        };
        let met = teams
            .iter()
            .all(|t| measure_met(world, *t, &obj.measure, turn));
        let mut m = world.resource_mut::<Measures>();
        if m.objectives[o] != met || turn == 1 {
            m.objectives[o] = met;
            events.push(Event::ObjectiveRated {
                objective: jointex_scenario::model::ObjectiveId(o as u16),
                met,
            });
        }
    }
    world.resource_mut::<Pending>().0.extend(events);
}

fn target_matches(order: &TeamOrder, target: Option<Target>) -> bool {
    match target {
        None => true,
        Some(Target::Asset(a)) => order.asset() == Some(a),
        Some(Target::Indicator(i)) => order.indicators().contains(&i),
    }
}

/// Whether a team meets a measure so far.
pub fn measure_met(world: &World, team: TeamId, measure: &Measure, turn: u32) -> bool {
    let s = &world.resource::<Scn>().0;
    let m = world.resource::<Measures>();
    let own = |a: jointex_scenario::model::AssetId| s.asset(a).owner == team;
    match measure {
        Measure::TimeToDetect(n) => {
            m.incidents
                .iter()
                .filter(|i| own(i.asset))
                .all(|i| match i.detected {
                    Some(d) => d - i.compromised <= *n,
                    None => turn - i.compromised < *n,
                })
        }
        Measure::TimeToContain(n) => {
            m.incidents
                .iter()
                .filter(|i| own(i.asset))
                .all(|i| match (i.detected, i.contained) {
                    (Some(d), Some(c)) => c - d <= *n,
                    (Some(d), None) => turn - d < *n,
                    (None, _) => true,
                })
        }
        Measure::TimeToShare(n) => {
            let k = &world.resource::<Knowledge>().teams[team.index()];
            k.indicators
                .iter()
                .filter(|(_, l)| crate::state::shareable_finding(l))
                .all(|(i, l)| match k.shared.get(i) {
                    Some(t) => t - l.turn <= *n,
                    None => turn - l.turn < *n,
                })
        }
        Measure::Availability { sector, percent } => m
            .lowest
            .iter()
            .filter(|((t, sec), _)| *t == team && sector.is_none_or(|x| x == *sec))
            .all(|(_, v)| *v >= u16::from(*percent) * 10),
        Measure::TlpCompliance => m.violations[team.index()] == 0,
        Measure::JointOperations(n) => m.joint[team.index()] >= *n,
        Measure::ExpectedActions(pct) => {
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
            due == 0 || met * 100 >= u32::from(*pct) * due
        }
    }
}
