//! Fog of war: a team's view holds nothing it was not told or did not find itself.
//!
//! The property test replays, for each team, the events that concern it (its detections,
//! investigations, learned indicators, shares to it, injects to it) and checks that the view
//! is exactly what those events build — beliefs, indicators, inbox — and nothing more: no
//! foreign asset, no undetected compromise counted, no time to detect on an unconfirmed
//! incident. Every event the replay uses must be one the team's audience includes. The direct
//! tests check that another team's private work cannot move this team's view.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use common::{Intent, asset, default_scenario, fixture, give, script, team, teams};
use jointex_scenario::Scenario;
use jointex_scenario::Text;
use jointex_scenario::model::{AssetId, Effect, IndicatorId, InjectId, TeamId, Trigger};
use jointex_scenario::vocab::{Channel, Tlp};
use jointex_sim::{
    AdHocInject, Belief, Event, Exercise, FacilitatorOrder, Order, Origin, Source, TeamOrder,
    TeamView, policy,
};
use proptest::prelude::*;

/// What a team may know, rebuilt from the event log.
#[derive(Debug, Default)]
struct Known {
    beliefs: BTreeMap<AssetId, (Belief, Source, u32)>,
    indicators: BTreeMap<IndicatorId, (u32, Tlp, Option<TeamId>)>,
    shared: BTreeMap<IndicatorId, u32>,
    blocked: BTreeSet<IndicatorId>,
    /// Inbox entries in arrival order, with the turn of the event that put them there.
    inbox: Vec<(u32, Origin)>,
}

/// Rebuilds what `me` may know from the log. Every event it reads for the team must be one
/// the team may see.
fn replay(s: &Scenario, events: &[(u32, Event)], me: TeamId) -> Known {
    let mut k = Known::default();
    for (turn, e) in events {
        let turn = *turn;
        let visible = e.audience(s).includes(me);
        let mut uses = true;
        match e {
            Event::Detected {
                team,
                asset,
                source,
            } if *team == me => {
                if k.beliefs.get(asset).map(|b| b.0) != Some(Belief::Suspected) {
                    k.beliefs.insert(*asset, (Belief::Suspected, *source, turn));
                }
            }
            Event::Investigated {
                team,
                asset,
                compromised,
            } if *team == me => {
                let b = if *compromised {
                    Belief::Compromised
                } else {
                    Belief::Clean
                };
                if k.beliefs.get(asset).map(|b| b.0) != Some(b) {
                    k.beliefs.insert(*asset, (b, Source::Investigation, turn));
                }
            }
            Event::IndicatorLearned {
                team,
                indicator,
                tlp,
                from,
            } if *team == me => {
                assert!(
                    !k.indicators.contains_key(indicator),
                    "learned twice: {e:?}"
                );
                k.indicators.insert(*indicator, (turn, *tlp, *from));
            }
            Event::OrderApplied {
                order: Order::Team(t, o),
            } if *t == me => match o {
                TeamOrder::Block(i) => {
                    k.blocked.insert(*i);
                }
                TeamOrder::Share(sh) => {
                    for i in &sh.indicators {
                        k.shared.entry(*i).or_insert(turn);
                    }
                }
                _ => {}
            },
            Event::ShareReceived {
                from,
                to,
                indicators,
                tlp,
                ..
            } if *to == me => k.inbox.push((
                turn,
                Origin::Share {
                    from: *from,
                    indicators: indicators.clone(),
                    tlp: *tlp,
                },
            )),
            Event::InjectFired { inject } if s.injects[inject.index()].to.includes(me) => {
                k.inbox.push((turn, Origin::Inject(*inject)))
            }
            Event::Restored { asset } if s.asset(*asset).owner == me => {
                // Rebuilt from known-good backups: the owner knows it is clean.
                if k.beliefs.get(asset).map(|b| b.0) != Some(Belief::Clean) {
                    k.beliefs
                        .insert(*asset, (Belief::Clean, Source::Restore, turn));
                }
            }
            Event::AssistanceRequested { team, .. } if *team != me => {
                k.inbox.push((turn, Origin::AssistanceRequest(*team)))
            }
            Event::AdHocFired { number, to } if to.is_none_or(|t| t == me) => {
                k.inbox.push((turn, Origin::AdHoc(*number)))
            }
            _ => uses = false,
        }
        assert!(
            !uses || visible,
            "the view of team {} derives from an event it may not see: {e:?}",
            me.0
        );
    }
    k
}

/// Checks a team's view, between turns, against what the log says it may know.
fn check_view(ex: &Exercise, me: TeamId) {
    let s = ex.scenario();
    let view = ex.view(me);
    let ctx = format!("team {} turn {}", me.0, view.turn);
    let own: Vec<AssetId> = (0..s.assets.len() as u32)
        .map(AssetId)
        .filter(|a| s.asset(*a).owner == me)
        .collect();
    let shown: Vec<AssetId> = view.assets.iter().map(|a| a.asset).collect();
    assert_eq!(
        shown, own,
        "{ctx}: the view shows exactly the team's own assets"
    );

    let k = replay(s, ex.events(), me);
    for a in &view.assets {
        let expected = k.beliefs.get(&a.asset).copied();
        assert_eq!(
            (a.belief, a.source, a.since),
            expected.map_or((Belief::Unknown, None, 0), |(b, src, since)| {
                (b, Some(src), since)
            }),
            "{ctx}: belief about {}",
            s.asset(a.asset).key
        );
    }
    let shown: BTreeSet<IndicatorId> = view.indicators.iter().map(|i| i.indicator).collect();
    let learned: BTreeSet<IndicatorId> = k.indicators.keys().copied().collect();
    assert_eq!(shown, learned, "{ctx}: indicators are those learned");
    for i in &view.indicators {
        let (turn, tlp, from) = k.indicators[&i.indicator];
        assert_eq!((i.tlp, i.from), (tlp, from), "{ctx}: {i:?}");
        assert_eq!(i.turn, turn, "{ctx}: {i:?}");
        assert_eq!(
            i.shared,
            k.shared.get(&i.indicator).copied(),
            "{ctx}: {i:?}"
        );
        assert_eq!(i.blocked, k.blocked.contains(&i.indicator), "{ctx}: {i:?}");
    }
    let inbox: Vec<&Origin> = view.inbox.iter().map(|m| &m.origin).collect();
    let replayed: Vec<&Origin> = k.inbox.iter().map(|(_, o)| o).collect();
    assert_eq!(inbox, replayed, "{ctx}: inbox");
    for (m, (turn, _)) in view.inbox.iter().zip(&k.inbox) {
        assert_eq!(m.turn, *turn, "{ctx}: {m:?}");
        if let Origin::Inject(i) = m.origin {
            assert!(s.injects[i.index()].to.includes(me), "{ctx}: {m:?}");
        }
    }

    assert_eq!(
        view.metrics.undetected, 0,
        "{ctx}: a team cannot count what it missed"
    );
    // A time to detect needs the start of the compromise, which only an investigation that
    // confirmed it tells the team.
    let confirmed: BTreeSet<AssetId> = view
        .assets
        .iter()
        .filter(|a| a.belief == Belief::Compromised)
        .map(|a| a.asset)
        .collect();
    let confirmed_incidents = ex
        .events()
        .iter()
        .filter(|(_, e)| matches!(e, Event::Compromised { asset, .. } if confirmed.contains(asset)))
        .count();
    assert!(
        view.metrics.time_to_detect.len() <= confirmed_incidents,
        "{ctx}: {:?} for {} confirmed incidents",
        view.metrics.time_to_detect,
        confirmed_incidents
    );
    // Likewise a time to contain: counted on a suspect, it would say the suspicion was right.
    assert!(
        view.metrics.time_to_contain.len() <= confirmed_incidents,
        "{ctx}: {:?} for {} confirmed incidents",
        view.metrics.time_to_contain,
        confirmed_incidents
    );
    for t in &view.assistance_requests {
        assert_ne!(*t, me, "{ctx}");
        let asked = ex.events().iter().any(|(turn, e)| {
            matches!(e, Event::AssistanceRequested { team, .. } if team == t)
                && turn + 1 >= view.turn
        });
        assert!(asked, "{ctx}: request from team {} seen", t.0);
    }
    assert!(
        view.plan.is_empty() && !view.submitted,
        "{ctx}: a fresh turn"
    );
}

/// Checks the views before the first resolve: only turn 1's injects can have told a team
/// anything.
fn check_first_view(ex: &Exercise, me: TeamId) {
    let s = ex.scenario();
    let view = ex.view(me);
    let fired: Vec<InjectId> = ex
        .facilitator_view()
        .injects
        .iter()
        .filter(|i| i.fired == Some(1))
        .map(|i| i.inject)
        .collect();
    for i in &fired {
        assert_eq!(s.injects[i.index()].trigger, Trigger::AtTurn(1));
    }
    let inbox: Vec<Origin> = view.inbox.iter().map(|m| m.origin.clone()).collect();
    let expected: Vec<Origin> = fired
        .iter()
        .filter(|i| s.injects[i.index()].to.includes(me))
        .map(|i| Origin::Inject(*i))
        .collect();
    assert_eq!(inbox, expected);
    let effects: Vec<&Effect> = fired
        .iter()
        .flat_map(|i| &s.injects[i.index()].effects)
        .collect();
    for a in &view.assets {
        if a.belief != Belief::Unknown {
            assert!(effects.contains(&&Effect::Alert(me, a.asset)), "{a:?}");
        }
    }
    for k in &view.indicators {
        let revealed = effects
            .iter()
            .any(|e| matches!(e, Effect::Reveal(t, i, _) if *t == me && *i == k.indicator));
        assert!(revealed, "{k:?}");
    }
    assert_eq!(view.metrics.undetected, 0);
}

/// How a team plays in the property test.
#[derive(Clone, Copy, Debug)]
enum Play {
    /// Random orders, then a built-in policy fills the rest of the points.
    Policy(&'static str),
    /// Random orders only.
    Random,
}

fn play_strategy() -> impl Strategy<Value = Play> {
    prop_oneof![
        Just(Play::Policy("idle")),
        Just(Play::Policy("by-the-book")),
        Just(Play::Policy("share-everything")),
        Just(Play::Random),
    ]
}

fn run_and_check(
    s: &Arc<Scenario>,
    seed: u64,
    plays: [Play; 2],
    turns: &[Vec<Vec<Intent>>],
    adhoc: &[Option<u16>],
) {
    let mut ex = Exercise::new(s.clone(), seed);
    for t in teams(s) {
        check_first_view(&ex, t);
        check_view(&ex, t);
    }
    let mut policies: Vec<Option<Box<dyn policy::Policy>>> = plays
        .iter()
        .map(|p| match p {
            Play::Policy(n) => policy::by_name(n),
            Play::Random => None,
        })
        .collect();
    for (i, per_team) in turns.iter().enumerate() {
        if let Some(Some(n)) = adhoc.get(i) {
            let a = AdHocInject {
                to: (n % 3 < 2).then_some(TeamId(n % 2)),
                channel: Channel::Email,
                title: Text::en(format!("ad hoc {n}")),
                text: Text::en("a message from the white cell"),
            };
            ex.order(Order::Facilitator(FacilitatorOrder::AdHoc(a)))
                .expect("an ad-hoc inject with text is accepted");
            // The white cell's action is in the log and the inboxes at once.
            for t in teams(s) {
                check_view(&ex, t);
            }
        }
        for (t, intents) in per_team.iter().enumerate() {
            let team = TeamId(t as u16);
            give(&mut ex, team, intents);
            if let Some(p) = policies[t].as_mut() {
                policy::play(&mut ex, team, p.as_mut());
            }
        }
        ex.resolve().expect("resolves");
        for t in teams(s) {
            check_view(&ex, t);
        }
        if ex.is_over() {
            break;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_team_view_is_built_from_what_the_team_was_told_or_found(
        seed in any::<u64>(),
        us in play_strategy(),
        kr in play_strategy(),
        turns in script(12, 2),
        adhoc in prop::collection::vec(prop::option::weighted(0.2, any::<u16>()), 12),
    ) {
        run_and_check(&default_scenario(), seed, [us, kr], &turns, &adhoc);
    }
}

#[test]
fn views_follow_the_log_on_the_small_fixtures() {
    for name in ["partner-first.ron", "three-nations.ron"] {
        let s = fixture(name);
        let n = s.teams.len();
        for seed in 0..6u64 {
            let mut ex = Exercise::new(s.clone(), seed);
            let mut policies: Vec<_> = (0..n)
                .map(|t| policy::by_name(policy::NAMES[(t + seed as usize) % 3]).expect("policy"))
                .collect();
            for t in teams(&s) {
                check_first_view(&ex, t);
                check_view(&ex, t);
            }
            while !ex.is_over() {
                for (t, p) in policies.iter_mut().enumerate() {
                    policy::play(&mut ex, TeamId(t as u16), p.as_mut());
                }
                ex.resolve().expect("resolves");
                for t in teams(&s) {
                    check_view(&ex, t);
                }
            }
        }
    }
}

/// Korea's orders that only add to Korea's own knowledge: investigate what it suspects,
/// hunt what it knows, deploy sensors. Nothing here touches the world the adversary moves in.
fn private_work(view: &TeamView, s: &Scenario) -> Vec<TeamOrder> {
    let mut out = Vec::new();
    for a in &view.assets {
        if a.belief == Belief::Suspected {
            out.push(TeamOrder::Investigate(a.asset));
        }
    }
    for k in &view.indicators {
        out.push(TeamOrder::Hunt(k.indicator));
    }
    for a in &view.assets {
        if !a.sensor && s.asset(a.asset).criticality >= 4 {
            out.push(TeamOrder::DeploySensor(a.asset));
        }
    }
    out
}

/// The US views, turn by turn, when the US plays `us` and Korea either idles or works.
fn us_views(s: &Arc<Scenario>, seed: u64, us: &str, kr_works: bool) -> (Vec<TeamView>, Vec<u64>) {
    let (us_id, kr_id) = (team(s, "us"), team(s, "kr"));
    let mut ex = Exercise::new(s.clone(), seed);
    let mut p = policy::by_name(us).expect("policy");
    let mut views = vec![ex.view(us_id)];
    let mut hashes = Vec::new();
    while !ex.is_over() {
        policy::play(&mut ex, us_id, p.as_mut());
        if kr_works {
            let view = ex.view(kr_id);
            for o in private_work(&view, s) {
                let _ = ex.order(Order::Team(kr_id, o));
            }
        }
        ex.submit(kr_id).expect("submits");
        hashes.push(ex.resolve().expect("resolves").hash);
        views.push(ex.view(us_id));
    }
    (views, hashes)
}

/// Korea investigating, hunting and deploying sensors on its own assets changes Korea's
/// knowledge only. It cannot change what the US sees: no share, no request, no change to any
/// asset the adversary works on (isolation, patches, blocks and resets would slow the
/// adversary, a joint consequence the US may legitimately notice, so Korea gives none). The
/// detection dice of US assets are drawn before Korea's in this scenario (US ids come first),
/// and the contingency injects the US can see do not watch these Korean actions (INJ-22 also
/// watches a Korean Block, which Korea never gives here). So the US view must be identical
/// turn by turn.
#[test]
fn a_partners_private_work_leaves_our_view_unchanged() {
    let s = default_scenario();
    for us in ["idle", "by-the-book"] {
        for seed in 0..6 {
            let (quiet, h1) = us_views(&s, seed, us, false);
            let (busy, h2) = us_views(&s, seed, us, true);
            assert_ne!(
                h1, h2,
                "Korea's work must change the state (us {us}, seed {seed})"
            );
            for (turn, (a, b)) in quiet.iter().zip(&busy).enumerate() {
                assert_eq!(
                    a,
                    b,
                    "US view differs at turn {} (us {us}, seed {seed})",
                    turn + 1
                );
            }
        }
    }
}

/// Same property where Korea's assets come first in the file: Korea investigating its own
/// compromised asset must not change when the US detects its own.
#[test]
fn a_partners_investigation_does_not_move_our_detection_dice() {
    let s = fixture("partner-first.ron");
    let (us, kr) = (team(&s, "us"), team(&s, "kr"));
    let kr_a = asset(&s, "kr-a");
    let mut differ = Vec::new();
    for seed in 0..20 {
        let run = |investigate: bool| {
            let mut ex = Exercise::new(s.clone(), seed);
            let mut views = Vec::new();
            while !ex.is_over() {
                if investigate && ex.turn() == 1 {
                    ex.order(Order::Team(kr, TeamOrder::Investigate(kr_a)))
                        .expect("valid");
                }
                ex.resolve().expect("resolves");
                views.push(ex.view(us));
            }
            views
        };
        if run(false) != run(true) {
            differ.push(seed);
        }
    }
    assert!(
        differ.is_empty(),
        "the US view changed with Korea's private investigation for seeds {differ:?}"
    );
}

/// Isolating a suspected asset must not tell the team whether it was really compromised: a
/// time to contain is a fact about a confirmed incident.
#[test]
fn containing_a_suspect_does_not_reveal_whether_it_was_compromised() {
    let s = fixture("partner-first.ron");
    let us = team(&s, "us");
    let run = |suspect: &str| {
        let mut ex = Exercise::new(s.clone(), 1);
        let a = asset(&s, suspect);
        assert_eq!(
            ex.view(us)
                .assets
                .iter()
                .find(|v| v.asset == a)
                .map(|v| v.belief),
            Some(Belief::Suspected),
            "both assets were flagged by the same SIEM inject"
        );
        ex.order(Order::Team(us, TeamOrder::Isolate(a)))
            .expect("valid");
        ex.resolve().expect("resolves");
        ex.view(us).metrics
    };
    // us-c is really compromised, us-b is clean; the team knows neither.
    let real = run("us-c");
    let false_alarm = run("us-b");
    assert_eq!(real.time_to_contain, false_alarm.time_to_contain);
    assert!(real.time_to_contain.is_empty());
}

/// The same through the event stream: what the team may see of the turn in which it isolated
/// one of two suspects must not say which one was really compromised.
#[test]
fn the_events_of_containing_a_suspect_do_not_reveal_whether_it_was_compromised() {
    let s = fixture("partner-first.ron");
    let us = team(&s, "us");
    let run = |suspect: &str| {
        let mut ex = Exercise::new(s.clone(), 1);
        ex.order(Order::Team(us, TeamOrder::Isolate(asset(&s, suspect))))
            .expect("valid");
        ex.resolve().expect("resolves");
        // What the US may see, with the asset ids blanked: the two runs differ only in which
        // suspect the US chose, which it knows.
        ex.events()
            .iter()
            .filter(|(_, e)| e.audience(&s).includes(us))
            .filter(|(_, e)| !matches!(e, Event::TurnEnded { .. }))
            .map(|(_, e)| {
                let text = format!("{e:?}");
                let cut = text.find("AssetId").map_or(text.len(), |i| i);
                text[..cut].to_owned()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run("us-c"), run("us-b"));
}

/// The general rule behind the test above, over whole runs: a `Contained` event a team
/// may see concerns an asset the team had confirmed compromised (replayed from its own
/// `Investigated` events), never a mere suspect.
#[test]
fn contained_events_reach_a_team_only_for_incidents_it_confirmed() {
    let s = default_scenario();
    let mut leaks = Vec::new();
    for seed in 0..6 {
        // Teams that isolate whatever they suspect at once, then play by the book.
        let mut ex = Exercise::new(s.clone(), seed);
        let mut books: Vec<_> = teams(&s)
            .into_iter()
            .map(|_| policy::by_name("by-the-book").expect("policy"))
            .collect();
        while !ex.is_over() {
            for (t, book) in teams(&s).into_iter().zip(books.iter_mut()) {
                for a in ex.view(t).assets {
                    if a.belief == Belief::Suspected && !a.isolated {
                        let _ = ex.order(Order::Team(t, TeamOrder::Isolate(a.asset)));
                    }
                }
                policy::play(&mut ex, t, book.as_mut());
            }
            ex.resolve().expect("resolves");
        }
        let mut confirmed: BTreeSet<AssetId> = BTreeSet::new();
        for (turn, e) in ex.events() {
            match e {
                Event::Investigated {
                    asset, compromised, ..
                } => {
                    if *compromised {
                        confirmed.insert(*asset);
                    } else {
                        confirmed.remove(asset);
                    }
                }
                Event::Restored { asset } => {
                    confirmed.remove(asset);
                }
                Event::Contained { team, asset }
                    if e.audience(&s).includes(*team) && !confirmed.contains(asset) =>
                {
                    leaks.push(format!("seed {seed} turn {turn}: {}", s.asset(*asset).key));
                }
                _ => {}
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "Contained on unconfirmed suspects:\n{}",
        leaks.join("\n")
    );
}

/// An ad-hoc inject to one team is not news to the others.
#[test]
fn an_ad_hoc_inject_to_one_team_is_seen_by_that_team_only() {
    let s = default_scenario();
    let (us, kr) = (team(&s, "us"), team(&s, "kr"));
    let mut ex = Exercise::new(s.clone(), 1);
    ex.order(Order::Facilitator(FacilitatorOrder::AdHoc(AdHocInject {
        to: Some(kr),
        channel: Channel::Phone,
        title: Text::en("for Korea only"),
        text: Text::en("the NIS director calls"),
    })))
    .expect("valid");
    ex.resolve().expect("resolves");
    assert!(
        ex.view(us)
            .inbox
            .iter()
            .all(|m| !matches!(m.origin, Origin::AdHoc(_)))
    );
    let fired: Vec<&Event> = ex
        .events()
        .iter()
        .map(|(_, e)| e)
        .filter(|e| matches!(e, Event::AdHocFired { .. }))
        .collect();
    assert_eq!(fired.len(), 1);
    assert!(fired[0].audience(&s).includes(kr));
    assert!(
        !fired[0].audience(&s).includes(us),
        "{:?}",
        fired[0].audience(&s)
    );
}

/// Ground truth — attempts, compromises, evictions, impacts, campaign progress, MSEL
/// bookkeeping — is for the facilitator; events about an asset reach its owner only.
#[test]
fn ground_truth_events_reach_no_team_and_asset_events_reach_only_the_owner() {
    let s = default_scenario();
    let mut kinds = BTreeSet::new();
    for seed in 0..4 {
        let (ex, _) = common::play_policies(&s, seed, &["share-everything", "by-the-book"], None);
        for (_, e) in ex.events() {
            let audience = e.audience(&s);
            let truth = matches!(
                e,
                Event::CampaignStarted { .. }
                    | Event::Attempt { .. }
                    | Event::Compromised { .. }
                    | Event::Evicted { .. }
                    | Event::StageCompleted { .. }
                    | Event::StageBlocked { .. }
                    | Event::ImpactApplied { .. }
                    | Event::ExpectedMet { .. }
                    | Event::ExpectedMissed { .. }
                    | Event::ObjectiveRated { .. }
            );
            if truth {
                kinds.insert(format!("{e:?}").split([' ', '{']).next().map(str::to_owned));
                for t in teams(&s) {
                    assert!(!audience.includes(t), "{e:?} reaches team {}", t.0);
                }
            }
            let about = match e {
                Event::ServiceChanged { asset, .. }
                | Event::Restored { asset }
                | Event::Detected { asset, .. }
                | Event::Investigated { asset, .. } => Some(*asset),
                _ => None,
            };
            if let Some(a) = about {
                for t in teams(&s) {
                    assert_eq!(audience.includes(t), s.asset(a).owner == t, "{e:?}");
                }
            }
        }
    }
    assert!(
        kinds.len() >= 5,
        "the runs produced ground truth: {kinds:?}"
    );
}
