//! Cascades on small hand-made scenarios with known answers.
//!
//! The timing rules, from `phases/cascade.rs` and `phases/injects.rs`: an inject due at turn
//! `t` fires at the end of turn `t - 1` (turn 1's fire when the exercise is built), so its
//! `Outage(turns: n)` holds the asset down in the cascades of turns `t ..= t + n - 1`. A
//! dependent falls `buffer` turns after its provider fell and is `Degraded` in between (a
//! provider that is only degraded still serves). Everything recovers in the cascade of the
//! first turn its provider is up again. Availability is the share of a nation's sector
//! population whose asset is not `Down`, per mille; people-hours lost add up each turn.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{asset, team};
use jointex_scenario::Scenario;
use jointex_scenario::model::TeamId;
use jointex_scenario::vocab::Sector;
use jointex_sim::{Event, Exercise, Order, ServiceState, TeamOrder};

use ServiceState::{Degraded, Down, Up};

/// A US asset line for the scenario template.
fn us(id: &str, sector: &str, population: u64, extra: &str) -> String {
    format!(
        r#"Asset(id: "{id}", name: "{id}", nation: "US", sector: {sector}, kind: Server, zone: It,
                criticality: 3, population: {population}{extra}),"#
    )
}

/// An outage inject.
fn outage(asset: &str, at: u32, turns: u32) -> String {
    format!(
        r#"Inject(id: "OUT-{asset}-{at}", trigger: AtTurn({at}), to: Facilitator, channel: SectorReport,
                 title: "outage", text: "{asset} is down",
                 effects: [Outage(asset: "{asset}", turns: {turns})]),"#
    )
}

/// A two-nation scenario around the given US assets, edges and injects (Korea holds one
/// quiet asset so that it is a valid team), plus optional actors.
fn scenario(
    turns: u32,
    assets: &[String],
    edges: &str,
    injects: &[String],
    actors: &str,
) -> Arc<Scenario> {
    let text = format!(
        r#"Scenario(
    meta: Meta(id: "cascade", title: "cascade", summary: "a cascade fixture", tlp: Clear, version: "1"),
    clock: Clock(start: "2026-03-10T09:00:00+09:00", turn_minutes: 60, turns: {turns}),
    teams: [
        Team(id: "us", nation: "US", name: "United States", cert: "CISA",
             time_zone: "America/New_York", language: En, action_points: 6),
        Team(id: "kr", nation: "KR", name: "Korea", cert: "KrCERT/CC",
             time_zone: "Asia/Seoul", language: Ko, action_points: 6),
    ],
    assets: [
        {assets}
        Asset(id: "kr-quiet", name: "quiet", nation: "KR", sector: Government, kind: Server, zone: It,
              criticality: 1),
    ],
    edges: [{edges}],
    actors: [{actors}],
    injects: [{injects}],
)"#,
        assets = assets.join("\n        "),
        injects = injects.join("\n        "),
    );
    common::load(&text)
}

/// Plays idle turns; returns each turn's report events and the US view of every US asset's
/// service after it, by asset id.
fn run(
    s: &Arc<Scenario>,
    turns: u32,
) -> (
    Exercise,
    Vec<Vec<Event>>,
    Vec<BTreeMap<String, ServiceState>>,
) {
    let mut ex = Exercise::new(s.clone(), 1);
    let us = team(s, "us");
    let mut events = Vec::new();
    let mut services = Vec::new();
    for _ in 0..turns {
        events.push(ex.resolve().expect("resolves").events);
        services.push(service_map(&ex, s, us));
    }
    (ex, events, services)
}

fn service_map(ex: &Exercise, s: &Scenario, us: TeamId) -> BTreeMap<String, ServiceState> {
    ex.view(us)
        .assets
        .iter()
        .map(|a| (s.asset(a.asset).key.clone(), a.service))
        .collect()
}

/// The service of `key` in each turn.
fn column(services: &[BTreeMap<String, ServiceState>], key: &str) -> Vec<ServiceState> {
    services.iter().map(|m| m[key]).collect()
}

fn changes(s: &Scenario, events: &[Event]) -> Vec<(String, ServiceState)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ServiceChanged { asset, state } => Some((s.asset(*asset).key.clone(), *state)),
            _ => None,
        })
        .collect()
}

#[test]
fn no_buffer_falls_in_the_same_cascade_and_recovers_with_its_provider() {
    let s = scenario(
        6,
        &[us("a", "Health", 100, ""), us("b", "Energy", 100, "")],
        r#"Dependency(from: "a", on: "b", buffer: 0),"#,
        &[outage("b", 1, 3)],
        "",
    );
    let (_, events, services) = run(&s, 6);
    assert_eq!(column(&services, "b"), [Down, Down, Down, Up, Up, Up]);
    assert_eq!(column(&services, "a"), [Down, Down, Down, Up, Up, Up]);
    assert_eq!(
        changes(&s, &events[0]),
        [("a".to_owned(), Down), ("b".to_owned(), Down)],
        "one event per change, in asset order"
    );
    assert!(changes(&s, &events[1]).is_empty() && changes(&s, &events[2]).is_empty());
    assert_eq!(
        changes(&s, &events[3]),
        [("a".to_owned(), Up), ("b".to_owned(), Up)]
    );
}

#[test]
fn a_buffer_of_two_degrades_for_two_turns_then_fails() {
    let s = scenario(
        8,
        &[us("a", "Water", 1000, ""), us("b", "Energy", 500, "")],
        r#"Dependency(from: "a", on: "b", buffer: 2),"#,
        &[outage("b", 1, 5)],
        "",
    );
    let (ex, events, services) = run(&s, 8);
    assert_eq!(
        column(&services, "b"),
        [Down, Down, Down, Down, Down, Up, Up, Up]
    );
    assert_eq!(
        column(&services, "a"),
        [Degraded, Degraded, Down, Down, Down, Up, Up, Up]
    );
    assert_eq!(changes(&s, &events[2]), [("a".to_owned(), Down)]);
    // Availability: energy is all down from turn 1; water, running on its buffer, is served
    // until turn 3.
    let usa = team(&s, "us");
    let availability = |turn: usize| -> Vec<(Sector, u16)> {
        events[turn]
            .iter()
            .filter_map(|e| match e {
                Event::Availability {
                    team,
                    sector,
                    per_mille,
                } if *team == usa => Some((*sector, *per_mille)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(availability(0), [(Sector::Energy, 0)]);
    assert_eq!(availability(1), []);
    assert_eq!(availability(2), [(Sector::Water, 0)]);
    assert_eq!(
        availability(5),
        [(Sector::Energy, 1000), (Sector::Water, 1000)]
    );
    // Lost people-hours: energy 5 turns × 500 people × 1 h, water 3 turns × 1000 × 1 h.
    let lost = ex.view(usa).metrics.service_hours_lost;
    assert_eq!(lost.get(&Sector::Energy), Some(&2500));
    assert_eq!(lost.get(&Sector::Water), Some(&3000));
}

#[test]
fn a_provider_back_within_the_buffer_spares_its_dependent() {
    let s = scenario(
        4,
        &[us("a", "Water", 100, ""), us("b", "Energy", 100, "")],
        r#"Dependency(from: "a", on: "b", buffer: 2),"#,
        &[outage("b", 1, 1), outage("b", 3, 1)],
        "",
    );
    let (_, _, services) = run(&s, 4);
    assert_eq!(column(&services, "b"), [Down, Up, Down, Up]);
    // The buffer is whole again after each recovery (generators refuel).
    assert_eq!(column(&services, "a"), [Degraded, Up, Degraded, Up]);
}

#[test]
fn a_chain_fails_link_by_link() {
    // c needs b (no buffer), b needs a (one turn of buffer).
    let s = scenario(
        6,
        &[
            us("a", "Energy", 100, ""),
            us("b", "Telecom", 100, ""),
            us("c", "Finance", 100, ""),
        ],
        r#"Dependency(from: "b", on: "a", buffer: 1), Dependency(from: "c", on: "b"),"#,
        &[outage("a", 1, 4)],
        "",
    );
    let (_, _, services) = run(&s, 6);
    assert_eq!(column(&services, "a"), [Down, Down, Down, Down, Up, Up]);
    assert_eq!(column(&services, "b"), [Degraded, Down, Down, Down, Up, Up]);
    // A degraded provider still serves: c runs while b is on its buffer.
    assert_eq!(column(&services, "c"), [Up, Down, Down, Down, Up, Up]);
}

#[test]
fn availability_is_weighted_by_population() {
    let s = scenario(
        4,
        &[
            us("w-big", "Water", 3000, ""),
            us("w-small", "Water", 1000, ""),
        ],
        "",
        &[outage("w-small", 1, 2)],
        "",
    );
    let usa = team(&s, "us");
    let mut ex = Exercise::new(s.clone(), 1);
    let mut seen = Vec::new();
    for _ in 0..4 {
        let r = ex.resolve().expect("resolves");
        let view = ex.view(usa);
        seen.push((
            view.metrics.availability.get(&Sector::Water).copied(),
            view.metrics.service_hours_lost.get(&Sector::Water).copied(),
            r.events.contains(&Event::Availability {
                team: usa,
                sector: Sector::Water,
                per_mille: 750,
            }),
        ));
    }
    assert_eq!(
        seen,
        [
            (Some(750), Some(1000), true),
            (Some(750), Some(2000), false),
            (Some(1000), Some(2000), false),
            (Some(1000), Some(2000), false),
        ]
    );
    // Korea's sectors did not move.
    let kr = ex.view(team(&s, "kr")).metrics;
    assert!(kr.availability.values().all(|a| *a == 1000));
    assert!(kr.service_hours_lost.is_empty());
}

#[test]
fn an_inject_due_later_takes_effect_from_its_turn() {
    let s = scenario(
        5,
        &[us("a", "Health", 100, ""), us("b", "Energy", 100, "")],
        r#"Dependency(from: "a", on: "b"),"#,
        &[outage("b", 3, 2)],
        "",
    );
    let (ex, _, services) = run(&s, 5);
    assert_eq!(column(&services, "b"), [Up, Up, Down, Down, Up]);
    assert_eq!(column(&services, "a"), [Up, Up, Down, Down, Up]);
    let fired = ex.facilitator_view().injects[0].fired;
    assert_eq!(fired, Some(3), "an AtTurn(3) inject fires for turn 3");
}

#[test]
fn a_restore_takes_the_service_down_for_its_turns_and_cleans_the_asset() {
    // x is compromised and encrypted in turn 1; its dependent d falls with it. Restores
    // ordered in turn 3: x takes one turn (down in turn 3, back in turn 4), y two (down in
    // turns 3 and 4, back in turn 5).
    let actor = r#"Actor(id: "crew", name: "crew", motivation: Financial, description: "ransomware",
        techniques: ["T1486"],
        campaigns: [Campaign(id: "lock", name: "lock", start: AtTurn(1), stages: [
            Stage(id: "encrypt", phase: Impact, technique: "T1486", targets: Assets(["x"]),
                  impact: Some(Encrypt), success: 1.0, attempts: 1),
        ])]),"#;
    let compromise = r#"Inject(id: "IN", trigger: AtTurn(1), to: Facilitator, channel: Email,
        title: "note", text: "the crew holds x", effects: [Compromise(asset: "x", actor: "crew")]),"#;
    let s = scenario(
        5,
        &[
            us("x", "Finance", 100, ", controls: [Backups]"),
            us("d", "Finance", 100, ""),
            us(
                "y",
                "Health",
                100,
                ", controls: [Backups], restore_turns: 2",
            ),
        ],
        r#"Dependency(from: "d", on: "x"),"#,
        &[compromise.to_owned()],
        actor,
    );
    let usa = team(&s, "us");
    let (x, y) = (asset(&s, "x"), asset(&s, "y"));
    let mut ex = Exercise::new(s.clone(), 1);
    let r1 = ex.resolve().expect("turn 1");
    assert!(
        r1.events
            .iter()
            .any(|e| matches!(e, Event::ImpactApplied { asset, .. } if *asset == x))
    );
    let mut services = vec![service_map(&ex, &s, usa)];
    ex.resolve().expect("turn 2: still encrypted");
    services.push(service_map(&ex, &s, usa));
    ex.order(Order::Team(usa, TeamOrder::Restore(x)))
        .expect("valid");
    ex.order(Order::Team(usa, TeamOrder::Restore(y)))
        .expect("valid");
    let r3 = ex.resolve().expect("turn 3");
    services.push(service_map(&ex, &s, usa));
    assert_eq!(
        ex.view(usa)
            .assets
            .iter()
            .find(|a| a.asset == y)
            .and_then(|a| a.restoring_until),
        Some(5)
    );
    let r4 = ex.resolve().expect("turn 4");
    services.push(service_map(&ex, &s, usa));
    let r5 = ex.resolve().expect("turn 5");
    services.push(service_map(&ex, &s, usa));
    assert_eq!(column(&services, "x"), [Down, Down, Down, Up, Up]);
    assert_eq!(column(&services, "d"), [Down, Down, Down, Up, Up]);
    assert_eq!(column(&services, "y"), [Up, Up, Down, Down, Up]);
    assert!(
        !r3.events
            .iter()
            .any(|e| matches!(e, Event::Restored { .. })),
        "nothing is back the turn it is ordered"
    );
    assert!(r4.events.contains(&Event::Restored { asset: x }));
    assert!(
        r4.events.contains(&Event::Evicted { asset: x }),
        "a restore evicts"
    );
    assert!(r5.events.contains(&Event::Restored { asset: y }));
    let truth = ex.facilitator_view();
    assert!(truth.assets.iter().all(|a| a.held_by.is_none()));
}

/// An inject due at turn 3 fires at the end of turn 2's resolve; its events belong to turn 3
/// (the turn whose planning it opens): the log must say so, like the inject's own record
/// (`fired`), the inbox message, the belief it raises and the indicator it reveals. A reader
/// of the log (the golden file, the after-action report, a replay computing time to detect
/// from events) would otherwise see them a turn early.
#[test]
fn inject_events_are_logged_under_the_turn_they_fire_for() {
    let s = common::default_scenario();
    let (ex, _) = common::play_policies(&s, 1, &["idle", "idle"], Some(6));
    let fired = ex.facilitator_view().injects;
    for (turn, e) in ex.events() {
        if let Event::InjectFired { inject } = e {
            assert_eq!(
                Some(*turn),
                fired[inject.index()].fired,
                "{} is logged under turn {turn}",
                s.injects[inject.index()].key
            );
        }
    }
}
