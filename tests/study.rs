//! `jointex study` as a planner and a cluster use it: the real binary, determinism whatever
//! the number of threads, shards merged into the bytes of one run, runs that are exactly
//! `jointex run`'s, the HTML page's charts, every shipped scenario under `--vs`, and usage
//! errors that say what is wrong.

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

fn ok(args: &[&str]) -> Output {
    let out = jointex(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "jointex {args:?}: {}",
        text(&out.stderr)
    );
    out
}

/// A fresh directory under the target directory, for files a test writes.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

const COMPARE: [&str; 8] = [
    "study",
    "scenarios/counter-ransomware.ron",
    "--runs",
    "12",
    "--policy",
    "kr=respond:share=never",
    "--vs",
    "kr=respond:share=everything",
];

#[test]
fn the_same_study_gives_the_same_json_on_any_number_of_threads() {
    let one = ok(&[&COMPARE[..], &["--json", "--jobs", "1"]].concat());
    let two = ok(&[&COMPARE[..], &["--json", "--jobs", "2"]].concat());
    let five = ok(&[&COMPARE[..], &["--json", "--jobs", "5"]].concat());
    assert_eq!(text(&one.stdout), text(&two.stdout));
    assert_eq!(text(&one.stdout), text(&five.stdout));
    let doc: serde_json::Value = serde_json::from_slice(&one.stdout).expect("JSON");
    assert_eq!(doc["runs"].as_array().map(Vec::len), Some(12));
    assert_eq!(doc["summary"]["arms"].as_array().map(Vec::len), Some(2));
    // The timing line is on standard error, where it cannot break the bytes above.
    assert!(
        text(&one.stderr).starts_with("study: 24 runs, "),
        "{}",
        text(&one.stderr)
    );
}

#[test]
fn shards_merge_into_the_bytes_of_one_run() {
    let dir = scratch("study-shards");
    let whole = ok(&[&COMPARE[..], &["--json"]].concat());
    let mut files = Vec::new();
    // Three shards of 12 runs, merged in a shuffled order.
    for i in [3, 1, 2] {
        let file = dir.join(format!("shard-{i}.json"));
        let f = file.to_str().expect("utf-8 path").to_owned();
        ok(&[&COMPARE[..], &["--shard", &format!("{i}/3"), "--json", &f]].concat());
        files.push(f);
    }
    let mut args = vec!["study", "merge"];
    args.extend(files.iter().map(String::as_str));
    args.push("--json");
    let merged = ok(&args);
    assert_eq!(text(&merged.stdout), text(&whole.stdout));

    // CSV and HTML of the merge are those of the whole study too.
    let csv_whole = ok(&[&COMPARE[..], &["--csv"]].concat());
    let mut args = vec!["study", "merge"];
    args.extend(files.iter().map(String::as_str));
    args.push("--csv");
    assert_eq!(text(&ok(&args).stdout), text(&csv_whole.stdout));

    // A missing shard, a shard given twice, and a shard of another study are refused.
    let out = jointex(&["study", "merge", &files[0], &files[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: the study has 12 runs from seed 1; 4 of them are in none of the files (the \
         first missing is seed 5): add the missing shards\n"
    );
    let out = jointex(&["study", "merge", &files[0], &files[1], &files[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is in both"),
        "{}",
        text(&out.stderr)
    );
    let other = dir.join("other.json");
    let o = other.to_str().expect("utf-8 path");
    ok(&["study", "--runs", "12", "--shard", "3/3", "--json", o]);
    let out = jointex(&["study", "merge", &files[1], &files[2], o]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is a different study from")
            && text(&out.stderr).contains("scenarios differ"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(dir.join("broken.json"), "{\"study\": 3}").expect("write");
    let broken = dir.join("broken.json");
    let out = jointex(&["study", "merge", broken.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("broken.json:1:")
            && text(&out.stderr).contains("not a `jointex study --json` file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_run_of_a_study_is_the_run_of_jointex_run() {
    let doc: serde_json::Value = serde_json::from_slice(
        &ok(&[
            "study",
            "--runs",
            "3",
            "--seed-from",
            "7",
            "--policy",
            "share-everything",
            "--policy",
            "kr=idle",
            "--json",
        ])
        .stdout,
    )
    .expect("JSON");
    for run in doc["runs"].as_array().expect("runs") {
        let seed = run["seed"].as_u64().expect("a seed").to_string();
        let out = ok(&[
            "run",
            "--seed",
            &seed,
            "--policy",
            "share-everything",
            "--policy",
            "kr=idle",
            "--json",
        ]);
        let last = text(&out.stdout)
            .lines()
            .last()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
            .expect("a final line");
        assert_eq!(last["final"]["hash"], run["a"]["hash"], "seed {seed}");
        assert_eq!(
            last["final"]["objectives_met"].as_f64(),
            run["a"]["measures"]
                .as_array()
                .and_then(|m| m[m.len() - 3].as_f64()),
            "seed {seed}"
        );
    }
}

#[test]
fn the_html_page_holds_every_chart_and_parses() {
    let dir = scratch("study-html");
    let page = dir.join("study.html");
    let p = page.to_str().expect("utf-8 path");
    let out = ok(&[&COMPARE[..], &["--html", p]].concat());
    assert!(
        text(&out.stderr).contains("wrote "),
        "{}",
        text(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).expect("the page");
    // Well-formed XML, so every chart is a complete element.
    let mut reader = quick_xml::Reader::from_str(&html);
    let mut svgs = 0;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == "svg" {
                    svgs += 1;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => panic!(
                "the page is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0);
    let doc: serde_json::Value =
        serde_json::from_slice(&ok(&[&COMPARE[..], &["--json"]].concat()).stdout).expect("JSON");
    let measures = doc["study"]["catalog"]["measures"]
        .as_array()
        .map_or(0, Vec::len);
    // A histogram per measure, an interval per comparable measure, and per policy set a
    // funnel, an inject chart and an asset chart.
    assert!(
        svgs >= measures + 2 * 2,
        "{svgs} charts for {measures} measures"
    );
    for id in [
        "comparison",
        "findings",
        "measures",
        "funnel-a",
        "funnel-b",
        "injects-a",
        "objectives-b",
        "assets-a",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    assert!(!html.contains("<script"), "the page runs no script");
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "the page fetches nothing"
    );
    // Writing over it needs --force.
    let again = jointex(&[&COMPARE[..], &["--html", p]].concat());
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists; pass --force"));
    ok(&[&COMPARE[..], &["--html", p, "--force"]].concat());
}

#[test]
fn every_shipped_scenario_can_be_studied_with_and_without_sharing() {
    let mut scenarios: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .expect("scenarios/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
    scenarios.sort();
    assert_eq!(scenarios.len(), 6);
    for s in &scenarios {
        let out = ok(&[
            "study",
            s.to_str().expect("utf-8 path"),
            "--runs",
            "4",
            "--policy",
            "respond:share=never",
            "--vs",
            "respond:share=everything",
        ]);
        let summary = text(&out.stdout);
        assert!(
            summary
                .contains("What respond:share=everything instead of respond:share=never changes"),
            "{}: {summary}",
            s.display()
        );
        assert!(summary.contains("Campaign funnel [a]"), "{}", s.display());
    }
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "study",
                "--runs",
                "5",
                "--policy",
                "kr=respond:shares=never",
            ],
            "error: unknown knob `shares` in `respond:shares=never` in `--policy kr=respond:shares=never`: did you mean `share`?",
        ),
        (
            &["study", "--runs", "5", "--vs", "jp=idle"],
            "error: unknown team `jp` in `--vs jp=idle`: the teams are `us`, `kr`",
        ),
        (
            &["study", "--runs", "5", "--vs", "by-the-book"],
            "error: `--vs` plays the same policies as set a",
        ),
        (
            &["study", "--runs", "5", "--shard", "0/2"],
            "error: `--shard 0/2` is not `I/N` with 1 ≤ I ≤ N",
        ),
        (
            &["study", "--runs", "2", "--shard", "2/1"],
            "error: `--shard 2/1` is not `I/N`",
        ),
        (
            &["study", "--runs", "5", "--turns", "99"],
            "error: `--turns 99` is more than the scenario has",
        ),
        (
            &["study", "--runs", "5", "--json", "--csv"],
            "error: `--json` and `--csv` cannot both go to standard output",
        ),
    ];
    for (args, start) in cases {
        let out = jointex(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).starts_with(start),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
    let out = jointex(&["study", "--runs", "2", "--shard", "2/2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = jointex(&["study", "--runs", "1", "--shard", "1/2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("holds no run: use at most 1 shards"),
        "{}",
        text(&out.stderr)
    );
    let out = jointex(&["study", "tests/scenarios/does-not-exist.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no such file"));
}

/// The command a manifest's container runs: the folded `args` block, with the image's paths
/// made this checkout's.
fn manifest_command(yaml: &str, results: &Path) -> String {
    let mut lines = yaml.lines().skip_while(|l| l.trim() != "- >-").skip(1);
    let mut words = Vec::new();
    for l in lines.by_ref() {
        let t = l.trim();
        if t.ends_with(':') {
            break;
        }
        words.push(t);
    }
    words
        .join(" ")
        .replace("/usr/local/bin/jointex", env!("CARGO_BIN_EXE_jointex"))
        .replace("/scenarios/", "scenarios/")
        .replace("/results", results.to_str().expect("utf-8 path"))
        .replace("--runs 100000", "--runs 16")
}

#[test]
fn the_kubernetes_manifests_run_a_study_that_merges_into_one() {
    let dir = scratch("study-k8s");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let job = std::fs::read_to_string(root.join("docs/study/study-job.yaml")).expect("manifest");
    let merge =
        std::fs::read_to_string(root.join("docs/study/study-merge.yaml")).expect("manifest");
    let completions: u32 = job
        .lines()
        .find_map(|l| l.trim().strip_prefix("completions: "))
        .and_then(|n| n.parse().ok())
        .expect("completions");
    let shard_command = manifest_command(&job, &dir);
    assert!(
        shard_command.contains(&format!("/{completions}\"")),
        "{shard_command}"
    );
    // Each pod of the Indexed Job, by its completion index.
    for k in 0..completions {
        let out = Command::new("sh")
            .args(["-c", &shard_command])
            .env("JOB_COMPLETION_INDEX", k.to_string())
            .current_dir(root)
            .output()
            .expect("sh runs");
        assert_eq!(out.status.code(), Some(0), "pod {k}: {}", text(&out.stderr));
    }
    let out = Command::new("sh")
        .args(["-c", &manifest_command(&merge, &dir)])
        .current_dir(root)
        .output()
        .expect("sh runs");
    assert_eq!(out.status.code(), Some(0), "merge: {}", text(&out.stderr));
    assert!(dir.join("study.html").is_file());
    // The same study on one machine.
    let whole = shard_command
        .replace("exec ", "")
        .split_once(" --shard")
        .map(|(head, _)| format!("{head} --json"))
        .expect("a --shard option");
    let out = Command::new("sh")
        .args(["-c", &whole])
        .current_dir(root)
        .output()
        .expect("sh runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let merged = std::fs::read_to_string(dir.join("study.json")).expect("merged");
    assert_eq!(merged, text(&out.stdout));
}

#[test]
fn the_interval_of_a_known_difference_holds_the_truth() {
    // tests/scenarios/study/partner-intel.ron says how the truth, -1.3525 turns of US time
    // to detect when Korea shares, follows from the engine's detection chances.
    let truth = 0.5 - (0.95 * 0.05 + 0.9025 * 2.0);
    let out = ok(&[
        "study",
        "tests/scenarios/study/partner-intel.ron",
        "--runs",
        "5000",
        "--policy",
        "kr=respond:share=never",
        "--vs",
        "kr=respond:share=everything",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let cmp = doc["summary"]["comparisons"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["measure"] == "us.detect"))
        .expect("a comparison of the US time to detect");
    let p = &cmp["paired"];
    let (low, high) = (
        p["low"].as_f64().expect("low"),
        p["high"].as_f64().expect("high"),
    );
    assert!(
        low <= truth && truth <= high,
        "{truth} outside [{low}, {high}]"
    );
    // Narrow enough to mean something, and the sentence a planner reads says it.
    assert!(high - low < 0.1, "[{low}, {high}]");
    let sentence = cmp["sentence"].as_str().expect("a sentence");
    assert!(
        sentence.starts_with("kr=respond:share=everything instead of kr=respond:share=never cuts United States (us)'s time to detect by 1.3"),
        "{sentence}"
    );
}
