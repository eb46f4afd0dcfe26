//! What each cell holds, written out and read back: triggers, audiences, expected actions,
//! objective lists, yes/no.
//!
//! Every form written here is read back to the same value, so an export imported unedited
//! changes nothing. Reading is more lenient than writing: names of channels, roles and
//! actions in any case, `After(inject: "INJ-02", delay: 1)` as well as `After(INJ-02, 1)`,
//! expected actions separated by `;` or by new lines. References (teams, injects,
//! objectives) are checked by [`crate::import`], which knows the scenario.

use jointex_scenario::raw::{Audience, Expected, Trigger};
use jointex_scenario::suggest;
use jointex_scenario::vocab::{ActionKind, Channel, Role};
use serde::Serialize;

/// Why a cell could not be read: a message and, usually, a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bad {
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// What to write instead.
    pub hint: Option<String>,
}

impl Bad {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Bad {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// A value in RON on one line, with record names: `Expected(team: "us", within: 2)`,
/// `All([Fired("INJ-05"), Compromised("us-hmi")])`.
pub fn ron_inline<T: Serialize + ?Sized>(v: &T) -> Result<String, ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true)
        .new_line("\n");
    // ron escapes `'` in strings (`Power\'s`); a scenario never holds a char literal, so
    // every `\'` is such an escape, and the apostrophe reads better bare.
    ron::ser::to_string_pretty(v, cfg).map(|s| s.replace("\\'", "'"))
}

const TRIGGER_HINT: &str = "write AtTurn(3), After(INJ-02, 1), Missed(INJ-05, 6), or When(condition) with the condition in RON, e.g. When(Compromised(\"us-water-hmi\"))";

/// The trigger cell: `AtTurn(3)`, `After(INJ-02, 1)`, `Missed(INJ-05, 6)`, `When(…)` with
/// the condition in RON.
pub fn trigger(t: &Trigger) -> String {
    match t {
        Trigger::AtTurn(n) => format!("AtTurn({n})"),
        Trigger::After { inject, delay } => format!("After({inject}, {delay})"),
        Trigger::Missed { inject, by_turn } => format!("Missed({inject}, {by_turn})"),
        Trigger::When(c) => match ron_inline(c) {
            Ok(c) => format!("When({c})"),
            // Conditions are plain data; ron cannot fail on them.
            Err(e) => format!("When(<{e}>)"),
        },
    }
}

/// The inside of `name(…)` when `s` is that call (name in any case).
fn call<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let head = s.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    let rest = s[name.len()..].trim_start();
    rest.strip_prefix('(')?.strip_suffix(')')
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(s)
}

fn number(s: &str, what: &str) -> Result<u32, Bad> {
    let s = s.trim();
    s.replace('_', "").parse::<u32>().map_err(|_| {
        Bad::new(
            format!("{what} `{s}` is not a whole number"),
            format!("write {what} as a whole number, e.g. 3"),
        )
    })
}

/// Reads a trigger cell.
pub fn parse_trigger(cell: &str) -> Result<Trigger, Bad> {
    let s = cell.trim();
    if let Some(inner) = call(s, "AtTurn") {
        return Ok(Trigger::AtTurn(number(inner, "the turn")?));
    }
    let short = |inner: &str| !inner.contains(':');
    if let Some(inner) = call(s, "After").filter(|i| short(i)) {
        let mut parts = inner.split(',');
        let inject = unquote(parts.next().unwrap_or_default()).to_owned();
        let delay = match parts.next() {
            Some(d) if !d.trim().is_empty() => number(d, "the delay")?,
            _ => 0,
        };
        if inject.is_empty() || parts.next().is_some() {
            return Err(Bad::new(
                format!("`{s}` is not an After trigger"),
                "write After(INJ, DELAY): the inject it follows and the turns to wait, e.g. After(INJ-02, 1)",
            ));
        }
        return Ok(Trigger::After { inject, delay });
    }
    if let Some(inner) = call(s, "Missed").filter(|i| short(i)) {
        let parts: Vec<&str> = inner.split(',').collect();
        if parts.len() != 2 || unquote(parts[0]).is_empty() {
            return Err(Bad::new(
                format!("`{s}` is not a Missed trigger"),
                "write Missed(INJ, TURN): the inject whose expected actions are watched and the turn by which they are due, e.g. Missed(INJ-05, 6)",
            ));
        }
        return Ok(Trigger::Missed {
            inject: unquote(parts[0]).to_owned(),
            by_turn: number(parts[1], "the turn")?,
        });
    }
    if s.is_empty() {
        return Err(Bad::new("the trigger is empty", TRIGGER_HINT));
    }
    ron::Options::default().from_str::<Trigger>(s).map_err(|e| {
        let reason = e.code.to_string();
        let reason = jointex_scenario::diag::message_case(&reason);
        Bad::new(format!("`{s}` is not a trigger: {reason}"), TRIGGER_HINT)
    })
}

/// The `to` cell: `All`, `Facilitator`, a team id, or `team:Role`.
pub fn audience(a: &Audience) -> String {
    match a {
        Audience::All => "All".into(),
        Audience::Facilitator => "Facilitator".into(),
        Audience::Team(t) => t.clone(),
        Audience::Role { team, role } => format!("{team}:{}", role.name()),
    }
}

/// Reads a `to` cell. Team ids are not checked here.
pub fn parse_audience(cell: &str) -> Result<Audience, Bad> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(Bad::new(
            "the recipient is empty",
            "write All, Facilitator, a team id (us) or a team and a role (kr:Liaison)",
        ));
    }
    if s.eq_ignore_ascii_case("all") {
        return Ok(Audience::All);
    }
    if s.eq_ignore_ascii_case("facilitator") {
        return Ok(Audience::Facilitator);
    }
    match s.split_once(':') {
        Some((team, role)) => Ok(Audience::Role {
            team: team.trim().to_owned(),
            role: parse_role(role)?,
        }),
        None => Ok(Audience::Team(s.to_owned())),
    }
}

fn parse_role(cell: &str) -> Result<Role, Bad> {
    let s = cell.trim();
    Role::ALL
        .iter()
        .copied()
        .find(|r| r.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            Bad::new(
                format!("unknown role `{s}`"),
                vocab_hint(s, Role::ALL.iter().map(|r| r.name()), "roles"),
            )
        })
}

fn vocab_hint<'a>(
    wrong: &str,
    names: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match suggest::closest(wrong, names.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!(
            "the {what} are {}",
            names.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The channel cell: the channel's name as a scenario writes it (`VendorAdvisory`).
pub fn channel(c: Channel) -> String {
    c.name().to_owned()
}

/// Reads a channel: its name or its label (`vendor advisory`), in any case.
pub fn parse_channel(cell: &str) -> Result<Channel, Bad> {
    let s = cell.trim();
    Channel::ALL
        .iter()
        .copied()
        .find(|c| c.name().eq_ignore_ascii_case(s) || c.label().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            let message = if s.is_empty() {
                "the channel is empty".to_owned()
            } else {
                format!("unknown channel `{s}`")
            };
            Bad::new(
                message,
                vocab_hint(s, Channel::ALL.iter().map(|c| c.name()), "channels"),
            )
        })
}

/// The expected-actions cell: `kr: Hunt IND-01 within 2; us: Share within 1`.
pub fn expected(list: &[Expected]) -> String {
    list.iter()
        .map(|e| {
            let target = e
                .target
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            format!(
                "{}: {}{target} within {}",
                e.team,
                e.action.name(),
                e.within
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

const EXPECTED_HINT: &str = "write TEAM: Action [TARGET] within TURNS, separated by `;`, e.g. `kr: Hunt IND-01 within 2; us: Share within 1`";

/// Reads an expected-actions cell. Teams and targets are not checked here.
pub fn parse_expected(cell: &str) -> Result<Vec<Expected>, Bad> {
    let mut out = Vec::new();
    for item in cell.split([';', '\n']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let Some((team, rest)) = item.split_once(':') else {
            return Err(Bad::new(
                format!("expected action `{item}` names no team"),
                EXPECTED_HINT,
            ));
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (action, target, within) = match words.as_slice() {
            [a, w, n] if w.eq_ignore_ascii_case("within") => (*a, None, *n),
            [a, t, w, n] if w.eq_ignore_ascii_case("within") => (*a, Some(*t), *n),
            _ => {
                return Err(Bad::new(
                    format!("expected action `{item}` is not `TEAM: Action [TARGET] within N`"),
                    EXPECTED_HINT,
                ));
            }
        };
        let action = ActionKind::ALL
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(action))
            .ok_or_else(|| {
                Bad::new(
                    format!("unknown action `{action}` in `{item}`"),
                    vocab_hint(action, ActionKind::ALL.iter().map(|k| k.name()), "actions"),
                )
            })?;
        let within = number(within, "`within`").map_err(|b| Bad {
            message: format!("{} in `{item}`", b.message),
            ..b
        })?;
        out.push(Expected {
            team: team.trim().to_owned(),
            action,
            target: target.map(|t| unquote(t).to_owned()),
            within,
        });
    }
    Ok(out)
}

/// The objectives cell: `OBJ-1, OBJ-2`.
pub fn objectives(list: &[String]) -> String {
    list.join(", ")
}

/// Reads an objectives cell: ids separated by commas, semicolons or blanks.
pub fn parse_objectives(cell: &str) -> Vec<String> {
    cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(unquote)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The held cell: `yes` or `no`.
pub fn held(h: bool) -> String {
    if h { "yes" } else { "no" }.to_owned()
}

/// Reads a held cell: yes/no, true/false, y/n, 1/0, in any case; empty is no.
pub fn parse_held(cell: &str) -> Result<bool, Bad> {
    match cell.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        other => Err(Bad::new(
            format!("`{other}` is not yes or no"),
            "write yes (the inject starts held until the facilitator releases it) or no",
        )),
    }
}

/// Reads a turn cell; empty is `None`.
pub fn parse_turn(cell: &str) -> Result<Option<u32>, Bad> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(None);
    }
    number(s, "the turn").map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_read_back() {
        for cell in [
            "AtTurn(3)",
            "After(INJ-02, 1)",
            "After(INJ-02, 0)",
            "Missed(INJ-05, 6)",
            "When(All([Fired(\"INJ-05\"), Not(Detected(team: \"us\", asset: \"us-hmi\"))]))",
        ] {
            let t = parse_trigger(cell).expect(cell);
            assert_eq!(trigger(&t), cell);
        }
        assert!(matches!(
            parse_trigger("after(\"INJ-02\")"),
            Ok(Trigger::After { delay: 0, .. })
        ));
        assert!(matches!(
            parse_trigger("After(inject: \"INJ-02\", delay: 2)"),
            Ok(Trigger::After { delay: 2, .. })
        ));
        let bad = parse_trigger("AtTurn(three)").expect_err("not a number");
        assert_eq!(bad.message, "the turn `three` is not a whole number");
        let bad = parse_trigger("Whenever").expect_err("not a trigger");
        assert!(
            bad.message.starts_with("`Whenever` is not a trigger: "),
            "{bad:?}"
        );
    }

    #[test]
    fn audiences_and_expected_read_back() {
        for cell in ["All", "Facilitator", "us", "kr:Liaison"] {
            assert_eq!(audience(&parse_audience(cell).expect(cell)), cell);
        }
        assert_eq!(
            audience(&parse_audience("kr: liaison").expect("lenient")),
            "kr:Liaison"
        );
        let cell = "kr: Hunt IND-01 within 2; us: Share within 1";
        assert_eq!(expected(&parse_expected(cell).expect("reads")), cell);
        assert_eq!(
            expected(
                &parse_expected("kr: hunt IND-01 WITHIN 2\n\nus:Share within 1;").expect("lenient")
            ),
            cell
        );
        let bad = parse_expected("kr: Hunt IND-01").expect_err("no within");
        assert!(bad.message.contains("is not `TEAM: Action"), "{bad:?}");
        let bad = parse_expected("kr: Hunnt within 2").expect_err("typo");
        assert_eq!(bad.hint.as_deref(), Some("did you mean `Hunt`?"));
    }

    #[test]
    fn small_cells() {
        assert_eq!(
            parse_objectives("OBJ-1, OBJ-2;OBJ-3 "),
            ["OBJ-1", "OBJ-2", "OBJ-3"]
        );
        assert_eq!(parse_held("Yes"), Ok(true));
        assert_eq!(parse_held(""), Ok(false));
        assert!(parse_held("maybe").is_err());
        assert_eq!(
            parse_channel("vendor advisory"),
            Ok(Channel::VendorAdvisory)
        );
        assert_eq!(
            parse_channel("VendorAdvisorry")
                .expect_err("typo")
                .hint
                .as_deref(),
            Some("did you mean `VendorAdvisory`?")
        );
    }
}
