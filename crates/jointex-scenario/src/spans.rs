//! Where each value sits in a RON file, so that a validation error can point at it.
//!
//! serde hands the validator values without positions. Rather than thread spans through
//! every raw type, this module scans the text once more into a tree of byte ranges and looks
//! values up by their path (`assets[3].nation`, `injects[0].trigger.inject`). It runs only when
//! there is something to report, so a valid file never pays for it. The scanner is lenient:
//! the text has already been parsed by `ron`, and on anything unexpected it stops descending
//! and the error points at the nearest enclosing value instead.

use std::fmt;
use std::ops::Range;

/// One step of a path into the scenario tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A named field of a struct or struct-like enum variant.
    Field(&'static str),
    /// An element of a list, or a positional field of a tuple variant (`AtTurn(3)` is `.0`).
    Index(usize),
}

/// A path from the root of the file to a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The root of the file.
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path extended by a field.
    pub fn field(&self, name: &'static str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Field(name));
        p
    }

    /// This path extended by an index.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(name) if i == 0 => write!(f, "{name}")?,
                Seg::Field(name) => write!(f, ".{name}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A value in the span tree.
#[derive(Debug)]
struct Node {
    span: Range<usize>,
    /// Fields by the byte range of their name in the text: a million fields need no
    /// allocation of their own.
    fields: Vec<(Range<usize>, Node)>,
    items: Vec<Node>,
}

/// The positions of every value in one RON text.
#[derive(Debug)]
pub struct SpanIndex<'a> {
    text: &'a [u8],
    root: Option<Node>,
}

impl<'a> SpanIndex<'a> {
    /// Scans `text`.
    pub fn new(text: &'a str) -> Self {
        let mut s = Scanner {
            b: text.as_bytes(),
            pos: 0,
            depth: 0,
        };
        s.skip_ws();
        let root = s.value();
        SpanIndex {
            text: text.as_bytes(),
            root,
        }
    }

    /// The byte range of the value at `path`, or of its nearest ancestor that was found.
    pub fn span(&self, path: &Path) -> Option<Range<usize>> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            let next = match seg {
                Seg::Field(name) => node
                    .fields
                    .iter()
                    .find(|(n, _)| self.text.get(n.clone()) == Some(name.as_bytes()))
                    .map(|(_, v)| v),
                Seg::Index(i) => node.items.get(*i),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        Some(node.span.clone())
    }
}

/// Deep nesting could overflow the stack on hostile input; real scenarios nest < 15 deep.
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'*') => {
                    // RON block comments nest.
                    let mut level = 0usize;
                    while self.pos < self.b.len() {
                        if self.b[self.pos..].starts_with(b"/*") {
                            level += 1;
                            self.pos += 2;
                        } else if self.b[self.pos..].starts_with(b"*/") {
                            level -= 1;
                            self.pos += 2;
                            if level == 0 {
                                break;
                            }
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        // raw identifiers `r#name`
        if self.b[self.pos..].starts_with(b"r#") && !self.b[self.pos..].starts_with(b"r#\"") {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if
            // non-ASCII bytes stay in the run so a span never splits a character
            c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        (self.pos > start).then_some(start..self.pos)
    }

    fn string(&mut self) {
        // at `"`, `r"`, `r#"`, `b"`, or `'`
        if self.peek() == Some(b'b') {
            self.pos += 1;
        }
        if self.peek() == Some(b'r') {
            self.pos += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.pos += 1;
            }
            self.pos += 1; // opening quote
            while self.pos < self.b.len() {
                if self.b[self.pos] == b'"'
                    && self.b[self.pos + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&c| c == b'#')
                        .count()
                        == hashes
                {
                    self.pos += 1 + hashes;
                    return;
                }
                self.pos += 1;
            }
            return;
        }
        let quote = self.b[self.pos];
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\\' {
                self.pos += 1;
            } else if c == quote {
                return;
            }
        }
        self.pos = self.pos.min(self.b.len());
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_ws();
        let start = self.pos;
        let c = self.peek()?;
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let node = match c {
            b'"' | b'\'' => {
                self.string();
                leaf(start..self.pos)
            }
            b'r' | b'b'
                if matches!(self.b.get(self.pos + 1), Some(b'"' | b'#'))
                    || self.b[self.pos..].starts_with(b"br") =>
            {
                self.string();
                leaf(start..self.pos)
            }
            b'[' => {
                self.pos += 1;
                let items = self.seq(b']');
                Node {
                    span: start..self.pos,
                    fields: Vec::new(),
                    items,
                }
            }
            b'{' => {
                self.pos += 1;
                let items = self.seq(b'}');
                Node {
                    span: start..self.pos,
                    fields: Vec::new(),
                    items,
                }
            }
            b'(' => self.parens(start),
            _ => {
                if self.ident().is_none() {
                    // a number or a stray character: take the run up to a delimiter
                    while let Some(c) = self.peek() {
                        if matches!(c, b',' | b')' | b']' | b'}' | b':') || c.is_ascii_whitespace()
                        {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                    }
                    leaf(start..self.pos)
                } else {
                    let after_ident = self.pos;
                    self.skip_ws();
                    if self.peek() == Some(b'(') {
                        self.parens(start)
                    } else {
                        self.pos = after_ident;
                        leaf(start..self.pos)
                    }
                }
            }
        };
        self.depth -= 1;
        Some(node)
    }

    /// `( … )` after an optional name: named fields, or positional items.
    fn parens(&mut self, start: usize) -> Node {
        self.pos += 1; // `(`
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            // `name: value` is a field; anything else is a positional item.
            if let Some(name) = self.ident() {
                self.skip_ws();
                if self.peek() == Some(b':') {
                    self.pos += 1;
                    match self.value() {
                        Some(v) => fields.push((name, v)),
                        None => break,
                    }
                    continue;
                }
                self.pos = before;
            }
            match self.value() {
                Some(v) => items.push(v),
                None => break,
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        Node {
            span: start..self.pos,
            fields,
            items,
        }
    }

    fn seq(&mut self, close: u8) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.pos += 1;
                    break;
                }
                Some(b',' | b':') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            match self.value() {
                Some(v) => items.push(v),
                None => break,
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        items
    }
}

fn leaf(span: Range<usize>) -> Node {
    Node {
        span,
        fields: Vec::new(),
        items: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, path: &Path) -> &'t str {
        let span = SpanIndex::new(text).span(path).expect("found");
        &text[span]
    }

    #[test]
    fn finds_fields_items_and_variant_payloads() {
        let text = r##"Scenario( // comment
            teams: [Team(id: "us"), (id: "kr")],
            injects: [Inject(trigger: After(inject: "INJ-9", delay: 1)), (trigger: AtTurn(3))],
            /* a /* nested */ comment */ name: r#"raw "quoted""#,
        )"##;
        let root = Path::root();
        assert_eq!(
            at(text, &root.field("teams").index(1).field("id")),
            "\"kr\""
        );
        assert_eq!(
            at(
                text,
                &root
                    .field("injects")
                    .index(0)
                    .field("trigger")
                    .field("inject")
            ),
            "\"INJ-9\""
        );
        assert_eq!(
            at(
                text,
                &root.field("injects").index(1).field("trigger").index(0)
            ),
            "3"
        );
        assert_eq!(at(text, &root.field("name")), "r#\"raw \"quoted\"\"#");
    }

    #[test]
    fn missing_path_falls_back_to_the_nearest_ancestor() {
        let text = "(teams: [(id: \"us\")])";
        let span = SpanIndex::new(text)
            .span(&Path::root().field("teams").index(4))
            .expect("some");
        assert_eq!(&text[span], "[(id: \"us\")]");
    }

    #[test]
    fn hangul_and_garbage_do_not_panic() {
        for text in [
            "(a: \"한국\", b: [",
            "(((((",
            "\"unterminated",
            "(a: r#\"x",
            "/* open",
        ] {
            let _ = SpanIndex::new(text).span(&Path::root().field("a"));
        }
    }

    #[test]
    fn path_display() {
        let p = Path::root().field("assets").index(3).field("nation");
        assert_eq!(p.to_string(), "assets[3].nation");
    }
}
