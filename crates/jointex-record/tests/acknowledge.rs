//! Acknowledging a partner's message is a recorded command: after the process is gone and
//! the record is resumed, the message is still acknowledged and its sender still sees that.

use std::sync::Arc;

use jointex_record::{Driver, Recorder};
use jointex_scenario::vocab::Tlp;
use jointex_sim::{Command, Origin, Seat, Share, TeamOrder};

#[test]
fn resume_restores_acknowledgements_and_the_sender_sees_them() {
    let dir = std::env::temp_dir().join(format!("jointex-ack-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let path = dir.join("ack.jointex");
    let text = jointex_scenario::DEFAULT_SCENARIO;
    let scenario = Arc::new(jointex_scenario::load(text).expect("loads").scenario);
    let us = scenario.team_id("us").expect("us");
    let kr = scenario.team_id("kr").expect("kr");
    let at = {
        let driver = Driver {
            kind: "play".to_owned(),
            ..Driver::default()
        };
        let mut rec = Recorder::create(&path, text, scenario, 3, driver).expect("created");
        rec.execute(
            Seat::Team(us),
            Command::Order(TeamOrder::Share(Share {
                to: vec![kr],
                indicators: Vec::new(),
                tlp: Tlp::Green,
                text: "Meridian hotfix: hold deployment.".to_owned(),
            })),
        )
        .expect("shared");
        rec.resolve().expect("resolves");
        let at = rec
            .view(kr)
            .inbox
            .iter()
            .position(|m| matches!(m.origin, Origin::Share { from, .. } if from == us))
            .expect("the note reached kr");
        rec.execute(Seat::Team(kr), Command::Acknowledge(at))
            .expect("acknowledged");
        at
        // The recorder is dropped here, as a killed process would leave it.
    };
    let record = jointex_record::open(&path).expect("opens");
    assert!(
        record
            .actions
            .iter()
            .any(|a| a.action.kind() == "acknowledge"),
        "the acknowledgement is in the record"
    );
    let rec = Recorder::resume(&record).expect("resumes");
    let turn = rec.turn();
    assert_eq!(rec.view(kr).inbox[at].acknowledged, Some(turn));
    assert_eq!(rec.view(us).sent[0].acknowledged, vec![(kr, turn)]);
    let _ = std::fs::remove_dir_all(&dir);
}
