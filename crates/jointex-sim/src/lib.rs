//! # jointex-sim
//!
//! The turn engine of jointex: a validated scenario, a seed and orders go in; events, views
//! and a state hash come out. There is no terminal, network or file format here — the CLI,
//! the terminal UI, the record and the reports are clients of [`Exercise`].
//!
//! * The world is a `bevy_ecs` [`World`]: one entity per asset, whose components hold its
//!   state; the graph is compressed adjacency built once from the scenario (which the
//!   scenario crate checks as a petgraph graph), so following edges costs array reads.
//! * A turn is one run of a `Schedule` over the chained phases of [`phases::TurnSet`].
//! * Every client drives the exercise through one door: a [`Seat`] gives [`Command`]s
//!   ([`Exercise::check_command`] is pure, [`Exercise::execute`] gives one) and reads
//!   [`Observation`]s ([`Exercise::observe`]), filtered here and nowhere else.
//! * A turn's phases change the world only when the facilitator resolves it; team commands
//!   change plans, acknowledgements and nothing else, facilitator commands the MSEL and the
//!   clock.
//! * Every stream of randomness derives from the seed ([`rng`]); the same scenario, seed and
//!   orders give the same events and the same [`Exercise::state_hash`], bit for bit.
//! * [`Exercise::view`] is the one projection of what a team may see.

pub mod briefing;
pub mod check;
pub mod evaluation;
pub mod events;
pub mod hash;
pub mod observation;
pub mod orders;
pub mod orders_file;
pub mod phases;
pub mod policy;
pub mod rng;
pub mod seat;
pub mod session;
pub mod state;
pub mod topology;
pub mod view;
pub mod view_types;

use std::sync::Arc;

use bevy_ecs::prelude::*;
use jointex_scenario::Scenario;
use jointex_scenario::model::{ActorId, CampaignId, TeamId};

pub use evaluation::{Evaluation, Rating};
pub use events::{Event, ServiceState, Source};
pub use observation::{FacilitatorObservation, Observation, Offer, TeamObservation};
pub use orders::{
    AdHocInject, FacilitatorOrder, Missing, Order, Refusal, Share, TeamOrder, TlpRule,
};
pub use seat::{Command, CommandKind, Seat};
pub use session::{Executed, Session, TeamConsole};
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

/// What building a world needs that depends on the scenario alone: the graph, the targets
/// of every stage, each team's assets, the population served and the assets' fixed
/// attributes. Prepared once and shared by every world built from it — a study builds one
/// world per run, and rebuilding these was a third of a run.
#[derive(Clone)]
pub struct Prepared {
    scenario: Arc<Scenario>,
    topology: Topology,
    population: Arc<std::collections::BTreeMap<(TeamId, jointex_scenario::vocab::Sector), u64>>,
    team_assets: Arc<Vec<Vec<jointex_scenario::model::AssetId>>>,
    stage_targets: Arc<Vec<Vec<Vec<jointex_scenario::model::AssetId>>>>,
    statics: Arc<AssetStatics>,
}

impl Prepared {
    /// Prepares a validated scenario.
    pub fn new(scenario: Arc<Scenario>) -> Prepared {
        use jointex_scenario::model::AssetId;
        let s = &scenario;
        let teams = s.teams.len();
        let mut population = std::collections::BTreeMap::new();
        let mut team_assets = vec![Vec::new(); teams];
        let mut statics = AssetStatics {
            criticality: Vec::with_capacity(s.assets.len()),
            flags: Vec::with_capacity(s.assets.len()),
            position: Vec::with_capacity(s.assets.len()),
            owner: Vec::with_capacity(s.assets.len()),
        };
        for (i, a) in s.assets.iter().enumerate() {
            let sum = population.entry((a.owner, a.sector)).or_insert(0u64);
            *sum = sum.saturating_add(a.population);
            let own: &mut Vec<AssetId> = &mut team_assets[a.owner.index()];
            statics.position.push(own.len() as u32);
            own.push(AssetId(i as u32));
            statics.criticality.push(a.criticality);
            statics.owner.push(a.owner.0);
            let mut flags = 0;
            if !a.vulnerabilities.is_empty() {
                flags |= AssetStatics::VULNERABLE;
            }
            if a.has(jointex_scenario::vocab::Control::Backups) {
                flags |= AssetStatics::BACKUPS;
            }
            statics.flags.push(flags);
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
                            .filter(|(i, a)| st.targets.admits(AssetId(*i as u32), a))
                            .map(|(i, _)| AssetId(i as u32))
                            .collect(),
                        _ => Vec::new(),
                    })
                    .collect()
            })
            .collect();
        Prepared {
            topology: Topology::build(s),
            population: Arc::new(population),
            team_assets: Arc::new(team_assets),
            stage_targets: Arc::new(stage_targets),
            statics: Arc::new(statics),
            scenario,
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }
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
        Self::from_prepared(&Prepared::new(scenario), seed)
    }

    /// Builds a world from a prepared scenario: what depends on the scenario alone is shared,
    /// not rebuilt. The same exercise as [`Exercise::new`], bit for bit.
    pub fn from_prepared(prepared: &Prepared, seed: u64) -> Self {
        let mut world = World::new();
        let scenario = prepared.scenario.clone();
        let s = &scenario;
        let n = s.assets.len();
        let teams = s.teams.len();
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
        world.insert_resource(prepared.topology.clone());
        world.insert_resource(Population(prepared.population.clone()));
        world.insert_resource(TeamAssets(prepared.team_assets.clone()));
        world.insert_resource(StageTargets(prepared.stage_targets.clone()));
        world.insert_resource(Statics(prepared.statics.clone()));
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
            objectives: vec![Rating::NotExercised; s.objectives.len()],
            ..Default::default()
        });
        world.insert_resource(Pending::default());
        world.insert_resource(OpeningMark(None));
        world.insert_resource(hash::Touched::default());
        world.insert_resource(hash::AssetDigest::default());
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
        // Objectives start rated on the opening state: nothing is exercised yet, so the
        // dashboard shows neither met nor failed what nothing has tested.
        let provisional = evaluation::objectives(&world, 0)
            .into_iter()
            .map(|r| r.rating)
            .collect();
        world.resource_mut::<Measures>().objectives = provisional;
        let opening = std::mem::take(&mut world.resource_mut::<Pending>().0);
        hash::fold(&mut world);
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

    /// Whether `seat` may give `command` now, and why not. Changes nothing: the UI shows the
    /// reason before anything is tried, and a remote client's command is checked with it.
    pub fn check_command(&self, seat: Seat, command: &Command) -> Result<(), Refusal> {
        let teams = self.scenario.teams.len();
        if let Seat::Team(t) = seat
            && t.index() >= teams
        {
            return Err(Refusal::NoSuch(Missing::Team));
        }
        let kind = command.kind();
        if !kind.allowed_for(seat) {
            return Err(Refusal::NotYourCommand {
                seat,
                command: kind,
            });
        }
        let over = self.is_over();
        let plans = self.world.resource::<Plans>();
        let submitted = |t: TeamId| plans.submitted.get(t.index()).copied().unwrap_or(false);
        match (seat, command) {
            (Seat::Team(t), Command::Order(o)) => {
                if submitted(t) {
                    return Err(Refusal::AlreadySubmitted);
                }
                check::team(&self.world, t, o, &plans.orders[t.index()])
            }
            (Seat::Team(t), Command::Withdraw(i)) => {
                if over {
                    Err(Refusal::ExerciseOver)
                } else if submitted(t) {
                    Err(Refusal::AlreadySubmitted)
                } else if *i >= plans.orders[t.index()].len() {
                    Err(Refusal::NoSuch(Missing::PlanEntry))
                } else {
                    Ok(())
                }
            }
            (Seat::Team(t), Command::Submit) => {
                if over {
                    Err(Refusal::ExerciseOver)
                } else if submitted(t) {
                    Err(Refusal::AlreadySubmitted)
                } else {
                    Ok(())
                }
            }
            (Seat::Team(_), Command::Chat { by, text }) => {
                if over {
                    Err(Refusal::ExerciseOver)
                } else if text.trim().is_empty() {
                    Err(Refusal::EmptyMessage)
                } else if text.chars().count() > seat::MAX_CHAT
                    || by.chars().count() > seat::MAX_CHAT_NAME
                    || text.chars().chain(by.chars()).any(char::is_control)
                {
                    Err(Refusal::BadMessage)
                } else {
                    Ok(())
                }
            }
            (Seat::Team(t), Command::Acknowledge(i)) => {
                let k = &self.world.resource::<Knowledge>().teams[t.index()];
                if over {
                    Err(Refusal::ExerciseOver)
                } else if *i >= k.inbox.len() {
                    Err(Refusal::NoSuch(Missing::Message))
                } else if k.acknowledged.contains_key(i) {
                    Err(Refusal::AlreadyAcknowledged)
                } else {
                    Ok(())
                }
            }
            (Seat::Facilitator, Command::Facilitate(o)) => check::facilitator(&self.world, o),
            (Seat::Facilitator, Command::Resolve) => {
                if over {
                    Err(Refusal::ExerciseOver)
                } else if self.is_paused() {
                    Err(Refusal::Paused)
                } else {
                    Ok(())
                }
            }
            // `allowed_for` above has refused every other pairing.
            (seat, command) => Err(Refusal::NotYourCommand {
                seat,
                command: command.kind(),
            }),
        }
    }

    /// Gives `command` from `seat`: checked first, then carried out. A team's order goes
    /// into its plan for this turn; a facilitator's order takes effect at once; resolving
    /// runs every phase of the turn.
    pub fn execute(&mut self, seat: Seat, command: Command) -> Result<Executed, Refusal> {
        self.check_command(seat, &command)?;
        Ok(match (seat, command) {
            (Seat::Team(t), Command::Order(o)) => {
                self.world.resource_mut::<Plans>().orders[t.index()].push(o);
                Executed::Done
            }
            (Seat::Team(t), Command::Withdraw(i)) => {
                Executed::Withdrawn(self.world.resource_mut::<Plans>().orders[t.index()].remove(i))
            }
            (Seat::Team(t), Command::Submit) => {
                self.world.resource_mut::<Plans>().submitted[t.index()] = true;
                Executed::Done
            }
            (Seat::Team(t), Command::Acknowledge(i)) => {
                self.acknowledge(t, i);
                Executed::Done
            }
            (Seat::Facilitator, Command::Facilitate(o)) => {
                self.facilitate(o);
                Executed::Done
            }
            (Seat::Facilitator, Command::Resolve) => Executed::Resolved(self.run_turn()),
            (Seat::Team(team), Command::Chat { by, text }) => {
                let turn = self.turn();
                self.log.push((turn, Event::Chat { team, by, text }));
                Executed::Done
            }
            // `check_command` refused every other pairing.
            (seat, command) => {
                return Err(Refusal::NotYourCommand {
                    seat,
                    command: command.kind(),
                });
            }
        })
    }

    /// What `seat` may see now, with the events it may see from position `since` of the
    /// log on (pass the previous observation's `cursor` to get only what is new).
    pub fn observe(&self, seat: Seat, since: usize) -> Observation {
        observation::observe(self, seat, since)
    }

    /// The scenario as a team may know it now ([`briefing`]): what a team's client names
    /// things through.
    pub fn team_scenario(&self, team: TeamId) -> Scenario {
        briefing::team_scenario(self, team)
    }

    /// What a team's seat sees ([`Exercise::observe`] for `Seat::Team`).
    pub fn observe_team(&self, team: TeamId, since: usize) -> TeamObservation {
        observation::team(self, team, since)
    }

    /// What the facilitator's seat sees ([`Exercise::observe`] for `Seat::Facilitator`).
    pub fn observe_facilitator(&self, since: usize) -> FacilitatorObservation {
        observation::facilitator(self, since)
    }

    /// The orders the team's console offers on one of its assets, each with the reason it
    /// cannot be given now, if any. Empty for an asset that is not the team's own.
    pub fn asset_offers(
        &self,
        team: TeamId,
        asset: jointex_scenario::model::AssetId,
    ) -> Vec<Offer> {
        observation::asset_offers(self, team, asset)
    }

    /// The evaluation now: every objective rated and every incident, from the engine's own
    /// measures. Ground truth, for the facilitator and the report.
    pub fn evaluation(&self) -> Evaluation {
        let over = self.is_over();
        let resolved = if over { self.turn() } else { self.turn() - 1 };
        Evaluation {
            resolved,
            over,
            objectives: evaluation::objectives(&self.world, resolved),
            incidents: evaluation::incidents(&self.world),
        }
    }

    /// Whether an order could be given now by the seat it belongs to, and why not.
    pub fn check(&self, order: &Order) -> Result<(), Refusal> {
        let (seat, command) = seat::split(order.clone());
        self.check_command(seat, &command)
    }

    /// Gives an order from the seat it belongs to ([`Exercise::execute`]).
    pub fn order(&mut self, order: Order) -> Result<(), Refusal> {
        let (seat, command) = seat::split(order);
        self.execute(seat, command).map(|_| ())
    }

    /// Takes an order back out of a team's plan (the plan stays editable until submitted).
    pub fn withdraw(&mut self, team: TeamId, index: usize) -> Option<TeamOrder> {
        match self.execute(Seat::Team(team), Command::Withdraw(index)) {
            Ok(Executed::Withdrawn(o)) => Some(o),
            _ => None,
        }
    }

    /// Submits a team's plan for this turn.
    pub fn submit(&mut self, team: TeamId) -> Result<(), Refusal> {
        self.execute(Seat::Team(team), Command::Submit).map(|_| ())
    }

    /// Resolves the turn from the facilitator's seat. Teams that did not submit play their
    /// plan as it stands.
    pub fn resolve(&mut self) -> Result<TurnReport, Refusal> {
        match self.execute(Seat::Facilitator, Command::Resolve)? {
            Executed::Resolved(r) => Ok(r),
            // Resolve always reports its turn.
            _ => Err(Refusal::ExerciseOver),
        }
    }

    /// Whether every team has submitted.
    pub fn all_submitted(&self) -> bool {
        self.world.resource::<Plans>().submitted.iter().all(|s| *s)
    }

    /// Runs every phase of the turn once (checked by `check_command`).
    fn run_turn(&mut self) -> TurnReport {
        let turn = self.turn();
        self.world.resource_mut::<OpeningMark>().0 = None;
        self.schedule.run(&mut self.world);
        hash::fold(&mut self.world);
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
        TurnReport {
            turn,
            events,
            hash,
            opening,
        }
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

    /// Everything logged under one turn, in order: the injects that opened it, the white
    /// cell's and the teams' commands while it was planned, and its resolution.
    pub fn turn_events(&self, turn: u32) -> Vec<Event> {
        self.log
            .iter()
            .filter(|(t, _)| *t == turn)
            .map(|(_, e)| e.clone())
            .collect()
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

    fn acknowledge(&mut self, team: TeamId, index: usize) {
        let turn = self.turn();
        let sender = {
            let mut k = self.world.resource_mut::<Knowledge>();
            k.teams[team.index()].acknowledged.insert(index, turn);
            match &k.teams[team.index()].inbox[index].1 {
                Mail::Share(n) => k.shares.get(*n as usize).map(|s| s.from),
                Mail::Request(from, _) => Some(*from),
                Mail::Inject(_) | Mail::AdHoc(_) => None,
            }
        };
        self.log.push((
            turn,
            Event::Acknowledged {
                team,
                message: index,
                sender,
            },
        ));
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
        // Firing an inject now can change assets (an outage, a disabled control).
        hash::fold(&mut self.world);
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
            Event::JointOperationUnmatched { team, .. } | Event::Chat { team, .. } => {
                A::Teams(vec![*team])
            }
            Event::Acknowledged { team, sender, .. } => {
                A::Teams(std::iter::once(*team).chain(*sender).collect())
            }
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
