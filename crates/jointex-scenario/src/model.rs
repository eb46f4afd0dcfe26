//! The validated scenario: what the engine, the UI and the reports build on.
//!
//! Every reference is resolved to a typed index (`AssetId(7)` is `assets[7]`), so clients never
//! look ids up by string or handle a dangling one. The ids a person reads ("kr-water-scada")
//! stay on each item as `key`. Values here were checked by `validate`: probabilities are in
//! 0..=1, turns are inside the exercise, every team has assets, and so on.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

pub use crate::raw::Measure;
use crate::text::{Lang, Text};
use crate::vocab::{
    ActionKind, AssetKind, Capability, Channel, Control, Impact, IndicatorKind, Motivation, Phase,
    Role, Sector, Tlp, TrustKind, Zone,
};

macro_rules! index_id {
    ($(#[$meta:meta])* $name:ident($int:ty)) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $int);

        impl $name {
            /// The position in the scenario's list.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_id!(
    /// Index of a team in [`Scenario::teams`].
    TeamId(u16)
);
index_id!(
    /// Index of an asset in [`Scenario::assets`].
    AssetId(u32)
);
index_id!(
    /// Index of an indicator in [`Scenario::indicators`].
    IndicatorId(u32)
);
index_id!(
    /// Index of an actor in [`Scenario::actors`].
    ActorId(u16)
);
index_id!(
    /// Index of a stage in [`Actor::stages`] (all the actor's campaigns, flattened).
    StageId(u16)
);
index_id!(
    /// Index of a campaign in [`Actor::campaigns`].
    CampaignId(u16)
);
index_id!(
    /// Index of an inject in [`Scenario::injects`] (the MSEL order).
    InjectId(u32)
);
index_id!(
    /// Index of an objective in [`Scenario::objectives`].
    ObjectiveId(u16)
);

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Metadata.
    pub meta: Meta,
    /// The exercise clock.
    pub clock: Clock,
    /// National teams, in file order.
    pub teams: Vec<Team>,
    /// Assets, in file order.
    pub assets: Vec<Asset>,
    /// Edges, in file order.
    pub edges: Vec<Edge>,
    /// Indicators of compromise.
    pub indicators: Vec<Indicator>,
    /// Adversaries.
    pub actors: Vec<Actor>,
    /// The MSEL.
    pub injects: Vec<Inject>,
    /// Objectives.
    pub objectives: Vec<Objective>,
    pub(crate) keys: Keys,
}

/// String id → index, for clients that take ids from people (orders files, the CLI).
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys {
    pub teams: BTreeMap<String, TeamId>,
    pub assets: BTreeMap<String, AssetId>,
    pub indicators: BTreeMap<String, IndicatorId>,
    pub actors: BTreeMap<String, ActorId>,
    pub injects: BTreeMap<String, InjectId>,
    pub objectives: BTreeMap<String, ObjectiveId>,
}

impl Scenario {
    /// The team with this id.
    pub fn team_id(&self, key: &str) -> Option<TeamId> {
        self.keys.teams.get(key).copied()
    }
    /// The asset with this id.
    pub fn asset_id(&self, key: &str) -> Option<AssetId> {
        self.keys.assets.get(key).copied()
    }
    /// The indicator with this id.
    pub fn indicator_id(&self, key: &str) -> Option<IndicatorId> {
        self.keys.indicators.get(key).copied()
    }
    /// The actor with this id.
    pub fn actor_id(&self, key: &str) -> Option<ActorId> {
        self.keys.actors.get(key).copied()
    }
    /// The inject with this id.
    pub fn inject_id(&self, key: &str) -> Option<InjectId> {
        self.keys.injects.get(key).copied()
    }
    /// The objective with this id.
    pub fn objective_id(&self, key: &str) -> Option<ObjectiveId> {
        self.keys.objectives.get(key).copied()
    }
    /// The team.
    pub fn team(&self, id: TeamId) -> &Team {
        &self.teams[id.index()]
    }
    /// The asset.
    pub fn asset(&self, id: AssetId) -> &Asset {
        &self.assets[id.index()]
    }
    /// Rebuilds the id lookups from the lists, after a client (the engine's per-team
    /// projection) has blanked the keys of what a reader may not know: an empty key is not
    /// indexed, so it cannot be looked up either.
    pub fn reindex(&mut self) {
        fn keys<T, I: Copy>(
            items: &[T],
            key: impl Fn(&T) -> &str,
            id: impl Fn(usize) -> I,
        ) -> BTreeMap<String, I> {
            items
                .iter()
                .enumerate()
                .filter(|(_, x)| !key(x).is_empty())
                .map(|(i, x)| (key(x).to_owned(), id(i)))
                .collect()
        }
        self.keys = Keys {
            teams: keys(&self.teams, |x| &x.key, |i| TeamId(i as u16)),
            assets: keys(&self.assets, |x| &x.key, |i| AssetId(i as u32)),
            indicators: keys(&self.indicators, |x| &x.key, |i| IndicatorId(i as u32)),
            actors: keys(&self.actors, |x| &x.key, |i| ActorId(i as u16)),
            injects: keys(&self.injects, |x| &x.key, |i| InjectId(i as u32)),
            objectives: keys(&self.objectives, |x| &x.key, |i| ObjectiveId(i as u16)),
        };
    }

    /// The team that defends a nation.
    pub fn team_of_nation(&self, nation: &str) -> Option<TeamId> {
        self.teams
            .iter()
            .position(|t| t.nation == nation)
            .map(|i| TeamId(i as u16))
    }
}

/// Scenario metadata.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Stable identifier.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// Handling caveat.
    pub handling: Text,
    /// TLP of the scenario document.
    pub tlp: Tlp,
    /// Authors.
    pub authors: Vec<String>,
    /// Version.
    pub version: String,
}

/// The exercise clock.
#[derive(Clone, Debug)]
pub struct Clock {
    /// When turn 1 starts.
    pub start: Timestamp,
    /// Exercise minutes per turn.
    pub turn_minutes: u32,
    /// Number of turns.
    pub turns: u32,
}

impl Clock {
    /// The exercise instant at which `turn` (1-based) starts.
    pub fn turn_start(&self, turn: u32) -> Timestamp {
        let minutes = i64::from(turn.saturating_sub(1)) * i64::from(self.turn_minutes);
        self.start
            .checked_add(jiff::SignedDuration::from_mins(minutes))
            .unwrap_or(self.start)
    }
}

impl Scenario {
    /// An exercise instant in every team's local time, each with its date (one zone shared by
    /// two teams is written once): `2026-03-09 20:00 EDT / 2026-03-10 09:00 KST`. What players
    /// saw on their clocks, for reports read on both sides.
    pub fn local_times(&self, at: Timestamp) -> String {
        self.zone_teams(None)
            .iter()
            .map(|team| {
                at.to_zoned_datetime(team.time_zone.clone())
                    .strftime("%Y-%m-%d %H:%M %Z")
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// One team per distinct time zone, in scenario order with `first` (a viewer's own team)
    /// leading: whose clocks to show, so that two teams in one zone do not print one time
    /// twice.
    pub fn zone_teams(&self, first: Option<TeamId>) -> Vec<&Team> {
        let mut order: Vec<(usize, &Team)> = self.teams.iter().enumerate().collect();
        if let Some(f) = first {
            // A stable sort: the viewer first, the others in scenario order.
            order.sort_by_key(|(i, _)| *i != f.index());
        }
        let mut seen: Vec<&str> = Vec::new();
        order
            .into_iter()
            .map(|(_, t)| t)
            .filter(|t| {
                let new = !seen.contains(&t.time_zone_name.as_str());
                seen.push(&t.time_zone_name);
                new
            })
            .collect()
    }
}

/// A national team.
#[derive(Clone, Debug)]
pub struct Team {
    /// Team id.
    pub key: String,
    /// ISO 3166-1 alpha-2 nation code.
    pub nation: String,
    /// The nation's name.
    pub name: Text,
    /// The CERT's name.
    pub cert: Text,
    /// IANA time zone name.
    pub time_zone_name: String,
    /// The time zone, for local clocks with daylight saving.
    pub time_zone: TimeZone,
    /// Working language.
    pub language: Lang,
    /// Action points per turn.
    pub action_points: u32,
    /// Roles.
    pub roles: Vec<Role>,
}

/// An asset.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Asset id.
    pub key: String,
    /// Name.
    pub name: Text,
    /// The team whose nation owns it.
    pub owner: TeamId,
    /// Sector.
    pub sector: Sector,
    /// Kind.
    pub kind: AssetKind,
    /// Zone.
    pub zone: Zone,
    /// Criticality, 1 to 5.
    pub criticality: u8,
    /// Population or service weight.
    pub population: u64,
    /// Vulnerabilities.
    pub vulnerabilities: Vec<Vulnerability>,
    /// Controls, sorted, without repeats.
    pub controls: Vec<Control>,
    /// Services it provides.
    pub services: Vec<Text>,
    /// Turns a restore takes.
    pub restore_turns: u32,
}

impl Asset {
    /// Whether the asset has a control.
    pub fn has(&self, control: Control) -> bool {
        self.controls.binary_search(&control).is_ok()
    }
}

/// A vulnerability.
#[derive(Clone, Debug)]
pub struct Vulnerability {
    /// CVE id or label.
    pub id: String,
    /// ATT&CK technique exploiting it.
    pub technique: Option<String>,
    /// Chance of success, 0 to 1.
    pub exploitability: f64,
}

/// An edge between two assets.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// What the relation is.
    pub kind: EdgeKind,
    /// Network / trust source, dependent, or vendor.
    pub from: AssetId,
    /// Network / trust target, provider, or client.
    pub to: AssetId,
}

/// Kind of edge, with its data.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgeKind {
    /// Reachability; `both_ways` when traffic flows both ways.
    Network {
        /// Reachable both ways.
        both_ways: bool,
    },
    /// `from` depends on `to`, with a buffer in turns.
    Dependency {
        /// Buffer turns.
        buffer: u32,
    },
    /// `from` (vendor) supplies `to` (client).
    SupplyChain {
        /// What is supplied.
        product: Option<String>,
    },
    /// `from` is trusted by `to`.
    Trust(TrustKind),
}

impl EdgeKind {
    /// The name used in files and summaries.
    pub fn name(&self) -> &'static str {
        match self {
            EdgeKind::Network { .. } => "network",
            EdgeKind::Dependency { .. } => "dependency",
            EdgeKind::SupplyChain { .. } => "supply-chain",
            EdgeKind::Trust(_) => "trust",
        }
    }
}

/// An indicator of compromise.
#[derive(Clone, Debug)]
pub struct Indicator {
    /// Indicator id.
    pub key: String,
    /// Type.
    pub kind: IndicatorKind,
    /// Value, normalised (lower-case hashes and domains).
    pub value: String,
    /// Attributed actor.
    pub actor: Option<ActorId>,
    /// Description.
    pub description: Option<Text>,
    /// The source's marking: the least strict it is ever revealed under.
    pub tlp: Option<Tlp>,
}

/// An adversary.
#[derive(Clone, Debug)]
pub struct Actor {
    /// Actor id.
    pub key: String,
    /// Name.
    pub name: Text,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Motivation.
    pub motivation: Motivation,
    /// Description.
    pub description: Text,
    /// ATT&CK techniques.
    pub techniques: Vec<String>,
    /// Campaigns.
    pub campaigns: Vec<Campaign>,
    /// Every stage of every campaign, flattened; campaigns hold ranges into it.
    pub stages: Vec<Stage>,
}

/// A campaign.
#[derive(Clone, Debug)]
pub struct Campaign {
    /// Campaign id.
    pub key: String,
    /// Name.
    pub name: Text,
    /// Turn it starts, or `None` when an inject starts it.
    pub start_turn: Option<u32>,
    /// Its stages; the first is the entry.
    pub stages: Vec<StageId>,
}

/// A campaign stage.
#[derive(Clone, Debug)]
pub struct Stage {
    /// Stage id.
    pub key: String,
    /// The campaign it belongs to.
    pub campaign: CampaignId,
    /// Phase.
    pub phase: Phase,
    /// ATT&CK technique.
    pub technique: String,
    /// Targets.
    pub targets: Targets,
    /// Impact, for impact stages.
    pub impact: Option<Impact>,
    /// Base success chance per attempt.
    pub success: f64,
    /// Attempts before blocked.
    pub attempts: u32,
    /// Indicators left behind.
    pub indicators: Vec<IndicatorId>,
    /// Next stage; `None` ends the campaign.
    pub next: Option<StageId>,
    /// Branch when blocked; `None` stalls the campaign.
    pub on_blocked: Option<StageId>,
}

/// Which assets a stage goes for.
#[derive(Clone, Debug, PartialEq)]
pub enum Targets {
    /// These assets.
    Assets(Vec<AssetId>),
    /// Assets matching every given field.
    Select {
        /// Owned by this team's nation.
        nation: Option<TeamId>,
        /// In this sector.
        sector: Option<Sector>,
        /// Of this kind.
        kind: Option<AssetKind>,
        /// In this zone.
        zone: Option<Zone>,
    },
    /// What the actor can reach from what it holds.
    Reachable,
}

impl Targets {
    /// Whether an asset matches a `Select`; `Assets` and `Reachable` answer by membership
    /// and by `true` respectively (reachability is the engine's business).
    pub fn admits(&self, id: AssetId, asset: &Asset) -> bool {
        match self {
            Targets::Assets(list) => list.contains(&id),
            Targets::Select {
                nation,
                sector,
                kind,
                zone,
            } => {
                nation.is_none_or(|n| n == asset.owner)
                    && sector.is_none_or(|s| s == asset.sector)
                    && kind.is_none_or(|k| k == asset.kind)
                    && zone.is_none_or(|z| z == asset.zone)
            }
            Targets::Reachable => true,
        }
    }
}

/// An inject: a row of the MSEL.
#[derive(Clone, Debug)]
pub struct Inject {
    /// MSEL number.
    pub key: String,
    /// When it fires.
    pub trigger: Trigger,
    /// Simulated sender.
    pub from: Option<Text>,
    /// Audience.
    pub to: Audience,
    /// Channel.
    pub channel: Channel,
    /// Subject.
    pub title: Text,
    /// Body.
    pub text: Text,
    /// Expected player actions.
    pub expected: Vec<Expected>,
    /// Effects on the world.
    pub effects: Vec<Effect>,
    /// Objectives exercised.
    pub objectives: Vec<ObjectiveId>,
    /// Starts held.
    pub held: bool,
}

impl Inject {
    /// Whether it is a contingency inject (fires when expected actions were missed).
    pub fn is_contingency(&self) -> bool {
        matches!(self.trigger, Trigger::Missed { .. })
    }
}

/// When an inject fires.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// At the start of a turn.
    AtTurn(u32),
    /// After another inject.
    After {
        /// The inject.
        inject: InjectId,
        /// Delay in turns.
        delay: u32,
    },
    /// When a condition first holds.
    When(Condition),
    /// At `by_turn` if `inject`'s expected actions were not all taken.
    Missed {
        /// The inject.
        inject: InjectId,
        /// The deadline turn.
        by_turn: u32,
    },
}

/// A condition on the world.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// The asset is compromised.
    Compromised(AssetId),
    /// The asset's service is down.
    ServiceDown(AssetId),
    /// The actor reached the stage.
    StageReached(ActorId, StageId),
    /// The team detected the asset's compromise.
    Detected(TeamId, AssetId),
    /// The team shared the indicator.
    Shared(TeamId, IndicatorId),
    /// Availability of a nation's sector below a percentage.
    AvailabilityBelow(TeamId, Sector, u8),
    /// The inject has fired.
    Fired(InjectId),
    /// All hold.
    All(Vec<Condition>),
    /// Any holds.
    Any(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
}

/// Who receives an inject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every team.
    All,
    /// One team.
    Team(TeamId),
    /// One role on one team.
    Role(TeamId, Role),
    /// The facilitator only.
    Facilitator,
}

impl Audience {
    /// Whether a team receives it.
    pub fn includes(&self, team: TeamId) -> bool {
        match self {
            Audience::All => true,
            Audience::Team(t) | Audience::Role(t, _) => *t == team,
            Audience::Facilitator => false,
        }
    }
}

/// What an order acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// An asset.
    Asset(AssetId),
    /// An indicator.
    Indicator(IndicatorId),
}

/// An expected player action.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// The team.
    pub team: TeamId,
    /// The action.
    pub action: ActionKind,
    /// Its target, when it matters.
    pub target: Option<Target>,
    /// Turns after firing.
    pub within: u32,
}

/// An inject's effect on the world.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Start a campaign.
    StartCampaign(ActorId, CampaignId),
    /// Give a campaign's current stage extra attempts.
    Accelerate(ActorId, CampaignId, u32),
    /// Compromise an asset.
    Compromise(AssetId, ActorId),
    /// Take an asset's service down for some turns.
    Outage(AssetId, u32),
    /// Tell a team an indicator.
    Reveal(TeamId, IndicatorId, Tlp),
    /// Raise an alert on an asset for a team.
    Alert(TeamId, AssetId),
    /// Disable a control.
    DisableControl(AssetId, Control),
}

/// An objective.
#[derive(Clone, Debug)]
pub struct Objective {
    /// Objective id.
    pub key: String,
    /// The objective.
    pub text: Text,
    /// The core capability.
    pub capability: Capability,
    /// The team, or `None` for a joint objective.
    pub team: Option<TeamId>,
    /// How it is measured.
    pub measure: Measure,
}
