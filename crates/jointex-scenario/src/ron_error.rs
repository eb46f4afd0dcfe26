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
    if let Some(d) = commonest_slip(text, &e.code, start, end) {
        return d;
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
        E::ExceededRecursionLimit => (
            "syntax",
            format!("the {} nests deeper than jointex reads", doc.what),
            Some(
                "real files nest a few levels; look for brackets opened and never closed, or `Any([…])` nested in itself"
                    .into(),
            ),
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

/// The slips planners make most, which ron reports in its own terms ("expected identifier",
/// "expected a comma") at a place that does not say what to change: a word in quotes where a
/// name goes, a fraction where a whole number goes, and a string left open that swallows what
/// follows it.
fn commonest_slip(
    text: &str,
    code: &ron::error::Error,
    start: usize,
    end: usize,
) -> Option<Diagnostic> {
    use ron::error::Error as E;
    let token = &text[start..end];
    match code {
        E::ExpectedIdentifier
            if token.len() >= 2 && token.starts_with('"') && token.ends_with('"') =>
        {
            let word = &token[1..token.len() - 1];
            let bare = !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !word.starts_with(|c: char| c.is_ascii_digit());
            let mut d = Diagnostic::error(
                "syntax",
                format!("expected a name without quotes, found the string {token}"),
            )
            .at(start..end);
            let id_like = word.starts_with(|c: char| c.is_ascii_lowercase());
            d.hint = Some(if bare && id_like {
                format!(
                    "`{token}` looks like an id, but a variant goes here: a team, for one, is written `Team({token})`; docs/scenario-format.md lists the forms"
                )
            } else if bare {
                format!(
                    "vocabulary words and variants are written bare: `{word}`, not `{token}` (ids of teams, assets and injects are the ones in quotes)"
                )
            } else {
                "vocabulary words and variants are written bare, without quotes; docs/scenario-format.md lists them".into()
            });
            Some(d)
        }
        E::ExpectedComma => {
            if let Some(d) = fraction(text, start) {
                return Some(d);
            }
            unclosed_string(text, start)
        }
        _ => None,
    }
}

/// `population: 90.5` where a whole number goes: ron stops at the `.`.
fn fraction(text: &str, start: usize) -> Option<Diagnostic> {
    let rest = &text[start..];
    let after = rest.strip_prefix('.')?;
    let decimals = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if decimals == 0 {
        return None;
    }
    let before = &text[..start];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let from = start - digits;
    let to = start + 1 + decimals;
    let number = &text[from..to];
    let whole = &text[from..start];
    let mut d = Diagnostic::error(
        "wrong-type",
        format!("expected a whole number, found `{number}`"),
    )
    .at(from..to);
    d.hint = Some(format!(
        "this field counts whole units: write `{whole}` (or round up)"
    ));
    Some(d)
}

/// An error just after a string that spans lines, or that holds `, name: `, is most likely a
/// string whose closing quote is missing: say so where it opens, not where ron gave up.
fn unclosed_string(text: &str, start: usize) -> Option<Diagnostic> {
    let before = text[..start].trim_end();
    let body_end = before.len().checked_sub(1)?;
    if !before.ends_with('"') {
        return None;
    }
    // The opening quote of that string: the previous quote not escaped.
    let bytes = before.as_bytes();
    let mut open = None;
    let mut i = body_end;
    while i > 0 {
        i -= 1;
        if bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
            open = Some(i);
            break;
        }
    }
    let open = open?;
    let literal = &before[open..];
    let spans_lines = literal.contains('\n');
    let swallows_field = literal.contains(", ") && literal.contains(": ");
    if !spans_lines && !swallows_field {
        return None;
    }
    let line_end = text[open..].find('\n').map_or(text.len(), |n| open + n);
    let line_end = line_end.min(start).max(open + 1);
    let message = if spans_lines {
        format!(
            "is a closing `\"` missing? this string runs on to line {}",
            crate::diag::line_of(text, body_end)
        )
    } else {
        "is a closing `\"` missing? this string runs on over the field after it".to_owned()
    };
    let mut d = Diagnostic::error("syntax", message).at(open..line_end);
    d.label = Some("this string".into());
    d.hint = Some(
        "a string ends at the next `\"`; close this one where it should end, and the text after it reads as fields again".into(),
    );
    Some(d)
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
