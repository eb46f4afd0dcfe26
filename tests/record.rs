//! Exercise records through the real binary: crash safety (SIGKILL at random points, then
//! `jointex resume`), replay of every recorded run, an altered order reported as a desync at
//! its turn, fork-then-resume equal to the original, and bad files refused with a clear
//! message and left byte for byte as they were.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ORDERS: &str = "tests/orders/valid/joint-response.ron";
const POLICIES: [&str; 4] = [
    "--policy",
    "us=by-the-book",
    "--policy",
    "kr=share-everything",
];

fn jointex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the jointex binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jointex-record-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a utf-8 path")
}

fn final_hash(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| {
            l.split_once("final hash ")
                .map(|(_, h)| h.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no final hash in:\n{stdout}"))
}

fn run_args(seed: &str, record: Option<&Path>) -> Vec<String> {
    let mut v: Vec<String> = ["run", "--seed", seed, "--orders", ORDERS]
        .iter()
        .map(|x| (*x).to_owned())
        .collect();
    v.extend(POLICIES.iter().map(|x| (*x).to_owned()));
    if let Some(r) = record {
        v.extend(["--record".to_owned(), s(r).to_owned()]);
    }
    v
}

fn run_to_end(seed: &str, record: Option<&Path>) -> Output {
    let args = run_args(seed, record);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jointex(&refs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// Starts `args` with `--print-acks`, reads acknowledgements until `after` of them, then kills
/// the process with SIGKILL. Returns the acknowledgements read (`#seq turn N kind`).
fn kill_after(args: &[String], after: usize) -> Vec<(u64, u32, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args(args)
        .arg("--print-acks")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jointex binary starts");
    let stderr = child.stderr.take().expect("piped stderr");
    let mut acks = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr reads");
        let Some(rest) = line.strip_prefix("recorded #") else {
            continue;
        };
        let parts: Vec<&str> = rest.split(' ').collect();
        acks.push((
            parts[0].parse().expect("a seq"),
            parts[2].parse().expect("a turn"),
            parts[3].to_owned(),
        ));
        if acks.len() >= after {
            // `Child::kill` is SIGKILL on Unix: no destructor, no flush, no checkpoint.
            let _ = child.kill();
            break;
        }
    }
    let _ = child.wait();
    acks
}

/// A small deterministic generator for the kill points, so a failure reproduces.
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn killed_runs_resume_to_the_uninterrupted_result_with_every_acknowledged_action() {
    let dir = scratch("crash");
    for seed in ["1", "2", "7"] {
        let plain = run_to_end(seed, None);
        let expected = final_hash(&text(&plain.stdout));
        let record = dir.join(format!("seed-{seed}.jointex"));
        let mut rng = seed.parse::<u64>().expect("a number") * 7919;
        // The whole exercise is about 130 actions; kill twice, the second time during the
        // resume, at points drawn from the seed.
        let first = 1 + (lcg(&mut rng) % 120) as usize;
        let acked = kill_after(&run_args(seed, Some(&record)), first);
        assert!(
            acked.len() >= first.min(1),
            "seed {seed}: no acknowledgement read"
        );
        let rec = jointex_record::open(&record).expect("a killed record opens");
        for (seq, turn, kind) in &acked {
            let logged = rec
                .actions
                .iter()
                .find(|a| a.seq == *seq)
                .unwrap_or_else(|| panic!("seed {seed}: acknowledged #{seq} is missing"));
            assert_eq!((logged.turn, logged.action.kind()), (*turn, kind.as_str()));
        }
        let before = rec.actions.len();
        let resume: Vec<String> = vec!["resume".into(), s(&record).into()];
        let second = 1 + (lcg(&mut rng) % 40) as usize;
        let acked2 = kill_after(&resume, second);
        let rec = jointex_record::open(&record).expect("a record killed twice opens");
        for (seq, ..) in &acked2 {
            assert!(
                rec.actions.iter().any(|a| a.seq == *seq),
                "seed {seed}: #{seq} acknowledged by the resume is missing"
            );
        }
        assert!(rec.actions.len() >= before);
        let out = jointex(&["resume", s(&record)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(
            final_hash(&text(&out.stdout)),
            expected,
            "seed {seed}: killed after {first} then {second} actions"
        );
        // The finished record replays turn by turn.
        let replay = jointex(&["replay", s(&record)]);
        assert!(replay.status.success(), "{}", text(&replay.stderr));
        assert!(text(&replay.stdout).contains("every state hash matches"));
    }
}

#[test]
fn a_resumed_run_prints_what_the_uninterrupted_run_printed() {
    let dir = scratch("same-output");
    let plain = run_to_end("3", None);
    let record = dir.join("r.jointex");
    let _ = kill_after(&run_args("3", Some(&record)), 40);
    let out = jointex(&["resume", s(&record)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), text(&plain.stdout));
}

#[test]
fn recorded_runs_replay_and_an_altered_order_is_a_desync_at_its_turn() {
    let dir = scratch("desync");
    for seed in ["1", "4"] {
        let record = dir.join(format!("r{seed}.jointex"));
        run_to_end(seed, Some(&record));
        let ok = jointex(&["replay", s(&record)]);
        assert!(ok.status.success(), "{}", text(&ok.stderr));
        let turns = |o: &Output| {
            text(&o.stdout)
                .lines()
                .filter(|l| l.starts_with("turn ") && l.ends_with(" matches"))
                .count()
        };
        assert_eq!(turns(&ok), 12);

        // Alter one order: the first block of turn 3 or later becomes a hunt for the same
        // indicator.
        let altered = dir.join(format!("altered{seed}.jointex"));
        std::fs::copy(&record, &altered).expect("copy");
        let conn = rusqlite::Connection::open(&altered).expect("sqlite opens");
        let (seq, turn, payload): (i64, i64, String) = conn
            .query_row(
                "SELECT seq, turn, payload FROM actions
                 WHERE kind = 'order' AND turn >= 3 AND payload LIKE '%\"Block\"%'
                 ORDER BY seq LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("a block order after turn 3");
        conn.execute(
            "UPDATE actions SET payload = ?1 WHERE seq = ?2",
            rusqlite::params![payload.replace("\"Block\"", "\"Hunt\""), seq],
        )
        .expect("update");
        drop(conn);
        let out = jointex(&["replay", s(&altered)]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(
            err.starts_with(&format!("desync at turn {turn}\n")),
            "seed {seed}, altered #{seq} in turn {turn}:\n{err}"
        );
        assert!(err.contains("recorded hash: "), "{err}");
        assert!(err.contains("replayed hash: "), "{err}");
        // Every earlier turn matched.
        assert_eq!(turns(&out), usize::try_from(turn - 1).expect("a turn"));
    }
}

#[test]
fn a_fork_resumed_with_the_same_later_orders_equals_the_original() {
    let dir = scratch("fork");
    let record = dir.join("game.jointex");
    let original = final_hash(&text(&run_to_end("5", Some(&record)).stdout));
    for turn in ["0", "4", "11"] {
        let out = jointex(&["fork", s(&record), "--turn", turn]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let fork = dir.join(format!("game-fork-t{turn}.jointex"));
        assert!(text(&out.stdout).contains(s(&fork)));
        let prefix = jointex_record::open(&fork).expect("the fork opens");
        assert_eq!(prefix.resolved().to_string(), turn);
        let resumed = jointex(&["resume", s(&fork)]);
        assert!(resumed.status.success(), "{}", text(&resumed.stderr));
        assert_eq!(
            final_hash(&text(&resumed.stdout)),
            original,
            "fork at {turn}"
        );
        let replay = jointex(&["replay", s(&fork)]);
        assert!(replay.status.success(), "{}", text(&replay.stderr));
        // Never replaces a file.
        let again = jointex(&["fork", s(&record), "--turn", turn]);
        assert_eq!(again.status.code(), Some(1));
        assert!(text(&again.stderr).contains("already exists"));
    }
    let out = jointex(&[
        "fork",
        s(&record),
        "--turn",
        "13",
        "--out",
        s(&dir.join("x")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: cannot fork after turn 13: the record has resolved 12 turns\n"
    );
    assert!(!dir.join("x").exists());
}

/// Runs every reading command on a bad file: each fails with `expected` in its message, and
/// the file's bytes and the directory's listing are unchanged.
fn refused_untouched(file: &Path, expected: &str) {
    let before = std::fs::read(file).expect("read");
    let listing = |d: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        v.sort();
        v
    };
    let dir = file.parent().expect("a parent");
    let files = listing(dir);
    for cmd in [
        vec!["resume", s(file)],
        vec!["replay", s(file)],
        vec!["report", s(file)],
        vec!["fork", s(file), "--turn", "1", "--out", "/nonexistent/x"],
    ] {
        let out = jointex(&cmd);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("error: "), "{cmd:?}: {err}");
        assert!(
            err.contains(expected),
            "{cmd:?}: expected `{expected}` in {err}"
        );
        assert_eq!(
            std::fs::read(file).expect("read"),
            before,
            "{cmd:?} changed the file"
        );
        assert_eq!(listing(dir), files, "{cmd:?} left files beside it");
    }
}

#[test]
fn bad_records_get_clear_errors_and_stay_unchanged() {
    let dir = scratch("bad");
    let good = dir.join("good.jointex");
    run_to_end("1", Some(&good));
    let bytes = std::fs::read(&good).expect("read");

    let case = |name: &str, edit: &dyn Fn(&Path)| {
        let sub = dir.join(name);
        std::fs::create_dir_all(&sub).expect("dir");
        let f = sub.join("r.jointex");
        std::fs::write(&f, &bytes).expect("write");
        edit(&f);
        f
    };
    let sql = |sql: &'static str| {
        move |f: &Path| {
            let c = rusqlite::Connection::open(f).expect("open");
            c.execute_batch(sql).expect("edit");
            drop(c);
        }
    };

    let t = case("text", &|f| {
        std::fs::write(f, "turn 1: nothing\n").expect("write")
    });
    refused_untouched(
        &t,
        "not a jointex record: the file is not an SQLite database",
    );
    let t = case("empty", &|f| std::fs::write(f, "").expect("write"));
    refused_untouched(&t, "not a jointex record: the file is truncated (0 bytes)");
    let t = case("truncated", &|f| {
        std::fs::write(f, &bytes[..bytes.len() / 2]).expect("write");
    });
    refused_untouched(&t, "the record is damaged: the file is truncated");
    let t = case(
        "not-utf8",
        &sql("UPDATE actions SET payload = CAST(x'7b22ff22' AS TEXT) WHERE seq = 2;"),
    );
    refused_untouched(
        &t,
        "action #2: its `payload` is not UTF-8 text (bad byte at 2)",
    );
    let t = case("no-turns", &sql("DROP TABLE turns;"));
    refused_untouched(&t, "the record is damaged: its table `turns` is missing");
    let t = case("future", &sql("PRAGMA user_version = 4;"));
    refused_untouched(
        &t,
        "record format 4 is newer than this jointex reads (formats 2 to 3)",
    );
    // Format 1 holds hashes made under the rules before seats and commands: it cannot be
    // replayed, so it is refused by name rather than failing at its first turn.
    let t = case("past", &sql("PRAGMA user_version = 1;"));
    refused_untouched(
        &t,
        "record format 1 is older than this jointex reads (formats 2 to 3)",
    );
    let t = case("stranger", &sql("PRAGMA application_id = 0;"));
    refused_untouched(
        &t,
        "not a jointex record: an SQLite database with application id",
    );
    let t = case("version", &sql("UPDATE meta SET scenario_version = '0.9';"));
    refused_untouched(
        &t,
        "the record is of scenario `pacific-bridge` v0.9 but the scenario it carries is",
    );
    let t = case(
        "scenario-text",
        &sql("UPDATE meta SET scenario_text = scenario_text || ' ';"),
    );
    refused_untouched(
        &t,
        "the record was altered: the embedded scenario text does not match its sha-256",
    );
    let t = case("gap", &sql("DELETE FROM actions WHERE seq = 5;"));
    refused_untouched(&t, "the record was altered: action #6 follows #4");
    // An edited events row is found by every command that restores the exercise, not only
    // by replay.
    let t = case(
        "events",
        &sql("UPDATE turns SET events = '[]' WHERE turn = 1;"),
    );
    for cmd in [vec!["resume", s(&t)], vec!["report", s(&t)]] {
        let out = jointex(&cmd);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("turn 1's events row is not what its commands produce"),
            "{cmd:?}: {err}"
        );
    }
    let out = jointex(&["replay", s(&t)]);
    assert_eq!(out.status.code(), Some(1), "replay finds it too");
    let t = case("missing", &|_| {});
    std::fs::remove_file(&t).expect("remove");
    let out = jointex(&["replay", s(&t)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).ends_with("r.jointex: no such file\n"));
    // A run never replaces a file with its record.
    let args = run_args("1", Some(&good));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jointex(&refs);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the file already exists"));
    assert_eq!(std::fs::read(&good).expect("read"), bytes);
}

/// Exported files by name, with their text.
fn exported(d: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(d)
        .expect("exported")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("readable"),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every STIX id (`type--uuid`) in a text.
fn stix_ids(text: &str) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    for (at, _) in text.match_indices("--") {
        let start = text[..at]
            .rfind(|c: char| !(c.is_ascii_lowercase() || c == '-'))
            .map_or(0, |i| i + 1);
        let end = at + 2 + 36;
        if end <= text.len() && text.as_bytes()[start..at].iter().all(u8::is_ascii) {
            ids.insert(text[start..end].to_owned());
        }
    }
    ids
}

/// The text with each id replaced by its order of first appearance: what is shared, without
/// the exercise's identity.
fn without_ids(text: &str) -> String {
    let mut out = text.to_owned();
    let mut seen: Vec<String> = Vec::new();
    for (at, _) in text.match_indices("--") {
        let start = text[..at]
            .rfind(|c: char| !(c.is_ascii_lowercase() || c == '-'))
            .map_or(0, |i| i + 1);
        let end = (at + 2 + 36).min(text.len());
        let id = text[start..end].to_owned();
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    for (n, id) in seen.iter().enumerate() {
        out = out.replace(id.as_str(), &format!("id-{n}"));
    }
    out
}

/// The intel of an exercise leaves as STIX from its record exactly as it was shared:
/// `export stix RECORD` gives what exporting the same headless run gives, under the record's
/// own ids — stable from one export to the next, and shared with no other exercise of the same
/// scenario and seed (only the CERTs' identities and the markings, the same objects, are).
#[test]
fn a_record_exports_the_same_stix_bundles_as_the_run_it_recorded() {
    let dir = scratch("export-stix");
    let record = |name: &str, policy: &str| {
        let path = dir.join(name);
        let out = jointex(&[
            "run",
            "--seed",
            "3",
            "--policy",
            policy,
            "--record",
            s(&path),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        path
    };
    let export = |source: Option<&Path>, policy: &str, to: &str| {
        let out_dir = dir.join(to);
        let mut args = vec!["export", "stix"];
        if let Some(p) = source {
            args.push(s(p));
        }
        args.extend(["--seed", "3", "--policy", policy, "--out", s(&out_dir)]);
        let out = jointex(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        exported(&out_dir)
    };
    let first = record("first.jointex", "share-everything");
    let second = record("second.jointex", "share-everything");
    let a = export(Some(&first), "share-everything", "a");
    assert!(!a.is_empty(), "a share-everything exercise shares");
    // Stable within the exercise.
    assert_eq!(a, export(Some(&first), "share-everything", "a-again"));
    // The same intel as the headless run of the same seed and policies…
    let run = export(None, "share-everything", "run");
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&run));
    for ((name, x), (_, y)) in a.iter().zip(&run) {
        assert_eq!(without_ids(x), without_ids(y), "{name}");
    }
    // …under ids of its own: another record of the same seed, the headless run and a run
    // under other policies share only the identities and the marking definitions.
    let shared_kinds = |x: &[(String, String)], y: &[(String, String)]| {
        let ids = |v: &[(String, String)]| {
            v.iter()
                .flat_map(|(_, t)| stix_ids(t))
                .collect::<std::collections::BTreeSet<_>>()
        };
        ids(x)
            .intersection(&ids(y))
            .map(|id| id.split("--").next().unwrap_or("").to_owned())
            .collect::<std::collections::BTreeSet<_>>()
    };
    // The TLP 2.0 definitions name the OASIS extension that defines them.
    let allowed: std::collections::BTreeSet<String> =
        ["identity", "marking-definition", "extension-definition"]
            .map(str::to_owned)
            .into();
    let b = export(Some(&second), "share-everything", "b");
    let book = export(None, "by-the-book", "book");
    for (what, other) in [
        ("a second record", &b),
        ("the headless run", &run),
        ("another policy", &book),
    ] {
        let kinds = shared_kinds(&a, other);
        assert!(kinds.is_subset(&allowed), "{what} shares ids of {kinds:?}");
    }
}

/// A record whose kept copy of the orders file no longer parses is refused with the copy
/// named as such — never with an empty file name (`--> :1:1`).
#[test]
fn a_damaged_orders_copy_in_a_record_is_named() {
    let dir = scratch("orders-copy");
    let record = dir.join("r.jointex");
    let orders =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/orders/valid/joint-response.ron");
    let out = jointex(&[
        "run",
        "--orders",
        s(&orders),
        "--turns",
        "2",
        "--record",
        s(&record),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (name, edit) in [
        (
            "named",
            "UPDATE meta SET driver = json_set(driver, '$.orders_text', 'Orders(');",
        ),
        (
            "unnamed",
            "UPDATE meta SET driver = json_set(driver, '$.orders_text', 'Orders(', '$.orders_name', '');",
        ),
    ] {
        let copy = dir.join(format!("{name}.jointex"));
        std::fs::copy(&record, &copy).expect("copy");
        let c = rusqlite::Connection::open(&copy).expect("open");
        c.execute_batch(edit).expect("edit");
        drop(c);
        let out = jointex(&["resume", s(&copy)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("kept in {}", copy.display())),
            "{name}: {err}"
        );
        assert!(!err.contains("--> :"), "{name}: {err}");
    }
}

/// A resume consumes the whole log: a record whose driver was edited to stop earlier than
/// what it recorded is refused, not ended early with success.
#[test]
fn a_driver_edited_to_stop_early_is_refused() {
    let dir = scratch("driver-turns");
    let record = dir.join("r.jointex");
    let out = jointex(&[
        "run",
        "--policy",
        "by-the-book",
        "--turns",
        "4",
        "--record",
        s(&record),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let c = rusqlite::Connection::open(&record).expect("open");
    c.execute_batch("UPDATE meta SET driver = json_set(driver, '$.turns', 2);")
        .expect("edit");
    drop(c);
    let out = jointex(&["resume", s(&record)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("the record was altered: it holds actions after turn 2"),
        "{err}"
    );
}
