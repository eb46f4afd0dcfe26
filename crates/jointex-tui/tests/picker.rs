//! The scenario picker of `jointex play` with no scenario: snapshots in English and Korean at
//! 80×24 and 120×40, and the keys that move, switch language and start the chosen scenario.
//!
//! The entries are fixed test scenarios, not `scenarios/`, so the snapshots do not change
//! when a scenario is added to the shipped set.

mod common;

use std::sync::Arc;

use common::*;
use jointex_scenario::{Lang, Scenario};
use jointex_tui::app::PickEntry;
use jointex_tui::{App, Screen};

fn scenario(text: &str) -> Arc<Scenario> {
    Arc::new(
        jointex_scenario::load(text)
            .expect("a valid test scenario")
            .scenario,
    )
}

fn entries() -> Vec<PickEntry> {
    vec![
        PickEntry {
            file: "pacific-bridge.ron".into(),
            text: jointex_scenario::DEFAULT_SCENARIO.into(),
            scenario: default_scenario(),
        },
        PickEntry {
            file: "harbor-towns.ron".into(),
            text: include_str!("../../../tests/scenarios/valid/harbor-towns.ron").into(),
            scenario: scenario(include_str!(
                "../../../tests/scenarios/valid/harbor-towns.ron"
            )),
        },
        PickEntry {
            file: "three-nations.ron".into(),
            text: include_str!("../../jointex-sim/tests/fixtures/three-nations.ron").into(),
            scenario: scenario(include_str!(
                "../../jointex-sim/tests/fixtures/three-nations.ron"
            )),
        },
    ]
}

fn picker(lang: Option<Lang>) -> App {
    App::with_picker(entries(), 1, lang).expect("entries are not empty")
}

#[test]
fn snapshots_in_both_languages_and_sizes() {
    for lang in Lang::ALL {
        for (w, h) in [(80, 24), (120, 40)] {
            for (name, keys) in [
                ("picker", ""),
                ("picker_second", "<Down>"),
                ("picker_help", "?"),
            ] {
                let mut a = picker(Some(lang));
                let mut t = terminal(w, h);
                play(&mut a, &mut t, keys);
                let shot = render(&a, w, h);
                assert!(
                    !shot.contains('⟨'),
                    "{name}: a message id has no translation:\n{shot}"
                );
                insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.tag()), shot);
            }
        }
    }
}

#[test]
fn the_default_is_first_and_enter_starts_the_chosen_scenario() {
    let mut a = picker(Some(Lang::En));
    let mut t = terminal(80, 24);
    assert_eq!(a.screen(), Screen::Picker);
    let shot = render(&a, 80, 24);
    assert!(shot.contains("▶ Pacific Bridge 2026"), "{shot}");
    assert!(shot.contains("default"), "{shot}");
    // Down past the end stays on the last; Up comes back.
    play(&mut a, &mut t, "<Down><Down><Down><Up><Enter>");
    assert_eq!(a.screen(), Screen::Briefing);
    assert_eq!(a.scenario().meta.id, "harbor-towns");
    assert!(a.picker().is_none());
    assert!(render(&a, 80, 24).contains("Who is at the keyboard?"));
}

#[test]
fn the_language_chosen_on_the_picker_carries_over() {
    let mut a = picker(None);
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "L");
    assert!(render(&a, 80, 24).contains("시나리오 선택"));
    play(&mut a, &mut t, "<Enter>");
    assert_eq!(a.scenario().meta.id, "pacific-bridge");
    assert!(render(&a, 80, 24).contains("지금 누가 키보드 앞에 있습니까?"));
}

#[test]
fn q_asks_before_quitting() {
    let mut a = picker(Some(Lang::En));
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "q");
    assert!(render(&a, 80, 24).contains("Quit jointex?"));
    play(&mut a, &mut t, "y");
    assert!(a.should_quit());
}

#[test]
fn no_entries_no_picker() {
    assert!(App::with_picker(Vec::new(), 1, None).is_none());
}
