//! What a team may know of the scenario itself: the engine's projection of the static
//! scenario for one team, the counterpart of [`crate::view`] for what does not change.
//!
//! A team's client names assets, indicators and injects through this copy, never through the
//! scenario: it keeps the ids (so views and events index it as they index the scenario) but
//! not the facts. Kept: the exercise's title and clock, the teams, the objectives, the team's
//! own assets whole, the edges that touch them, the actors' names and aliases (they are
//! attributed on indicators and named in advisories). Blanked: the other nation's assets (an
//! owner and the words "another nation's asset" remain, for the far end of a cross-border
//! edge), indicators the team does not hold, every campaign and stage and the adversary's
//! plan, and every inject that has not reached the team (its MSEL row, trigger, expected
//! actions and effects are the white cell's).

use jointex_scenario::model::{AssetId, InjectId, TeamId};
use jointex_scenario::{Scenario, Text};

use crate::Exercise;
use crate::state::{Injects, Knowledge};

/// The scenario as `team` may know it now.
pub fn team_scenario(ex: &Exercise, team: TeamId) -> Scenario {
    let mut s = Scenario::clone(ex.scenario());
    let known = ex
        .world
        .resource::<Knowledge>()
        .teams
        .get(team.index())
        .map(|k| {
            k.indicators
                .keys()
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
        })
        .unwrap_or_default();
    let fired = &ex.world.resource::<Injects>().fired;
    for a in s.assets.iter_mut().filter(|a| a.owner != team) {
        a.key = String::new();
        a.name = Text::both("another nation's asset", "타국 자산");
        a.criticality = 0;
        a.population = 0;
        a.vulnerabilities.clear();
        a.controls.clear();
        a.services.clear();
        a.restore_turns = 0;
    }
    let own = |a: AssetId, s: &Scenario| s.asset(a).owner == team;
    let edges = std::mem::take(&mut s.edges);
    s.edges = edges
        .into_iter()
        .filter(|e| own(e.from, &s) || own(e.to, &s))
        .collect();
    for (i, ind) in s.indicators.iter_mut().enumerate() {
        if !known.contains(&jointex_scenario::model::IndicatorId(i as u32)) {
            ind.key = String::new();
            ind.value = String::new();
            ind.description = None;
            ind.actor = None;
        }
    }
    for actor in &mut s.actors {
        actor.description = Text::default();
        actor.techniques.clear();
        actor.campaigns.clear();
        actor.stages.clear();
    }
    for (i, inj) in s.injects.iter_mut().enumerate() {
        let reached = fired.get(i).is_some_and(Option::is_some) && inj.to.includes(team);
        if !reached {
            inj.key = String::new();
            inj.from = None;
            inj.title = Text::default();
            inj.text = Text::default();
        }
        // Why and when an inject fires, and what it expects, are the white cell's.
        inj.trigger = jointex_scenario::model::Trigger::After {
            inject: InjectId(i as u32),
            delay: 0,
        };
        inj.expected.clear();
        inj.effects.clear();
        inj.held = false;
    }
    s.reindex();
    s
}
