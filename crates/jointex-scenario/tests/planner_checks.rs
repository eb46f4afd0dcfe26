//! The checks that keep a planner honest: a stage's technique fits its phase in ATT&CK, a
//! misnumbered sub-technique points at its parent, no stage is dead text, nothing could be
//! mistaken for the real world, and every code `check` gives is in the reference.

use jointex_scenario::diag::{Diagnostic, Severity};
use jointex_scenario::load;

const BASE: &str = include_str!("../../../tests/scenarios/valid/harbor-towns.ron");

/// The diagnostics of the base scenario with one edit; the edit must apply.
fn with(old: &str, new: &str) -> Vec<Diagnostic> {
    assert!(BASE.contains(old), "the base holds {old}");
    let text = BASE.replacen(old, new, 1);
    match load(&text) {
        Ok(l) => l.warnings,
        Err(d) => d,
    }
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn the_base_has_no_adversary_warning() {
    let l = load(BASE).expect("valid");
    assert!(l.warnings.is_empty(), "{:?}", codes(&l.warnings));
}

#[test]
fn a_technique_outside_its_phase_is_a_warning_naming_its_tactics() {
    // Valid Accounts is initial access, persistence, privilege escalation, defence evasion;
    // never lateral movement.
    let d = with(
        r#"Stage(id: "vpn", phase: InitialAccess, technique: "T1133""#,
        r#"Stage(id: "vpn", phase: LateralMovement, technique: "T1133""#,
    );
    let w = d
        .iter()
        .find(|d| d.code == "technique-phase")
        .expect("a technique-phase warning");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.message,
        "`T1133` (External Remote Services) is not a technique of ATT&CK's lateral-movement tactic"
    );
    assert!(w.label.as_deref().unwrap_or("").contains("initial-access"));
}

#[test]
fn supply_chain_and_trust_techniques_may_move_laterally_and_theft_may_exfiltrate() {
    // jointex's lateral movement crosses into the next organisation along supply-chain edges.
    let d = with(
        r#"Stage(id: "vpn", phase: InitialAccess, technique: "T1133""#,
        r#"Stage(id: "vpn", phase: LateralMovement, technique: "T1195.002""#,
    );
    assert!(!codes(&d).contains(&"technique-phase"), "{:?}", codes(&d));
    // An Exfiltrate impact is data theft: exfiltration techniques fit it.
    let d = with(
        r#"Stage(id: "encrypt", phase: Impact, technique: "T1486""#,
        r#"Stage(id: "encrypt", phase: Impact, technique: "T1041""#,
    );
    assert!(
        codes(&d).contains(&"technique-phase"),
        "Encrypt is not theft"
    );
}

#[test]
fn a_missing_sub_technique_suggests_its_parent() {
    let d = with(r#"technique: "T1486""#, r#"technique: "T1486.001""#);
    let e = d
        .iter()
        .find(|d| d.code == "unknown-technique")
        .expect("unknown technique");
    let hint = e.hint.as_deref().unwrap_or("");
    assert!(hint.contains("did you mean `T1486`?"), "{hint}");
}

#[test]
fn a_stage_behind_a_loop_is_unreachable() {
    let l = load(BASE).expect("valid");
    let actor = &l.scenario.actors[0];
    let camp = &actor.campaigns[0];
    assert!(
        camp.stages.len() >= 2,
        "the base's first campaign has two stages"
    );
    // The first stage loops onto itself: the second can never run.
    let d = with(
        r#"success: 0.5, indicators: ["ioc-domain"], on_blocked: Some("vpn")),"#,
        r#"success: 0.5, indicators: ["ioc-domain"], next: Some("supply")),"#,
    );
    assert_eq!(
        codes(&d),
        ["unreachable-stage", "unreachable-stage"],
        "`encrypt` and `vpn`"
    );
    let w = d
        .iter()
        .find(|d| d.code == "unreachable-stage")
        .unwrap_or_else(|| panic!("no unreachable-stage in {:?}", codes(&d)));
    assert!(w.message.contains("can never be reached"), "{}", w.message);
    assert!(
        w.hint
            .as_deref()
            .unwrap_or("")
            .contains("goes on to `supply`"),
        "{:?}",
        w.hint
    );
}

/// The codes the crate gives its diagnostics: the first string of every `error(` and `warn(`
/// call and of every `Diagnostic::error(`/`warning(`, and the code of every arm of the RON
/// error translation, outside test modules.
fn emitted_codes() -> std::collections::BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut codes = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        // The generator writes scenarios; it reports nothing.
        if path.file_name().and_then(|n| n.to_str()) == Some("generate.rs") {
            continue;
        }
        let ron_arms = path.file_name().and_then(|n| n.to_str()) == Some("ron_error.rs");
        let calls: &[&str] = if ron_arms {
            &["error(", "(\n            \""]
        } else {
            &["error(", "warn(", "Diagnostic::warning("]
        };
        for call in calls {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                let rest = if call.ends_with('"') {
                    rest
                } else {
                    let Some(r) = rest.strip_prefix('"') else {
                        continue;
                    };
                    r
                };
                let code: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                    .collect();
                if rest[code.len()..].starts_with('"') && code.len() > 2 {
                    codes.insert(code);
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_check_can_give_is_in_the_reference() {
    let reference = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario-format.md"),
    )
    .expect("docs/scenario-format.md");
    let codes = emitted_codes();
    for known in [
        "syntax",
        "technique-phase",
        "unreachable-stage",
        "duplicate-id",
    ] {
        assert!(codes.contains(known), "the scan finds `{known}`: {codes:?}");
    }
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !reference.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/scenario-format.md: {missing:?}"
    );
}

#[test]
fn real_cve_ids_and_public_addresses_are_warned_about() {
    let d = with(r#"value: "203.0.113.10""#, r#"value: "8.8.8.8""#);
    let w = d
        .iter()
        .find(|d| d.code == "public-address")
        .unwrap_or_else(|| panic!("no public-address in {:?}", codes(&d)));
    assert_eq!(w.message, "`8.8.8.8` is a routable public address");
    let d = with(
        r#"Vulnerability(id: "EX-2024-0001""#,
        r#"Vulnerability(id: "CVE-2024-0001""#,
    );
    let w = d
        .iter()
        .find(|d| d.code == "real-cve")
        .unwrap_or_else(|| panic!("no real-cve in {:?}", codes(&d)));
    assert!(w.hint.as_deref().unwrap_or("").contains("`EX-2024-0001`"));
    let d = with(
        r#"description: "A fictional ransomware crew.""#,
        r#"description: "A crew fond of CVE-2021-44228.""#,
    );
    assert!(
        codes(&d).contains(&"real-cve"),
        "in a text too: {:?}",
        codes(&d)
    );
}
