//! STIX patterns for the indicator kinds of the scenario format, both ways.
//!
//! Building is one comparison per indicator, `[ipv4-addr:value = '198.51.100.23']`, with
//! quotes and backslashes in the value escaped as the STIX pattern grammar wants.
//!
//! Reading takes the simple forms real advisories use: one or more `path = 'value'`
//! comparisons joined by `OR`, inside one observation or several joined by `OR`, with any
//! parentheses. Everything else — `AND`, `FOLLOWEDBY`, qualifiers such as `WITHIN`, other
//! operators, object paths jointex has no indicator kind for — is *unsupported*, which is not
//! the same as *malformed*: an importer skips the first and refuses the second.

use jointex_scenario::vocab::IndicatorKind;

/// The object path a kind of indicator is matched on.
pub fn object_path(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Ipv4 => "ipv4-addr:value",
        IndicatorKind::Ipv6 => "ipv6-addr:value",
        IndicatorKind::Domain => "domain-name:value",
        IndicatorKind::Url => "url:value",
        IndicatorKind::Md5 => "file:hashes.'MD5'",
        IndicatorKind::Sha1 => "file:hashes.'SHA-1'",
        IndicatorKind::Sha256 => "file:hashes.'SHA-256'",
        IndicatorKind::Email => "email-addr:value",
    }
}

/// A value as a STIX pattern string literal, quotes included.
pub fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The STIX pattern matching one indicator.
pub fn pattern(kind: IndicatorKind, value: &str) -> String {
    format!("[{} = {}]", object_path(kind), literal(value))
}

/// Why a pattern could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a STIX pattern at all.
    Malformed(String),
    /// A valid pattern, but not one of the forms jointex can turn into indicators.
    Unsupported(String),
}

/// The indicators a pattern stands for, in pattern order.
pub fn parse(pattern: &str) -> Result<Vec<(IndicatorKind, String)>, Problem> {
    let tokens = tokenize(pattern)?;
    if tokens.is_empty() {
        return Err(Problem::Malformed("the pattern is empty".into()));
    }
    let mut p = Parser { tokens, pos: 0 };
    let mut out = Vec::new();
    p.observations(&mut out, 0)?;
    match p.tokens.get(p.pos) {
        None => {}
        Some(Token::Word(w)) => return Err(unsupported_word(w)),
        Some(t) => {
            return Err(Problem::Malformed(format!(
                "unexpected {} after the end of the pattern",
                t.describe()
            )));
        }
    }
    out.into_iter()
        .map(|(path, value)| match kind_of_path(&path) {
            Some(kind) => Ok((kind, value)),
            None => Err(Problem::Unsupported(format!(
                "jointex has no indicator kind for `{path}`"
            ))),
        })
        .collect()
}

/// The indicator kind an object path stands for, if any. Hash names are read leniently
/// (`MD5`, `'SHA-256'`, `sha256`), as producers spell them differently.
pub fn kind_of_path(path: &str) -> Option<IndicatorKind> {
    let (object, property) = path.split_once(':')?;
    let object = object.to_ascii_lowercase();
    let property = property.to_ascii_lowercase();
    let simple = match (object.as_str(), property.as_str()) {
        ("ipv4-addr", "value") => Some(IndicatorKind::Ipv4),
        ("ipv6-addr", "value") => Some(IndicatorKind::Ipv6),
        ("domain-name", "value") => Some(IndicatorKind::Domain),
        ("url", "value") => Some(IndicatorKind::Url),
        ("email-addr", "value")
        | ("email-message", "from_ref.value")
        | ("email-message", "sender_ref.value") => Some(IndicatorKind::Email),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    let hash = match object.as_str() {
        "file" | "artifact" => property.strip_prefix("hashes.")?,
        _ => return None,
    };
    let name: String = hash
        .trim_matches('\'')
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect();
    match name.as_str() {
        "md5" => Some(IndicatorKind::Md5),
        "sha1" => Some(IndicatorKind::Sha1),
        "sha256" => Some(IndicatorKind::Sha256),
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    LParen,
    RParen,
    /// An object path (`file:hashes.'SHA-256'`).
    Path(String),
    /// A plain string literal, unescaped.
    Str(String),
    /// A typed literal (`t'…'`, `h'…'`, `b'…'`).
    Typed,
    /// A comparison operator.
    Op(String),
    /// A keyword, a number or a boolean.
    Word(String),
    Comma,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Open => "`[`".into(),
            Token::Close => "`]`".into(),
            Token::LParen => "`(`".into(),
            Token::RParen => "`)`".into(),
            Token::Path(p) => format!("`{p}`"),
            Token::Str(_) | Token::Typed => "a string".into(),
            Token::Op(o) => format!("`{o}`"),
            Token::Word(w) => format!("`{w}`"),
            Token::Comma => "`,`".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '[' => {
                out.push(Token::Open);
                i += 1;
            }
            ']' => {
                out.push(Token::Close);
                i += 1;
            }
            '(' => {
                out.push(Token::LParen);
                i += 1;
            }
            ')' => {
                out.push(Token::RParen);
                i += 1;
            }
            ',' => {
                out.push(Token::Comma);
                i += 1;
            }
            '\'' => {
                let (s, next) = string(&chars, i)?;
                out.push(Token::Str(s));
                i = next;
            }
            '=' | '!' | '<' | '>' => {
                let mut op = String::from(c);
                if chars.get(i + 1) == Some(&'=') {
                    op.push('=');
                    i += 1;
                }
                if op == "!" {
                    return Err(Problem::Malformed("`!` must be followed by `=`".into()));
                }
                out.push(Token::Op(op));
                i += 1;
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '+' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.' | '+'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if chars.get(i) == Some(&':') {
                    // An object path: `type:property(.property | 'quoted' | [index])*`.
                    let mut path = word;
                    path.push(':');
                    i += 1;
                    while i < chars.len() {
                        let c = chars[i];
                        if c == '\'' {
                            let (s, next) = string(&chars, i)?;
                            path.push('\'');
                            path.push_str(&s);
                            path.push('\'');
                            i = next;
                        } else if c == '[' {
                            let close =
                                chars[i..].iter().position(|c| *c == ']').ok_or_else(|| {
                                    Problem::Malformed(
                                        "an index in an object path is not closed".into(),
                                    )
                                })?;
                            path.extend(&chars[i..=i + close]);
                            i += close + 1;
                        } else if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*') {
                            path.push(c);
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if path.ends_with(':') {
                        return Err(Problem::Malformed(format!(
                            "the object path `{path}` has no property"
                        )));
                    }
                    out.push(Token::Path(path));
                } else if matches!(word.as_str(), "t" | "h" | "b") && chars.get(i) == Some(&'\'') {
                    let (_, next) = string(&chars, i)?;
                    out.push(Token::Typed);
                    i = next;
                } else {
                    out.push(Token::Word(word));
                }
            }
            other => {
                return Err(Problem::Malformed(format!(
                    "unexpected character `{other}`"
                )));
            }
        }
    }
    Ok(out)
}

/// Reads the string literal starting at the quote at `start`; returns it unescaped and the
/// index after its closing quote.
fn string(chars: &[char], start: usize) -> Result<(String, usize), Problem> {
    let mut s = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => match chars.get(i + 1) {
                Some(c @ ('\'' | '\\')) => {
                    s.push(*c);
                    i += 2;
                }
                _ => {
                    return Err(Problem::Malformed(
                        "in a pattern string only `\\'` and `\\\\` are escapes".into(),
                    ));
                }
            },
            '\'' => return Ok((s, i + 1)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(Problem::Malformed("a string literal is not closed".into()))
}

fn unsupported_word(w: &str) -> Problem {
    let up = w.to_ascii_uppercase();
    match up.as_str() {
        "AND" => Problem::Unsupported(
            "`AND` combines conditions that must hold together; jointex indicators are single values".into(),
        ),
        "FOLLOWEDBY" => Problem::Unsupported("`FOLLOWEDBY` sequences are not single values".into()),
        "WITHIN" | "REPEATS" | "START" | "STOP" => {
            Problem::Unsupported(format!("the `{up}` qualifier is not supported"))
        }
        "NOT" | "LIKE" | "MATCHES" | "IN" | "ISSUBSET" | "ISSUPERSET" => Problem::Unsupported(
            format!("only `=` comparisons become indicators, not `{up}`"),
        ),
        _ => Problem::Malformed(format!("unexpected `{w}`")),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

/// Nesting beyond this is hostile input, not an advisory.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn is_or(&self) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case("or"))
    }

    /// `observation (OR observation)*`
    fn observations(
        &mut self,
        out: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_DEPTH {
            return Err(Problem::Unsupported("the pattern nests too deeply".into()));
        }
        loop {
            match self.peek() {
                Some(Token::Open) => {
                    self.pos += 1;
                    self.comparisons(out, depth)?;
                    if self.peek() != Some(&Token::Close) {
                        return Err(self.unexpected("`]`"));
                    }
                    self.pos += 1;
                }
                Some(Token::LParen) => {
                    self.pos += 1;
                    self.observations(out, depth + 1)?;
                    if self.peek() != Some(&Token::RParen) {
                        return Err(self.unexpected("`)`"));
                    }
                    self.pos += 1;
                }
                _ => return Err(self.unexpected("`[` starting an observation")),
            }
            if self.is_or() {
                self.pos += 1;
                continue;
            }
            return Ok(());
        }
    }

    /// `comparison (OR comparison)*` inside `[ … ]`.
    fn comparisons(
        &mut self,
        out: &mut Vec<(String, String)>,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_DEPTH {
            return Err(Problem::Unsupported("the pattern nests too deeply".into()));
        }
        loop {
            match self.peek().cloned() {
                Some(Token::LParen) => {
                    self.pos += 1;
                    self.comparisons(out, depth + 1)?;
                    if self.peek() != Some(&Token::RParen) {
                        return Err(self.unexpected("`)`"));
                    }
                    self.pos += 1;
                }
                Some(Token::Path(path)) => {
                    self.pos += 1;
                    match self.peek().cloned() {
                        Some(Token::Op(op)) if op == "=" => self.pos += 1,
                        Some(Token::Op(op)) => {
                            return Err(Problem::Unsupported(format!(
                                "only `=` comparisons become indicators, not `{op}`"
                            )));
                        }
                        Some(Token::Word(w)) => return Err(unsupported_word(&w)),
                        _ => return Err(self.unexpected("a comparison operator")),
                    }
                    match self.peek().cloned() {
                        Some(Token::Str(value)) => {
                            self.pos += 1;
                            out.push((path, value));
                        }
                        Some(Token::Typed | Token::Word(_)) => {
                            return Err(Problem::Unsupported(format!(
                                "`{path}` is compared with something other than a plain string"
                            )));
                        }
                        _ => return Err(self.unexpected("a value")),
                    }
                }
                _ => return Err(self.unexpected("an object path such as `ipv4-addr:value`")),
            }
            match self.peek() {
                _ if self.is_or() => self.pos += 1,
                Some(Token::Word(w)) => return Err(unsupported_word(w)),
                _ => return Ok(()),
            }
        }
    }

    fn unexpected(&self, wanted: &str) -> Problem {
        match self.peek() {
            None => Problem::Malformed(format!("the pattern ends where {wanted} was expected")),
            Some(Token::Word(w)) => match unsupported_word(w) {
                p @ Problem::Unsupported(_) => p,
                Problem::Malformed(_) => {
                    Problem::Malformed(format!("expected {wanted}, found `{w}`"))
                }
            },
            Some(t) => Problem::Malformed(format!("expected {wanted}, found {}", t.describe())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    #[test]
    fn builds_every_kind_with_escapes() {
        assert_eq!(
            pattern(Ipv4, "198.51.100.23"),
            "[ipv4-addr:value = '198.51.100.23']"
        );
        assert_eq!(pattern(Sha256, "ab"), "[file:hashes.'SHA-256' = 'ab']");
        assert_eq!(
            pattern(Url, r"https://x.example/a'b\c"),
            r"[url:value = 'https://x.example/a\'b\\c']"
        );
    }

    #[test]
    fn every_built_pattern_reads_back() {
        let values = [
            (Ipv4, "203.0.113.7"),
            (Ipv6, "2001:db8::7"),
            (Domain, "update.vendor.example"),
            (Url, r"https://x.example/it's\here"),
            (Md5, "d41d8cd98f00b204e9800998ecf8427e"),
            (Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (
                Sha256,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (Email, "o'brien@invoice.example"),
        ];
        for (k, v) in values {
            assert_eq!(parse(&pattern(k, v)), Ok(vec![(k, v.to_owned())]), "{k:?}");
        }
    }

    #[test]
    fn reads_ored_comparisons_and_observations() {
        let p = "([file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR file:hashes.'SHA-1' = 'x'] OR [domain-name:value = 'a.example']) or [email-message:from_ref.value = 'a@b.example']";
        let got = parse(p).expect("supported");
        assert_eq!(
            got.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            [Md5, Sha1, Domain, Email]
        );
    }

    #[test]
    fn unsupported_is_not_malformed() {
        for p in [
            "[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '1.2.3.5']",
            "[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'a.example']",
            "[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS",
            "[ipv4-addr:value != '1.2.3.4']",
            "[ipv4-addr:value IN ('1.2.3.4', '1.2.3.5')]",
            "[domain-name:value LIKE '%.example']",
            "[process:name = 'evil.exe']",
            "[file:size = 42]",
            "[file:created = t'2020-01-01T00:00:00Z']",
            "[network-traffic:dst_ref.value = '1.2.3.4']",
            "[file:hashes.'SHA-512' = 'ab']",
        ] {
            assert!(
                matches!(parse(p), Err(Problem::Unsupported(_))),
                "{p}: {:?}",
                parse(p)
            );
        }
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for p in [
            "",
            "ipv4-addr:value = '1.2.3.4'",
            "[ipv4-addr:value = '1.2.3.4'",
            "[ipv4-addr:value = '1.2.3.4]",
            "[ipv4-addr: = '1.2.3.4']",
            "[ipv4-addr:value '1.2.3.4']",
            "[ipv4-addr:value = '1.2\\x']",
            "[ipv4-addr:value = '1.2.3.4'] garbage",
            "[= '1.2.3.4']",
            "[ipv4-addr:value = '1.2.3.4'] OR",
            "{}",
        ] {
            assert!(
                matches!(parse(p), Err(Problem::Malformed(_))),
                "{p}: {:?}",
                parse(p)
            );
        }
    }

    #[test]
    fn hostile_nesting_does_not_overflow() {
        let p = format!(
            "{}[ipv4-addr:value = '1.2.3.4']{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(parse(&p).is_err());
    }
}
