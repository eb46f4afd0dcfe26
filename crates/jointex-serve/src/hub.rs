//! The hub: the one thread that holds the exercise and every player's console.
//!
//! Network tasks never touch the exercise. They send the hub what arrived — a session
//! opened, keys, a new window size, a session closed — and the hub applies it to that
//! player's [`App`], then redraws every console the change concerns and hands each its
//! bytes. One thread means commands are applied one at a time in arrival order, exactly as
//! the record logs them, and the engine needs no lock.
//!
//! Output goes through a small bounded queue per session. The hub never waits on it: a
//! player whose queue is full (their connection stopped reading) is dropped with a message,
//! and everybody else carries on.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use jointex_scenario::Lang;
use jointex_sim::Seat;
use jointex_tui::app::UiState;
use jointex_tui::{App, Bound, Shared, Table};
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::Event;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{Command as _, style::ResetColor};
use ratatui::layout::Rect;
use ratatui::prelude::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc::error::TrySendError;

use crate::roster::Player;

/// Frames a session may have queued before it counts as stalled.
pub const QUEUE: usize = 64;

/// Largest terminal the hub draws for; bigger windows are drawn at this size.
const MAX_SIDE: u16 = 500;

/// What the network side tells the hub.
pub enum ToHub {
    /// A player's shell opened, with their terminal's size and where their bytes go.
    Open {
        /// The session.
        id: u64,
        /// Who (from the authenticated key).
        player: Player,
        /// Terminal columns and rows.
        size: (u16, u16),
        /// Their output queue.
        out: tokio::sync::mpsc::Sender<Out>,
    },
    /// Keys and pastes.
    Input {
        /// The session.
        id: u64,
        /// Decoded events.
        events: Vec<Event>,
    },
    /// The window changed size.
    Resize {
        /// The session.
        id: u64,
        /// Columns and rows.
        size: (u16, u16),
    },
    /// The session ended.
    Close {
        /// The session.
        id: u64,
    },
    /// The server is stopping: say goodbye to everybody.
    Stop,
}

/// What the hub sends a session.
#[derive(Debug)]
pub enum Out {
    /// Bytes for the terminal.
    Frame(Vec<u8>),
    /// Last bytes, then close the session.
    Bye(Vec<u8>),
}

/// A connected console.
struct Client {
    name: String,
    app: App,
    term: Terminal<CrosstermBackend<Sink>>,
    /// What the terminal wrote since the last frame was sent.
    sink: Sink,
    out: tokio::sync::mpsc::Sender<Out>,
}

/// A terminal's output, collected for the session's queue.
#[derive(Clone, Default)]
struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Counters the hub keeps for the log and the load benchmark.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Frames sent.
    pub frames: u64,
    /// Sessions dropped for not reading.
    pub dropped: u64,
}

/// The hub's state.
pub struct Hub {
    table: Shared,
    clients: BTreeMap<u64, Client>,
    /// Each person's console as they left it, restored when they come back.
    left: BTreeMap<String, UiState>,
    stats: Stats,
}

fn clamp(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0.clamp(1, MAX_SIDE), size.1.clamp(1, MAX_SIDE))
}

fn bytes_of(cmds: &[&dyn Fn(&mut String) -> std::fmt::Result]) -> Vec<u8> {
    let mut s = String::new();
    for c in cmds {
        let _ = c(&mut s);
    }
    s.into_bytes()
}

/// The bytes that take a terminal into the exercise's screen.
fn enter_bytes() -> Vec<u8> {
    bytes_of(&[&|s| EnterAlternateScreen.write_ansi(s), &|s| {
        Hide.write_ansi(s)
    }])
}

/// The bytes that give a terminal back, then a last line.
fn leave_bytes(message: &str) -> Vec<u8> {
    let mut b = bytes_of(&[
        &|s| ResetColor.write_ansi(s),
        &|s| Show.write_ansi(s),
        &|s| LeaveAlternateScreen.write_ansi(s),
    ]);
    b.extend_from_slice(message.replace('\n', "\r\n").as_bytes());
    b.extend_from_slice(b"\r\n");
    b
}

impl Hub {
    /// A hub around an exercise.
    pub fn new(table: Table) -> Self {
        Hub {
            table: table.shared(),
            clients: BTreeMap::new(),
            left: BTreeMap::new(),
            stats: Stats::default(),
        }
    }

    /// The shared exercise.
    pub fn table(&self) -> &Shared {
        &self.table
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Runs until told to stop or every sender is gone. `tick` wakes the hub even when
    /// nothing arrives (the planning clock).
    // The server owns the wall clock (the engine never sees it): it paces the redraws.
    #[allow(clippy::disallowed_methods)]
    pub fn run(mut self, rx: &Receiver<ToHub>, tick: Duration) {
        self.table.borrow_mut().tick(jiff::Timestamp::now());
        let mut next_tick = Instant::now() + tick;
        loop {
            let wait = next_tick.saturating_duration_since(Instant::now());
            match rx.recv_timeout(wait) {
                Ok(ToHub::Stop) | Err(RecvTimeoutError::Disconnected) => {
                    self.stop();
                    return;
                }
                Ok(msg) => self.handle(msg),
                Err(RecvTimeoutError::Timeout) => {}
            }
            if Instant::now() >= next_tick {
                next_tick = Instant::now() + tick;
                self.tick(jiff::Timestamp::now());
            }
        }
    }

    /// The wall clock moved on: runs the planning deadline and redraws the countdowns.
    pub fn tick(&mut self, now: jiff::Timestamp) {
        let running = self.table.borrow_mut().tick(now);
        let ids: Vec<u64> = self.clients.keys().copied().collect();
        for id in ids {
            let changed = self.clients.get_mut(&id).is_some_and(|c| {
                let synced = c.app.sync();
                let ticked = running && c.app.tick_clock();
                synced || ticked
            });
            if changed {
                self.draw(id);
            }
        }
    }

    /// Applies one message.
    pub fn handle(&mut self, msg: ToHub) {
        match msg {
            ToHub::Open {
                id,
                player,
                size,
                out,
            } => self.open(id, player, size, out),
            ToHub::Input { id, events } => {
                let Some(c) = self.clients.get_mut(&id) else {
                    return;
                };
                for ev in &events {
                    c.app.handle_event(ev);
                    if c.app.should_quit() {
                        break;
                    }
                }
                if c.app.should_quit() {
                    let name = c.name.clone();
                    self.close(id, &format!("Goodbye, {name}. ssh again to come back."));
                } else {
                    self.draw(id);
                }
                self.redraw_changed(Some(id));
            }
            ToHub::Resize { id, size } => {
                if let Some(c) = self.clients.get_mut(&id) {
                    let _ = c.term.resize(clamp(size));
                    self.draw(id);
                }
            }
            ToHub::Close { id } => {
                if let Some(c) = self.clients.remove(&id) {
                    self.forget(c);
                    self.redraw_changed(None);
                }
            }
            ToHub::Stop => self.stop(),
        }
    }

    fn open(
        &mut self,
        id: u64,
        player: Player,
        size: (u16, u16),
        out: tokio::sync::mpsc::Sender<Out>,
    ) {
        let lang = player.lang.unwrap_or_else(|| match player.seat {
            Seat::Team(t) => self.table.borrow().exercise().scenario().team(t).language,
            Seat::Facilitator => Lang::En,
        });
        let bound = Bound {
            seat: match player.seat {
                Seat::Team(t) => jointex_tui::Seat::Team(t),
                Seat::Facilitator => jointex_tui::Seat::Facilitator,
            },
            name: player.name.clone(),
            role: player.role.clone(),
            may_submit: player.may_submit,
        };
        let mut app = App::bound(self.table.clone(), bound, lang);
        // Back where they were: same tab, same selections; dialogs are not reopened.
        if let Some(mut ui) = self.left.remove(&player.name) {
            ui.overlay = None;
            ui.screen = app.ui.screen;
            app.ui = ui;
            app.sync();
        }
        let sink = Sink::default();
        let backend = CrosstermBackend::new(sink.clone());
        let term = match Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(clamp(size)),
            },
        ) {
            Ok(t) => t,
            Err(e) => {
                log::error!("cannot set up a terminal for {}: {e}", player.name);
                return;
            }
        };
        if out.try_send(Out::Frame(enter_bytes())).is_err() {
            return;
        }
        self.table
            .borrow_mut()
            .join(&player.name, player.seat, player.role.as_deref());
        log::info!(
            "{} connected (session {id}) on {:?}",
            player.name,
            player.seat
        );
        self.clients.insert(
            id,
            Client {
                name: player.name,
                app,
                term,
                sink,
                out,
            },
        );
        self.draw(id);
        self.redraw_changed(Some(id));
    }

    /// Draws one console and queues its bytes; a full queue drops the session.
    fn draw(&mut self, id: u64) {
        let Some(c) = self.clients.get_mut(&id) else {
            return;
        };
        let Client { app, term, .. } = c;
        if let Err(e) = term.draw(|f| app.draw(f)) {
            log::error!("drawing for {} failed: {e}", c.name);
            return;
        }
        let bytes = std::mem::take(&mut *c.sink.0.borrow_mut());
        if bytes.is_empty() {
            return;
        }
        match c.out.try_send(Out::Frame(bytes)) {
            Ok(()) => self.stats.frames += 1,
            Err(TrySendError::Full(_)) => {
                self.stats.dropped += 1;
                log::warn!("{} stopped reading: session {id} dropped", c.name);
                if let Some(c) = self.clients.remove(&id) {
                    self.forget(c);
                }
            }
            Err(TrySendError::Closed(_)) => {
                if let Some(c) = self.clients.remove(&id) {
                    self.forget(c);
                }
            }
        }
    }

    /// Redraws every console (but `except`) whose view the table's changes touched.
    fn redraw_changed(&mut self, except: Option<u64>) {
        let ids: Vec<u64> = self.clients.keys().copied().collect();
        for id in ids {
            if Some(id) == except {
                continue;
            }
            let changed = self.clients.get_mut(&id).is_some_and(|c| c.app.sync());
            if changed {
                self.draw(id);
            }
        }
    }

    /// Ends a session with a message.
    fn close(&mut self, id: u64, message: &str) {
        if let Some(c) = self.clients.remove(&id) {
            let _ = c.out.try_send(Out::Bye(leave_bytes(message)));
            self.forget(c);
        }
    }

    /// Keeps a departed console's state and takes its person off the list.
    fn forget(&mut self, c: Client) {
        log::info!("{} disconnected", c.name);
        self.table.borrow_mut().leave(&c.name);
        self.left.insert(c.name, c.app.ui);
    }

    fn stop(&mut self) {
        let ids: Vec<u64> = self.clients.keys().copied().collect();
        for id in ids {
            self.close(
                id,
                "The server is stopping. Everything so far is recorded; the facilitator can carry on with `jointex serve --resume`.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jointex_record::Recorder;
    use jointex_scenario::model::TeamId;
    use std::sync::Arc;

    fn player(name: &str, seat: Seat) -> Player {
        Player {
            name: name.into(),
            seat,
            role: None,
            lang: Some(Lang::En),
            keys: Vec::new(),
            may_submit: true,
        }
    }

    fn hub() -> Hub {
        let s = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("default")
            .scenario;
        Hub::new(Table::new(Recorder::unrecorded(Arc::new(s), 1)))
    }

    fn key(c: char) -> Event {
        Event::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        ))
    }

    #[test]
    fn a_full_queue_drops_only_that_session() {
        let mut h = hub();
        let (slow_tx, _slow_rx) = tokio::sync::mpsc::channel(2);
        let (fast_tx, mut fast_rx) = tokio::sync::mpsc::channel(QUEUE);
        h.handle(ToHub::Open {
            id: 1,
            player: player("slow", Seat::Team(TeamId(0))),
            size: (100, 30),
            out: slow_tx,
        });
        h.handle(ToHub::Open {
            id: 2,
            player: player("fast", Seat::Team(TeamId(0))),
            size: (100, 30),
            out: fast_tx,
        });
        for _ in 0..10 {
            h.handle(ToHub::Input {
                id: 2,
                events: vec![key('2'), key('1')],
            });
            while fast_rx.try_recv().is_ok() {}
        }
        assert!(
            !h.clients.contains_key(&1),
            "the stalled session is dropped"
        );
        assert!(h.clients.contains_key(&2), "the reading one carries on");
        assert_eq!(h.stats().dropped, 1);
    }

    #[test]
    fn the_planning_deadline_submits_or_resolves_as_set() {
        use jointex_tui::table::AtDeadline;
        let t0: jiff::Timestamp = "2026-12-08T02:00:00Z".parse().expect("time");
        for (then, turn_after) in [
            (AtDeadline::Wait, 1),
            (AtDeadline::Submit, 1),
            (AtDeadline::Resolve, 2),
        ] {
            let mut h = hub();
            h.table.borrow_mut().set_at_deadline(then);
            let (tx, mut rx) = tokio::sync::mpsc::channel(QUEUE);
            h.handle(ToHub::Open {
                id: 1,
                player: player("white", Seat::Facilitator),
                size: (120, 30),
                out: tx,
            });
            h.tick(t0);
            // The facilitator types D, 1, Enter: one minute of planning.
            h.handle(ToHub::Input {
                id: 1,
                events: vec![key('D'), key('1'), enter()],
            });
            let c = h.table.borrow().countdown().expect("a deadline runs");
            assert_eq!(c.left, 60);
            while rx.try_recv().is_ok() {}
            h.tick(t0 + jiff::SignedDuration::from_secs(30));
            assert!(rx.try_recv().is_ok(), "the countdown is redrawn");
            h.tick(t0 + jiff::SignedDuration::from_secs(61));
            let t = h.table.borrow();
            let submitted = t.exercise().facilitator_view().submitted;
            match then {
                AtDeadline::Wait => assert_eq!(submitted, vec![false, false]),
                AtDeadline::Submit => assert_eq!(submitted, vec![true, true]),
                AtDeadline::Resolve => {}
            }
            assert_eq!(t.exercise().turn(), turn_after, "{then:?}");
        }
    }

    fn enter() -> Event {
        Event::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Enter,
        ))
    }

    fn text_of(rx: &mut tokio::sync::mpsc::Receiver<Out>) -> String {
        let mut all = Vec::new();
        while let Ok(Out::Frame(b) | Out::Bye(b)) = rx.try_recv() {
            all.extend(b);
        }
        String::from_utf8_lossy(&all).into_owned()
    }

    #[test]
    fn a_small_window_is_told_at_once_and_after_each_resize() {
        let mut h = hub();
        let (tx, mut rx) = tokio::sync::mpsc::channel(QUEUE);
        h.handle(ToHub::Open {
            id: 1,
            player: player("kim", Seat::Team(TeamId(1))),
            size: (100, 8),
            out: tx,
        });
        assert!(text_of(&mut rx).contains("100×8"));
        h.handle(ToHub::Resize {
            id: 1,
            size: (90, 9),
        });
        assert!(text_of(&mut rx).contains("90×9"));
        h.handle(ToHub::Resize {
            id: 1,
            size: (120, 40),
        });
        assert!(text_of(&mut rx).contains("Turn 1/12"));
    }

    #[test]
    fn a_huge_paste_fills_the_field_and_no_more() {
        let mut h = hub();
        let (tx, _rx) = tokio::sync::mpsc::channel(QUEUE);
        h.handle(ToHub::Open {
            id: 1,
            player: player("kim", Seat::Team(TeamId(1))),
            size: (120, 40),
            out: tx,
        });
        h.handle(ToHub::Input {
            id: 1,
            events: vec![key('c'), Event::Paste("x".repeat(100_000))],
        });
        match &h.clients[&1].app.ui.overlay {
            Some(jointex_tui::app::Overlay::Prompt { buf, .. }) => {
                assert_eq!(buf.chars().count(), jointex_tui::app::MAX_TYPED);
            }
            other => panic!("the chat prompt should be open: {other:?}"),
        }
    }

    #[test]
    fn a_returning_player_finds_their_tab() {
        let mut h = hub();
        let (tx, _rx) = tokio::sync::mpsc::channel(QUEUE);
        h.handle(ToHub::Open {
            id: 1,
            player: player("kim", Seat::Team(TeamId(1))),
            size: (100, 30),
            out: tx,
        });
        h.handle(ToHub::Input {
            id: 1,
            events: vec![key('3')],
        });
        let tab = h.clients[&1].app.ui.teams[1].tab;
        h.handle(ToHub::Close { id: 1 });
        assert!(h.table.borrow().present().is_empty());
        let (tx, _rx) = tokio::sync::mpsc::channel(QUEUE);
        h.handle(ToHub::Open {
            id: 2,
            player: player("kim", Seat::Team(TeamId(1))),
            size: (100, 30),
            out: tx,
        });
        assert_eq!(h.clients[&2].app.ui.teams[1].tab, tab);
        assert_eq!(h.table.borrow().present().len(), 1);
    }

    fn rss_kib() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    /// What 60 consoles cost the hub, without the SSH side (`cargo test --release -p
    /// jointex-serve consoles_cost -- --ignored --nocapture`).
    #[test]
    #[ignore = "a probe, run by hand"]
    fn consoles_cost() {
        let mut h = hub();
        let before = rss_kib();
        let mut keep = Vec::new();
        for id in 0..60u64 {
            let (tx, rx) = tokio::sync::mpsc::channel(QUEUE);
            keep.push(rx);
            let seat = match id % 3 {
                0 => Seat::Facilitator,
                n => Seat::Team(TeamId((n - 1) as u16)),
            };
            h.handle(ToHub::Open {
                id,
                player: player(&format!("p{id}"), seat),
                size: (120, 36),
                out: tx,
            });
        }
        for rx in &mut keep {
            while rx.try_recv().is_ok() {}
        }
        let cost = rss_kib().saturating_sub(before);
        println!("60 consoles: {cost} KiB, {} KiB each", cost / 60);
    }
}
