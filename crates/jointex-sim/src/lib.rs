//! # jointex-sim
//!
//! The turn engine of jointex: a validated scenario, a seed and orders go in; events, views
//! and a state hash come out. There is no terminal, network or file format here — the CLI,
//! the terminal UI, the record and the reports are clients of [`Exercise`].
//!
//! * The world is a `bevy_ecs` [`World`]: one entity per asset, whose components hold its
//!   state; the graph is a petgraph `DiGraph` plus compressed adjacency for the hot paths.
//! * A turn is one run of a `Schedule` over the chained phases of [`phases::TurnSet`].
//! * [`Exercise::check`] is pure; only the apply phase changes the world.
//! * Every stream of randomness derives from the seed ([`rng`]); the same scenario, seed and
//!   orders give the same events and the same [`Exercise::state_hash`], bit for bit.
//! * [`Exercise::view`] is the one projection of what a team may see.

pub mod check;
pub mod events;
pub mod hash;
pub mod orders;
pub mod phases;
pub mod policy;
pub mod rng;
pub mod state;
pub mod topology;
pub mod view;
pub mod view_types;

use std::sync::Arc;

use bevy_ecs::prelude::*;
use jointex_scenario::Scenario;
use jointex_scenario::model::{ActorId, CampaignId, TeamId};

pub use events::{Event, ServiceState, Source};
pub use orders::{AdHocInject, FacilitatorOrder, Order, Refusal, Share, TeamOrder};
pub use view_types::*;

use crate::phases::adversary::StageTargets;
use crate::phases::detection::TeamAssets;
use crate::state::*;
use crate::topology::Topology;

/// What one resolved turn produced.
#[derive(Clone, Debug, PartialEq)]
pub struct TurnReport {
    /// The turn resolved.
    pub turn: u32,
    /// Its events, in order, ending with `TurnEnded`.
    pub events: Vec<Event>,
    /// The state hash after it.
    pub hash: u64,
    /// What happened as the next turn opened (its injects firing), logged under that turn;
    /// empty after the last turn.
    pub opening: Vec<Event>,
}

/// A running exercise.
pub struct Exercise {
    world: World,
    schedule: Schedule,
    scenario: Arc<Scenario>,
    /// Events of resolved turns, with the turn each belongs to.
    log: Vec<(u32, Event)>,
}

impl Exercise {
    /// Builds the world of a scenario; turn 1's injects fire at once.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Self {
        let mut world = World::new();
        let s = &scenario;
        let n = s.assets.len();
        let teams = s.teams.len();
        let mut population = std::collections::BTreeMap::new();
        let mut team_assets = vec![Vec::new(); teams];
        for (i, a) in s.assets.iter().enumerate() {
            *population.entry((a.owner, a.sector)).or_insert(0u64) += a.population;
            team_assets[a.owner.index()].push(jointex_scenario::model::AssetId(i as u32));
        }
        let stage_targets = s
            .actors
            .iter()
            .map(|actor| {
                actor
                    .stages
                    .iter()
                    .map(|st| match &st.targets {
                        jointex_scenario::model::Targets::Select { .. } => s
                            .assets
                            .iter()
                            .enumerate()
                            .filter(|(i, a)| {
                                st.targets
                                    .admits(jointex_scenario::model::AssetId(*i as u32), a)
                            })
                            .map(|(i, _)| jointex_scenario::model::AssetId(i as u32))
                            .collect(),
                        _ => Vec::new(),
                    })
                    .collect()
            })
            .collect();
        let mut campaigns = Vec::new();
        for (a, actor) in s.actors.iter().enumerate() {
            for c in 0..actor.campaigns.len() {
                campaigns.push(CampaignState {
                    actor: ActorId(a as u16),
                    campaign: CampaignId(c as u16),
                    progress: Progress::Dormant,
                    extra: 0,
                });
            }
        }
        world.insert_resource(Scn(scenario.clone()));
        world.insert_resource(Seed(seed));
        world.insert_resource(AssetIndex(Vec::new()));
        world.insert_resource(Topology::build(s));
        world.insert_resource(Population(population));
        world.insert_resource(TeamAssets(team_assets));
        world.insert_resource(StageTargets(stage_targets));
        world.insert_resource(Active::default());
        world.insert_resource(Control {
            turn: 1,
            last: s.clock.turns,
            over: false,
            paused: false,
            allow_violations: false,
        });
        world.insert_resource(Campaigns {
            list: campaigns,
            disrupted_until: vec![0; s.actors.len()],
            takedowns: vec![0; s.actors.len()],
            reached: Default::default(),
        });
        world.insert_resource(Traces::default());
        world.insert_resource(Knowledge {
            teams: vec![TeamKnowledge::default(); teams],
            shares: Vec::new(),
        });
        world.insert_resource(Injects {
            fired: vec![None; s.injects.len()],
            held: s.injects.iter().map(|i| i.held).collect(),
            adhoc: Vec::new(),
            expected: s
                .injects
                .iter()
                .map(|i| vec![None; i.expected.len()])
                .collect(),
        });
        world.insert_resource(Plans {
            orders: vec![Vec::new(); teams],
            submitted: vec![false; teams],
        });
        world.insert_resource(Applied::default());
        world.insert_resource(Measures {
            violations: vec![0; teams],
            joint: vec![0; teams],
            objectives: vec![false; s.objectives.len()],
            ..Default::default()
        });
        world.insert_resource(Pending::default());
        world.insert_resource(OpeningMark(None));
        let mut schedule = phases::schedule();
        // Building the schedule here turns an ambiguous system order into a failure at once,
        // in every test, rather than at the first turn.
        if let Err(e) = schedule.initialize(&mut world) {
            panic!("the turn schedule is malformed: {e}");
        }
        // Assets are spawned after every resource exists: bevy sizes per-entity storage by
        // the highest entity index seen when a resource is added, so resources added after a
        // million assets would cost bytes per asset each.
        let index: Vec<Entity> = world
            .spawn_batch((0..n).map(|i| {
                (
                    AssetKey(jointex_scenario::model::AssetId(i as u32)),
                    Hold::default(),
                    Posture::default(),
                    Damage::default(),
                    Service::default(),
                )
            }))
            .collect();
        world.resource_mut::<AssetIndex>().0 = index;
        phases::injects::fire_due(&mut world);
        // Objectives start rated on the opening state, so the dashboard does not show as
        // failed what nothing has failed yet (TLP compliance, detection before any intrusion).
        let provisional: Vec<bool> = s
            .objectives
            .iter()
            .map(|o| match o.team {
                Some(t) => phases::evaluate::measure_met(&world, t, &o.measure, 1),
                None => (0..teams as u16)
                    .all(|t| phases::evaluate::measure_met(&world, TeamId(t), &o.measure, 1)),
            })
            .collect();
        world.resource_mut::<Measures>().objectives = provisional;
        let opening = std::mem::take(&mut world.resource_mut::<Pending>().0);
        Exercise {
            world,
            schedule,
            scenario,
            log: opening.into_iter().map(|e| (1, e)).collect(),
        }
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The turn being planned (the last turn once the exercise is over).
    pub fn turn(&self) -> u32 {
        self.world.resource::<Control>().turn
    }

    /// Whether every turn has been resolved.
    pub fn is_over(&self) -> bool {
        self.world.resource::<Control>().over
    }

    /// Whether the facilitator paused the exercise.
    pub fn is_paused(&self) -> bool {
        self.world.resource::<Control>().paused
    }

    /// Whether an order could be given now, and why not. Changes nothing.
    pub fn check(&self, order: &Order) -> Result<(), Refusal> {
        match order {
            Order::Team(team, o) => {
                let plans = self.world.resource::<Plans>();
                if plans.submitted.get(team.index()).copied().unwrap_or(false) {
                    return Err(Refusal::AlreadySubmitted);
                }
                let planned = plans
                    .orders
                    .get(team.index())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                check::team(&self.world, *team, o, planned)
            }
            Order::Facilitator(o) => check::facilitator(&self.world, o),
        }
    }

    /// Gives an order: a team's goes into its plan for this turn; the facilitator's takes
    /// effect at once.
    pub fn order(&mut self, order: Order) -> Result<(), Refusal> {
        self.check(&order)?;
        match order {
            Order::Team(team, o) => self.world.resource_mut::<Plans>().orders[team.index()].push(o),
            Order::Facilitator(o) => self.facilitate(o),
        }
        Ok(())
    }

    /// Takes an order back out of a team's plan (the plan stays editable until submitted).
    pub fn withdraw(&mut self, team: TeamId, index: usize) -> Option<TeamOrder> {
        let mut plans = self.world.resource_mut::<Plans>();
        if plans.submitted.get(team.index()).copied().unwrap_or(true) {
            return None;
        }
        let plan = plans.orders.get_mut(team.index())?;
        (index < plan.len()).then(|| plan.remove(index))
    }

    /// Submits a team's plan for this turn.
    pub fn submit(&mut self, team: TeamId) -> Result<(), Refusal> {
        if self.is_over() {
            return Err(Refusal::ExerciseOver);
        }
        let mut plans = self.world.resource_mut::<Plans>();
        match plans.submitted.get_mut(team.index()) {
            None => Err(Refusal::NoSuch("team")),
            Some(true) => Err(Refusal::AlreadySubmitted),
            Some(s) => {
                *s = true;
                Ok(())
            }
        }
    }

    /// Whether every team has submitted.
    pub fn all_submitted(&self) -> bool {
        self.world.resource::<Plans>().submitted.iter().all(|s| *s)
    }

    /// Resolves the turn: runs every phase once. Teams that did not submit play their plan
    /// as it stands.
    pub fn resolve(&mut self) -> Result<TurnReport, Refusal> {
        if self.is_over() {
            return Err(Refusal::ExerciseOver);
        }
        if self.is_paused() {
            return Err(Refusal::Paused);
        }
        let turn = self.turn();
        self.world.resource_mut::<OpeningMark>().0 = None;
        self.schedule.run(&mut self.world);
        let hash = hash::state_hash(&self.world);
        let mut events = std::mem::take(&mut self.world.resource_mut::<Pending>().0);
        // Injects fired for the next turn belong to it: the teams read them while planning it.
        let split = self
            .world
            .resource::<OpeningMark>()
            .0
            .unwrap_or(events.len());
        let opening = events.split_off(split.min(events.len()));
        events.push(Event::TurnEnded { turn, hash });
        self.log.extend(events.iter().cloned().map(|e| (turn, e)));
        let next = self.turn();
        self.log.extend(opening.iter().cloned().map(|e| (next, e)));
        Ok(TurnReport {
            turn,
            events,
            hash,
            opening,
        })
    }

    /// What a team may see.
    pub fn view(&self, team: TeamId) -> TeamView {
        view::team_view(&self.world, team)
    }

    /// Ground truth, for the facilitator.
    pub fn facilitator_view(&self) -> FacilitatorView {
        view::facilitator_view(&self.world)
    }

    /// Every event so far, with the turn it belongs to: each resolved turn's, the opening
    /// injects of each turn, and the facilitator's actions as they happened.
    pub fn events(&self) -> &[(u32, Event)] {
        &self.log
    }

    /// Every share sent so far, in order: what intel-exchange clients (STIX, TAXII) export.
    pub fn shares(&self) -> &[SentShare] {
        &self.world.resource::<Knowledge>().shares
    }

    /// The exercise seed.
    pub fn seed(&self) -> u64 {
        self.world.resource::<Seed>().0
    }

    /// The canonical hash of the whole state now.
    pub fn state_hash(&self) -> u64 {
        hash::state_hash(&self.world)
    }

    fn facilitate(&mut self, o: FacilitatorOrder) {
        let turn = self.turn();
        let event = match &o {
            FacilitatorOrder::Hold(i) => {
                self.world.resource_mut::<Injects>().held[i.index()] = true;
                None
            }
            FacilitatorOrder::Release(i) => {
                self.world.resource_mut::<Injects>().held[i.index()] = false;
                None
            }
            FacilitatorOrder::FireNow(i) => {
                // Fires at once, so the teams read it in this planning phase.
                phases::injects::fire(&mut self.world, *i, turn);
                None
            }
            FacilitatorOrder::AdHoc(a) => {
                let n = {
                    let mut inj = self.world.resource_mut::<Injects>();
                    inj.adhoc.push((turn, a.clone()));
                    (inj.adhoc.len() - 1) as u32
                };
                let teams = self.scenario.teams.len();
                let mut k = self.world.resource_mut::<Knowledge>();
                for t in 0..teams {
                    if a.to.is_none_or(|x| x.index() == t) {
                        k.teams[t].inbox.push((turn, Mail::AdHoc(n)));
                    }
                }
                Some(Event::AdHocFired {
                    number: n,
                    to: a.to,
                })
            }
            FacilitatorOrder::Pause => {
                self.world.resource_mut::<Control>().paused = true;
                Some(Event::PauseChanged { paused: true })
            }
            FacilitatorOrder::Resume => {
                self.world.resource_mut::<Control>().paused = false;
                Some(Event::PauseChanged { paused: false })
            }
            FacilitatorOrder::AllowTlpViolations(b) => {
                self.world.resource_mut::<Control>().allow_violations = *b;
                None
            }
        };
        let mut pending = std::mem::take(&mut self.world.resource_mut::<Pending>().0);
        pending.extend(event);
        // The white cell's action comes first in the log, then what it caused.
        self.log.push((
            turn,
            Event::OrderApplied {
                order: Order::Facilitator(o),
            },
        ));
        self.log.extend(pending.into_iter().map(|e| (turn, e)));
    }
}

impl Event {
    /// Who may see this event.
    pub fn audience(&self, s: &Scenario) -> events::Audience {
        use events::Audience as A;
        let owner = |a: jointex_scenario::model::AssetId| A::Teams(vec![s.asset(a).owner]);
        match self {
            Event::OrderApplied {
                order: Order::Team(t, _),
            }
            | Event::OrderRefused {
                order: Order::Team(t, _),
                ..
            } => A::Teams(vec![*t]),
            Event::OrderApplied {
                order: Order::Facilitator(_),
            }
            | Event::OrderRefused {
                order: Order::Facilitator(_),
                ..
            } => A::Facilitator,
            Event::CampaignStarted { .. }
            | Event::Attempt { .. }
            | Event::Compromised { .. }
            | Event::StageCompleted { .. }
            | Event::StageBlocked { .. }
            | Event::ExpectedMissed { .. }
            | Event::ExpectedMet { .. }
            | Event::ObjectiveRated { .. } => A::Facilitator,
            Event::Evicted { asset }
            | Event::ImpactApplied { asset, .. }
            | Event::ServiceChanged { asset, .. }
            | Event::Restored { asset } => {
                // The owner sees its services and its restores; an impact or an eviction is
                // ground truth, seen by the owner only through what it does to the service.
                match self {
                    Event::ServiceChanged { .. } | Event::Restored { .. } => owner(*asset),
                    _ => A::Facilitator,
                }
            }
            // Containment is ground truth: whether an isolated suspect was really compromised
            // is for an investigation to tell the team, not the event stream.
            Event::Contained { .. } => A::Facilitator,
            Event::Detected { team, .. }
            | Event::Investigated { team, .. }
            | Event::IndicatorLearned { team, .. }
            | Event::TlpViolated { team, .. } => A::Teams(vec![*team]),
            Event::ShareReceived { from, to, .. } => A::Teams(vec![*from, *to]),
            Event::AssistanceRequested { .. }
            | Event::AssistanceProvided { .. }
            | Event::JointOperationSucceeded { .. }
            | Event::AdvisoryPublished { .. }
            | Event::PauseChanged { .. }
            | Event::TurnEnded { .. } => A::All,
            Event::JointOperationUnmatched { team, .. } => A::Teams(vec![*team]),
            Event::InjectFired { inject } => match s.injects[inject.index()].to {
                jointex_scenario::model::Audience::All => A::All,
                jointex_scenario::model::Audience::Team(t)
                | jointex_scenario::model::Audience::Role(t, _) => A::Teams(vec![t]),
                jointex_scenario::model::Audience::Facilitator => A::Facilitator,
            },
            Event::AdHocFired { to: None, .. } => A::All,
            Event::AdHocFired { to: Some(t), .. } => A::Teams(vec![*t]),
            Event::Availability { team, .. } => A::Teams(vec![*team]),
        }
    }
}
