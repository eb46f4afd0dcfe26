//! No team screen shows ground truth. Five turns of the default scenario played by keys;
//! at every turn each team's every tab (the map under each status filter, the inbox, both
//! panes of orders and partner, the timeline, the help) is searched for what only the
//! facilitator may read: campaign keys and names, stage keys, the other nation's asset ids.
//! Strings the scenario's injects say out loud to the teams are the planner's choice and
//! are not searched for.

mod common;

use common::*;
use jointex_scenario::model::TeamId;
use jointex_scenario::{Lang, Scenario};

fn forbidden(s: &Scenario, me: TeamId) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for actor in &s.actors {
        for c in &actor.campaigns {
            out.insert(c.key.clone());
            out.insert(c.name.get(Lang::En).to_owned());
        }
        for st in &actor.stages {
            out.insert(st.key.clone());
        }
    }
    for a in s.assets.iter().filter(|a| a.owner != me) {
        out.insert(a.key.clone());
    }
    let spoken: Vec<String> = s
        .injects
        .iter()
        .flat_map(|i| {
            [
                i.title.get(Lang::En).to_owned(),
                i.text.get(Lang::En).to_owned(),
            ]
        })
        .collect();
    out.into_iter()
        .filter(|w| w.len() >= 4 && !spoken.iter().any(|t| t.contains(w.as_str())))
        .collect()
}

#[test]
fn no_team_screen_shows_ground_truth() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(120, 40);
    let s = a.scenario().clone();
    let words: Vec<Vec<String>> = (0..s.teams.len() as u16)
        .map(|x| forbidden(&s, TeamId(x)))
        .collect();
    let mut screens = 0;
    for turn in 1..=5u32 {
        if turn == 1 {
            play(&mut a, &mut t, "<Down>");
        }
        for (team, words) in words.iter().enumerate() {
            // Take the seat, hand over, read the last results, then every tab.
            play(&mut a, &mut t, "<Enter><Enter>");
            if turn > 1 {
                play(&mut a, &mut t, "<Enter>");
            }
            for shot in all_tabs(&mut a, &mut t) {
                for w in words {
                    assert!(
                        !shot.contains(w.as_str()),
                        "turn {turn}: team {team}'s console shows {w:?}:\n{shot}"
                    );
                }
                screens += 1;
            }
            play(&mut a, &mut t, "s<Enter>");
        }
        play(&mut a, &mut t, "<Enter>R");
        play(&mut a, &mut t, "<Enter>");
        assert_eq!(a.exercise().turn(), turn + 1, "turn {turn} resolved");
    }
    assert_eq!(screens, 5 * 2 * 13);
}
