//! Orders: what a seat's [`Command`](crate::Command)s carry into the simulation.
//!
//! A team proposes an order; [`check_command`](crate::Exercise::check_command) says at once
//! whether it can be carried out and, if not, why (so the UI can show the reason before the
//! turn ends); the order is checked again when the turn resolves, because the world may have
//! moved. A team's order changes only its plan until the turn resolves; a facilitator's
//! order (an inject fired now, a pause) takes effect at once.

use jointex_scenario::Text;
use jointex_scenario::model::{ActorId, AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::vocab::{Channel, Tlp};
use serde::{Deserialize, Serialize};

/// What a team can order. Each costs action points ([`TeamOrder::cost`]).
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub enum TeamOrder {
    /// Learn whether an own asset is compromised, and what the adversary left on it.
    Investigate(AssetId),
    /// Search every own asset for traces of an indicator the team knows.
    Hunt(IndicatorId),
    /// Cut an own asset off the network: it cannot be reached, nor reach anything.
    Isolate(AssetId),
    /// Put an isolated own asset back on the network.
    Reconnect(AssetId),
    /// Patch an own asset's vulnerabilities.
    Patch(AssetId),
    /// Reset credentials on an own asset: evicts an adversary that has no persistence there.
    ResetCredentials(AssetId),
    /// Restore an own asset from backup (needs the Backups control; takes its restore turns).
    Restore(AssetId),
    /// Deploy a sensor on an own asset: detection there improves.
    DeploySensor(AssetId),
    /// Block a known indicator at the border: stages using it work less well on own assets.
    Block(IndicatorId),
    /// Share intel with other teams under a TLP 2.0 marking.
    Share(Share),
    /// Ask the other teams for help.
    RequestAssistance(Text),
    /// Lend incident responders to a team that asked: it gets extra action points next turn.
    ProvideAssistance(TeamId),
    /// Commit to a joint operation against an actor's infrastructure; it takes effect only
    /// when every team commits to the same actor in the same turn.
    JointOperation(ActorId),
    /// Publish indicators in a public advisory (TLP:CLEAR by nature).
    PublicAdvisory(Vec<IndicatorId>),
}

/// A share of intel with other teams.
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub struct Share {
    /// Recipients; empty means every other team.
    pub to: Vec<TeamId>,
    /// The indicators shared.
    pub indicators: Vec<IndicatorId>,
    /// The TLP 2.0 marking.
    pub tlp: Tlp,
    /// Free text.
    pub text: String,
}

/// What the facilitator can order.
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub enum FacilitatorOrder {
    /// Keep an inject from firing until released.
    Hold(InjectId),
    /// Let a held inject fire when its trigger holds.
    Release(InjectId),
    /// Fire an inject at once, whatever its trigger: the teams read it in this planning phase.
    FireNow(InjectId),
    /// Send an inject written on the spot.
    AdHoc(AdHocInject),
    /// Stop turns from resolving until resumed.
    Pause,
    /// Resume after a pause.
    Resume,
    /// Let TLP violations happen (recorded and counted) instead of refusing them.
    AllowTlpViolations(bool),
}

/// An inject written by the facilitator during the exercise.
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub struct AdHocInject {
    /// Recipient team; every team when `None`.
    pub to: Option<TeamId>,
    /// Channel.
    pub channel: Channel,
    /// Subject.
    pub title: Text,
    /// Body.
    pub text: Text,
}

/// Any order.
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub enum Order {
    /// A team's order.
    Team(TeamId, TeamOrder),
    /// A facilitator's order.
    Facilitator(FacilitatorOrder),
}

impl TeamOrder {
    /// Action points it costs.
    pub fn cost(&self) -> u32 {
        match self {
            TeamOrder::Investigate(_) | TeamOrder::Block(_) | TeamOrder::Reconnect(_) => 1,
            TeamOrder::Isolate(_) | TeamOrder::ResetCredentials(_) | TeamOrder::Share(_) => 1,
            TeamOrder::RequestAssistance(_) => 1,
            TeamOrder::Hunt(_) | TeamOrder::Patch(_) | TeamOrder::DeploySensor(_) => 2,
            TeamOrder::PublicAdvisory(_) | TeamOrder::ProvideAssistance(_) => 2,
            TeamOrder::Restore(_) | TeamOrder::JointOperation(_) => 3,
        }
    }

    /// The order's kind in the scenario vocabulary (what an inject can expect).
    pub fn kind(&self) -> jointex_scenario::vocab::ActionKind {
        use jointex_scenario::vocab::ActionKind as K;
        match self {
            TeamOrder::Investigate(_) => K::Investigate,
            TeamOrder::Hunt(_) => K::Hunt,
            TeamOrder::Isolate(_) => K::Isolate,
            TeamOrder::Reconnect(_) => K::Reconnect,
            TeamOrder::Patch(_) => K::Patch,
            TeamOrder::ResetCredentials(_) => K::ResetCredentials,
            TeamOrder::Restore(_) => K::Restore,
            TeamOrder::DeploySensor(_) => K::DeploySensor,
            TeamOrder::Block(_) => K::Block,
            TeamOrder::Share(_) => K::Share,
            TeamOrder::RequestAssistance(_) | TeamOrder::ProvideAssistance(_) => {
                K::RequestAssistance
            }
            TeamOrder::JointOperation(_) => K::JointOperation,
            TeamOrder::PublicAdvisory(_) => K::PublicAdvisory,
        }
    }

    /// The asset it acts on, if any.
    pub fn asset(&self) -> Option<AssetId> {
        match self {
            TeamOrder::Investigate(a)
            | TeamOrder::Isolate(a)
            | TeamOrder::Reconnect(a)
            | TeamOrder::Patch(a)
            | TeamOrder::ResetCredentials(a)
            | TeamOrder::Restore(a)
            | TeamOrder::DeploySensor(a) => Some(*a),
            _ => None,
        }
    }

    /// The indicators it concerns, if any.
    pub fn indicators(&self) -> Vec<IndicatorId> {
        match self {
            TeamOrder::Hunt(i) | TeamOrder::Block(i) => vec![*i],
            TeamOrder::Share(s) => s.indicators.clone(),
            TeamOrder::PublicAdvisory(v) => v.clone(),
            _ => Vec::new(),
        }
    }
}

/// The kind of thing an id names, in a [`Refusal::NoSuch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Missing {
    /// A team id outside the scenario's teams.
    Team,
    /// An asset id outside the scenario's assets.
    Asset,
    /// An indicator id outside the scenario's indicators.
    Indicator,
    /// An actor id outside the scenario's actors.
    Actor,
    /// An inject id outside the MSEL.
    Inject,
    /// A plan position past the end of the team's plan.
    PlanEntry,
    /// An inbox position past the end of the team's inbox.
    Message,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Missing::Team => "team",
            Missing::Asset => "asset",
            Missing::Indicator => "indicator",
            Missing::Actor => "actor",
            Missing::Inject => "inject",
            Missing::PlanEntry => "order in the plan",
            Missing::Message => "message in the inbox",
        })
    }
}

/// A TLP 2.0 rule an onward use of intel would break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TlpRule {
    /// TLP:GREEN may not go into a public advisory.
    GreenNotPublic,
    /// AMBER, AMBER+STRICT and RED may not be published at all.
    NotPublishable,
    /// TLP:RED goes to named recipients only.
    RedNamedOnly,
    /// TLP:AMBER+STRICT stays inside the recipient organisation.
    AmberStrictInside,
    /// TLP:AMBER goes to the recipient organisation and its clients only.
    AmberNeedToKnow,
    /// An item may not be re-shared under a less restrictive marking.
    NoWeakerMarking,
}

impl TlpRule {
    /// Every rule, in declaration order.
    pub const ALL: [TlpRule; 6] = [
        TlpRule::GreenNotPublic,
        TlpRule::NotPublishable,
        TlpRule::RedNamedOnly,
        TlpRule::AmberStrictInside,
        TlpRule::AmberNeedToKnow,
        TlpRule::NoWeakerMarking,
    ];
}

impl std::fmt::Display for TlpRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlpRule::GreenNotPublic => "TLP:GREEN is for the community, not public channels",
            TlpRule::NotPublishable => "it may not be published",
            TlpRule::RedNamedOnly => {
                "TLP:RED is for the named recipients only and may not be shared on"
            }
            TlpRule::AmberStrictInside => {
                "TLP:AMBER+STRICT stays inside the recipient organisation"
            }
            TlpRule::AmberNeedToKnow => {
                "TLP:AMBER goes only to the recipient organisation and its clients who need to know"
            }
            TlpRule::NoWeakerMarking => "it may not be re-shared under a less restrictive marking",
        })
    }
}

/// Why an order or a command cannot be carried out. Each is data; the English text here is
/// for logs and the command line, the terminal UI takes its text from the Fluent files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum Refusal {
    /// The exercise is over.
    #[error("the exercise is over")]
    ExerciseOver,
    /// The facilitator paused the exercise.
    #[error("the exercise is paused")]
    Paused,
    /// The team already submitted its plan for this turn.
    #[error("the plan for this turn is already submitted")]
    AlreadySubmitted,
    /// Not enough action points left.
    #[error("needs {needed} action points, {left} left this turn")]
    NotEnoughPoints {
        /// Cost of the order.
        needed: u32,
        /// Points left.
        left: u32,
    },
    /// An id does not exist in the scenario (or a position in a plan or inbox).
    #[error("no such {0}")]
    NoSuch(Missing),
    /// The seat may not give this command: a team's order from another seat, a facilitator
    /// command from a team.
    #[error("the {seat} may not {command}")]
    NotYourCommand {
        /// Who tried.
        seat: crate::seat::Seat,
        /// What.
        command: crate::seat::CommandKind,
    },
    /// The asset belongs to another nation.
    #[error(
        "the asset belongs to another nation; ask its team through RequestAssistance or a joint operation"
    )]
    ForeignAsset,
    /// The asset is already isolated.
    #[error("the asset is already isolated")]
    AlreadyIsolated,
    /// The asset is not isolated.
    #[error("the asset is not isolated")]
    NotIsolated,
    /// The asset has nothing left to patch.
    #[error("the asset is already patched")]
    AlreadyPatched,
    /// The asset has no backups to restore from.
    #[error("the asset has no backups to restore from")]
    NoBackups,
    /// A restore is already running on the asset.
    #[error("a restore is already under way on this asset")]
    AlreadyRestoring,
    /// A sensor is already deployed.
    #[error("a sensor is already deployed on this asset")]
    SensorPresent,
    /// The indicator is already blocked.
    #[error("the indicator is already blocked")]
    AlreadyBlocked,
    /// The team does not know the indicator.
    #[error("the team does not know this indicator")]
    UnknownIndicator,
    /// A share or advisory with nothing in it.
    #[error("there is nothing to share: name at least one indicator or write some text")]
    EmptyShare,
    /// A share addressed to the sharing team itself or to no other team.
    #[error("a share goes to another team")]
    BadRecipient,
    /// Sharing on would break the marking the team received it under.
    #[error("{indicator} came to this team as {received}; {rule}")]
    TlpViolation {
        /// The indicator's key (the team knows it, so it may read it).
        indicator: String,
        /// The marking it was received under.
        received: Tlp,
        /// The rule.
        rule: TlpRule,
    },
    /// The same order is already in the plan.
    #[error("the same order is already in this turn's plan")]
    Duplicate,
    /// Assistance can only be given to a team that asked for it.
    #[error("that team has not asked for assistance")]
    NotRequested,
    /// Joint operations need the actor's infrastructure to be known.
    #[error("the team knows no indicator of this actor's infrastructure")]
    NoIntelOnActor,
    /// The inject already fired.
    #[error("the inject has already fired")]
    AlreadyFired,
    /// The inject is not held.
    #[error("the inject is not held")]
    NotHeld,
    /// The inject is already held.
    #[error("the inject is already held")]
    AlreadyHeld,
    /// Pause while paused.
    #[error("the exercise is already paused")]
    AlreadyPaused,
    /// Resume while running.
    #[error("the exercise is already running")]
    NotPaused,
    /// The message was already acknowledged.
    #[error("the message is already acknowledged")]
    AlreadyAcknowledged,
    /// A chat message with nothing in it.
    #[error("the message is empty")]
    EmptyMessage,
    /// A chat message too long, or with control characters.
    #[error("the message is too long or holds control characters")]
    BadMessage,
}
