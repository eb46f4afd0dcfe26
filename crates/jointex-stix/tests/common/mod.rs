//! Helpers shared by the integration tests: paths to the Python tools and the
//! vendored schemas, temporary directories, and exercises played by built-in policies.

#![allow(dead_code)] // each test file uses a different subset

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jointex_scenario::model::TeamId;
use jointex_sim::Exercise;

/// The repository root.
pub fn repo() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    p.canonicalize().unwrap_or(p)
}

/// `assets/<rel>` in the repository: the TLP 2.0 schema and the TAXII configuration that
/// users are shown in docs/intel-sharing.md, so the tests use exactly what the docs do.
pub fn asset(rel: &str) -> PathBuf {
    let p = repo().join("assets").join(rel);
    assert!(p.exists(), "{} is missing from the checkout", p.display());
    p
}

/// A tool installed in `.venv/bin` by `scripts/python-tools`. Missing tools fail the test:
/// a validator test that skips itself would pass without validating anything.
pub fn venv_tool(name: &str) -> PathBuf {
    let p = repo().join(".venv/bin").join(name);
    assert!(
        p.is_file(),
        "{} is missing: run scripts/python-tools first (it installs the OASIS STIX validator and \
         the medallion TAXII server into .venv/)",
        p.display()
    );
    p
}

/// A test fixture's text.
pub fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// A scenario text, loaded.
pub fn scenario(text: &str) -> Arc<jointex_scenario::Scenario> {
    match jointex_scenario::load(text) {
        Ok(l) => Arc::new(l.scenario),
        Err(ds) => panic!(
            "invalid scenario: {}",
            ds.iter()
                .map(|d| d.render("scenario", text, false))
                .collect::<String>()
        ),
    }
}

/// Plays every team with a built-in policy for `turns` turns (or to the end).
pub fn play(text: &str, seed: u64, policy: &str, turns: u32) -> Exercise {
    let s = scenario(text);
    let teams = s.teams.len();
    let mut ex = Exercise::new(s, seed);
    let mut policies: Vec<_> = (0..teams)
        .map(|_| jointex_sim::policy::by_name(policy).expect("a built-in policy"))
        .collect();
    for _ in 0..turns {
        if ex.is_over() {
            break;
        }
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        ex.resolve().expect("the turn resolves");
    }
    ex
}

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("jointex-stix-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A team's id in a scenario.
pub fn team(ex: &Exercise, key: &str) -> TeamId {
    ex.scenario().team_id(key).expect("a team of the scenario")
}

/// An indicator's id in a scenario.
pub fn indicator(ex: &Exercise, key: &str) -> jointex_scenario::model::IndicatorId {
    ex.scenario()
        .indicator_id(key)
        .expect("an indicator of the scenario")
}

/// A share order.
pub fn share(
    ex: &Exercise,
    from: &str,
    to: &[&str],
    indicators: &[&str],
    tlp: jointex_scenario::vocab::Tlp,
    text: &str,
) -> jointex_sim::Order {
    jointex_sim::Order::Team(
        team(ex, from),
        jointex_sim::TeamOrder::Share(jointex_sim::Share {
            to: to.iter().map(|t| team(ex, t)).collect(),
            indicators: indicators.iter().map(|i| indicator(ex, i)).collect(),
            tlp,
            text: text.to_owned(),
        }),
    )
}

/// The three-cities fixture, with the US team sharing under every TLP level at turn 1
/// (CLEAR to all, GREEN to kr, AMBER to kr and jp, AMBER+STRICT to jp, RED to kr), then every
/// team sharing everything it may for the rest of the exercise.
pub fn three_cities_every_tlp(seed: u64) -> Exercise {
    use jointex_scenario::vocab::Tlp;
    let s = scenario(&fixture("three-cities.ron"));
    let mut ex = Exercise::new(s, seed);
    let orders = [
        share(
            &ex,
            "us",
            &[],
            &["ioc-ip", "ioc-ip6"],
            Tlp::Clear,
            "Grey Tide C2, for everyone.",
        ),
        share(
            &ex,
            "us",
            &["kr"],
            &["ioc-domain", "ioc-url"],
            Tlp::Green,
            "Lookalike update host and the poisoned patch.",
        ),
        share(
            &ex,
            "us",
            &["kr", "jp"],
            &["ioc-md5"],
            Tlp::Amber,
            "Dropper hash; your constituents may use it.",
        ),
        share(
            &ex,
            "us",
            &["jp"],
            &["ioc-sha1"],
            Tlp::AmberStrict,
            "For JPCERT/CC only.",
        ),
        share(
            &ex,
            "us",
            &["kr"],
            &["ioc-sha256", "ioc-mail"],
            Tlp::Red,
            "KrCERT/CC 담당자만: the \"billing\" sender and the locker's hash.",
        ),
    ];
    for o in orders {
        ex.order(o).expect("the share is allowed");
    }
    let teams = ex.scenario().teams.len();
    for t in 0..teams {
        let _ = ex.submit(TeamId(t as u16));
    }
    ex.resolve().expect("turn 1 resolves");
    let mut policies: Vec<_> = (0..teams)
        .map(|_| jointex_sim::policy::by_name("share-everything").expect("built in"))
        .collect();
    while !ex.is_over() {
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        ex.resolve().expect("the turn resolves");
    }
    ex
}

/// Writes every bundle into `dir`; returns the paths.
pub fn write_bundles(bundles: &[jointex_stix::ShareBundle], dir: &Path) -> Vec<PathBuf> {
    bundles
        .iter()
        .map(|b| {
            let p = dir.join(&b.file_name);
            std::fs::write(&p, b.to_pretty()).expect("write a bundle");
            p
        })
        .collect()
}

/// Runs the OASIS validator the way the project checks bundles; returns whether it exited
/// 0 and what it printed.
///
/// Every best-practice check is on: no `--enable` or `--disable`, which in stix2-validator
/// 3.3.2 replace the list of checks (`--enable 103` alone runs that check only, and any
/// `--disable` drops the UUID-version check 103). 302, an external reference with a URL but
/// no hash, passes because ATT&CK references carry the technique id and no URL.
pub fn validate(paths: &[PathBuf]) -> (bool, String) {
    let out = std::process::Command::new(venv_tool("stix2_validator"))
        .arg("--strict")
        .arg("--enforce-refs")
        .arg("-s")
        .arg(asset("stix-ext-schemas"))
        .args(paths)
        .output()
        .expect("the validator runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Every shipped scenario played to the end from `seed`, every team by `policy`, with the
/// scenario's file name.
#[allow(dead_code)] // not every test binary that includes this module plays them all
pub fn shipped_played(seed: u64, policy: &str) -> Vec<(&'static str, Exercise)> {
    jointex_scenario::shipped::all()
        .iter()
        .map(|shipped| {
            let s = scenario(shipped.text);
            let mut ex = Exercise::new(s.clone(), seed);
            let mut players: Vec<_> = (0..s.teams.len())
                .map(|_| jointex_sim::policy::by_name(policy).expect("a built-in policy"))
                .collect();
            while !ex.is_over() {
                for (t, p) in players.iter_mut().enumerate() {
                    jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
                }
                ex.resolve().expect("resolves");
            }
            (shipped.file, ex)
        })
        .collect()
}

/// Runs a Python script with the `.venv` interpreter (the tools `scripts/python-tools`
/// installs); whether it exited 0 and what it printed.
#[allow(dead_code)] // not every test binary that includes this module runs Python
pub fn venv_python(script: &str, args: &[PathBuf]) -> (bool, String) {
    let out = std::process::Command::new(venv_tool("python"))
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}
