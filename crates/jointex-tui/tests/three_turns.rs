//! A scripted test that plays three full turns through key events only: both teams plan and
//! submit on the map, the facilitator resolves, each team reads its results. It drives the
//! real loop (`run_app`) on a `TestBackend`, as a person at the keyboard would.

mod common;

use common::*;
use jointex_scenario::Lang;
use jointex_sim::{Event, Order, TeamOrder};
use jointex_tui::Screen;

/// One team's turn, from the seat chooser with that team selected: hand over, read the
/// results if there are any, investigate its VPN gateway from the map, submit.
fn team_turn(first: bool) -> String {
    let mut keys = String::from("<Enter><Enter>");
    if !first {
        keys.push_str("<Enter>");
    }
    // The filter stays set between turns (the prompt opens with it); clear it with Ctrl-U
    // and type it again, as a player would.
    keys.push_str("/<C-u>vpn<Enter><Home><Down><Down><Enter><Enter>s<Enter>");
    keys
}

#[test]
fn three_full_turns_by_keys_alone() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(100, 30);
    let s = a.scenario().clone();
    let us = s.team_id("us").expect("us");
    let kr = s.team_id("kr").expect("kr");
    for turn in 1..=3u32 {
        // The chooser starts on the facilitator; after that it preselects the first team
        // still planning.
        if turn == 1 {
            play(&mut a, &mut t, "<Down>");
        }
        play(&mut a, &mut t, &team_turn(turn == 1));
        assert_eq!(a.screen(), Screen::Briefing, "turn {turn}: CISA submitted");
        let shot = render(&a, 100, 30);
        assert!(shot.contains("CISA submitted its plan"), "{shot}");
        assert!(shot.contains("✓ submitted"), "{shot}");
        play(&mut a, &mut t, &team_turn(turn == 1));
        assert_eq!(
            a.screen(),
            Screen::Briefing,
            "turn {turn}: KrCERT submitted"
        );
        assert!(a.exercise().all_submitted());
        // Every plan in: the chooser offers the facilitator, who resolves without a question.
        play(&mut a, &mut t, "<Enter>R");
        assert_eq!(a.screen(), Screen::Results(jointex_tui::Seat::Facilitator));
        let shot = render(&a, 100, 30);
        assert!(shot.contains(&format!("Results of turn {turn}")), "{shot}");
        play(&mut a, &mut t, "<Enter>");
        assert_eq!(a.exercise().turn(), turn + 1);
    }
    let planned = |team, key: &str| {
        let asset = s.asset_id(key).expect("asset");
        a.exercise()
            .events()
            .iter()
            .filter(|(_, e)| {
                *e == Event::OrderApplied {
                    order: Order::Team(team, TeamOrder::Investigate(asset)),
                }
            })
            .count()
    };
    assert_eq!(
        planned(us, "us-power-vpn"),
        3,
        "CISA investigated every turn"
    );
    assert_eq!(
        planned(kr, "kr-power-vpn"),
        3,
        "KrCERT investigated every turn"
    );
    // The next team to sit down first sees what changed for it.
    play(&mut a, &mut t, "<Enter><Enter>");
    assert_eq!(a.screen(), Screen::Results(jointex_tui::Seat::Team(us)));
    let shot = render(&a, 100, 30);
    assert!(shot.contains("Results of turn 3 · CISA"), "{shot}");
    assert!(shot.contains("Investigation: us-power-vpn"), "{shot}");
}

#[test]
fn a_refused_order_shows_the_reason_and_the_plan_stays_editable() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(100, 30);
    // Restore on the VPN gateway: it has no backups.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter>/vpn<Enter><Down><Down><Enter><Down><Down><Down><Down><Enter>",
    );
    let shot = render(&a, 100, 30);
    assert!(
        shot.contains("the asset has no backups to restore from"),
        "{shot}"
    );
    // Close the menu, plan two orders, withdraw one, and the plan shows the other.
    play(&mut a, &mut t, "<Esc><Enter><Enter><Enter><Down><Enter>3");
    let shot = render(&a, 100, 30);
    assert!(shot.contains("1. Investigate: us-power-vpn"), "{shot}");
    assert!(shot.contains("2. Isolate: us-power-vpn"), "{shot}");
    assert!(shot.contains("AP 4/6"), "{shot}");
    play(&mut a, &mut t, "d");
    let shot = render(&a, 100, 30);
    assert!(
        shot.contains("Withdrawn: Investigate: us-power-vpn"),
        "{shot}"
    );
    assert!(shot.contains("1. Isolate: us-power-vpn"), "{shot}");
    // Not enough points: three restores' worth is refused with the engine's reason.
    play(&mut a, &mut t, "1<Down><Down><Down><Down>");
    play(&mut a, &mut t, "<Enter><Down><Down><Enter>");
    play(&mut a, &mut t, "<Enter><Down><Down><Down><Enter>");
    play(
        &mut a,
        &mut t,
        "<Enter><Down><Down><Down><Down><Down><Enter>",
    );
    let shot = render(&a, 100, 30);
    assert!(shot.contains("action points"), "{shot}");
}

#[test]
fn quitting_asks_first() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "q");
    assert!(!a.should_quit());
    assert!(render(&a, 80, 24).contains("Quit jointex?"));
    play(&mut a, &mut t, "n");
    assert!(!a.should_quit());
    play(&mut a, &mut t, "qy");
    assert!(a.should_quit());
}

#[test]
fn sharing_with_the_partner_by_keys() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(100, 30);
    // Turn 1: both submit empty plans; the facilitator resolves. KrCERT learns an indicator.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter>s<Enter><Enter><Enter>s<Enter><Enter>R<Enter>",
    );
    // KrCERT (second in the chooser) picks it, marks it GREEN, writes a note, sends.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter><Enter>4<Space>tttteSame domain seen here<Enter><Enter>",
    );
    let shot = render(&a, 100, 30);
    assert!(shot.contains("Added to the plan: Share"), "{shot}");
    // KrCERT submits; CISA reads turn 1's results and submits; the facilitator resolves.
    play(
        &mut a,
        &mut t,
        "s<Enter><Enter><Enter><Enter>s<Enter><Enter>R<Enter>",
    );
    // CISA reads the share on the partner tab and acknowledges it.
    play(&mut a, &mut t, "<Enter><Enter><Enter>4<Right>a");
    let shot = render(&a, 100, 30);
    assert!(shot.contains("Same domain seen here"), "{shot}");
    assert!(shot.contains("✓ T2"), "{shot}");
    // KrCERT, back at the keyboard, sees on its partner tab that CISA acknowledged its share.
    // Esc leaves the received pane, then (asking, the plan being open) the console. The
    // chooser comes back on CISA; KrCERT is the next line. It reads turn 2 results
    // first, then its console.
    play(&mut a, &mut t, "<Esc><Esc>y<Down><Enter><Enter><Enter>4");
    let shot = render(&a, 140, 30);
    assert!(
        shot.contains("✓ T2 → CISA · TLP:GREEN · acknowledged by CISA T3"),
        "{shot}"
    );
}

#[test]
fn an_ad_hoc_inject_joins_the_msel_list() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    play(
        &mut a,
        &mut t,
        "<Enter>3a<Right><Tab><Tab>Press call at 0900<Tab>Reporters ask about the outage<Enter>",
    );
    // Sending asks first; no goes back to the form as it was, yes sends.
    assert!(render(&a, 120, 40).contains("Send the ad-hoc inject?"));
    play(&mut a, &mut t, "n");
    assert!(render(&a, 120, 40).contains("Reporters ask about the outage"));
    play(&mut a, &mut t, "<Enter>y");
    // The list ends with it; its text shows below when it is selected.
    play(&mut a, &mut t, &"<Down>".repeat(30));
    let shot = render(&a, 120, 40);
    assert!(shot.contains("AD-1"), "{shot}");
    assert!(shot.contains("Reporters ask about the outage"), "{shot}");
    // Holding it makes no sense: it was sent when written.
    play(&mut a, &mut t, "h");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("the inject has already fired"), "{shot}");
}

#[test]
fn indicator_orders_act_only_on_the_focused_pane() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // Turn 1: both submit empty plans; the facilitator resolves. KrCERT learns an indicator.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter>s<Enter><Enter><Enter>s<Enter><Enter>R<Enter>",
    );
    // KrCERT opens its Orders tab: the plan pane has focus, so `h` hunts nothing.
    play(&mut a, &mut t, "<Down><Enter><Enter><Enter>3h");
    let shot = render(&a, 120, 40);
    assert!(
        shot.contains("Move to the indicators with → first"),
        "{shot}"
    );
    assert!(shot.contains("3 Orders (0)"), "{shot}");
    // → twice stays on the indicators (a direction, not a toggle): `h` hunts the highlighted.
    play(&mut a, &mut t, "<Right><Right>h");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("3 Orders (1)"), "{shot}");
    assert!(shot.contains("Added to the plan: Hunt"), "{shot}");
    // Leaving the tab and coming back opens it on the plan again: `h` is refused once more.
    play(&mut a, &mut t, "13h");
    let shot = render(&a, 120, 40);
    assert!(
        shot.contains("Move to the indicators with → first"),
        "{shot}"
    );
    assert!(shot.contains("3 Orders (1)"), "{shot}");
}

#[test]
fn esc_backs_out_one_level_at_a_time() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // CISA filters its map, then presses Esc: the filter goes, the console stays.
    play(&mut a, &mut t, "<Down><Enter><Enter>/bill<Enter>");
    play(&mut a, &mut t, "<Esc>");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("Filter cleared."), "{shot}");
    assert_eq!(
        a.screen(),
        Screen::Team(a.scenario().team_id("us").expect("us"))
    );
    // Esc again asks before leaving an unsubmitted plan; `n` stays.
    play(&mut a, &mut t, "<Esc>");
    assert!(render(&a, 120, 40).contains("Leave the console?"));
    play(&mut a, &mut t, "n");
    assert_eq!(
        a.screen(),
        Screen::Team(a.scenario().team_id("us").expect("us"))
    );
    play(&mut a, &mut t, "<Esc>y");
    assert_eq!(a.screen(), Screen::Briefing);
}

#[test]
fn every_list_goes_to_its_ends_the_same_way() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // MSEL: G to the last inject, g back to the first, four down, hold: INJ-05, not INJ-25.
    play(&mut a, &mut t, "<Enter>3Gg<Down><Down><Down><Down>h");
    let shot = render(&a, 120, 40);
    assert!(
        shot.lines()
            .any(|l| l.contains("INJ-05") && l.contains("held")),
        "{shot}"
    );
    assert!(
        !shot
            .lines()
            .any(|l| l.contains("INJ-25") && l.contains("held")),
        "{shot}"
    );
}

#[test]
fn a_released_overdue_inject_says_when_it_fires() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // Hold INJ-03 (due at turn 2) in turn 1, resolve, release it in turn 2.
    play(
        &mut a,
        &mut t,
        "<Enter>3g<Down><Down>hRy<Enter><Up><Enter>3r",
    );
    let shot = render(&a, 120, 40);
    assert!(
        shot.lines()
            .any(|l| l.contains("INJ-03") && l.contains("fires T3")),
        "{shot}"
    );
}

#[test]
fn page_down_moves_a_page() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // A 40-row screen shows 30 rows of MSEL: one page from INJ-01 reaches INJ-26, the last.
    play(&mut a, &mut t, "<Enter>3<PgDn>");
    let shot = render(&a, 120, 40);
    assert!(shot.contains("┌ INJ-26 ·"), "{shot}");
    // On a 24-row screen a page is 14 rows: INJ-15.
    let mut a = app(Some(Lang::En));
    let mut t = terminal(80, 24);
    play(&mut a, &mut t, "<Enter>3<PgDn>");
    let shot = render(&a, 80, 24);
    assert!(shot.contains("┌ INJ-15 ·"), "{shot}");
}
