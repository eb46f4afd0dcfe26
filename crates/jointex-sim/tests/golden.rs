//! Golden test: the event log of a canonical run, one event per line, snapshotted so that any
//! change to the rules shows up as a diff a reviewer can read.
//!
//! The run: the default scenario, seed 2026, the US playing by the book and Korea sharing
//! everything, stopped after 10 resolves. Regenerate on purpose with
//! `INSTA_UPDATE=always cargo test -p jointex-sim --test golden` and read the diff.

mod common;

use std::fmt::Write as _;

use common::{default_scenario, play_policies};

#[test]
fn canonical_run_event_log() {
    let s = default_scenario();
    let (ex, reports) = play_policies(&s, 2026, &["by-the-book", "share-everything"], Some(10));
    assert_eq!(reports.len(), 10);
    assert!(!ex.is_over(), "stopped before the end");
    let mut log = String::new();
    for (turn, event) in ex.events() {
        writeln!(log, "{turn:>2} | {event:?}").expect("writing to a string");
    }
    insta::assert_snapshot!("canonical_run_event_log", log);
}
