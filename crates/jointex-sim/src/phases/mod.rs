//! The phases of a turn, one module each, run in the order [`TurnSet`] chains them.

pub mod adversary;
pub mod apply;
pub mod cascade;
pub mod detection;
pub mod evaluate;
pub mod injects;

use bevy_ecs::prelude::*;

/// The phases of a turn, in order.
///
/// Defenders' orders apply first (what they decided is in place before the adversary
/// moves); the adversary then acts; detection sees this turn's intrusions; cascades spread
/// this turn's outages; evaluation settles expected actions and objectives on the turn's
/// final state; the clock then moves and the next turn's injects fire, so teams read them
/// when they start planning.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TurnSet {
    /// Apply the submitted plans.
    ApplyOrders,
    /// Campaigns make their attempts.
    Adversary,
    /// Teams' sensors roll.
    Detection,
    /// Services fail and recover along dependencies.
    Cascade,
    /// Expected actions and objectives are rated.
    Evaluate,
    /// The clock moves and the next turn's injects fire.
    Injects,
}

/// The turn schedule: the phases' systems in chained sets. Systems that read and write
/// narrow parts of the state declare them as parameters (`Res`, `ResMut`, `Query`):
/// detection and the propagation of outages. The others are exclusive because they act
/// through helpers shared with the facilitator's commands (an inject fired now, an eviction)
/// or read the whole world as the evaluation's clients do. Within a set, two systems with
/// conflicting parameters and no order would be an error when the schedule is built
/// (`Exercise::new` builds it), not a silent race.
pub fn schedule() -> Schedule {
    let mut s = Schedule::default();
    s.set_executor(bevy_ecs::schedule::SingleThreadedExecutor::new());
    s.set_build_settings(bevy_ecs::schedule::ScheduleBuildSettings {
        ambiguity_detection: bevy_ecs::schedule::LogLevel::Error,
        ..Default::default()
    });
    s.configure_sets(
        (
            TurnSet::ApplyOrders,
            TurnSet::Adversary,
            TurnSet::Detection,
            TurnSet::Cascade,
            TurnSet::Evaluate,
            TurnSet::Injects,
        )
            .chain(),
    );
    s.add_systems((
        apply::apply_orders.in_set(TurnSet::ApplyOrders),
        adversary::run_campaigns.in_set(TurnSet::Adversary),
        detection::detect.in_set(TurnSet::Detection),
        (cascade::finish_restores, cascade::propagate_outages)
            .chain()
            .in_set(TurnSet::Cascade),
        evaluate::evaluate.in_set(TurnSet::Evaluate),
        (injects::advance, injects::fire_due)
            .chain()
            .in_set(TurnSet::Injects),
    ));
    s
}
