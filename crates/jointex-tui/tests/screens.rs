//! One snapshot per screen, in English and Korean, at 80×24 and 120×40, each reached by
//! typing keys into the real loop on a `TestBackend` (snapshots under `tests/snapshots/`).

mod common;

use common::*;
use jointex_scenario::Lang;

/// Every screen and overlay, with the keys that reach it from the start.
const SCREENS: &[(&str, &str)] = &[
    ("briefing", ""),
    ("briefing_help", "?"),
    ("quit_confirm", "q"),
    ("handover", "<Down><Enter>"),
    ("team_map", "<Down><Enter><Enter>"),
    ("team_map_asset", "<Down><Enter><Enter><Down><Down>"),
    ("team_order_menu", "<Down><Enter><Enter><Down><Down><Enter>"),
    ("team_map_filter", "<Down><Enter><Enter>/water"),
    ("team_map_flagged", "<Down><Enter><Enter>ff"),
    ("team_inbox", "<Down><Enter><Enter>2"),
    (
        "team_orders",
        "<Down><Enter><Enter><Down><Down><Enter><Enter>3",
    ),
    ("team_partner", "<Down><Enter><Enter>4"),
    ("team_timeline", "<Down><Enter><Enter>5"),
    ("team_help", "<Down><Enter><Enter>?"),
    ("team_submit_confirm", "<Down><Enter><Enter>s"),
    ("facilitator_truth", "<Enter>"),
    ("facilitator_adversary", "<Enter>2"),
    ("facilitator_msel", "<Enter>3"),
    (
        "facilitator_adhoc",
        "<Enter>3a<Right><Tab><Tab>Press call at 0900<Tab>Reporters ask about the outage",
    ),
    ("facilitator_teams", "<Enter>4"),
    ("facilitator_evaluation", "<Enter>5"),
    ("facilitator_help", "<Enter>?"),
    ("facilitator_force_resolve", "<Enter>R"),
    ("results_facilitator", "<Enter>Ry"),
    ("chooser_after_submit", "<Down><Enter><Enter>s<Enter>"),
    ("results_team", "<Enter>Ry<Enter><Enter><Enter>"),
    (
        "team_map_turn2",
        "<Enter>Ry<Enter><Down><Enter><Enter><Enter>",
    ),
    (
        "team_partner_turn2",
        "<Enter>Ry<Enter><Down><Enter><Enter><Enter>4<Space>",
    ),
    (
        "team_orders_turn2",
        "<Enter>Ry<Enter><Down><Enter><Enter><Enter>3<Right>",
    ),
    (
        "team_inbox_turn2",
        "<Enter>Ry<Enter><Down><Enter><Enter><Enter>2<Down>",
    ),
];

/// Twelve forced resolutions from the start, ending on the summary.
fn to_the_end() -> String {
    "<Up><Enter>Ry<Enter>".repeat(12)
}

/// No wide character (Hangul) covers a box border: a terminal draws a wide character over
/// the cell after it, so a border there would vanish (issue 12: popups over Korean text lost
/// their left border).
fn borders_intact(name: &str, a: &jointex_tui::App, w: u16, h: u16) {
    let mut term = terminal(w, h);
    // The frame as drawn, before the terminal diff drops the cells a wide character covers.
    let mut drawn = None;
    if let Err(never) = term.draw(|f| {
        a.draw(f);
        drawn = Some(f.buffer_mut().clone());
    }) {
        match never {}
    }
    let Some(buf) = drawn else {
        return;
    };
    for y in 0..h {
        for x in 0..w.saturating_sub(1) {
            let sym = buf[(x, y)].symbol();
            let next = buf[(x + 1, y)].symbol();
            if unicode_width::UnicodeWidthStr::width(sym) > 1 {
                assert!(
                    next.is_empty() || !"│─┌┐└┘├┤".contains(next),
                    "{name}: the wide {sym:?} at {x},{y} covers the border {next:?}"
                );
            }
        }
    }
}

fn shoot(name: &str, keys: &str, lang: Lang, w: u16, h: u16) {
    let mut a = app(Some(lang));
    let mut t = terminal(w, h);
    play(&mut a, &mut t, keys);
    borders_intact(name, &a, w, h);
    let shot = render(&a, w, h);
    assert!(
        !shot.contains('⟨'),
        "{name}: a message id has no translation:\n{shot}"
    );
    insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.tag()), shot);
}

fn all(lang: Lang, w: u16, h: u16) {
    for (name, keys) in SCREENS {
        shoot(name, keys, lang, w, h);
    }
    shoot("summary", &to_the_end(), lang, w, h);
    shoot("chooser_over", &(to_the_end() + "<Esc>"), lang, w, h);
}

#[test]
fn english_80x24() {
    all(Lang::En, 80, 24);
}

#[test]
fn korean_80x24() {
    all(Lang::Ko, 80, 24);
}

#[test]
fn english_120x40() {
    all(Lang::En, 120, 40);
}

#[test]
fn korean_120x40() {
    all(Lang::Ko, 120, 40);
}

#[test]
fn too_small() {
    for lang in Lang::ALL {
        let a = app(Some(lang));
        for (w, h) in [(79, 24), (80, 23), (40, 10)] {
            let shot = render(&a, w, h);
            assert!(shot.contains(&format!("{w}×{h}")), "{shot}");
            assert!(shot.contains("80×24"), "{shot}");
            insta::assert_snapshot!(format!("too_small_{}_{w}x{h}", lang.tag()), shot);
        }
    }
}

#[test]
fn language_switches_live() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "<Down><Enter><Enter>");
    assert!(render(&a, 80, 24).contains("Infrastructure"));
    play(&mut a, &mut t, "L");
    let ko = render(&a, 80, 24);
    assert!(ko.contains("기반시설"), "{ko}");
    // Each seat keeps its own language: the chooser (the facilitator's) is still English.
    play(&mut a, &mut t, "<Esc>y");
    assert!(render(&a, 80, 24).contains("Who is at the keyboard?"));
}

#[test]
fn each_team_reads_its_own_language_by_default() {
    let mut a = app(None);
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "<Down><Enter>");
    assert!(render(&a, 80, 24).contains("Pass the keyboard to CISA."));
    play(&mut a, &mut t, "<Esc><Down><Down><Enter>");
    let ko = render(&a, 80, 24);
    assert!(ko.contains("키보드를"), "{ko}");
}

#[test]
fn a_thousand_assets_are_grouped_and_filterable() {
    use jointex_scenario::generate::{Params, scenario};
    let raw = scenario(&Params {
        assets: 1000,
        seed: 1,
        turns: 12,
    });
    let loaded = jointex_scenario::from_raw(&raw).expect("a generated scenario is valid");
    let mut a = jointex_tui::App::new(std::sync::Arc::new(loaded.scenario), 1, Some(Lang::En));
    let mut t = terminal(120, 40);
    play(&mut a, &mut t, "<Down><Enter><Enter>");
    let shot = render(&a, 120, 40);
    // Sectors start closed: one line each, with their counts.
    assert!(shot.contains("▸ energy ("), "{shot}");
    assert!(shot.contains("500 assets"), "{shot}");
    insta::assert_snapshot!("large_map_en_120x40", shot);
    // z opens every sector; the list scrolls with the selection.
    play(&mut a, &mut t, "z<PgDn><PgDn><PgDn>");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("▾ IT ("), "{shot}");
    assert!(shot.contains("us-power-"), "{shot}");
    // A filter narrows it down to matching assets, with their groups open.
    play(&mut a, &mut t, "/dc<Enter>");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("/dc"), "{shot}");
    assert!(shot.contains("▾ "), "{shot}");
}
