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
pub mod layout;
pub mod model;
pub mod raw;
pub mod real_world;
pub mod ron_edit;
pub mod ron_error;
pub mod shipped;
pub mod spans;
pub mod suggest;
pub mod summary;
pub mod text;
mod validate;
pub mod vocab;

use diag::{Diagnostic, Severity};
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
            let mut d = ron_error::diagnostic(body, &e, &ron_error::SCENARIO);
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
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: diagnostics,
        }),
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
                // Counting newlines from the start for each duplicate made 100,000 of them
                // quadratic.
                let line = diag::line_of(text, first.start);
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
