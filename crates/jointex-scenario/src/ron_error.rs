//! RON errors in our words: what `ron` reports, turned into a located [`Diagnostic`].
//!
//! Every RON document a person writes for jointex (scenarios, orders files) reports syntax
//! and type errors the same way: the message in plain words, a marker under the whole
//! offending token (ron points at where it stopped, often the blank before it), and a hint.
//! Positions from ron count characters, not bytes, and are converted here.

use crate::diag::{Diagnostic, offset_of};
use crate::suggest;

/// What kind of document is being read, for the words of its messages.
#[derive(Clone, Copy, Debug)]
pub struct Document {
    /// What it is called in a sentence: "scenario", "orders".
    pub what: &'static str,
    /// Its top-level struct name: "Scenario".
    pub root: &'static str,
    /// The page that documents its fields.
    pub reference: &'static str,
    /// How to name an enum in "unknown … `X`" from its serde type name.
    pub kind: fn(&str) -> String,
    /// Hint when a string was expected.
    pub string_hint: Option<&'static str>,
    /// Hint when a map was expected.
    pub map_hint: Option<&'static str>,
}

/// Names an enum by its type: "`Sector` value".
pub fn type_value(outer: &str) -> String {
    format!("`{outer}` value")
}

/// A scenario file.
pub const SCENARIO: Document = Document {
    what: "scenario",
    root: "Scenario",
    reference: "docs/scenario-format.md",
    kind: type_value,
    string_hint: None,
    map_hint: None,
};

/// Turns a `ron` error into a diagnostic in our words, at its character position.
pub fn diagnostic(text: &str, e: &ron::error::SpannedError, doc: &Document) -> Diagnostic {
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
        // Point at the stray text itself, not at the end of the document before it.
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
            Some(format!("add `{field}: …`; {} describes it", doc.reference)),
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
                outer.as_deref().map_or("variant".to_owned(), doc.kind)
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
            format!("text after the end of the {}", doc.what),
            Some(format!(
                "the file holds one `{}(…)`; remove what follows it",
                doc.root
            )),
        ),
        E::ExpectedComma => (
            "syntax",
            "expected a comma".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "wrong-type",
            "expected a string in double quotes".into(),
            doc.string_hint.map(str::to_owned),
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
        E::ExpectedMap => (
            "wrong-type",
            "expected a map in `{…}`".into(),
            doc.map_hint.map(str::to_owned),
        ),
        E::Message(m) => ("invalid-value", crate::diag::message_case(m), None),
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
        other => (
            "syntax",
            crate::diag::message_case(&other.to_string()),
            None,
        ),
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
