//! `jointex study` at the size issue 15 sets, as a planner runs it: the release binary on the
//! generated 10,000-asset scenario, 1,000 runs of 12 turns under `by-the-book` on every core
//! (target: ≤ 3 s wall on the 2-core machine), and a 1,000-asset study for the cost of one
//! turn through `study` with the policies and the world building included.
//!
//! `cargo bench --bench study` prints the wall time (best of three), runs/s and turns/s, and
//! the study's own timing line. Under `cargo test --all-targets` (no `--bench` argument) it
//! runs each case once at a small size and checks the outcome, timing nothing.

// A benchmark measures time: that is what it is for.
#![allow(clippy::disallowed_methods, missing_docs)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jointex");

/// Runs jointex with standard output thrown away; the wall time and standard error.
fn timed(args: &[&str], dir: &Path) -> (Duration, String) {
    let start = Instant::now();
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("jointex runs");
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "jointex {args:?}: {err}");
    (took, err)
}

fn case(name: &str, dir: &Path, file: &str, runs: usize, repeat: usize, target: Option<f64>) {
    let runs_arg = runs.to_string();
    let args = [
        "study",
        file,
        "--runs",
        &runs_arg,
        "--policy",
        "by-the-book",
        "--json",
    ];
    let mut best: Option<(Duration, String)> = None;
    for _ in 0..repeat {
        let (t, err) = timed(&args, dir);
        if best.as_ref().is_none_or(|(b, _)| t < *b) {
            best = Some((t, err));
        }
    }
    let Some((t, err)) = best else { return };
    let secs = t.as_secs_f64();
    let line = err
        .lines()
        .find(|l| l.starts_with("study: "))
        .unwrap_or("")
        .to_owned();
    let verdict = match target {
        Some(limit) if secs <= limit => format!(" (target ≤ {limit} s ✓)"),
        Some(limit) => format!(" (target ≤ {limit} s ✗)"),
        None => String::new(),
    };
    println!(
        "{name}: {secs:.2} s wall, best of {repeat}{verdict}; {:.0} runs/s, {:.0} turns/s with loading\n  {line}",
        runs as f64 / secs,
        (runs * 12) as f64 / secs,
    );
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (big, small, runs, repeat) = if bench {
        (10_000, 1_000, 1_000, 3)
    } else {
        (2_000, 100, 4, 1)
    };
    let dir = std::env::temp_dir().join(format!("jointex-bench-study-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for (n, file) in [(big, "big.ron"), (small, "small.ron")] {
        timed(
            &["generate", "--assets", &n.to_string(), "--out", file],
            &dir,
        );
    }
    let target = bench.then_some(3.0);
    case(
        &format!("study/{big}-assets/{runs}-runs"),
        &dir,
        "big.ron",
        runs,
        repeat,
        target,
    );
    case(
        &format!("study/{small}-assets/{runs}-runs"),
        &dir,
        "small.ron",
        runs,
        repeat,
        None,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
