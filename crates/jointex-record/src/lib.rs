//! # jointex-record
//!
//! The record of an exercise: one SQLite file that holds the scenario text and its hash, the
//! seed, every action given to the engine in order (orders, withdrawals, submissions,
//! resolutions) and each resolved turn's state hash and events.
//!
//! * [`Recorder`] wraps an [`Exercise`](jointex_sim::Exercise) with the same methods; each
//!   action is written in its own committed transaction *before* it is reported as accepted,
//!   so an acknowledged order survives a crash or a power cut.
//! * [`open`] validates a file read-only: a file that is not SQLite, not ours, of another
//!   format version, damaged or tampered with gives a clear [`Error`] and is never changed.
//! * [`restore`] rebuilds the exercise by re-applying the logged actions (the engine is
//!   deterministic, so this is exact); [`replay`] does the same and stops at the first turn
//!   whose hash differs from the recorded one; [`fork`] copies a prefix into a new record.
//! * [`report`] writes the After-Action Report / Improvement Plan from a record.
//!
//! There is no terminal here: the binary prints, this crate reads and writes records.

mod error;
mod recorder;
mod replay;
pub mod report;
mod store;

pub use error::Error;
pub use recorder::{Recorder, play_policy};
pub use replay::{Desync, Replay, fork, replay, restore};
pub use store::{
    Action, Driver, FORMAT_VERSION, Logged, Meta, Record, TurnRow, new_exercise_id, open,
    scenario_sha256,
};
