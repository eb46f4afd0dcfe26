//! What can go wrong with a record, each as a sentence for the person who gave the file.

use std::path::PathBuf;

use jointex_sim::Refusal;

/// A record problem, or an order the engine refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine refused the order; nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The file could not be read or written.
    #[error("{path}: {why}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, in lower case.
        why: String,
    },
    /// A new record would replace an existing file.
    #[error("{0}: the file already exists; choose another path or remove it first")]
    Exists(PathBuf),
    /// Another process holds the record for writing.
    #[error("{path}: another jointex process is writing this record{}; wait for it to finish, or stop it", pid.map_or_else(String::new, |p| format!(" (pid {p})")))]
    Busy {
        /// The record.
        path: PathBuf,
        /// The writer's process id, when it could be read.
        pid: Option<u32>,
    },
    /// The file is not an SQLite database at all.
    #[error("{0}: not a jointex record: the file is not an SQLite database")]
    NotSqlite(PathBuf),
    /// The file is shorter than an SQLite header.
    #[error("{path}: not a jointex record: the file is truncated ({len} bytes)")]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Its length.
        len: u64,
    },
    /// An SQLite database, but not one jointex wrote.
    #[error(
        "{path}: not a jointex record: an SQLite database with application id {found:#010x}, not jointex's {expected:#010x}"
    )]
    NotJointex {
        /// The file.
        path: PathBuf,
        /// Its application id.
        found: i32,
        /// Ours.
        expected: i32,
    },
    /// Written in a record format this build does not read.
    #[error(
        "{path}: record format {found} is {newer_or_older} than this jointex reads (formats 2 to {supported}); {hint}"
    )]
    Format {
        /// The file.
        path: PathBuf,
        /// Its format version.
        found: i32,
        /// Ours.
        supported: i32,
        /// `newer` or `older`.
        newer_or_older: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// SQLite found the file damaged (a truncated or overwritten page).
    #[error("{path}: the record is damaged: {why}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite or the checks found.
        why: String,
    },
    /// The record's content contradicts itself: edited by hand or by another tool.
    #[error("{path}: the record was altered: {why}")]
    Tampered {
        /// The file.
        path: PathBuf,
        /// What does not hold.
        why: String,
    },
    /// The scenario does not match what the caller expects.
    #[error("{path}: {why}")]
    ScenarioMismatch {
        /// The file.
        path: PathBuf,
        /// What differs.
        why: String,
    },
    /// Replaying the record gave another action than the one recorded.
    #[error(
        "the record diverges at action #{seq} (turn {turn}): recorded {recorded}, the run gave {given}"
    )]
    Diverged {
        /// The action's sequence number.
        seq: u64,
        /// Its turn.
        turn: u32,
        /// What the record holds.
        recorded: String,
        /// What the driver gave.
        given: String,
    },
    /// A logged action the engine refuses on replay.
    #[error("action #{seq} (turn {turn}) is refused on replay: {why}")]
    ReplayRefused {
        /// The action.
        seq: u64,
        /// Its turn.
        turn: u32,
        /// The refusal.
        why: String,
    },
    /// A turn gave another state hash than the recorded one.
    #[error("turn {turn} desynchronised: recorded hash {recorded:016x}, replayed {replayed:016x}")]
    Desync {
        /// The turn.
        turn: u32,
        /// Recorded hash.
        recorded: u64,
        /// Replayed hash.
        replayed: u64,
    },
    /// An earlier write failed; the recorder accepts nothing more.
    #[error("the record can no longer be written after an earlier failure: {0}")]
    Broken(String),
    /// A fork asked for a turn the record has not resolved.
    #[error("cannot fork after turn {turn}: the record has resolved {resolved} turns")]
    NoSuchTurn {
        /// Asked.
        turn: u32,
        /// Resolved.
        resolved: u32,
    },
}

impl Error {
    /// An SQLite error on a file, classified.
    pub(crate) fn sqlite(path: &std::path::Path, e: &rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let path = path.to_path_buf();
        let text = e.to_string();
        if let Some(table) = text.strip_prefix("no such table: ") {
            return Error::Damaged {
                path,
                why: format!("its table `{table}` is missing"),
            };
        }
        match e.sqlite_error_code() {
            Some(C::NotADatabase) => Error::NotSqlite(path),
            Some(C::DatabaseCorrupt) => Error::Damaged {
                path,
                why: "sqlite reports the database disk image is malformed".to_owned(),
            },
            Some(C::DiskFull) => Error::Io {
                path,
                why: "the disk is full: free some space and carry on with `resume`; every action before this one is recorded".to_owned(),
            },
            Some(C::ReadOnly | C::CannotOpen) => Error::Io {
                path,
                why: format!(
                    "it cannot be opened for writing ({}); a record left by a crash also needs its directory writable, to finish its write-ahead log",
                    text.to_lowercase()
                ),
            },
            _ => Error::Io {
                path,
                why: text.to_lowercase(),
            },
        }
    }
}
