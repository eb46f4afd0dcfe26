//! Importing STIX into a scenario: a public advisory's indicators become scenario indicators
//! (unsupported ones skipped with a reason, known ones not repeated), the edited file keeps
//! every comment and still validates, every exported bundle reads back to exactly the values
//! it was built from, and a file that is not STIX 2.1 is refused with each problem's place.

mod common;

use jointex_scenario::vocab::IndicatorKind;
use jointex_stix::import::{self, Severity};

fn fixture_read(name: &str) -> import::Import {
    import::read(&common::fixture(name))
}

#[test]
fn an_advisory_reads_into_indicators_with_reasons_for_what_is_skipped() {
    let got = fixture_read("advisory.json");
    assert!(!got.has_errors(), "{:?}", got.problems);
    assert_eq!(got.stix_indicators, 8);
    let warnings: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`process:name`"), "{}", warnings[0]);
    assert!(warnings[1].contains("a `yara` pattern"), "{}", warnings[1]);
    assert!(got.problems.iter().all(|p| p.severity == Severity::Warning));
    let found: Vec<(IndicatorKind, &str)> = got
        .indicators
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (IndicatorKind::Ipv4, "198.51.100.77"),
            (IndicatorKind::Domain, "login.harbour-portal.example"),
            (
                IndicatorKind::Sha256,
                "c5a3b1f0e4d2c6b8a7f9e1d3c5b7a9f1e3d5c7b9a1f3e5d7c9b1a3f5e7d9c1b3"
            ),
            (IndicatorKind::Md5, "0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
            (IndicatorKind::Url, "http://198.51.100.77/drop.php?id=7"),
            (IndicatorKind::Email, "notice@harbour-portal.example"),
            (IndicatorKind::Ipv4, "203.0.113.10"),
        ]
    );
}

#[test]
fn importing_into_a_scenario_keeps_its_comments_and_validates() {
    let text = common::fixture("three-cities.ron");
    let s = common::scenario(&text);
    let plan = import::plan(&s, &fixture_read("advisory.json"));
    assert_eq!(
        plan.existing
            .iter()
            .map(|(i, key)| (i.value.as_str(), key.as_str()))
            .collect::<Vec<_>>(),
        [("203.0.113.10", "ioc-ip")]
    );
    assert_eq!(plan.add.len(), 6);
    assert!(
        plan.warnings.is_empty(),
        "TLP:CLEAR fits a TLP:AMBER scenario"
    );
    let md5 = &plan.add[3];
    assert_eq!(md5.from.kind, IndicatorKind::Md5);
    assert!(
        md5.id.starts_with("stix-") && md5.id.ends_with("-2") && md5.id.len() == 19,
        "{}",
        md5.id
    );

    let entries: Vec<String> = plan
        .add
        .iter()
        .map(|n| import::ron_entry(n, Some("tide")))
        .collect();
    let edited = import::insert_entries(&text, &entries).expect("edited");
    // Nothing of the original went missing: its lines are all there, in order.
    let mut lines = edited.lines();
    for line in text.lines() {
        assert!(lines.any(|l| l == line), "lost: {line}");
    }
    let loaded = jointex_scenario::load(&edited).expect("the edited scenario validates");
    let s2 = loaded.scenario;
    assert_eq!(s2.indicators.len(), s.indicators.len() + 6);
    let tide = s2.actor_id("tide");
    for n in &plan.add {
        let i = s2.indicator_id(&n.id).expect("added");
        let ind = &s2.indicators[i.index()];
        assert_eq!(
            (ind.kind, ind.value.as_str(), ind.actor),
            (n.from.kind, n.from.value.as_str(), tide)
        );
    }

    // A second import finds nothing new.
    let again = import::plan(&s2, &fixture_read("advisory.json"));
    assert!(again.add.is_empty());
    assert_eq!(again.existing.len(), 7);
}

#[test]
fn every_exported_bundle_reads_back_to_its_values() {
    let ex = common::three_cities_every_tlp(3);
    let s = ex.scenario();
    for b in jointex_stix::bundles(&ex) {
        let got = import::read(&b.to_pretty());
        assert!(
            got.problems.is_empty(),
            "{}: {:?}",
            b.file_name,
            got.problems
        );
        let mut want: Vec<(IndicatorKind, String)> = Vec::new();
        for i in &b.share.indicators {
            let ind = &s.indicators[i.index()];
            if !want.iter().any(|(k, v)| *k == ind.kind && *v == ind.value) {
                want.push((ind.kind, ind.value.clone()));
            }
        }
        let have: Vec<(IndicatorKind, String)> = got
            .indicators
            .iter()
            .map(|i| (i.kind, i.value.clone()))
            .collect();
        assert_eq!(have, want, "{}", b.file_name);
        assert!(got.indicators.iter().all(|i| i.tlp == Some(b.share.tlp)));
    }
}

#[test]
fn a_bundle_that_is_not_stix_2_1_is_refused_with_every_problem() {
    let got = fixture_read("not-stix-2.1.json");
    let shown: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "error: spec_version: this is a STIX 2.0 bundle; jointex reads STIX 2.1 (convert it first, e.g. with the stix2-elevator)",
            "error: objects[0].spec_version: missing `spec_version` (STIX 2.1 objects say \"2.1\")",
            "error: objects[0].pattern_type: an indicator needs a `pattern_type`",
        ]
    );
    assert!(got.has_errors());
}
