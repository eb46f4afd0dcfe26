//! Keys from a remote terminal: raw bytes from the SSH channel in, the terminal UI's key
//! events out.
//!
//! termwiz's input parser does the decoding (escape sequences, function keys, bracketed
//! paste, UTF-8 split across packets); this module only guards it and translates its events
//! into the crossterm events [`jointex_tui::App::handle_event`] takes, so a key means the
//! same over SSH as in `play`.

use ratatui::crossterm::event::{
    Event, KeyCode as CKey, KeyEvent as CKeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use termwiz::input::{InputEvent, InputParser, KeyCode, Modifiers};

/// The most input one key press plausibly sends; a paste may be longer, but nobody pastes a
/// megabyte into an exercise console, and a client that tries only loses its own paste.
const MAX_CHUNK: usize = 64 * 1024;

/// Most events taken from one chunk: more than anybody types between two packets (a paste is
/// one event); the rest of a flood is dropped rather than queued for the whole exercise.
pub const MAX_EVENTS: usize = 64;

/// One session's input decoder.
pub struct Keys {
    parser: InputParser,
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

impl Keys {
    /// A decoder with nothing pending.
    pub fn new() -> Self {
        Keys {
            parser: InputParser::new(),
        }
    }

    /// Decodes one chunk of channel data into terminal events.
    pub fn feed(&mut self, data: &[u8]) -> Vec<Event> {
        // Bytes that can never occur in UTF-8 wedge the parser for good (every later key
        // would be lost): drop them first.
        let clean: Vec<u8> = data
            .iter()
            .take(MAX_CHUNK)
            .copied()
            .filter(|b| !matches!(b, 0xC0 | 0xC1 | 0xF5..=0xFF))
            .collect();
        let mut out = Vec::new();
        self.parser
            .parse(&clean, |e| out.extend(translate(e)), true);
        // A lone Escape is held in case a sequence follows; a terminal sends a whole
        // sequence in one write, so an Escape at the end of a chunk is the key itself.
        if clean.last() == Some(&0x1b) {
            self.parser.parse(b"", |e| out.extend(translate(e)), false);
        }
        out.truncate(MAX_EVENTS);
        out
    }
}

/// A termwiz event as the crossterm event `play` would have read for the same key.
fn translate(e: InputEvent) -> Option<Event> {
    match e {
        InputEvent::Key(k) => {
            let mut mods = KeyModifiers::empty();
            if k.modifiers.contains(Modifiers::SHIFT) {
                mods |= KeyModifiers::SHIFT;
            }
            if k.modifiers.contains(Modifiers::CTRL) {
                mods |= KeyModifiers::CONTROL;
            }
            if k.modifiers.contains(Modifiers::ALT) {
                mods |= KeyModifiers::ALT;
            }
            let code = match k.key {
                KeyCode::Char('\r' | '\n') | KeyCode::Enter => CKey::Enter,
                KeyCode::Char('\t') | KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                    CKey::BackTab
                }
                KeyCode::Char('\t') | KeyCode::Tab => CKey::Tab,
                KeyCode::Char('\x1b') | KeyCode::Escape => CKey::Esc,
                KeyCode::Char('\x7f' | '\x08') | KeyCode::Backspace => CKey::Backspace,
                KeyCode::Char(c) if c.is_control() => return None,
                KeyCode::Char(c) => CKey::Char(c),
                KeyCode::Delete => CKey::Delete,
                KeyCode::Insert => CKey::Insert,
                KeyCode::UpArrow | KeyCode::ApplicationUpArrow => CKey::Up,
                KeyCode::DownArrow | KeyCode::ApplicationDownArrow => CKey::Down,
                KeyCode::LeftArrow | KeyCode::ApplicationLeftArrow => CKey::Left,
                KeyCode::RightArrow | KeyCode::ApplicationRightArrow => CKey::Right,
                KeyCode::Home | KeyCode::KeyPadHome => CKey::Home,
                KeyCode::End | KeyCode::KeyPadEnd => CKey::End,
                KeyCode::PageUp | KeyCode::KeyPadPageUp => CKey::PageUp,
                KeyCode::PageDown | KeyCode::KeyPadPageDown => CKey::PageDown,
                KeyCode::Function(n) => CKey::F(n),
                _ => return None,
            };
            // crossterm reports Shift+letter as the capital with SHIFT; termwiz already
            // gives the capital.
            Some(Event::Key(CKeyEvent {
                code,
                modifiers: mods,
                kind: KeyEventKind::Press,
                state: KeyEventState::NONE,
            }))
        }
        InputEvent::Paste(text) => Some(Event::Paste(text)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<(CKey, KeyModifiers)> {
        Keys::new()
            .feed(bytes)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_decode_as_in_play() {
        assert_eq!(codes(b"\x1b[A"), vec![(CKey::Up, KeyModifiers::NONE)]);
        assert_eq!(codes(b"\r"), vec![(CKey::Enter, KeyModifiers::NONE)]);
        assert_eq!(codes(b"\x1b"), vec![(CKey::Esc, KeyModifiers::NONE)]);
        assert_eq!(codes(b"\x7f"), vec![(CKey::Backspace, KeyModifiers::NONE)]);
        assert_eq!(codes(b"\t"), vec![(CKey::Tab, KeyModifiers::NONE)]);
        assert_eq!(
            codes(b"\x1b[6~"),
            vec![(CKey::PageDown, KeyModifiers::NONE)]
        );
        assert_eq!(
            codes(b"\x03"),
            vec![(CKey::Char('c'), KeyModifiers::CONTROL)]
        );
        assert_eq!(codes(b"q"), vec![(CKey::Char('q'), KeyModifiers::NONE)]);
    }

    #[test]
    fn hangul_split_across_packets_is_one_key() {
        let bytes = "한".as_bytes();
        let mut k = Keys::new();
        assert!(k.feed(&bytes[..1]).is_empty());
        let got = k.feed(&bytes[1..]);
        assert!(
            matches!(got.as_slice(), [Event::Key(e)] if e.code == CKey::Char('한')),
            "{got:?}"
        );
    }

    #[test]
    fn a_bracketed_paste_is_one_event() {
        let got = Keys::new().feed(b"\x1b[200~hello world\x1b[201~");
        assert_eq!(got, vec![Event::Paste("hello world".into())]);
    }

    #[test]
    fn a_flood_is_cut_short() {
        assert_eq!(Keys::new().feed(&[b'j'; 10_000]).len(), MAX_EVENTS);
    }

    #[test]
    fn invalid_bytes_do_not_wedge_the_parser() {
        let mut k = Keys::new();
        let _ = k.feed(&[0xff, 0xfe, 0xc0]);
        assert_eq!(
            k.feed(b"q")
                .into_iter()
                .filter(|e| matches!(e, Event::Key(_)))
                .count(),
            1
        );
    }
}
