//! Diagnostics a planner can act on: what is wrong, where, and what to do about it.
//!
//! A [`Diagnostic`] holds a byte span into one source text. Rendering turns it into the
//! familiar compiler layout — `file:line:column`, the offending line, a marker under the span,
//! the message and a hint — or into JSON-ready [`Located`] data for editors and CI. Columns
//! are counted in characters and markers are placed by display width, so Hangul (two
//! columns wide) never shifts them. Messages are lower case with no trailing period.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario is unusable until this is fixed.
    Error,
    /// The scenario loads, but something is probably not what the author meant.
    Warning,
}

/// One problem in one source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code ("unknown-reference"), for filtering and documentation.
    pub code: &'static str,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// Byte range the problem is at; `None` when it concerns the whole file.
    pub span: Option<Range<usize>>,
    /// A short label printed under the marker.
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            hint: None,
        }
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attaches a span.
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Attaches a label under the marker.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Where the diagnostic is, in line and column terms.
    pub fn locate(&self, file: &str, source: &str) -> Located {
        let (start, end) = match &self.span {
            Some(span) => {
                let s = clamp(source, span.start);
                let e = clamp(source, span.end.max(span.start));
                (Some(position(source, s)), Some(position(source, e)))
            }
            None => (None, None),
        };
        Located {
            file: file.to_owned(),
            severity: self.severity,
            code: self.code,
            message: self.message.clone(),
            line: start.map(|p| p.0),
            column: start.map(|p| p.1),
            end_line: end.map(|p| p.0),
            end_column: end.map(|p| p.1),
            label: self.label.clone(),
            hint: self.hint.clone(),
        }
    }

    /// Renders the diagnostic for a person, with ANSI colour when `color` is set.
    pub fn render(&self, file: &str, source: &str, color: bool) -> String {
        let paint = Paint { on: color };
        let (sev, sev_color) = match self.severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {}",
            paint.bold(sev_color, &format!("{sev}[{}]", self.code)),
            paint.bold("", &visible(&self.message))
        );
        let Some(span) = &self.span else {
            let _ = writeln!(out, "{} {file}", paint.bold(BLUE, "  -->"));
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "   {} help: {}", paint.bold(BLUE, "="), visible(hint));
            }
            return out;
        };
        let start = clamp(source, span.start);
        let end = clamp(source, span.end.max(start));
        let (line_no, col) = position(source, start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        // One `\r` of a CRLF ending; any other stays, shown as a control character.
        let line = &source[line_start..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let gutter = line_no.to_string().len();
        let pad = " ".repeat(gutter);
        let bar = paint.bold(BLUE, "|");
        let _ = writeln!(
            out,
            "{pad}{} {file}:{line_no}:{col}",
            paint.bold(BLUE, "-->")
        );
        let _ = writeln!(out, "{pad} {bar}");
        // The marker runs to the end of the span or of the line, whichever is first; a span
        // that is empty (an unexpected end of file) still gets one mark.
        // A span starting on the stripped `\r` starts at the end of the shown line.
        let at = (start - line_start).min(line.len());
        let marked_end = (end.min(line_start + line.len()) - line_start).max(at);
        // A long line (generated files put a whole record on one) is cut to a window around
        // the span, so the marker stays on screen.
        let (shown, lead) = window(line, at, marked_end);
        let _ = writeln!(
            out,
            "{} {bar} {}",
            paint.bold(BLUE, &line_no.to_string()),
            shown
        );
        let width = display_width(&line[at..marked_end]).clamp(1, WINDOW);
        let marker = "^".repeat(width);
        let label = self
            .label
            .as_deref()
            .map(|l| format!(" {}", visible(l)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(lead),
            paint.bold(sev_color, &format!("{marker}{label}"))
        );
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{pad} {} help: {}",
                paint.bold(BLUE, "="),
                visible(hint)
            );
        }
        out
    }
}

/// A diagnostic resolved to lines and columns: what `--format json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Located {
    /// The file, as the user named it.
    pub file: String,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// 1-based line of the start.
    pub line: Option<usize>,
    /// 1-based column of the start, in characters.
    pub column: Option<usize>,
    /// 1-based line of the end.
    pub end_line: Option<usize>,
    /// 1-based column just past the end, in characters.
    pub end_column: Option<usize>,
    /// The label under the marker.
    pub label: Option<String>,
    /// The hint.
    pub hint: Option<String>,
}

/// A message from elsewhere (a library's error) in our style: lower-case first letter, no
/// trailing period.
pub fn message_case(s: &str) -> String {
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

/// Byte offset of a 1-based (line, character column) position, as `ron` reports them.
/// Positions past the end of a line or of the text are clamped to it.
pub fn offset_of(source: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    source[offset..line_end]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_end, |(i, _)| offset + i)
}

/// Where each line of a source starts: built once, then a position is a binary search.
struct LineIndex {
    /// Address, length and a sample of the bytes of the source it indexes, to know when to
    /// build another.
    key: (usize, usize, u64),
    /// Byte offset of the start of every line.
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            key: key_of(source),
            starts,
        }
    }
}

/// What tells two sources apart cheaply: address, length, and 64 bytes sampled across it
/// (a freed text and a new one of the same length at the same address differ there).
fn key_of(source: &str) -> (usize, usize, u64) {
    let b = source.as_bytes();
    let step = (b.len() / 64).max(1);
    let sample = b
        .iter()
        .step_by(step)
        .take(64)
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &x| {
            (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
        });
    (source.as_ptr() as usize, b.len(), sample)
}

thread_local! {
    /// The index of the last source rendered: `check` renders every diagnostic of one file
    /// in turn, and scanning the file from its start for each of them made 8,000 errors
    /// take 25 s. Keyed by the source's address and length, so another text builds anew.
    static LINES: std::cell::RefCell<Option<LineIndex>> = const { std::cell::RefCell::new(None) };
}

/// The 1-based line of a byte offset (a binary search in a line index built once per text).
pub fn line_of(source: &str, offset: usize) -> usize {
    position(source, clamp(source, offset)).0
}

/// 1-based line and character column of a byte offset.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let key = key_of(source);
    LINES.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.as_ref().is_none_or(|ix| ix.key != key) {
            *cache = Some(LineIndex::new(source));
        }
        let starts = cache.as_ref().map_or(&[][..], |ix| ix.starts.as_slice());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0).min(offset);
        // A stale index could only give a wrong start; never let it cut a character.
        let line_start = if source.is_char_boundary(line_start) {
            line_start
        } else {
            source[..offset].rfind('\n').map_or(0, |i| i + 1)
        };
        (line, source[line_start..offset].chars().count() + 1)
    })
}

/// The nearest character boundary at or before `offset`.
fn clamp(source: &str, offset: usize) -> usize {
    let mut o = offset.min(source.len());
    while !source.is_char_boundary(o) {
        o -= 1;
    }
    o
}

const TAB: usize = 4;

/// Display columns of source shown around a span on a long line.
const WINDOW: usize = 100;

/// The part of `line` to show, with tabs expanded, and the display column where the span
/// starts in it. Lines that fit are shown whole; longer ones are cut on character boundaries
/// with `…` at each cut.
fn window(line: &str, span_start: usize, span_end: usize) -> (String, usize) {
    // Only whether the line fits matters: stop counting once it does not.
    let mut total = 0;
    let fits = line.chars().all(|c| {
        total += char_width(c);
        total <= WINDOW + 20
    });
    if fits {
        return (visible(line), display_width(&line[..span_start]));
    }
    let context = 30;
    let mut from = span_start;
    let mut cols = 0;
    for (i, c) in line[..span_start].char_indices().rev() {
        cols += char_width(c);
        if cols > context {
            break;
        }
        from = i;
    }
    let mut to = span_start;
    let mut width = 0;
    for (i, c) in line[span_start..].char_indices() {
        let w = char_width(c);
        if width + w > WINDOW - context && span_start + i >= span_end {
            break;
        }
        width += w;
        to = span_start + i + c.len_utf8();
    }
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < line.len() { "…" } else { "" };
    let shown = format!("{head}{}{tail}", visible(&line[from..to]));
    (
        shown,
        display_width(head) + display_width(&line[from..span_start]),
    )
}

/// Text as it is safe to print: tabs expanded, and every other control character (a bare
/// `\r`, an escape sequence a hostile file carries) shown as `\u{fffd}`, one column wide, so
/// that no file can move the cursor or restyle the terminal through a message.
fn visible(s: &str) -> String {
    if printable_ascii(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str(&" ".repeat(TAB)),
            '\n' => out.push('\n'),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether every byte is a printable ASCII character: one column each, shown as it is (the
/// common case, checked first so that 100,000 messages render in well under a second).
fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn display_width(s: &str) -> usize {
    if printable_ascii(s) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Columns one character takes where a message shows it (see [`visible`]).
fn char_width(c: char) -> usize {
    if c == '\t' {
        TAB
    } else if c.is_control() {
        1
    } else {
        c.width().unwrap_or(0)
    }
}

const RED: &str = "31";
const YELLOW: &str = "33";
const BLUE: &str = "34";

struct Paint {
    on: bool,
}

impl Paint {
    fn bold(&self, color: &str, s: &str) -> String {
        if !self.on {
            return s.to_owned();
        }
        let code = if color.is_empty() {
            "1".to_owned()
        } else {
            format!("1;{color}")
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_on_the_carriage_return_of_a_crlf_ending_renders() {
        // Found by the roster fuzz target: `\r\r\n` left an empty line and a span past it.
        let src = "\r\r\n\0#\0 ";
        for at in 0..src.len() {
            let d = Diagnostic::error("x", "bad").at(at..at + 1);
            let out = d.render("f", src, false);
            assert!(out.contains("f:1:") || out.contains("f:2:"), "{out}");
        }
    }

    #[test]
    fn control_characters_in_a_file_never_reach_the_terminal() {
        let src = "(name: \"\x1b]0;pwned\x07\", bad: 1)\n";
        let start = src.find("bad").expect("present");
        let d = Diagnostic::error("x", "unknown field `\x1b[2J`")
            .at(start..start + 3)
            .label("here\r")
            .hint("see \x1b[31m");
        let out = d.render("f", src, false);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines
            .iter()
            .find(|l| l.contains("bad: 1"))
            .expect("source line");
        let marker = lines.iter().find(|l| l.contains("^^^")).expect("marker");
        let col = |l: &str, pat: &str| {
            let byte = l.find(pat).expect("present");
            l[..byte].chars().count()
        };
        assert_eq!(col(shown, "bad"), col(marker, "^^^"), "{out}");
    }

    #[test]
    fn marker_sits_under_the_span_after_hangul() {
        let src = "(name: \"정수장\", nation: \"KX\")\n";
        let start = src.find("\"KX\"").expect("present");
        let d = Diagnostic::error("unknown-reference", "unknown nation `KX`")
            .at(start..start + 4)
            .label("no team defends this nation")
            .hint("did you mean `KR`?");
        let out = d.render("a.ron", src, false);
        insta::assert_snapshot!(out, @r#"
        error[unknown-reference]: unknown nation `KX`
         --> a.ron:1:23
          |
        1 | (name: "정수장", nation: "KX")
          |                          ^^^^ no team defends this nation
          |
          = help: did you mean `KR`?
        "#);
    }

    #[test]
    fn offsets_from_character_columns() {
        let src = "ab\n한국어x\n";
        assert_eq!(offset_of(src, 2, 4), src.find('x').expect("x"));
        assert_eq!(offset_of(src, 9, 9), src.len());
        assert_eq!(offset_of(src, 1, 99), 2);
    }

    #[test]
    fn empty_span_at_end_of_file_gets_one_marker() {
        let src = "(a: 1";
        let d = Diagnostic::error("syntax", "unexpected end of file").at(5..5);
        assert!(
            d.render("f.ron", src, false).contains("     ^"),
            "{}",
            d.render("f.ron", src, false)
        );
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let src = format!(
            "({}target: \"x\", {})",
            "a: 1, ".repeat(60),
            "b: 2, ".repeat(60)
        );
        let start = src.find("\"x\"").expect("x");
        let out = Diagnostic::error("e", "m")
            .at(start..start + 3)
            .render("f", &src, false);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[3].starts_with("1 | …") && lines[3].ends_with('…'),
            "{out}"
        );
        let code_col = lines[3].find("\"x\"").expect("shown");
        let mark_col = lines[4].find('^').expect("marked");
        assert_eq!(
            lines[3][..code_col].chars().count(),
            lines[4][..mark_col].chars().count(),
            "{out}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let d = Diagnostic::error("x", "m").at(0..1);
        assert!(!d.render("f", "abc", false).contains('\x1b'));
        assert!(d.render("f", "abc", true).contains("\x1b[1;31m"));
    }
}
