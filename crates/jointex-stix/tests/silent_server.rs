//! A TAXII server that accepts connections and never answers must not hold an exercise up:
//! after the first request that times out the feed stops exchanging for the rest of the run,
//! says so once, and counts every later bundle as not delivered. Checked by counting the
//! connections the silent server receives, not by a clock.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jointex_scenario::model::TeamId;
use jointex_sim::{Exercise, policy};
use jointex_stix::{ShareFeed, TaxiiClient, TaxiiExchange};

#[test]
fn a_server_that_never_answers_is_given_up_after_one_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            // Keep the connection open and say nothing.
            held.push(stream);
        }
    });
    let url = format!(
        "http://127.0.0.1:{port}/exercise/collections/4f7d1c3a-2b9e-4c6d-8a1f-0e5b7c9d2a11/"
    );
    let client = TaxiiClient::new(&url, None)
        .expect("a collection url")
        .with_timeout(Duration::from_millis(300));
    let mut feed = ShareFeed::new(Some(TaxiiExchange::new(client)));

    let s = Arc::new(
        jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("valid")
            .scenario,
    );
    let mut ex = Exercise::new(s.clone(), 1);
    let mut players: Vec<_> = (0..s.teams.len())
        .map(|_| policy::by_name("share-everything").expect("built in"))
        .collect();
    let mut warnings = Vec::new();
    let mut bundles = 0;
    while !ex.is_over() {
        for (t, p) in players.iter_mut().enumerate() {
            policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        ex.resolve().expect("resolves");
        let turn = feed.after_turn(&ex, |_| true);
        bundles += turn.bundles.len();
        warnings.extend(turn.warnings);
    }
    assert!(bundles > 3, "{bundles} bundles");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one request, then no more"
    );
    let gave_up: Vec<_> = warnings
        .iter()
        .filter(|w| w.contains("did not answer in time"))
        .collect();
    assert_eq!(gave_up.len(), 1, "{warnings:?}");
    assert!(feed.undelivered > 0);
}
