//! Observations: what one seat may see, built here and nowhere else.
//!
//! A team's observation is its view (see [`crate::view`], where fog of war is decided), the
//! events its audience rule admits, and the orders its console offers with the reason each
//! cannot be given now. The facilitator's adds ground truth and the evaluation. Clients
//! render observations; they never filter events or decide which orders exist themselves.

use jointex_scenario::model::{AssetId, IndicatorId, TeamId};
use serde::Serialize;

use crate::evaluation::Evaluation;
use crate::orders::{Refusal, TeamOrder};
use crate::seat::{Command, Seat};
use crate::view_types::{FacilitatorView, TeamView};
use crate::{Event, Exercise};

/// An order a console offers, and why it cannot be given now, if it cannot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Offer {
    /// The order.
    pub order: TeamOrder,
    /// Why not, now; `None` when it can be given.
    pub refusal: Option<Refusal>,
}

/// What a team's seat sees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamObservation {
    /// The team's view.
    pub view: TeamView,
    /// Events the team may see, from the position asked for on, with their turns.
    pub events: Vec<(u32, Event)>,
    /// The log position to ask from next time.
    pub cursor: usize,
    /// Per known indicator, in the view's order: the orders offered on it.
    pub indicator_offers: Vec<(IndicatorId, Vec<Offer>)>,
}

/// What the facilitator's seat sees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FacilitatorObservation {
    /// Ground truth.
    pub view: FacilitatorView,
    /// Every team's view, for the plans and requests panels.
    pub teams: Vec<TeamView>,
    /// Every event from the position asked for on, with their turns.
    pub events: Vec<(u32, Event)>,
    /// The log position to ask from next time.
    pub cursor: usize,
    /// The evaluation now.
    pub evaluation: Evaluation,
}

/// What a seat sees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Observation {
    /// A team's.
    Team(Box<TeamObservation>),
    /// The facilitator's.
    Facilitator(Box<FacilitatorObservation>),
}

/// Whether `seat` may see an event: the one rule, used by every client.
pub fn visible(ex: &Exercise, seat: Seat, e: &Event) -> bool {
    match seat {
        Seat::Facilitator => true,
        Seat::Team(t) => e.audience(ex.scenario()).includes(t),
    }
}

/// Events `seat` may see from log position `since` on, and the position to ask from next.
pub fn events(ex: &Exercise, seat: Seat, since: usize) -> (Vec<(u32, Event)>, usize) {
    let log = ex.events();
    let events = log
        .get(since.min(log.len())..)
        .unwrap_or_default()
        .iter()
        .filter(|(_, e)| visible(ex, seat, e))
        .cloned()
        .collect();
    (events, log.len())
}

pub(crate) fn observe(ex: &Exercise, seat: Seat, since: usize) -> Observation {
    match seat {
        Seat::Team(t) => Observation::Team(Box::new(team(ex, t, since))),
        Seat::Facilitator => Observation::Facilitator(Box::new(facilitator(ex, since))),
    }
}

/// A team's observation. An id outside the scenario's teams sees nothing at all.
pub(crate) fn team(ex: &Exercise, t: TeamId, since: usize) -> TeamObservation {
    if t.index() >= ex.scenario().teams.len() {
        return TeamObservation {
            view: crate::view_types::TeamView {
                team: t,
                turn: ex.turn(),
                over: ex.is_over(),
                paused: ex.is_paused(),
                points: 0,
                points_left: 0,
                plan: Vec::new(),
                submitted: false,
                assets: Vec::new(),
                indicators: Vec::new(),
                inbox: Vec::new(),
                metrics: Default::default(),
                assistance_requests: Vec::new(),
                sent: Vec::new(),
            },
            events: Vec::new(),
            cursor: ex.events().len(),
            indicator_offers: Vec::new(),
        };
    }
    let (events, cursor) = events(ex, Seat::Team(t), since);
    let view = ex.view(t);
    let indicator_offers = view
        .indicators
        .iter()
        .map(|k| (k.indicator, indicator_offers(ex, t, k.indicator)))
        .collect();
    TeamObservation {
        view,
        events,
        cursor,
        indicator_offers,
    }
}

/// The facilitator's observation.
pub(crate) fn facilitator(ex: &Exercise, since: usize) -> FacilitatorObservation {
    let (events, cursor) = events(ex, Seat::Facilitator, since);
    FacilitatorObservation {
        view: ex.facilitator_view(),
        teams: (0..ex.scenario().teams.len() as u16)
            .map(|t| ex.view(TeamId(t)))
            .collect(),
        events,
        cursor,
        evaluation: ex.evaluation(),
    }
}

fn offer(ex: &Exercise, team: TeamId, order: TeamOrder) -> Offer {
    let refusal = ex
        .check_command(Seat::Team(team), &Command::Order(order.clone()))
        .err();
    Offer { order, refusal }
}

pub(crate) fn asset_offers(ex: &Exercise, team: TeamId, asset: AssetId) -> Vec<Offer> {
    let s = ex.scenario();
    if s.assets.get(asset.index()).is_none_or(|a| a.owner != team) {
        return Vec::new();
    }
    let entity = ex.world.resource::<crate::state::AssetIndex>().0[asset.index()];
    let isolated = ex
        .world
        .get::<crate::state::Posture>(entity)
        .is_some_and(|p| p.isolated);
    [
        TeamOrder::Investigate(asset),
        if isolated {
            TeamOrder::Reconnect(asset)
        } else {
            TeamOrder::Isolate(asset)
        },
        TeamOrder::Patch(asset),
        TeamOrder::ResetCredentials(asset),
        TeamOrder::Restore(asset),
        TeamOrder::DeploySensor(asset),
    ]
    .into_iter()
    .map(|o| offer(ex, team, o))
    .collect()
}

fn indicator_offers(ex: &Exercise, team: TeamId, i: IndicatorId) -> Vec<Offer> {
    let mut v = vec![
        TeamOrder::Hunt(i),
        TeamOrder::Block(i),
        TeamOrder::PublicAdvisory(vec![i]),
    ];
    if let Some(actor) = ex
        .scenario()
        .indicators
        .get(i.index())
        .and_then(|x| x.actor)
    {
        v.push(TeamOrder::JointOperation(actor));
    }
    v.into_iter().map(|o| offer(ex, team, o)).collect()
}
