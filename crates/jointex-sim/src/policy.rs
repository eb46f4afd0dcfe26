//! Built-in policies that play a team automatically, from its observation alone.
//!
//! For tests, for Monte Carlo runs, and for a facilitator whose team did not show up. A
//! policy is handed exactly what a player of that team is handed ([`TeamObservation`]) and
//! nothing else — not the scenario, not the exercise — so it cannot cheat through ground
//! truth; its orders go through the same door and checks as a player's.

use std::collections::BTreeSet;

use jointex_scenario::model::{AssetId, IndicatorId, TeamId};
use jointex_scenario::vocab::Tlp;

use crate::ServiceState;
use crate::observation::TeamObservation;
use crate::orders::{Share, TeamOrder};
use crate::seat::Command;
use crate::session::{Session, TeamConsole};
use crate::view_types::{Belief, KnownIndicator, TeamView};

/// Plans a team's turn from its view.
pub trait Policy {
    /// The policy's name, as given on the command line.
    fn name(&self) -> &'static str;
    /// This turn's orders, within the view's action points.
    fn plan(&mut self, obs: &TeamObservation) -> Vec<TeamOrder>;
}

/// Names of the built-in policies, for help texts and errors.
pub const NAMES: [&str; 3] = ["idle", "by-the-book", "share-everything"];

/// A built-in policy by name.
pub fn by_name(name: &str) -> Option<Box<dyn Policy>> {
    match name {
        "idle" => Some(Box::new(Idle)),
        "by-the-book" => Some(Box::new(ByTheBook::default())),
        "share-everything" => Some(Box::new(ShareEverything(ByTheBook::default()))),
        _ => None,
    }
}

/// Does nothing: the baseline every other policy is measured against.
pub struct Idle;

impl Policy for Idle {
    fn name(&self) -> &'static str {
        "idle"
    }

    fn plan(&mut self, _: &TeamObservation) -> Vec<TeamOrder> {
        Vec::new()
    }
}

/// A CERT's playbook: contain what is confirmed, investigate what is suspected, restore what
/// is down, then block, hunt, harden; share confirmed findings with partners under
/// TLP:AMBER, help partners that ask, and join takedowns of actors it has intel on.
#[derive(Default)]
pub struct ByTheBook {
    hunted: BTreeSet<IndicatorId>,
    /// Assets whose credentials were reset, and whether an investigation has followed.
    reset: std::collections::BTreeMap<AssetId, bool>,
}

impl Policy for ByTheBook {
    fn name(&self) -> &'static str {
        "by-the-book"
    }

    fn plan(&mut self, obs: &TeamObservation) -> Vec<TeamOrder> {
        let view = &obs.view;
        let mut plan = Planner::new(view);
        self.respond(view, &mut plan);
        let own: Vec<&KnownIndicator> = view
            .indicators
            .iter()
            .filter(|k| k.shared.is_none() && k.from.is_none())
            .collect();
        for share in shares(
            &own,
            Tlp::Amber,
            "Confirmed indicators from our investigation.",
        ) {
            plan.add(TeamOrder::Share(share));
        }
        self.harden(view, &mut plan);
        plan.orders
    }
}

impl ByTheBook {
    fn respond(&mut self, view: &TeamView, plan: &mut Planner) {
        let mut by_criticality: Vec<_> = view.assets.iter().collect();
        by_criticality.sort_by_key(|a| (std::cmp::Reverse(a.criticality), a.asset));
        for a in &by_criticality {
            if a.belief == Belief::Compromised && !a.isolated {
                plan.add(TeamOrder::Isolate(a.asset));
            }
        }
        // Policies cannot talk to each other, so they keep a standing arrangement the partner
        // policies share: strike jointly every fourth turn, at the actor with the lowest id that
        // the team holds intel on. Early in the plan, so the points are there.
        if view.turn.is_multiple_of(4) {
            let actors: BTreeSet<_> = view.indicators.iter().filter_map(|k| k.actor).collect();
            if let Some(actor) = actors.into_iter().next() {
                plan.add(TeamOrder::JointOperation(actor));
            }
        }
        for a in &by_criticality {
            let down = a.service == ServiceState::Down || a.belief == Belief::Compromised;
            if down && a.isolated && a.restoring_until.is_none() && a.backups {
                plan.add(TeamOrder::Restore(a.asset));
            }
        }
        for a in &by_criticality {
            if a.belief == Belief::Suspected {
                plan.add(TeamOrder::Investigate(a.asset));
            }
        }
        // With no backups, reset credentials once, then investigate to see whether the
        // adversary is gone; one that survives a reset is persistent and stays isolated.
        for a in &by_criticality {
            if a.belief != Belief::Compromised
                || !a.isolated
                || a.restoring_until.is_some()
                || a.backups
            {
                continue;
            }
            match self.reset.get(&a.asset).copied() {
                None => {
                    if plan.add(TeamOrder::ResetCredentials(a.asset)) {
                        self.reset.insert(a.asset, false);
                    }
                }
                Some(false) => {
                    if plan.add(TeamOrder::Investigate(a.asset)) {
                        self.reset.insert(a.asset, true);
                    }
                }
                Some(true) => {}
            }
        }
        for a in &by_criticality {
            if a.belief == Belief::Clean && a.isolated && a.restoring_until.is_none() {
                plan.add(TeamOrder::Reconnect(a.asset));
            }
        }
        for k in &view.indicators {
            if !k.blocked {
                plan.add(TeamOrder::Block(k.indicator));
            }
        }
        for k in &view.indicators {
            if !self.hunted.contains(&k.indicator) && plan.add(TeamOrder::Hunt(k.indicator)) {
                self.hunted.insert(k.indicator);
            }
        }
        for t in &view.assistance_requests {
            plan.add(TeamOrder::ProvideAssistance(*t));
        }
    }

    fn harden(&mut self, view: &TeamView, plan: &mut Planner) {
        let mut quiet: Vec<_> = view
            .assets
            .iter()
            .filter(|a| a.belief == Belief::Unknown || a.belief == Belief::Clean)
            .collect();
        quiet.sort_by_key(|a| (std::cmp::Reverse(a.criticality), a.asset));
        for a in quiet.iter().take(8) {
            if !a.patched && a.vulnerable {
                plan.add(TeamOrder::Patch(a.asset));
            }
            if !a.sensor && a.criticality >= 4 {
                plan.add(TeamOrder::DeploySensor(a.asset));
            }
        }
    }
}

/// Shares every indicator it holds the moment it holds it (TLP:GREEN, or the marking it came
/// under when that is stricter and allows it), then plays by the book.
pub struct ShareEverything(ByTheBook);

impl Policy for ShareEverything {
    fn name(&self) -> &'static str {
        "share-everything"
    }

    fn plan(&mut self, obs: &TeamObservation) -> Vec<TeamOrder> {
        let view = &obs.view;
        let mut plan = Planner::new(view);
        // Only what the team found itself or holds as CLEAR/GREEN may go on to every partner.
        let items: Vec<&KnownIndicator> = view
            .indicators
            .iter()
            .filter(|k| {
                k.shared.is_none() && (k.from.is_none() || matches!(k.tlp, Tlp::Clear | Tlp::Green))
            })
            .collect();
        for share in shares(&items, Tlp::Green, "Everything we hold, for your hunts.") {
            plan.add(TeamOrder::Share(share));
        }
        self.0.respond(view, &mut plan);
        self.0.harden(view, &mut plan);
        plan.orders
    }
}

/// Shares to every other team, one per marking: each item travels under `floor` or under the
/// stricter marking it was released on, so no share downgrades what it carries.
fn shares(items: &[&KnownIndicator], floor: Tlp, text: &str) -> Vec<Share> {
    let mut by_tlp: std::collections::BTreeMap<Tlp, Vec<IndicatorId>> = Default::default();
    for k in items {
        by_tlp
            .entry(k.tlp.max(floor))
            .or_default()
            .push(k.indicator);
    }
    by_tlp
        .into_iter()
        .map(|(tlp, indicators)| Share {
            to: Vec::new(),
            indicators,
            tlp,
            text: text.to_owned(),
        })
        .collect()
}

/// Adds orders while action points last, skipping duplicates.
struct Planner {
    orders: Vec<TeamOrder>,
    left: u32,
}

impl Planner {
    fn new(view: &TeamView) -> Self {
        Planner {
            orders: view.plan.clone(),
            left: view.points_left,
        }
    }

    fn add(&mut self, order: TeamOrder) -> bool {
        if order.cost() > self.left || self.orders.contains(&order) {
            return false;
        }
        self.left -= order.cost();
        self.orders.push(order);
        true
    }
}

/// Plays a team's turn with a policy through the team's console: plans from its
/// observation, gives each order, drops the refused ones, submits. Returns the orders given,
/// or the first error that is not a refusal (a record that cannot be written).
pub fn play_console<S: Session>(
    console: &mut TeamConsole<'_, S>,
    policy: &mut dyn Policy,
) -> Result<Vec<TeamOrder>, S::Error> {
    let obs = console.observe(usize::MAX);
    let mut given = Vec::new();
    for o in policy.plan(&obs).into_iter().skip(obs.view.plan.len()) {
        match console.check(&Command::Order(o.clone())) {
            Ok(()) => {
                console.execute(Command::Order(o.clone()))?;
                given.push(o);
            }
            Err(_) => continue,
        }
    }
    if console.check(&Command::Submit).is_ok() {
        console.execute(Command::Submit)?;
    }
    Ok(given)
}

/// Plays a team's turn on an exercise with a policy ([`play_console`]).
pub fn play(ex: &mut crate::Exercise, team: TeamId, policy: &mut dyn Policy) -> Vec<TeamOrder> {
    play_console(&mut TeamConsole::new(ex, team), policy).unwrap_or_default()
}
