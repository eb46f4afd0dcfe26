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
use crate::phases::apply::{Formed, believe_in};
use crate::rng::{Purpose, stream, unit};
use crate::state::*;
use crate::view_types::Belief;

/// Each team's own assets, for drawing false positives.
#[derive(Resource, Default)]
pub struct TeamAssets(pub std::sync::Arc<Vec<Vec<AssetId>>>);

/// Base chance per turn that a compromise is noticed with no control at all.
const BASE: f64 = 0.05;
/// Chance per turn of one false alert per team.
const FALSE_POSITIVE: f64 = 0.25;

/// Rolls detection on every held asset, then false positives. Reads the defenders' posture
/// and knowledge and the adversary's traces; writes only what teams believe (and, through a
/// detection, the incident's timings and the event).
#[allow(clippy::too_many_arguments)] // one parameter per resource it reads or writes
pub fn detect(
    control: Res<Control>,
    seed: Res<Seed>,
    scn: Res<Scn>,
    active: Res<Active>,
    index: Res<AssetIndex>,
    traces: Res<Traces>,
    team_assets: Res<TeamAssets>,
    assets: Query<(&Posture, &Hold)>,
    mut knowledge: ResMut<Knowledge>,
    mut measures: ResMut<Measures>,
    mut pending: ResMut<Pending>,
) {
    let turn = control.turn;
    let seed = seed.0;
    let s = &scn.0;
    let flagged = |k: &Knowledge, team: TeamId, asset: AssetId| {
        matches!(
            k.teams[team.index()].assets.get(&asset).map(|k| k.belief),
            Some(Belief::Suspected | Belief::Compromised)
        )
    };
    for &asset in &active.held {
        let a = s.asset(asset);
        let team = a.owner;
        if flagged(&knowledge, team, asset) {
            continue;
        }
        let posture = assets
            .get(index.0[asset.index()])
            .map(|(p, _)| *p)
            .unwrap_or_default();
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
        let intel = intel_match(&traces, &knowledge, team, asset);
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
            let to = Formed {
                belief: Belief::Suspected,
                source,
                turn,
            };
            believe_in(&mut knowledge, &mut measures, &mut pending, team, asset, to);
        }
    }
    let mut fp = stream(seed, Purpose::FalsePositive, turn);
    for (t, own) in team_assets.0.iter().enumerate() {
        let team = TeamId(t as u16);
        if own.is_empty() || !fp.random_bool(FALSE_POSITIVE) {
            continue;
        }
        let asset = own[fp.random_range(0..own.len())];
        let held = assets
            .get(index.0[asset.index()])
            .is_ok_and(|(_, h)| h.actor.is_some());
        let known = knowledge.teams[t].assets.get(&asset).map(|k| k.belief);
        if !held && matches!(known, None | Some(Belief::Unknown)) {
            let to = Formed {
                belief: Belief::Suspected,
                source: Source::Alert,
                turn,
            };
            believe_in(&mut knowledge, &mut measures, &mut pending, team, asset, to);
        }
    }
}

/// Whether the team knows an indicator the adversary left on the asset: `Some(true)` when
/// one came from a partner, `Some(false)` when all it knows it found itself.
fn intel_match(traces: &Traces, k: &Knowledge, team: TeamId, asset: AssetId) -> Option<bool> {
    let traces = traces.0.get(&asset)?;
    let k = &k.teams[team.index()].indicators;
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
