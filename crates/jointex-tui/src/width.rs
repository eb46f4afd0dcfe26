//! Text measured in terminal columns, not bytes or chars.
//!
//! Hangul syllables and CJK punctuation take two columns, combining marks none. Everything
//! the screens pad, truncate or wrap goes through here, so a Korean line is never cut in the
//! middle of a character and columns stay aligned.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The display width of a string, in columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The string cut to at most `max` columns; a cut string ends with `…`.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        // Leave one column for the ellipsis.
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// The string cut to `cols` columns and padded with spaces to exactly `cols`.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// The string padded on the left to `cols` columns (for numbers).
pub fn pad_left(s: &str, cols: usize) -> String {
    let out = fit(s, cols);
    let w = width(&out);
    let mut p: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    p.push_str(&out);
    p
}

/// Word-wraps text into lines of at most `cols` columns. Paragraph breaks (`\n`) are kept; a
/// word longer than a line is broken between characters.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            let gap = usize::from(!line.is_empty());
            if used + gap + ww <= cols {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + ww;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if ww <= cols {
                line.push_str(word);
                used = ww;
                continue;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > cols {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_two_columns() {
        assert_eq!(width("정수장"), 6);
        assert_eq!(fit("정수장 제어", 5), "정수…");
        assert_eq!(width(&fit("정수장 제어", 6)), 5, "never half a syllable");
        assert_eq!(pad("정수", 6), "정수  ");
        assert_eq!(pad_left("12", 4), "  12");
    }

    #[test]
    fn wraps_by_width() {
        let lines = wrap("한빛시 정수장 제어 시스템 점검", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(lines.join(" "), "한빛시 정수장 제어 시스템 점검");
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
    }
}
