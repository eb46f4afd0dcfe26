//! Cascades: services fail when what they depend on fails, after the dependency's buffer.
//!
//! Runs after the adversary so that a same-turn outage cascades this turn. The set of
//! assets down for their own reasons (impacts, outages, restores) is the root; failure
//! spreads from it along dependency edges, reaching a dependent `buffer` turns after its
//! provider fell (a dependent within its buffer is degraded: running on generators or
//! stored water). Only the roots and what they reach are visited. Availability per sector
//! and nation is weighted by population served.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use bevy_ecs::prelude::*;
use jointex_scenario::model::AssetId;

use crate::events::{Event, ServiceState};
use crate::phases::apply::{believe, contain, evict};
use crate::state::*;
use crate::topology::Topology;
use crate::view_types::Belief;

/// Finishes restores that are due and expires outages and degradations. Exclusive: a
/// finished restore evicts the adversary and closes the incident, which touch most of the
/// state through the same helpers the apply phase uses.
pub fn finish_restores(world: &mut World) {
    let turn = world.resource::<Control>().turn;
    let damaged: Vec<AssetId> = world.resource::<Active>().damaged.iter().copied().collect();
    for a in damaged {
        let e = world.resource::<AssetIndex>().0[a.index()];
        let Some(d) = world.get::<Damage>(e).copied() else {
            continue;
        };
        if d.restoring_until.is_some_and(|t| t <= turn) {
            // A restore rebuilds from clean backups: the adversary's hold goes with the old
            // system, persistence included.
            if let Some(mut dm) = crate::hash::touch(world, e).get_mut::<Damage>(e) {
                *dm = Damage::default();
            }
            evict(world, a, turn);
            contain(world, a, turn);
            // The owner rebuilt it from known-good backups: it knows the asset is clean.
            let owner = world.resource::<Scn>().0.asset(a).owner;
            believe(
                world,
                owner,
                a,
                Belief::Clean,
                crate::events::Source::Restore,
                turn,
            );
            world
                .resource_mut::<Pending>()
                .0
                .push(Event::Restored { asset: a });
        } else if let Some(mut dm) = crate::hash::touch(world, e).get_mut::<Damage>(e) {
            if dm.outage_until.is_some_and(|t| t < turn) {
                dm.outage_until = None;
            }
            if dm.degraded_until.is_some_and(|t| t < turn) {
                dm.degraded_until = None;
            }
        }
        let clear = world
            .get::<Damage>(e)
            .is_none_or(|d| *d == Damage::default());
        if clear {
            world.resource_mut::<Active>().damaged.remove(&a);
        }
    }
}

/// Recomputes every service that is not up from the damaged roots along dependency edges,
/// then availability and service-hours lost. Runs after restores finish so that a rebuilt
/// asset is a root no more.
#[allow(clippy::too_many_arguments)] // one parameter per resource it reads or writes
pub fn propagate_outages(
    control: Res<Control>,
    scn: Res<Scn>,
    topology: Res<Topology>,
    index: Res<AssetIndex>,
    population: Res<Population>,
    mut active: ResMut<Active>,
    mut services: Query<(&Damage, &mut Service)>,
    mut touched: ResMut<crate::hash::Touched>,
    mut measures: ResMut<Measures>,
    mut pending: ResMut<Pending>,
) {
    let turn = control.turn;
    let states = compute(&topology, &index, &active, &services.as_readonly(), turn);
    let previous = std::mem::take(&mut active.not_up);
    let mut changed: Vec<(AssetId, ServiceState, u32)> = Vec::new();
    for (&a, &(state, since)) in &states {
        let old = services
            .get(index.0[a.index()])
            .map(|(_, s)| *s)
            .unwrap_or_default();
        if old.state != state {
            changed.push((a, state, since.min(turn)));
        }
    }
    for a in previous.iter().filter(|a| !states.contains_key(a)) {
        changed.push((*a, ServiceState::Up, turn));
    }
    changed.sort_by_key(|c| c.0);
    for (a, state, since) in changed {
        let e = index.0[a.index()];
        if let Ok((_, mut s)) = services.get_mut(e) {
            *s = Service { state, since };
            touched.0.push(e);
        }
        pending.0.push(Event::ServiceChanged { asset: a, state });
    }
    active.not_up = states.keys().copied().collect();
    // Availability and service-hours lost, by population served.
    let s = &scn.0;
    let minutes = u64::from(s.clock.turn_minutes);
    let mut lost: BTreeMap<
        (
            jointex_scenario::model::TeamId,
            jointex_scenario::vocab::Sector,
        ),
        u64,
    > = BTreeMap::new();
    for (a, (state, _)) in &states {
        if *state == ServiceState::Down {
            let asset = s.asset(*a);
            let sum = lost.entry((asset.owner, asset.sector)).or_insert(0);
            *sum = sum.saturating_add(asset.population);
        }
    }
    let m = &mut *measures;
    for (&key, &total) in population.0.iter() {
        let down = lost.get(&key).copied().unwrap_or(0);
        let sum = m.lost.entry(key).or_insert(0);
        *sum = sum.saturating_add(down.saturating_mul(minutes));
        // In u128: a sector's population times 1000 may not fit in u64.
        let per_mille = (u128::from(down.min(total)) * 1000)
            .checked_div(u128::from(total))
            .map_or(1000, |lost| (1000 - lost.min(1000)) as u16);
        let min = m.lowest.entry(key).or_insert(1000);
        *min = (*min).min(per_mille);
        let old = m.availability.insert(key, per_mille);
        if old != Some(per_mille) && !(old.is_none() && per_mille == 1000) {
            pending.0.push(Event::Availability {
                team: key.0,
                sector: key.1,
                per_mille,
            });
        }
    }
}

/// The service state of every asset that is not up, with the turn it fell.
fn compute(
    topo: &Topology,
    index: &AssetIndex,
    active: &Active,
    services: &Query<(&Damage, &Service)>,
    turn: u32,
) -> BTreeMap<AssetId, (ServiceState, u32)> {
    let index = &index.0;
    let mut out: BTreeMap<AssetId, (ServiceState, u32)> = BTreeMap::new();
    // Dijkstra over fall times: a dependent falls at the earliest provider fall + buffer.
    let mut heap: BinaryHeap<Reverse<(u32, AssetId)>> = BinaryHeap::new();
    let mut fell: BTreeMap<AssetId, u32> = BTreeMap::new();
    for &a in &active.damaged {
        let Ok((d, service)) = services.get(index[a.index()]) else {
            continue;
        };
        if d.down(turn) {
            let since = if service.state == ServiceState::Down {
                service.since
            } else {
                turn
            };
            heap.push(Reverse((since, a)));
        } else if d.degraded(turn) {
            out.insert(a, (ServiceState::Degraded, turn));
        }
    }
    while let Some(Reverse((t, a))) = heap.pop() {
        if fell.contains_key(&a) {
            continue;
        }
        fell.insert(a, t);
        for (dep, buffer) in topo.dependents.of(a) {
            if fell.contains_key(&dep) {
                continue;
            }
            let at = t.saturating_add(buffer);
            if at <= turn {
                heap.push(Reverse((at, dep)));
            } else {
                out.entry(dep).or_insert((ServiceState::Degraded, turn));
            }
        }
    }
    for (a, t) in fell {
        out.insert(a, (ServiceState::Down, t));
    }
    out
}
