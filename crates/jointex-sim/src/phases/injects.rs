//! Injects: the MSEL rows whose trigger holds fire, reach their audience and change the world.
//!
//! Runs last in a turn, after the clock has moved to the next turn, so that what fires is in
//! the inboxes when the teams start planning it (turn 1's injects fire when the exercise is
//! built). Their effects take hold at once; an outage they cause cascades in the next turn.
//! A held inject waits for the facilitator; one the facilitator fires now fires regardless of
//! its trigger. Triggers that follow other injects are resolved to a fixed point, so
//! `After(…, delay: 0)` fires in the same turn as the inject it follows.

use bevy_ecs::prelude::*;
use jointex_scenario::model::{Audience, Condition, Effect, InjectId, TeamId, Trigger};

use crate::check::control_bit;
use crate::events::{Event, ServiceState, Source};
use crate::phases::adversary::{compromise, start};
use crate::phases::apply::{believe, learn};
use crate::state::*;
use crate::view_types::Belief;

/// Moves the clock to the next turn, or ends the exercise after the last.
pub fn advance(world: &mut World) {
    let mark = world.resource::<Pending>().0.len();
    world.resource_mut::<OpeningMark>().0 = Some(mark);
    let mut c = world.resource_mut::<Control>();
    if c.turn >= c.last {
        c.over = true;
    } else {
        c.turn += 1;
    }
}

/// Fires every inject due in the current turn.
pub fn fire_due(world: &mut World) {
    if world.resource::<Control>().over {
        return;
    }
    let turn = world.resource::<Control>().turn;
    let s = world.resource::<Scn>().0.clone();
    loop {
        let mut fired_any = false;
        for (i, inject) in s.injects.iter().enumerate() {
            let state = world.resource::<Injects>();
            if state.fired[i].is_some() {
                continue;
            }
            let due = !state.held[i] && triggered(world, &inject.trigger, turn);
            if due {
                fire(world, InjectId(i as u32), turn);
                fired_any = true;
            }
        }
        if !fired_any {
            break;
        }
    }
}

fn triggered(world: &World, trigger: &Trigger, turn: u32) -> bool {
    let injects = world.resource::<Injects>();
    match trigger {
        Trigger::AtTurn(t) => *t <= turn,
        Trigger::After { inject, delay } => {
            injects.fired[inject.index()].is_some_and(|f| f + delay <= turn)
        }
        Trigger::When(c) => holds(world, c),
        // A contingency fires once its deadline has come and an expected action of the
        // inject it watches was missed: an action whose own deadline is still ahead is not
        // missed yet, so a late-firing inject gives the players their full time.
        Trigger::Missed { inject, by_turn } => {
            *by_turn <= turn
                && injects.fired[inject.index()].is_some()
                && injects.expected[inject.index()].contains(&Some(false))
        }
    }
}

/// Whether a condition holds in the world now.
pub fn holds(world: &World, c: &Condition) -> bool {
    let index = &world.resource::<AssetIndex>().0;
    match c {
        Condition::Compromised(a) => world
            .get::<Hold>(index[a.index()])
            .is_some_and(|h| h.actor.is_some()),
        Condition::ServiceDown(a) => world
            .get::<Service>(index[a.index()])
            .is_some_and(|s| s.state == ServiceState::Down),
        Condition::StageReached(actor, stage) => world
            .resource::<Campaigns>()
            .reached
            .contains(&(*actor, *stage)),
        Condition::Detected(team, asset) => world.resource::<Knowledge>().teams[team.index()]
            .assets
            .get(asset)
            .is_some_and(|k| matches!(k.belief, Belief::Suspected | Belief::Compromised)),
        Condition::Shared(team, ind) => world.resource::<Knowledge>().teams[team.index()]
            .shared
            .contains_key(ind),
        Condition::AvailabilityBelow(team, sector, pct) => world
            .resource::<Measures>()
            .availability
            .get(&(*team, *sector))
            .is_some_and(|a| *a < u16::from(*pct) * 10),
        Condition::Fired(i) => world.resource::<Injects>().fired[i.index()].is_some(),
        Condition::All(v) => v.iter().all(|x| holds(world, x)),
        Condition::Any(v) => v.iter().any(|x| holds(world, x)),
        Condition::Not(x) => !holds(world, x),
    }
}

/// Fires an inject now: inboxes, then effects.
pub fn fire(world: &mut World, id: InjectId, turn: u32) {
    let s = world.resource::<Scn>().0.clone();
    let inject = &s.injects[id.index()];
    {
        let mut st = world.resource_mut::<Injects>();
        st.fired[id.index()] = Some(turn);
        st.held[id.index()] = false;
    }
    let audience: Vec<TeamId> = match inject.to {
        Audience::All => (0..s.teams.len() as u16).map(TeamId).collect(),
        Audience::Team(t) | Audience::Role(t, _) => vec![t],
        Audience::Facilitator => Vec::new(),
    };
    {
        let mut k = world.resource_mut::<Knowledge>();
        for t in audience {
            k.teams[t.index()].inbox.push((turn, Mail::Inject(id)));
        }
    }
    world
        .resource_mut::<Pending>()
        .0
        .push(Event::InjectFired { inject: id });
    for effect in &inject.effects {
        match *effect {
            Effect::StartCampaign(actor, campaign) => {
                let c = world
                    .resource::<Campaigns>()
                    .list
                    .iter()
                    .position(|c| c.actor == actor && c.campaign == campaign);
                if let Some(c) = c {
                    start(world, c, turn);
                }
            }
            Effect::Accelerate(actor, campaign, n) => {
                let mut camps = world.resource_mut::<Campaigns>();
                if let Some(c) = camps
                    .list
                    .iter_mut()
                    .find(|c| c.actor == actor && c.campaign == campaign)
                {
                    c.extra = c.extra.saturating_add(n);
                }
            }
            Effect::Compromise(asset, actor) => compromise(world, asset, actor, turn),
            Effect::Outage(asset, n) => {
                let e = world.resource::<AssetIndex>().0[asset.index()];
                if let Some(mut d) = crate::hash::touch(world, e).get_mut::<Damage>(e) {
                    let until = turn.saturating_add(n).saturating_sub(1);
                    d.outage_until = Some(d.outage_until.map_or(until, |u| u.max(until)));
                }
                world.resource_mut::<Active>().damaged.insert(asset);
            }
            // Intel from outside the exercise: the team holds it under the originator's marking
            // (CLEAR: its own to share; anything stricter may not go on to another team).
            // Never looser than the marking its source gave it.
            Effect::Reveal(team, indicator, tlp) => {
                let floor = world.resource::<Scn>().0.indicators[indicator.index()]
                    .tlp
                    .unwrap_or(tlp);
                learn(world, team, indicator, tlp.max(floor), None, turn)
            }
            Effect::Alert(team, asset) => {
                let known = world.resource::<Knowledge>().teams[team.index()]
                    .assets
                    .get(&asset)
                    .map(|k| k.belief);
                if !matches!(known, Some(Belief::Suspected | Belief::Compromised)) {
                    believe(world, team, asset, Belief::Suspected, Source::Inject, turn);
                }
            }
            Effect::DisableControl(asset, control) => {
                let e = world.resource::<AssetIndex>().0[asset.index()];
                if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                    p.disabled |= control_bit(control);
                }
            }
        }
    }
}
