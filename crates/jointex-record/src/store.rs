//! The file: schema (format 3, reading 2), creating, validating read-only, and writing actions.
//!
//! A record is an SQLite database in WAL mode with `synchronous = FULL`, so a committed
//! transaction survives a power cut. `PRAGMA application_id` marks the file as jointex's and
//! `PRAGMA user_version` holds the format version. Tables:
//!
//! * `meta` — one row: format, scenario id, version, text and SHA-256, seed, the program that
//!   wrote it and the driver (how the exercise was played: `run` with its policies and
//!   orders file, `play`, or `serve`);
//! * `actions` — every command given to the engine, in order: `seq`, `turn`, `kind`
//!   (`order`, `withdraw`, `submit`, `acknowledge`, `resolve`, `chat`) and a JSON payload,
//!   with the name of the player who gave it under `"by"` when the driver knows it;
//! * `turns` — each resolved turn: its state hash and events (JSON), with the `seq` of the
//!   `resolve` action that produced it.
//!
//! Messages between teams are `Share` orders in `actions` and `ShareReceived` events in
//! `turns`; facilitator actions are `order` rows with a `Facilitator` payload.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jointex_scenario::Scenario;
use jointex_scenario::model::TeamId;
use jointex_sim::{Command, Order, Seat};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Error;

/// The record format this build writes and reads. Format 2 logs every seat command
/// (acknowledgements too) and goes with the engine rules whose hashes it holds; a format 1
/// record's hashes were made under older rules and could not be replayed.
pub const FORMAT_VERSION: i32 = 3;

/// The oldest format this build reads. Format 2 differs from 3 only in having no `chat`
/// rows; appending to one first upgrades it ([`upgrade`]).
pub const OLDEST_READABLE: i32 = 2;

/// `PRAGMA application_id` of a jointex record: "JTXR".
pub(crate) const APPLICATION_ID: i32 = 0x4A54_5852;

const SCHEMA: &str = "
CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_version TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    seed TEXT NOT NULL,
    created_by TEXT NOT NULL,
    driver TEXT NOT NULL
) STRICT;
CREATE TABLE actions (
    seq INTEGER PRIMARY KEY,
    turn INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('order', 'withdraw', 'submit', 'acknowledge', 'resolve', 'chat')),
    payload TEXT NOT NULL
) STRICT;
CREATE TABLE turns (
    turn INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    events TEXT NOT NULL,
    opening TEXT NOT NULL
) STRICT;
";

/// Brings a format 2 record to format 3 in one transaction: the `actions` table is rebuilt
/// to allow `chat` rows (SQLite cannot alter a CHECK), nothing else changes.
fn upgrade(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE actions_v3 (
            seq INTEGER PRIMARY KEY,
            turn INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('order', 'withdraw', 'submit', 'acknowledge', 'resolve', 'chat')),
            payload TEXT NOT NULL
        ) STRICT;
        INSERT INTO actions_v3 SELECT seq, turn, kind, payload FROM actions;
        DROP TABLE actions;
        ALTER TABLE actions_v3 RENAME TO actions;
        UPDATE meta SET format = 3;",
    )?;
    tx.pragma_update(None, "user_version", FORMAT_VERSION)?;
    tx.commit()
}

/// How the exercise was driven: what `resume` needs to carry on the same way.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    /// `run` (headless, policies and an orders file) or `play` (the terminal UI).
    pub kind: String,
    /// The policy of each team, in scenario order (`run` only).
    #[serde(default)]
    pub policies: Vec<String>,
    /// The orders file's name as given, if any.
    #[serde(default)]
    pub orders_name: Option<String>,
    /// The orders file's text, if any.
    #[serde(default)]
    pub orders_text: Option<String>,
    /// `--turns`, if given.
    #[serde(default)]
    pub turns: Option<u32>,
    /// The record this one was forked from, and after which turn.
    #[serde(default)]
    pub forked_from: Option<(String, u32)>,
    /// The exercise's identity: made when the record is created (a fork is a new exercise),
    /// unique to it, and what keeps the ids of what it exports (STIX) apart from every other
    /// exercise's. `None` in records made before it existed.
    #[serde(default)]
    pub exercise: Option<String>,
}

/// A new exercise identity: 128 bits from the process's random hasher keys (the operating
/// system's randomness), the wall clock, the process and the file — never from the
/// exercise's content, so two exercises of the same scenario and seed never share it.
pub fn new_exercise_id(path: &Path, seed: u64) -> String {
    use sha2::{Digest, Sha256};
    use std::hash::{BuildHasher, Hasher};
    let mut h = Sha256::new();
    for salt in 0..2u64 {
        let mut x = std::collections::hash_map::RandomState::new().build_hasher();
        x.write_u64(salt);
        h.update(x.finish().to_le_bytes());
    }
    // An identity, not simulation state: the clock only makes it differ.
    #[allow(clippy::disallowed_methods)]
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.update(now.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(path.as_os_str().as_encoded_bytes());
    h.update(seed.to_le_bytes());
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The record's `meta` row.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// Record format version.
    pub format: i32,
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario version.
    pub scenario_version: String,
    /// The scenario's RON text, exactly as loaded.
    pub scenario_text: String,
    /// SHA-256 of the text, lower-case hex.
    pub scenario_sha256: String,
    /// The exercise seed.
    pub seed: u64,
    /// The program that created the record.
    pub created_by: String,
    /// How the exercise is driven.
    pub driver: Driver,
}

/// One command given to the engine, with the seat that gave it: what the record logs.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Who gave it.
    pub seat: Seat,
    /// What.
    pub command: Command,
    /// The person who gave it, when the driver knows (a player's roster name in `serve`).
    /// Kept as a `"by"` key beside the payload's own; it never changes what the command does.
    pub by: Option<String>,
}

/// The payload of a `chat` row: the name is `from`, as `by` beside a payload names the
/// player who gave the command.
#[derive(Serialize, Deserialize)]
struct ChatLine {
    team: TeamId,
    from: String,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct TeamIndex {
    team: TeamId,
    #[serde(default)]
    index: usize,
}

impl Action {
    /// An action.
    pub fn new(seat: Seat, command: Command) -> Self {
        Action {
            seat,
            command,
            by: None,
        }
    }

    /// The same action, given by `by`.
    pub fn by(mut self, by: Option<&str>) -> Self {
        self.by = by.map(str::to_owned);
        self
    }

    /// Whether it resolved a turn.
    pub fn is_resolve(&self) -> bool {
        self.command == Command::Resolve
    }

    /// The `kind` column.
    pub fn kind(&self) -> &'static str {
        match self.command {
            Command::Order(_) | Command::Facilitate(_) => "order",
            Command::Withdraw(_) => "withdraw",
            Command::Submit => "submit",
            Command::Acknowledge(_) => "acknowledge",
            Command::Resolve => "resolve",
            Command::Chat { .. } => "chat",
        }
    }

    /// The `payload` column (JSON): the order for `order`, the team (and position) for the
    /// team's other commands, `{}` for `resolve`.
    pub fn payload(&self) -> String {
        let team = match self.seat {
            Seat::Team(t) => t,
            Seat::Facilitator => TeamId(0),
        };
        let json = match (&self.command, self.seat) {
            (Command::Order(o), Seat::Team(t)) => serde_json::to_string(&Order::Team(t, o.clone())),
            (Command::Facilitate(o), _) => serde_json::to_string(&Order::Facilitator(o.clone())),
            (Command::Withdraw(index) | Command::Acknowledge(index), _) => {
                serde_json::to_string(&TeamIndex {
                    team,
                    index: *index,
                })
            }
            (Command::Submit, _) => serde_json::to_string(&TeamIndex { team, index: 0 }),
            (Command::Chat { by, text }, _) => serde_json::to_string(&ChatLine {
                team,
                from: by.clone(),
                text: text.clone(),
            }),
            // A facilitator never orders for a team (the engine refuses it before logging).
            (Command::Order(_), Seat::Facilitator) | (Command::Resolve, _) => Ok("{}".to_owned()),
        };
        // Commands are plain data with string keys; serialising them cannot fail.
        let json = json.unwrap_or_else(|_| "null".to_owned());
        match &self.by {
            None => json,
            Some(by) => match serde_json::from_str::<serde_json::Value>(&json) {
                Ok(serde_json::Value::Object(mut map)) => {
                    map.insert("by".into(), serde_json::Value::String(by.clone()));
                    serde_json::Value::Object(map).to_string()
                }
                _ => json,
            },
        }
    }

    fn parse(kind: &str, payload: &str) -> Result<Self, String> {
        let bad = |e: serde_json::Error| format!("unreadable {kind} payload: {e}");
        // The giver's name sits beside the command's own keys: take it off first.
        let mut value: serde_json::Value = serde_json::from_str(payload).map_err(bad)?;
        let by = match value.as_object_mut().and_then(|m| m.remove("by")) {
            None => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(other) => {
                return Err(format!(
                    "unreadable {kind} payload: `by` is {other}, not a name"
                ));
            }
        };
        let payload = value.to_string();
        let payload = payload.as_str();
        Self::parse_command(kind, payload).map(|a| Action { by, ..a })
    }

    fn parse_command(kind: &str, payload: &str) -> Result<Self, String> {
        let bad = |e: serde_json::Error| format!("unreadable {kind} payload: {e}");
        let team = |payload: &str| serde_json::from_str::<TeamIndex>(payload).map_err(bad);
        match kind {
            "order" => serde_json::from_str::<Order>(payload)
                .map(|o| {
                    let (seat, command) = jointex_sim::seat::split(o);
                    Action::new(seat, command)
                })
                .map_err(bad),
            "withdraw" => {
                team(payload).map(|t| Action::new(Seat::Team(t.team), Command::Withdraw(t.index)))
            }
            "submit" => team(payload).map(|t| Action::new(Seat::Team(t.team), Command::Submit)),
            "acknowledge" => team(payload)
                .map(|t| Action::new(Seat::Team(t.team), Command::Acknowledge(t.index))),
            "resolve" => Ok(Action::new(Seat::Facilitator, Command::Resolve)),
            "chat" => serde_json::from_str::<ChatLine>(payload)
                .map(|c| {
                    Action::new(
                        Seat::Team(c.team),
                        Command::Chat {
                            by: c.from,
                            text: c.text,
                        },
                    )
                })
                .map_err(bad),
            other => Err(format!("unknown action kind `{other}`")),
        }
    }
}

/// An action as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    /// Sequence number, from 1, without gaps.
    pub seq: u64,
    /// The turn being planned when it was given.
    pub turn: u32,
    /// The action.
    pub action: Action,
}

/// A resolved turn as logged.
#[derive(Clone, Debug, PartialEq)]
pub struct TurnRow {
    /// The turn.
    pub turn: u32,
    /// The `resolve` action that produced it.
    pub seq: u64,
    /// State hash after it.
    pub hash: u64,
    /// Its events, a JSON array.
    pub events: String,
    /// The next turn's opening events, a JSON array.
    pub opening: String,
}

/// A validated record, read into memory.
#[derive(Clone, Debug)]
pub struct Record {
    /// Where it was read from.
    pub path: PathBuf,
    /// The meta row.
    pub meta: Meta,
    /// The scenario, loaded from the embedded text.
    pub scenario: Arc<Scenario>,
    /// Every action, in order.
    pub actions: Vec<Logged>,
    /// Every resolved turn, in order.
    pub turns: Vec<TurnRow>,
}

impl Record {
    /// Turns resolved.
    pub fn resolved(&self) -> u32 {
        self.turns.last().map_or(0, |t| t.turn)
    }
}

/// SHA-256 of a scenario text, lower-case hex.
pub fn scenario_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens and validates a record without changing it: read-only, every check, or an error.
pub fn open(path: &Path) -> Result<Record, Error> {
    check_header(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    // With no write-ahead log beside it, the file is opened immutable: SQLite then creates
    // no `-wal` or `-shm` file either, so a failed attempt leaves the directory as it was.
    // After a crash the log holds committed actions and must be read, read-only.
    let uri = if has_wal(path) {
        file_uri(path, "mode=ro")
    } else {
        file_uri(path, "immutable=1")
    };
    let conn = Connection::open_with_flags(&uri, flags).map_err(|e| Error::sqlite(path, &e))?;
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| Error::sqlite(path, &e))?;
    if app != APPLICATION_ID {
        return Err(Error::NotJointex {
            path: path.to_path_buf(),
            found: app,
            expected: APPLICATION_ID,
        });
    }
    let format: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| Error::sqlite(path, &e))?;
    if !(OLDEST_READABLE..=FORMAT_VERSION).contains(&format) {
        let newer = format > FORMAT_VERSION;
        return Err(Error::Format {
            path: path.to_path_buf(),
            found: format,
            supported: FORMAT_VERSION,
            newer_or_older: if newer { "newer" } else { "older" },
            hint: if newer {
                "open it with the jointex that wrote it, or a newer one"
            } else {
                "open it with the jointex that wrote it"
            },
        });
    }
    let problems: Vec<String> = {
        let mut stmt = conn
            .prepare("PRAGMA quick_check")
            .map_err(|e| Error::sqlite(path, &e))?;
        stmt.query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| Error::sqlite(path, &e))?
    };
    if problems.iter().any(|p| p != "ok") {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            why: problems.join("; ").to_lowercase(),
        });
    }
    let tampered = |why: String| Error::Tampered {
        path: path.to_path_buf(),
        why,
    };
    let meta = read_meta(&conn)
        .map_err(|e| Error::sqlite(path, &e))?
        .ok_or_else(|| tampered("the meta row is missing".to_owned()))?;
    let (meta, driver_err) = meta;
    if let Some(why) = driver_err {
        return Err(tampered(why));
    }
    if meta.format != format {
        return Err(tampered(format!(
            "meta says format {} but the file is format {format}",
            meta.format
        )));
    }
    let sha = scenario_sha256(&meta.scenario_text);
    if sha != meta.scenario_sha256 {
        return Err(tampered(format!(
            "the embedded scenario text does not match its sha-256 (recorded {}, computed {sha})",
            meta.scenario_sha256
        )));
    }
    let scenario = match jointex_scenario::load(&meta.scenario_text) {
        Ok(l) => Arc::new(l.scenario),
        Err(d) => {
            let first = d.first().map_or_else(String::new, |d| d.message.clone());
            return Err(Error::ScenarioMismatch {
                path: path.to_path_buf(),
                why: format!(
                    "the embedded scenario does not load with this jointex ({} problems; first: {first})",
                    d.len()
                ),
            });
        }
    };
    if scenario.meta.id != meta.scenario_id || scenario.meta.version != meta.scenario_version {
        return Err(Error::ScenarioMismatch {
            path: path.to_path_buf(),
            why: format!(
                "the record is of scenario `{}` v{} but the scenario it carries is `{}` v{}",
                meta.scenario_id, meta.scenario_version, scenario.meta.id, scenario.meta.version
            ),
        });
    }
    let actions = read_actions(&conn, path)?;
    let turns = read_turns(&conn, path)?;
    check_consistency(&actions, &turns).map_err(tampered)?;
    Ok(Record {
        path: path.to_path_buf(),
        meta,
        scenario,
        actions,
        turns,
    })
}

/// The SQLite header, checked before SQLite sees the file, so a stranger file gets a precise
/// message.
fn check_header(path: &Path) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        why: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string().to_lowercase(),
        },
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    if f.metadata().map_err(io)?.is_dir() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            why: "it is a directory".to_owned(),
        });
    }
    let mut head = [0u8; 100];
    let n = f.read(&mut head).map_err(io)?;
    if n >= 16 && &head[..16] != b"SQLite format 3\0" || n > 0 && n < 16 {
        return Err(Error::NotSqlite(path.to_path_buf()));
    }
    if n < 100 {
        return Err(Error::Truncated {
            path: path.to_path_buf(),
            len,
        });
    }
    // The header's page size and count say how long the file must be.
    let page = u32::from(u16::from_be_bytes([head[16], head[17]]));
    let page = if page == 1 { 65_536 } else { u64::from(page) };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    let wal = has_wal(path);
    // With a WAL beside it the header may lag; SQLite's own checks then catch damage.
    if !wal && pages > 0 && page * pages > len {
        return Err(Error::Damaged {
            path: path.to_path_buf(),
            why: format!(
                "the file is truncated: its header describes {} bytes, it has {len}",
                page * pages
            ),
        });
    }
    Ok(())
}

/// Whether a non-empty write-ahead log lies beside the record.
fn has_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(Path::new(&wal)).is_ok_and(|m| m.len() > 0)
}

/// An SQLite `file:` URI for a path, with the characters URIs reserve escaped.
fn file_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ if b.is_ascii() => uri.push(char::from(*b)),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

type MetaRead = Option<(Meta, Option<String>)>;

fn read_meta(conn: &Connection) -> rusqlite::Result<MetaRead> {
    conn.query_row(
        "SELECT format, scenario_id, scenario_version, scenario_text, scenario_sha256, seed,
                created_by, driver FROM meta WHERE id = 1",
        [],
        |r| {
            let seed: String = r.get(5)?;
            let driver: String = r.get(7)?;
            let mut err = None;
            let seed = seed.parse::<u64>().unwrap_or_else(|_| {
                err = Some(format!("the seed `{seed}` is not a number"));
                0
            });
            let driver = serde_json::from_str(&driver).unwrap_or_else(|e| {
                err = Some(format!("the driver is unreadable: {e}"));
                Driver::default()
            });
            Ok((
                Meta {
                    format: r.get(0)?,
                    scenario_id: r.get(1)?,
                    scenario_version: r.get(2)?,
                    scenario_text: r.get(3)?,
                    scenario_sha256: r.get(4)?,
                    seed,
                    created_by: r.get(6)?,
                    driver,
                },
                err,
            ))
        },
    )
    .optional()
}

/// A text column read as bytes, so that text that is not UTF-8 (written by something other
/// than jointex) is reported with its table, row and column rather than a byte index.
fn bytes(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    Ok(r.get_ref(i)?.as_bytes()?.to_vec())
}

/// The text of a column read by [`bytes`], or what is wrong with it.
fn utf8(path: &Path, what: &str, column: &str, b: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(b).map_err(|e| Error::Tampered {
        path: path.to_path_buf(),
        why: format!(
            "{what}: its `{column}` is not UTF-8 text (bad byte at {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

fn read_actions(conn: &Connection, path: &Path) -> Result<Vec<Logged>, Error> {
    let rows: Vec<(i64, i64, Vec<u8>, Vec<u8>)> = conn
        .prepare("SELECT seq, turn, kind, payload FROM actions ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, bytes(r, 2)?, bytes(r, 3)?))
            })?
            .collect()
        })
        .map_err(|e| Error::sqlite(path, &e))?;
    rows.into_iter()
        .map(|(seq, turn, kind, payload)| {
            let what = format!("action #{seq}");
            let kind = utf8(path, &what, "kind", kind)?;
            let payload = utf8(path, &what, "payload", payload)?;
            let action = Action::parse(&kind, &payload).map_err(|why| Error::Tampered {
                path: path.to_path_buf(),
                why: format!("action #{seq}: {why}"),
            })?;
            Ok(Logged {
                seq: u64::try_from(seq).unwrap_or(0),
                turn: u32::try_from(turn).unwrap_or(0),
                action,
            })
        })
        .collect()
}

fn read_turns(conn: &Connection, path: &Path) -> Result<Vec<TurnRow>, Error> {
    type Raw = (i64, i64, Vec<u8>, Vec<u8>, Vec<u8>);
    let rows: Vec<Raw> = conn
        .prepare("SELECT turn, seq, hash, events, opening FROM turns ORDER BY turn")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    bytes(r, 2)?,
                    bytes(r, 3)?,
                    bytes(r, 4)?,
                ))
            })?
            .collect()
        })
        .map_err(|e| Error::sqlite(path, &e))?;
    rows.into_iter()
        .map(|(turn, seq, hash, events, opening)| {
            let what = format!("turn {turn}");
            let hash = utf8(path, &what, "hash", hash)?;
            let events = utf8(path, &what, "events", events)?;
            let opening = utf8(path, &what, "opening", opening)?;
            let hash = u64::from_str_radix(&hash, 16).map_err(|_| Error::Tampered {
                path: path.to_path_buf(),
                why: format!("turn {turn}: the hash `{hash}` is not hexadecimal"),
            })?;
            Ok(TurnRow {
                turn: u32::try_from(turn).unwrap_or(0),
                seq: u64::try_from(seq).unwrap_or(0),
                hash,
                events,
                opening,
            })
        })
        .collect()
}

/// The log's shape: sequence numbers from 1 without gaps, turns never going back, one turn
/// row per resolve and at the same seq.
fn check_consistency(actions: &[Logged], turns: &[TurnRow]) -> Result<(), String> {
    let mut turn = 1;
    let mut resolves = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        if a.seq != i as u64 + 1 {
            return Err(format!(
                "action #{} follows #{}: the sequence has a gap",
                a.seq, i
            ));
        }
        if a.turn != turn {
            return Err(format!(
                "action #{} is logged under turn {} while turn {turn} was being planned",
                a.seq, a.turn
            ));
        }
        if a.action.is_resolve() {
            resolves.push((turn, a.seq));
            turn += 1;
        }
    }
    // A crash between a resolve's commit and nothing else cannot leave a resolve without its
    // turn row: both are written in one transaction.
    if resolves.len() != turns.len() {
        return Err(format!(
            "{} turns resolved but {} turn rows",
            resolves.len(),
            turns.len()
        ));
    }
    for ((t, seq), row) in resolves.iter().zip(turns) {
        if row.turn != *t || row.seq != *seq {
            return Err(format!(
                "turn row {} does not match the resolve of turn {t} (action #{seq})",
                row.turn
            ));
        }
    }
    Ok(())
}

/// An open record being written.
pub(crate) struct Store {
    conn: Connection,
    pub(crate) path: PathBuf,
    /// The next sequence number.
    pub(crate) next: u64,
    /// The writer's lock on the record, held while the store lives.
    _lock: WriterLock,
}

/// One writer per record: an advisory lock on the record file itself (released by the
/// system when the process ends, however it ends), and a note beside it with the writer's
/// process id, so a second writer is told at once who holds it.
struct WriterLock {
    _file: std::fs::File,
    note: PathBuf,
}

impl WriterLock {
    fn take(path: &Path) -> Result<Self, Error> {
        let io = |e: std::io::Error| Error::Io {
            path: path.to_path_buf(),
            why: e.to_string().to_lowercase(),
        };
        let note = {
            let name = path
                .file_name()
                .map_or_else(|| "record".into(), |n| n.to_string_lossy().into_owned());
            path.with_file_name(format!(".{name}.writer"))
        };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .open(path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let pid = std::fs::read_to_string(&note)
                    .ok()
                    .and_then(|s| s.trim().parse().ok());
                return Err(Error::Busy {
                    path: path.to_path_buf(),
                    pid,
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        // Best effort: the lock is what protects the record, the note only names the holder.
        let _ = std::fs::write(&note, format!("{}\n", std::process::id()));
        Ok(WriterLock { _file: file, note })
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.note);
    }
}

impl Store {
    /// Creates a new record; refuses to replace a file.
    pub(crate) fn create(path: &Path, meta: &Meta) -> Result<Self, Error> {
        Store::create_with(path, meta, |_| Ok(()))
    }

    /// Creates a new record whose first transaction holds the meta row and whatever `fill`
    /// writes (a fork's prefix). The file is built beside its target and linked into place
    /// only once that transaction is committed and checkpointed, so a crash or a full disk
    /// leaves no stub at `path`: the target is absent or whole. The link refuses an existing
    /// file atomically, so two writers can never share one record.
    pub(crate) fn create_with(
        path: &Path,
        meta: &Meta,
        fill: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<Self, Error> {
        let io = |e: std::io::Error| Error::Io {
            path: path.to_path_buf(),
            why: e.to_string().to_lowercase(),
        };
        if path.exists() {
            return Err(Error::Exists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(Error::Io {
                path: path.to_path_buf(),
                why: format!("no such directory: {}", dir.display()),
            });
        }
        let name = path
            .file_name()
            .map_or_else(|| "record".into(), |n| n.to_string_lossy().into_owned());
        let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let sidecars = |p: &Path| {
            ["-wal", "-shm", "-journal"].map(|s| {
                let mut os = p.as_os_str().to_owned();
                os.push(s);
                PathBuf::from(os)
            })
        };
        let clean = |p: &Path| {
            let _ = std::fs::remove_file(p);
            for f in sidecars(p) {
                let _ = std::fs::remove_file(f);
            }
        };
        clean(&tmp);
        let built = (|| -> Result<(), Error> {
            let sql = |e: rusqlite::Error| Error::sqlite(path, &e);
            let mut conn = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql)?;
            pragmas(&conn).map_err(sql)?;
            let tx = conn.transaction().map_err(sql)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
            tx.pragma_update(None, "user_version", FORMAT_VERSION)
                .map_err(sql)?;
            tx.execute_batch(SCHEMA).map_err(sql)?;
            let mut driver = meta.driver.clone();
            if driver.exercise.is_none() {
                driver.exercise = Some(new_exercise_id(path, meta.seed));
            }
            let driver = serde_json::to_string(&driver).unwrap_or_else(|_| "{}".to_owned());
            tx.execute(
                "INSERT INTO meta (id, format, scenario_id, scenario_version, scenario_text,
                                   scenario_sha256, seed, created_by, driver)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    meta.format,
                    meta.scenario_id,
                    meta.scenario_version,
                    meta.scenario_text,
                    meta.scenario_sha256,
                    meta.seed.to_string(),
                    meta.created_by,
                    driver
                ],
            )
            .map_err(sql)?;
            fill(&tx).map_err(sql)?;
            tx.commit().map_err(sql)?;
            // Everything into the main file, so the file alone is the record when it moves.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .map_err(sql)?;
            drop(conn);
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io)?;
            Ok(())
        })();
        if let Err(e) = built {
            clean(&tmp);
            return Err(e);
        }
        // A hard link refuses an existing target: atomic, with no window for another writer.
        let linked = std::fs::hard_link(&tmp, path);
        clean(&tmp);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Exists(path.to_path_buf()));
            }
            Err(e) => return Err(io(e)),
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        let lock = WriterLock::take(path)?;
        let sql = |e: rusqlite::Error| Error::sqlite(path, &e);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        pragmas(&conn).map_err(sql)?;
        let next: i64 = conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM actions", [], |r| {
                r.get(0)
            })
            .map_err(sql)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            next: next as u64 + 1,
            _lock: lock,
        })
    }

    /// Opens a validated record for appending.
    pub(crate) fn append(record: &Record) -> Result<Self, Error> {
        let path = &record.path;
        let sql = |e: rusqlite::Error| Error::sqlite(path, &e);
        let lock = WriterLock::take(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        pragmas(&conn).map_err(sql)?;
        let mut conn = conn;
        if record.meta.format < FORMAT_VERSION {
            upgrade(&mut conn).map_err(sql)?;
        }
        Ok(Store {
            conn,
            path: path.clone(),
            next: record.actions.len() as u64 + 1,
            _lock: lock,
        })
    }

    /// Writes one action in its own committed transaction, with its turn row if it resolved
    /// a turn.
    pub(crate) fn write(
        &mut self,
        turn: u32,
        action: &Action,
        row: Option<&TurnRow>,
    ) -> Result<u64, Error> {
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| Error::sqlite(&path, &e);
        let seq = self.next;
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute(
            "INSERT INTO actions (seq, turn, kind, payload) VALUES (?1, ?2, ?3, ?4)",
            params![seq as i64, turn, action.kind(), action.payload()],
        )
        .map_err(sql)?;
        if let Some(r) = row {
            tx.execute(
                "INSERT INTO turns (turn, seq, hash, events, opening) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    r.turn,
                    seq as i64,
                    format!("{:016x}", r.hash),
                    r.events,
                    r.opening
                ],
            )
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        self.next += 1;
        Ok(seq)
    }
}

fn pragmas(conn: &Connection) -> rusqlite::Result<()> {
    // WAL: a commit is one append and one fsync; FULL: that fsync happens on every commit,
    // so an acknowledged action survives a power cut, not only a crash of the process.
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Copies a validated record's prefix into a new file: meta (with the driver given), the
/// actions up to `last_seq` and their turn rows.
pub(crate) fn write_prefix(
    record: &Record,
    out: &Path,
    driver: Driver,
    last_seq: u64,
) -> Result<(), Error> {
    let meta = Meta {
        driver,
        ..record.meta.clone()
    };
    // One transaction, built beside the target and moved into place whole: a fork is written
    // whole or not at all.
    Store::create_with(out, &meta, |tx| {
        for a in record.actions.iter().take_while(|a| a.seq <= last_seq) {
            tx.execute(
                "INSERT INTO actions (seq, turn, kind, payload) VALUES (?1, ?2, ?3, ?4)",
                params![a.seq as i64, a.turn, a.action.kind(), a.action.payload()],
            )?;
        }
        for r in record.turns.iter().filter(|r| r.seq <= last_seq) {
            tx.execute(
                "INSERT INTO turns (turn, seq, hash, events, opening) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    r.turn,
                    r.seq as i64,
                    format!("{:016x}", r.hash),
                    r.events,
                    r.opening
                ],
            )?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        let text = jointex_scenario::DEFAULT_SCENARIO;
        Meta {
            format: FORMAT_VERSION,
            scenario_id: "pacific-bridge".into(),
            scenario_version: "1.0.0".into(),
            scenario_text: text.into(),
            scenario_sha256: scenario_sha256(text),
            seed: 1,
            created_by: "test".into(),
            driver: Driver::default(),
        }
    }

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("jointex-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("a scratch directory");
        d
    }

    fn listing(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// A record that fails before its first commit leaves nothing behind: no stub that later
    /// reads as "not a jointex record" or blocks the path as "already exists".
    #[test]
    fn a_failed_creation_leaves_no_file() {
        let d = dir("failed");
        let path = d.join("r.jointex");
        let got = Store::create_with(&path, &meta(), |tx| {
            tx.execute("INSERT INTO no_such_table VALUES (1)", [])
                .map(|_| ())
        });
        assert!(got.is_err());
        assert!(listing(&d).is_empty(), "left behind: {:?}", listing(&d));
        // The path is free for the next attempt, which succeeds and is a whole record.
        let store = Store::create(&path, &meta()).expect("created");
        drop(store);
        assert!(crate::open(&path).is_ok());
        assert_eq!(listing(&d).first().map(String::as_str), Some("r.jointex"));
        let _ = std::fs::remove_dir_all(&d);
    }

    /// Each record is its own exercise: two records of the same scenario and seed get
    /// different identities, kept in the driver and read back unchanged.
    #[test]
    fn every_record_gets_an_exercise_identity_of_its_own() {
        let d = dir("identity");
        let (a, b) = (d.join("a.jointex"), d.join("b.jointex"));
        drop(Store::create(&a, &meta()).expect("created"));
        drop(Store::create(&b, &meta()).expect("created"));
        let id = |p: &Path| crate::open(p).expect("opens").meta.driver.exercise;
        let (x, y) = (id(&a), id(&b));
        assert!(x.as_ref().is_some_and(|x| x.len() == 32), "{x:?}");
        assert_ne!(x, y);
        assert_eq!(x, id(&a), "stable when read again");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn creation_never_replaces_a_file() {
        let d = dir("exists");
        let path = d.join("r.jointex");
        std::fs::write(&path, b"mine").expect("write");
        assert!(matches!(
            Store::create(&path, &meta()),
            Err(Error::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).expect("read"), b"mine");
        assert_eq!(listing(&d), ["r.jointex"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    /// A second writer is refused at once, told who holds the record; once the first is
    /// gone, the record can be appended to again.
    #[test]
    fn one_writer_per_record() {
        let d = dir("writers");
        let path = d.join("r.jointex");
        let first = Store::create(&path, &meta()).expect("created");
        let record = crate::open(&path).expect("opens while being written");
        match Store::append(&record) {
            Err(Error::Busy { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected busy, got {:?}", other.map(|s| s.next)),
        }
        let message = Error::Busy {
            path: path.clone(),
            pid: Some(42),
        }
        .to_string();
        assert!(
            message.contains("another jointex process is writing this record (pid 42)"),
            "{message}"
        );
        drop(first);
        assert!(
            Store::append(&record).is_ok(),
            "free again once the writer is gone"
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
