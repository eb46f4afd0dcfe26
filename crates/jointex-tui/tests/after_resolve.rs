//! What runs after each resolved turn outside the interface (the live TAXII exchange in
//! `jointex play`) is shown to the facilitator, and play carries on.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::*;
use jointex_scenario::Lang;

#[test]
fn the_facilitator_sees_what_the_exchange_says_after_a_turn() {
    let mut a = app(Some(Lang::En));
    let mut t = terminal(100, 30);
    let turns = Rc::new(Cell::new(0u32));
    let seen = turns.clone();
    a.after_resolve(Box::new(move |ex| {
        seen.set(ex.turn());
        vec!["taxii: 401 unauthorized: check --taxii-user and JOINTEX_TAXII_PASSWORD".into()]
    }));
    // The facilitator resolves turn 1 without waiting for the teams (and confirms).
    play(&mut a, &mut t, "<Enter>Ry");
    assert_eq!(
        turns.get(),
        2,
        "the hook ran once, on the exercise after turn 1"
    );
    let shot = render(&a, 100, 30);
    assert!(shot.contains("taxii: 401 unauthorized"), "{shot}");
    assert_eq!(a.exercise().turn(), 2, "play carries on");
}
