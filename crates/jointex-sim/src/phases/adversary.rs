//! The adversary: every running campaign makes its attempts for the turn.
//!
//! A campaign works on one stage at a time. Initial access goes for the stage's targets
//! directly; lateral movement goes from assets the actor holds along network, trust and
//! supply-chain edges (across the border too); other stages work on assets already held.
//! Each attempt succeeds with the stage's chance, raised by a matching unpatched
//! vulnerability and lowered by controls, isolation, patches, credential resets, blocked
//! indicators and joint takedowns. A stage that succeeds moves the campaign on; one that runs
//! out of attempts takes its branch or stalls. Every attempt leaves the stage's indicators on
//! the target, which hunts and partner intel can find later.

use bevy_ecs::prelude::*;
use jointex_scenario::model::{ActorId, AssetId, StageId, Targets};
use jointex_scenario::vocab::{Control as Ctl, Impact, Phase};
use rand::RngExt;

use crate::check::control_bit;
use crate::events::{Event, Source};
use crate::phases::apply::believe;
use crate::rng::{Purpose, stream};
use crate::state::*;
use crate::topology::Topology;
use crate::view_types::Belief;

/// Candidate assets of `Select` targets, per actor and stage, computed once at build.
#[derive(Resource, Default)]
pub struct StageTargets(pub std::sync::Arc<Vec<Vec<Vec<AssetId>>>>);

/// Runs every campaign one turn.
pub fn run_campaigns(world: &mut World) {
    let turn = world.resource::<Control>().turn;
    let seed = world.resource::<Seed>().0;
    let mut rng = stream(seed, Purpose::Adversary, turn);
    let n = world.resource::<Campaigns>().list.len();
    for c in 0..n {
        let state = world.resource::<Campaigns>().list[c].clone();
        let actor = state.actor;
        let s = world.resource::<Scn>().0.clone();
        let a = &s.actors[actor.index()];
        if let Progress::Dormant = state.progress
            && a.campaigns[state.campaign.index()].start_turn == Some(turn)
        {
            start(world, c, turn);
        }
        if world.resource::<Campaigns>().disrupted_until[actor.index()] >= turn {
            continue;
        }
        let tries =
            std::mem::take(&mut world.resource_mut::<Campaigns>().list[c].extra).saturating_add(1);
        for _ in 0..tries {
            let Progress::Active { stage, attempts } =
                world.resource::<Campaigns>().list[c].progress
            else {
                break;
            };
            let succeeded = attempt(world, actor, stage, turn, &mut rng);
            let st = &a.stages[stage.index()];
            let next = if succeeded {
                push(
                    world,
                    Event::StageCompleted {
                        actor,
                        stage,
                        next: st.next,
                    },
                );
                Some(st.next.map_or(Progress::Done, |n| Progress::Active {
                    stage: n,
                    attempts: 0,
                }))
            } else if attempts.saturating_add(1) >= st.attempts {
                push(
                    world,
                    Event::StageBlocked {
                        actor,
                        stage,
                        branch: st.on_blocked,
                    },
                );
                Some(
                    st.on_blocked
                        .map_or(Progress::Stalled(stage), |b| Progress::Active {
                            stage: b,
                            attempts: 0,
                        }),
                )
            } else {
                world.resource_mut::<Campaigns>().list[c].progress = Progress::Active {
                    stage,
                    attempts: attempts.saturating_add(1),
                };
                None
            };
            if let Some(p) = next {
                let mut camps = world.resource_mut::<Campaigns>();
                camps.list[c].progress = p;
                if let Progress::Active { stage: s2, .. } = p {
                    camps.reached.insert((actor, s2));
                }
            }
            if succeeded {
                break;
            }
        }
    }
}

/// Starts a dormant campaign at its first stage.
pub fn start(world: &mut World, c: usize, _turn: u32) {
    let (actor, campaign) = {
        let st = &world.resource::<Campaigns>().list[c];
        (st.actor, st.campaign)
    };
    let s = world.resource::<Scn>().0.clone();
    let Some(&first) = s.actors[actor.index()].campaigns[campaign.index()]
        .stages
        .first()
    else {
        return;
    };
    let mut camps = world.resource_mut::<Campaigns>();
    if camps.list[c].progress != Progress::Dormant {
        return;
    }
    camps.list[c].progress = Progress::Active {
        stage: first,
        attempts: 0,
    };
    camps.reached.insert((actor, first));
    push(
        world,
        Event::CampaignStarted {
            actor,
            stage: first,
        },
    );
}

fn push(world: &mut World, e: Event) {
    world.resource_mut::<Pending>().0.push(e);
}

/// One attempt at a stage; true when it achieved something.
fn attempt(
    world: &mut World,
    actor: ActorId,
    stage: StageId,
    turn: u32,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> bool {
    let s = world.resource::<Scn>().0.clone();
    let st = &s.actors[actor.index()].stages[stage.index()];
    let targets: Vec<AssetId> = match st.phase {
        Phase::InitialAccess => pick_initial(world, actor, stage, rng).into_iter().collect(),
        Phase::LateralMovement => pick_lateral(world, actor, stage, rng).into_iter().collect(),
        // A flood or a defacement is done from outside: it needs no foothold on the target.
        Phase::Impact if matches!(st.impact, Some(Impact::Disrupt | Impact::Deface)) => {
            outside_targets(world, actor, stage, rng)
        }
        _ => held_matching(world, actor, &st.targets),
    };
    let mut any = false;
    for asset in targets {
        let p = chance(world, actor, stage, asset, turn);
        let success = rng.random_bool(p);
        push(
            world,
            Event::Attempt {
                actor,
                stage,
                asset,
                success,
            },
        );
        if !st.indicators.is_empty() {
            world
                .resource_mut::<Traces>()
                .0
                .entry(asset)
                .or_default()
                .extend(st.indicators.iter().copied());
        }
        if !success {
            continue;
        }
        any = true;
        let e = world.resource::<AssetIndex>().0[asset.index()];
        match st.phase {
            Phase::InitialAccess | Phase::LateralMovement => compromise(world, asset, actor, turn),
            Phase::Persistence => {
                if let Some(mut h) = crate::hash::touch(world, e).get_mut::<Hold>(e) {
                    h.persistent = true;
                }
            }
            Phase::Impact => {
                let impact = st.impact.unwrap_or(Impact::Disrupt);
                if let Some(mut d) = crate::hash::touch(world, e).get_mut::<Damage>(e) {
                    match impact {
                        Impact::Encrypt | Impact::Wipe | Impact::IcsManipulation => {
                            d.destroyed = Some(impact)
                        }
                        Impact::Exfiltrate => d.exfiltrated = true,
                        Impact::Disrupt => d.degraded_until = Some(turn.saturating_add(1)),
                        Impact::Deface => d.degraded_until = Some(turn),
                    }
                }
                world.resource_mut::<Active>().damaged.insert(asset);
                push(world, Event::ImpactApplied { asset, impact });
                // Encrypted screens, a wiped server, a plant out of control, a defaced site:
                // the owner cannot miss these, though it may not yet know who or how.
                if matches!(
                    impact,
                    Impact::Encrypt | Impact::Wipe | Impact::IcsManipulation | Impact::Deface
                ) {
                    let owner = s.asset(asset).owner;
                    let known = world.resource::<Knowledge>().teams[owner.index()]
                        .assets
                        .get(&asset)
                        .map(|k| k.belief);
                    if !matches!(known, Some(Belief::Suspected | Belief::Compromised)) {
                        believe(world, owner, asset, Belief::Suspected, Source::Impact, turn);
                    }
                }
            }
            _ => {}
        }
    }
    any
}

/// An actor takes an asset.
pub fn compromise(world: &mut World, asset: AssetId, actor: ActorId, turn: u32) {
    let e = world.resource::<AssetIndex>().0[asset.index()];
    let Some(mut h) = crate::hash::touch(world, e).get_mut::<Hold>(e) else {
        return;
    };
    if h.actor.is_some() {
        return;
    }
    *h = Hold {
        actor: Some(actor),
        since: turn,
        persistent: false,
    };
    world.resource_mut::<Active>().held.insert(asset);
    // An owner that already flags the asset (an earlier alert) has it under watch: the
    // compromise counts as detected the moment it happens.
    let owner = world.resource::<Scn>().0.asset(asset).owner;
    let flagged = world.resource::<Knowledge>().teams[owner.index()]
        .assets
        .get(&asset)
        .filter(|k| matches!(k.belief, Belief::Suspected | Belief::Compromised))
        .map(|k| k.source);
    let mut m = world.resource_mut::<Measures>();
    m.incidents.push(Incident {
        asset,
        compromised: turn,
        detected: flagged.map(|_| turn),
        detected_by: flagged,
        contained: None,
    });
    let i = m.incidents.len() - 1;
    m.open.insert(asset, i);
    push(world, Event::Compromised { asset, actor });
}

fn free(world: &World, a: AssetId) -> bool {
    let e = world.resource::<AssetIndex>().0[a.index()];
    let held = world.get::<Hold>(e).is_some_and(|h| h.actor.is_some());
    let isolated = world.get::<Posture>(e).is_some_and(|p| p.isolated);
    !held && !isolated
}

/// A target for initial access: one of the stage's assets that is not held or isolated.
fn pick_initial(
    world: &World,
    actor: ActorId,
    stage: StageId,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Option<AssetId> {
    let s = &world.resource::<Scn>().0;
    let st = &s.actors[actor.index()].stages[stage.index()];
    let pool: &[AssetId] = match &st.targets {
        Targets::Assets(list) => list,
        Targets::Select { .. } => &world.resource::<StageTargets>().0[actor.index()][stage.index()],
        Targets::Reachable => return pick_lateral(world, actor, stage, rng),
    };
    if pool.len() <= 64 {
        let free: Vec<AssetId> = pool.iter().copied().filter(|a| free(world, *a)).collect();
        return (!free.is_empty()).then(|| free[rng.random_range(0..free.len())]);
    }
    // Large pools (a whole sector of a nation): sample rather than scan, so the cost does not
    // grow with the nation.
    (0..16)
        .map(|_| pool[rng.random_range(0..pool.len())])
        .find(|a| free(world, *a))
}

/// A target for lateral movement: a free neighbour of a held, connected asset.
fn pick_lateral(
    world: &World,
    actor: ActorId,
    stage: StageId,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Option<AssetId> {
    let s = &world.resource::<Scn>().0;
    let st = &s.actors[actor.index()].stages[stage.index()];
    let topo = world.resource::<Topology>();
    let index = &world.resource::<AssetIndex>().0;
    let mut frontier: Vec<AssetId> = Vec::new();
    for &h in &world.resource::<Active>().held {
        let e = index[h.index()];
        if world.get::<Hold>(e).is_none_or(|x| x.actor != Some(actor))
            || world.get::<Posture>(e).is_some_and(|p| p.isolated)
        {
            continue;
        }
        for (n, _via) in topo.moves.of(h) {
            if free(world, n) && st.targets.admits(n, s.asset(n)) {
                frontier.push(n);
            }
        }
        if frontier.len() >= 4096 {
            break;
        }
    }
    frontier.sort_unstable();
    frontier.dedup();
    (!frontier.is_empty()).then(|| frontier[rng.random_range(0..frontier.len())])
}

/// Up to four targets of an attack from outside: named or selected assets not isolated.
fn outside_targets(
    world: &World,
    actor: ActorId,
    stage: StageId,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Vec<AssetId> {
    let s = &world.resource::<Scn>().0;
    let st = &s.actors[actor.index()].stages[stage.index()];
    let index = &world.resource::<AssetIndex>().0;
    let open = |a: &AssetId| {
        world
            .get::<Posture>(index[a.index()])
            .is_none_or(|p| !p.isolated)
    };
    let pool: &[AssetId] = match &st.targets {
        Targets::Assets(list) => list,
        Targets::Select { .. } => &world.resource::<StageTargets>().0[actor.index()][stage.index()],
        Targets::Reachable => return held_matching(world, actor, &st.targets),
    };
    if pool.len() <= 4 {
        return pool.iter().copied().filter(open).collect();
    }
    let mut picked: Vec<AssetId> = (0..8)
        .map(|_| pool[rng.random_range(0..pool.len())])
        .filter(open)
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked.truncate(4);
    picked
}

/// Held assets the actor can still command: an isolated host is cut off from its
/// command-and-control, so nothing is detonated, stolen or staged there until it is
/// reconnected. Containing before detonation is what isolation is for.
fn held_matching(world: &World, actor: ActorId, targets: &Targets) -> Vec<AssetId> {
    let s = &world.resource::<Scn>().0;
    let index = &world.resource::<AssetIndex>().0;
    world
        .resource::<Active>()
        .held
        .iter()
        .copied()
        .filter(|a| {
            let e = index[a.index()];
            world.get::<Hold>(e).is_some_and(|h| h.actor == Some(actor))
                && world.get::<Posture>(e).is_none_or(|p| !p.isolated)
        })
        .filter(|a| matches!(targets, Targets::Reachable) || targets.admits(*a, s.asset(*a)))
        .collect()
}

/// The chance that an attempt of `stage` on `asset` succeeds this turn.
pub fn chance(world: &World, actor: ActorId, stage: StageId, asset: AssetId, turn: u32) -> f64 {
    let s = &world.resource::<Scn>().0;
    let st = &s.actors[actor.index()].stages[stage.index()];
    let a = s.asset(asset);
    let e = world.resource::<AssetIndex>().0[asset.index()];
    let posture = world.get::<Posture>(e).copied().unwrap_or_default();
    let has = |c: Ctl| a.has(c) && posture.disabled & control_bit(c) == 0;
    let mut p = st.success;
    if !posture.patched
        && let Some(v) = a
            .vulnerabilities
            .iter()
            .filter(|v| technique_matches(v.technique.as_deref(), &st.technique))
            .map(|v| v.exploitability)
            .reduce(f64::max)
    {
        p = p.max(v);
    }
    let entering = matches!(st.phase, Phase::InitialAccess | Phase::LateralMovement);
    if entering && posture.isolated {
        return 0.0;
    }
    if posture.patched && entering {
        p *= 0.5;
    }
    let credential = [
        "T1078", "T1133", "T1110", "T1021", "T0859", "T0886", "T1199",
    ]
    .iter()
    .any(|t| st.technique.starts_with(t));
    if credential && has(Ctl::Mfa) {
        p *= 0.4;
    }
    if credential && posture.creds_reset.is_some_and(|t| t + 2 >= turn) {
        p *= 0.5;
    }
    if has(Ctl::Edr) && !matches!(st.phase, Phase::InitialAccess) {
        p *= 0.6;
    }
    if has(Ctl::Allowlisting)
        && matches!(
            st.phase,
            Phase::Execution | Phase::Impact | Phase::Persistence
        )
    {
        p *= 0.6;
    }
    if has(Ctl::Segmentation) && matches!(st.phase, Phase::LateralMovement) {
        p *= 0.5;
    }
    let owner = a.owner.index();
    let k = world.resource::<Knowledge>();
    if st
        .indicators
        .iter()
        .any(|i| k.teams[owner].blocked.contains(i))
    {
        p *= 0.3;
    }
    let takedowns = world.resource::<Campaigns>().takedowns[actor.index()];
    p *= 0.7f64.powi(takedowns as i32);
    p.clamp(0.0, 1.0)
}

/// A vulnerability exploited by `T1190` also serves `T1190` sub-techniques, and the reverse.
fn technique_matches(vuln: Option<&str>, stage: &str) -> bool {
    let Some(v) = vuln else { return false };
    let base = |t: &str| t.split('.').next().unwrap_or(t).to_owned();
    v == stage || base(v) == base(stage)
}
