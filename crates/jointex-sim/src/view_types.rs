//! What a viewer may see: the data types of the projections built in `view`.

use std::collections::BTreeMap;

use jointex_scenario::Text;
use jointex_scenario::model::{
    ActorId, AssetId, IndicatorId, InjectId, ObjectiveId, StageId, TeamId,
};
use jointex_scenario::vocab::{Channel, Sector, Tlp};
use serde::Serialize;

use crate::events::{ServiceState, Source};
use crate::orders::TeamOrder;

/// What a team believes about one of its assets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Belief {
    /// Nothing flagged.
    Unknown,
    /// Flagged by an alert, a hunt, partner intel or an inject; not yet investigated.
    Suspected,
    /// An investigation confirmed a compromise.
    Compromised,
    /// An investigation found it clean.
    Clean,
}

/// One of the team's own assets, as the team knows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssetView {
    /// The asset.
    pub asset: AssetId,
    /// What the team believes.
    pub belief: Belief,
    /// Since which turn it has believed it.
    pub since: u32,
    /// How it came to believe it.
    pub source: Option<Source>,
    /// Isolated by the team.
    pub isolated: bool,
    /// Patched by the team.
    pub patched: bool,
    /// A sensor was deployed.
    pub sensor: bool,
    /// Turn a running restore finishes.
    pub restoring_until: Option<u32>,
    /// Its service, which the owner always sees.
    pub service: ServiceState,
    /// How critical the owner rates it, 1 to 5 (its own inventory).
    pub criticality: u8,
    /// It has known vulnerabilities a patch would close.
    pub vulnerable: bool,
    /// It is backed up (a restore is possible unless an inject disabled the backups).
    pub backups: bool,
}

/// A message in a team's inbox: an inject, an ad-hoc inject or a partner's share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    /// Turn it arrived.
    pub turn: u32,
    /// Where it came from.
    pub origin: Origin,
    /// Channel.
    pub channel: Channel,
    /// Subject.
    pub title: Text,
    /// Body.
    pub text: Text,
    /// Turn the team acknowledged it, if it has.
    pub acknowledged: Option<u32>,
}

/// Where a message came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Origin {
    /// An MSEL inject.
    Inject(InjectId),
    /// An inject the facilitator wrote during the exercise.
    AdHoc(u32),
    /// A share from another team.
    Share {
        /// Sender.
        from: TeamId,
        /// Indicators.
        indicators: Vec<IndicatorId>,
        /// Marking.
        tlp: Tlp,
    },
    /// Another team asked for help.
    AssistanceRequest(TeamId),
}

/// An indicator the team knows, and under what marking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KnownIndicator {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Turn learned.
    pub turn: u32,
    /// Marking it came under; CLEAR when found by the team itself or published.
    pub tlp: Tlp,
    /// The team it came from, if shared.
    pub from: Option<TeamId>,
    /// Turn the team first shared it, if it did.
    pub shared: Option<u32>,
    /// Blocked at the border.
    pub blocked: bool,
    /// The actor it is attributed to, if any: what a joint operation would target.
    pub actor: Option<ActorId>,
}

/// A team's measured performance.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TeamMetrics {
    /// Turns from compromise to first detection, per detected incident.
    pub time_to_detect: Vec<u32>,
    /// Turns from detection to containment, per contained incident.
    pub time_to_contain: Vec<u32>,
    /// Turns from learning an indicator to sharing it, per shared indicator.
    pub time_to_share: Vec<u32>,
    /// Compromises of own assets never detected so far (the facilitator's view only counts
    /// them; a team's own view leaves this at 0).
    pub undetected: u32,
    /// People-hours of service lost on own assets, per sector.
    pub service_hours_lost: BTreeMap<Sector, u64>,
    /// TLP markings broken.
    pub tlp_violations: u32,
    /// Joint operations that succeeded with this team in them.
    pub joint_operations: u32,
    /// Expected MSEL actions taken in time / due so far.
    pub expected_met: u32,
    /// Expected MSEL actions whose deadline has passed or that were met.
    pub expected_due: u32,
    /// Availability per sector, per mille of population served, this turn.
    pub availability: BTreeMap<Sector, u16>,
}

/// Everything one team may see. Built by `Exercise::view` and nothing else.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamView {
    /// The team.
    pub team: TeamId,
    /// Turn being planned (or the last turn, once over).
    pub turn: u32,
    /// Whether the exercise is over.
    pub over: bool,
    /// Whether the facilitator has paused it.
    pub paused: bool,
    /// Action points this turn.
    pub points: u32,
    /// Points left after the plan.
    pub points_left: u32,
    /// The plan so far.
    pub plan: Vec<TeamOrder>,
    /// Whether the plan was submitted.
    pub submitted: bool,
    /// Own assets, in scenario order.
    pub assets: Vec<AssetView>,
    /// Known indicators.
    pub indicators: Vec<KnownIndicator>,
    /// Inbox, oldest first.
    pub inbox: Vec<Message>,
    /// Own metrics.
    pub metrics: TeamMetrics,
    /// Teams that asked this team for assistance this turn or the last.
    pub assistance_requests: Vec<TeamId>,
    /// Shares this team sent, with their acknowledgements.
    pub sent: Vec<SentMessage>,
}

/// Ground truth about an asset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssetTruth {
    /// The asset.
    pub asset: AssetId,
    /// The actor holding it.
    pub held_by: Option<ActorId>,
    /// Since when.
    pub since: Option<u32>,
    /// The adversary made itself persistent there.
    pub persistent: bool,
    /// Service condition.
    pub service: ServiceState,
    /// Isolated.
    pub isolated: bool,
    /// What each team believes about it (owner only, in practice).
    pub beliefs: Vec<(TeamId, Belief)>,
}

/// A campaign's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CampaignView {
    /// The actor.
    pub actor: ActorId,
    /// The campaign's index in the actor.
    pub campaign: u16,
    /// Current stage, if running.
    pub stage: Option<StageId>,
    /// Attempts used on it.
    pub attempts: u32,
    /// Where it stands.
    pub status: CampaignStatus,
}

/// Where a campaign stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CampaignStatus {
    /// Waiting for its start turn or an inject.
    Dormant,
    /// Working on a stage.
    Active,
    /// Working on a stage, but its actor's infrastructure is disrupted by a joint takedown.
    Disrupted,
    /// A stage was blocked with no branch.
    Stalled,
    /// Its last stage completed.
    Done,
}

impl CampaignStatus {
    /// The status as a lower-case word (the Fluent key suffix `campaign-…`).
    pub fn key(self) -> &'static str {
        match self {
            CampaignStatus::Dormant => "dormant",
            CampaignStatus::Active => "active",
            CampaignStatus::Disrupted => "disrupted",
            CampaignStatus::Stalled => "stalled",
            CampaignStatus::Done => "done",
        }
    }
}

/// A share the team sent, and which recipients have acknowledged it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentMessage {
    /// Turn sent.
    pub turn: u32,
    /// Recipients.
    pub to: Vec<TeamId>,
    /// Indicators.
    pub indicators: Vec<IndicatorId>,
    /// Marking.
    pub tlp: Tlp,
    /// Text.
    pub text: String,
    /// Recipients that acknowledged it, with the turn they did.
    pub acknowledged: Vec<(TeamId, u32)>,
}

/// An ad-hoc inject the facilitator wrote, for the MSEL list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AdHocView {
    /// Its number in the exercise's ad-hoc series.
    pub number: u32,
    /// Turn sent.
    pub turn: u32,
    /// The inject.
    pub inject: crate::orders::AdHocInject,
}

/// An MSEL row's state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InjectView {
    /// The inject.
    pub inject: InjectId,
    /// Turn it fired.
    pub fired: Option<u32>,
    /// Held by the facilitator.
    pub held: bool,
}

/// Ground truth: what the facilitator sees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FacilitatorView {
    /// Turn being planned.
    pub turn: u32,
    /// Over.
    pub over: bool,
    /// Paused.
    pub paused: bool,
    /// TLP violations allowed.
    pub violations_allowed: bool,
    /// Assets that are compromised, not up, isolated or believed compromised (the rest are
    /// quiet and untouched).
    pub assets: Vec<AssetTruth>,
    /// Campaigns.
    pub campaigns: Vec<CampaignView>,
    /// The MSEL.
    pub injects: Vec<InjectView>,
    /// Submitted plans per team.
    pub submitted: Vec<bool>,
    /// Every team's metrics, with ground truth (undetected compromises counted).
    pub metrics: Vec<TeamMetrics>,
    /// Each objective's rating after the last resolved turn (provisional until the end).
    pub objectives: Vec<(ObjectiveId, crate::evaluation::Rating)>,
    /// Ad-hoc injects sent so far, oldest first.
    pub adhoc: Vec<AdHocView>,
}
