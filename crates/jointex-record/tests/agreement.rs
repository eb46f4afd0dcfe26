//! The after-action report says what the engine says: over the six shipped scenarios, many
//! seeds and every pair of built-in policies, every rating, never-detected count and mean time
//! in the Markdown report equals the engine's evaluation at the end, and the report's timeline
//! holds every facilitator action taken.
//!
//! The exercises are played in memory (a record on disk would cost an fsync per command);
//! the report is written from a `Record` holding the same scenario, seed and turn hashes.

use std::path::PathBuf;
use std::sync::Arc;

use jointex_record::{Driver, FORMAT_VERSION, Meta, Record, TurnRow, scenario_sha256};
use jointex_scenario::Text;
use jointex_scenario::model::{InjectId, TeamId};
use jointex_scenario::vocab::Channel;
use jointex_sim::{AdHocInject, Command, Event, Exercise, FacilitatorOrder, Order, Seat, policy};

const SEEDS: u64 = 3;

/// Plays a whole exercise with two policies; the facilitator holds, releases, fires and
/// writes injects and pauses on the way, as a white cell does.
fn play(text: &str, seed: u64, names: [&str; 2]) -> (Exercise, Vec<TurnRow>) {
    let scenario = Arc::new(
        jointex_scenario::load(text)
            .expect("shipped loads")
            .scenario,
    );
    let teams = scenario.teams.len();
    let injects = scenario.injects.len() as u32;
    let mut ex = Exercise::new(scenario, seed);
    let mut policies: Vec<_> = (0..teams)
        .map(|t| policy::by_name(names[t % 2]).expect("a policy"))
        .collect();
    let mut turns = Vec::new();
    while !ex.is_over() {
        let turn = ex.turn();
        // Facilitator actions; any the engine refuses (an inject already fired) are simply
        // not taken, and so must not appear in the timeline either.
        let white = match turn % 4 {
            1 => vec![FacilitatorOrder::Hold(InjectId(turn % injects.max(1)))],
            2 => vec![
                FacilitatorOrder::Release(InjectId((turn - 1) % injects.max(1))),
                FacilitatorOrder::AdHoc(AdHocInject {
                    to: Some(TeamId(0)),
                    channel: Channel::Email,
                    title: Text::en(format!("White cell note {turn}")),
                    text: Text::en("Brief your leadership."),
                }),
            ],
            3 => vec![FacilitatorOrder::FireNow(InjectId(
                (turn * 7) % injects.max(1),
            ))],
            _ => vec![FacilitatorOrder::Pause, FacilitatorOrder::Resume],
        };
        for o in white {
            let _ = ex.execute(Seat::Facilitator, Command::Facilitate(o));
        }
        for (t, p) in policies.iter_mut().enumerate() {
            policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        // Acknowledge everything in the first team's inbox, so acknowledgements are in the
        // log too.
        let inbox = ex.view(TeamId(0)).inbox.len();
        for i in 0..inbox {
            let _ = ex.execute(Seat::Team(TeamId(0)), Command::Acknowledge(i));
        }
        let r = ex.resolve().expect("resolves");
        turns.push(TurnRow {
            turn: r.turn,
            seq: 0,
            hash: r.hash,
            events: String::new(),
            opening: String::new(),
        });
    }
    (ex, turns)
}

fn record(text: &str, ex: &Exercise, turns: Vec<TurnRow>) -> Record {
    let s = ex.scenario().clone();
    Record {
        path: PathBuf::from("memory.jointex"),
        meta: Meta {
            format: FORMAT_VERSION,
            scenario_id: s.meta.id.clone(),
            scenario_version: s.meta.version.clone(),
            scenario_text: text.to_owned(),
            scenario_sha256: scenario_sha256(text),
            seed: ex.seed(),
            created_by: "agreement test".to_owned(),
            driver: Driver::default(),
        },
        scenario: s,
        actions: Vec::new(),
        turns,
    }
}

/// The Markdown table row of an objective.
fn objective_row<'a>(md: &'a str, key: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {key}: ")))
        .unwrap_or_else(|| panic!("no row for {key}"))
}

/// The value of a row of a team's annex table.
fn annex_value<'a>(md: &'a str, annex: char, measure: &str) -> &'a str {
    let start = md
        .find(&format!("## Annex {annex}:"))
        .unwrap_or_else(|| panic!("no annex {annex}"));
    md[start..]
        .lines()
        .find_map(|l| l.strip_prefix(&format!("| {measure} | ")))
        .and_then(|v| v.strip_suffix(" |"))
        .unwrap_or_else(|| panic!("annex {annex} has no `{measure}`"))
}

fn mean(v: &[u32]) -> String {
    if v.is_empty() {
        "-".to_owned()
    } else {
        format!("{:.1}", f64::from(v.iter().sum::<u32>()) / v.len() as f64)
    }
}

#[test]
fn the_report_agrees_with_the_engine_everywhere() {
    let names = ["idle", "by-the-book", "share-everything"];
    let mut runs = 0;
    let mut rated = std::collections::BTreeMap::<&str, usize>::new();
    for shipped in jointex_scenario::shipped::all() {
        for seed in 1..=SEEDS {
            for a in names {
                for b in names {
                    let ctx = format!("{} seed {seed} {a}/{b}", shipped.file);
                    let (ex, turns) = play(shipped.text, seed, [a, b]);
                    let rec = record(shipped.text, &ex, turns);
                    let md = jointex_record::report::markdown_of(&rec, &ex);
                    let eval = ex.evaluation();
                    let s = ex.scenario();
                    assert!(eval.over, "{ctx}: played to the end");
                    for r in &eval.objectives {
                        let key = &s.objectives[r.objective.index()].key;
                        let row = objective_row(&md, key);
                        assert!(
                            row.contains(&format!("| **{}** |", r.rating.letter())),
                            "{ctx}: {key} is rated {} by the engine; the report says {row}",
                            r.rating.letter()
                        );
                        *rated.entry(r.rating.letter()).or_default() += 1;
                    }
                    let view = ex.facilitator_view();
                    for (t, m) in view.metrics.iter().enumerate() {
                        let annex = (b'A' + t as u8) as char;
                        let never = eval
                            .incidents
                            .iter()
                            .filter(|i| i.team == TeamId(t as u16) && i.detected.is_none())
                            .count();
                        assert_eq!(
                            annex_value(&md, annex, "Compromises never detected"),
                            never.to_string(),
                            "{ctx}: team {t}"
                        );
                        let ttd: Vec<u32> = eval
                            .incidents
                            .iter()
                            .filter(|i| i.team == TeamId(t as u16))
                            .filter_map(|i| i.time_to_detect())
                            .collect();
                        assert_eq!(
                            annex_value(&md, annex, "Mean turns to detect"),
                            mean(&ttd),
                            "{ctx}: team {t}"
                        );
                        let ttc: Vec<u32> = eval
                            .incidents
                            .iter()
                            .filter(|i| i.team == TeamId(t as u16))
                            .filter_map(|i| i.time_to_contain())
                            .collect();
                        assert_eq!(
                            annex_value(&md, annex, "Mean turns to contain"),
                            mean(&ttc),
                            "{ctx}: team {t}"
                        );
                        assert_eq!(
                            annex_value(&md, annex, "Mean turns to share"),
                            mean(&m.time_to_share),
                            "{ctx}: team {t}"
                        );
                    }
                    // Every facilitator action the engine took is a timeline row.
                    let taken = ex
                        .events()
                        .iter()
                        .filter(|(_, e)| {
                            matches!(
                                e,
                                Event::OrderApplied {
                                    order: Order::Facilitator(_)
                                }
                            )
                        })
                        .count();
                    let rows = md
                        .lines()
                        .filter(|l| l.contains("| control | control |"))
                        .count();
                    assert_eq!(rows, taken, "{ctx}: facilitator actions in the timeline");
                    assert!(taken > 0, "{ctx}: the white cell acted");
                    runs += 1;
                }
            }
        }
    }
    assert_eq!(runs, 6 * SEEDS as usize * 9);
    // The property must have met every kind of verdict, or it proves less than it says.
    for letter in ["P", "U", "N/E"] {
        assert!(
            rated.get(letter).copied().unwrap_or(0) > 0,
            "no objective was rated {letter}: {rated:?}"
        );
    }
}
