//! The one-line summary `jointex check` prints for a valid scenario.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::Scenario;

/// Counts that describe a scenario at a glance.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Scenario id.
    pub id: String,
    /// Scenario version.
    pub version: String,
    /// Teams, as `(team id, nation, assets of that nation)`.
    pub teams: Vec<(String, String, usize)>,
    /// Edges by kind name.
    pub edges: BTreeMap<&'static str, usize>,
    /// Edges whose ends belong to different nations.
    pub cross_border: usize,
    /// Injects.
    pub injects: usize,
    /// Contingency injects.
    pub contingency: usize,
    /// Objectives.
    pub objectives: usize,
    /// Actors.
    pub actors: usize,
    /// Turns.
    pub turns: u32,
    /// Minutes per turn.
    pub turn_minutes: u32,
}

impl Summary {
    /// Summarises a validated scenario.
    pub fn of(s: &Scenario) -> Self {
        let mut per_team = vec![0usize; s.teams.len()];
        for a in &s.assets {
            per_team[a.owner.index()] += 1;
        }
        let mut edges = BTreeMap::new();
        let mut cross_border = 0;
        for e in &s.edges {
            *edges.entry(e.kind.name()).or_insert(0) += 1;
            if s.asset(e.from).owner != s.asset(e.to).owner {
                cross_border += 1;
            }
        }
        Summary {
            id: s.meta.id.clone(),
            version: s.meta.version.clone(),
            teams: s
                .teams
                .iter()
                .zip(per_team)
                .map(|(t, n)| (t.key.clone(), t.nation.clone(), n))
                .collect(),
            edges,
            cross_border,
            injects: s.injects.len(),
            contingency: s.injects.iter().filter(|i| i.is_contingency()).count(),
            objectives: s.objectives.len(),
            actors: s.actors.len(),
            turns: s.clock.turns,
            turn_minutes: s.clock.turn_minutes,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let teams: Vec<String> = self
            .teams
            .iter()
            .map(|(id, nation, n)| format!("{id} ({nation}, {n} assets)"))
            .collect();
        let total: usize = self.edges.values().sum();
        let kinds: Vec<String> = self.edges.iter().map(|(k, n)| format!("{k} {n}")).collect();
        write!(
            f,
            "{} v{}: {} teams: {}; {total} edges ({}; {} cross-border); {} actors; {} injects ({} contingency); {} objectives; {} turns of {} min",
            self.id,
            self.version,
            self.teams.len(),
            teams.join(", "),
            if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(", ")
            },
            self.cross_border,
            self.actors,
            self.injects,
            self.contingency,
            self.objectives,
            self.turns,
            self.turn_minutes,
        )
    }
}
