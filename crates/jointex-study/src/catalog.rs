//! What a study measures and counts, named once from the scenario.
//!
//! A study's files must stand on their own — shards are merged on another machine, and a
//! planner's pandas notebook reads the JSON without the scenario — so the header carries this
//! catalog: the measures with their labels and units, and the stages, injects, expected
//! actions and objectives that runs refer to by position.

use jointex_scenario::model::TeamId;
use jointex_scenario::{Lang, Scenario};
use serde::{Deserialize, Serialize};

/// Whether more of a measure is better or worse, for words like "cuts" and "raises".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Less is better (times, losses, violations).
    Lower,
    /// More is better (availability, objectives met).
    Higher,
}

/// What a measure is one of, for how it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Turns (a mean over the run's cases).
    Turns,
    /// A count.
    Count,
    /// People-hours of service.
    Hours,
    /// Per cent.
    Percent,
}

impl Unit {
    /// The unit after a number, in English.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Turns => " turns",
            Unit::Count => "",
            Unit::Hours => " h",
            Unit::Percent => " %",
        }
    }
}

/// One measure of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasureDef {
    /// Stable key: `kr.detect`, `us.lowest.energy`, `objectives_met`.
    pub key: String,
    /// The team it is about, if one.
    pub team: Option<String>,
    /// What it is, in words: `time to detect`.
    pub label: String,
    /// Its unit.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
}

/// A campaign stage, for the funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageDef {
    /// The actor's id.
    pub actor: String,
    /// The campaign's id.
    pub campaign: String,
    /// The stage's id.
    pub stage: String,
}

/// An MSEL inject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InjectDef {
    /// Its id.
    pub key: String,
    /// It fires when expected actions were missed.
    pub contingency: bool,
}

/// An expected player action of an inject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectedDef {
    /// The inject's id.
    pub inject: String,
    /// The action's position in the inject's `expected`.
    pub index: u32,
    /// The action in words: `kr share IND-01`.
    pub action: String,
}

/// An objective.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveDef {
    /// Its id.
    pub key: String,
    /// The team it belongs to, if one.
    pub team: Option<String>,
    /// Its text, in English.
    pub text: String,
}

/// Everything a run refers to by position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Teams' ids, in scenario order.
    pub teams: Vec<String>,
    /// Teams' names, in English.
    pub team_names: Vec<String>,
    /// Measures, in the order runs give them.
    pub measures: Vec<MeasureDef>,
    /// Every stage of every actor, actor by actor.
    pub stages: Vec<StageDef>,
    /// Injects, in scenario order.
    pub injects: Vec<InjectDef>,
    /// Expected actions, inject by inject.
    pub expected: Vec<ExpectedDef>,
    /// Objectives, in scenario order.
    pub objectives: Vec<ObjectiveDef>,
}

/// Per team, the sectors of its assets that serve people: those whose lowest availability is
/// measured.
pub fn served_sectors(s: &Scenario, team: TeamId) -> Vec<jointex_scenario::vocab::Sector> {
    let mut sectors: Vec<_> = s
        .assets
        .iter()
        .filter(|a| a.owner == team && a.population > 0)
        .map(|a| a.sector)
        .collect();
    sectors.sort();
    sectors.dedup();
    sectors
}

impl Catalog {
    /// The catalog of a scenario.
    pub fn of(s: &Scenario) -> Catalog {
        let mut measures = Vec::new();
        let mut m = |key: String, team: Option<&str>, label: &str, unit, better| {
            measures.push(MeasureDef {
                key,
                team: team.map(str::to_owned),
                label: label.to_owned(),
                unit,
                better,
            });
        };
        for (i, t) in s.teams.iter().enumerate() {
            let k = t.key.as_str();
            let team = Some(k);
            m(
                format!("{k}.detect"),
                team,
                "time to detect",
                Unit::Turns,
                Better::Lower,
            );
            m(
                format!("{k}.contain"),
                team,
                "time to contain",
                Unit::Turns,
                Better::Lower,
            );
            m(
                format!("{k}.share"),
                team,
                "time to share",
                Unit::Turns,
                Better::Lower,
            );
            m(
                format!("{k}.compromised"),
                team,
                "assets compromised",
                Unit::Count,
                Better::Lower,
            );
            m(
                format!("{k}.undetected"),
                team,
                "compromises never detected",
                Unit::Count,
                Better::Lower,
            );
            m(
                format!("{k}.hours_lost"),
                team,
                "service-hours lost",
                Unit::Hours,
                Better::Lower,
            );
            for sector in served_sectors(s, TeamId(i as u16)) {
                m(
                    format!("{k}.lowest.{}", sector.name()),
                    team,
                    &format!("lowest availability, {}", sector.label().to_lowercase()),
                    Unit::Percent,
                    Better::Higher,
                );
            }
            m(
                format!("{k}.tlp_violations"),
                team,
                "TLP violations",
                Unit::Count,
                Better::Lower,
            );
            m(
                format!("{k}.joint_operations"),
                team,
                "joint operations",
                Unit::Count,
                Better::Higher,
            );
            m(
                format!("{k}.expected_met"),
                team,
                "expected actions met",
                Unit::Percent,
                Better::Higher,
            );
        }
        m(
            "objectives_met".to_owned(),
            None,
            "objectives met",
            Unit::Count,
            Better::Higher,
        );
        m(
            "objectives_not_exercised".to_owned(),
            None,
            "objectives not exercised",
            Unit::Count,
            Better::Lower,
        );
        m(
            "assets_compromised".to_owned(),
            None,
            "assets compromised, all nations",
            Unit::Count,
            Better::Lower,
        );

        let stages = s
            .actors
            .iter()
            .flat_map(|actor| {
                actor.stages.iter().map(|st| StageDef {
                    actor: actor.key.clone(),
                    campaign: actor
                        .campaigns
                        .get(st.campaign.index())
                        .map_or_else(String::new, |c| c.key.clone()),
                    stage: st.key.clone(),
                })
            })
            .collect();
        let injects = s
            .injects
            .iter()
            .map(|i| InjectDef {
                key: i.key.clone(),
                contingency: i.is_contingency(),
            })
            .collect();
        let expected = s
            .injects
            .iter()
            .flat_map(|i| {
                i.expected.iter().enumerate().map(|(n, e)| {
                    let target = match e.target {
                        Some(jointex_scenario::model::Target::Asset(a)) => s
                            .assets
                            .get(a.index())
                            .map_or_else(String::new, |x| format!(" {}", x.key)),
                        Some(jointex_scenario::model::Target::Indicator(x)) => s
                            .indicators
                            .get(x.index())
                            .map_or_else(String::new, |x| format!(" {}", x.key)),
                        None => String::new(),
                    };
                    let team = s.teams.get(e.team.index()).map_or("?", |t| t.key.as_str());
                    ExpectedDef {
                        inject: i.key.clone(),
                        index: n as u32,
                        action: format!("{team} {}{target}", e.action.label()),
                    }
                })
            })
            .collect();
        let objectives = s
            .objectives
            .iter()
            .map(|o| ObjectiveDef {
                key: o.key.clone(),
                team: o
                    .team
                    .and_then(|t| s.teams.get(t.index()))
                    .map(|t| t.key.clone()),
                text: o.text.get(Lang::En).to_owned(),
            })
            .collect();
        Catalog {
            teams: s.teams.iter().map(|t| t.key.clone()).collect(),
            team_names: s
                .teams
                .iter()
                .map(|t| t.name.get(Lang::En).to_owned())
                .collect(),
            measures,
            stages,
            injects,
            expected,
            objectives,
        }
    }

    /// Position of the first stage of each actor in [`Catalog::stages`], for turning an
    /// actor's stage id into a catalog position.
    pub fn stage_offsets(s: &Scenario) -> Vec<usize> {
        let mut at = 0;
        s.actors
            .iter()
            .map(|a| {
                let here = at;
                at += a.stages.len();
                here
            })
            .collect()
    }

    /// Position of the first expected action of each inject in [`Catalog::expected`].
    pub fn expected_offsets(s: &Scenario) -> Vec<usize> {
        let mut at = 0;
        s.injects
            .iter()
            .map(|i| {
                let here = at;
                at += i.expected.len();
                here
            })
            .collect()
    }

    /// The team's name and id for sentences: `Republic of Korea (kr)`.
    pub fn team_label(&self, key: &str) -> String {
        match self.teams.iter().position(|t| t == key) {
            Some(i) => format!("{} ({key})", self.team_names[i]),
            None => key.to_owned(),
        }
    }
}
