//! Every shipped scenario (whatever `scenarios/` holds, through the embedded registry) passes
//! `check` with no warning and plays to the end under every pair of built-in policies, with
//! two seeds: no scenario may stall, panic or end early whatever the teams do.

use std::sync::Arc;

use jointex_scenario::model::TeamId;
use jointex_scenario::shipped;
use jointex_sim::Exercise;
use jointex_sim::policy::{self, NAMES};

fn load(s: &shipped::Shipped) -> Arc<jointex_scenario::Scenario> {
    match jointex_scenario::load(s.text) {
        Ok(l) => {
            let warnings: Vec<String> = l
                .warnings
                .iter()
                .map(|d| d.render(s.file, s.text, false))
                .collect();
            assert!(
                warnings.is_empty(),
                "scenarios/{} has warnings:\n{}",
                s.file,
                warnings.join("\n")
            );
            Arc::new(l.scenario)
        }
        Err(ds) => {
            let all: Vec<String> = ds.iter().map(|d| d.render(s.file, s.text, false)).collect();
            panic!("scenarios/{} is invalid:\n{}", s.file, all.join("\n"));
        }
    }
}

#[test]
fn there_are_shipped_scenarios_and_the_default_comes_first() {
    let all = shipped::all();
    assert!(!all.is_empty());
    assert_eq!(all[0].file, jointex_scenario::DEFAULT_SCENARIO_NAME);
}

#[test]
fn every_shipped_scenario_checks_clean_and_plays_to_the_end_under_every_policy_pair() {
    for s in shipped::all() {
        let scenario = load(s);
        let turns = scenario.clock.turns;
        for first in NAMES {
            for second in NAMES {
                for seed in [1, 2] {
                    let what = format!("scenarios/{} {first}/{second} seed {seed}", s.file);
                    let mut ex = Exercise::new(scenario.clone(), seed);
                    // Team 0 plays the first policy, every other team the second.
                    let mut policies: Vec<_> = (0..scenario.teams.len())
                        .map(|t| {
                            policy::by_name(if t == 0 { first } else { second })
                                .expect("a built-in policy")
                        })
                        .collect();
                    let mut resolved = 0;
                    while !ex.is_over() {
                        assert!(resolved < turns, "{what}: not over after {turns} turns");
                        for (t, p) in policies.iter_mut().enumerate() {
                            policy::play(&mut ex, TeamId(t as u16), p.as_mut());
                        }
                        if let Err(e) = ex.resolve() {
                            panic!("{what}: turn {} refused: {e:?}", ex.turn());
                        }
                        resolved += 1;
                    }
                    assert_eq!(resolved, turns, "{what}: ended early");
                }
            }
        }
    }
}
