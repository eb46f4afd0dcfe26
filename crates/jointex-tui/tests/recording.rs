//! Playing through the interface on a recorded exercise: every order a team gave at the
//! keyboard is in the record the moment the interface shows it, so an exercise resumed from
//! the record after the terminal died has the same plans, the same turn and the same state.

mod common;

use std::sync::Arc;

use common::*;
use jointex_record::{Driver, Recorder};
use jointex_scenario::Lang;
use jointex_tui::App;

#[test]
fn what_was_done_at_the_keyboard_survives_in_the_record() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tui-recording");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("exercise.jointex");
    let scenario: Arc<_> = default_scenario();
    let driver = Driver {
        kind: "play".into(),
        ..Driver::default()
    };
    let recorder = Recorder::create(
        &path,
        jointex_scenario::DEFAULT_SCENARIO,
        scenario.clone(),
        1,
        driver,
    )
    .expect("a new record");
    let mut a = App::with_recorder(recorder, Some(Lang::En));
    assert_eq!(a.record_path(), Some(path.as_path()));
    let mut t = terminal(100, 30);
    let us = scenario.team_id("us").expect("us");
    // CISA takes the keyboard, plans an investigation of its VPN gateway, submits; Korea
    // plans nothing and submits; the facilitator resolves turn 1; CISA plans again in turn 2.
    play(
        &mut a,
        &mut t,
        "<Down><Enter><Enter>/vpn<Enter><Home><Down><Down><Enter><Enter>s<Enter>",
    );
    play(&mut a, &mut t, "<Enter><Enter>s<Enter>");
    play(&mut a, &mut t, "<Enter>R<Enter>");
    assert_eq!(a.exercise().turn(), 2);
    play(
        &mut a,
        &mut t,
        "<Enter><Enter><Enter>/<C-u>vpn<Enter><Home><Down><Down><Enter><Enter>",
    );
    let plan = a.exercise().view(us).plan;
    assert_eq!(plan.len(), 1, "an order planned in turn 2");
    let hash = a.exercise().state_hash();
    let events = a.exercise().events().len();
    // The console closes here with no save step: every command was committed when given.
    // (A leaked recorder would keep its writer's lock for the life of this test process;
    // the real kill -9 of a recording process is tests/record.rs's.)
    drop(a);

    let record = jointex_record::open(&path).expect("a valid record");
    let resumed = Recorder::resume(&record).expect("resumes");
    let ex = resumed.exercise();
    assert_eq!(ex.turn(), 2);
    assert_eq!(ex.view(us).plan, plan, "the plan in progress is not lost");
    assert_eq!(ex.state_hash(), hash);
    assert_eq!(ex.events().len(), events);
    let b = App::with_recorder(resumed, Some(Lang::En));
    let shot = render(&b, 100, 30);
    assert!(
        shot.contains("Recording to"),
        "the briefing names the record:\n{shot}"
    );
}
