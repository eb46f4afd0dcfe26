//! `jointex run` as a script or a reviewer uses it: the real binary on the embedded default
//! scenario under every policy, JSON lines, determinism through the command line, `--turns`,
//! usage errors, and orders files — the `tests/orders/invalid/` corpus, each message
//! snapshotted exactly as printed, and valid files that change the run.

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

fn turn_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| l.starts_with("turn ")).collect()
}

fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

const VALID: &str = "tests/orders/valid/joint-response.ron";

#[test]
fn the_default_scenario_runs_to_the_end_under_each_policy() {
    for policy in jointex_sim::policy::NAMES {
        let out = jointex(&["run", "--policy", policy]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{policy}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        let turns = turn_lines(&stdout);
        assert_eq!(turns.len(), 12, "{policy}:\n{stdout}");
        for (i, line) in turns.iter().enumerate() {
            assert!(
                line.starts_with(&format!("turn {:>2}  ", i + 1)),
                "{policy}: {line}"
            );
            assert!(line.contains("us: ") && line.contains("| kr: ") && line.contains("| truth: "));
        }
        assert!(
            stdout.contains(&format!("policies: us {policy}, kr {policy}")),
            "{stdout}"
        );
        assert!(
            stdout.contains("after 12 of 12 turns, final hash "),
            "{stdout}"
        );
        assert!(stdout.contains("objectives: "), "{stdout}");
        assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    }
}

#[test]
fn json_lines_parse_and_carry_hashes_audiences_and_metrics() {
    let out = jointex(&["run", "--json", "--policy", "share-everything"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 13, "12 turns and the final summary");
    for (i, turn) in lines[..12].iter().enumerate() {
        assert_eq!(turn["turn"], i as u64 + 1);
        let hash = turn["hash"].as_str().expect("hash is a string");
        assert_eq!(hash.len(), 16, "{hash}");
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
        let events = turn["events"].as_array().expect("events");
        assert!(!events.is_empty());
        for e in events {
            assert!(e["event"].is_object(), "{e}");
            assert!(!e["text"].as_str().expect("text").is_empty(), "{e}");
            let audience = &e["audience"];
            assert!(
                audience == "all"
                    || audience == "facilitator"
                    || audience
                        .as_array()
                        .is_some_and(|a| a.iter().all(|t| t == "us" || t == "kr")),
                "{e}"
            );
        }
        // The last event of a turn is its end, with the same hash.
        let last = events.last().expect("an event");
        assert_eq!(
            format!(
                "{:016x}",
                last["event"]["TurnEnded"]["hash"]
                    .as_u64()
                    .expect("TurnEnded")
            ),
            hash
        );
        let teams = turn["teams"].as_array().expect("teams");
        assert_eq!(teams[0]["team"], "us");
        assert_eq!(teams[1]["team"], "kr");
        assert!(teams[0]["metrics"]["time_to_detect"].is_array());
        assert!(turn["truth"]["compromised"].is_u64());
    }
    let summary = &lines[12]["final"];
    assert_eq!(summary["scenario"], "pacific-bridge");
    assert_eq!(summary["turns_played"], 12);
    assert_eq!(summary["over"], true);
    assert_eq!(summary["hash"], lines[11]["hash"]);
    assert_eq!(summary["teams"][1]["policy"], "share-everything");
    assert_eq!(summary["objectives"][0]["id"], "OBJ-1");
    // Shares are events every team in them may see, with the scenario's ids in the text.
    let share = lines[..12]
        .iter()
        .flat_map(|t| t["events"].as_array().expect("events"))
        .find(|e| e["event"].get("ShareReceived").is_some())
        .expect("share-everything shares");
    assert!(
        share["text"]
            .as_str()
            .expect("text")
            .contains(" as TLP:GREEN")
    );
}

#[test]
fn the_same_seed_and_orders_print_the_same_bytes_and_another_seed_differs() {
    let args = |seed: &'static str| {
        [
            "run",
            "--seed",
            seed,
            "--orders",
            VALID,
            "--policy",
            "us=share-everything",
        ]
    };
    let a = jointex(&args("7"));
    let b = jointex(&args("7"));
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stderr, b.stderr);
    let json_a = jointex(&["run", "--json", "--seed", "7"]);
    let json_b = jointex(&["run", "--json", "--seed", "7"]);
    assert_eq!(json_a.stdout, json_b.stdout);
    let c = jointex(&args("8"));
    assert_eq!(c.status.code(), Some(0));
    assert_ne!(a.stdout, c.stdout, "another seed plays another exercise");
}

#[test]
fn turns_stops_early_and_is_checked_against_the_scenario() {
    let out = jointex(&["run", "--turns", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert_eq!(turn_lines(&stdout).len(), 3, "{stdout}");
    assert!(stdout.contains("after 3 of 12 turns"), "{stdout}");
    let json = jointex(&["run", "--json", "--turns", "3"]);
    let lines = json_lines(&json.stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3]["final"]["turns_played"], 3);
    assert_eq!(lines[3]["final"]["over"], false);

    let too_many = jointex(&["run", "--turns", "13"]);
    assert_eq!(too_many.status.code(), Some(2));
    assert_eq!(
        text(&too_many.stderr),
        "error: `--turns 13` is more than the scenario has: `pacific-bridge` runs 12 turns\n"
    );
    assert!(too_many.stdout.is_empty());
    assert_eq!(jointex(&["run", "--turns", "0"]).status.code(), Some(2));
}

#[test]
fn unknown_policies_and_teams_are_usage_errors_naming_the_valid_ones() {
    let out = jointex(&["run", "--policy", "by-the-bok"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown policy `by-the-bok` in `--policy by-the-bok`: did you mean `by-the-book`? \
         the policies are `idle`, `by-the-book`, `share-everything` and `respond:KNOB=VALUE,…` \
         (docs/study.md)\n"
    );
    assert!(out.stdout.is_empty());
    let out = jointex(&["run", "--policy", "kr=yolo"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown policy `yolo` in `--policy kr=yolo`: \
         the policies are `idle`, `by-the-book`, `share-everything` and `respond:KNOB=VALUE,…` \
         (docs/study.md)\n"
    );
    let out = jointex(&["run", "--policy", "usa=idle"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown team `usa` in `--policy usa=idle`: did you mean `us`? the teams are `us`, `kr`\n"
    );
    assert_eq!(
        jointex(&["run", "--policy", "=idle"]).status.code(),
        Some(2)
    );
    assert_eq!(jointex(&["run", "--frobnicate"]).status.code(), Some(2));
}

#[test]
fn policies_per_team_and_for_every_team_combine() {
    let out = jointex(&[
        "run",
        "--turns",
        "1",
        "--policy",
        "kr=share-everything",
        "--policy",
        "by-the-book",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("policies: us by-the-book, kr share-everything"),
        "a team named on the command line keeps its own policy"
    );
    let out = jointex(&["run", "--turns", "1", "--orders", VALID]);
    assert!(
        text(&out.stdout).contains("policies: us idle, kr by-the-book"),
        "the orders file sets kr's"
    );
    let out = jointex(&["run", "--turns", "1", "--orders", VALID, "--policy", "idle"]);
    assert!(
        text(&out.stdout).contains("policies: us idle, kr idle"),
        "the command line overrides the file"
    );
}

#[test]
fn a_bad_scenario_is_reported_like_check_and_nothing_runs() {
    let file = "tests/scenarios/invalid/unknown-asset.ron";
    let run = jointex(&["run", "--color", "never", file]);
    let check = jointex(&["check", "--color", "never", file]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(run.stderr, check.stderr);
    assert!(run.stdout.is_empty());
    let missing = jointex(&["run", "--color", "never", "no/such/scenario.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("error[unreadable]: cannot read the file: no such file")
    );
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

/// Each broken orders file stops the run before it starts (exit 1, nothing on stdout),
/// reports the error its first line names (`// expect: code`), and prints exactly its
/// snapshot.
#[test]
fn invalid_orders_print_exactly_their_snapshot() {
    let files = ron_files("tests/orders/invalid");
    assert!(files.len() >= 15, "one file per failure mode");
    for file in files {
        let name = relative(&file);
        let source = std::fs::read_to_string(&file).expect("readable");
        let expect = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .expect("first line names the expected code");
        let out = jointex(&["run", "--color", "never", "--orders", &name]);
        assert_eq!(out.status.code(), Some(1), "{name} must be refused");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("error[{expect}]")),
            "{name}: expected error[{expect}], got\n{stderr}"
        );
        assert!(stderr.ends_with("; nothing was run\n"), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: nothing is run");
        let stem = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        insta::with_settings!({ snapshot_path => "snapshots/run", prepend_module_to_snapshot => false, description => name.clone() }, {
            insta::assert_snapshot!(stem, stderr);
        });
    }
}

#[test]
fn many_mistakes_are_all_reported_at_once() {
    let out = jointex(&[
        "run",
        "--color",
        "never",
        "--orders",
        "tests/orders/invalid/many-mistakes.ron",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("error[").count(), 13, "{stderr}");
    assert!(stderr.ends_with("invalid orders: 13 errors; nothing was run\n"));
}

#[test]
fn a_valid_orders_file_changes_the_run_and_its_orders_are_applied() {
    let idle = jointex(&["run", "--json"]);
    let scripted = jointex(&["run", "--json", "--orders", VALID]);
    assert_eq!(
        scripted.status.code(),
        Some(0),
        "{}",
        text(&scripted.stderr)
    );
    assert!(
        text(&scripted.stderr).is_empty(),
        "{}",
        text(&scripted.stderr)
    );
    let idle = json_lines(&idle.stdout);
    let scripted = json_lines(&scripted.stdout);
    assert_ne!(
        idle[0]["hash"], scripted[0]["hash"],
        "turn 1's scripted investigation changes the state"
    );
    let applied: Vec<String> = scripted[..12]
        .iter()
        .flat_map(|t| t["events"].as_array().expect("events"))
        .filter(|e| e["event"].get("OrderApplied").is_some())
        .map(|e| e["text"].as_str().expect("text").to_owned())
        .collect();
    for expected in [
        "us: investigate us-meridian-build applied",
        "kr: investigate kr-grid-historian applied",
        "kr: share IND-01 with us as TLP:AMBER applied",
        "us: isolate us-meridian-update applied",
        "us: block IND-02 applied",
        "kr: hunt IND-03 applied",
        "us: join an operation against ember-tide applied",
        "kr: join an operation against ember-tide applied",
        "facilitator: send an ad-hoc inject to kr: CISA liaison: call us before you isolate applied",
    ] {
        assert!(
            applied.iter().any(|a| a == expected),
            "{expected} is missing from {applied:#?}"
        );
    }
    let joint = scripted[3]["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["event"].get("JointOperationSucceeded").is_some())
        .expect("both teams committed in turn 4");
    assert_eq!(joint["audience"], "all");
    assert_eq!(joint["text"], "joint operation against ember-tide succeeds");
    let summary = &scripted[12]["final"];
    assert_eq!(summary["teams"][0]["metrics"]["joint_operations"], 1);
    let obj6 = summary["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .find(|o| o["id"] == "OBJ-6")
        .expect("OBJ-6");
    assert_eq!(obj6["met"], true, "the joint operation meets OBJ-6");
}

#[test]
fn refused_orders_are_warnings_at_their_place_in_the_file_and_the_run_goes_on() {
    let out = jointex(&[
        "run",
        "--turns",
        "2",
        "--orders",
        "tests/orders/valid/refusals.ron",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(turn_lines(&text(&out.stdout)).len(), 2);
    insta::assert_snapshot!(text(&out.stderr), @r"
    warning: tests/orders/valid/refusals.ron:7:27: facilitator: hold INJ-16 refused: the inject is already held
    warning: tests/orders/valid/refusals.ron:9:17: us: reconnect us-water-scada-hmi refused: the asset is not isolated
    warning: tests/orders/valid/refusals.ron:10:17: kr: hunt IND-04 refused: the team does not know this indicator
    warning: tests/orders/valid/refusals.ron:15:13: us: isolate us-water-scada-hmi refused: the same order is already in this turn's plan
    ");
    let json = jointex(&[
        "run",
        "--json",
        "--turns",
        "1",
        "--orders",
        "tests/orders/valid/refusals.ron",
    ]);
    let lines = json_lines(&json.stdout);
    let refused = lines[0]["refused"].as_array().expect("refused");
    assert_eq!(refused.len(), 3);
    assert_eq!(refused[1]["at"], "tests/orders/valid/refusals.ron:9:17");
    assert_eq!(refused[1]["team"], "us");
    assert_eq!(refused[1]["order"], "reconnect us-water-scada-hmi");
    assert_eq!(refused[1]["reason"], "the asset is not isolated");
    assert_eq!(refused[0]["team"], serde_json::Value::Null);
}

#[test]
fn every_valid_orders_fixture_runs_without_error() {
    for file in ron_files("tests/orders/valid") {
        let name = relative(&file);
        let out = jointex(&["run", "--color", "never", "--orders", &name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert_eq!(turn_lines(&text(&out.stdout)).len(), 12, "{name}");
    }
}

/// The example in docs/orders.md runs against the default scenario with no warning: a
/// newcomer copies it first, so it must never rot.
#[test]
fn the_documented_example_runs_cleanly() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/orders.md"))
        .expect("doc exists");
    let start = doc.find("```ron\n").expect("a ron block") + "```ron\n".len();
    let len = doc[start..].find("```").expect("closed block");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("doc-example.ron");
    std::fs::write(&path, &doc[start..start + len]).expect("write");
    let out = jointex(&[
        "run",
        "--color",
        "never",
        "--orders",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}
