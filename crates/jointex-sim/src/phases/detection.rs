//! Detection: what each team's sensors notice this turn.
//!
//! Only the owner of an asset can detect its compromise directly; a partner's help arrives as
//! shared indicators, which raise the chance sharply on assets where the adversary left them.
//! That is how sharing late or not at all visibly costs the partner. Alerts also fire on
//! clean assets (false positives): an investigation tells them apart.

use bevy_ecs::prelude::*;
use jointex_scenario::model::{AssetId, TeamId};
use jointex_scenario::vocab::{Control as Ctl, Zone};
use rand::RngExt;

use crate::check::control_bit;
use crate::events::Source;
use crate::phases::apply::believe;
use crate::rng::{Purpose, stream, unit};
use crate::state::*;
use crate::view_types::Belief;

/// Each team's own assets, for drawing false positives.
#[derive(Resource, Default)]
pub struct TeamAssets(pub Vec<Vec<AssetId>>);

/// Base chance per turn that a compromise is noticed with no control at all.
const BASE: f64 = 0.05;
/// Chance per turn of one false alert per team.
const FALSE_POSITIVE: f64 = 0.25;

/// Rolls detection on every held asset, then false positives.
pub fn detect(world: &mut World) {
    let turn = world.resource::<Control>().turn;
    let seed = world.resource::<Seed>().0;
    let s = world.resource::<Scn>().0.clone();
    let held: Vec<AssetId> = world.resource::<Active>().held.iter().copied().collect();
    for asset in held {
        let a = s.asset(asset);
        let team = a.owner;
        let known = world.resource::<Knowledge>().teams[team.index()]
            .assets
            .get(&asset)
            .map(|k| k.belief);
        if matches!(known, Some(Belief::Suspected | Belief::Compromised)) {
            continue;
        }
        let e = world.resource::<AssetIndex>().0[asset.index()];
        let posture = world.get::<Posture>(e).copied().unwrap_or_default();
        let has = |c: Ctl| a.has(c) && posture.disabled & control_bit(c) == 0;
        let mut p = BASE;
        if has(Ctl::Logging) {
            p += 0.15;
        }
        if has(Ctl::Edr) {
            p += 0.25;
        }
        if has(Ctl::NetworkMonitoring) && a.zone == Zone::Ot {
            p += 0.2;
        }
        if posture.sensor {
            p += 0.3;
        }
        // Indicators from a partner come from the same intrusion seen elsewhere and carry
        // its context; what the team found itself it has usually hunted for already.
        let intel = intel_match(world, team, asset);
        match intel {
            Some(true) => p += 0.45,
            Some(false) => p += 0.25,
            None => {}
        }
        let roll = unit(seed, Purpose::Detection, turn, u64::from(asset.0)) < p.min(0.95);
        if roll {
            let source = match intel {
                Some(true) => Source::PartnerIntel,
                _ => Source::Alert,
            };
            believe(world, team, asset, Belief::Suspected, source, turn);
        }
    }
    let mut fp = stream(seed, Purpose::FalsePositive, turn);
    let teams = world.resource::<TeamAssets>().0.len();
    for t in 0..teams {
        let team = TeamId(t as u16);
        let asset = {
            let own = &world.resource::<TeamAssets>().0[t];
            if own.is_empty() || !fp.random_bool(FALSE_POSITIVE) {
                continue;
            }
            own[fp.random_range(0..own.len())]
        };
        let e = world.resource::<AssetIndex>().0[asset.index()];
        let held = world.get::<Hold>(e).is_some_and(|h| h.actor.is_some());
        let known = world.resource::<Knowledge>().teams[t]
            .assets
            .get(&asset)
            .map(|k| k.belief);
        if !held && matches!(known, None | Some(Belief::Unknown)) {
            believe(world, team, asset, Belief::Suspected, Source::Alert, turn);
        }
    }
}

/// Whether the team knows an indicator the adversary left on the asset: `Some(true)` when
/// one came from a partner, `Some(false)` when all it knows it found itself.
fn intel_match(world: &World, team: TeamId, asset: AssetId) -> Option<bool> {
    let traces = world.resource::<Traces>().0.get(&asset)?;
    let k = &world.resource::<Knowledge>().teams[team.index()].indicators;
    let mut found = None;
    for i in traces {
        if let Some(l) = k.get(i) {
            if l.from.is_some() {
                return Some(true);
            }
            found = Some(false);
        }
    }
    found
}
