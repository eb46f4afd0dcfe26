//! Apply orders: the plans every team submitted, in team order, each checked again first.
//!
//! Runs first in a turn so that what the defenders did this turn (an isolation, a block, a
//! share) is in place before the adversary moves: a turn stands for defenders and adversary
//! acting at once, and giving the defenders the first move rewards timely decisions.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;
use jointex_scenario::model::{ActorId, AssetId, TeamId};
use jointex_scenario::vocab::Tlp;

use crate::check::{self, Onward};
use crate::events::{Event, Source};
use crate::orders::{Order, TeamOrder};
use crate::state::*;
use crate::view_types::Belief;

/// Applies every submitted plan.
pub fn apply_orders(world: &mut World) {
    let turn = world.resource::<Control>().turn;
    let plans = std::mem::take(&mut world.resource_mut::<Plans>().orders);
    let teams = plans.len();
    let mut joint: BTreeMap<ActorId, Vec<TeamId>> = BTreeMap::new();
    for (t, orders) in plans.iter().enumerate() {
        let team = TeamId(t as u16);
        let mut done: Vec<TeamOrder> = Vec::new();
        for order in orders {
            if let Err(reason) = check::team(world, team, order, &done) {
                push(
                    world,
                    Event::OrderRefused {
                        order: Order::Team(team, order.clone()),
                        reason,
                    },
                );
                continue;
            }
            // The order first in the log, then what it caused.
            push(
                world,
                Event::OrderApplied {
                    order: Order::Team(team, order.clone()),
                },
            );
            if let TeamOrder::JointOperation(actor) = order {
                joint.entry(*actor).or_default().push(team);
            } else {
                apply(world, team, order, turn);
            }
            // A joint operation counts as done only if it takes effect (below).
            if !matches!(order, TeamOrder::JointOperation(_)) {
                world
                    .resource_mut::<Applied>()
                    .0
                    .push((turn, team, order.clone()));
            }
            done.push(order.clone());
        }
    }
    // A joint operation takes effect only when every team commits to the same actor.
    for (actor, committed) in joint {
        if committed.len() == teams && teams >= 2 {
            let mut c = world.resource_mut::<Campaigns>();
            // No progress this turn and the next: two turns, as docs/engine.md says.
            c.disrupted_until[actor.index()] = turn.saturating_add(1);
            c.takedowns[actor.index()] += 1;
            let mut m = world.resource_mut::<Measures>();
            for t in &committed {
                m.joint[t.index()] += 1;
            }
            let mut applied = world.resource_mut::<Applied>();
            for t in &committed {
                applied.0.push((turn, *t, TeamOrder::JointOperation(actor)));
            }
            push(world, Event::JointOperationSucceeded { actor });
        } else {
            for team in committed {
                push(world, Event::JointOperationUnmatched { team, actor });
            }
        }
    }
    let mut plans = world.resource_mut::<Plans>();
    plans.orders = vec![Vec::new(); teams];
    plans.submitted = vec![false; teams];
    // Points lent this turn arrive next turn; last turn's have been spent.
    let mut k = world.resource_mut::<Knowledge>();
    for t in &mut k.teams {
        t.bonus_points = std::mem::take(&mut t.incoming_bonus);
    }
}

fn push(world: &mut World, e: Event) {
    world.resource_mut::<Pending>().0.push(e);
}

fn entity(world: &World, a: AssetId) -> Entity {
    world.resource::<AssetIndex>().0[a.index()]
}

/// Marks a team's belief about an asset. The one place a detection happens: when an asset
/// the team had not flagged becomes suspected or confirmed, a `Detected` event says how, and
/// a real incident on it counts as detected.
pub fn believe(
    world: &mut World,
    team: TeamId,
    asset: AssetId,
    belief: Belief,
    source: Source,
    turn: u32,
) {
    world.resource_scope(|world, mut k: Mut<Knowledge>| {
        world.resource_scope(|world, mut m: Mut<Measures>| {
            let mut p = world.resource_mut::<Pending>();
            let to = Formed {
                belief,
                source,
                turn,
            };
            believe_in(&mut k, &mut m, &mut p, team, asset, to);
        })
    });
}

/// A belief and how and when it was formed.
pub struct Formed {
    /// The belief.
    pub belief: Belief,
    /// How.
    pub source: Source,
    /// When.
    pub turn: u32,
}

/// [`believe`] on the three resources it changes, for systems that hold them.
pub fn believe_in(
    k: &mut Knowledge,
    m: &mut Measures,
    pending: &mut Pending,
    team: TeamId,
    asset: AssetId,
    to: Formed,
) {
    let Formed {
        belief,
        source,
        turn,
    } = to;
    let flagged = |b: Belief| matches!(b, Belief::Suspected | Belief::Compromised);
    let known = k.teams[team.index()].assets.entry(asset).or_insert(Known {
        belief: Belief::Unknown,
        since: turn,
        source,
    });
    let was = known.belief;
    if was != belief {
        *known = Known {
            belief,
            since: turn,
            source,
        };
    }
    if flagged(belief) && !flagged(was) {
        pending.0.push(Event::Detected {
            team,
            asset,
            source,
        });
        if let Some(&i) = m.open.get(&asset)
            && m.incidents[i].detected.is_none()
        {
            m.incidents[i].detected = Some(turn);
            m.incidents[i].detected_by = Some(source);
        }
    }
}

/// Closes an asset's open incident as contained.
pub fn contain(world: &mut World, asset: AssetId, turn: u32) {
    let mut m = world.resource_mut::<Measures>();
    if let Some(&i) = m.open.get(&asset)
        && m.incidents[i].detected.is_some()
        && m.incidents[i].contained.is_none()
    {
        m.incidents[i].contained = Some(turn);
        let team = world.resource::<Scn>().0.asset(asset).owner;
        push(world, Event::Contained { team, asset });
    }
}

/// Removes the adversary from an asset.
pub fn evict(world: &mut World, asset: AssetId, turn: u32) {
    let e = entity(world, asset);
    if let Some(mut h) = crate::hash::touch(world, e).get_mut::<Hold>(e)
        && h.actor.is_some()
    {
        *h = Hold::default();
        world.resource_mut::<Active>().held.remove(&asset);
        contain(world, asset, turn);
        world.resource_mut::<Measures>().open.remove(&asset);
        push(world, Event::Evicted { asset });
    }
}

/// A team learns an indicator (if it did not know it already).
pub fn learn(
    world: &mut World,
    team: TeamId,
    indicator: jointex_scenario::model::IndicatorId,
    tlp: Tlp,
    from: Option<TeamId>,
    turn: u32,
) {
    let mut k = world.resource_mut::<Knowledge>();
    let known = &mut k.teams[team.index()].indicators;
    if known.contains_key(&indicator) {
        return;
    }
    known.insert(indicator, Learned { turn, tlp, from });
    push(
        world,
        Event::IndicatorLearned {
            team,
            indicator,
            tlp,
            from,
        },
    );
}

fn apply(world: &mut World, team: TeamId, order: &TeamOrder, turn: u32) {
    let s = world.resource::<Scn>().0.clone();
    match order {
        TeamOrder::Investigate(a) => {
            let held = world
                .get::<Hold>(entity(world, *a))
                .is_some_and(|h| h.actor.is_some());
            if held {
                believe(
                    world,
                    team,
                    *a,
                    Belief::Compromised,
                    Source::Investigation,
                    turn,
                );
                // Forensics recovers what the adversary left behind.
                let traces: Vec<_> = world
                    .resource::<Traces>()
                    .0
                    .get(a)
                    .map(|t| t.iter().copied().collect())
                    .unwrap_or_default();
                for i in traces {
                    learn(world, team, i, Tlp::Clear, None, turn);
                }
            } else {
                believe(world, team, *a, Belief::Clean, Source::Investigation, turn);
            }
            push(
                world,
                Event::Investigated {
                    team,
                    asset: *a,
                    compromised: held,
                },
            );
        }
        TeamOrder::Hunt(i) => {
            let hits: Vec<AssetId> = world
                .resource::<Traces>()
                .0
                .iter()
                .filter(|(a, set)| set.contains(i) && s.asset(**a).owner == team)
                .map(|(a, _)| *a)
                .collect();
            for a in hits {
                let current = world.resource::<Knowledge>().teams[team.index()]
                    .assets
                    .get(&a)
                    .map(|k| k.belief);
                if !matches!(current, Some(Belief::Suspected | Belief::Compromised)) {
                    believe(world, team, a, Belief::Suspected, Source::Hunt, turn);
                }
            }
        }
        TeamOrder::Isolate(a) => {
            let e = entity(world, *a);
            if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                p.isolated = true;
            }
            contain(world, *a, turn);
        }
        TeamOrder::Reconnect(a) => {
            let e = entity(world, *a);
            if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                p.isolated = false;
            }
        }
        TeamOrder::Patch(a) => {
            let e = entity(world, *a);
            if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                p.patched = true;
            }
        }
        TeamOrder::DeploySensor(a) => {
            let e = entity(world, *a);
            if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                p.sensor = true;
            }
        }
        TeamOrder::ResetCredentials(a) => {
            let e = entity(world, *a);
            if let Some(mut p) = crate::hash::touch(world, e).get_mut::<Posture>(e) {
                p.creds_reset = Some(turn);
            }
            let persistent = world.get::<Hold>(e).is_some_and(|h| h.persistent);
            if !persistent {
                evict(world, *a, turn);
            }
        }
        TeamOrder::Restore(a) => {
            let e = entity(world, *a);
            // Down for `restore_turns` turns, this one included; back when the cascade of the
            // turn after the last runs.
            let until = turn.saturating_add(s.asset(*a).restore_turns);
            if let Some(mut d) = crate::hash::touch(world, e).get_mut::<Damage>(e) {
                d.restoring_until = Some(until);
            }
            world.resource_mut::<Active>().damaged.insert(*a);
        }
        TeamOrder::Block(i) => {
            world.resource_mut::<Knowledge>().teams[team.index()]
                .blocked
                .insert(*i);
        }
        TeamOrder::Share(sh) => {
            let to = check::recipients(s.teams.len(), team, &sh.to);
            let allowed = world.resource::<Control>().allow_violations;
            if allowed {
                let know = world.resource::<Knowledge>().teams[team.index()].clone();
                for i in &sh.indicators {
                    if let Some((_, received, _)) =
                        check::first_breach(&know, &[*i], |from| Onward::Share {
                            to: &to,
                            tlp: sh.tlp,
                            from,
                        })
                    {
                        violated(world, team, *i, received);
                    }
                }
            }
            let index = {
                let mut k = world.resource_mut::<Knowledge>();
                k.shares.push(SentShare {
                    turn,
                    from: team,
                    to: to.clone(),
                    indicators: sh.indicators.clone(),
                    tlp: sh.tlp,
                    text: sh.text.clone(),
                });
                let index = (k.shares.len() - 1) as u32;
                for i in &sh.indicators {
                    k.teams[team.index()].shared.entry(*i).or_insert(turn);
                }
                index
            };
            for r in to {
                world.resource_mut::<Knowledge>().teams[r.index()]
                    .inbox
                    .push((turn, Mail::Share(index)));
                push(
                    world,
                    Event::ShareReceived {
                        from: team,
                        to: r,
                        indicators: sh.indicators.clone(),
                        tlp: sh.tlp,
                        text: sh.text.clone(),
                    },
                );
                for i in &sh.indicators {
                    learn(world, r, *i, sh.tlp, Some(team), turn);
                }
            }
        }
        TeamOrder::RequestAssistance(text) => {
            let text = text.get(s.team(team).language).to_owned();
            let mut k = world.resource_mut::<Knowledge>();
            k.teams[team.index()].asked = Some(turn);
            for (i, other) in k.teams.iter_mut().enumerate() {
                if i != team.index() {
                    other.inbox.push((turn, Mail::Request(team, text.clone())));
                }
            }
            push(world, Event::AssistanceRequested { team, text });
        }
        TeamOrder::ProvideAssistance(to) => {
            world.resource_mut::<Knowledge>().teams[to.index()].incoming_bonus += 2;
            push(
                world,
                Event::AssistanceProvided {
                    from: team,
                    to: *to,
                },
            );
        }
        TeamOrder::PublicAdvisory(items) => {
            if world.resource::<Control>().allow_violations {
                let know = world.resource::<Knowledge>().teams[team.index()].clone();
                for i in items {
                    if let Some((_, received, _)) =
                        check::first_breach(&know, &[*i], |_| Onward::Public)
                    {
                        violated(world, team, *i, received);
                    }
                }
            }
            for t in 0..s.teams.len() {
                for i in items {
                    // Attributed to the publisher: a published item is nobody's finding to share.
                    learn(world, TeamId(t as u16), *i, Tlp::Clear, Some(team), turn);
                }
            }
            push(
                world,
                Event::AdvisoryPublished {
                    team,
                    indicators: items.clone(),
                },
            );
        }
        TeamOrder::JointOperation(_) => {}
    }
}

fn violated(
    world: &mut World,
    team: TeamId,
    indicator: jointex_scenario::model::IndicatorId,
    tlp: Tlp,
) {
    world.resource_mut::<Measures>().violations[team.index()] += 1;
    push(
        world,
        Event::TlpViolated {
            team,
            indicator,
            tlp,
        },
    );
}
