//! The roster: who may join a served exercise, with which keys, on which seat.
//!
//! A roster is a TOML file the facilitator keeps (see `docs/serving.md`):
//!
//! ```toml
//! [submit]            # roles that may submit each team's plan; absent: every member
//! us = ["lead"]
//!
//! [[player]]
//! name = "park"       # the SSH user name: lower-case letters, digits, '.', '_', '-'
//! seat = "kr"         # "facilitator" or a team id of the scenario
//! role = "lead"       # optional: the person's role in the team
//! lang = "ko"         # optional: the interface language (default: the seat's)
//! keys = ["ssh-ed25519 AAAA… park@seoul"]
//! ```
//!
//! [`check`] reads and validates one against a scenario and reports every problem with its
//! line and column, as `jointex check` does for scenarios; [`add`] creates or extends one
//! without anybody editing keys by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jointex_scenario::diag::Diagnostic;
use jointex_scenario::model::TeamId;
use jointex_scenario::{Lang, Scenario};
use jointex_sim::Seat;
use russh::keys::PublicKey;
use serde::Deserialize;
use toml::Spanned;

/// The seat name of the white cell.
pub const FACILITATOR: &str = "facilitator";

/// Longest player name: an SSH user name, typed by people.
const MAX_NAME: usize = 32;

/// Most players in one roster (a generous exercise: two teams of 100 and a white cell).
const MAX_PLAYERS: usize = 500;

/// A person who may join.
#[derive(Clone, Debug)]
pub struct Player {
    /// Their name (the SSH user name).
    pub name: String,
    /// Their seat.
    pub seat: Seat,
    /// Their role in the team.
    pub role: Option<String>,
    /// Their interface language, when the roster sets one.
    pub lang: Option<Lang>,
    /// Their public keys.
    pub keys: Vec<PublicKey>,
    /// Whether they may submit their team's plan.
    pub may_submit: bool,
}

/// A checked roster.
#[derive(Clone, Debug)]
pub struct Roster {
    /// Everybody, in file order.
    pub players: Vec<Player>,
}

impl Roster {
    /// The person a public key belongs to. Keys are compared by their data: the comment
    /// after the key is not part of it.
    pub fn by_key(&self, key: &PublicKey) -> Option<&Player> {
        self.players
            .iter()
            .find(|p| p.keys.iter().any(|k| k.key_data() == key.key_data()))
    }

    /// Whether any player holds this key (the pre-signature probe).
    pub fn knows(&self, key: &PublicKey) -> bool {
        self.by_key(key).is_some()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoster {
    #[serde(default)]
    submit: BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    player: Vec<Spanned<RawPlayer>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlayer {
    name: Spanned<String>,
    seat: Spanned<String>,
    #[serde(default)]
    role: Option<Spanned<String>>,
    #[serde(default)]
    lang: Option<Spanned<String>>,
    #[serde(default)]
    keys: Vec<Spanned<String>>,
}

fn at(d: Diagnostic, span: Range<usize>) -> Diagnostic {
    d.at(span)
}

/// Whether a name can be typed as an SSH user name.
fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        && !name.starts_with('-')
}

fn seats_hint(scenario: &Scenario) -> String {
    let teams: Vec<String> = scenario
        .teams
        .iter()
        .map(|t| format!("`{}`", t.key))
        .collect();
    format!("a seat is `{FACILITATOR}` or a team: {}", teams.join(", "))
}

/// Reads and checks a roster against the scenario it will be served with. `complete` also
/// demands what an exercise needs to run (a facilitator, at least one player per team);
/// `add` checks a roster being built without it. Every problem is returned, in file order.
pub fn check(text: &str, scenario: &Scenario, complete: bool) -> Result<Roster, Vec<Diagnostic>> {
    let raw: RawRoster = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let mut d = Diagnostic::error("roster-syntax", e.message().to_owned());
            if let Some(span) = e.span() {
                d = d.at(span);
            }
            return Err(vec![d]);
        }
    };
    let mut errors = Vec::new();
    let team_of = |key: &str| {
        scenario
            .teams
            .iter()
            .position(|t| t.key == key)
            .map(|i| TeamId(i as u16))
    };
    if raw.player.len() > MAX_PLAYERS {
        errors.push(Diagnostic::error(
            "roster-too-big",
            format!(
                "{} players: a roster holds at most {MAX_PLAYERS}",
                raw.player.len()
            ),
        ));
    }
    // Roles allowed to submit, per team.
    let mut submit: BTreeMap<TeamId, (Range<usize>, BTreeSet<String>)> = BTreeMap::new();
    for (team, roles) in &raw.submit {
        match team_of(team.get_ref()) {
            Some(t) => {
                let set = roles
                    .get_ref()
                    .iter()
                    .map(|r| r.get_ref().clone())
                    .collect();
                submit.insert(t, (roles.span(), set));
            }
            None => errors.push(at(
                Diagnostic::error(
                    "unknown-team",
                    format!("`{}` is not a team of this scenario", team.get_ref()),
                )
                .hint(seats_hint(scenario)),
                team.span(),
            )),
        }
    }
    let mut players = Vec::new();
    let mut names: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut keys_seen: Vec<(PublicKey, String)> = Vec::new();
    for p in &raw.player {
        let span = p.span();
        let p = p.get_ref();
        let name = p.name.get_ref().clone();
        if !name_ok(&name) {
            errors.push(at(
                Diagnostic::error("bad-name", format!("`{name}` cannot be an SSH user name"))
                    .hint(format!(
                        "use 1 to {MAX_NAME} lower-case letters, digits, '.', '_' or '-', not starting with '-'"
                    )),
                p.name.span(),
            ));
        } else if let Some(first) = names.get(&name) {
            let line = text[..first.start].lines().count().max(1);
            errors.push(at(
                Diagnostic::error("duplicate-name", format!("`{name}` is listed twice"))
                    .hint(format!("the first is on line {line}; give each person one entry with all their keys")),
                p.name.span(),
            ));
        } else {
            names.insert(name.clone(), p.name.span());
        }
        let seat = if p.seat.get_ref() == FACILITATOR {
            Some(Seat::Facilitator)
        } else if let Some(t) = team_of(p.seat.get_ref()) {
            Some(Seat::Team(t))
        } else {
            errors.push(at(
                Diagnostic::error(
                    "unknown-seat",
                    format!("`{}` is not a seat of this scenario", p.seat.get_ref()),
                )
                .hint(seats_hint(scenario)),
                p.seat.span(),
            ));
            None
        };
        let role = match &p.role {
            Some(r) if r.get_ref().trim().is_empty() || r.get_ref().len() > MAX_NAME => {
                errors.push(at(
                    Diagnostic::error("bad-role", "a role is 1 to 32 characters")
                        .hint("leave `role` out if the person has none"),
                    r.span(),
                ));
                None
            }
            Some(r) => Some(r.get_ref().clone()),
            None => None,
        };
        let lang = match &p.lang {
            None => None,
            Some(l) => match l.get_ref().as_str() {
                "en" => Some(Lang::En),
                "ko" => Some(Lang::Ko),
                other => {
                    errors.push(at(
                        Diagnostic::error(
                            "bad-lang",
                            format!("`{other}` is not a language jointex speaks"),
                        )
                        .hint("use \"en\" or \"ko\", or leave `lang` out for the seat's own"),
                        l.span(),
                    ));
                    None
                }
            },
        };
        if p.keys.is_empty() {
            errors.push(at(
                Diagnostic::error("no-key", format!("`{name}` has no key and could never join"))
                    .hint(format!(
                        "add one with `jointex roster add ROSTER --name {name} --seat {} --key KEY.pub`",
                        p.seat.get_ref()
                    )),
                span.clone(),
            ));
        }
        let mut keys = Vec::new();
        for k in &p.keys {
            match PublicKey::from_openssh(k.get_ref().trim()) {
                Ok(key) => {
                    if let Some((_, owner)) =
                        keys_seen.iter().find(|(s, _)| s.key_data() == key.key_data())
                    {
                        errors.push(at(
                            Diagnostic::error(
                                "shared-key",
                                format!("this key is also `{owner}`'s"),
                            )
                            .hint("the key decides the seat: every person needs a key of their own"),
                            k.span(),
                        ));
                    } else {
                        keys_seen.push((key.clone(), name.clone()));
                        keys.push(key);
                    }
                }
                Err(e) => errors.push(at(
                    Diagnostic::error("bad-key", format!("not an OpenSSH public key: {e}"))
                        .hint("paste one line of the person's `.pub` file, e.g. \"ssh-ed25519 AAAAC3… name@host\""),
                    k.span(),
                )),
            }
        }
        let may_submit = match seat {
            Some(Seat::Team(t)) => submit
                .get(&t)
                .is_none_or(|(_, roles)| role.as_ref().is_some_and(|r| roles.contains(r))),
            _ => false,
        };
        if let Some(seat) = seat {
            players.push(Player {
                name,
                seat,
                role,
                lang,
                keys,
                may_submit,
            });
        }
    }
    // A submit rule no member can meet would leave a team unable to submit.
    for (t, (span, roles)) in &submit {
        let held = players.iter().any(|p| {
            p.seat == Seat::Team(*t) && p.role.as_ref().is_some_and(|r| roles.contains(r))
        });
        let members = players.iter().any(|p| p.seat == Seat::Team(*t));
        if members && !held {
            errors.push(at(
                Diagnostic::error(
                    "nobody-submits",
                    format!(
                        "no player of `{}` has a role allowed to submit",
                        scenario.team(*t).key
                    ),
                )
                .hint("give someone one of these roles, or change the list"),
                span.clone(),
            ));
        }
    }
    if complete {
        if !players.iter().any(|p| p.seat == Seat::Facilitator) {
            errors.push(
                Diagnostic::error("no-facilitator", "nobody sits at the facilitator's seat")
                    .hint("without a facilitator no turn can be resolved: add one with `seat = \"facilitator\"`"),
            );
        }
        for (i, t) in scenario.teams.iter().enumerate() {
            if !players
                .iter()
                .any(|p| p.seat == Seat::Team(TeamId(i as u16)))
            {
                errors.push(
                    Diagnostic::error("empty-team", format!("nobody plays team `{}`", t.key))
                        .hint("its plan would never be written; add a player with this seat"),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(Roster { players })
    } else {
        errors.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
        Err(errors)
    }
}

/// What `roster add` was asked to do.
#[derive(Clone, Debug)]
pub struct Addition {
    /// The person's name.
    pub name: String,
    /// Their seat ("facilitator" or a team id).
    pub seat: String,
    /// Their role, if any.
    pub role: Option<String>,
    /// The key file's text (one or more OpenSSH public keys, one per line).
    pub keys: String,
}

/// Adds a person (or more keys for a person already listed) to a roster's text and returns
/// the new text, checked. The file's comments and layout are kept.
pub fn add(text: &str, what: &Addition, scenario: &Scenario) -> Result<String, Vec<Diagnostic>> {
    let mut keys = Vec::new();
    for (i, line) in what.keys.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Err(e) = PublicKey::from_openssh(line) {
            return Err(vec![Diagnostic::error(
                "bad-key",
                format!("line {} of the key file is not an OpenSSH public key: {e}", i + 1),
            )
            .hint("give the person's `.pub` file (e.g. ~/.ssh/id_ed25519.pub), not the private key")]);
        }
        keys.push(line.to_owned());
    }
    if keys.is_empty() {
        return Err(vec![Diagnostic::error(
            "no-key",
            "the key file holds no public key",
        )]);
    }
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let mut d = Diagnostic::error("roster-syntax", e.message().to_owned());
        if let Some(span) = e.span() {
            d = d.at(span);
        }
        vec![d]
    })?;
    let players = doc
        .entry("player")
        .or_insert(toml_edit::Item::ArrayOfTables(
            toml_edit::ArrayOfTables::new(),
        ));
    let Some(players) = players.as_array_of_tables_mut() else {
        return Err(vec![Diagnostic::error(
            "roster-syntax",
            "`player` must be a list of tables ([[player]])",
        )]);
    };
    let existing = players
        .iter_mut()
        .find(|t| t.get("name").and_then(|n| n.as_str()) == Some(what.name.as_str()));
    match existing {
        Some(table) => {
            let seat = table
                .get("seat")
                .and_then(|s| s.as_str())
                .unwrap_or_default();
            if seat != what.seat {
                return Err(vec![
                    Diagnostic::error(
                        "seat-differs",
                        format!("`{}` is already listed with seat `{seat}`", what.name),
                    )
                    .hint("a person has one seat; to move them, edit `seat` in the roster"),
                ]);
            }
            if let Some(role) = &what.role {
                table.insert("role", toml_edit::value(role.as_str()));
            }
            let list = table
                .entry("keys")
                .or_insert(toml_edit::value(toml_edit::Array::new()));
            let Some(list) = list.as_array_mut() else {
                return Err(vec![Diagnostic::error(
                    "roster-syntax",
                    format!("`keys` of `{}` is not a list", what.name),
                )]);
            };
            for k in keys {
                if !list.iter().any(|v| v.as_str() == Some(k.as_str())) {
                    list.push(k);
                }
            }
        }
        None => {
            let mut t = toml_edit::Table::new();
            t.insert("name", toml_edit::value(what.name.as_str()));
            t.insert("seat", toml_edit::value(what.seat.as_str()));
            if let Some(role) = &what.role {
                t.insert("role", toml_edit::value(role.as_str()));
            }
            let mut list = toml_edit::Array::new();
            for k in keys {
                list.push(k);
            }
            t.insert("keys", toml_edit::value(list));
            players.push(t);
        }
    }
    let out = doc.to_string();
    check(&out, scenario, false)?;
    Ok(out)
}

/// The text of a new roster: a comment saying what the file is.
pub const NEW_ROSTER: &str = "\
# jointex roster: who may join `jointex serve`, with which SSH keys, on which seat.
# Check it with `jointex roster check ROSTER`; see docs/serving.md.

# Roles that may submit each team's plan; a team not listed here: every member may.
# For example: us = [\"lead\"]
[submit]
";

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKctIcJgCyXJhcIlnkMx2F4f1AHtDBuID0DQfzXCfrcF";
    const ED3: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP0gbzdlH94cDZljHtax8ZDouL/4BOpz5Tn9AINjLcjE";
    const ED2: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMe/MTChD15Z/sPwbKlBEI4Bqo24zCAWuvM5TETHwq5b";

    fn scenario() -> Scenario {
        jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
            .expect("the default scenario loads")
            .scenario
    }

    #[test]
    fn a_good_roster_is_read() {
        let text = format!(
            "[submit]\nus = [\"lead\"]\n\n[[player]]\nname = \"ann\"\nseat = \"facilitator\"\nkeys = [\"{ED}\"]\n\n[[player]]\nname = \"bo\"\nseat = \"us\"\nrole = \"analyst\"\nkeys = [\"{ED2} bo@dc\"]\n\n[[player]]\nname = \"cy\"\nseat = \"us\"\nrole = \"lead\"\nkeys = [\"{ED3}\"]\n"
        );
        let r = check(&text, &scenario(), false).expect("valid");
        assert_eq!(r.players.len(), 3);
        assert!(r.players[2].may_submit, "leads may");
        assert!(!r.players[1].may_submit, "analysts may not submit for us");
        let key = PublicKey::from_openssh(ED2).expect("key");
        assert_eq!(r.by_key(&key).map(|p| p.name.as_str()), Some("bo"));
    }

    #[test]
    fn problems_are_located_and_all_reported() {
        let text = format!(
            "[[player]]\nname = \"Ann Lee\"\nseat = \"jp\"\nkeys = [\"{ED}\", \"not a key\"]\n\n[[player]]\nname = \"bo\"\nseat = \"us\"\nkeys = [\"{ED}\"]\n"
        );
        let errs = check(&text, &scenario(), true).expect_err("invalid");
        let codes: Vec<&str> = errs.iter().map(|d| d.code).collect();
        for want in [
            "bad-name",
            "unknown-seat",
            "bad-key",
            "shared-key",
            "no-facilitator",
        ] {
            assert!(codes.contains(&want), "{want} missing from {codes:?}");
        }
        let seat = errs
            .iter()
            .find(|d| d.code == "unknown-seat")
            .expect("seat");
        let loc = seat.locate("roster.toml", &text);
        assert_eq!((loc.line, loc.column), (Some(3), Some(8)));
    }

    #[test]
    fn a_submit_rule_nobody_meets_is_an_error() {
        let text = format!(
            "[submit]\nus = [\"lead\"]\n\n[[player]]\nname = \"bo\"\nseat = \"us\"\nrole = \"analyst\"\nkeys = [\"{ED2}\"]\n"
        );
        let errs = check(&text, &scenario(), false).expect_err("nobody submits");
        assert_eq!(errs[0].code, "nobody-submits");
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let errs = check("[[player]\nname = 1\n", &scenario(), false).expect_err("bad");
        assert_eq!(errs[0].code, "roster-syntax");
        assert!(errs[0].span.is_some());
    }

    #[test]
    fn add_creates_then_extends() {
        let s = scenario();
        let what = Addition {
            name: "kim".into(),
            seat: "kr".into(),
            role: Some("lead".into()),
            keys: format!("{ED}\n"),
        };
        let one = add(NEW_ROSTER, &what, &s).expect("added");
        assert!(one.starts_with("# jointex roster"), "comments kept");
        let two = add(
            &one,
            &Addition {
                keys: format!("{ED2} kim@laptop\n"),
                role: None,
                ..what.clone()
            },
            &s,
        )
        .expect("extended");
        let r = check(&two, &s, false).expect("valid");
        assert_eq!(r.players.len(), 1);
        assert_eq!(r.players[0].keys.len(), 2);
        let moved = add(
            &two,
            &Addition {
                seat: "us".into(),
                ..what
            },
            &s,
        )
        .expect_err("one seat per person");
        assert_eq!(moved[0].code, "seat-differs");
    }
}
