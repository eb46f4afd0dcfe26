//! Small primitives for editing RON text in place, so that tools which change a
//! scenario file (MSEL import, STIX import) keep its comments and layout: where a line
//! starts and how it is indented, and the next significant byte after blanks and comments.

/// The blanks before the first non-blank character of `pos`'s line.
pub fn indent_of(text: &str, pos: usize) -> String {
    let start = line_start(text, pos);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The byte offset where `pos`'s line starts.
pub fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether only blanks stand before `pos` on its line.
pub fn first_on_line(text: &str, pos: usize) -> bool {
    text[line_start(text, pos)..pos].trim().is_empty()
}

/// The first significant byte at or after `pos`, past blanks and comments.
pub fn next_significant(text: &str, pos: usize) -> Option<u8> {
    skip_blank(text, pos).and_then(|p| text.as_bytes().get(p).copied())
}

/// The offset of a comma that follows `pos` after blanks and comments, if one does.
pub fn comma_after(text: &str, pos: usize) -> Option<usize> {
    skip_blank(text, pos).filter(|p| text.as_bytes().get(*p) == Some(&b','))
}

/// The first byte at or after `pos` that is not blank or inside a comment.
pub fn skip_blank(text: &str, mut pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    while pos < b.len() {
        if b[pos].is_ascii_whitespace() {
            pos += 1;
        } else if b[pos..].starts_with(b"//") {
            pos += text[pos..].find('\n').unwrap_or(b.len() - pos);
        } else if b[pos..].starts_with(b"/*") {
            // RON block comments nest.
            let mut depth = 0usize;
            while pos < b.len() {
                if b[pos..].starts_with(b"/*") {
                    depth += 1;
                    pos += 2;
                } else if b[pos..].starts_with(b"*/") {
                    depth = depth.saturating_sub(1);
                    pos += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    pos += 1;
                }
            }
        } else {
            return Some(pos);
        }
    }
    None
}
