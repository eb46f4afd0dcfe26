//! Built-in policies that play a team automatically, from its observation alone.
//!
//! For tests, for studies over many seeds, and for a facilitator whose team did not show up.
//! A policy is handed exactly what a player of that team is handed ([`TeamObservation`]) and
//! nothing else — not the scenario, not the exercise — so it cannot cheat through ground
//! truth; its orders go through the same door and checks as a player's.
//!
//! Policies are named by a spec: `idle`, `by-the-book`, `share-everything`, or the `respond`
//! family with knobs, `respond:share=never,contain=restore` — one knob per thing a planner
//! wants to isolate in a study (docs/study.md lists them). `by-the-book` is `respond` with
//! every knob at its default and `share-everything` is `respond:share=everything`: they play
//! the same orders in the same order, so records made under the old names replay unchanged.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jointex_scenario::model::{AssetId, IndicatorId, TeamId};
use jointex_scenario::suggest;
use jointex_scenario::vocab::Tlp;

use crate::ServiceState;
use crate::observation::TeamObservation;
use crate::orders::{Share, TeamOrder};
use crate::seat::Command;
use crate::session::{Session, TeamConsole};
use crate::view_types::{AssetView, Belief, KnownIndicator, TeamView};

/// Plans a team's turn from its view.
pub trait Policy: Send {
    /// The policy's spec, as it would be given on the command line (knobs at their defaults
    /// left out).
    fn name(&self) -> String;
    /// This turn's orders, within the view's action points.
    fn plan(&mut self, obs: &TeamObservation) -> Vec<TeamOrder>;
}

/// Names of the built-in policies, for help texts and errors; `respond` takes knobs.
pub const NAMES: [&str; 4] = ["idle", "by-the-book", "share-everything", "respond"];

/// The knobs of `respond`, each with its values; the first value is the default.
pub const KNOBS: [(&str, &[&str]); 4] = [
    ("share", &["book", "never", "everything"]),
    ("contain", &["isolate", "restore", "none"]),
    ("hunt", &["partner", "own"]),
    ("joint", &["on", "off"]),
];

/// A policy spec that does not name a policy: what is wrong, and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// What is wrong, naming the part of the spec at fault.
    pub message: String,
    /// What would be right.
    pub hint: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.message, self.hint)
    }
}

impl std::error::Error for SpecError {}

/// A built-in policy by spec.
pub fn by_name(spec: &str) -> Option<Box<dyn Policy>> {
    parse(spec).ok()
}

/// A built-in policy by spec: a name, or `respond:KNOB=VALUE,…`.
pub fn parse(spec: &str) -> Result<Box<dyn Policy>, SpecError> {
    let spec = spec.trim();
    let (name, knobs) = match spec.split_once(':') {
        Some((n, k)) => (n.trim(), Some(k)),
        None => (spec, None),
    };
    match (name, knobs) {
        ("idle", None) => Ok(Box::new(Idle)),
        ("by-the-book", None) => Ok(Box::new(Respond::new(Knobs::default()))),
        ("share-everything", None) => Ok(Box::new(Respond::new(Knobs {
            share: Sharing::Everything,
            ..Knobs::default()
        }))),
        ("respond", None) => Ok(Box::new(Respond::new(Knobs::default()))),
        ("respond", Some(k)) => Ok(Box::new(Respond::new(Knobs::parse(k)?))),
        ("idle" | "by-the-book" | "share-everything", Some(_)) => Err(SpecError {
            message: format!("policy `{name}` takes no knobs"),
            hint: format!(
                "knobs belong to `respond`, such as `respond:share=never`; {}",
                knob_list()
            ),
        }),
        _ => Err(SpecError {
            message: format!("unknown policy `{name}`"),
            hint: names_hint(name),
        }),
    }
}

/// "did you mean" for a policy name, always followed by the list of policies.
pub fn names_hint(name: &str) -> String {
    let list = "the policies are `idle`, `by-the-book`, `share-everything` and \
                `respond:KNOB=VALUE,…` (docs/study.md)";
    match suggest::closest(name, NAMES) {
        Some(c) => format!("did you mean `{c}`? {list}"),
        None => list.to_owned(),
    }
}

fn knob_list() -> String {
    KNOBS
        .iter()
        .map(|(k, values)| format!("{k}={}", values.join("|")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Does nothing: the baseline every other policy is measured against.
pub struct Idle;

impl Policy for Idle {
    fn name(&self) -> String {
        "idle".to_owned()
    }

    fn plan(&mut self, _: &TeamObservation) -> Vec<TeamOrder> {
        Vec::new()
    }
}

/// What a responding team shares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sharing {
    /// Its own confirmed findings, to every partner under TLP:AMBER, after responding.
    #[default]
    Book,
    /// Nothing, ever.
    Never,
    /// Everything it may, the moment it holds it (TLP:GREEN, or the stricter marking it came
    /// under when that allows passing it on), before responding.
    Everything,
}

/// How a responding team contains a confirmed compromise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Containment {
    /// Isolate it; restore from backup or reset credentials; reconnect once clean.
    #[default]
    Isolate,
    /// Keep it connected: restore from backup when it is down or confirmed, reset
    /// credentials where there are no backups.
    Restore,
    /// Neither isolate, restore nor reset: investigate and watch.
    None,
}

/// A `respond` policy's settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Knobs {
    /// What it shares.
    pub share: Sharing,
    /// How it contains.
    pub contain: Containment,
    /// Hunts and blocks partners' indicators too (`hunt=partner`), or only its own.
    pub own_intel_only: bool,
    /// Stays out of joint operations.
    pub no_joint: bool,
}

impl Knobs {
    /// `KNOB=VALUE` pairs separated by `,` (or `:`).
    pub fn parse(text: &str) -> Result<Knobs, SpecError> {
        let mut knobs = Knobs::default();
        let mut seen: Vec<&str> = Vec::new();
        for pair in text.split([',', ':']).map(str::trim) {
            let Some((key, value)) = pair.split_once('=').map(|(k, v)| (k.trim(), v.trim())) else {
                return Err(SpecError {
                    message: format!("`{pair}` in `respond:{text}` is not `KNOB=VALUE`"),
                    hint: format!("the knobs are {}", knob_list()),
                });
            };
            let Some((key, values)) = KNOBS.iter().find(|(k, _)| *k == key) else {
                let keys = KNOBS.iter().map(|(k, _)| *k);
                let hint = match suggest::closest(key, keys) {
                    Some(c) => format!("did you mean `{c}`? the knobs are {}", knob_list()),
                    None => format!("the knobs are {}", knob_list()),
                };
                return Err(SpecError {
                    message: format!("unknown knob `{key}` in `respond:{text}`"),
                    hint,
                });
            };
            if seen.contains(key) {
                return Err(SpecError {
                    message: format!("knob `{key}` is set twice in `respond:{text}`"),
                    hint: "keep one".to_owned(),
                });
            }
            seen.push(key);
            if !values.contains(&value) {
                let hint = match suggest::closest(value, values.iter().copied()) {
                    Some(c) => format!(
                        "did you mean `{c}`? `{key}` is one of {}",
                        values.join(", ")
                    ),
                    None => format!("`{key}` is one of {}", values.join(", ")),
                };
                return Err(SpecError {
                    message: format!("`{value}` is not a value of `{key}` in `respond:{text}`"),
                    hint,
                });
            }
            match (*key, value) {
                ("share", "never") => knobs.share = Sharing::Never,
                ("share", "everything") => knobs.share = Sharing::Everything,
                ("share", _) => knobs.share = Sharing::Book,
                ("contain", "restore") => knobs.contain = Containment::Restore,
                ("contain", "none") => knobs.contain = Containment::None,
                ("contain", _) => knobs.contain = Containment::Isolate,
                ("hunt", v) => knobs.own_intel_only = v == "own",
                (_, v) => knobs.no_joint = v == "off",
            }
        }
        Ok(knobs)
    }

    /// The spec, naming only the knobs off their defaults.
    pub fn spec(&self) -> String {
        let mut parts = Vec::new();
        match self.share {
            Sharing::Book => {}
            Sharing::Never => parts.push("share=never"),
            Sharing::Everything => parts.push("share=everything"),
        }
        match self.contain {
            Containment::Isolate => {}
            Containment::Restore => parts.push("contain=restore"),
            Containment::None => parts.push("contain=none"),
        }
        if self.own_intel_only {
            parts.push("hunt=own");
        }
        if self.no_joint {
            parts.push("joint=off");
        }
        if parts.is_empty() {
            "respond".to_owned()
        } else {
            format!("respond:{}", parts.join(","))
        }
    }
}

/// A CERT's playbook, with knobs: contain what is confirmed, investigate what is suspected,
/// restore what is down, then block, hunt, harden; share findings with partners, help
/// partners that ask, and join takedowns of actors it has intel on. With every knob at its
/// default this is `by-the-book`.
pub struct Respond {
    knobs: Knobs,
    name: String,
    hunted: BTreeSet<IndicatorId>,
    /// Assets whose credentials were reset, and whether an investigation has followed.
    reset: BTreeMap<AssetId, bool>,
    /// Positions in the view's asset list, most critical first (ties by id). Criticality is
    /// the team's own inventory and never changes, so the order is sorted once, not each turn.
    by_criticality: Vec<usize>,
}

impl Respond {
    /// The policy with these knobs.
    pub fn new(knobs: Knobs) -> Self {
        let everything = Knobs {
            share: Sharing::Everything,
            ..Knobs::default()
        };
        let name = match knobs {
            k if k == Knobs::default() => "by-the-book".to_owned(),
            k if k == everything => "share-everything".to_owned(),
            k => k.spec(),
        };
        Respond {
            knobs,
            name,
            hunted: BTreeSet::new(),
            reset: BTreeMap::new(),
            by_criticality: Vec::new(),
        }
    }

    /// Its knobs.
    pub fn knobs(&self) -> Knobs {
        self.knobs
    }
}

impl Policy for Respond {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn plan(&mut self, obs: &TeamObservation) -> Vec<TeamOrder> {
        let view = &obs.view;
        let mut plan = Planner::new(view);
        if self.by_criticality.len() != view.assets.len() {
            // Most critical first, ties by id: the view lists assets by id, so one bucket per
            // criticality, filled in view order, is that order without a sort.
            let mut buckets: BTreeMap<std::cmp::Reverse<u8>, Vec<usize>> = BTreeMap::new();
            let mut ids_ascending = true;
            for (i, a) in view.assets.iter().enumerate() {
                ids_ascending &= i == 0 || view.assets[i - 1].asset < a.asset;
                buckets
                    .entry(std::cmp::Reverse(a.criticality))
                    .or_default()
                    .push(i);
            }
            let mut order: Vec<usize> = buckets.into_values().flatten().collect();
            if !ids_ascending {
                order.sort_by_key(|&i| {
                    let a = &view.assets[i];
                    (std::cmp::Reverse(a.criticality), a.asset)
                });
            }
            self.by_criticality = order;
        }
        match self.knobs.share {
            Sharing::Everything => {
                // Only what the team found itself or holds as CLEAR/GREEN may go on to every
                // partner.
                let items: Vec<&KnownIndicator> = view
                    .indicators
                    .iter()
                    .filter(|k| {
                        k.shared.is_none()
                            && (k.from.is_none() || matches!(k.tlp, Tlp::Clear | Tlp::Green))
                    })
                    .collect();
                for share in shares(&items, Tlp::Green, "Everything we hold, for your hunts.") {
                    plan.add(TeamOrder::Share(share));
                }
                self.respond(view, &mut plan);
            }
            Sharing::Book => {
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
            }
            Sharing::Never => self.respond(view, &mut plan),
        }
        self.harden(view, &mut plan);
        plan.orders
    }
}

impl Respond {
    fn respond(&mut self, view: &TeamView, plan: &mut Planner) {
        // Every response below needs a belief or a service that is not quiet; walking only
        // those, in criticality order, keeps a turn O(notable assets) after one linear pass.
        let notable: Vec<&AssetView> = self
            .by_criticality
            .iter()
            .map(|&i| &view.assets[i])
            .filter(|a| a.belief != Belief::Unknown || a.isolated || a.service != ServiceState::Up)
            .collect();
        let contain = self.knobs.contain;
        if contain == Containment::Isolate {
            for a in &notable {
                if a.belief == Belief::Compromised && !a.isolated {
                    plan.add(TeamOrder::Isolate(a.asset));
                }
            }
        }
        // Policies cannot talk to each other, so they keep a standing arrangement the partner
        // policies share: strike jointly every fourth turn, at the actor with the lowest id that
        // the team holds intel on. Early in the plan, so the points are there.
        if !self.knobs.no_joint && view.turn.is_multiple_of(4) {
            let actors: BTreeSet<_> = view.indicators.iter().filter_map(|k| k.actor).collect();
            if let Some(actor) = actors.into_iter().next() {
                plan.add(TeamOrder::JointOperation(actor));
            }
        }
        if contain != Containment::None {
            for a in &notable {
                let down = a.service == ServiceState::Down || a.belief == Belief::Compromised;
                // Restoring in place (`contain=restore`) needs no isolation first.
                let ready = a.isolated || contain == Containment::Restore;
                if down && ready && a.restoring_until.is_none() && a.backups {
                    plan.add(TeamOrder::Restore(a.asset));
                }
            }
        }
        for a in &notable {
            if a.belief == Belief::Suspected {
                plan.add(TeamOrder::Investigate(a.asset));
            }
        }
        // With no backups, reset credentials once, then investigate to see whether the
        // adversary is gone; one that survives a reset is persistent and stays isolated.
        for a in &notable {
            let ready = a.isolated || contain == Containment::Restore;
            if contain == Containment::None
                || a.belief != Belief::Compromised
                || !ready
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
        if contain == Containment::Isolate {
            for a in &notable {
                if a.belief == Belief::Clean && a.isolated && a.restoring_until.is_none() {
                    plan.add(TeamOrder::Reconnect(a.asset));
                }
            }
        }
        let usable = |k: &&KnownIndicator| !self.knobs.own_intel_only || k.from.is_none();
        for k in view.indicators.iter().filter(usable) {
            if !k.blocked {
                plan.add(TeamOrder::Block(k.indicator));
            }
        }
        let mut hunted = Vec::new();
        for k in view.indicators.iter().filter(usable) {
            if !self.hunted.contains(&k.indicator) && plan.add(TeamOrder::Hunt(k.indicator)) {
                hunted.push(k.indicator);
            }
        }
        self.hunted.extend(hunted);
        for t in &view.assistance_requests {
            plan.add(TeamOrder::ProvideAssistance(*t));
        }
    }

    fn harden(&mut self, view: &TeamView, plan: &mut Planner) {
        let quiet = self
            .by_criticality
            .iter()
            .map(|&i| &view.assets[i])
            .filter(|a| a.belief == Belief::Unknown || a.belief == Belief::Clean);
        for a in quiet.take(8) {
            if !a.patched && a.vulnerable {
                plan.add(TeamOrder::Patch(a.asset));
            }
            if !a.sensor && a.criticality >= 4 {
                plan.add(TeamOrder::DeploySensor(a.asset));
            }
        }
    }
}

/// Shares to every other team, one per marking: each item travels under `floor` or under the
/// stricter marking it was released on, so no share downgrades what it carries.
fn shares(items: &[&KnownIndicator], floor: Tlp, text: &str) -> Vec<Share> {
    let mut by_tlp: BTreeMap<Tlp, Vec<IndicatorId>> = Default::default();
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{Event, Exercise, Order};

    #[test]
    fn specs_name_policies_and_say_what_is_wrong() {
        assert_eq!(
            parse("by-the-book").map(|p| p.name()),
            Ok("by-the-book".into())
        );
        assert_eq!(parse("respond").map(|p| p.name()), Ok("by-the-book".into()));
        assert_eq!(
            parse("respond:share=everything").map(|p| p.name()),
            Ok("share-everything".into())
        );
        assert_eq!(
            parse(" respond : contain=none, share=never ").map(|p| p.name()),
            Ok("respond:share=never,contain=none".into())
        );
        assert_eq!(
            parse("respond:hunt=own:joint=off").map(|p| p.name()),
            Ok("respond:hunt=own,joint=off".into())
        );
        let err = |spec: &str| parse(spec).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            err("respond:shares=never"),
            "unknown knob `shares` in `respond:shares=never`: did you mean `share`? the knobs \
             are share=book|never|everything, contain=isolate|restore|none, hunt=partner|own, \
             joint=on|off"
        );
        assert_eq!(
            err("respond:share=nevr"),
            "`nevr` is not a value of `share` in `respond:share=nevr`: did you mean `never`? \
             `share` is one of book, never, everything"
        );
        assert!(err("respond:share").starts_with("`share` in `respond:share` is not `KNOB=VALUE`"));
        assert!(err("respond:share=never,share=book").starts_with("knob `share` is set twice"));
        assert!(err("idle:share=never").starts_with("policy `idle` takes no knobs"));
        assert!(err("repsond").starts_with("unknown policy `repsond`: did you mean `respond`?"));
    }

    fn exercise() -> Exercise {
        let s = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("the default scenario is valid")
            .scenario;
        Exercise::new(Arc::new(s), 3)
    }

    /// Every team order applied over a whole exercise with these policies.
    fn applied(specs: [&str; 2]) -> Vec<(TeamId, TeamOrder)> {
        let mut ex = exercise();
        let mut players: Vec<_> = specs.iter().map(|s| parse(s).expect("a policy")).collect();
        while !ex.is_over() {
            for (t, p) in players.iter_mut().enumerate() {
                play(&mut ex, TeamId(t as u16), p.as_mut());
            }
            ex.resolve().expect("resolves");
        }
        ex.events()
            .iter()
            .filter_map(|(_, e)| match e {
                Event::OrderApplied {
                    order: Order::Team(t, o),
                } => Some((*t, o.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_knob_takes_away_what_it_says() {
        let book = applied(["by-the-book", "by-the-book"]);
        let kr = TeamId(1);
        let by = |list: &[(TeamId, TeamOrder)], f: fn(&TeamOrder) -> bool| {
            list.iter().filter(|(t, o)| *t == kr && f(o)).count()
        };
        let shares = |o: &TeamOrder| matches!(o, TeamOrder::Share(_));
        let isolates = |o: &TeamOrder| matches!(o, TeamOrder::Isolate(_));
        let joins = |o: &TeamOrder| matches!(o, TeamOrder::JointOperation(_));
        // The knobs are worth testing only if the playbook does each thing at all.
        assert!(by(&book, shares) > 0 && by(&book, isolates) > 0 && by(&book, joins) > 0);

        let never = applied(["by-the-book", "respond:share=never"]);
        assert_eq!(by(&never, shares), 0);
        assert!(by(&never, isolates) > 0, "it still responds");

        let none = applied(["by-the-book", "respond:contain=none"]);
        let contains = |o: &TeamOrder| {
            matches!(
                o,
                TeamOrder::Isolate(_)
                    | TeamOrder::Restore(_)
                    | TeamOrder::ResetCredentials(_)
                    | TeamOrder::Reconnect(_)
            )
        };
        assert_eq!(by(&none, contains), 0);

        let restore = applied(["by-the-book", "respond:contain=restore"]);
        assert_eq!(by(&restore, isolates), 0);

        let off = applied(["by-the-book", "respond:joint=off"]);
        assert_eq!(by(&off, joins), 0);
    }

    #[test]
    fn hunting_with_own_intel_only_leaves_partners_indicators_alone() {
        let mut ex = exercise();
        let mut players = [
            parse("share-everything").expect("a policy"),
            parse("respond:hunt=own").expect("a policy"),
        ];
        let kr = TeamId(1);
        let mut partner_intel = 0;
        while !ex.is_over() {
            let view = ex.view(kr);
            let theirs: Vec<IndicatorId> = view
                .indicators
                .iter()
                .filter(|k| k.from.is_some())
                .map(|k| k.indicator)
                .collect();
            partner_intel += theirs.len();
            play(&mut ex, TeamId(0), players[0].as_mut());
            let given = play(&mut ex, kr, players[1].as_mut());
            for o in given {
                if let TeamOrder::Hunt(i) | TeamOrder::Block(i) = o {
                    assert!(!theirs.contains(&i), "hunted or blocked a partner's {i:?}");
                }
            }
            ex.resolve().expect("resolves");
        }
        assert!(
            partner_intel > 0,
            "the partner shared something to leave alone"
        );
    }
}
