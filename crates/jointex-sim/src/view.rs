//! Views: the one place where fog of war is decided.
//!
//! `team_view` builds everything a team may see from that team's own knowledge, its own
//! assets' condition (an owner always knows whether its services run), its plan and inbox,
//! and nothing else: no other team's knowledge, no undetected compromise, no adversary
//! state. Clients reach views only through observations ([`crate::observation`]), which add
//! the events a seat may see; no client builds a view or filters events itself.

use bevy_ecs::world::World;
use jointex_scenario::Text;
use jointex_scenario::model::{AssetId, ObjectiveId, TeamId};
use jointex_scenario::vocab::Channel;

use crate::check;
use crate::state::*;
use crate::view_types::*;

/// What `team` may see.
pub fn team_view(world: &World, team: TeamId) -> TeamView {
    let s = &world.resource::<Scn>().0;
    let control = world.resource::<Control>();
    let k = &world.resource::<Knowledge>().teams[team.index()];
    let plans = world.resource::<Plans>();
    let plan = plans.orders.get(team.index()).cloned().unwrap_or_default();
    let points = check::points(world, team);
    let spent: u32 = plan.iter().map(|o| o.cost()).sum();
    let statics = &world.resource::<Statics>().0;
    let own = &world.resource::<crate::phases::detection::TeamAssets>().0[team.index()];
    let mut assets: Vec<AssetView> = own
        .iter()
        .map(|&a| {
            let i = a.index();
            AssetView {
                asset: a,
                belief: Belief::Unknown,
                since: 0,
                source: None,
                isolated: false,
                patched: false,
                sensor: false,
                restoring_until: None,
                service: crate::events::ServiceState::Up,
                criticality: statics.criticality[i],
                vulnerable: statics.flags[i] & AssetStatics::VULNERABLE != 0,
                backups: statics.flags[i] & AssetStatics::BACKUPS != 0,
            }
        })
        .collect();
    // The components in storage order, one pass: looking each asset's entity up was most of
    // the cost of a view.
    if let Some(mut q) = world.try_query::<(&AssetKey, &Posture, &Damage, &Service)>() {
        for (key, p, d, service) in q.iter(world) {
            let i = key.0.index();
            if statics.owner.get(i) != Some(&team.0) {
                continue;
            }
            if let Some(v) = assets.get_mut(statics.position[i] as usize) {
                v.isolated = p.isolated;
                v.patched = p.patched;
                v.sensor = p.sensor;
                v.restoring_until = d.restoring_until;
                v.service = service.state;
            }
        }
    }
    // The team knows something of few of its assets: walk what it knows, not every asset.
    for (a, known) in &k.assets {
        if s.assets.get(a.index()).is_some_and(|x| x.owner == team)
            && let Some(v) = assets.get_mut(statics.position[a.index()] as usize)
        {
            v.belief = known.belief;
            v.since = known.since;
            v.source = Some(known.source);
        }
    }
    let indicators = k
        .indicators
        .iter()
        .map(|(i, l)| KnownIndicator {
            indicator: *i,
            turn: l.turn,
            tlp: l.tlp,
            from: l.from,
            shared: k.shared.get(i).copied(),
            blocked: k.blocked.contains(i),
            actor: s.indicators.get(i.index()).and_then(|x| x.actor),
        })
        .collect();
    let inbox = k
        .inbox
        .iter()
        .enumerate()
        .map(|(n, (turn, mail))| Message {
            acknowledged: k.acknowledged.get(&n).copied(),
            ..message(world, *turn, mail)
        })
        .collect();
    let know = world.resource::<Knowledge>();
    let sent = know
        .shares
        .iter()
        .enumerate()
        .filter(|(_, sh)| sh.from == team)
        .map(|(n, sh)| SentMessage {
            turn: sh.turn,
            to: sh.to.clone(),
            indicators: sh.indicators.clone(),
            tlp: sh.tlp,
            text: sh.text.clone(),
            acknowledged: sh
                .to
                .iter()
                .filter_map(|r| {
                    let theirs = know.teams.get(r.index())?;
                    let pos = theirs
                        .inbox
                        .iter()
                        .position(|(_, m)| *m == Mail::Share(n as u32))?;
                    theirs.acknowledged.get(&pos).map(|t| (*r, *t))
                })
                .collect(),
        })
        .collect();
    let requests = world
        .resource::<Knowledge>()
        .teams
        .iter()
        .enumerate()
        .filter(|(i, t)| *i != team.index() && t.asked.is_some_and(|a| a + 1 >= control.turn))
        .map(|(i, _)| TeamId(i as u16))
        .collect();
    TeamView {
        team,
        turn: control.turn,
        over: control.over,
        paused: control.paused,
        points,
        points_left: points.saturating_sub(spent),
        plan,
        submitted: plans.submitted.get(team.index()).copied().unwrap_or(false),
        assets,
        indicators,
        inbox,
        metrics: metrics(world, team, false),
        assistance_requests: requests,
        sent,
    }
}

fn message(world: &World, turn: u32, mail: &Mail) -> Message {
    let s = &world.resource::<Scn>().0;
    match mail {
        Mail::Inject(i) => {
            let inj = &s.injects[i.index()];
            Message {
                turn,
                origin: Origin::Inject(*i),
                channel: inj.channel,
                title: inj.title.clone(),
                text: inj.text.clone(),
                acknowledged: None,
            }
        }
        Mail::AdHoc(n) => {
            let a = &world.resource::<Injects>().adhoc[*n as usize].1;
            Message {
                turn,
                origin: Origin::AdHoc(*n),
                channel: a.channel,
                title: a.title.clone(),
                text: a.text.clone(),
                acknowledged: None,
            }
        }
        Mail::Share(n) => {
            let sh = &world.resource::<Knowledge>().shares[*n as usize];
            let from = s.team(sh.from);
            let title = Text::both(
                format!(
                    "{} from {}",
                    sh.tlp.label(),
                    from.cert.get(jointex_scenario::Lang::En)
                ),
                format!(
                    "{} 공유: {}",
                    sh.tlp.label(),
                    from.cert.get(jointex_scenario::Lang::Ko)
                ),
            );
            Message {
                turn,
                origin: Origin::Share {
                    from: sh.from,
                    indicators: sh.indicators.clone(),
                    tlp: sh.tlp,
                },
                channel: Channel::PartnerHotline,
                title,
                text: Text::en(sh.text.clone()),
                acknowledged: None,
            }
        }
        Mail::Request(from, text) => {
            let t = s.team(*from);
            Message {
                turn,
                origin: Origin::AssistanceRequest(*from),
                channel: Channel::PartnerHotline,
                title: Text::both(
                    format!(
                        "{} asks for assistance",
                        t.cert.get(jointex_scenario::Lang::En)
                    ),
                    format!("{} 지원 요청", t.cert.get(jointex_scenario::Lang::Ko)),
                ),
                text: Text::en(text.clone()),
                acknowledged: None,
            }
        }
    }
}

/// A team's metrics; `truth` adds what only the facilitator may know.
pub fn metrics(world: &World, team: TeamId, truth: bool) -> TeamMetrics {
    let s = &world.resource::<Scn>().0;
    let m = world.resource::<Measures>();
    let k = &world.resource::<Knowledge>().teams[team.index()];
    let own = |a: AssetId| s.asset(a).owner == team;
    let mut out = TeamMetrics::default();
    for i in m.incidents.iter().filter(|i| own(i.asset)) {
        // A team learns when a compromise began only once an investigation confirms it.
        let confirmed = k
            .assets
            .get(&i.asset)
            .is_some_and(|k| k.belief == Belief::Compromised);
        if let Some(d) = i.detected
            && (truth || confirmed)
        {
            out.time_to_detect.push(d.saturating_sub(i.compromised));
        }
        if let (Some(d), Some(c)) = (i.detected, i.contained)
            && (truth || confirmed)
        {
            out.time_to_contain.push(c.saturating_sub(d));
        }
        // Never detected, whether the adversary is still there or left unseen: the same
        // count the evaluation and the report give.
        if truth && i.detected.is_none() {
            out.undetected += 1;
        }
    }
    if truth {
        // The evaluation's cases: findings a partner did not already hold.
        for (_, learned, shared) in crate::evaluation::share_cases(world, team) {
            if let Some(t) = shared {
                out.time_to_share.push(t.saturating_sub(learned));
            }
        }
    } else {
        // A team cannot see what its partner holds: every own finding it shared counts.
        for (i, l) in &k.indicators {
            if let Some(t) = k.shared.get(i)
                && crate::state::shareable_finding(l)
            {
                out.time_to_share.push(t.saturating_sub(l.turn));
            }
        }
    }
    for ((t, sector), lost) in &m.lost {
        if *t == team && *lost > 0 {
            out.service_hours_lost.insert(*sector, lost / 60);
        }
    }
    for ((t, sector), a) in &m.availability {
        if *t == team {
            out.availability.insert(*sector, *a);
        }
    }
    out.tlp_violations = m.violations[team.index()];
    out.joint_operations = m.joint[team.index()];
    let inj = world.resource::<Injects>();
    for (i, inject) in s.injects.iter().enumerate() {
        for (j, e) in inject.expected.iter().enumerate() {
            if e.team == team
                && let Some(v) = inj.expected[i][j]
            {
                out.expected_due += 1;
                out.expected_met += u32::from(v);
            }
        }
    }
    out
}

/// Ground truth for the facilitator.
pub fn facilitator_view(world: &World) -> FacilitatorView {
    let s = &world.resource::<Scn>().0;
    let control = world.resource::<Control>();
    let index = &world.resource::<AssetIndex>().0;
    let active = world.resource::<Active>();
    let know = world.resource::<Knowledge>();
    let mut interesting: std::collections::BTreeSet<AssetId> = active
        .held
        .iter()
        .chain(&active.not_up)
        .chain(&active.damaged)
        .copied()
        .collect();
    for t in &know.teams {
        interesting.extend(t.assets.keys().copied());
    }
    let assets = interesting
        .into_iter()
        .map(|a| {
            let e = index[a.index()];
            let h = world.get::<Hold>(e).copied().unwrap_or_default();
            AssetTruth {
                asset: a,
                held_by: h.actor,
                since: h.actor.map(|_| h.since),
                persistent: h.persistent,
                service: world
                    .get::<Service>(e)
                    .map_or(crate::events::ServiceState::Up, |s| s.state),
                isolated: world.get::<Posture>(e).is_some_and(|p| p.isolated),
                beliefs: know
                    .teams
                    .iter()
                    .enumerate()
                    .filter_map(|(t, k)| k.assets.get(&a).map(|x| (TeamId(t as u16), x.belief)))
                    .collect(),
            }
        })
        .collect();
    let camps = world.resource::<Campaigns>();
    let campaigns = camps
        .list
        .iter()
        .map(|c| {
            let disrupted = camps.disrupted_until[c.actor.index()] >= control.turn;
            let (stage, attempts, status) = match c.progress {
                Progress::Dormant => (None, 0, CampaignStatus::Dormant),
                Progress::Active { stage, attempts } => (
                    Some(stage),
                    attempts,
                    if disrupted {
                        CampaignStatus::Disrupted
                    } else {
                        CampaignStatus::Active
                    },
                ),
                Progress::Stalled(stage) => (Some(stage), 0, CampaignStatus::Stalled),
                Progress::Done => (None, 0, CampaignStatus::Done),
            };
            CampaignView {
                actor: c.actor,
                campaign: c.campaign.0,
                stage,
                attempts,
                status,
            }
        })
        .collect();
    let inj = world.resource::<Injects>();
    FacilitatorView {
        turn: control.turn,
        over: control.over,
        paused: control.paused,
        violations_allowed: control.allow_violations,
        assets,
        campaigns,
        injects: (0..s.injects.len())
            .map(|i| InjectView {
                inject: jointex_scenario::model::InjectId(i as u32),
                fired: inj.fired[i],
                held: inj.held[i],
            })
            .collect(),
        submitted: world.resource::<Plans>().submitted.clone(),
        metrics: (0..s.teams.len() as u16)
            .map(|t| metrics(world, TeamId(t), true))
            .collect(),
        objectives: world
            .resource::<Measures>()
            .objectives
            .iter()
            .enumerate()
            .map(|(i, m)| (ObjectiveId(i as u16), *m))
            .collect(),
        adhoc: inj
            .adhoc
            .iter()
            .enumerate()
            .map(|(n, (turn, a))| AdHocView {
                number: n as u32,
                turn: *turn,
                inject: a.clone(),
            })
            .collect(),
    }
}
