//! The built-in policies on the default scenario: every pair plays the exercise to its end,
//! and a team that shares and hunts finds the adversary in the second nation sooner than an
//! idle one.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{asset, default_scenario, fixture, play_policies, team, teams};
use jointex_scenario::Scenario;
use jointex_scenario::model::{AssetId, TeamId};
use jointex_sim::{Event, Exercise, Order, Refusal, TeamOrder, policy};

#[test]
fn every_policy_pair_plays_the_default_scenario_to_the_end() {
    let s = default_scenario();
    let last = s.clock.turns;
    assert_eq!(last, 12, "the default scenario is a 12-turn exercise");
    for a in policy::NAMES {
        for b in policy::NAMES {
            for seed in [1, 2026] {
                let (mut ex, reports) = play_policies(&s, seed, &[a, b], None);
                let ctx = format!("({a}, {b}) seed {seed}");
                assert_eq!(reports.len() as u32, last, "{ctx}: resolves until over");
                assert!(ex.is_over(), "{ctx}: over after {last} resolves");
                for (i, r) in reports.iter().enumerate() {
                    assert_eq!(r.turn, i as u32 + 1, "{ctx}: turns are numbered in order");
                    assert_eq!(
                        r.events.last(),
                        Some(&Event::TurnEnded {
                            turn: r.turn,
                            hash: r.hash
                        }),
                        "{ctx}: each report ends with its TurnEnded"
                    );
                    // A policy gives only orders that pass the check; nothing else moves
                    // between planning and resolving, so none may be refused at resolve time.
                    let refused: Vec<_> = r
                        .events
                        .iter()
                        .filter(|e| matches!(e, Event::OrderRefused { .. }))
                        .collect();
                    assert!(refused.is_empty(), "{ctx} turn {}: {refused:?}", r.turn);
                }
                assert_eq!(ex.turn(), last, "{ctx}: the clock stays on the last turn");
                assert_eq!(ex.resolve(), Err(Refusal::ExerciseOver), "{ctx}");
                assert_eq!(ex.submit(TeamId(0)), Err(Refusal::ExerciseOver), "{ctx}");
                for t in teams(&s) {
                    assert!(ex.view(t).over, "{ctx}: team views say over");
                }
            }
        }
    }
}

/// One compromise of an asset, from the `Compromised` event to its eviction (or the end).
#[derive(Debug)]
struct Incident {
    compromised: u32,
    detected: Option<u32>,
}

/// The incidents on `nation`'s assets, with the first turn its team flagged each one while the
/// adversary really held it: a `Detected` event for the owner, an investigation that found it
/// compromised, or — as the engine counts it — a compromise of an asset the owner already had
/// flagged. Read from the event log alone (ground truth included, as an oracle).
fn incidents(s: &Scenario, events: &[(u32, Event)], nation: TeamId) -> Vec<Incident> {
    let mut open: BTreeMap<AssetId, Incident> = BTreeMap::new();
    let mut flagged: BTreeSet<AssetId> = BTreeSet::new();
    let mut done = Vec::new();
    for (turn, e) in events {
        match e {
            Event::Compromised { asset, .. } if s.asset(*asset).owner == nation => {
                open.insert(
                    *asset,
                    Incident {
                        compromised: *turn,
                        detected: flagged.contains(asset).then_some(*turn),
                    },
                );
            }
            Event::Evicted { asset } => done.extend(open.remove(asset)),
            Event::Detected { team, asset, .. }
            | Event::Investigated {
                team,
                asset,
                compromised: true,
            } if *team == nation => {
                flagged.insert(*asset);
                if let Some(i) = open.get_mut(asset) {
                    i.detected.get_or_insert(*turn);
                }
            }
            Event::Investigated {
                team,
                asset,
                compromised: false,
            } if *team == nation => {
                flagged.remove(asset);
            }
            Event::Restored { asset } => {
                flagged.remove(asset);
            }
            _ => {}
        }
    }
    done.extend(open.into_values());
    done
}

/// The nation the adversary reaches second: the owner of the first compromised asset is the
/// first nation; the second is the first other nation compromised.
fn second_nation(s: &Scenario, events: &[(u32, Event)]) -> Option<TeamId> {
    let mut seen: Vec<TeamId> = Vec::new();
    for (_, e) in events {
        if let Event::Compromised { asset, .. } = e {
            let owner = s.asset(*asset).owner;
            if !seen.contains(&owner) {
                seen.push(owner);
            }
        }
    }
    seen.get(1).copied()
}

/// Detection latency in the second nation, summed over every incident of every seed: turns
/// from compromise to the owner's first true detection; an incident never detected counts as
/// detected the turn after the exercise ends (the most favourable reading for the idle team).
struct Latency {
    incidents: usize,
    undetected: usize,
    total: u32,
    first_compromise: Vec<u32>,
    first_detection: Vec<Option<u32>>,
}

impl Latency {
    fn mean(&self) -> f64 {
        f64::from(self.total) / self.incidents as f64
    }
}

fn latency(pair: [&str; 2], seeds: std::ops::Range<u64>) -> Latency {
    let s = default_scenario();
    let end = s.clock.turns + 1;
    let mut out = Latency {
        incidents: 0,
        undetected: 0,
        total: 0,
        first_compromise: Vec::new(),
        first_detection: Vec::new(),
    };
    for seed in seeds {
        let (ex, _) = play_policies(&s, seed, &pair, None);
        let second = second_nation(&s, ex.events());
        // The adversary starts inside a US vendor (INJ-02) and reaches Korea through the
        // vendor's update channel: the second nation is Korea in every seed.
        assert_eq!(second, s.team_id("kr"), "{pair:?} seed {seed}");
        let Some(second) = second else { continue };
        let list = incidents(&s, ex.events(), second);
        out.first_compromise
            .push(list.iter().map(|i| i.compromised).min().unwrap_or(end));
        out.first_detection
            .push(list.iter().filter_map(|i| i.detected).min());
        for i in &list {
            out.incidents += 1;
            match i.detected {
                Some(d) => out.total += d - i.compromised,
                None => {
                    out.undetected += 1;
                    out.total += end - i.compromised;
                }
            }
        }
    }
    out
}

#[test]
fn sharing_everything_detects_the_second_nations_compromise_sooner_than_idling() {
    let seeds = 0..12;
    let share = latency(["share-everything", "share-everything"], seeds.clone());
    let idle = latency(["idle", "idle"], seeds);
    let report = |name: &str, l: &Latency| {
        format!(
            "{name}: {} incidents, {} never detected, mean latency {:.2} turns; first compromise per seed {:?}, first detection {:?}",
            l.incidents,
            l.undetected,
            l.mean(),
            l.first_compromise,
            l.first_detection
        )
    };
    let text = format!("{}\n{}", report("share", &share), report("idle", &idle));
    println!("{text}");
    assert!(share.incidents > 0 && idle.incidents > 0, "{text}");
    assert!(
        share.mean() < idle.mean(),
        "share-everything must detect the second nation's compromises sooner\n{text}"
    );
    // And sharing never leaves more compromises unfound than idling (over these seeds it
    // finds every one; idling misses some).
    assert!(share.undetected <= idle.undetected, "{text}");
}

/// By the book, a confirmed compromise on an isolated asset without backups gets its
/// credentials reset. The belief stays "compromised" after a reset (the team does not know it
/// worked), so a policy that keys on the belief alone would reset the same asset every turn to
/// the end, spending points it could hunt or harden with; a reset is to be checked by a fresh
/// investigation instead.
#[test]
fn by_the_book_does_not_reset_the_same_credentials_every_turn() {
    let s = default_scenario();
    let mut worst = Vec::new();
    for seed in 0..4 {
        let (ex, _) = play_policies(&s, seed, &["by-the-book", "by-the-book"], None);
        let mut resets: BTreeMap<(TeamId, AssetId), Vec<u32>> = BTreeMap::new();
        for (turn, e) in ex.events() {
            if let Event::OrderApplied {
                order: Order::Team(t, TeamOrder::ResetCredentials(a)),
            } = e
            {
                resets.entry((*t, *a)).or_default().push(*turn);
            }
        }
        for ((t, a), turns) in resets {
            if turns.len() >= 3 {
                worst.push(format!(
                    "seed {seed} team {} {}: {turns:?}",
                    t.0,
                    s.asset(a).key
                ));
            }
        }
    }
    assert!(worst.is_empty(), "repeated resets:\n{}", worst.join("\n"));
}

/// An asset its owner already suspects (a SIEM alert, before anything happened to it) is
/// compromised later. Detection no longer rolls on a suspected asset, so unless the compromise
/// counts as detected when it lands on a flagged asset, the incident would stay "undetected"
/// forever in the facilitator's metrics (and fail `TimeToDetect` objectives) while the team's
/// view shows the asset flagged all along.
#[test]
fn a_compromise_of_an_asset_already_flagged_counts_as_detected() {
    let s = fixture("partner-first.ron");
    let us = team(&s, "us");
    let portal = asset(&s, "us-b");
    let mut ex = Exercise::new(s.clone(), 1);
    for _ in 0..3 {
        ex.resolve().expect("resolves");
    }
    let truth = ex.facilitator_view();
    let held = truth
        .assets
        .iter()
        .find(|a| a.asset == portal)
        .expect("shown");
    assert!(
        held.held_by.is_some(),
        "INJ-03 compromised the portal for turn 3"
    );
    let seen = ex.view(us);
    let flagged = seen.assets.iter().find(|a| a.asset == portal).expect("own");
    assert_eq!(flagged.belief, jointex_sim::Belief::Suspected);
    assert_eq!(flagged.since, 1, "flagged since turn 1");
    // us-a is really undetected (nobody flagged it) — unless a roll caught it; us-b is not.
    let undetected_a = truth
        .assets
        .iter()
        .any(|a| a.asset == asset(&s, "us-a") && a.beliefs.is_empty());
    assert_eq!(
        truth.metrics[us.index()].undetected,
        u32::from(undetected_a),
        "the portal, flagged since turn 1, is not undetected"
    );
}
