//! The door into the exercise: which seat may give which command, acknowledgements, and
//! observations filtered per seat.
//!
//! The permission matrix gives every kind of command from every seat — the facilitator,
//! each team, and a team id the scenario does not have — on a fresh exercise where the
//! command's own preconditions hold, and expects exactly: accepted when the seat's role
//! includes it, a typed refusal otherwise. Nothing panics, and a refused command changes
//! nothing.

mod common;

use common::*;
use jointex_scenario::model::TeamId;
use jointex_sim::{
    Command, CommandKind, Event, Executed, Exercise, FacilitatorOrder, Missing, Origin, Refusal,
    Seat, TeamOrder,
};

/// A command of each kind whose own preconditions hold on a fresh default exercise for a
/// team seat (its first asset, its first inbox message, its first planned order).
fn sample(ex: &Exercise, kind: CommandKind, seat: Seat) -> Command {
    let s = ex.scenario();
    let asset = match seat {
        Seat::Team(t) if t.index() < s.teams.len() => own_asset(s, t, |_| true),
        _ => jointex_scenario::model::AssetId(0),
    };
    match kind {
        CommandKind::Order => Command::Order(TeamOrder::Investigate(asset)),
        CommandKind::Withdraw => Command::Withdraw(0),
        CommandKind::Submit => Command::Submit,
        CommandKind::Acknowledge => Command::Acknowledge(0),
        CommandKind::Facilitate => Command::Facilitate(FacilitatorOrder::Pause),
        CommandKind::Resolve => Command::Resolve,
        CommandKind::Chat => Command::Chat {
            by: "tester".into(),
            text: "ready to isolate the historian?".into(),
        },
    }
}

/// A fresh exercise in which every team has one order planned (so Withdraw has something to
/// take back) and something in its inbox (so Acknowledge has something to acknowledge).
fn fresh() -> Exercise {
    let s = default_scenario();
    let mut ex = Exercise::new(s.clone(), 7);
    for t in 0..s.teams.len() as u16 {
        let team = TeamId(t);
        let a = own_asset(&s, team, |_| true);
        ex.execute(Seat::Team(team), Command::Order(TeamOrder::Patch(a)))
            .expect("a team plans its own patch");
    }
    // Turn 1's opening injects reach every team's inbox.
    for t in 0..s.teams.len() as u16 {
        assert!(
            !ex.view(TeamId(t)).inbox.is_empty(),
            "the default scenario opens with a message to every team"
        );
    }
    ex
}

#[test]
fn every_command_from_every_seat_is_accepted_or_refused_by_type() {
    let s = default_scenario();
    let mut seats = vec![Seat::Facilitator];
    seats.extend((0..s.teams.len() as u16).map(|t| Seat::Team(TeamId(t))));
    let stranger = Seat::Team(TeamId(s.teams.len() as u16 + 3));
    seats.push(stranger);
    let mut checked = 0;
    for seat in &seats {
        for kind in CommandKind::ALL {
            let mut ex = fresh();
            let command = sample(&ex, kind, *seat);
            let before = ex.state_hash();
            let log = ex.events().len();
            let checked_first = ex.check_command(*seat, &command);
            let got = ex.execute(*seat, command.clone());
            assert_eq!(
                got.as_ref().err(),
                checked_first.as_ref().err(),
                "{seat:?} {kind:?}: check_command and execute agree"
            );
            let expected: Result<(), Refusal> = if *seat == stranger {
                Err(Refusal::NoSuch(Missing::Team))
            } else if !kind.allowed_for(*seat) {
                Err(Refusal::NotYourCommand {
                    seat: *seat,
                    command: kind,
                })
            } else {
                Ok(())
            };
            assert_eq!(
                got.as_ref().map(|_| ()).map_err(Clone::clone),
                expected,
                "{seat:?} {kind:?}"
            );
            if got.is_err() {
                assert_eq!(
                    ex.state_hash(),
                    before,
                    "{seat:?} {kind:?}: refused, unchanged"
                );
                assert_eq!(ex.events().len(), log, "{seat:?} {kind:?}: nothing logged");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, seats.len() * CommandKind::ALL.len());
}

#[test]
fn a_team_cannot_order_for_another_team() {
    let s = default_scenario();
    let mut ex = Exercise::new(s.clone(), 7);
    let (us, kr) = (team(&s, "us"), team(&s, "kr"));
    let theirs = own_asset(&s, kr, |_| true);
    assert_eq!(
        ex.execute(Seat::Team(us), Command::Order(TeamOrder::Isolate(theirs))),
        Err(Refusal::ForeignAsset)
    );
    assert!(ex.view(us).plan.is_empty() && ex.view(kr).plan.is_empty());
    // Out-of-range ids in a command are refusals too, never a panic.
    for command in [
        Command::Order(TeamOrder::Isolate(jointex_scenario::model::AssetId(
            u32::MAX,
        ))),
        Command::Order(TeamOrder::Hunt(jointex_scenario::model::IndicatorId(
            u32::MAX,
        ))),
        Command::Withdraw(usize::MAX),
        Command::Acknowledge(usize::MAX),
    ] {
        assert!(
            matches!(
                ex.execute(Seat::Team(us), command.clone()),
                Err(Refusal::NoSuch(_))
            ),
            "{command:?}"
        );
    }
    assert_eq!(
        ex.execute(
            Seat::Facilitator,
            Command::Facilitate(FacilitatorOrder::Hold(jointex_scenario::model::InjectId(
                u32::MAX
            )))
        ),
        Err(Refusal::NoSuch(Missing::Inject))
    );
}

#[test]
fn withdraw_hands_the_order_back() {
    let s = default_scenario();
    let mut ex = Exercise::new(s.clone(), 7);
    let us = team(&s, "us");
    let a = own_asset(&s, us, |_| true);
    ex.execute(Seat::Team(us), Command::Order(TeamOrder::Patch(a)))
        .expect("planned");
    assert_eq!(
        ex.execute(Seat::Team(us), Command::Withdraw(0)),
        Ok(Executed::Withdrawn(TeamOrder::Patch(a)))
    );
    assert_eq!(
        ex.execute(Seat::Team(us), Command::Withdraw(0)),
        Err(Refusal::NoSuch(Missing::PlanEntry))
    );
    ex.execute(Seat::Team(us), Command::Submit)
        .expect("submits");
    assert_eq!(
        ex.execute(Seat::Team(us), Command::Withdraw(0)),
        Err(Refusal::AlreadySubmitted)
    );
}

#[test]
fn the_sender_sees_its_share_acknowledged() {
    let s = default_scenario();
    let mut ex = Exercise::new(s.clone(), 7);
    let (us, kr) = (team(&s, "us"), team(&s, "kr"));
    ex.execute(
        Seat::Team(us),
        Command::Order(TeamOrder::Share(jointex_sim::Share {
            to: vec![kr],
            indicators: Vec::new(),
            tlp: jointex_scenario::vocab::Tlp::Green,
            text: "Heads up: Meridian hotfix looks wrong.".to_owned(),
        })),
    )
    .expect("a note to the partner");
    ex.resolve().expect("resolves");
    let inbox = ex.view(kr).inbox;
    let at = inbox
        .iter()
        .position(|m| matches!(m.origin, Origin::Share { from, .. } if from == us))
        .expect("the note reached kr");
    assert_eq!(ex.view(us).sent.len(), 1);
    assert!(ex.view(us).sent[0].acknowledged.is_empty());
    ex.execute(Seat::Team(kr), Command::Acknowledge(at))
        .expect("kr acknowledges");
    let turn = ex.turn();
    assert_eq!(ex.view(kr).inbox[at].acknowledged, Some(turn));
    assert_eq!(ex.view(us).sent[0].acknowledged, vec![(kr, turn)]);
    assert_eq!(
        ex.execute(Seat::Team(kr), Command::Acknowledge(at)),
        Err(Refusal::AlreadyAcknowledged)
    );
    // Both teams see the acknowledgement in their events; nobody else would.
    let ack = Event::Acknowledged {
        team: kr,
        message: at,
        sender: Some(us),
    };
    for t in [us, kr] {
        assert!(
            ex.observe_team(t, 0).events.iter().any(|(_, e)| *e == ack),
            "team {t:?} sees the acknowledgement"
        );
    }
}

#[test]
fn observations_filter_events_in_one_place_and_resume_from_a_cursor() {
    let s = default_scenario();
    let mut ex = Exercise::new(s.clone(), 7);
    let us = team(&s, "us");
    let first = ex.observe_team(us, 0);
    ex.resolve().expect("resolves");
    let next = ex.observe_team(us, first.cursor);
    let all = ex.observe_team(us, 0);
    assert_eq!(
        first.events.len() + next.events.len(),
        all.events.len(),
        "a cursor gives exactly what is new"
    );
    for (_, e) in &all.events {
        assert!(e.audience(&s).includes(us), "{e:?} is not for us");
    }
    let fac = ex.observe_facilitator(0);
    assert_eq!(
        fac.events.len(),
        ex.events().len(),
        "the facilitator sees it all"
    );
    // Every asset offers its orders with the reason each cannot be given.
    let view = ex.view(us);
    for a in view.assets.iter().take(20) {
        let offers = ex.asset_offers(us, a.asset);
        assert_eq!(offers.len(), 6, "six orders on every own asset");
        for o in offers {
            assert_eq!(
                o.refusal,
                ex.check_command(Seat::Team(us), &Command::Order(o.order.clone()))
                    .err()
            );
        }
    }
    let kr = team(&s, "kr");
    let theirs = own_asset(&s, kr, |_| true);
    assert!(
        ex.asset_offers(us, theirs).is_empty(),
        "no orders on a foreign asset"
    );
}

/// The team's first asset that `f` accepts.
fn own_asset(
    s: &jointex_scenario::Scenario,
    t: TeamId,
    f: impl Fn(&jointex_scenario::model::Asset) -> bool,
) -> jointex_scenario::model::AssetId {
    (0..s.assets.len() as u32)
        .map(jointex_scenario::model::AssetId)
        .find(|a| s.asset(*a).owner == t && f(s.asset(*a)))
        .expect("the scenario has such an asset")
}

#[test]
fn a_chat_line_reaches_its_team_and_the_white_cell_only() {
    let s = default_scenario();
    let mut ex = Exercise::new(s, 3);
    let (us, kr) = (TeamId(0), TeamId(1));
    let line = Command::Chat {
        by: "alice".into(),
        text: "isolate first, then hunt".into(),
    };
    ex.execute(Seat::Team(us), line).expect("a team may chat");
    let said = |events: &[(u32, Event)]| {
        events
            .iter()
            .any(|(_, e)| matches!(e, Event::Chat { by, .. } if by == "alice"))
    };
    assert!(said(&ex.observe_team(us, 0).events));
    assert!(
        !said(&ex.observe_team(kr, 0).events),
        "the partner never sees it"
    );
    assert!(said(&ex.observe_facilitator(0).events));
    for (text, want) in [
        ("   ", Refusal::EmptyMessage),
        ("a\u{1b}[2J", Refusal::BadMessage),
    ] {
        let c = Command::Chat {
            by: "alice".into(),
            text: text.into(),
        };
        assert_eq!(ex.execute(Seat::Team(us), c), Err(want));
    }
    let long = Command::Chat {
        by: "alice".into(),
        text: "x".repeat(jointex_sim::seat::MAX_CHAT + 1),
    };
    assert_eq!(ex.execute(Seat::Team(us), long), Err(Refusal::BadMessage));
}
