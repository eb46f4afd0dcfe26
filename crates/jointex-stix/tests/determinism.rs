//! The same exercise gives byte-identical bundles, whether they are built at the end or turn
//! by turn as the run goes; every SDO, SRO and bundle id is a valid UUIDv4; identities are
//! the same in every bundle and every run of a scenario. A golden bundle shows any change to
//! what a share becomes as a diff.

mod common;

use jointex_stix::ids::split_id;

fn pretty(ex: &jointex_sim::Exercise) -> Vec<(String, String)> {
    jointex_stix::bundles(ex)
        .into_iter()
        .map(|b| (b.file_name.clone(), b.to_pretty()))
        .collect()
}

#[test]
fn the_same_exercise_gives_byte_identical_bundles() {
    let a = common::play(
        jointex_scenario::DEFAULT_SCENARIO,
        9,
        "share-everything",
        u32::MAX,
    );
    let b = common::play(
        jointex_scenario::DEFAULT_SCENARIO,
        9,
        "share-everything",
        u32::MAX,
    );
    let (pa, pb) = (pretty(&a), pretty(&b));
    assert!(!pa.is_empty());
    assert_eq!(pa, pb);

    // Another seed: other share ids, the same identities.
    let c = common::play(
        jointex_scenario::DEFAULT_SCENARIO,
        10,
        "share-everything",
        u32::MAX,
    );
    let ids = |ex: &jointex_sim::Exercise| -> Vec<String> {
        jointex_stix::bundles(ex)
            .iter()
            .map(|b| b.bundle["id"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert!(ids(&a).iter().all(|id| !ids(&c).contains(id)));
    let us = a.scenario().team_id("us").expect("us");
    assert_eq!(
        jointex_stix::bundle::identity_id(a.scenario(), us),
        jointex_stix::bundle::identity_id(c.scenario(), us)
    );
}

#[test]
fn bundles_built_turn_by_turn_equal_bundles_built_at_the_end() {
    let text = common::fixture("three-cities.ron");
    let s = common::scenario(&text);
    let mut ex = jointex_sim::Exercise::new(s, 4);
    let mut feed = jointex_stix::ShareFeed::new(None);
    let mut policies: Vec<_> = (0..3)
        .map(|_| jointex_sim::policy::by_name("share-everything").expect("built in"))
        .collect();
    let mut live = Vec::new();
    while !ex.is_over() {
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_sim::policy::play(
                &mut ex,
                jointex_scenario::model::TeamId(t as u16),
                p.as_mut(),
            );
        }
        ex.resolve().expect("resolves");
        live.extend(feed.after_turn(&ex, |_| true).bundles);
    }
    let end = jointex_stix::bundles(&ex);
    assert!(!end.is_empty());
    assert_eq!(live, end);
}

#[test]
fn ids_are_v4_except_the_oasis_markings_and_names_are_unique() {
    let ex = common::three_cities_every_tlp(1);
    let bundles = jointex_stix::bundles(&ex);
    let mut names = std::collections::BTreeSet::new();
    for b in &bundles {
        assert!(names.insert(b.file_name.clone()), "{} twice", b.file_name);
        let (_, u) = split_id(b.bundle["id"].as_str().expect("id")).expect("a bundle id");
        assert_eq!(u.get_version_num(), 4);
        let mut seen = std::collections::BTreeSet::new();
        for o in b.objects() {
            let id = o["id"].as_str().expect("id");
            assert!(seen.insert(id), "{id} twice in {}", b.file_name);
            let (kind, u) = split_id(id).expect("a STIX id");
            assert_eq!(kind, o["type"]);
            assert_eq!(u.get_version_num(), 4, "{id}");
            if kind != "marking-definition" {
                let created = o["created"].as_str().expect("created");
                assert!(
                    created.ends_with(".000Z") && created.len() == 24,
                    "{created}"
                );
            }
        }
    }
}

#[test]
fn golden_red_share() {
    let ex = common::three_cities_every_tlp(1);
    let red = jointex_stix::bundles(&ex)
        .into_iter()
        .find(|b| b.share.tlp == jointex_scenario::vocab::Tlp::Red)
        .expect("a TLP:RED share");
    assert_eq!(red.file_name, "share-1-us-to-kr-2.json");
    insta::assert_snapshot!(red.to_pretty());
}
