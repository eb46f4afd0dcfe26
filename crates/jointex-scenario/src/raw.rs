//! The scenario file exactly as written: serde types that mirror the RON text.
//!
//! Every struct refuses unknown fields, so a typo in a field name is an error, never a silently
//! ignored line. References between items are still plain strings here; `validate` resolves
//! them into the typed [`crate::model`] and reports every problem with its place in the file.
//! `docs/scenario-format.md` documents each field; keep the two in step.

use serde::{Deserialize, Serialize};

use crate::text::{Lang, Text};
use crate::vocab::{
    ActionKind, AssetKind, Capability, Channel, Control, Impact, IndicatorKind, Motivation, Phase,
    Role, Sector, Tlp, TrustKind, Zone,
};

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

fn one() -> u32 {
    1
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

fn clear() -> Tlp {
    Tlp::Clear
}

fn is_clear(t: &Tlp) -> bool {
    *t == Tlp::Clear
}

fn yes() -> bool {
    true
}

fn is_true(v: &bool) -> bool {
    *v
}

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct Scenario {
    /// What the exercise is and how its document is handled.
    pub meta: Meta,
    /// When it starts, how long a turn is, how many turns.
    pub clock: Clock,
    /// The national teams, two or more.
    pub teams: Vec<Team>,
    /// The infrastructure the teams defend.
    pub assets: Vec<Asset>,
    /// Relations between assets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<Edge>,
    /// The catalogue of indicators of compromise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// The adversaries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    /// The Master Scenario Events List.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub injects: Vec<Inject>,
    /// What the exercise evaluates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
}

/// Scenario metadata.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Meta")]
pub struct Meta {
    /// Stable identifier, lower-case letters, digits and `-`.
    pub id: String,
    /// Title shown on the briefing and the report cover.
    pub title: Text,
    /// A paragraph on the situation the players walk into.
    pub summary: Text,
    /// The handling caveat printed on every screen and page, e.g. "EXERCISE ONLY", in each
    /// reader's language when given as Text.
    #[serde(default = "default_handling")]
    pub handling: Text,
    /// TLP level of the scenario document itself.
    pub tlp: Tlp,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The scenario's version; records name it so a resumed run uses the same one.
    pub version: String,
}

fn default_handling() -> Text {
    Text::both("EXERCISE ONLY", "훈련 전용")
}

/// The exercise clock.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Clock")]
pub struct Clock {
    /// Start instant, RFC 3339 with an offset: "2026-03-10T09:00:00+09:00".
    pub start: String,
    /// Exercise minutes a turn stands for.
    pub turn_minutes: u32,
    /// Number of turns.
    pub turns: u32,
}

/// A national team.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Team")]
pub struct Team {
    /// Team id, used by injects, orders and records.
    pub id: String,
    /// ISO 3166-1 alpha-2 code of the nation the team defends ("US", "KR").
    pub nation: String,
    /// The nation's name.
    pub name: Text,
    /// The national CERT's name.
    pub cert: Text,
    /// IANA time zone of the team's clock ("America/New_York").
    pub time_zone: String,
    /// The team's working language.
    pub language: Lang,
    /// Action points the team can spend each turn.
    pub action_points: u32,
    /// Roles on the team; all four when left out.
    #[serde(default = "all_roles", skip_serializing_if = "is_all_roles")]
    pub roles: Vec<Role>,
}

fn all_roles() -> Vec<Role> {
    Role::ALL.to_vec()
}

fn is_all_roles(roles: &Vec<Role>) -> bool {
    roles.as_slice() == Role::ALL
}

/// A piece of infrastructure: a node of the graph.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Asset")]
pub struct Asset {
    /// Asset id.
    pub id: String,
    /// Name in both languages.
    pub name: Text,
    /// Nation that owns it: a team's `nation`.
    pub nation: String,
    /// Critical-infrastructure sector.
    pub sector: Sector,
    /// What it is.
    pub kind: AssetKind,
    /// Network zone.
    pub zone: Zone,
    /// 1 (low) to 5 (vital).
    pub criticality: u8,
    /// People (or service weight) depending on it; weights availability.
    #[serde(default, skip_serializing_if = "is_default")]
    pub population: u64,
    /// Weaknesses the adversary can use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vulnerabilities: Vec<Vulnerability>,
    /// Defences in place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
    /// What it provides, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Text>,
    /// Turns a restore from backup takes.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub restore_turns: u32,
}

/// A weakness on an asset.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Vulnerability")]
pub struct Vulnerability {
    /// A CVE id or a short label ("weak-vpn-passwords").
    pub id: String,
    /// The ATT&CK technique that exploits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technique: Option<String>,
    /// Chance, 0.0 to 1.0, that an attempt through it succeeds before controls.
    pub exploitability: f64,
}

/// A relation between two assets: an edge of the graph.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Edge {
    /// `from` can reach `to` over the network (lateral movement).
    Network {
        /// Source asset.
        from: String,
        /// Destination asset.
        to: String,
        /// Reachable in both directions (default true).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        both_ways: bool,
    },
    /// `from` needs `on` to work; it fails `buffer` turns after `on` fails.
    Dependency {
        /// The dependent asset.
        from: String,
        /// The asset it depends on.
        on: String,
        /// Turns it keeps working without `on` (backup generators, stored water).
        #[serde(default, skip_serializing_if = "is_default")]
        buffer: u32,
    },
    /// `vendor` ships software or updates to `client`.
    SupplyChain {
        /// The vendor's asset.
        vendor: String,
        /// The client's asset.
        client: String,
        /// What is supplied.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        product: Option<String>,
    },
    /// `from` is trusted by `to` (VPN, directory trust…).
    Trust {
        /// The trusted side.
        from: String,
        /// The trusting side.
        to: String,
        /// What kind of trust.
        kind: TrustKind,
    },
}

/// An indicator of compromise.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Indicator")]
pub struct Indicator {
    /// Indicator id.
    pub id: String,
    /// Type of observable.
    pub kind: IndicatorKind,
    /// The observable itself ("203.0.113.7", "update.vendor.example").
    pub value: String,
    /// The actor it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// What it is, for analysts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The marking its source gave it (`import stix` keeps a bundle's): an inject that
    /// reveals it reveals it under this marking at least.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<crate::vocab::Tlp>,
}

/// A fictional adversary.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Actor")]
pub struct Actor {
    /// Actor id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// Other names vendors use for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What it is after.
    pub motivation: Motivation,
    /// A description for the facilitator.
    pub description: Text,
    /// ATT&CK technique ids it is known to use (Enterprise and ICS).
    pub techniques: Vec<String>,
    /// Its campaigns in this exercise.
    pub campaigns: Vec<Campaign>,
}

/// A campaign: stages the actor works through.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Campaign")]
pub struct Campaign {
    /// Campaign id, unique within the actor.
    pub id: String,
    /// Name.
    pub name: Text,
    /// When it begins.
    pub start: CampaignStart,
    /// Stages, in order; the first is where it begins.
    pub stages: Vec<Stage>,
}

/// When a campaign begins.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum CampaignStart {
    /// At the start of this turn.
    AtTurn(u32),
    /// Only when an inject's `StartCampaign` effect starts it.
    OnInject,
}

/// One stage of a campaign.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Stage")]
pub struct Stage {
    /// Stage id, unique within the actor.
    pub id: String,
    /// Where in the attack lifecycle it stands.
    pub phase: Phase,
    /// The ATT&CK technique it uses.
    pub technique: String,
    /// Which assets it goes for.
    pub targets: Targets,
    /// For `Impact` stages, what it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// Base chance, 0.0 to 1.0, that an attempt succeeds in a turn.
    pub success: f64,
    /// Attempts before the stage counts as blocked.
    #[serde(default = "default_attempts")]
    pub attempts: u32,
    /// Indicators its activity leaves behind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// The stage after this one; the next in the list when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The stage to take when this one is blocked; the campaign stalls when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_blocked: Option<String>,
}

fn default_attempts() -> u32 {
    2
}

/// Which assets a stage goes for.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Targets {
    /// These assets.
    Assets(Vec<String>),
    /// Assets matching every given field.
    Select {
        /// Of this nation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nation: Option<String>,
        /// In this sector.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sector: Option<Sector>,
        /// Of this kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<AssetKind>,
        /// In this zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        zone: Option<Zone>,
    },
    /// Whatever the actor can reach from assets it already holds.
    Reachable,
}

/// A row of the Master Scenario Events List.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Inject")]
pub struct Inject {
    /// MSEL number ("INJ-01").
    pub id: String,
    /// When it fires.
    pub trigger: Trigger,
    /// Who it is from (the simulated sender).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Text>,
    /// Who receives it.
    pub to: Audience,
    /// How it arrives.
    pub channel: Channel,
    /// Subject line.
    pub title: Text,
    /// Body.
    pub text: Text,
    /// What the players are expected to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<Expected>,
    /// What it changes in the world when it fires.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
    /// Objectives it exercises.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Starts held: it fires only once the facilitator releases it.
    #[serde(default, skip_serializing_if = "is_default")]
    pub held: bool,
}

/// When an inject fires.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Trigger {
    /// At the start of this turn.
    AtTurn(u32),
    /// `delay` turns after another inject fired.
    After {
        /// The inject it follows.
        inject: String,
        /// Turns to wait.
        #[serde(default, skip_serializing_if = "is_default")]
        delay: u32,
    },
    /// The first turn the condition holds.
    When(Condition),
    /// A contingency: at `by_turn`, if the expected actions of `inject` were not all taken.
    Missed {
        /// The inject whose expected actions are checked.
        inject: String,
        /// The turn by which they should have been taken.
        by_turn: u32,
    },
}

/// A condition on the world.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    /// The asset is compromised by any actor.
    Compromised(String),
    /// The asset's service is down.
    ServiceDown(String),
    /// An actor has reached a stage of its campaign.
    StageReached {
        /// The actor.
        actor: String,
        /// The stage id.
        stage: String,
    },
    /// A team has detected the compromise of an asset.
    Detected {
        /// The team.
        team: String,
        /// The asset.
        asset: String,
    },
    /// A team has shared an indicator with its partner.
    Shared {
        /// The team.
        team: String,
        /// The indicator.
        indicator: String,
    },
    /// A nation's sector availability dropped below a percentage.
    AvailabilityBelow {
        /// The nation.
        nation: String,
        /// The sector.
        sector: Sector,
        /// Percentage, 1 to 100.
        percent: u8,
    },
    /// Another inject has fired.
    Fired(String),
    /// All of these hold.
    All(Vec<Condition>),
    /// Any of these holds.
    Any(Vec<Condition>),
    /// This does not hold.
    Not(Box<Condition>),
}

/// Who receives an inject.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Audience {
    /// Every team.
    All,
    /// One team.
    Team(String),
    /// One role on one team.
    Role {
        /// The team.
        team: String,
        /// The role.
        role: Role,
    },
    /// The facilitator only (a controller note).
    Facilitator,
}

/// An action the players are expected to take after an inject.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Expected")]
pub struct Expected {
    /// The team expected to act.
    pub team: String,
    /// The kind of order.
    pub action: ActionKind,
    /// The asset or indicator it applies to, when it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Turns after the inject fires by which it should be done.
    pub within: u32,
}

/// What an inject changes in the world.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Starts a campaign that waits `OnInject`.
    StartCampaign {
        /// The actor.
        actor: String,
        /// Its campaign.
        campaign: String,
    },
    /// Speeds a running campaign: its current stage gets `attempts` free attempts this turn.
    Accelerate {
        /// The actor.
        actor: String,
        /// Its campaign.
        campaign: String,
        /// Extra attempts.
        attempts: u32,
    },
    /// An actor compromises an asset outright (an insider, a stolen credential).
    Compromise {
        /// The asset.
        asset: String,
        /// The actor.
        actor: String,
    },
    /// An asset's service goes down for some turns (a storm, a cable cut).
    Outage {
        /// The asset.
        asset: String,
        /// For how many turns.
        turns: u32,
    },
    /// A team learns an indicator (a vendor advisory, a tip from an agency outside the
    /// exercise) under the marking its originator gave it.
    Reveal {
        /// The team.
        team: String,
        /// The indicator.
        indicator: String,
        /// The originator's TLP marking; CLEAR (free to share) when left out.
        #[serde(default = "clear", skip_serializing_if = "is_clear")]
        tlp: Tlp,
    },
    /// A team's SIEM raises an alert on an asset (true or false positive).
    Alert {
        /// The team.
        team: String,
        /// The asset.
        asset: String,
    },
    /// A control on an asset stops working.
    DisableControl {
        /// The asset.
        asset: String,
        /// The control.
        control: Control,
    },
}

/// What the exercise evaluates.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename = "Objective")]
pub struct Objective {
    /// Objective id ("OBJ-1").
    pub id: String,
    /// The objective, as written in the exercise plan.
    pub text: Text,
    /// The core capability it evaluates.
    pub capability: Capability,
    /// The team it applies to; both (joint) when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// How it is measured.
    pub measure: Measure,
}

/// A measurable target behind an objective, rated P/S/M/U in the report.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Measure {
    /// Detect compromises within this many turns of their start.
    TimeToDetect(u32),
    /// Contain (isolate or clean) compromises within this many turns of detection.
    TimeToContain(u32),
    /// Share an indicator with the partner within this many turns of learning it.
    TimeToShare(u32),
    /// Keep a sector's availability at or above a percentage, every turn.
    Availability {
        /// The sector; every sector when left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sector: Option<Sector>,
        /// Percentage, 1 to 100.
        percent: u8,
    },
    /// Handle every shared item according to its TLP marking.
    TlpCompliance,
    /// Carry out at least this many joint operations.
    JointOperations(u32),
    /// Take at least this percentage of the MSEL's expected actions in time.
    ExpectedActions(u8),
}
