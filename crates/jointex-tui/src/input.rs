//! Building terminal events by hand: what scripted tests and benchmarks type.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// A key press.
pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A printable character typed.
pub fn ch(c: char) -> Event {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

/// Ctrl and a letter.
pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// A script of keys in a compact notation: characters stand for themselves, and `<Enter>`,
/// `<Esc>`, `<Tab>`, `<BackTab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<PgUp>`, `<PgDn>`,
/// `<Home>`, `<End>`, `<Del>`, `<Bs>`, `<Space>` name special keys and `<C-u>` is Ctrl-U.
pub fn script(s: &str) -> Vec<Event> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            let code = match name {
                "Enter" => Some(KeyCode::Enter),
                "Esc" => Some(KeyCode::Esc),
                "Tab" => Some(KeyCode::Tab),
                "BackTab" => Some(KeyCode::BackTab),
                "Up" => Some(KeyCode::Up),
                "Down" => Some(KeyCode::Down),
                "Left" => Some(KeyCode::Left),
                "Right" => Some(KeyCode::Right),
                "PgUp" => Some(KeyCode::PageUp),
                "PgDn" => Some(KeyCode::PageDown),
                "Home" => Some(KeyCode::Home),
                "End" => Some(KeyCode::End),
                "Del" => Some(KeyCode::Delete),
                "Bs" => Some(KeyCode::Backspace),
                "Space" => Some(KeyCode::Char(' ')),
                _ => None,
            };
            if let Some(c) = name.strip_prefix("C-").and_then(|c| c.chars().next()) {
                out.push(ctrl(c));
                rest = &rest[end + 1..];
                continue;
            }
            if let Some(code) = code {
                out.push(key(code));
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(ch(c));
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        let v = script("ab<Enter><Esc>한<x");
        assert_eq!(v.len(), 7);
        assert_eq!(v[2], key(KeyCode::Enter));
        assert_eq!(v[4], ch('한'));
        assert_eq!(v[5], ch('<'));
    }
}
