//! Every bundle jointex exports passes the OASIS STIX 2.1 validator in strict mode, with the
//! TLP 2.0 extension schema loaded and references enforced; deliberately broken bundles fail
//! it, so the check is known to be able to fail.
//!
//! Runs `.venv/bin/stix2_validator --strict --enforce-refs -s assets/stix-ext-schemas FILE…`
//! (installed by `scripts/python-tools`), every check on; see `common::validate`.

mod common;

use std::path::PathBuf;

use serde_json::Value;

/// The results section of each file in the validator's output.
fn sections(output: &str) -> Vec<&str> {
    output.split("[-] Results for: ").skip(1).collect()
}

fn assert_all_valid(paths: &[PathBuf]) {
    assert!(!paths.is_empty(), "nothing to validate");
    let (ok, output) = common::validate(paths);
    assert!(ok, "the validator refused a bundle:\n{output}");
    let sections = sections(&output);
    assert_eq!(sections.len(), paths.len(), "{output}");
    for s in &sections {
        assert!(s.contains("[+] STIX JSON: Valid"), "{s}");
        // Under --strict a warning already fails; this names it if the exit code lied.
        assert!(
            !s.contains("[!]") && !s.to_lowercase().contains("warning"),
            "{s}"
        );
    }
}

#[test]
fn default_scenario_share_everything_bundles_are_valid_stix() {
    let ex = common::play(
        jointex_scenario::DEFAULT_SCENARIO,
        1,
        "share-everything",
        u32::MAX,
    );
    let bundles = jointex_stix::bundles(&ex);
    assert!(bundles.len() >= 5, "only {} shares", bundles.len());
    let dir = common::TempDir::new("validator-default");
    assert_all_valid(&common::write_bundles(&bundles, dir.path()));
}

#[test]
fn three_team_bundles_under_every_tlp_level_are_valid_stix() {
    let ex = common::three_cities_every_tlp(1);
    let bundles = jointex_stix::bundles(&ex);
    let levels: std::collections::BTreeSet<_> = bundles.iter().map(|b| b.share.tlp).collect();
    assert_eq!(levels.len(), 5, "every TLP level is exported");
    let kinds: std::collections::BTreeSet<_> = bundles
        .iter()
        .flat_map(|b| b.share.indicators.clone())
        .map(|i| ex.scenario().indicators[i.index()].kind)
        .collect();
    assert_eq!(
        kinds.len(),
        jointex_scenario::vocab::IndicatorKind::ALL.len(),
        "every indicator kind is exported"
    );
    let dir = common::TempDir::new("validator-three");
    let mut paths = common::write_bundles(&bundles, dir.path());
    // A real public advisory, as the importer's tests read it, is valid STIX too.
    paths.push(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/advisory.json"),
    );
    assert_all_valid(&paths);
}

#[test]
fn broken_bundles_fail_the_validator() {
    let ex = common::three_cities_every_tlp(1);
    let red = jointex_stix::bundles(&ex)
        .into_iter()
        .find(|b| b.share.tlp == jointex_scenario::vocab::Tlp::Red)
        .expect("a TLP:RED share");
    let base = red.bundle.clone();
    let objects =
        |b: &mut Value| -> Vec<Value> { b["objects"].as_array().cloned().expect("objects") };
    let mut broken: Vec<(&str, Value)> = Vec::new();

    // The RED definition's payload says amber: only the TLP 2.0 schema (-s) catches this.
    let mut b = base.clone();
    let mut objs = objects(&mut b);
    for o in &mut objs {
        if o["name"] == "TLP:RED" {
            o["extensions"][jointex_stix::tlp::EXTENSION_ID]["tlp_2_0"] = "amber".into();
        }
    }
    b["objects"] = Value::Array(objs);
    broken.push(("marking-payload-disagrees", b));

    // An indicator without its pattern.
    let mut b = base.clone();
    let mut objs = objects(&mut b);
    if let Some(o) = objs.iter_mut().find(|o| o["type"] == "indicator") {
        o.as_object_mut().expect("object").remove("pattern");
    }
    b["objects"] = Value::Array(objs);
    broken.push(("indicator-without-pattern", b));

    // A value outside the pattern's quotes.
    let mut b = base.clone();
    let mut objs = objects(&mut b);
    if let Some(o) = objs.iter_mut().find(|o| o["type"] == "indicator") {
        o["pattern"] = "[file:hashes.'SHA-256' = 9717b20f]".into();
    }
    b["objects"] = Value::Array(objs);
    broken.push(("unquoted-pattern-value", b));

    // A relationship to an object that is not in the bundle (--enforce-refs).
    let mut b = base.clone();
    let mut objs = objects(&mut b);
    if let Some(o) = objs.iter_mut().find(|o| o["type"] == "relationship") {
        o["target_ref"] = "malware--6b1a8d3c-2f4e-4a9b-8c7d-1e2f3a4b5c6d".into();
    }
    b["objects"] = Value::Array(objs);
    broken.push(("dangling-reference", b));

    // A UUIDv5 on an SDO: warning 103, a failure under --strict.
    let mut b = base.clone();
    let mut objs = objects(&mut b);
    if let Some(o) = objs.iter_mut().find(|o| o["type"] == "report") {
        o["id"] = "report--cec0294c-86c8-52cc-8448-ba43593736df".into();
    }
    b["objects"] = Value::Array(objs);
    broken.push(("v5-id-on-a-report", b));

    let dir = common::TempDir::new("validator-broken");
    let paths: Vec<PathBuf> = broken
        .iter()
        .map(|(name, b)| {
            let p = dir.path().join(format!("{name}.json"));
            std::fs::write(&p, jointex_stix::json::to_pretty(b)).expect("write");
            p
        })
        .collect();
    let (ok, output) = common::validate(&paths);
    assert!(!ok, "the validator passed broken bundles:\n{output}");
    let sections = sections(&output);
    assert_eq!(sections.len(), broken.len(), "{output}");
    for ((name, _), s) in broken.iter().zip(&sections) {
        assert!(
            s.contains(name) && s.contains("[X] STIX JSON: Invalid"),
            "{name} should be invalid:\n{s}"
        );
    }
}
