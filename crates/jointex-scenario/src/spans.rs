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

/// A value in the span tree. The tree is flat: every node, field and item lives in one of
/// three arenas of the index, and a node holds ranges into them, so a file of a million
/// values costs three growing vectors, not a million allocations (and frees).
#[derive(Debug)]
struct Node {
    span: Range<usize>,
    /// This node's fields, as a range of [`SpanIndex::fields`].
    fields: Range<u32>,
    /// This node's items, as a range of [`SpanIndex::items`].
    items: Range<u32>,
}

/// The positions of every value in one RON text.
#[derive(Debug)]
pub struct SpanIndex<'a> {
    text: &'a [u8],
    /// Every node; the root is the last one built.
    nodes: Vec<Node>,
    /// Every field of every node: the byte range of its name, and its value's node.
    fields: Vec<(Range<usize>, u32)>,
    /// Every item of every node: its node.
    items: Vec<u32>,
    root: Option<u32>,
}

impl<'a> SpanIndex<'a> {
    /// Scans `text`.
    pub fn new(text: &'a str) -> Self {
        let mut s = Scanner {
            b: text.as_bytes(),
            pos: 0,
            depth: 0,
            nodes: Vec::new(),
            fields: Vec::new(),
            items: Vec::new(),
            open_fields: Vec::new(),
            open_items: Vec::new(),
        };
        s.skip_ws();
        let root = s.value();
        SpanIndex {
            text: text.as_bytes(),
            nodes: s.nodes,
            fields: s.fields,
            items: s.items,
            root,
        }
    }

    fn node(&self, i: u32) -> Option<&Node> {
        self.nodes.get(i as usize)
    }

    /// The byte range of the value at `path`, or of its nearest ancestor that was found.
    pub fn span(&self, path: &Path) -> Option<Range<usize>> {
        let mut node = self.node(self.root?)?;
        for seg in &path.0 {
            let next = match seg {
                Seg::Field(name) => self
                    .fields
                    .get(node.fields.start as usize..node.fields.end as usize)
                    .unwrap_or_default()
                    .iter()
                    .find(|(n, _)| self.text.get(n.clone()) == Some(name.as_bytes()))
                    .map(|(_, v)| *v),
                Seg::Index(i) => self
                    .items
                    .get(node.items.start as usize..node.items.end as usize)
                    .and_then(|items| items.get(*i))
                    .copied(),
            };
            match next.and_then(|n| self.node(n)) {
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
    nodes: Vec<Node>,
    fields: Vec<(Range<usize>, u32)>,
    items: Vec<u32>,
    /// Fields and items of the nodes still being scanned, innermost last: a node's own
    /// are moved into the arenas, contiguous, when it closes.
    open_fields: Vec<(Range<usize>, u32)>,
    open_items: Vec<u32>,
}

impl Scanner<'_> {
    /// Adds a finished node whose fields and items are those opened since the marks.
    fn close(&mut self, span: Range<usize>, field_mark: usize, item_mark: usize) -> u32 {
        let f0 = arena_index(self.fields.len());
        self.fields.extend(self.open_fields.drain(field_mark..));
        let i0 = arena_index(self.items.len());
        self.items.extend(self.open_items.drain(item_mark..));
        self.nodes.push(Node {
            span,
            fields: f0..arena_index(self.fields.len()),
            items: i0..arena_index(self.items.len()),
        });
        arena_index(self.nodes.len() - 1)
    }

    fn leaf(&mut self, span: Range<usize>) -> u32 {
        self.nodes.push(Node {
            span,
            fields: 0..0,
            items: 0..0,
        });
        arena_index(self.nodes.len() - 1)
    }

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

    fn value(&mut self) -> Option<u32> {
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
                self.leaf(start..self.pos)
            }
            b'r' | b'b'
                if matches!(self.b.get(self.pos + 1), Some(b'"' | b'#'))
                    || self.b[self.pos..].starts_with(b"br") =>
            {
                self.string();
                self.leaf(start..self.pos)
            }
            b'[' => self.seq(start, b']'),
            b'{' => self.seq(start, b'}'),
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
                    self.leaf(start..self.pos)
                } else {
                    let after_ident = self.pos;
                    self.skip_ws();
                    if self.peek() == Some(b'(') {
                        self.parens(start)
                    } else {
                        self.pos = after_ident;
                        self.leaf(start..self.pos)
                    }
                }
            }
        };
        self.depth -= 1;
        Some(node)
    }

    /// `( … )` after an optional name: named fields, or positional items.
    fn parens(&mut self, start: usize) -> u32 {
        self.pos += 1; // `(`
        let (field_mark, item_mark) = (self.open_fields.len(), self.open_items.len());
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
                        Some(v) => self.open_fields.push((name, v)),
                        None => break,
                    }
                    continue;
                }
                self.pos = before;
            }
            match self.value() {
                Some(v) => self.open_items.push(v),
                None => break,
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        self.close(start..self.pos, field_mark, item_mark)
    }

    /// `[ … ]` or `{ … }`, from its opening bracket at `start`.
    fn seq(&mut self, start: usize, close: u8) -> u32 {
        self.pos += 1;
        let (field_mark, item_mark) = (self.open_fields.len(), self.open_items.len());
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
                Some(v) => self.open_items.push(v),
                None => break,
            }
            if self.pos == before {
                self.pos += 1;
            }
        }
        self.close(start..self.pos, field_mark, item_mark)
    }
}

/// An arena position as stored. A value takes at least one byte and the command line reads
/// at most 1 GiB, so no arena of one text outgrows `u32`; past it, lookups would stop at an
/// ancestor (a wider span), never panic.
fn arena_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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
