//! Evaluation: expected MSEL actions met or missed, and objectives rated, every turn.
//!
//! Runs after the cascade so that this turn's availability counts, and before the clock
//! moves, so that contingency injects of the next turn see which expected actions were
//! missed. The rating itself lives in [`crate::evaluation`], which every reader shares.

use bevy_ecs::prelude::*;
use jointex_scenario::model::Target;

use crate::evaluation;
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
            let deadline = fired.saturating_add(exp.within);
            // An action the team had already taken before the inject fired counts: an early,
            // correct response (isolated before the alert, shared before being asked) is
            // what the inject hoped for, not a miss.
            let met = world
                .resource::<Applied>()
                .0
                .iter()
                .any(|(t, team, order)| {
                    *t <= deadline
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
    let rated = evaluation::objectives(world, turn);
    let mut m = world.resource_mut::<Measures>();
    for r in rated {
        let o = r.objective.index();
        if m.objectives[o] != r.rating || turn == 1 {
            m.objectives[o] = r.rating;
            events.push(Event::ObjectiveRated {
                objective: r.objective,
                rating: r.rating,
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
