//! Drawing the team console for a 1,000-asset generated scenario on a 120×40 `TestBackend`.
//! The budget is 5 ms per frame. Run with `cargo bench -p jointex-tui --bench draw`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use jointex_scenario::Lang;
use jointex_scenario::generate::{Params, scenario};
use jointex_tui::{Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn big_app() -> App {
    let raw = scenario(&Params {
        assets: 1000,
        seed: 1,
        turns: 12,
    });
    let loaded = jointex_scenario::from_raw(&raw).expect("a generated scenario is valid");
    let mut app = App::new(Arc::new(loaded.scenario), 1, Some(Lang::En));
    // The chooser, the first team's seat, its handover: its console, on the map.
    for a in [Action::Down, Action::Enter, Action::Enter] {
        app.update(a);
    }
    app
}

fn draw(c: &mut Criterion) {
    let mut group = c.benchmark_group("team console, 1000 assets, 120x40");
    let mut app = big_app();
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    group.bench_function("map, sectors collapsed", |b| {
        b.iter(|| {
            term.draw(|f| black_box(&app).draw(f)).expect("draw");
        })
    });
    // Every group open and an asset deep in the list selected, with its detail and links.
    app.update(Action::Zoom);
    for _ in 0..300 {
        app.update(Action::Down);
    }
    group.bench_function("map, all open, asset selected", |b| {
        b.iter(|| {
            term.draw(|f| black_box(&app).draw(f)).expect("draw");
        })
    });
    // A fresh terminal each frame: every cell is written, as after a resize.
    group.bench_function("map, full redraw", |b| {
        b.iter(|| {
            let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            t.draw(|f| black_box(&app).draw(f)).expect("draw");
        })
    });
    group.finish();
}

criterion_group!(benches, draw);
criterion_main!(benches);
