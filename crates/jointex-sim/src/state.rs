//! The simulation's state: components on asset entities and the resources around them.
//!
//! Per-asset state lives in components on one entity per asset; an `Entity` never leaves the
//! crate, everything outside speaks `AssetId`. Systems work *sparsely*: they start from the
//! small sets in [`Active`] (held, down, restoring assets) and follow edges out of them, so a
//! quiet 1M-asset nation costs what its incidents cost, not what its size costs. Knowledge is
//! per team and sparse too: a team knows little, and only what it was told or found.
//! Everything here is ordered (`BTreeMap`, sorted `Vec`) so that hashing and iteration are
//! deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use bevy_ecs::prelude::*;
use jointex_scenario::Scenario;
use jointex_scenario::model::{ActorId, AssetId, CampaignId, IndicatorId, StageId, TeamId};
use jointex_scenario::vocab::{Impact, Sector, Tlp};

use crate::events::{Event, ServiceState, Source};
use crate::orders::{AdHocInject, TeamOrder};
use crate::view_types::Belief;

/// The scenario being played.
#[derive(Resource, Clone)]
pub struct Scn(pub Arc<Scenario>);

/// The exercise seed.
#[derive(Resource, Clone, Copy)]
pub struct Seed(pub u64);

/// Which entity holds each asset's components (`entities[asset]`).
#[derive(Resource)]
pub struct AssetIndex(pub Vec<Entity>);

/// Marks an asset entity and names its asset.
#[derive(Component, Clone, Copy, Debug)]
pub struct AssetKey(pub AssetId);

/// An adversary's hold on an asset.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Hold {
    /// The actor holding it.
    pub actor: Option<ActorId>,
    /// Turn it fell.
    pub since: u32,
    /// Survives a credential reset (a persistence stage ran on it).
    pub persistent: bool,
}

/// What the defenders did to an asset.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Posture {
    /// Cut off the network.
    pub isolated: bool,
    /// Vulnerabilities patched.
    pub patched: bool,
    /// A sensor deployed.
    pub sensor: bool,
    /// Turn credentials were last reset.
    pub creds_reset: Option<u32>,
    /// Controls disabled by injects, as a bit per `Control` (in declaration order).
    pub disabled: u8,
}

/// Damage to an asset's service from its own causes (not from what it depends on).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Damage {
    /// An impact that keeps the service down until restored (encryption, wiping, ICS).
    pub destroyed: Option<Impact>,
    /// Degraded until this turn (disruption, defacement).
    pub degraded_until: Option<u32>,
    /// Down until this turn (an outage inject).
    pub outage_until: Option<u32>,
    /// A restore runs until this turn; the service is down meanwhile.
    pub restoring_until: Option<u32>,
    /// Data was taken.
    pub exfiltrated: bool,
}

impl Damage {
    /// Down for its own reasons at `turn`.
    pub fn down(&self, turn: u32) -> bool {
        self.destroyed.is_some_and(|i| i.is_destructive())
            || self.outage_until.is_some_and(|t| turn <= t)
            || self.restoring_until.is_some()
    }

    /// Degraded for its own reasons at `turn`.
    pub fn degraded(&self, turn: u32) -> bool {
        self.degraded_until.is_some_and(|t| turn <= t)
    }
}

/// Destructive impacts take the service down until a restore.
pub trait ImpactExt {
    /// Whether it takes the service down.
    fn is_destructive(&self) -> bool;
}

impl ImpactExt for Impact {
    fn is_destructive(&self) -> bool {
        matches!(
            self,
            Impact::Encrypt | Impact::Wipe | Impact::IcsManipulation
        )
    }
}

/// The service condition after cascades, and since when.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Service {
    /// Condition.
    pub state: ServiceState,
    /// Turn it entered the condition.
    pub since: u32,
}

impl Default for Service {
    fn default() -> Self {
        Service {
            state: ServiceState::Up,
            since: 0,
        }
    }
}

/// The small sets systems start from.
#[derive(Resource, Default, Clone, Debug, Hash)]
pub struct Active {
    /// Assets an actor holds.
    pub held: BTreeSet<AssetId>,
    /// Assets with damage of their own (down or degraded causes, restores).
    pub damaged: BTreeSet<AssetId>,
    /// Assets whose service is not up after the last cascade.
    pub not_up: BTreeSet<AssetId>,
}

/// The turn clock and the exercise's control state.
#[derive(Resource, Clone, Debug, Hash)]
pub struct Control {
    /// Turn being planned or resolved (1-based).
    pub turn: u32,
    /// Last turn.
    pub last: u32,
    /// All turns resolved.
    pub over: bool,
    /// Paused by the facilitator.
    pub paused: bool,
    /// TLP violations happen (and count) instead of being refused.
    pub allow_violations: bool,
}

/// A campaign's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Progress {
    /// Waiting for its start turn or an inject.
    Dormant,
    /// Working on a stage.
    Active {
        /// The stage.
        stage: StageId,
        /// Attempts used on it.
        attempts: u32,
    },
    /// A stage was blocked with no branch.
    Stalled(StageId),
    /// The last stage completed.
    Done,
}

/// A campaign's state.
#[derive(Clone, Debug, Hash)]
pub struct CampaignState {
    /// The actor.
    pub actor: ActorId,
    /// The campaign.
    pub campaign: CampaignId,
    /// Progress.
    pub progress: Progress,
    /// Extra attempts granted by injects, used next.
    pub extra: u32,
}

/// Every campaign, in (actor, campaign) order, and each actor's disruption.
#[derive(Resource, Clone, Debug, Hash)]
pub struct Campaigns {
    /// Campaigns.
    pub list: Vec<CampaignState>,
    /// Per actor: no progress until this turn (a joint takedown).
    pub disrupted_until: Vec<u32>,
    /// Per actor: joint operations that hit it (each weakens its attempts).
    pub takedowns: Vec<u32>,
    /// Stages each actor has reached, for `StageReached` conditions.
    pub reached: BTreeSet<(ActorId, StageId)>,
}

/// Indicators the adversary left on assets: ground truth that hunts and shares can find.
#[derive(Resource, Default, Clone, Debug, Hash)]
pub struct Traces(pub BTreeMap<AssetId, BTreeSet<IndicatorId>>);

/// What a team believes about one of its assets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Known {
    /// Belief.
    pub belief: Belief,
    /// Since when.
    pub since: u32,
    /// How.
    pub source: Source,
}

/// How a team holds an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Learned {
    /// Turn learned.
    pub turn: u32,
    /// Marking received under.
    pub tlp: Tlp,
    /// Sender, if shared.
    pub from: Option<TeamId>,
}

/// Whether a team's holding of an indicator is a finding it is expected to share with its
/// partners: learned by its own work, or released to it from outside the exercise (under a
/// marking it then shares it on under). Items received from partners or published are not.
pub fn shareable_finding(l: &Learned) -> bool {
    l.from.is_none()
}

/// One inbox entry (the text is looked up from the scenario or the ad-hoc list).
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Mail {
    /// An MSEL inject.
    Inject(jointex_scenario::model::InjectId),
    /// An ad-hoc inject, by its index in [`Injects::adhoc`].
    AdHoc(u32),
    /// A share: index into [`Knowledge::shares`].
    Share(u32),
    /// A request for assistance from a team, with its text.
    Request(TeamId, String),
}

/// Everything one team knows.
#[derive(Clone, Debug, Default, Hash)]
pub struct TeamKnowledge {
    /// Beliefs about own assets.
    pub assets: BTreeMap<AssetId, Known>,
    /// Known indicators.
    pub indicators: BTreeMap<IndicatorId, Learned>,
    /// Blocked indicators.
    pub blocked: BTreeSet<IndicatorId>,
    /// First turn each indicator was shared by this team.
    pub shared: BTreeMap<IndicatorId, u32>,
    /// Inbox, with arrival turns.
    pub inbox: Vec<(u32, Mail)>,
    /// Extra action points this turn (assistance received last turn).
    pub bonus_points: u32,
    /// Extra action points arriving next turn (assistance given this turn).
    pub incoming_bonus: u32,
    /// Turn the team last asked for assistance.
    pub asked: Option<u32>,
    /// Inbox positions the team has acknowledged, with the turn it did.
    pub acknowledged: BTreeMap<usize, u32>,
}

/// A share as sent.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct SentShare {
    /// Turn.
    pub turn: u32,
    /// Sender.
    pub from: TeamId,
    /// Recipients.
    pub to: Vec<TeamId>,
    /// Indicators.
    pub indicators: Vec<IndicatorId>,
    /// Marking.
    pub tlp: Tlp,
    /// Text.
    pub text: String,
}

/// Every team's knowledge, and the shares that moved between them.
#[derive(Resource, Clone, Debug, Default, Hash)]
pub struct Knowledge {
    /// Per team.
    pub teams: Vec<TeamKnowledge>,
    /// Every share, in order.
    pub shares: Vec<SentShare>,
}

/// The MSEL's state.
#[derive(Resource, Clone, Debug, Hash)]
pub struct Injects {
    /// Turn each inject fired.
    pub fired: Vec<Option<u32>>,
    /// Held by the facilitator.
    pub held: Vec<bool>,
    /// Ad-hoc injects, with the turn they were sent.
    pub adhoc: Vec<(u32, AdHocInject)>,
    /// Per inject, per expected action: `Some(true)` met, `Some(false)` missed, `None` open.
    pub expected: Vec<Vec<Option<bool>>>,
}

/// The orders planned for the turn being planned.
#[derive(Resource, Clone, Debug, Default, Hash)]
pub struct Plans {
    /// Per team, in the order given.
    pub orders: Vec<Vec<TeamOrder>>,
    /// Per team, submitted.
    pub submitted: Vec<bool>,
}

/// Orders applied so far, for expected-action matching: (turn, team, order).
#[derive(Resource, Clone, Debug, Default, Hash)]
pub struct Applied(pub Vec<(u32, TeamId, TeamOrder)>);

/// An incident: an asset's compromise, from fall to containment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Incident {
    /// The asset.
    pub asset: AssetId,
    /// Turn it fell.
    pub compromised: u32,
    /// Turn its owner first flagged it.
    pub detected: Option<u32>,
    /// How its owner first flagged it.
    pub detected_by: Option<Source>,
    /// Turn it was isolated, evicted or restored after detection.
    pub contained: Option<u32>,
}

/// What the evaluation measures, turn by turn.
#[derive(Resource, Clone, Debug, Default, Hash)]
pub struct Measures {
    /// Incidents, in the order they began.
    pub incidents: Vec<Incident>,
    /// Open incident per asset (index into `incidents`).
    pub open: BTreeMap<AssetId, usize>,
    /// People-minutes lost per (team, sector).
    pub lost: BTreeMap<(TeamId, Sector), u64>,
    /// Availability per (team, sector) last turn, per mille.
    pub availability: BTreeMap<(TeamId, Sector), u16>,
    /// Lowest availability per (team, sector) so far, per mille.
    pub lowest: BTreeMap<(TeamId, Sector), u16>,
    /// TLP violations per team.
    pub violations: Vec<u32>,
    /// Joint operations per team.
    pub joint: Vec<u32>,
    /// Each objective's rating after the last turn (provisional until the end).
    pub objectives: Vec<crate::evaluation::Rating>,
}

/// Population served per (team, sector): the denominator of availability.
#[derive(Resource, Clone, Debug, Default)]
pub struct Population(pub std::sync::Arc<BTreeMap<(TeamId, Sector), u64>>);

/// What views read of every asset that never changes, in dense arrays: the scenario's
/// `Asset` is large and scattered on the heap, and reading it per asset per view cost more
/// than the rest of the view.
#[derive(Resource, Clone, Debug)]
pub struct Statics(pub std::sync::Arc<AssetStatics>);

/// Per asset, by id.
#[derive(Debug, Default)]
pub struct AssetStatics {
    /// The owner's criticality rating.
    pub criticality: Vec<u8>,
    /// [`AssetStatics::VULNERABLE`] and [`AssetStatics::BACKUPS`].
    pub flags: Vec<u8>,
    /// Its position in its owner's list of assets ([`crate::phases::detection::TeamAssets`]).
    pub position: Vec<u32>,
    /// Its owner.
    pub owner: Vec<u16>,
}

impl AssetStatics {
    /// It has a vulnerability a patch would close.
    pub const VULNERABLE: u8 = 1;
    /// It is backed up.
    pub const BACKUPS: u8 = 2;
}

/// Where in [`Pending`] the next turn's opening events begin (set when the clock moves).
#[derive(Resource, Default, Clone, Copy, Debug)]
pub struct OpeningMark(pub Option<usize>);

/// Events of the turn being resolved (and of facilitator orders since the last turn).
#[derive(Resource, Default, Clone, Debug)]
pub struct Pending(pub Vec<Event>);
