//! The pure check of an order against the world: may it be carried out, and if not, why.
//!
//! Used when a player proposes an order (so the UI can show the reason at once) and again
//! when the turn resolves. It reads the world and changes nothing.

use bevy_ecs::prelude::*;
use jointex_scenario::model::{IndicatorId, TeamId};
use jointex_scenario::vocab::{Control as Ctl, Tlp};

use crate::orders::{FacilitatorOrder, Missing, Refusal, TeamOrder, TlpRule};
use crate::state::*;

/// Action points a team has this turn.
pub fn points(world: &World, team: TeamId) -> u32 {
    let s = &world.resource::<Scn>().0;
    s.team(team).action_points + world.resource::<Knowledge>().teams[team.index()].bonus_points
}

/// Checks a team order given the orders already planned before it this turn.
pub fn team(
    world: &World,
    team: TeamId,
    order: &TeamOrder,
    planned: &[TeamOrder],
) -> Result<(), Refusal> {
    let control = world.resource::<Control>();
    if control.over {
        return Err(Refusal::ExerciseOver);
    }
    let s = &world.resource::<Scn>().0;
    if team.index() >= s.teams.len() {
        return Err(Refusal::NoSuch(Missing::Team));
    }
    if planned.contains(order) {
        return Err(Refusal::Duplicate);
    }
    let spent: u32 = planned.iter().map(TeamOrder::cost).sum();
    let left = points(world, team).saturating_sub(spent);
    if order.cost() > left {
        return Err(Refusal::NotEnoughPoints {
            needed: order.cost(),
            left,
        });
    }
    let know = &world.resource::<Knowledge>().teams[team.index()];
    let ind_key = |i: IndicatorId| s.indicators[i.index()].key.clone();
    if let Some(a) = order.asset() {
        if a.index() >= s.assets.len() {
            return Err(Refusal::NoSuch(Missing::Asset));
        }
        if s.asset(a).owner != team {
            return Err(Refusal::ForeignAsset);
        }
    }
    for i in order.indicators() {
        if i.index() >= s.indicators.len() {
            return Err(Refusal::NoSuch(Missing::Indicator));
        }
        if !know.indicators.contains_key(&i) {
            return Err(Refusal::UnknownIndicator);
        }
    }
    let entity = |a: jointex_scenario::model::AssetId| world.resource::<AssetIndex>().0[a.index()];
    match order {
        TeamOrder::Isolate(a) if posture(world, entity(*a)).isolated => {
            Err(Refusal::AlreadyIsolated)
        }
        TeamOrder::Reconnect(a) if !posture(world, entity(*a)).isolated => {
            Err(Refusal::NotIsolated)
        }
        TeamOrder::Patch(a) if posture(world, entity(*a)).patched => Err(Refusal::AlreadyPatched),
        TeamOrder::DeploySensor(a) if posture(world, entity(*a)).sensor => {
            Err(Refusal::SensorPresent)
        }
        TeamOrder::Restore(a) => {
            let p = posture(world, entity(*a));
            if !s.asset(*a).has(Ctl::Backups) || p.disabled & control_bit(Ctl::Backups) != 0 {
                return Err(Refusal::NoBackups);
            }
            if world
                .get::<Damage>(entity(*a))
                .is_some_and(|d| d.restoring_until.is_some())
            {
                return Err(Refusal::AlreadyRestoring);
            }
            Ok(())
        }
        TeamOrder::Block(i) if know.blocked.contains(i) => Err(Refusal::AlreadyBlocked),
        TeamOrder::Share(sh) => {
            if sh.indicators.is_empty() && sh.text.trim().is_empty() {
                return Err(Refusal::EmptyShare);
            }
            if sh.to.iter().any(|t| t.index() >= s.teams.len()) {
                return Err(Refusal::NoSuch(Missing::Team));
            }
            if sh.to.contains(&team) || s.teams.len() < 2 {
                return Err(Refusal::BadRecipient);
            }
            let to = recipients(s.teams.len(), team, &sh.to);
            violation_check(
                ind_key,
                control.allow_violations,
                know,
                &sh.indicators,
                |from| Onward::Share {
                    to: &to,
                    tlp: sh.tlp,
                    from,
                },
            )
        }
        TeamOrder::PublicAdvisory(v) => {
            if v.is_empty() {
                return Err(Refusal::EmptyShare);
            }
            violation_check(ind_key, control.allow_violations, know, v, |_| {
                Onward::Public
            })
        }
        TeamOrder::ProvideAssistance(to) => {
            if to.index() >= s.teams.len() {
                return Err(Refusal::NoSuch(Missing::Team));
            }
            let asked = world.resource::<Knowledge>().teams[to.index()].asked;
            if *to == team || asked.is_none_or(|t| t + 1 < control.turn) {
                return Err(Refusal::NotRequested);
            }
            Ok(())
        }
        TeamOrder::JointOperation(actor) => {
            if actor.index() >= s.actors.len() {
                return Err(Refusal::NoSuch(Missing::Actor));
            }
            let knows = know
                .indicators
                .keys()
                .any(|i| s.indicators[i.index()].actor == Some(*actor));
            if knows {
                Ok(())
            } else {
                Err(Refusal::NoIntelOnActor)
            }
        }
        _ => Ok(()),
    }
}

/// Checks a facilitator order.
pub fn facilitator(world: &World, order: &FacilitatorOrder) -> Result<(), Refusal> {
    // After the last turn nothing may change: an order then would alter the state after the
    // final hash, and its events would never reach the log.
    if world.resource::<Control>().over {
        return Err(Refusal::ExerciseOver);
    }
    let control = world.resource::<Control>();
    let s = &world.resource::<Scn>().0;
    let injects = world.resource::<Injects>();
    let inject = |i: jointex_scenario::model::InjectId| {
        if i.index() >= s.injects.len() {
            Err(Refusal::NoSuch(Missing::Inject))
        } else {
            Ok(i.index())
        }
    };
    match order {
        FacilitatorOrder::Hold(i) => {
            let i = inject(*i)?;
            if injects.fired[i].is_some() {
                Err(Refusal::AlreadyFired)
            } else if injects.held[i] {
                Err(Refusal::AlreadyHeld)
            } else {
                Ok(())
            }
        }
        FacilitatorOrder::Release(i) => {
            let i = inject(*i)?;
            if injects.fired[i].is_some() {
                Err(Refusal::AlreadyFired)
            } else if !injects.held[i] {
                Err(Refusal::NotHeld)
            } else {
                Ok(())
            }
        }
        FacilitatorOrder::FireNow(i) => {
            let i = inject(*i)?;
            if injects.fired[i].is_some() {
                Err(Refusal::AlreadyFired)
            } else {
                Ok(())
            }
        }
        FacilitatorOrder::AdHoc(a) => {
            if a.to.is_some_and(|t| t.index() >= s.teams.len()) {
                return Err(Refusal::NoSuch(Missing::Team));
            }
            if a.title.is_blank() && a.text.is_blank() {
                return Err(Refusal::EmptyShare);
            }
            Ok(())
        }
        FacilitatorOrder::Pause if control.paused => Err(Refusal::AlreadyPaused),
        FacilitatorOrder::Resume if !control.paused => Err(Refusal::NotPaused),
        _ => Ok(()),
    }
}

fn posture(world: &World, e: Entity) -> Posture {
    world.get::<Posture>(e).copied().unwrap_or_default()
}

/// The bit of a control in `Posture::disabled`.
pub fn control_bit(c: Ctl) -> u8 {
    let i = Ctl::ALL.iter().position(|x| *x == c).unwrap_or(0);
    1 << i
}

/// The teams a share goes to: those named, or every other team.
pub fn recipients(teams: usize, from: TeamId, to: &[TeamId]) -> Vec<TeamId> {
    if to.is_empty() {
        (0..teams as u16)
            .map(TeamId)
            .filter(|t| *t != from)
            .collect()
    } else {
        let mut v = to.to_vec();
        v.sort();
        v.dedup();
        v
    }
}

/// Where intel goes on from a team that holds it.
pub enum Onward<'a> {
    /// To these teams under this marking; `from` is who the item came from, if anyone.
    Share {
        /// Recipients.
        to: &'a [TeamId],
        /// New marking.
        tlp: Tlp,
        /// The team the item was received from.
        from: Option<TeamId>,
    },
    /// Into a public advisory.
    Public,
}

/// Which TLP 2.0 rule an onward use of an item received under `received` would break.
pub fn tlp_rule(received: Tlp, onward: &Onward<'_>) -> Option<TlpRule> {
    match onward {
        Onward::Public => match received {
            Tlp::Clear => None,
            Tlp::Green => Some(TlpRule::GreenNotPublic),
            _ => Some(TlpRule::NotPublishable),
        },
        Onward::Share { to, tlp, from } => {
            // Back to the team it came from is never a breach. An item from outside the
            // exercise (`from: None`: found by the team, or released to it by an agency) may go
            // to partner teams under its marking or a stricter one.
            let third_party = from.is_some() && to.iter().any(|t| Some(*t) != *from);
            match received {
                Tlp::Red if third_party => Some(TlpRule::RedNamedOnly),
                Tlp::AmberStrict if third_party => Some(TlpRule::AmberStrictInside),
                Tlp::Amber if third_party => Some(TlpRule::AmberNeedToKnow),
                _ if restriction(*tlp) < restriction(received) => Some(TlpRule::NoWeakerMarking),
                _ => None,
            }
        }
    }
}

fn restriction(t: Tlp) -> u8 {
    match t {
        Tlp::Clear => 0,
        Tlp::Green => 1,
        Tlp::Amber => 2,
        Tlp::AmberStrict => 3,
        Tlp::Red => 4,
    }
}

/// The first TLP breach an onward use would commit, as (indicator, marking, rule).
pub fn first_breach<'a>(
    know: &TeamKnowledge,
    items: &[IndicatorId],
    onward: impl Fn(Option<TeamId>) -> Onward<'a>,
) -> Option<(IndicatorId, Tlp, TlpRule)> {
    items.iter().find_map(|i| {
        let learned = know.indicators.get(i)?;
        tlp_rule(learned.tlp, &onward(learned.from)).map(|why| (*i, learned.tlp, why))
    })
}

fn violation_check<'a>(
    key: impl Fn(IndicatorId) -> String,
    allowed: bool,
    know: &TeamKnowledge,
    items: &[IndicatorId],
    onward: impl Fn(Option<TeamId>) -> Onward<'a>,
) -> Result<(), Refusal> {
    match first_breach(know, items, onward) {
        Some((i, received, rule)) if !allowed => Err(Refusal::TlpViolation {
            indicator: key(i),
            received,
            rule,
        }),
        _ => Ok(()),
    }
}
