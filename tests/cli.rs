//! The `jointex` binary as a planner uses it: `check` on the shipped scenarios and on the
//! `invalid/` corpus (each message snapshotted exactly as printed), exit codes, JSON output,
//! and `generate`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jointex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args(args)
        .env_remove("NO_COLOR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the jointex binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

fn ron_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("directory exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn relative(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("inside the repo")
        .display()
        .to_string()
}

#[test]
fn every_shipped_scenario_passes_check() {
    let files = ron_files("scenarios");
    assert!(!files.is_empty());
    let mut args = vec!["check", "--deny-warnings", "--color", "never"];
    let names: Vec<String> = files.iter().map(|f| relative(f)).collect();
    args.extend(names.iter().map(String::as_str));
    let out = jointex(&args);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("ok: "))
            .count(),
        files.len()
    );
}

#[test]
fn the_embedded_default_is_checked_when_no_file_is_given() {
    let out = jointex(&["check", "--color", "never"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .starts_with("ok: (embedded) scenarios/pacific-bridge.ron: pacific-bridge v")
    );
}

#[test]
fn valid_test_scenario_summary() {
    let out = jointex(&["check", "tests/scenarios/valid/harbor-towns.ron"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(text(&out.stdout), @"ok: tests/scenarios/valid/harbor-towns.ron: harbor-towns v1.0.0: 2 teams: us (US, 3 assets), kr (KR, 3 assets); 7 edges (dependency 2, network 2, supply-chain 2, trust 1; 2 cross-border); 1 actors; 4 injects (1 contingency); 1 objectives; 6 turns of 60 min");
}

/// Each file in the corpus fails `check` with exit 1, reports the error its first line
/// names (`// expect: code`), and prints exactly its snapshot.
#[test]
fn invalid_corpus_prints_exactly_its_snapshot() {
    let files = ron_files("tests/scenarios/invalid");
    assert!(
        files.len() >= 40,
        "the corpus has one file per failure mode"
    );
    for file in files {
        let name = relative(&file);
        let source = std::fs::read_to_string(&file).expect("readable");
        let expect = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .expect("first line names the expected code");
        let out = jointex(&["check", "--color", "never", &name]);
        assert_eq!(out.status.code(), Some(1), "{name} must be invalid");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("error[{expect}]")),
            "{name}: expected error[{expect}], got\n{stderr}"
        );
        assert!(
            text(&out.stdout).is_empty(),
            "{name}: nothing on stdout for an invalid file"
        );
        let stem = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::with_settings!({ snapshot_path => "snapshots/invalid", prepend_module_to_snapshot => false, description => name.clone() }, {
            insta::assert_snapshot!(stem, stderr);
        });
    }
}

#[test]
fn json_format_locates_every_problem() {
    let out = jointex(&[
        "check",
        "--format",
        "json",
        "tests/scenarios/invalid/many-errors.ron",
        "tests/scenarios/valid/harbor-towns.ron",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["valid"], false);
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files[0]["valid"], false);
    let diags = files[0]["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 3);
    assert_eq!(diags[0]["code"], "unknown-time-zone");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(18), Some(25))
    );
    assert_eq!(diags[0]["hint"], "did you mean `Asia/Seoul`?");
    assert_eq!(files[1]["valid"], true);
    assert_eq!(files[1]["summary"]["injects"], 4);
}

#[test]
fn colour_is_used_only_when_asked_for() {
    let plain = jointex(&[
        "check",
        "--color",
        "never",
        "tests/scenarios/invalid/unknown-asset.ron",
    ]);
    assert!(!text(&plain.stderr).contains('\x1b'));
    let coloured = jointex(&[
        "check",
        "--color",
        "always",
        "tests/scenarios/invalid/unknown-asset.ron",
    ]);
    assert!(text(&coloured.stderr).contains("\x1b[1;31merror[unknown-reference]"));
}

#[test]
fn exit_codes() {
    assert_eq!(
        jointex(&["check", "--frobnicate"]).status.code(),
        Some(2),
        "usage error"
    );
    assert_eq!(
        jointex(&["check", "--format", "xml"]).status.code(),
        Some(2),
        "usage error"
    );
    let missing = jointex(&["check", "--color", "never", "no/such/file.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("error[unreadable]: cannot read the file: no such file")
    );
    let mixed = jointex(&[
        "check",
        "--color",
        "never",
        "tests/scenarios/valid/harbor-towns.ron",
        "tests/scenarios/invalid/self-edge.ron",
    ]);
    assert_eq!(
        mixed.status.code(),
        Some(1),
        "one invalid file fails the run"
    );
    assert!(text(&mixed.stdout).ends_with("checked 2 files: 1 valid, 1 invalid\n"));
}

#[test]
fn binary_and_non_utf8_files_are_refused_clearly() {
    let dir = tempdir();
    let bin = dir.join("latin1.ron");
    std::fs::write(&bin, b"Scenario(meta: \xe9)").expect("write");
    let out = jointex(&[
        "check",
        "--color",
        "never",
        bin.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the file is not UTF-8 text (invalid byte at offset 15)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn generate_writes_a_valid_scenario_and_never_overwrites() {
    let dir = tempdir();
    let path = dir.join("gen.ron");
    let p = path.to_str().expect("utf-8 path");
    let first = jointex(&["generate", "--assets", "120", "--seed", "9", "--out", p]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let check = jointex(&["check", "--deny-warnings", p]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("us (US, 60 assets), kr (KR, 60 assets)"));
    let before = std::fs::read(&path).expect("written");
    let again = jointex(&["generate", "--assets", "50", "--out", p]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists; pass --force to replace it"));
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        before,
        "the file is untouched"
    );
    let stdout = jointex(&["generate", "--assets", "120", "--seed", "9"]);
    assert_eq!(
        stdout.stdout, before,
        "stdout and --out give the same bytes"
    );
    assert_eq!(
        jointex(&["generate", "--assets", "0"]).status.code(),
        Some(2)
    );
}

fn tempdir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(
        format!(
            "cli-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        )
        .replace(['(', ')'], ""),
    );
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The minimal example that opens docs/scenario-format.md is a complete, valid scenario:
/// a newcomer copies it first, so it must never rot.
#[test]
fn the_documented_minimal_example_is_valid() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md"),
    )
    .expect("doc exists");
    let start = doc.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let len = doc[start..].find("```").expect("closed block");
    let example = &doc[start..start + len];
    match jointex_scenario::load(example) {
        Ok(l) => assert!(
            l.warnings.is_empty(),
            "{}",
            l.warnings
                .iter()
                .map(|w| w.render("doc", example, false))
                .collect::<String>()
        ),
        Err(ds) => panic!(
            "{}",
            ds.iter()
                .map(|d| d.render("doc", example, false))
                .collect::<String>()
        ),
    }
}

/// A file with thousands of problems prints the first 200 and counts the rest; `--all`
/// prints every one. Reporting stays fast however many there are (each message is located
/// from an index of the file's lines built once, not by rescanning the file).
#[test]
fn thousands_of_problems_are_counted_not_flooded() {
    let dir = std::env::temp_dir().join(format!("jointex-cli-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let good = dir.join("good.ron");
    let out = jointex(&[
        "generate",
        "--assets",
        "600",
        "--seed",
        "3",
        "--out",
        good.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&good).expect("generated");
    // Every criticality (one digit, 1 to 5) becomes 9: one problem per asset.
    let mut parts = text.split("criticality: ");
    let mut bad = parts.next().unwrap_or_default().to_owned();
    let mut n = 0;
    for part in parts {
        bad.push_str("criticality: 9");
        bad.push_str(part.get(1..).unwrap_or_default());
        n += 1;
    }
    assert!(n > 300, "enough problems to cut: {n}");
    let file = dir.join("bad.ron");
    std::fs::write(&file, bad).expect("write");
    let f = file.to_str().expect("utf-8");
    let out = jointex(&["check", f]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("error[out-of-range]").count(), 200, "{err}");
    assert!(
        err.contains(&format!(
            "… and {} more problem(s) in {f} not shown",
            n - 200
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{f}: invalid: {n} errors")), "{err}");
    let all = jointex(&["check", "--all", f]);
    let err = String::from_utf8_lossy(&all.stderr);
    assert_eq!(err.matches("error[out-of-range]").count(), n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn attack_search_and_show_look_up_the_embedded_table() {
    let out = jointex(&["attack", "search", "lateral-movement", "ics"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("T0886      ics        Remote Services"),
        "{listed}"
    );
    assert!(!listed.contains("enterprise"), "only ICS: {listed}");
    assert!(listed.ends_with("7 technique(s) of ATT&CK v18.1; `jointex attack show ID` for one\n"));

    let out = jointex(&["attack", "show", "t1566"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out.stdout);
    assert!(shown.starts_with("T1566  Phishing\n"), "{shown}");
    assert!(
        shown.contains("fits stage phases: InitialAccess\n"),
        "{shown}"
    );
    assert!(
        shown.contains("  T1566.004  Spearphishing Voice\n"),
        "{shown}"
    );

    let out = jointex(&["attack", "show", "T1041"]);
    assert!(
        text(&out.stdout).contains("Impact (with impact: Some(Exfiltrate))"),
        "theft fits an Exfiltrate impact"
    );

    let out = jointex(&["attack", "show", "T1486.001"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: `T1486.001` is not a technique of ATT&CK v18.1 Enterprise or ICS; `T1486` (Data Encrypted for Impact) has no such sub-technique\n"
    );
    let out = jointex(&["attack", "search", "zzzz"]);
    assert_eq!(out.status.code(), Some(1));
    let out = jointex(&["attack", "search"]);
    assert_eq!(out.status.code(), Some(2), "words are required");
}
