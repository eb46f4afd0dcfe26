//! Diagnostics and orders at scale, as a user meets them: the release `jointex` binary run on
//! a generated scenario with one error per asset (100,000 errors), and on an orders file of
//! 100,000 orders (issue 17 targets: 100,000 errors reported in ≤ 2 s, 100,000 orders loaded
//! in ≤ 1 s).
//!
//! `cargo bench --bench diagnostics` prints the wall time of each run (the best of three).
//! Under `cargo test --all-targets` (no `--bench` argument) it runs each case once at 1,000
//! and checks the outcome, timing nothing.

// A benchmark measures time: that is what it is for.
#![allow(clippy::disallowed_methods, missing_docs)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jointex");

/// Runs jointex with its output thrown away; the exit code and the wall time.
fn timed(args: &[&str], dir: &Path) -> (Option<i32>, Duration) {
    let start = Instant::now();
    let status = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("jointex runs");
    (status.code(), start.elapsed())
}

fn best_of(runs: usize, args: &[&str], dir: &Path, want: i32) -> Duration {
    (0..runs)
        .map(|_| {
            let (code, t) = timed(args, dir);
            assert_eq!(code, Some(want), "jointex {args:?}");
            t
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (n, runs) = if bench { (100_000, 3) } else { (1_000, 1) };
    let dir = std::env::temp_dir().join(format!("jointex-bench-diag-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");

    // A scenario of n assets, each with a criticality out of range: n located errors.
    let (code, _) = timed(
        &["generate", "--assets", &n.to_string(), "--out", "good.ron"],
        &dir,
    );
    assert_eq!(code, Some(0), "generate");
    let good = std::fs::read_to_string(dir.join("good.ron")).expect("generated");
    let bad = good.replace("criticality: ", "criticality: 1");
    std::fs::write(dir.join("bad.ron"), bad).expect("written");
    let out = Command::new(BIN)
        .args(["check", "--all", "--format", "json", "bad.ron"])
        .current_dir(&dir)
        .output()
        .expect("check runs");
    let errors = String::from_utf8_lossy(&out.stdout)
        .matches("\"error\"")
        .count();
    assert!(errors >= n, "one error per asset at least: {errors}");
    // Every asset id the same: n - 1 duplicates, each pointing at the first.
    let mut k = 0usize;
    let dup: String = good
        .split("Asset(id: \"")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                return part.to_owned();
            }
            k += 1;
            let rest = part.split_once('"').map_or("", |(_, r)| r);
            format!("Asset(id: \"same\"{rest}")
        })
        .collect();
    std::fs::write(dir.join("dup.ron"), dup).expect("written");
    let dups = best_of(runs, &["check", "--all", "dup.ron"], &dir, 1);
    // Every edge from a misspelt asset: unknown references, each a search for a similar id.
    let typos = good
        .replace("from: \"us-", "from: \"ux-")
        .replace("from: \"kr-", "from: \"kx-");
    std::fs::write(dir.join("typos.ron"), typos).expect("written");
    let refs = best_of(runs, &["check", "--all", "typos.ron"], &dir, 1);
    let all = best_of(runs, &["check", "--all", "bad.ron"], &dir, 1);
    let first = best_of(runs, &["check", "bad.ron"], &dir, 1);

    // An orders file of n orders for the default scenario, spread over its twelve turns.
    let assets = ["us-power-vpn", "us-water-billing-portal", "us-telecom-dns"];
    let mut orders = String::from("Orders(turns: [\n");
    let per_turn = n / 12 + 1;
    let mut left = n;
    for turn in 1..=12 {
        orders.push_str(&format!("  Turn(turn: {turn}, orders: [\n"));
        for i in 0..per_turn.min(left) {
            orders.push_str(&format!(
                "    (team: \"us\", order: Investigate(\"{}\")),\n",
                assets[i % assets.len()]
            ));
        }
        left -= per_turn.min(left);
        orders.push_str("  ]),\n");
    }
    orders.push_str("])\n");
    std::fs::write(dir.join("orders.ron"), orders).expect("orders written");
    let run = best_of(
        runs,
        &["run", "--orders", "orders.ron", "--turns", "1"],
        &dir,
        0,
    );
    if bench {
        println!("jointex diagnostics and orders, release binary, best of {runs}");
        println!(
            "  check --all, {errors} errors on {n} assets: {:.2} s (target ≤ 2 s)",
            all.as_secs_f64()
        );
        println!(
            "  check (first 200, then the count): {:.2} s",
            first.as_secs_f64()
        );
        println!(
            "  check --all, {k} assets with one id: {:.2} s",
            dups.as_secs_f64()
        );
        println!(
            "  check --all, every edge from a misspelt asset: {:.2} s",
            refs.as_secs_f64()
        );
        println!(
            "  run --orders with {n} orders, one turn: {:.2} s (target ≤ 1 s to load)",
            run.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
