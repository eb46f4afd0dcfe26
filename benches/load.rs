//! Loading and validating generated scenarios (issue target: 1,000 assets ≤ 50 ms,
//! 100,000 assets ≤ 1 s, release build). `parse` is the RON → raw step alone, so a
//! regression can be placed in parsing or in validation.
//!
//! Run: `cargo bench --bench load`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jointex_scenario::generate::{Params, to_ron};

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(2));
    for assets in [1_000usize, 100_000] {
        let text = to_ron(&Params {
            assets,
            seed: 1,
            turns: 12,
        });
        group.bench_function(format!("load+validate/{assets}"), |b| {
            b.iter(|| {
                jointex_scenario::load(black_box(&text))
                    .map(|l| l.scenario.assets.len())
                    .unwrap_or(0)
            })
        });
        group.bench_function(format!("parse/{assets}"), |b| {
            b.iter(|| {
                ron::from_str::<jointex_scenario::raw::Scenario>(black_box(&text))
                    .map(|s| s.assets.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
