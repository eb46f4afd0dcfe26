//! `jointex import stix` at scale, as a CERT analyst meets it: the release binary reads a
//! bundle of 100,000 indicators (each its own IPv4 address) into a copy of the default
//! scenario, which it then writes and checks (issue 18 target: 100,000 indicators ≤ 2 s).
//!
//! `cargo bench --bench import` prints the wall time (best of three). Under `cargo test
//! --all-targets` (no `--bench` argument) it imports 1,000 once and checks the count.

// A benchmark measures time: that is what it is for.
#![allow(clippy::disallowed_methods, missing_docs)]

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jointex");

fn bundle(n: usize) -> String {
    let mut objects = String::new();
    for i in 0..n {
        if i > 0 {
            objects.push(',');
        }
        let _ = write!(
            objects,
            r#"{{"type":"indicator","spec_version":"2.1","id":"indicator--{:08x}-0000-4000-8000-{:012x}","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"address {i}","indicator_types":["malicious-activity"],"pattern":"[ipv4-addr:value = '10.{}.{}.{}']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00.000Z"}}"#,
            i,
            i,
            i >> 16,
            (i >> 8) & 255,
            i & 255
        );
    }
    format!(
        r#"{{"type":"bundle","id":"bundle--6d3a7b2e-0c4f-4a51-9e0b-7f1d2c3b4a51","objects":[{objects}]}}"#
    )
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (n, runs) = if bench { (100_000, 3) } else { (1_000, 1) };
    let dir = std::env::temp_dir().join(format!("jointex-bench-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("advisory.json"), bundle(n)).expect("bundle written");
    let mut best: Option<Duration> = None;
    for _ in 0..runs {
        std::fs::write(dir.join("s.ron"), jointex_scenario::DEFAULT_SCENARIO).expect("scenario");
        let start = Instant::now();
        let out = Command::new(BIN)
            .args(["import", "stix", "advisory.json", "--into", "s.ron"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("jointex runs");
        let took = start.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(err.contains(&format!("added {n} indicator(s)")), "{err}");
        best = Some(best.map_or(took, |b| b.min(took)));
    }
    if bench && let Some(t) = best {
        let verdict = if t.as_secs_f64() <= 2.0 { "✓" } else { "✗" };
        println!(
            "import/{n}-indicators: {:.2} s, best of {runs} (target ≤ 2 s {verdict})",
            t.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
