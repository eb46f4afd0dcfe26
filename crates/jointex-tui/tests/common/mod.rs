//! Helpers shared by the UI tests: an app on the default scenario, driven by key scripts on a
//! `TestBackend`, and the screen as text.

#![allow(dead_code)]

use std::sync::Arc;

use jointex_scenario::{Lang, Scenario};
use jointex_tui::{App, input, run_app};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The default scenario.
pub fn default_scenario() -> Arc<Scenario> {
    Arc::new(
        jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("the default scenario is valid")
            .scenario,
    )
}

/// An app on the default scenario, seed 1.
pub fn app(lang: Option<Lang>) -> App {
    App::new(default_scenario(), 1, lang)
}

/// A terminal of the given size.
pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("a test terminal")
}

/// Types a key script (see `jointex_tui::input::script`) into the real loop.
pub fn play(app: &mut App, term: &mut Terminal<TestBackend>, keys: &str) {
    match run_app(term, input::script(keys), app) {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// The app drawn on a fresh terminal of the given size, as text. (A fresh terminal, because
/// `TestBackend` does not erase the right half of a wide character that a later frame
/// overwrites with a narrow one, as a real terminal does.)
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut term = terminal(w, h);
    if let Err(never) = term.draw(|f| app.draw(f)) {
        match never {}
    }
    screen(&term)
}

/// The screen as plain text, one line per row, trailing blanks trimmed.
pub fn screen(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            let w = unicode_width::UnicodeWidthStr::width(sym);
            skip = w.saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every tab of the team console on show, the map with each status filter, and the help;
/// ends where it started, with nothing open. Each screen as text, at 120×40.
pub fn all_tabs(a: &mut App, t: &mut Terminal<TestBackend>) -> Vec<String> {
    let mut shots = Vec::new();
    for keys in [
        "1", "f", "f", "f", "f", "f", "2", "3", "<Right>", "4", "<Right>", "5", "?",
    ] {
        play(a, t, keys);
        shots.push(render(a, 120, 40));
    }
    play(a, t, "<Esc>");
    shots
}
