//! The bodies of jointex's fuzz targets: one function per parser a user can feed, taking the
//! fuzzer's bytes exactly as the command line would take a file's.
//!
//! Each function runs the input through the same steps the CLI does (read, validate, render
//! every message, and for a valid scenario, play it), so a panic anywhere on that path is a
//! finding. They live in an ordinary workspace crate, not in `fuzz/`, so that every input the
//! fuzzer ever crashed on (`fuzz/regressions/<target>/`) and every seed is replayed by
//! `cargo test` on the stable toolchain, fuzzer or no fuzzer.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use jointex_scenario::Scenario;
use jointex_scenario::diag::Diagnostic;
use jointex_scenario::model::TeamId;

/// What a fuzz target does with one input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by the name `scripts/fuzz` and `fuzz/fuzz_targets/` use.
pub const TARGETS: &[(&str, Target)] = &[
    ("scenario", scenario),
    ("orders", orders),
    ("stix", stix),
    ("msel", msel),
    ("record", record),
    ("roster", roster),
];

/// Turns a valid fuzzed scenario is played for: enough to reach injects, detection and
/// cascades, few enough that each input costs milliseconds.
const PLAYED_TURNS: u32 = 4;

/// Messages rendered per input: rendering is where positions meet the text, but a file with
/// thousands of errors renders them all the same way.
const RENDERED: usize = 64;

/// The embedded default scenario, loaded once: what orders files, MSEL sheets, STIX bundles
/// and rosters are resolved against.
fn default_scenario() -> &'static Arc<Scenario> {
    static S: OnceLock<Arc<Scenario>> = OnceLock::new();
    S.get_or_init(
        || match jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO) {
            Ok(l) => Arc::new(l.scenario),
            Err(d) => panic!("the embedded default scenario is invalid: {d:?}"),
        },
    )
}

/// Text as the CLI reads it: files are read as bytes and refused unless UTF-8.
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Renders diagnostics the way `check` prints them, and holds them to what `check` promises:
/// located inside the text, on character boundaries.
fn render(source: &str, diags: &[Diagnostic]) {
    for d in diags.iter().take(RENDERED) {
        if let Some(span) = &d.span {
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "span {span:?} outside a text of {} bytes: {}",
                source.len(),
                d.message
            );
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "span {span:?} splits a character: {}",
                d.message
            );
        }
        let shown = d.render("fuzz.ron", source, false);
        assert!(!shown.is_empty());
    }
}

/// Plays a scenario for a few turns under the by-the-book policy, twice, and asks for the
/// same hashes: a valid scenario must run, and run the same way for the same seed.
fn play(scenario: &Scenario) {
    let run = || {
        let s = Arc::new(scenario.clone());
        let teams = u16::try_from(s.teams.len()).unwrap_or(u16::MAX);
        let mut ex = jointex_sim::Exercise::new(s, 7);
        let mut hashes = Vec::new();
        while !ex.is_over() && ex.turn() <= PLAYED_TURNS {
            for t in 0..teams {
                if let Some(mut p) = jointex_sim::policy::by_name("by-the-book") {
                    jointex_sim::policy::play(&mut ex, TeamId(t), p.as_mut());
                }
            }
            match ex.resolve() {
                Ok(r) => hashes.push(r.hash),
                Err(e) => panic!(
                    "a valid scenario refused to resolve turn {}: {e}",
                    ex.turn()
                ),
            }
        }
        hashes
    };
    assert_eq!(run(), run(), "the same seed plays the same way");
}

/// A scenario file: `jointex check`, then `jointex run`.
pub fn scenario(data: &[u8]) {
    let Some(source) = text(data) else { return };
    match jointex_scenario::load(source) {
        Ok(loaded) => {
            render(source, &loaded.warnings);
            play(&loaded.scenario);
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "a refusal says why");
            render(source, &diags);
        }
    }
}

/// An orders file for `jointex run --orders`, against the default scenario.
pub fn orders(data: &[u8]) {
    let Some(source) = text(data) else { return };
    if let Err(diags) = jointex_sim::orders_file::load(source, default_scenario()) {
        assert!(!diags.is_empty(), "a refusal says why");
        render(source, &diags);
    }
}

/// A STIX bundle for `jointex stix import`, against the default scenario, through to the
/// edited scenario text.
pub fn stix(data: &[u8]) {
    let bundle = String::from_utf8_lossy(data);
    let read = jointex_stix::import::read(&bundle);
    if read.has_errors() {
        return;
    }
    let plan = jointex_stix::import::plan(default_scenario(), &read);
    let entries: Vec<String> = plan
        .add
        .iter()
        .map(|n| jointex_stix::import::ron_entry(n, None))
        .collect();
    if entries.is_empty() {
        return;
    }
    if let Ok(edited) =
        jointex_stix::import::insert_entries(jointex_scenario::DEFAULT_SCENARIO, &entries)
        && let Err(diags) = jointex_scenario::load(&edited)
    {
        render(&edited, &diags);
    }
}

/// An MSEL sheet (CSV or XLSX) for `jointex msel import` into the default scenario.
pub fn msel(data: &[u8]) {
    let source = jointex_scenario::DEFAULT_SCENARIO;
    let Ok(raw) = jointex_msel::parse_raw(source) else {
        panic!("the default scenario does not parse as raw RON")
    };
    let Ok((_, table)) = jointex_msel::sheet::read(data) else {
        return;
    };
    let opts = jointex_msel::import::Options { allow_delete: true };
    let Ok(plan) = jointex_msel::import::plan(&raw, &table, &opts) else {
        return;
    };
    if plan.is_empty() {
        return;
    }
    let Ok(edited) = jointex_msel::edit::apply(source, &plan) else {
        return;
    };
    let check = jointex_scenario::load(&edited);
    let diags: &[Diagnostic] = match &check {
        Ok(l) => &l.warnings,
        Err(ds) => ds,
    };
    for d in diags.iter().take(RENDERED) {
        let _ = jointex_msel::import::sheet_problem(&edited, d, &plan);
    }
    render(&edited, diags);
}

/// A record file for `jointex replay`, `resume` and `report`: written to a file of its own
/// (SQLite reads files, not bytes), opened read-only, replayed and reported.
pub fn record(data: &[u8]) {
    let dir = std::env::temp_dir().join(format!("jointex-fuzz-record-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join("fuzz.jxr");
    // A log left by an earlier input would be read with this one.
    for stale in ["fuzz.jxr-wal", "fuzz.jxr-shm", "fuzz.jxr-journal"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    if std::fs::write(&path, data).is_err() {
        return;
    }
    read_record(&path);
    let _ = std::fs::remove_file(&path);
}

fn read_record(path: &Path) {
    let Ok(rec) = jointex_record::open(path) else {
        return;
    };
    let _ = jointex_record::replay(&rec);
    if jointex_record::restore(&rec).is_ok() {
        let _ = jointex_record::report::markdown(&rec);
    }
}

/// A roster for `jointex serve` / `jointex roster check`, against the default scenario.
pub fn roster(data: &[u8]) {
    let Some(source) = text(data) else { return };
    if let Err(diags) = jointex_serve::roster::check(source, default_scenario(), false) {
        assert!(!diags.is_empty(), "a refusal says why");
        render(source, &diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_plays_under_the_scenario_target() {
        scenario(jointex_scenario::DEFAULT_SCENARIO.as_bytes());
    }

    #[test]
    fn hostile_bytes_are_refused_quietly_by_every_target() {
        for (_, run) in TARGETS {
            for input in [
                &b""[..],
                b"\xff\xfe\x00",
                b"(",
                b"{\"type\":\"bundle\"}",
                b"[[",
            ] {
                run(input);
            }
        }
    }
}
