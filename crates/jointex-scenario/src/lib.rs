//! # jointex-scenario
//!
//! The scenario format of jointex, the bilateral joint cyber-exercise simulator: what a
//! planner writes in RON, how it is checked, and the validated model the engine plays.
//!
//! Loading takes two steps. The text is parsed into [`raw`] serde types that refuse unknown
//! fields; [`validate`] then resolves every reference into the typed [`model`] and collects
//! *every* problem, each located at a line and column with a hint ([`diag`]). This crate has
//! no terminal, network or clock in it: clients render diagnostics however they like.
//!
//! ```
//! let text = jointex_scenario::DEFAULT_SCENARIO;
//! let loaded = jointex_scenario::load(text).expect("the default scenario is valid");
//! assert!(loaded.scenario.teams.len() >= 2);
//! ```

pub mod attack;
pub mod diag;
pub mod generate;
pub mod indicators;
pub mod model;
pub mod raw;
pub mod spans;
pub mod suggest;
pub mod summary;
pub mod text;
mod validate;
pub mod vocab;

use diag::{Diagnostic, Severity, offset_of};
use spans::SpanIndex;

pub use model::Scenario;
pub use text::{Lang, Text};

/// The default scenario's file name under `scenarios/`.
pub const DEFAULT_SCENARIO_NAME: &str = "pacific-bridge.ron";

/// The default scenario, embedded so `play` and `run` work from any directory.
pub const DEFAULT_SCENARIO: &str = include_str!("../../../scenarios/pacific-bridge.ron");

/// A scenario that passed validation, with the warnings it raised.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Problems that do not stop it from playing.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates a scenario text. On failure, returns every diagnostic (errors and
/// warnings, errors first, each in file order).
pub fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    // A byte-order mark is invisible in editors; skip it rather than report it, and keep
    // spans relative to the text as given.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    let parsed: raw::Scenario = match ron::Options::default().from_str(body) {
        Ok(p) => p,
        Err(e) => {
            let mut d = syntax_diagnostic(body, &e);
            if let Some(span) = &mut d.span {
                *span = span.start + bom..span.end + bom;
            }
            return Err(vec![d]);
        }
    };
    let (scenario, issues) = validate::validate(&parsed);
    let diagnostics = if issues.is_empty() {
        Vec::new()
    } else {
        locate(text, bom, issues)
    };
    match scenario {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: diagnostics,
        }),
        None => Err(diagnostics),
    }
}

/// Validates a scenario built in memory (a generator's output), with no text behind it:
/// diagnostics carry no span. Loading text with [`load`] is the normal path.
pub fn from_raw(raw: &raw::Scenario) -> Result<Loaded, Vec<Diagnostic>> {
    let (scenario, issues) = validate::validate(raw);
    let diagnostics: Vec<Diagnostic> = issues
        .into_iter()
        .map(|i| Diagnostic {
            severity: i.severity,
            code: i.code,
            message: format!("{} (at {})", i.message, i.path),
            span: None,
            label: i.label,
            hint: i.hint,
        })
        .collect();
    match scenario {
        Some(scenario) => Ok(Loaded { scenario, warnings: diagnostics }),
        None => Err(diagnostics),
    }
}

fn locate(text: &str, bom: usize, issues: Vec<validate::Issue>) -> Vec<Diagnostic> {
    let index = SpanIndex::new(&text[bom..]);
    let shift = |r: std::ops::Range<usize>| r.start + bom..r.end + bom;
    let mut out: Vec<Diagnostic> = issues
        .into_iter()
        .map(|issue| {
            let span = index.span(&issue.path).map(shift);
            let mut hint = issue.hint;
            if let Some(first) = issue.first.as_ref().and_then(|p| index.span(p)).map(shift) {
                let line = text[..first.start].bytes().filter(|&b| b == b'\n').count() + 1;
                let note = format!("the first is at line {line}");
                hint = Some(match hint {
                    Some(h) => format!("{h}; {note}"),
                    None => format!("ids must be unique; {note}"),
                });
            }
            Diagnostic {
                severity: issue.severity,
                code: issue.code,
                message: issue.message,
                span,
                label: issue.label,
                hint,
            }
        })
        .collect();
    // Errors first, then warnings; each in file order. The sort is stable, so problems at the
    // same place keep the order validation found them in.
    out.sort_by_key(|d| {
        (
            d.severity != Severity::Error,
            d.span.as_ref().map_or(0, |s| s.start),
        )
    });
    out
}

/// Turns a `ron` error into a diagnostic in our words, at its character position.
fn syntax_diagnostic(text: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let mut start = offset_of(text, e.span.start.line, e.span.start.col);
    let mut end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    if text[start..end].chars().count() <= 1 {
        // ron points at where it stopped, often the blank before a value; mark the whole token
        // after it so the reader sees what was refused (`"five"`, not a space).
        let blank = text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len();
        if start + blank < text.len() && !text[start + blank..].starts_with(['\n', '\r']) {
            start += blank;
        }
        end = token_end(text, start).max(end);
    }
    if matches!(e.code, ron::error::Error::TrailingCharacters) {
        // Point at the stray text itself, not at the end of the scenario before it.
        start += text[start..].len() - text[start..].trim_start().len();
        end = token_end(text, start);
    }
    let list = |xs: &[&str]| {
        xs.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (code, message, hint): (&'static str, String, Option<String>) = match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            "unknown-field",
            format!("unknown field `{found}`{}", in_outer(outer)),
            Some(match suggest::closest(found, expected.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the fields are {}", list(expected)),
            }),
        ),
        E::MissingStructField { field, outer } => (
            "missing-field",
            format!("missing field `{field}`{}", in_outer(outer)),
            Some(format!(
                "add `{field}: …`; docs/scenario-format.md describes it"
            )),
        ),
        E::DuplicateStructField { field, outer } => (
            "duplicate-field",
            format!("field `{field}` is given twice{}", in_outer(outer)),
            Some("remove one of them".into()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            "unknown-variant",
            format!(
                "unknown {} `{found}`",
                outer
                    .as_deref()
                    .map_or("variant".to_owned(), |o| format!("`{o}` value"))
            ),
            Some(match suggest::closest(found, expected.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("one of {}", list(expected)),
            }),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            "wrong-name",
            format!("expected `{expected}(…)`, found `{found}(…)`"),
            Some(format!("write `{expected}(` or leave the name out: `(`")),
        ),
        E::Eof => (
            "syntax",
            "unexpected end of file".into(),
            Some("a bracket or parenthesis is not closed".into()),
        ),
        E::TrailingCharacters => (
            "syntax",
            "text after the end of the scenario".into(),
            Some("the file holds one `Scenario(…)`; remove what follows it".into()),
        ),
        E::ExpectedComma => (
            "syntax",
            "expected a comma".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "wrong-type",
            "expected a string in double quotes".into(),
            None,
        ),
        E::ExpectedInteger => ("wrong-type", "expected a whole number".into(), None),
        E::ExpectedFloat => ("wrong-type", "expected a number such as 0.5".into(), None),
        E::ExpectedBoolean => ("wrong-type", "expected `true` or `false`".into(), None),
        E::ExpectedOption => (
            "wrong-type",
            "expected `Some(…)` or `None`".into(),
            Some("optional fields are written Some(value) or left out".into()),
        ),
        E::ExpectedArray => ("wrong-type", "expected a list in `[…]`".into(), None),
        E::Message(m) => ("invalid-value", lower_first(m), None),
        E::InvalidValueForType { expected, found } => (
            "wrong-type",
            format!("expected {expected}, found {found}"),
            None,
        ),
        E::IntegerOutOfBounds => (
            "wrong-type",
            "number out of range for this field".into(),
            None,
        ),
        other => ("syntax", lower_first(&other.to_string()), None),
    };
    let mut d = Diagnostic::error(code, message).at(start..end);
    d.hint = hint;
    d
}

/// The end of the token that starts at `start`: a quoted string, or a run up to a delimiter.
fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return start + 1 + i + 1,
                '\n' => break,
                _ => escaped = false,
            }
        }
    }
    let len = rest
        .char_indices()
        .find(|(_, c)| {
            c.is_whitespace() || matches!(c, ',' | '(' | ')' | '[' | ']' | '{' | '}' | ':')
        })
        .map_or(rest.len(), |(i, _)| i);
    start + len
}

fn in_outer(outer: &Option<String>) -> String {
    outer
        .as_deref()
        .filter(|o| !o.is_empty())
        .map_or(String::new(), |o| format!(" in `{o}`"))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_lowercase()
            .chain(c)
            .collect::<String>()
            .trim_end_matches('.')
            .to_owned(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scenario_is_valid_and_warning_free() {
        match load(DEFAULT_SCENARIO) {
            Ok(l) => {
                let rendered: Vec<String> = l
                    .warnings
                    .iter()
                    .map(|w| w.render("default", DEFAULT_SCENARIO, false))
                    .collect();
                assert!(l.warnings.is_empty(), "{}", rendered.join("\n"));
            }
            Err(ds) => {
                let rendered: Vec<String> = ds
                    .iter()
                    .map(|d| d.render("default", DEFAULT_SCENARIO, false))
                    .collect();
                panic!("{}", rendered.join("\n"));
            }
        }
    }

    #[test]
    fn byte_order_mark_is_skipped_and_spans_stay_true() {
        let text = "\u{feff}Scenario(";
        let ds = load(text).expect_err("truncated");
        let span = ds[0].span.clone().expect("located");
        assert!(span.start >= 3 && text.is_char_boundary(span.start));
    }
}
