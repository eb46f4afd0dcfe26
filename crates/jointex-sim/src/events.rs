//! Events: the only output of the simulation.
//!
//! Every change a turn makes is an event, in the order it happened. Replays, records, the
//! reports and the UI's logs are all built from the same log. Each event says who may see it
//! ([`Event::audience`]); ground truth (a compromise nobody has detected) is the facilitator's
//! alone.

use jointex_scenario::model::{
    ActorId, AssetId, IndicatorId, InjectId, ObjectiveId, StageId, TeamId,
};
use jointex_scenario::vocab::{Impact, Sector, Tlp};
use serde::{Deserialize, Serialize};

use crate::orders::{Order, Refusal};

/// How a team came to suspect or know about a compromise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Source {
    /// An alert from logging, EDR, network monitoring or a deployed sensor.
    Alert,
    /// A hunt for an indicator found traces.
    Hunt,
    /// An investigation.
    Investigation,
    /// An indicator shared by a partner matched traces on the asset.
    PartnerIntel,
    /// An inject (a tip, an alert written into the MSEL).
    Inject,
    /// The adversary's impact could not be missed (encrypted screens, a wiped server, a
    /// plant out of control, a defaced site).
    Impact,
    /// The owner rebuilt the asset from known-good backups (a belief, not a detection).
    Restore,
}

/// A service's condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ServiceState {
    /// Working.
    Up,
    /// Working on a buffer (generators, stored water) because something it needs is down.
    Degraded,
    /// Not working.
    Down,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Event {
    /// An order was carried out.
    OrderApplied {
        /// The order.
        order: Order,
    },
    /// An order was refused when the turn resolved.
    OrderRefused {
        /// The order.
        order: Order,
        /// Why.
        reason: Refusal,
    },
    /// A campaign began.
    CampaignStarted {
        /// The actor.
        actor: ActorId,
        /// The campaign's first stage.
        stage: StageId,
    },
    /// An adversary attempt on an asset, successful or not.
    Attempt {
        /// The actor.
        actor: ActorId,
        /// The stage.
        stage: StageId,
        /// The target.
        asset: AssetId,
        /// Whether it worked.
        success: bool,
    },
    /// An asset fell to an actor.
    Compromised {
        /// The asset.
        asset: AssetId,
        /// The actor.
        actor: ActorId,
    },
    /// The adversary lost its hold on an asset.
    Evicted {
        /// The asset.
        asset: AssetId,
    },
    /// A stage was completed and the campaign moved on.
    StageCompleted {
        /// The actor.
        actor: ActorId,
        /// The stage completed.
        stage: StageId,
        /// The stage it moves to, if any.
        next: Option<StageId>,
    },
    /// A stage ran out of attempts.
    StageBlocked {
        /// The actor.
        actor: ActorId,
        /// The stage.
        stage: StageId,
        /// The branch it takes, if any.
        branch: Option<StageId>,
    },
    /// An impact hit an asset.
    ImpactApplied {
        /// The asset.
        asset: AssetId,
        /// The impact.
        impact: Impact,
    },
    /// A team's sensors or work flagged an asset (true or false positive).
    Detected {
        /// The team.
        team: TeamId,
        /// The asset.
        asset: AssetId,
        /// How.
        source: Source,
    },
    /// An investigation concluded.
    Investigated {
        /// The team.
        team: TeamId,
        /// The asset.
        asset: AssetId,
        /// Whether it was compromised.
        compromised: bool,
    },
    /// A team learned an indicator.
    IndicatorLearned {
        /// The team.
        team: TeamId,
        /// The indicator.
        indicator: IndicatorId,
        /// The marking it came under (CLEAR when the team found it itself).
        tlp: Tlp,
        /// The team it came from, if shared.
        from: Option<TeamId>,
    },
    /// A share reached a team.
    ShareReceived {
        /// Sender.
        from: TeamId,
        /// Recipient.
        to: TeamId,
        /// Indicators.
        indicators: Vec<IndicatorId>,
        /// Marking.
        tlp: Tlp,
        /// Text.
        text: String,
    },
    /// A TLP marking was broken (the facilitator allowed it).
    TlpViolated {
        /// The team that broke it.
        team: TeamId,
        /// The indicator.
        indicator: IndicatorId,
        /// The marking broken.
        tlp: Tlp,
    },
    /// A team asked for help.
    AssistanceRequested {
        /// The team.
        team: TeamId,
        /// What it asked.
        text: String,
    },
    /// A team lent help to another.
    AssistanceProvided {
        /// The helper.
        from: TeamId,
        /// The helped.
        to: TeamId,
    },
    /// Every team committed to a joint operation: the actor's infrastructure is disrupted.
    JointOperationSucceeded {
        /// The actor.
        actor: ActorId,
    },
    /// A team committed to a joint operation the others did not join this turn.
    JointOperationUnmatched {
        /// The team.
        team: TeamId,
        /// The actor.
        actor: ActorId,
    },
    /// A public advisory was published.
    AdvisoryPublished {
        /// The team.
        team: TeamId,
        /// Indicators.
        indicators: Vec<IndicatorId>,
    },
    /// A detected incident was contained (isolation, eviction or restore).
    Contained {
        /// The owner.
        team: TeamId,
        /// The asset.
        asset: AssetId,
    },
    /// An asset's service changed condition.
    ServiceChanged {
        /// The asset.
        asset: AssetId,
        /// New condition.
        state: ServiceState,
    },
    /// A restore from backup finished.
    Restored {
        /// The asset.
        asset: AssetId,
    },
    /// An inject fired.
    InjectFired {
        /// The inject.
        inject: InjectId,
    },
    /// The facilitator sent an ad-hoc inject (stored with its text in the inbox).
    AdHocFired {
        /// Its number in the exercise's ad-hoc series.
        number: u32,
        /// Its recipient; every team when `None`.
        to: Option<TeamId>,
    },
    /// An expected action was not taken in time.
    ExpectedMissed {
        /// The inject that expected it.
        inject: InjectId,
        /// Its index in the inject's `expected`.
        index: usize,
    },
    /// An expected action was taken in time.
    ExpectedMet {
        /// The inject that expected it.
        inject: InjectId,
        /// Its index.
        index: usize,
    },
    /// Availability of a sector in a nation at the end of the turn, when it changed.
    Availability {
        /// The nation's team.
        team: TeamId,
        /// The sector.
        sector: Sector,
        /// Per mille of population served.
        per_mille: u16,
    },
    /// An objective's provisional or final rating changed.
    ObjectiveRated {
        /// The objective.
        objective: ObjectiveId,
        /// Its rating now.
        rating: crate::evaluation::Rating,
    },
    /// A team acknowledged a message in its inbox; the partner who sent it sees that.
    Acknowledged {
        /// The team that acknowledged.
        team: TeamId,
        /// The message's position in that team's inbox.
        message: usize,
        /// The team that sent it, when it came from a partner (a share or a request).
        sender: Option<TeamId>,
    },
    /// A member of a team wrote in the team's chat. Only the team (and the white cell) see
    /// it; the record and the report keep it.
    Chat {
        /// The team.
        team: TeamId,
        /// Who wrote (a player's name in network play, the team's key on one terminal).
        by: String,
        /// What they wrote.
        text: String,
    },
    /// The exercise was paused or resumed.
    PauseChanged {
        /// Paused now.
        paused: bool,
    },
    /// A turn ended.
    TurnEnded {
        /// The turn.
        turn: u32,
        /// Canonical hash of the whole state after it.
        hash: u64,
    },
}

/// Who may see an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Everybody.
    All,
    /// The facilitator only: ground truth.
    Facilitator,
    /// These teams (and the facilitator).
    Teams(Vec<TeamId>),
}

impl Audience {
    /// Whether a team may see it.
    pub fn includes(&self, team: TeamId) -> bool {
        match self {
            Audience::All => true,
            Audience::Facilitator => false,
            Audience::Teams(t) => t.contains(&team),
        }
    }
}
