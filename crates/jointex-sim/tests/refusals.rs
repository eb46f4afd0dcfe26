//! Refusals: every reason `check` can give is provoked by a concrete order and asserted on
//! the exact variant; the messages a player reads are pinned once; TLP violations happen and
//! count when the facilitator allows them; and an order valid when proposed but not any more
//! when the turn resolves is refused then, with an `OrderRefused` event.

mod common;

use std::sync::Arc;

use common::{asset, default_scenario, fixture, indicator, inject, team};
use jointex_scenario::Scenario;
use jointex_scenario::Text;
use jointex_scenario::model::{ActorId, AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::vocab::{Channel, Control, Tlp};
use jointex_sim::{
    AdHocInject, Event, Exercise, FacilitatorOrder, Missing, Order, Refusal, Share, TeamOrder,
    TlpRule,
};

fn team_order(t: TeamId, o: TeamOrder) -> Order {
    Order::Team(t, o)
}

fn white_cell(o: FacilitatorOrder) -> Order {
    Order::Facilitator(o)
}

fn share(to: &[TeamId], indicators: &[IndicatorId], tlp: Tlp) -> TeamOrder {
    TeamOrder::Share(Share {
        to: to.to_vec(),
        indicators: indicators.to_vec(),
        tlp,
        text: String::new(),
    })
}

/// The first of the team's assets that satisfies `f`.
fn own_asset(
    s: &Scenario,
    t: TeamId,
    f: impl Fn(&jointex_scenario::model::Asset) -> bool,
) -> AssetId {
    (0..s.assets.len() as u32)
        .map(AssetId)
        .find(|a| s.asset(*a).owner == t && f(s.asset(*a)))
        .expect("the scenario has such an asset")
}

fn default_exercise() -> (Arc<Scenario>, Exercise, TeamId, TeamId) {
    let s = default_scenario();
    let ex = Exercise::new(s.clone(), 42);
    let (us, kr) = (team(&s, "us"), team(&s, "kr"));
    (s, ex, us, kr)
}

#[test]
fn exercise_over() {
    let (s, mut ex, us, _) = default_exercise();
    let a = own_asset(&s, us, |_| true);
    for _ in 0..s.clock.turns {
        ex.resolve().expect("resolves");
    }
    assert!(ex.is_over());
    assert_eq!(ex.resolve(), Err(Refusal::ExerciseOver));
    assert_eq!(ex.submit(us), Err(Refusal::ExerciseOver));
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Investigate(a))),
        Err(Refusal::ExerciseOver)
    );
    assert_eq!(
        ex.check(&white_cell(FacilitatorOrder::Pause)),
        Err(Refusal::ExerciseOver)
    );
    assert_eq!(
        ex.check(&white_cell(FacilitatorOrder::AllowTlpViolations(true))),
        Err(Refusal::ExerciseOver)
    );
    assert_eq!(Refusal::ExerciseOver.to_string(), "the exercise is over");
}

/// After the last turn nothing can resolve again, so whatever the facilitator does then
/// would change the world and the inboxes without ever reaching the event log.
#[test]
fn the_white_cell_cannot_act_after_the_end() {
    let (s, mut ex, _, kr) = default_exercise();
    for _ in 0..s.clock.turns {
        ex.resolve().expect("resolves");
    }
    let cable = inject(&s, "INJ-16");
    assert_eq!(
        ex.check(&white_cell(FacilitatorOrder::FireNow(cable))),
        Err(Refusal::ExerciseOver)
    );
    assert_eq!(
        ex.check(&white_cell(FacilitatorOrder::Release(cable))),
        Err(Refusal::ExerciseOver)
    );
    assert_eq!(
        ex.check(&white_cell(FacilitatorOrder::AdHoc(AdHocInject {
            to: Some(kr),
            channel: Channel::Phone,
            title: Text::en("ENDEX"),
            text: Text::en("the exercise is over"),
        }))),
        Err(Refusal::ExerciseOver)
    );
}

#[test]
fn paused() {
    let (_, mut ex, us, _) = default_exercise();
    ex.order(white_cell(FacilitatorOrder::Pause))
        .expect("pauses");
    assert!(ex.is_paused());
    assert_eq!(ex.resolve(), Err(Refusal::Paused));
    // Planning goes on while paused; only the clock stops.
    assert_eq!(ex.submit(us), Ok(()));
    ex.order(white_cell(FacilitatorOrder::Resume))
        .expect("resumes");
    ex.resolve().expect("resolves once resumed");
    // The white cell's actions are logged as they happen, under the turn being planned.
    let log: Vec<&(u32, Event)> = ex
        .events()
        .iter()
        .filter(|(_, e)| matches!(e, Event::PauseChanged { .. }))
        .collect();
    assert_eq!(
        log,
        [
            &(1, Event::PauseChanged { paused: true }),
            &(1, Event::PauseChanged { paused: false })
        ]
    );
    assert_eq!(Refusal::Paused.to_string(), "the exercise is paused");
}

#[test]
fn already_submitted() {
    let (s, mut ex, us, _) = default_exercise();
    let a = own_asset(&s, us, |_| true);
    ex.order(team_order(us, TeamOrder::Investigate(a)))
        .expect("valid");
    ex.submit(us).expect("submits");
    let b = own_asset(&s, us, |x| x.key != s.asset(a).key);
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Investigate(b))),
        Err(Refusal::AlreadySubmitted)
    );
    assert_eq!(ex.submit(us), Err(Refusal::AlreadySubmitted));
    assert_eq!(ex.withdraw(us, 0), None, "a submitted plan is closed");
    assert_eq!(
        Refusal::AlreadySubmitted.to_string(),
        "the plan for this turn is already submitted"
    );
}

#[test]
fn not_enough_points() {
    let (s, mut ex, us, _) = default_exercise();
    assert_eq!(s.team(us).action_points, 6);
    let mut own = (0..s.assets.len() as u32)
        .map(AssetId)
        .filter(|a| s.asset(*a).owner == us);
    let (a, b, c) = (
        own.next().expect("asset"),
        own.next().expect("asset"),
        own.next().expect("asset"),
    );
    ex.order(team_order(us, TeamOrder::Patch(a)))
        .expect("2 of 6");
    ex.order(team_order(us, TeamOrder::Patch(b)))
        .expect("4 of 6");
    ex.order(team_order(us, TeamOrder::Investigate(c)))
        .expect("5 of 6");
    let backed = own_asset(&s, us, |x| x.has(Control::Backups));
    let refusal = Refusal::NotEnoughPoints { needed: 3, left: 1 };
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Restore(backed))),
        Err(refusal.clone())
    );
    assert_eq!(
        refusal.to_string(),
        "needs 3 action points, 1 left this turn"
    );
    ex.order(team_order(us, TeamOrder::Isolate(c)))
        .expect("6 of 6");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Isolate(a))),
        Err(Refusal::NotEnoughPoints { needed: 1, left: 0 })
    );
}

#[test]
fn no_such() {
    let (s, mut ex, us, _) = default_exercise();
    let nobody = TeamId(9);
    let a = own_asset(&s, us, |_| true);
    assert_eq!(
        ex.order(team_order(nobody, TeamOrder::Investigate(a))),
        Err(Refusal::NoSuch(Missing::Team))
    );
    assert_eq!(ex.submit(nobody), Err(Refusal::NoSuch(Missing::Team)));
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Investigate(AssetId(10_000)))),
        Err(Refusal::NoSuch(Missing::Asset))
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Hunt(IndicatorId(10_000)))),
        Err(Refusal::NoSuch(Missing::Indicator))
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::JointOperation(ActorId(99)))),
        Err(Refusal::NoSuch(Missing::Actor))
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::ProvideAssistance(nobody))),
        Err(Refusal::NoSuch(Missing::Team))
    );
    let note = TeamOrder::Share(Share {
        to: vec![nobody],
        indicators: Vec::new(),
        tlp: Tlp::Green,
        text: "hello".into(),
    });
    assert_eq!(
        ex.order(team_order(us, note)),
        Err(Refusal::NoSuch(Missing::Team))
    );
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Hold(InjectId(999)))),
        Err(Refusal::NoSuch(Missing::Inject))
    );
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::AdHoc(AdHocInject {
            to: Some(nobody),
            channel: Channel::Email,
            title: Text::en("to nobody"),
            text: Text::en("lost"),
        }))),
        Err(Refusal::NoSuch(Missing::Team))
    );
    assert_eq!(Refusal::NoSuch(Missing::Asset).to_string(), "no such asset");
}

#[test]
fn foreign_asset() {
    let (s, mut ex, us, kr) = default_exercise();
    let theirs = own_asset(&s, kr, |x| x.has(Control::Backups));
    for o in [
        TeamOrder::Investigate(theirs),
        TeamOrder::Isolate(theirs),
        TeamOrder::Reconnect(theirs),
        TeamOrder::Patch(theirs),
        TeamOrder::ResetCredentials(theirs),
        TeamOrder::Restore(theirs),
        TeamOrder::DeploySensor(theirs),
    ] {
        assert_eq!(
            ex.order(team_order(us, o.clone())),
            Err(Refusal::ForeignAsset),
            "{o:?}"
        );
    }
    assert_eq!(
        Refusal::ForeignAsset.to_string(),
        "the asset belongs to another nation; ask its team through RequestAssistance or a joint operation"
    );
}

#[test]
fn isolation_patches_sensors_and_restores_are_refused_when_already_done() {
    let (s, mut ex, us, _) = default_exercise();
    let a = own_asset(&s, us, |x| !x.has(Control::Backups));
    let b = own_asset(&s, us, |x| {
        x.key != s.asset(a).key && !x.has(Control::Backups)
    });
    let backed = own_asset(&s, us, |x| x.has(Control::Backups) && x.restore_turns >= 2);
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Reconnect(a))),
        Err(Refusal::NotIsolated)
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Restore(a))),
        Err(Refusal::NoBackups)
    );
    ex.order(team_order(us, TeamOrder::Isolate(a)))
        .expect("valid");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Isolate(a))),
        Err(Refusal::Duplicate)
    );
    ex.order(team_order(us, TeamOrder::Patch(b)))
        .expect("valid");
    ex.order(team_order(us, TeamOrder::Restore(backed)))
        .expect("valid");
    ex.resolve().expect("resolves");
    ex.order(team_order(us, TeamOrder::DeploySensor(b)))
        .expect("valid");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Isolate(a))),
        Err(Refusal::AlreadyIsolated)
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Patch(b))),
        Err(Refusal::AlreadyPatched)
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Restore(backed))),
        Err(Refusal::AlreadyRestoring)
    );
    ex.order(team_order(us, TeamOrder::Reconnect(a)))
        .expect("isolated now");
    ex.resolve().expect("resolves");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::DeploySensor(b))),
        Err(Refusal::SensorPresent)
    );
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Reconnect(a))),
        Err(Refusal::NotIsolated)
    );
    for (r, text) in [
        (Refusal::AlreadyIsolated, "the asset is already isolated"),
        (Refusal::NotIsolated, "the asset is not isolated"),
        (Refusal::AlreadyPatched, "the asset is already patched"),
        (
            Refusal::NoBackups,
            "the asset has no backups to restore from",
        ),
        (
            Refusal::AlreadyRestoring,
            "a restore is already under way on this asset",
        ),
        (
            Refusal::SensorPresent,
            "a sensor is already deployed on this asset",
        ),
        (
            Refusal::Duplicate,
            "the same order is already in this turn's plan",
        ),
    ] {
        assert_eq!(r.to_string(), text);
    }
}

#[test]
fn indicators_must_be_known_and_blocked_once() {
    let (s, mut ex, us, _) = default_exercise();
    let (ind1, ind2) = (indicator(&s, "IND-01"), indicator(&s, "IND-02"));
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Hunt(ind2))),
        Err(Refusal::UnknownIndicator)
    );
    ex.resolve().expect("turn 1");
    ex.resolve().expect("turn 2");
    // INJ-05 reveals IND-02 to both teams at turn 3; IND-01 went to Korea only.
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Block(ind1))),
        Err(Refusal::UnknownIndicator)
    );
    ex.order(team_order(us, TeamOrder::Block(ind2)))
        .expect("known now");
    ex.resolve().expect("turn 3");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Block(ind2))),
        Err(Refusal::AlreadyBlocked)
    );
    assert_eq!(
        Refusal::UnknownIndicator.to_string(),
        "the team does not know this indicator"
    );
    assert_eq!(
        Refusal::AlreadyBlocked.to_string(),
        "the indicator is already blocked"
    );
}

#[test]
fn empty_shares_and_bad_recipients() {
    let (_, mut ex, us, kr) = default_exercise();
    let blank = TeamOrder::Share(Share {
        to: vec![kr],
        indicators: Vec::new(),
        tlp: Tlp::Green,
        text: "   ".into(),
    });
    assert_eq!(ex.order(team_order(us, blank)), Err(Refusal::EmptyShare));
    assert_eq!(
        ex.order(team_order(us, TeamOrder::PublicAdvisory(Vec::new()))),
        Err(Refusal::EmptyShare)
    );
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::AdHoc(AdHocInject {
            to: None,
            channel: Channel::News,
            title: Text::en(" "),
            text: Text::en(""),
        }))),
        Err(Refusal::EmptyShare)
    );
    for to in [vec![us], vec![us, kr]] {
        let o = TeamOrder::Share(Share {
            to,
            indicators: Vec::new(),
            tlp: Tlp::Green,
            text: "note to self".into(),
        });
        assert_eq!(ex.order(team_order(us, o)), Err(Refusal::BadRecipient));
    }
    // A text-only note to the partner is a share.
    let note = TeamOrder::Share(Share {
        to: vec![kr],
        indicators: Vec::new(),
        tlp: Tlp::Green,
        text: "call us".into(),
    });
    assert_eq!(ex.order(team_order(us, note)), Ok(()));
    assert_eq!(
        Refusal::EmptyShare.to_string(),
        "there is nothing to share: name at least one indicator or write some text"
    );
    assert_eq!(
        Refusal::BadRecipient.to_string(),
        "a share goes to another team"
    );
}

/// Three teams: the US shares IND-1 with Korea under AMBER+STRICT and IND-2 under RED, and
/// with Japan IND-1 under GREEN and IND-2 under AMBER. Resolves turn 1.
fn three_nations() -> (Arc<Scenario>, Exercise, [TeamId; 3], [IndicatorId; 2]) {
    let s = fixture("three-nations.ron");
    let (us, kr, jp) = (team(&s, "us"), team(&s, "kr"), team(&s, "jp"));
    let (i1, i2) = (indicator(&s, "IND-1"), indicator(&s, "IND-2"));
    let mut ex = Exercise::new(s.clone(), 7);
    for o in [
        share(&[kr], &[i1], Tlp::AmberStrict),
        share(&[kr], &[i2], Tlp::Red),
        share(&[jp], &[i1], Tlp::Green),
        share(&[jp], &[i2], Tlp::Amber),
    ] {
        ex.order(team_order(us, o))
            .expect("the US found both itself");
    }
    ex.resolve().expect("resolves");
    (s, ex, [us, kr, jp], [i1, i2])
}

/// The refusal whose rule reads `why` in English: the test pins the wording players read on
/// the command line as well as the rule.
fn violation(indicator: &str, received: Tlp, why: &str) -> Refusal {
    let rule = TlpRule::ALL
        .into_iter()
        .find(|r| r.to_string() == why)
        .unwrap_or_else(|| panic!("no TLP rule reads {why:?}"));
    Refusal::TlpViolation {
        indicator: indicator.to_owned(),
        received,
        rule,
    }
}

#[test]
fn tlp_violations() {
    let (_, ex, [us, kr, jp], [i1, i2]) = three_nations();
    let strict = violation(
        "IND-1",
        Tlp::AmberStrict,
        "TLP:AMBER+STRICT stays inside the recipient organisation",
    );
    assert_eq!(
        ex.check(&team_order(kr, share(&[jp], &[i1], Tlp::AmberStrict))),
        Err(strict.clone())
    );
    // "Every other team" includes a third party.
    assert_eq!(
        ex.check(&team_order(kr, share(&[], &[i1], Tlp::AmberStrict))),
        Err(strict.clone())
    );
    assert_eq!(
        ex.check(&team_order(kr, share(&[jp], &[i2], Tlp::Red))),
        Err(violation(
            "IND-2",
            Tlp::Red,
            "TLP:RED is for the named recipients only and may not be shared on"
        ))
    );
    assert_eq!(
        ex.check(&team_order(jp, share(&[kr], &[i2], Tlp::Amber))),
        Err(violation(
            "IND-2",
            Tlp::Amber,
            "TLP:AMBER goes only to the recipient organisation and its clients who need to know"
        ))
    );
    // Back to the team it came from is never a breach, unless the marking is loosened.
    assert_eq!(
        ex.check(&team_order(kr, share(&[us], &[i1], Tlp::AmberStrict))),
        Ok(())
    );
    assert_eq!(
        ex.check(&team_order(kr, share(&[us], &[i1], Tlp::Green))),
        Err(violation(
            "IND-1",
            Tlp::AmberStrict,
            "it may not be re-shared under a less restrictive marking"
        ))
    );
    assert_eq!(
        ex.check(&team_order(kr, TeamOrder::PublicAdvisory(vec![i1]))),
        Err(violation(
            "IND-1",
            Tlp::AmberStrict,
            "it may not be published"
        ))
    );
    assert_eq!(
        ex.check(&team_order(jp, TeamOrder::PublicAdvisory(vec![i1]))),
        Err(violation(
            "IND-1",
            Tlp::Green,
            "TLP:GREEN is for the community, not public channels"
        ))
    );
    // GREEN may go on to the community under GREEN or stricter.
    assert_eq!(
        ex.check(&team_order(jp, share(&[kr], &[i1], Tlp::Green))),
        Ok(())
    );
    // What the team found itself is free.
    assert_eq!(
        ex.check(&team_order(us, TeamOrder::PublicAdvisory(vec![i1, i2]))),
        Ok(())
    );
    assert_eq!(
        strict.to_string(),
        "IND-1 came to this team as TLP:AMBER+STRICT; TLP:AMBER+STRICT stays inside the recipient organisation"
    );
}

#[test]
fn allowed_tlp_violations_happen_and_are_counted() {
    let (_, mut ex, [_, kr, jp], [i1, _]) = three_nations();
    ex.order(white_cell(FacilitatorOrder::AllowTlpViolations(true)))
        .expect("valid");
    assert!(ex.facilitator_view().violations_allowed);
    ex.order(team_order(kr, share(&[jp], &[i1], Tlp::AmberStrict)))
        .expect("allowed now");
    ex.order(team_order(jp, TeamOrder::PublicAdvisory(vec![i1])))
        .expect("allowed now");
    let r = ex.resolve().expect("resolves");
    assert!(r.events.contains(&Event::TlpViolated {
        team: kr,
        indicator: i1,
        tlp: Tlp::AmberStrict
    }));
    assert!(r.events.contains(&Event::TlpViolated {
        team: jp,
        indicator: i1,
        tlp: Tlp::Green
    }));
    assert!(r.events.contains(&Event::ShareReceived {
        from: kr,
        to: jp,
        indicators: vec![i1],
        tlp: Tlp::AmberStrict,
        text: String::new()
    }));
    assert_eq!(ex.view(kr).metrics.tlp_violations, 1);
    assert_eq!(ex.view(jp).metrics.tlp_violations, 1);
    let truth = ex.facilitator_view();
    assert_eq!(truth.metrics[kr.index()].tlp_violations, 1);
    assert_eq!(truth.metrics[jp.index()].tlp_violations, 1);
    assert_eq!(truth.metrics[0].tlp_violations, 0);
}

#[test]
fn duplicate() {
    let (s, mut ex, us, _) = default_exercise();
    let a = own_asset(&s, us, |_| true);
    ex.order(team_order(us, TeamOrder::Investigate(a)))
        .expect("valid");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::Investigate(a))),
        Err(Refusal::Duplicate)
    );
}

#[test]
fn assistance_only_for_a_team_that_asked_lately() {
    let (_, mut ex, us, kr) = default_exercise();
    assert_eq!(
        ex.order(team_order(us, TeamOrder::ProvideAssistance(kr))),
        Err(Refusal::NotRequested)
    );
    ex.order(team_order(
        kr,
        TeamOrder::RequestAssistance(Text::en("help")),
    ))
    .expect("valid");
    ex.resolve().expect("turn 1");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::ProvideAssistance(us))),
        Err(Refusal::NotRequested),
        "not to itself"
    );
    assert_eq!(
        ex.check(&team_order(us, TeamOrder::ProvideAssistance(kr))),
        Ok(())
    );
    ex.resolve().expect("turn 2");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::ProvideAssistance(kr))),
        Err(Refusal::NotRequested),
        "a request lasts the turn it was made and the next"
    );
    assert_eq!(
        Refusal::NotRequested.to_string(),
        "that team has not asked for assistance"
    );
}

#[test]
fn no_intel_on_actor() {
    let (s, mut ex, us, _) = default_exercise();
    let ember = common::actor(&s, "ember-tide");
    assert_eq!(
        ex.order(team_order(us, TeamOrder::JointOperation(ember))),
        Err(Refusal::NoIntelOnActor)
    );
    assert_eq!(
        Refusal::NoIntelOnActor.to_string(),
        "the team knows no indicator of this actor's infrastructure"
    );
}

#[test]
fn inject_holds_and_releases() {
    let (s, mut ex, _, _) = default_exercise();
    let (first, advisory, cable) = (
        inject(&s, "INJ-01"),
        inject(&s, "INJ-05"),
        inject(&s, "INJ-16"),
    );
    for o in [
        FacilitatorOrder::Hold(first),
        FacilitatorOrder::Release(first),
        FacilitatorOrder::FireNow(first),
    ] {
        assert_eq!(ex.order(white_cell(o)), Err(Refusal::AlreadyFired));
    }
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Release(advisory))),
        Err(Refusal::NotHeld)
    );
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Hold(cable))),
        Err(Refusal::AlreadyHeld),
        "INJ-16 starts held"
    );
    ex.order(white_cell(FacilitatorOrder::Hold(advisory)))
        .expect("valid");
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Hold(advisory))),
        Err(Refusal::AlreadyHeld)
    );
    ex.order(white_cell(FacilitatorOrder::FireNow(cable)))
        .expect("valid");
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::FireNow(cable))),
        Err(Refusal::AlreadyFired)
    );
    for (r, text) in [
        (Refusal::AlreadyFired, "the inject has already fired"),
        (Refusal::NotHeld, "the inject is not held"),
        (Refusal::AlreadyHeld, "the inject is already held"),
    ] {
        assert_eq!(r.to_string(), text);
    }
}

#[test]
fn pause_state() {
    let (_, mut ex, _, _) = default_exercise();
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Resume)),
        Err(Refusal::NotPaused)
    );
    ex.order(white_cell(FacilitatorOrder::Pause))
        .expect("valid");
    assert_eq!(
        ex.order(white_cell(FacilitatorOrder::Pause)),
        Err(Refusal::AlreadyPaused)
    );
    assert_eq!(
        Refusal::AlreadyPaused.to_string(),
        "the exercise is already paused"
    );
}

/// The world can move between planning and resolving only through the white cell: team
/// orders apply in team order, but no team's order changes what another team's check reads
/// (its own assets, its own knowledge, whom it may help), and within a plan an order that
/// conflicts with an earlier one is refused when proposed. So the cases are facilitator
/// actions taken after a team planned.
#[test]
fn an_order_made_invalid_before_the_turn_resolves_is_refused_then() {
    let (s, mut ex, [us, kr, jp], [i1, _]) = three_nations();
    let mail = asset(&s, "us-mail");
    let corrupt = inject(&s, "INJ-02");
    // The US plans a restore; then the white cell reveals that the backups are corrupt.
    let restore = TeamOrder::Restore(mail);
    ex.order(team_order(us, restore.clone()))
        .expect("has backups");
    ex.order(white_cell(FacilitatorOrder::FireNow(corrupt)))
        .expect("held, not fired");
    // Korea plans a violating share while violations are allowed; then they are not.
    ex.order(white_cell(FacilitatorOrder::AllowTlpViolations(true)))
        .expect("valid");
    let leak = share(&[jp], &[i1], Tlp::AmberStrict);
    ex.order(team_order(kr, leak.clone()))
        .expect("allowed for now");
    ex.order(white_cell(FacilitatorOrder::AllowTlpViolations(false)))
        .expect("valid");
    let r = ex.resolve().expect("resolves");
    assert!(
        r.events.contains(&Event::OrderRefused {
            order: team_order(us, restore),
            reason: Refusal::NoBackups
        }),
        "{:#?}",
        r.events
    );
    assert!(r.events.contains(&Event::OrderRefused {
        order: team_order(kr, leak),
        reason: violation(
            "IND-1",
            Tlp::AmberStrict,
            "TLP:AMBER+STRICT stays inside the recipient organisation"
        )
    }));
    let us_view = ex.view(us);
    let mail_view = us_view
        .assets
        .iter()
        .find(|a| a.asset == mail)
        .expect("own");
    assert_eq!(
        mail_view.restoring_until, None,
        "the refused restore did not start"
    );
    assert!(
        ex.view(jp).indicators.iter().all(|k| k.from != Some(kr)),
        "the refused share did not arrive"
    );
    assert_eq!(ex.view(kr).metrics.tlp_violations, 0);
}
