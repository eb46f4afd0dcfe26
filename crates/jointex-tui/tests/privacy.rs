//! Hot-seat privacy: after a handover, nothing of the other team's private view is on the
//! screen — not on the handover screen, not on any tab of the new team's console.

mod common;

use common::*;
use jointex_scenario::Lang;

/// Text only CISA's view holds after one turn: its plan, an inject addressed to it alone, and
/// the asset that inject flags.
const US_PRIVATE: &[&str] = &[
    "Investigate: us-power-vpn",
    "web shell",
    "us-water-billing-portal",
    "AP 5/6",
];

/// Text only KrCERT's view holds: an inject addressed to it alone and the asset it flags.
const KR_PRIVATE: &[&str] = &["Grid historian beaconing", "kr-grid-historian"];

#[test]
fn a_team_never_sees_the_other_teams_console() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    // Turn 1 resolves with empty plans so that each team gets private injects and alerts.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter>s<Enter><Enter><Enter>s<Enter><Enter>R<Enter>",
    );
    // CISA sits down, reads its inbox, plans an order, and hands over without submitting.
    play(
        &mut a,
        &mut t,
        "<Enter><Enter><Enter>2/vpn<Enter>1<Home><Down><Down><Enter><Enter>",
    );
    let us_screen = render(&a, 120, 40);
    assert!(us_screen.contains("AP 5/6"), "{us_screen}");
    // Leaving with the plan not submitted asks first; yes.
    play(&mut a, &mut t, "<Esc>");
    assert!(render(&a, 120, 40).contains("is not submitted"));
    play(&mut a, &mut t, "y");
    // The chooser is public: nothing of CISA's console.
    let chooser = render(&a, 120, 40);
    for p in US_PRIVATE {
        assert!(!chooser.contains(p), "chooser shows {p:?}:\n{chooser}");
    }
    // KrCERT: the handover screen shows one sentence and nothing else.
    play(&mut a, &mut t, "<Down><Down><Enter>");
    let handover = render(&a, 120, 40);
    let text: Vec<&str> = handover
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        text,
        [
            "Pass the keyboard to KISA KrCERT/CC.",
            "Press Enter when ready."
        ],
        "{handover}"
    );
    assert!(
        a.team_snap().is_none(),
        "no private snapshot exists during a handover"
    );
    play(&mut a, &mut t, "<Enter>");
    // Its results, then every tab of its console.
    let mut shots = vec![render(&a, 120, 40)];
    play(&mut a, &mut t, "<Enter>");
    shots.extend(all_tabs(&mut a, &mut t));
    for shot in &shots {
        for p in US_PRIVATE {
            assert!(!shot.contains(p), "KrCERT sees {p:?}:\n{shot}");
        }
    }
    assert!(
        shots.iter().any(|s| s.contains("kr-grid-historian")),
        "its own console does show its own alert"
    );
    // And the other way round.
    play(&mut a, &mut t, "<Esc>y<Up><Up><Up><Down><Enter><Enter>");
    let mut shots = vec![render(&a, 120, 40)];
    shots.extend(all_tabs(&mut a, &mut t));
    for shot in &shots {
        for p in KR_PRIVATE {
            assert!(!shot.contains(p), "CISA sees {p:?}:\n{shot}");
        }
    }
}
