//! Speed and memory of the turn engine on generated scenarios (release build). Targets: a turn
//! costs what it touches — at 100k assets ≤ 100 µs and at 1M ≤ 1 ms; one order check + apply
//! ≤ 10 µs at any size; the world of a 100k-asset scenario built ≤ 1 s; ≤ 500 bytes per asset.
//!
//! * `world/new/N` — [`Exercise::new`] on a validated N-asset scenario (dropping it untimed).
//! * `turn/idle/N`, `turn/by-the-book/N` — one [`Exercise::resolve`] after
//!   [`WARM_UP_TURNS`] turns, so the campaign is running; with idle teams, or with both teams
//!   played by the `by-the-book` policy (its planning, which reads an O(N) team view, is
//!   untimed). An exercise has twelve turns: when one ends, a new one is built and warmed up
//!   untimed, so the figure is the mean of turns 4 to 12.
//! * `turn/state-hash/N`, `turn/view/N` — the state hash every turn computes, and one team's
//!   view: not targets, but where a turn's time goes.
//! * `order/check/N` — [`Exercise::check`] of an `Isolate` of an own asset (1,024 different
//!   assets in rotation, so the large worlds are not read from a warm cache).
//! * `order/give/N` — [`Exercise::order`]: the check plus the push into the plan, six orders
//!   (the team's action points) per batch, withdrawn untimed between batches.
//!
//! Memory is not a criterion measure: before the timings of each size, the bench counts the
//! bytes allocated minus freed around building the scenario and around [`Exercise::new`] (a
//! counting global allocator), and prints `memory/N …` lines on stderr.
//!
//! Run: `cargo bench -p jointex-sim --bench turn` (10k and 100k assets, about two minutes);
//! `JOINTEX_BENCH_1M=1 cargo bench -p jointex-sim --bench turn` adds 1M assets (about four
//! minutes in all, 1.2 GB resident at the peak); `JOINTEX_BENCH_SIZES=1000,10000` runs exactly
//! the sizes it lists instead (each at least the generator's minimum, 40 assets). Under
//! `cargo test` each benchmark runs once on a 2,000-asset scenario. Results are in
//! `docs/benchmarks.md`.

use std::alloc::System;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cap::Cap;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};
use jointex_scenario::Scenario;
use jointex_scenario::generate::{self, Params};
use jointex_scenario::model::{AssetId, TeamId};
use jointex_sim::policy::{self, Policy};
use jointex_sim::topology::Topology;
use jointex_sim::{Exercise, Order, TeamOrder};

// Counts live heap bytes for the memory figures; the workspace forbids unsafe code, and `cap`
// is a wrapper around the system allocator that needs none here.
#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, usize::MAX);

/// The exercise seed.
const SEED: u64 = 7;
/// Turns resolved (untimed) before a turn is measured: by then the campaign has a foothold.
const WARM_UP_TURNS: u32 = 3;
/// Own assets ordered about in rotation by the order benchmarks.
const ROTATION: usize = 1024;

/// One generated scenario, built once per process.
struct Case {
    assets: usize,
    scenario: Arc<Scenario>,
}

/// Sizes to run: 2,000 assets under `cargo test` (criterion's test mode runs each benchmark
/// once), 10k and 100k under `cargo bench`, and 1M too with `JOINTEX_BENCH_1M=1`.
/// `JOINTEX_BENCH_SIZES` (comma-separated asset counts) replaces the `cargo bench` list, so
/// other sizes can be measured without editing this file: `benches/peers/run` compares a
/// 1,000-asset turn with another simulator's step. It leaves `cargo test` at 2,000, which
/// must stay a few seconds whatever the environment.
fn sizes() -> Vec<usize> {
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    if !benchmarking {
        return vec![2_000];
    }
    if let Ok(list) = std::env::var("JOINTEX_BENCH_SIZES") {
        return parse_sizes(&list).unwrap_or_else(|e| panic!("JOINTEX_BENCH_SIZES={list:?}: {e}"));
    }
    let mut sizes = vec![10_000, 100_000];
    if std::env::var("JOINTEX_BENCH_1M").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    sizes
}

/// The asset counts of `JOINTEX_BENCH_SIZES`, e.g. `1000` or `10000,100000`. A count below
/// the generator's minimum is refused rather than measured: the generator would silently
/// raise it, and the benchmark ids would name a size that was not run.
fn parse_sizes(list: &str) -> Result<Vec<usize>, String> {
    list.split(',')
        .map(|s| {
            let s = s.trim();
            let n: usize = s
                .parse()
                .map_err(|_| format!("`{s}` is not an asset count"))?;
            if n < generate::MIN_ASSETS {
                return Err(format!(
                    "{n} is below the generator's minimum of {} assets",
                    generate::MIN_ASSETS
                ));
            }
            Ok(n)
        })
        .collect()
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Wall time, which is what a benchmark measures; the clippy ban on clocks keeps them out of
/// the simulation, not out of its benchmarks.
#[allow(clippy::disallowed_methods)]
fn now() -> Instant {
    Instant::now()
}

/// Live heap bytes.
fn live() -> usize {
    ALLOC.allocated()
}

/// Heap bytes that appeared since `before`.
fn since(before: usize) -> usize {
    live().saturating_sub(before)
}

impl Case {
    /// Generates and validates the scenario, printing its cost and its memory.
    fn build(assets: usize) -> Case {
        let before = live();
        let t = now();
        let raw = generate::scenario(&Params {
            assets,
            seed: 1,
            turns: 12,
        });
        let generated = t.elapsed();
        let raw_bytes = since(before);
        let t = now();
        let loaded = jointex_scenario::from_raw(&raw)
            .unwrap_or_else(|ds| panic!("generated scenario is invalid: {} problems", ds.len()));
        let validated = t.elapsed();
        drop(raw);
        let scenario = Arc::new(loaded.scenario);
        let bytes = since(before);
        eprintln!(
            "memory/{assets}: scenario {:.0} B/asset ({:.1} MiB; raw form {:.0} B/asset); \
             generated in {generated:.2?}, validated in {validated:.2?}",
            bytes as f64 / assets as f64,
            mib(bytes),
            raw_bytes as f64 / assets as f64,
        );
        Case { assets, scenario }
    }

    fn exercise(&self) -> Exercise {
        Exercise::new(self.scenario.clone(), SEED)
    }

    /// `ROTATION` assets of `team`, spread over the whole id range.
    fn own_assets(&self, team: TeamId) -> Vec<AssetId> {
        let own: Vec<AssetId> = (0..self.scenario.assets.len() as u32)
            .map(AssetId)
            .filter(|a| self.scenario.asset(*a).owner == team)
            .collect();
        let step = (own.len() / ROTATION).max(1);
        own.iter().step_by(step).take(ROTATION).copied().collect()
    }
}

/// Bytes the engine holds: its world at build, and after a whole exercise.
fn memory(case: &Case) {
    let n = case.assets as f64;
    let before = live();
    let topology = Topology::build(&case.scenario);
    let topology_bytes = since(before);
    drop(topology);

    let before = live();
    let mut ex = case.exercise();
    let built = since(before);
    while !ex.is_over() && ex.resolve().is_ok() {}
    let idle_end = since(before);
    drop(ex);

    let before = live();
    let mut ex = case.exercise();
    let mut policies = by_the_book();
    while !ex.is_over() {
        play(&mut ex, &mut policies);
        if ex.resolve().is_err() {
            break;
        }
    }
    let played_end = since(before);
    drop(ex);

    eprintln!(
        "memory/{}: engine {:.0} B/asset at build ({:.1} MiB), of which topology {:.0} B/asset; \
         after every turn {:.0} B/asset idle, {:.0} B/asset by-the-book",
        case.assets,
        built as f64 / n,
        mib(built),
        topology_bytes as f64 / n,
        idle_end as f64 / n,
        played_end as f64 / n,
    );
}

fn by_the_book() -> [Box<dyn Policy>; 2] {
    let p = || policy::by_name("by-the-book").expect("a built-in policy");
    [p(), p()]
}

/// Plans and submits both teams' turn with their policies.
fn play(ex: &mut Exercise, policies: &mut [Box<dyn Policy>; 2]) {
    for (t, p) in policies.iter_mut().enumerate() {
        policy::play(ex, TeamId(t as u16), p.as_mut());
    }
}

/// Keeps an exercise past its warm-up turns, building a new one when the last ends.
struct Turns<'a> {
    case: &'a Case,
    ex: Option<Exercise>,
    policies: Option<[Box<dyn Policy>; 2]>,
    played: bool,
}

impl<'a> Turns<'a> {
    fn new(case: &'a Case, played: bool) -> Self {
        Turns {
            case,
            ex: None,
            policies: None,
            played,
        }
    }

    /// An exercise ready to resolve a measured turn, its plans given (all untimed).
    fn ready(&mut self) -> &mut Exercise {
        if self.ex.as_ref().is_none_or(Exercise::is_over) {
            self.ex = None;
            let mut ex = self.case.exercise();
            self.policies = self.played.then(by_the_book);
            for _ in 0..WARM_UP_TURNS {
                if let Some(p) = &mut self.policies {
                    play(&mut ex, p);
                }
                ex.resolve().expect("a warm-up turn resolves");
            }
            self.ex = Some(ex);
        }
        let ex = self.ex.as_mut().expect("built above");
        if let Some(p) = &mut self.policies {
            play(ex, p);
        }
        ex
    }

    /// Resolves `iters` turns, timing only the resolves.
    fn resolve(&mut self, iters: u64) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let ex = self.ready();
            let t = now();
            let report = ex.resolve();
            total += t.elapsed();
            black_box(report.expect("a measured turn resolves"));
        }
        total
    }
}

/// Settings sized so that 10k and 100k finish in a few minutes and 1M in a few more.
fn group<'a>(c: &'a mut Criterion, name: &str, case: &Case) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if case.assets >= 1_000_000 {
            15
        } else {
            5
        }));
    g
}

fn world(c: &mut Criterion, case: &Case) {
    let mut g = group(c, "world", case);
    g.bench_function(format!("new/{}", case.assets), |b| {
        b.iter_with_large_drop(|| case.exercise())
    });
    g.finish();
}

fn turn(c: &mut Criterion, case: &Case) {
    let mut g = group(c, "turn", case);
    let n = case.assets;
    let mut idle = Turns::new(case, false);
    g.bench_function(format!("idle/{n}"), |b| {
        b.iter_custom(|iters| idle.resolve(iters))
    });
    drop(idle);
    let mut played = Turns::new(case, true);
    g.bench_function(format!("by-the-book/{n}"), |b| {
        b.iter_custom(|iters| played.resolve(iters))
    });
    // The same warmed-up world serves the two diagnostics.
    let ex = played.ready();
    g.bench_function(format!("state-hash/{n}"), |b| b.iter(|| ex.state_hash()));
    g.bench_function(format!("view/{n}"), |b| {
        b.iter_with_large_drop(|| ex.view(TeamId(0)))
    });
    g.finish();
}

fn orders(c: &mut Criterion, case: &Case) {
    let mut g = group(c, "order", case);
    let n = case.assets;
    let team = TeamId(0);
    let mut ex = case.exercise();
    for _ in 0..WARM_UP_TURNS {
        ex.resolve().expect("a warm-up turn resolves");
    }
    let isolate: Vec<Order> = case
        .own_assets(team)
        .into_iter()
        .map(|a| Order::Team(team, TeamOrder::Isolate(a)))
        .collect();
    let mut next = 0usize;
    g.bench_function(format!("check/{n}"), |b| {
        b.iter(|| {
            next = (next + 1) % isolate.len();
            ex.check(black_box(&isolate[next]))
        })
    });
    let points = ex.view(team).points_left;
    g.bench_function(format!("give/{n}"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = now();
                for _ in 0..points {
                    next = (next + 1) % isolate.len();
                    black_box(ex.order(isolate[next].clone())).expect("an isolate is accepted");
                }
                total += t.elapsed();
                while ex.withdraw(team, 0).is_some() {}
            }
            total / points
        })
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    for assets in sizes() {
        let case = Case::build(assets);
        memory(&case);
        world(&mut c, &case);
        turn(&mut c, &case);
        orders(&mut c, &case);
    }
    c.final_summary();
}
