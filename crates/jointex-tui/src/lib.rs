//! # jointex-tui
//!
//! The terminal UI of jointex: a whole exercise played on one terminal by the facilitator
//! and the national teams, in English or Korean. It is a client of the simulation: it reads
//! views and events from [`jointex_sim::Exercise`] and sends orders, nothing else.
//!
//! * [`App`] holds the exercise and the interface state; [`App::update`] performs an
//!   [`Action`]; drawing (`impl Widget for &App`) reads a snapshot and never mutates.
//! * [`keys::map_key`] turns a key into an action from per-screen tables, which the `?`
//!   overlay also lists.
//! * [`run_app`] is the main loop, generic over the ratatui backend, so tests drive it on
//!   `TestBackend` with scripted events; [`run_terminal`] runs it on the real terminal and
//!   restores the terminal on exit and on panic.
//! * Interface text comes from Fluent files under `assets/i18n/` ([`i18n`]).
//!
//! Limits: one terminal (hot-seat); no persistence (records and resume are the record's
//! job); the mouse is not used.

pub mod app;
pub mod clock;
pub mod i18n;
pub mod input;
pub mod josa;
pub mod keys;
pub mod labels;
pub mod table;
pub mod ui;
pub mod width;

pub use app::{App, Bound, Screen, Seat};
pub use keys::Action;
pub use table::{Shared, Table};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

/// The main loop: draws, then handles each event in turn and draws again, until the events
/// run out or the user quits. Drawing goes through ratatui's diffing, so only changed cells
/// are written (no flicker); a resize is picked up by the next draw.
pub fn run_app<B: Backend>(
    terminal: &mut Terminal<B>,
    events: impl IntoIterator<Item = Event>,
    app: &mut App,
) -> Result<(), B::Error> {
    terminal.draw(|f| app.draw(f))?;
    for ev in events {
        app.handle_event(&ev);
        if app.should_quit() {
            break;
        }
        terminal.draw(|f| app.draw(f))?;
    }
    Ok(())
}

/// Runs the app on the real terminal: raw mode and the alternate screen on entry, restored
/// on exit and by ratatui's panic hook if anything panics.
pub fn run_terminal(app: &mut App) -> std::io::Result<()> {
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            // Raw mode may be on although the alternate screen failed: undo what was done.
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    let events = std::iter::from_fn(|| match event::read() {
        Ok(e) => Some(e),
        Err(e) => {
            log::error!("reading the terminal failed: {e}");
            None
        }
    });
    let result = run_app(&mut terminal, events, app);
    ratatui::restore();
    result
}
