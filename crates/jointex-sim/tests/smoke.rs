//! Smoke run of the default scenario under each policy pair (prints; see the other tests for assertions).

use std::sync::Arc;

use jointex_scenario::model::TeamId;
use jointex_sim::{Exercise, policy};

#[test]
fn smoke() {
    let s = Arc::new(
        jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("valid")
            .scenario,
    );
    for (a, b) in [
        ("idle", "idle"),
        ("by-the-book", "by-the-book"),
        ("share-everything", "share-everything"),
    ] {
        let mut ex = Exercise::new(s.clone(), 7);
        let mut pa = policy::by_name(a).expect("policy");
        let mut pb = policy::by_name(b).expect("policy");
        while !ex.is_over() {
            policy::play(&mut ex, TeamId(0), pa.as_mut());
            policy::play(&mut ex, TeamId(1), pb.as_mut());
            let r = ex.resolve().expect("resolves");
            let mut counts = std::collections::BTreeMap::new();
            for e in &r.events {
                let name = format!("{e:?}");
                *counts
                    .entry(name.split([' ', '{', '(']).next().unwrap_or("").to_owned())
                    .or_insert(0) += 1;
            }
            println!("{a} turn {} hash {:016x} {counts:?}", r.turn, r.hash);
        }
        let f = ex.facilitator_view();
        println!(
            "{a}: metrics {:#?}\nobjectives {:?}\ncampaigns {:?}",
            f.metrics, f.objectives, f.campaigns
        );
    }
}
