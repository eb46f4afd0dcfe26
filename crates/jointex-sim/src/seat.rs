//! Seats and commands: the one door into an exercise.
//!
//! Whoever drives an exercise — the terminal UI, the headless runner, a policy, the record,
//! a remote player — sits in a [`Seat`] and changes the exercise only by [`Command`]s given
//! from it. [`Exercise::check_command`](crate::Exercise::check_command) says, without
//! changing anything, whether a seat may give a command now and why not;
//! [`Exercise::execute`](crate::Exercise::execute) gives it. A seat may only give the
//! commands of its role: a team's orders, plan, submission and acknowledgements are its own;
//! injects, pauses and resolving the turn are the facilitator's. Anything else is a typed
//! [`Refusal`](crate::Refusal), never a panic, so a command from an untrusted client can be
//! executed as it comes.

use jointex_scenario::model::TeamId;
use serde::{Deserialize, Serialize};

use crate::orders::{FacilitatorOrder, Order, TeamOrder};

/// Who is at a console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Seat {
    /// The white cell / exercise control: sees ground truth, runs the MSEL and the clock.
    Facilitator,
    /// A national team: sees its own nation only and gives its own orders.
    Team(TeamId),
}

impl std::fmt::Display for Seat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seat::Facilitator => f.write_str("facilitator"),
            Seat::Team(t) => write!(f, "team #{}", t.0),
        }
    }
}

/// Every change a seat can make to an exercise.
#[derive(Clone, Debug, PartialEq, Hash, Serialize, Deserialize)]
pub enum Command {
    /// A team adds an order to its plan for this turn.
    Order(TeamOrder),
    /// A team takes the order at this position back out of its plan.
    Withdraw(usize),
    /// A team submits its plan.
    Submit,
    /// A team acknowledges the message at this position of its inbox; a partner who sent it
    /// sees the acknowledgement.
    Acknowledge(usize),
    /// A facilitator order (MSEL, pause, TLP policy), effective at once.
    Facilitate(FacilitatorOrder),
    /// The facilitator resolves the turn.
    Resolve,
    /// A team member writes in the team's chat (seen by the team and the white cell).
    Chat {
        /// Who writes: the player's name, which the server takes from their key.
        by: String,
        /// What they write (at most [`MAX_CHAT`] characters, no control characters).
        text: String,
    },
}

/// The longest chat message, in characters.
pub const MAX_CHAT: usize = 1000;

/// The longest name a chat message may carry, in characters.
pub const MAX_CHAT_NAME: usize = 64;

/// A command's kind, for refusals and permission tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CommandKind {
    /// [`Command::Order`].
    Order,
    /// [`Command::Withdraw`].
    Withdraw,
    /// [`Command::Submit`].
    Submit,
    /// [`Command::Acknowledge`].
    Acknowledge,
    /// [`Command::Facilitate`].
    Facilitate,
    /// [`Command::Resolve`].
    Resolve,
    /// [`Command::Chat`].
    Chat,
}

impl CommandKind {
    /// Every kind, in declaration order.
    pub const ALL: [CommandKind; 7] = [
        CommandKind::Order,
        CommandKind::Withdraw,
        CommandKind::Submit,
        CommandKind::Acknowledge,
        CommandKind::Facilitate,
        CommandKind::Resolve,
        CommandKind::Chat,
    ];

    /// Whether a seat's role includes commands of this kind.
    pub fn allowed_for(self, seat: Seat) -> bool {
        match self {
            CommandKind::Order
            | CommandKind::Withdraw
            | CommandKind::Submit
            | CommandKind::Acknowledge
            | CommandKind::Chat => matches!(seat, Seat::Team(_)),
            CommandKind::Facilitate | CommandKind::Resolve => seat == Seat::Facilitator,
        }
    }
}

impl std::fmt::Display for CommandKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CommandKind::Order => "give a team's orders",
            CommandKind::Withdraw => "change a team's plan",
            CommandKind::Submit => "submit a team's plan",
            CommandKind::Acknowledge => "acknowledge a team's messages",
            CommandKind::Facilitate => "run the MSEL or the clock",
            CommandKind::Resolve => "resolve the turn",
            CommandKind::Chat => "write in a team's chat",
        })
    }
}

impl Command {
    /// The command's kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Order(_) => CommandKind::Order,
            Command::Withdraw(_) => CommandKind::Withdraw,
            Command::Submit => CommandKind::Submit,
            Command::Acknowledge(_) => CommandKind::Acknowledge,
            Command::Facilitate(_) => CommandKind::Facilitate,
            Command::Resolve => CommandKind::Resolve,
            Command::Chat { .. } => CommandKind::Chat,
        }
    }
}

/// The seat an [`Order`] belongs to, and the command that gives it.
pub fn split(order: Order) -> (Seat, Command) {
    match order {
        Order::Team(t, o) => (Seat::Team(t), Command::Order(o)),
        Order::Facilitator(o) => (Seat::Facilitator, Command::Facilitate(o)),
    }
}
