//! No team observation holds ground truth. Over whole exercises of every shipped scenario,
//! after every command and turn, each team's observation (view, events, offers, serialised
//! as a remote client would receive it) names none of: the adversary's campaign keys and
//! names and stage keys, the other nation's asset keys, or any asset of the other nation;
//! and nothing in it tells the team of a compromise it has not detected.
//!
//! Scripted messages are the planner's to write: a string that an inject addressed to the
//! team says out loud (an actor's name in an advisory) is not a leak, so such strings are
//! left out of the forbidden list.

use std::collections::BTreeSet;
use std::sync::Arc;

use jointex_scenario::model::{AssetId, TeamId};
use jointex_scenario::{Lang, Scenario};
use jointex_sim::{Belief, Event, Exercise, policy};

/// Strings only the facilitator may read, for team `me`.
fn forbidden(s: &Scenario, me: TeamId) -> Vec<String> {
    let mut out = BTreeSet::new();
    for actor in &s.actors {
        for c in &actor.campaigns {
            out.insert(c.key.clone());
            for l in [Lang::En, Lang::Ko] {
                out.insert(c.name.get(l).to_owned());
            }
        }
        for st in &actor.stages {
            out.insert(st.key.clone());
        }
    }
    for a in s.assets.iter().filter(|a| a.owner != me) {
        out.insert(a.key.clone());
    }
    // What scripted messages the team may receive say out loud is the planner's choice.
    let spoken: Vec<String> = s
        .injects
        .iter()
        .flat_map(|i| {
            [Lang::En, Lang::Ko]
                .into_iter()
                .flat_map(|l| [i.title.get(l).to_owned(), i.text.get(l).to_owned()])
                .collect::<Vec<_>>()
        })
        .collect();
    out.into_iter()
        .filter(|w| w.len() >= 4 && !spoken.iter().any(|t| t.contains(w.as_str())))
        .collect()
}

/// Every asset id under an `asset` key anywhere in a JSON value.
fn asset_ids(v: &serde_json::Value, out: &mut Vec<u32>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "asset"
                    && let Some(n) = x.as_u64()
                {
                    out.push(n as u32);
                }
                asset_ids(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| asset_ids(x, out)),
        _ => {}
    }
}

/// The team's projection of the scenario, which its client names things through.
fn check_scenario(ex: &Exercise, me: TeamId, words: &[String], ctx: &str) {
    // Keys and names are whole string fields there, so they are searched for quoted: a
    // stage key `flood` is a leak, the word in "floods government portals" is not.
    let theirs = format!("{:?}", ex.team_scenario(me));
    for w in words {
        assert!(
            !theirs.contains(&format!("{w:?}")),
            "{ctx}: team {}'s scenario holds {w:?}",
            me.0
        );
    }
}

fn check(ex: &Exercise, me: TeamId, words: &[String], ctx: &str) {
    let s = ex.scenario();
    let obs = ex.observe_team(me, 0);
    let json = serde_json::to_value(&obs).expect("observations serialise");
    let text = json.to_string();
    for w in words {
        assert!(
            !text.contains(&format!("{w:?}")),
            "{ctx}: team {} observes {w:?}",
            me.0
        );
    }
    let mut ids = Vec::new();
    asset_ids(&json, &mut ids);
    for id in ids {
        assert_eq!(
            s.asset(AssetId(id)).owner,
            me,
            "{ctx}: team {} observes asset {}, not its own",
            me.0,
            s.asset(AssetId(id)).key
        );
    }
    // Undetected compromises: nothing in the observation distinguishes an asset the team has
    // not flagged from any other quiet asset.
    let flagged: BTreeSet<AssetId> = obs
        .view
        .assets
        .iter()
        .filter(|a| matches!(a.belief, Belief::Suspected | Belief::Compromised))
        .map(|a| a.asset)
        .collect();
    for (_, e) in &obs.events {
        let about = match e {
            Event::Compromised { asset, .. }
            | Event::Evicted { asset }
            | Event::ImpactApplied { asset, .. }
            | Event::Contained { asset, .. }
            | Event::Attempt { asset, .. } => Some(*asset),
            _ => None,
        };
        assert!(
            about.is_none(),
            "{ctx}: team {} observes ground truth {e:?} (flagged: {})",
            me.0,
            flagged.len()
        );
    }
}

#[test]
fn no_team_observation_holds_ground_truth() {
    for shipped in jointex_scenario::shipped::all() {
        let s = Arc::new(
            jointex_scenario::load(shipped.text)
                .expect("shipped loads")
                .scenario,
        );
        let teams = s.teams.len() as u16;
        let words: Vec<Vec<String>> = (0..teams).map(|t| forbidden(&s, TeamId(t))).collect();
        for seed in 1..=2 {
            let mut ex = Exercise::new(s.clone(), seed);
            let mut policies: Vec<_> = (0..teams)
                .map(|_| policy::by_name("share-everything").expect("a policy"))
                .collect();
            while !ex.is_over() {
                let ctx = format!("{} seed {seed} turn {}", shipped.file, ex.turn());
                for (t, p) in policies.iter_mut().enumerate() {
                    policy::play(&mut ex, TeamId(t as u16), p.as_mut());
                    for o in 0..teams {
                        check(&ex, TeamId(o), &words[o as usize], &ctx);
                    }
                }
                ex.resolve().expect("resolves");
            }
            // What the projection reveals only grows (indicators learned, injects fired), so
            // the last turn's is the one to search.
            for o in 0..teams {
                check_scenario(&ex, TeamId(o), &words[o as usize], shipped.file);
            }
            for o in 0..teams {
                check(&ex, TeamId(o), &words[o as usize], shipped.file);
            }
        }
    }
}
