//! One run of a study: an exercise played by policies from a seed, and what came of it.
//!
//! A run goes through the same door as `jointex run`: each team's policy plans from its own
//! observation and gives its orders through its console, then the turn is resolved — so a
//! run's final hash equals `jointex run --seed N --policy …`'s. What is kept is read from
//! the event log and the facilitator's view once, at the end.

use std::sync::Arc;

use jointex_scenario::Scenario;
use jointex_scenario::model::TeamId;
use jointex_sim::policy::{self, Policy};
use jointex_sim::{Event, Exercise, Prepared, Rating, TeamMetrics};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, served_sectors};

/// What one run came to. Positions refer to the study's [`Catalog`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    /// Turns played.
    pub turns_played: u32,
    /// The state hash after the last turn, as `jointex run` prints it.
    pub hash: String,
    /// Each measure of the catalog, in its order; `null` where there was nothing to measure
    /// (no detection, so no time to detect).
    pub measures: Vec<Option<f64>>,
    /// Each objective's rating: `P`, `S`, `M`, `U` or `N/E`.
    pub objectives: Vec<String>,
    /// Assets compromised at some point, by id, in scenario order.
    pub compromised: Vec<String>,
    /// Stages the adversary reached (began work on), by catalog position.
    pub stages_reached: Vec<u32>,
    /// Stages it completed, by catalog position.
    pub stages_completed: Vec<u32>,
    /// Injects that fired, by catalog position.
    pub injects: Vec<u32>,
    /// Expected actions met in time, by catalog position.
    pub expected_met: Vec<u32>,
    /// Expected actions missed, by catalog position.
    pub expected_missed: Vec<u32>,
}

impl RunOutcome {
    /// Nothing happened: the adversary compromised no asset.
    pub fn quiet(&self) -> bool {
        self.compromised.is_empty()
    }
}

/// Why a run could not be played.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A policy spec names no policy.
    #[error("{0}")]
    Policy(#[from] policy::SpecError),
    /// The engine refused to resolve a turn.
    #[error("seed {seed}: turn {turn} cannot be resolved: {why}")]
    Resolve {
        /// The seed.
        seed: u64,
        /// The turn.
        turn: u32,
        /// Why.
        why: jointex_sim::Refusal,
    },
}

/// Plays one exercise of the prepared scenario from `seed`, each team by its policy spec, for
/// at most `turns` turns.
pub fn play(
    prepared: &Prepared,
    seed: u64,
    policies: &[String],
    turns: u32,
) -> Result<RunOutcome, RunError> {
    let mut players: Vec<Box<dyn Policy>> = policies
        .iter()
        .map(|p| policy::parse(p))
        .collect::<Result<_, _>>()?;
    let s: &Arc<Scenario> = prepared.scenario();
    let mut ex = Exercise::from_prepared(prepared, seed);
    let start: Vec<TeamMetrics> = ex.facilitator_view().metrics;
    let mut played = 0;
    let mut hash = ex.state_hash();
    while !ex.is_over() && played < turns {
        for (t, p) in players.iter_mut().enumerate() {
            policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        let turn = ex.turn();
        let report = ex
            .resolve()
            .map_err(|why| RunError::Resolve { seed, turn, why })?;
        hash = report.hash;
        played += 1;
    }
    Ok(outcome(s, &ex, &start, played, hash))
}

/// Reads a finished run.
fn outcome(
    s: &Scenario,
    ex: &Exercise,
    start: &[TeamMetrics],
    played: u32,
    hash: u64,
) -> RunOutcome {
    let teams = s.teams.len();
    let stage_at = Catalog::stage_offsets(s);
    let expected_at = Catalog::expected_offsets(s);
    let mut compromised = vec![false; s.assets.len()];
    let mut any_compromised = Vec::new();
    let mut reached = Vec::new();
    let mut completed = Vec::new();
    let mut injects = Vec::new();
    let mut met = Vec::new();
    let mut missed = Vec::new();
    // Lowest availability per team and sector: the opening figure, then every change.
    let sectors: Vec<Vec<jointex_scenario::vocab::Sector>> = (0..teams)
        .map(|t| served_sectors(s, TeamId(t as u16)))
        .collect();
    let mut lowest: Vec<Vec<u16>> = sectors
        .iter()
        .enumerate()
        .map(|(t, list)| {
            list.iter()
                .map(|sector| {
                    start
                        .get(t)
                        .and_then(|m| m.availability.get(sector).copied())
                        .unwrap_or(1000)
                })
                .collect()
        })
        .collect();
    let stage = |actor: jointex_scenario::model::ActorId, st: jointex_scenario::model::StageId| {
        stage_at
            .get(actor.index())
            .map(|at| (at + st.index()) as u32)
    };
    for (_, e) in ex.events() {
        match e {
            Event::Compromised { asset, .. } => {
                if let Some(c) = compromised.get_mut(asset.index())
                    && !*c
                {
                    *c = true;
                    any_compromised.push(*asset);
                }
            }
            Event::CampaignStarted { actor, stage: st } => reached.extend(stage(*actor, *st)),
            Event::StageCompleted {
                actor,
                stage: st,
                next,
            } => {
                completed.extend(stage(*actor, *st));
                if let Some(n) = next {
                    reached.extend(stage(*actor, *n));
                }
            }
            Event::StageBlocked {
                actor,
                branch: Some(b),
                ..
            } => reached.extend(stage(*actor, *b)),
            Event::InjectFired { inject } => injects.push(inject.index() as u32),
            Event::ExpectedMet { inject, index } => {
                if let Some(at) = expected_at.get(inject.index()) {
                    met.push((at + index) as u32);
                }
            }
            Event::ExpectedMissed { inject, index } => {
                if let Some(at) = expected_at.get(inject.index()) {
                    missed.push((at + index) as u32);
                }
            }
            Event::Availability {
                team,
                sector,
                per_mille,
            } => {
                if let Some(i) = sectors
                    .get(team.index())
                    .and_then(|l| l.iter().position(|x| x == sector))
                {
                    let low = &mut lowest[team.index()][i];
                    *low = (*low).min(*per_mille);
                }
            }
            _ => {}
        }
    }
    for v in [
        &mut reached,
        &mut completed,
        &mut injects,
        &mut met,
        &mut missed,
    ] {
        v.sort_unstable();
        v.dedup();
    }
    any_compromised.sort_unstable();

    let view = ex.facilitator_view();
    let evaluation = ex.evaluation();
    let mean =
        |v: &[u32]| (!v.is_empty()).then(|| f64::from(v.iter().sum::<u32>()) / v.len() as f64);
    let mut measures = Vec::new();
    for (t, lowest) in lowest.iter().enumerate() {
        let m = view.metrics.get(t).cloned().unwrap_or_default();
        measures.push(mean(&m.time_to_detect));
        measures.push(mean(&m.time_to_contain));
        measures.push(mean(&m.time_to_share));
        let own = any_compromised
            .iter()
            .filter(|a| s.assets[a.index()].owner.index() == t)
            .count();
        measures.push(Some(own as f64));
        measures.push(Some(f64::from(m.undetected)));
        measures.push(Some(m.service_hours_lost.values().sum::<u64>() as f64));
        for low in lowest {
            measures.push(Some(f64::from(*low) / 10.0));
        }
        measures.push(Some(f64::from(m.tlp_violations)));
        measures.push(Some(f64::from(m.joint_operations)));
        measures.push(
            (m.expected_due > 0)
                .then(|| 100.0 * f64::from(m.expected_met) / f64::from(m.expected_due)),
        );
    }
    let rated = &evaluation.objectives;
    measures.push(Some(rated.iter().filter(|r| r.rating.met()).count() as f64));
    measures.push(Some(
        rated
            .iter()
            .filter(|r| r.rating == Rating::NotExercised)
            .count() as f64,
    ));
    measures.push(Some(any_compromised.len() as f64));

    let mut objectives = vec![Rating::NotExercised.letter().to_owned(); s.objectives.len()];
    for r in rated {
        if let Some(l) = objectives.get_mut(r.objective.index()) {
            r.rating.letter().clone_into(l);
        }
    }
    RunOutcome {
        turns_played: played,
        hash: format!("{hash:016x}"),
        measures,
        objectives,
        compromised: any_compromised
            .iter()
            .map(|a| s.assets[a.index()].key.clone())
            .collect(),
        stages_reached: reached,
        stages_completed: completed,
        injects,
        expected_met: met,
        expected_missed: missed,
    }
}
