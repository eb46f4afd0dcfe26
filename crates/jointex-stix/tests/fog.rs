//! Fog of war in what leaves the exercise: every shipped scenario is played by policies that
//! share all they may, and each bundle is checked against what its sender could see when it
//! planned the turn of the share — its own view then, and the events of earlier turns. No
//! technique of a stage it had no evidence of, no sighting of what it did not find itself, no
//! scenario author's description, no alias; and every object marked as exercise data.

use std::collections::BTreeSet;
use std::sync::Arc;

use jointex_scenario::model::TeamId;
use jointex_sim::view_types::Belief;
use jointex_sim::{Event, Exercise, policy};
use serde_json::Value;

/// What the sender saw while planning the share's turn.
struct Seen {
    /// Patterns of the indicators it held.
    patterns: BTreeSet<String>,
    /// ATT&CK ids of the stages it had evidence of: a stage's success on an asset the team
    /// had confirmed compromised, or an impact stage's success on one of its assets, in an
    /// earlier turn.
    techniques: BTreeSet<String>,
    /// Patterns of indicators it recovered in its own investigations.
    found: BTreeSet<String>,
}

fn seen(ex: &Exercise, team: TeamId) -> Seen {
    let s = ex.scenario();
    let view = ex.view(team);
    let turn = view.turn;
    let pattern = |i: jointex_scenario::model::IndicatorId| {
        let ind = &s.indicators[i.index()];
        jointex_stix::pattern::pattern(ind.kind, &ind.value)
    };
    let confirmed: BTreeSet<_> = view
        .assets
        .iter()
        .filter(|a| a.belief == Belief::Compromised)
        .map(|a| a.asset)
        .collect();
    let mut investigated_turns = BTreeSet::new();
    let mut techniques = BTreeSet::new();
    let mut learned_in_investigation = BTreeSet::new();
    for (t, e) in ex.events() {
        if *t >= turn {
            continue;
        }
        match e {
            Event::Attempt {
                actor,
                stage,
                asset,
                success: true,
            } if s.assets[asset.index()].owner == team => {
                let st = &s.actors[actor.index()].stages[stage.index()];
                if confirmed.contains(asset) || st.impact.is_some() {
                    techniques.insert(st.technique.clone());
                }
            }
            Event::Investigated {
                team: by,
                compromised: true,
                ..
            } if *by == team => {
                investigated_turns.insert(*t);
            }
            Event::IndicatorLearned {
                team: by,
                indicator,
                from: None,
                ..
            } if *by == team => {
                learned_in_investigation.insert((*t, *indicator));
            }
            _ => {}
        }
    }
    Seen {
        patterns: view
            .indicators
            .iter()
            .map(|k| pattern(k.indicator))
            .collect(),
        techniques,
        found: learned_in_investigation
            .into_iter()
            .filter(|(t, _)| investigated_turns.contains(t))
            .map(|(_, i)| pattern(i))
            .collect(),
    }
}

fn str_of<'a>(o: &'a Value, key: &str) -> &'a str {
    o.get(key).and_then(Value::as_str).unwrap_or("")
}

#[test]
fn no_bundle_tells_the_partner_what_its_sender_could_not_know() {
    let mut bundles = 0;
    let mut techniques = 0;
    let mut sightings = 0;
    for shipped in jointex_scenario::shipped::all() {
        let s = Arc::new(
            jointex_scenario::load(shipped.text)
                .expect("a shipped scenario is valid")
                .scenario,
        );
        let descriptions: BTreeSet<String> = s
            .indicators
            .iter()
            .filter_map(|i| i.description.as_ref())
            .map(|d| d.get(jointex_scenario::Lang::En).to_owned())
            .collect();
        for seed in [1, 2] {
            let mut ex = Exercise::new(s.clone(), seed);
            let mut players: Vec<_> = (0..s.teams.len())
                .map(|_| policy::by_name("share-everything").expect("built in"))
                .collect();
            while !ex.is_over() {
                let teams: Vec<Seen> = (0..s.teams.len() as u16)
                    .map(|t| seen(&ex, TeamId(t)))
                    .collect();
                for (t, p) in players.iter_mut().enumerate() {
                    policy::play(&mut ex, TeamId(t as u16), p.as_mut());
                }
                let before = ex.shares().len();
                ex.resolve().expect("resolves");
                for index in before..ex.shares().len() {
                    let b = jointex_stix::bundle::bundle(&ex, index).expect("a bundle");
                    let knew = &teams[b.share.from.index()];
                    let at = format!("{} seed {seed} {}", shipped.file, b.file_name);
                    bundles += 1;
                    let text = b.to_pretty();
                    assert!(!text.contains("\"aliases\""), "{at}: aliases");
                    for o in b.objects() {
                        let kind = str_of(o, "type");
                        if kind != "marking-definition" {
                            let labels = o.get("labels").and_then(Value::as_array);
                            assert!(
                                labels.is_some_and(|l| l.iter().any(|x| x == "exercise")),
                                "{at}: {kind} not labelled as exercise data"
                            );
                            let marks = o.get("object_marking_refs").and_then(Value::as_array);
                            assert!(
                                marks.is_some_and(|m| m
                                    .iter()
                                    .any(|x| x == jointex_stix::bundle::statement_id(&s).as_str())),
                                "{at}: {kind} without the exercise statement"
                            );
                        }
                        match kind {
                            "indicator" => {
                                let p = str_of(o, "pattern");
                                assert!(knew.patterns.contains(p), "{at}: {p} was not known");
                                let d = str_of(o, "description");
                                assert!(!descriptions.contains(d), "{at}: author's words: {d}");
                            }
                            "attack-pattern" => {
                                techniques += 1;
                                let id = o["external_references"][0]["external_id"]
                                    .as_str()
                                    .unwrap_or("");
                                assert!(
                                    knew.techniques.contains(id),
                                    "{at}: {id} with no evidence; it had {:?}",
                                    knew.techniques
                                );
                            }
                            "sighting" => {
                                sightings += 1;
                                let of = str_of(o, "sighting_of_ref");
                                let p = b
                                    .objects()
                                    .iter()
                                    .find(|x| str_of(x, "id") == of)
                                    .map_or("", |x| str_of(x, "pattern"));
                                assert!(
                                    knew.found.contains(p),
                                    "{at}: sighting of {p}, not found by the sender"
                                );
                            }
                            "intrusion-set" => {
                                assert!(str_of(o, "name").ends_with("(fictional)"), "{at}");
                            }
                            "malware" => panic!("{at}: actors are intrusion sets"),
                            "identity" => {
                                assert!(str_of(o, "name").contains("(EXERCISE "), "{at}");
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    // The checks above must have had something to check.
    assert!(bundles > 50, "{bundles} bundles");
    assert!(techniques > 0, "no attack-pattern in any bundle");
    assert!(sightings > 0, "no sighting in any bundle");
}
