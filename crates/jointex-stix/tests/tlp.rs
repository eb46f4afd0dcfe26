//! TLP 2.0 handling on a three-team exercise: a TLP:RED item given to one team reaches
//! neither a third team nor a public advisory — not through the engine, not through an
//! export, not through a TAXII collection — unless the facilitator allows violations, and
//! then the violation is recorded and counted in the evaluation.

mod common;

use jointex_scenario::vocab::Tlp;
use jointex_sim::{Event, FacilitatorOrder, Order, Refusal, TeamOrder, TlpRule};

/// Turn 1 of the fixture: the US gives kr ioc-sha256 under TLP:RED, and jp ioc-sha1 under
/// TLP:AMBER+STRICT.
fn after_red_share() -> jointex_sim::Exercise {
    let s = common::scenario(&common::fixture("three-cities.ron"));
    let mut ex = jointex_sim::Exercise::new(s, 1);
    let red = common::share(
        &ex,
        "us",
        &["kr"],
        &["ioc-sha256"],
        Tlp::Red,
        "for KrCERT/CC only",
    );
    let strict = common::share(
        &ex,
        "us",
        &["jp"],
        &["ioc-sha1"],
        Tlp::AmberStrict,
        "for JPCERT/CC only",
    );
    ex.order(red)
        .expect("the first share of an own find is allowed");
    ex.order(strict).expect("allowed");
    ex.resolve().expect("turn 1 resolves");
    ex
}

fn red_refusal() -> Refusal {
    Refusal::TlpViolation {
        indicator: "ioc-sha256".into(),
        received: Tlp::Red,
        rule: TlpRule::RedNamedOnly,
    }
}

#[test]
fn red_reaches_neither_a_third_team_nor_an_advisory() {
    let ex = after_red_share();
    let (us, kr, jp) = (
        common::team(&ex, "us"),
        common::team(&ex, "kr"),
        common::team(&ex, "jp"),
    );
    let sha256 = common::indicator(&ex, "ioc-sha256");
    assert!(
        ex.view(kr)
            .indicators
            .iter()
            .any(|k| k.indicator == sha256 && k.tlp == Tlp::Red)
    );
    assert!(!ex.view(jp).indicators.iter().any(|k| k.indicator == sha256));

    // On to the third team, named or as "everyone": refused, with the rule.
    for to in [&["jp"][..], &[][..]] {
        let o = common::share(&ex, "kr", to, &["ioc-sha256"], Tlp::Red, "passing it on");
        assert_eq!(ex.check(&o), Err(red_refusal()), "to {to:?}");
    }
    assert_eq!(
        red_refusal().to_string(),
        "ioc-sha256 came to this team as TLP:RED; TLP:RED is for the named recipients only and may not be shared on"
    );
    // Into a public advisory: refused.
    let publish = Order::Team(kr, TeamOrder::PublicAdvisory(vec![sha256]));
    assert_eq!(
        ex.check(&publish),
        Err(Refusal::TlpViolation {
            indicator: "ioc-sha256".into(),
            received: Tlp::Red,
            rule: TlpRule::NotPublishable,
        })
    );
    // Back to the team it came from: fine.
    let back = common::share(
        &ex,
        "kr",
        &["us"],
        &["ioc-sha256"],
        Tlp::Red,
        "seen here too",
    );
    assert_eq!(ex.check(&back), Ok(()));
    // AMBER+STRICT stays inside the recipient too.
    let strict = common::share(&ex, "jp", &["kr"], &["ioc-sha1"], Tlp::AmberStrict, "fyi");
    assert!(matches!(
        ex.check(&strict),
        Err(Refusal::TlpViolation {
            received: Tlp::AmberStrict,
            ..
        })
    ));

    // The exported RED bundle is the sender's and the recipient's only, and a collection
    // every team reads will not take it.
    let bundles = jointex_stix::bundles(&ex);
    let red = bundles
        .iter()
        .find(|b| b.share.tlp == Tlp::Red)
        .expect("the red share");
    assert!(red.involves(us) && red.involves(kr) && !red.involves(jp));
    assert!(
        bundles
            .iter()
            .filter(|b| b.involves(jp))
            .all(|b| b.share.tlp != Tlp::Red)
    );
    assert_eq!(
        jointex_stix::feed::collection_may_hold(ex.scenario(), &red.share),
        Err("TLP:RED is for kr only, and every team reads the collection".into())
    );
    let marking = jointex_stix::tlp::marking_id(Tlp::Red);
    for o in red.objects() {
        if !matches!(o["type"].as_str(), Some("identity" | "marking-definition")) {
            assert_eq!(o["object_marking_refs"][0], marking, "{}", o["id"]);
        }
    }
}

#[test]
fn an_allowed_violation_goes_through_and_is_counted() {
    let mut ex = after_red_share();
    let (kr, jp) = (common::team(&ex, "kr"), common::team(&ex, "jp"));
    let sha256 = common::indicator(&ex, "ioc-sha256");
    ex.order(Order::Facilitator(FacilitatorOrder::AllowTlpViolations(
        true,
    )))
    .expect("the facilitator may allow violations");
    assert!(ex.facilitator_view().violations_allowed);
    let on = common::share(
        &ex,
        "kr",
        &["jp"],
        &["ioc-sha256"],
        Tlp::Red,
        "passing it on",
    );
    ex.order(on).expect("allowed now");
    ex.order(Order::Team(kr, TeamOrder::PublicAdvisory(vec![sha256])))
        .expect("allowed now");
    let report = ex.resolve().expect("turn 2 resolves");

    let violations: Vec<_> = report
        .events
        .iter()
        .filter(|e| matches!(e, Event::TlpViolated { .. }))
        .collect();
    assert_eq!(
        violations,
        [
            &Event::TlpViolated {
                team: kr,
                indicator: sha256,
                tlp: Tlp::Red
            },
            &Event::TlpViolated {
                team: kr,
                indicator: sha256,
                tlp: Tlp::Red
            },
        ],
        "one for the share on, one for the advisory"
    );
    // The evaluation counts them against the team that broke the marking, and only it.
    let metrics = ex.facilitator_view().metrics;
    assert_eq!(metrics[kr.index()].tlp_violations, 2);
    assert_eq!(metrics.iter().map(|m| m.tlp_violations).sum::<u32>(), 2);
    assert_eq!(ex.view(kr).metrics.tlp_violations, 2);
    // And the item did reach the third team.
    assert!(ex.view(jp).indicators.iter().any(|k| k.indicator == sha256));
    let bundles = jointex_stix::bundles(&ex);
    assert!(
        bundles
            .iter()
            .any(|b| b.share.tlp == Tlp::Red && b.involves(jp))
    );
}

/// An indicator whose source marked it TLP:RED (`tlp: Some(Red)`, what `import stix` writes)
/// and that an inject reveals to Korea without a marking is revealed as TLP:RED, and every
/// bundle Korea sends with it is marked TLP:RED: the source's marking is never loosened on the
/// way out.
#[test]
fn a_source_marking_survives_a_reveal_and_a_share() {
    let text = jointex_scenario::DEFAULT_SCENARIO.replace(
        "id: \"IND-01\", kind: Domain, value: \"updates.meridian-cdn.example\", actor: Some(\"ember-tide\"),",
        "id: \"IND-01\", kind: Domain, value: \"updates.meridian-cdn.example\", actor: Some(\"ember-tide\"), tlp: Some(Red),",
    );
    assert_ne!(
        text,
        jointex_scenario::DEFAULT_SCENARIO,
        "IND-01 was marked"
    );
    let s = std::sync::Arc::new(jointex_scenario::load(&text).expect("valid").scenario);
    let mut ex = jointex_sim::Exercise::new(s.clone(), 1);
    let mut players: Vec<_> = (0..s.teams.len())
        .map(|_| jointex_sim::policy::by_name("share-everything").expect("built in"))
        .collect();
    while !ex.is_over() {
        for (t, p) in players.iter_mut().enumerate() {
            jointex_sim::policy::play(
                &mut ex,
                jointex_scenario::model::TeamId(t as u16),
                p.as_mut(),
            );
        }
        ex.resolve().expect("resolves");
    }
    let kr = jointex_scenario::model::TeamId(1);
    let held = ex
        .view(kr)
        .indicators
        .into_iter()
        .find(|k| s.indicators[k.indicator.index()].key == "IND-01")
        .expect("Korea was told IND-01");
    assert_eq!(held.tlp, jointex_scenario::vocab::Tlp::Red);
    // Korea's bundles (the United States may find the domain on its own systems, and its own
    // finding is its own to mark).
    let mut carried = 0;
    for b in jointex_stix::bundles(&ex) {
        if b.share.from == kr
            && b.to_pretty()
                .contains("domain-name:value = 'updates.meridian-cdn.example'")
        {
            carried += 1;
            assert_eq!(
                b.share.tlp,
                jointex_scenario::vocab::Tlp::Red,
                "{}",
                b.file_name
            );
        }
    }
    assert!(carried > 0, "the indicator was shared");
}
