//! The adversary as the default scenario writes it: every campaign can act on what its
//! stages name as targets.

mod common;

use common::{actor, default_scenario, play_policies};
use jointex_scenario::model::StageId;
use jointex_sim::Event;

/// Hollow Chorus's "static-flood" campaign floods government internet portals
/// (`Impact`, `Disrupt`, `Select(sector: Government, zone: Internet)`). A flood does not need
/// a foothold on its target: the stage must reach the portals it names, not wait for the
/// actor to hold one (which it never does) and be blocked without a single attempt.
#[test]
fn the_hacktivist_flood_reaches_the_portals_it_names() {
    let s = default_scenario();
    let chorus = actor(&s, "hollow-chorus");
    let stages = &s.actors[chorus.index()].stages;
    let flood = StageId(
        stages
            .iter()
            .position(|st| st.key == "flood")
            .expect("the flood stage") as u16,
    );
    let (mut started, mut attempts) = (0, 0);
    for seed in 0..6 {
        let (ex, _) = play_policies(&s, seed, &["idle", "idle"], None);
        for (_, e) in ex.events() {
            match e {
                Event::CampaignStarted { actor, stage } if *actor == chorus && *stage == flood => {
                    started += 1
                }
                Event::Attempt { actor, stage, .. } if *actor == chorus && *stage == flood => {
                    attempts += 1
                }
                _ => {}
            }
        }
    }
    assert_eq!(started, 6, "INJ-11 starts the campaign in every run");
    assert!(attempts > 0, "the flood never hit a portal in 6 runs");
}
