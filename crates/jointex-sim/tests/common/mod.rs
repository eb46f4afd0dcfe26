//! Helpers shared by the engine's integration tests: loading scenarios and fixtures, looking
//! ids up by the names a planner wrote, playing policy pairs, and turning random "intents"
//! into concrete orders from a team's view (for the property tests).
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use jointex_scenario::Scenario;
use jointex_scenario::Text;
use jointex_scenario::model::{ActorId, AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::vocab::Tlp;
use jointex_sim::{Belief, Exercise, Order, Share, TeamOrder, TeamView, TurnReport, policy};
use proptest::prelude::*;

/// The default scenario (pacific-bridge), loaded once per test binary.
pub fn default_scenario() -> Arc<Scenario> {
    static S: OnceLock<Arc<Scenario>> = OnceLock::new();
    S.get_or_init(|| load(jointex_scenario::DEFAULT_SCENARIO))
        .clone()
}

/// Loads a scenario text that must be valid and raise no warning.
pub fn load(text: &str) -> Arc<Scenario> {
    match jointex_scenario::load(text) {
        Ok(l) => {
            assert!(
                l.warnings.is_empty(),
                "fixture raised warnings: {:?}",
                l.warnings
            );
            Arc::new(l.scenario)
        }
        Err(d) => panic!("fixture is invalid: {d:#?}"),
    }
}

/// Loads a fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> Arc<Scenario> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    load(&text)
}

/// The asset with this id.
pub fn asset(s: &Scenario, key: &str) -> AssetId {
    s.asset_id(key).unwrap_or_else(|| panic!("no asset {key}"))
}

/// The team with this id.
pub fn team(s: &Scenario, key: &str) -> TeamId {
    s.team_id(key).unwrap_or_else(|| panic!("no team {key}"))
}

/// The indicator with this id.
pub fn indicator(s: &Scenario, key: &str) -> IndicatorId {
    s.indicator_id(key)
        .unwrap_or_else(|| panic!("no indicator {key}"))
}

/// The inject with this id.
pub fn inject(s: &Scenario, key: &str) -> InjectId {
    s.inject_id(key)
        .unwrap_or_else(|| panic!("no inject {key}"))
}

/// The actor with this id.
pub fn actor(s: &Scenario, key: &str) -> ActorId {
    s.actor_id(key).unwrap_or_else(|| panic!("no actor {key}"))
}

/// Every team of a scenario.
pub fn teams(s: &Scenario) -> Vec<TeamId> {
    (0..s.teams.len() as u16).map(TeamId).collect()
}

/// Plays a scenario with one built-in policy per team (by name, in team order) for at most
/// `turns` resolves (all of them when `None`); returns the exercise and its reports.
pub fn play_policies(
    s: &Arc<Scenario>,
    seed: u64,
    names: &[&str],
    turns: Option<u32>,
) -> (Exercise, Vec<TurnReport>) {
    let mut ex = Exercise::new(s.clone(), seed);
    let mut policies: Vec<_> = names
        .iter()
        .map(|n| policy::by_name(n).unwrap_or_else(|| panic!("no policy {n}")))
        .collect();
    let mut reports = Vec::new();
    while !ex.is_over() && turns.is_none_or(|t| (reports.len() as u32) < t) {
        for (t, p) in policies.iter_mut().enumerate() {
            policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        reports.push(ex.resolve().expect("a running, unpaused exercise resolves"));
    }
    (ex, reports)
}

/// A random wish for one order, resolved against a team's view by [`order_from`]: which kind
/// of order, and two numbers to pick its targets with.
#[derive(Clone, Copy, Debug)]
pub struct Intent {
    /// Which kind of order (taken modulo the number of kinds).
    pub kind: u8,
    /// Picks the asset, indicator, team or actor.
    pub pick: u16,
    /// Picks a marking, a recipient set, a second indicator.
    pub extra: u8,
}

/// Random intents.
pub fn intent() -> impl Strategy<Value = Intent> {
    (any::<u8>(), any::<u16>(), any::<u8>()).prop_map(|(kind, pick, extra)| Intent {
        kind,
        pick,
        extra,
    })
}

/// A script for a whole exercise: per turn, per team, a few intents.
pub fn script(turns: usize, teams: usize) -> impl Strategy<Value = Vec<Vec<Vec<Intent>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::collection::vec(intent(), 0..6), teams),
        turns,
    )
}

fn nth<T: Copy>(items: &[T], pick: u16) -> Option<T> {
    (!items.is_empty()).then(|| items[pick as usize % items.len()])
}

/// Turns an intent into an order the team could plausibly give, from what its view shows:
/// own assets (preferring the ones the order makes sense for), known indicators, other teams,
/// actors. The order may still be refused (points, duplicates, TLP…); callers ignore that.
pub fn order_from(view: &TeamView, s: &Scenario, it: Intent) -> Option<TeamOrder> {
    let own: Vec<AssetId> = view.assets.iter().map(|a| a.asset).collect();
    let flagged: Vec<AssetId> = view
        .assets
        .iter()
        .filter(|a| matches!(a.belief, Belief::Suspected | Belief::Compromised))
        .map(|a| a.asset)
        .collect();
    let isolated: Vec<AssetId> = view
        .assets
        .iter()
        .filter(|a| a.isolated)
        .map(|a| a.asset)
        .collect();
    let known: Vec<IndicatorId> = view.indicators.iter().map(|k| k.indicator).collect();
    let others: Vec<TeamId> = (0..s.teams.len() as u16)
        .map(TeamId)
        .filter(|t| *t != view.team)
        .collect();
    let flagged_or_own = if flagged.is_empty() || it.extra.is_multiple_of(2) {
        &own
    } else {
        &flagged
    };
    let tlp = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ][it.extra as usize % 5];
    Some(match it.kind % 16 {
        0 | 14 => TeamOrder::Investigate(nth(flagged_or_own, it.pick)?),
        1 | 15 => TeamOrder::Isolate(nth(flagged_or_own, it.pick)?),
        2 => TeamOrder::Reconnect(nth(&isolated, it.pick).or_else(|| nth(&own, it.pick))?),
        3 => TeamOrder::Patch(nth(&own, it.pick)?),
        4 => TeamOrder::ResetCredentials(nth(flagged_or_own, it.pick)?),
        5 => TeamOrder::Restore(nth(flagged_or_own, it.pick)?),
        6 => TeamOrder::DeploySensor(nth(&own, it.pick)?),
        7 => TeamOrder::Hunt(nth(&known, it.pick)?),
        8 => TeamOrder::Block(nth(&known, it.pick)?),
        9 => {
            let mut indicators = vec![nth(&known, it.pick)?];
            if let Some(second) = nth(&known, it.pick.wrapping_add(u16::from(it.extra)))
                && !indicators.contains(&second)
            {
                indicators.push(second);
            }
            let to = if it.extra.is_multiple_of(3) {
                Vec::new()
            } else {
                vec![nth(&others, it.pick)?]
            };
            TeamOrder::Share(Share {
                to,
                indicators,
                tlp,
                text: format!("random share {}", it.pick),
            })
        }
        10 => TeamOrder::PublicAdvisory(vec![nth(&known, it.pick)?]),
        11 => TeamOrder::RequestAssistance(Text::en(format!("help {}", it.pick))),
        12 => TeamOrder::ProvideAssistance(nth(&others, it.pick)?),
        _ => TeamOrder::JointOperation(ActorId((it.pick as usize % s.actors.len().max(1)) as u16)),
    })
}

/// Gives a team the orders its intents resolve to, ignoring refusals; returns those accepted.
pub fn give(ex: &mut Exercise, team: TeamId, intents: &[Intent]) -> Vec<TeamOrder> {
    let s = ex.scenario().clone();
    let mut given = Vec::new();
    for it in intents {
        let view = ex.view(team);
        if let Some(o) = order_from(&view, &s, *it)
            && ex.order(Order::Team(team, o.clone())).is_ok()
        {
            given.push(o);
        }
    }
    given
}
