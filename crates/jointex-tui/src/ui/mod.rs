//! Drawing: every frame is a pure function of the app's snapshot.
//!
//! `impl Widget for &App` picks the screen, draws it, then any overlay on top. Screens only
//! read; they never call the engine for more than the snapshot holds. Below 80×24 only a
//! message is drawn. Text is placed by display width (`crate::width`), so Korean lines keep
//! their columns.

mod briefing;
mod facilitator;
mod picker;
mod results;
mod team;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::app::{App, Confirm, Overlay, PromptKind, Screen};
use crate::keys::tables;
use crate::labels::Tr;
use crate::width::{fit, pad, width, wrap};

/// The smallest terminal jointex draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal jointex draws in.
pub const MIN_HEIGHT: u16 = 24;

/// Styles, chosen so that nothing depends on colour alone: every state also has a symbol.
pub mod style {
    use ratatui::style::{Color, Modifier, Style};

    /// Titles and headings.
    pub fn title() -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// The header bar.
    pub fn bar() -> Style {
        Style::new().fg(Color::Black).bg(Color::Cyan)
    }
    /// The selected line.
    pub fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// Secondary text.
    pub fn dim() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    /// Something wrong.
    pub fn bad() -> Style {
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    /// Something to watch.
    pub fn warn() -> Style {
        Style::new().fg(Color::Yellow)
    }
    /// A TLP 2.0 label in its standard colours (FIRST TLP 2.0: RED #FF2B2B, AMBER #FFC000,
    /// GREEN #33FF00, CLEAR #FFFFFF, each on black). The label's text says the same, so a
    /// monochrome terminal loses nothing.
    pub fn tlp(t: jointex_scenario::vocab::Tlp) -> Style {
        use jointex_scenario::vocab::Tlp;
        let fg = match t {
            Tlp::Red => Color::Rgb(0xFF, 0x2B, 0x2B),
            Tlp::Amber | Tlp::AmberStrict => Color::Rgb(0xFF, 0xC0, 0x00),
            Tlp::Green => Color::Rgb(0x33, 0xFF, 0x00),
            Tlp::Clear => Color::Rgb(0xFF, 0xFF, 0xFF),
        };
        Style::new().fg(fg).bg(Color::Black)
    }
    /// Something good.
    pub fn good() -> Style {
        Style::new().fg(Color::Green)
    }
    /// Something the team did.
    pub fn info() -> Style {
        Style::new().fg(Color::Cyan)
    }
    /// Keys in hints.
    pub fn key() -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let tr = self.tr();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(&tr, area, buf);
            return;
        }
        match self.screen() {
            Screen::Picker => picker::render(self, area, buf),
            Screen::Briefing => briefing::render(self, area, buf),
            Screen::Handover(t) => results::handover(self, t, area, buf),
            Screen::Team(t) => {
                if let Some(sc) = self.team_screen(t) {
                    team::render(&sc, area, buf);
                }
                let foot = Rect {
                    y: area.bottom().saturating_sub(1),
                    height: area.height.min(1),
                    ..area
                };
                footer(self, foot, buf);
            }
            Screen::Facilitator => facilitator::render(self, area, buf),
            Screen::Results(seat) => results::render(self, seat, area, buf),
            Screen::Summary => results::summary(self, area, buf),
        }
        if let Some(ov) = &self.ui.overlay {
            overlay(self, ov, area, buf);
        }
        colour_tlp_labels(buf, area);
    }
}

impl App {
    /// Draws the app into a frame.
    pub fn draw(&self, frame: &mut ratatui::Frame) {
        self.note_frame_height(frame.area().height);
        frame.render_widget(self, frame.area());
    }
}

fn too_small(tr: &Tr<'_>, area: Rect, buf: &mut Buffer) {
    let msg = tr.ta(
        "too-small",
        &[("w", area.width.into()), ("h", area.height.into())],
    );
    let lines = wrap(&msg, area.width.saturating_sub(2) as usize);
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let x = area.x + area.width.saturating_sub(width(l) as u16) / 2;
        buf.set_stringn(x, y, l, area.width as usize, style::title());
    }
}

/// Writes text at a position, cut to `w` columns.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, text: &str, st: Style) {
    buf.set_stringn(x, y, fit(text, w as usize), w as usize, st);
}

/// Writes a line of spans, cut to the area's width.
pub(crate) fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: &Line<'_>) {
    if y < area.bottom() {
        buf.set_line(area.x, y, line, area.width);
    }
}

/// Fills a row with a style and text padded to the full width.
pub(crate) fn bar(buf: &mut Buffer, x: u16, y: u16, w: u16, text: &str, st: Style) {
    buf.set_stringn(x, y, pad(text, w as usize), w as usize, st);
}

/// First line shown so that `sel` stays visible in a list of `len` lines in `height` rows:
/// the selection stays near the middle once the list scrolls.
pub(crate) fn window(sel: usize, len: usize, height: usize) -> usize {
    if len <= height || height == 0 {
        return 0;
    }
    sel.saturating_sub(height / 2).min(len - height)
}

/// A bordered block with a title.
pub(crate) fn block<'a>(title: String, focused: bool) -> Block<'a> {
    let st = if focused {
        style::title().fg(Color::Cyan)
    } else {
        style::title()
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(if focused {
            Style::new().fg(Color::Cyan)
        } else {
            style::dim()
        })
        .title(Line::from(Span::styled(format!(" {title} "), st)))
}

/// The tab line of a console.
pub(crate) fn tabs(buf: &mut Buffer, area: Rect, labels: &[String], current: usize) {
    let mut spans = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", style::dim()));
        }
        let text = format!(" {} {l} ", i + 1);
        spans.push(if i == current {
            Span::styled(text, style::selected().add_modifier(Modifier::BOLD))
        } else {
            Span::raw(text)
        });
    }
    put_line(buf, area, area.y, &Line::from(spans));
}

/// The footer: the last action's message, or hints for the keys of this screen.
pub(crate) fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    if let Some(f) = &app.ui.flash {
        let st = if f.error { style::bad() } else { style::good() };
        let mark = if f.error { "✗ " } else { "✓ " };
        bar(
            buf,
            area.x,
            area.y,
            area.width,
            &format!("{mark}{}", f.text),
            st,
        );
        return;
    }
    // `?` first: whatever else does not fit, the way to the full list always does.
    let mut hints: Vec<(String, String)> = Vec::new();
    for (_, table) in tables(app.base_context()) {
        for b in table.iter().filter(|b| shown(app, b)) {
            let short = format!("short-{}", b.help.trim_start_matches("help-"));
            if !app.i18n().has(tr.lang, &short) {
                continue;
            }
            let key = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("/");
            let hint = (key, tr.t(&short));
            if b.action == crate::keys::Action::Help {
                hints.insert(0, hint);
            } else {
                hints.push(hint);
            }
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0usize;
    let max = area.width as usize;
    for (key, text) in hints {
        let w = width(&key) + 1 + width(&text) + 3;
        if used + w > max {
            break;
        }
        used += w;
        spans.push(Span::styled(key, style::key()));
        spans.push(Span::raw(format!(" {text}   ")));
    }
    put_line(buf, area, area.y, &Line::from(spans));
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn overlay(app: &App, ov: &Overlay, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    match ov {
        Overlay::Help => help(app, area, buf),
        Overlay::Confirm(c) => {
            let (title, body) = match c {
                Confirm::Quit => (
                    tr.t("confirm-quit-title"),
                    match app.record_path() {
                        // A player leaves the exercise, which goes on; the server's files
                        // are none of their business.
                        _ if app.bound_to().is_some() => tr.t("confirm-quit-online"),
                        Some(p) => tr.ta(
                            "confirm-quit-recorded",
                            &[("path", p.display().to_string().into())],
                        ),
                        None => tr.t("confirm-quit"),
                    },
                ),
                Confirm::Submit(t) => {
                    let left = app.team_snap().map_or(0, |s| s.view.points_left);
                    let n = app.team_snap().map_or(0, |s| s.view.plan.len());
                    (
                        tr.t("confirm-submit-title"),
                        tr.ta(
                            "confirm-submit",
                            &[
                                ("team", tr.team(*t).into()),
                                ("orders", n.into()),
                                ("left", left.into()),
                            ],
                        ),
                    )
                }
                Confirm::FireNow(i) => (
                    tr.t("confirm-fire-title"),
                    tr.ta("confirm-fire", &[("inject", tr.inject(*i).into())]),
                ),
                Confirm::SendAdHoc => (tr.t("confirm-adhoc-title"), tr.t("confirm-adhoc")),
                Confirm::LeaveUnsubmitted(t) => (
                    tr.t("confirm-leave-title"),
                    tr.ta("confirm-leave", &[("team", tr.team(*t).into())]),
                ),
                Confirm::ForceResolve => {
                    let waiting: Vec<String> = app
                        .fac_snap()
                        .map(|s| {
                            s.view
                                .submitted
                                .iter()
                                .enumerate()
                                .filter(|(_, done)| !**done)
                                .map(|(i, _)| tr.team(jointex_scenario::model::TeamId(i as u16)))
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        tr.t("confirm-resolve-title"),
                        tr.ta("confirm-resolve", &[("teams", waiting.join(", ").into())]),
                    )
                }
            };
            let text = format!("{body}\n\n{}", tr.t("confirm-keys"));
            dialog(buf, area, &title, &text, 56);
        }
        Overlay::OrderMenu { sel } => {
            if let Screen::Team(t) = app.screen()
                && let Some(sc) = app.team_screen(t)
            {
                team::order_menu(&sc, *sel, area, buf);
            }
        }
        Overlay::Prompt { kind, buf: text } => {
            let label = match kind {
                PromptKind::Filter(_) => tr.t("prompt-filter"),
                PromptKind::ShareText(_) => tr.t("prompt-share-text"),
                PromptKind::Request(_) => tr.t("prompt-request"),
                PromptKind::Chat(_) => tr.t("prompt-chat"),
                PromptKind::Deadline => tr.t("prompt-deadline"),
            };
            let w = area.width.min(70);
            let r = Rect::new(
                area.x + (area.width - w) / 2,
                area.bottom().saturating_sub(5),
                w,
                4,
            );
            clear_popup(r, buf);
            let b = block(label, true);
            let inner = b.inner(r);
            b.render(r, buf);
            // Keep the end of the text (where the cursor is) in view.
            let room = inner.width.saturating_sub(2) as usize;
            let mut shown = text.clone();
            while width(&shown) > room {
                shown.remove(0);
            }
            put(
                buf,
                inner.x,
                inner.y,
                inner.width,
                &format!("{shown}▏"),
                Style::new(),
            );
            put(
                buf,
                inner.x,
                inner.y + 1,
                inner.width,
                &tr.t("prompt-keys"),
                style::dim(),
            );
        }
        Overlay::AdHoc(f) => facilitator::adhoc_form(app, f, area, buf),
    }
}

/// A centred box with a title and wrapped text.
pub(crate) fn dialog(buf: &mut Buffer, area: Rect, title: &str, text: &str, w: u16) {
    let w = w.min(area.width.saturating_sub(4));
    let lines = wrap(text, w.saturating_sub(4) as usize);
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    clear_popup(r, buf);
    let b = block(title.to_owned(), true);
    let inner = b.inner(r);
    b.render(r, buf);
    for (i, l) in lines.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        put(
            buf,
            inner.x + 1,
            y,
            inner.width.saturating_sub(1),
            l,
            Style::new(),
        );
    }
}

/// Whether a key binding applies on this console: a player's console (network play) has
/// no seat chooser to hand over to, and one terminal has no clock for planning deadlines.
fn shown(app: &App, b: &crate::keys::Binding) -> bool {
    let bound = app.bound_to().is_some();
    match b.action {
        crate::keys::Action::Back => {
            !(bound && matches!(b.help, "help-hand-over" | "help-back-chooser"))
        }
        crate::keys::Action::Deadline => app.table().borrow().has_clock(),
        _ => true,
    }
}

fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let tables = tables(app.base_context());
    let key_w = tables
        .iter()
        .flat_map(|(_, t)| t.iter())
        .map(|b| {
            width(
                &b.keys
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .max()
        .unwrap_or(6)
        + 4;
    for (heading, table) in tables {
        lines.push(Line::from(Span::styled(tr.t(heading), style::title())));
        for b in table.iter().filter(|b| shown(app, b)) {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            lines.push(Line::from(vec![
                Span::styled(pad(&format!("  {keys}"), key_w), style::key()),
                Span::raw(tr.t(b.help)),
            ]));
        }
        lines.push(Line::default());
    }
    if matches!(app.screen(), Screen::Team(_)) {
        lines.push(Line::from(Span::styled(
            tr.t("legend-title"),
            style::title(),
        )));
        for (sym, id) in team::LEGEND {
            lines.push(Line::from(vec![
                Span::styled(format!("  {sym}  "), team::symbol_style(sym)),
                Span::raw(tr.t(id)),
            ]));
        }
    }
    let w = area.width.saturating_sub(2).min(110);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    clear_popup(r, buf);
    let b = block(tr.t("help-title"), true);
    let inner = b.inner(r);
    b.render(r, buf);
    // Two columns when the keys would not fit in one; wrapped lines hang under the text.
    let rows = inner.height as usize;
    let hang = Some(key_w);
    if wrap_lines(lines.clone(), inner.width as usize, hang).len() <= rows {
        draw_hanging(buf, inner, lines, 0, hang);
    } else {
        let [l, _, rr] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(2),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let wrapped = wrap_lines(lines, l.width as usize, hang);
        let mut split = rows.min(wrapped.len());
        // Break at a heading boundary when one is near.
        if let Some(p) = wrapped[..split].iter().rposition(|l| l.spans.is_empty())
            && p > rows / 2
        {
            split = p + 1;
        }
        let mut left = wrapped;
        let right = left.split_off(split);
        draw_hanging(buf, l, left, 0, hang);
        draw_hanging(buf, rr, right, 0, hang);
    }
}

/// The display width of a line.
fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| width(&s.content)).sum()
}

/// Word-wraps styled lines to `cols` columns by display width: a wide character never
/// straddles the edge, and a word longer than a line is broken between characters.
/// Continuation lines are indented by `hang` columns, or, when `None`, under the text of a
/// bulleted line (`  • text`).
pub(crate) fn wrap_lines(
    lines: Vec<Line<'static>>,
    cols: usize,
    hang: Option<usize>,
) -> Vec<Line<'static>> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for line in lines {
        if line_width(&line) <= cols {
            out.push(line);
            continue;
        }
        let indent = hang.unwrap_or_else(|| bullet_indent(&line)).min(cols / 2);
        let mut cur: Vec<Span<'static>> = Vec::new();
        let mut used = 0usize;
        let mut continuation = false;
        let flush = |cur: &mut Vec<Span<'static>>, out: &mut Vec<Line<'static>>| {
            if let Some(last) = cur.last_mut() {
                let trimmed = last.content.trim_end().to_owned();
                last.content = trimmed.into();
            }
            out.push(Line::from(std::mem::take(cur)));
            if indent > 0 {
                cur.push(Span::raw(" ".repeat(indent)));
            }
        };
        let push = |cur: &mut Vec<Span<'static>>, text: &str, st: Style| match cur.last_mut() {
            Some(last) if last.style == st => {
                let mut s = last.content.to_string();
                s.push_str(text);
                last.content = s.into();
            }
            _ => cur.push(Span::styled(text.to_owned(), st)),
        };
        for span in &line.spans {
            let st = span.style;
            let text = span.content.to_string();
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let is_space = rest.starts_with(' ');
                let end = rest
                    .find(|c: char| (c == ' ') != is_space)
                    .unwrap_or(rest.len());
                let tok = &rest[..end];
                rest = &rest[end..];
                let w = width(tok);
                if is_space {
                    if used == indent && continuation {
                        continue;
                    }
                    if used + w > cols {
                        flush(&mut cur, &mut out);
                        used = indent;
                        continuation = true;
                        continue;
                    }
                    push(&mut cur, tok, st);
                    used += w;
                    continue;
                }
                if used + w > cols && used > indent {
                    flush(&mut cur, &mut out);
                    used = indent;
                    continuation = true;
                }
                if w <= cols {
                    push(&mut cur, tok, st);
                    used += w;
                    continue;
                }
                for c in tok.chars() {
                    let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if used + cw > cols {
                        flush(&mut cur, &mut out);
                        used = indent;
                        continuation = true;
                    }
                    let mut b = [0u8; 4];
                    push(&mut cur, c.encode_utf8(&mut b), st);
                    used += cw;
                }
            }
        }
        if !cur.is_empty() {
            flush(&mut cur, &mut out);
            // `flush` starts the next line with the indent; there is none.
            cur.clear();
        }
    }
    out
}

/// The hanging indent of a bulleted line: its leading blanks, plus a one- or two-column
/// bullet and the blank after it.
fn bullet_indent(line: &Line<'_>) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[lead..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(b), Some(' '))
            if !b.is_alphanumeric()
                && unicode_width::UnicodeWidthChar::width(b).unwrap_or(0) <= 2 =>
        {
            lead + unicode_width::UnicodeWidthChar::width(b).unwrap_or(1) + 1
        }
        _ => lead,
    }
}

/// Draws styled lines, wrapped to the area's width, from line `scroll` on.
pub(crate) fn draw_wrapped(buf: &mut Buffer, area: Rect, lines: Vec<Line<'static>>, scroll: usize) {
    draw_hanging(buf, area, lines, scroll, None);
}

/// Draws styled lines wrapped with a given hanging indent.
pub(crate) fn draw_hanging(
    buf: &mut Buffer,
    area: Rect,
    lines: Vec<Line<'static>>,
    scroll: usize,
    hang: Option<usize>,
) {
    let all = wrap_lines(lines.clone(), area.width as usize, hang);
    // Text longer than the pane gives up its last column to marks saying there is more to
    // scroll to, so nothing is cut off without a sign and no mark hides a letter.
    let overflows = all.len() > area.height as usize && area.width > 1;
    let (lines, text_w) = if overflows {
        let w = area.width - 1;
        (wrap_lines(lines, w as usize, hang), w)
    } else {
        (all, area.width)
    };
    let scroll = scroll.min(lines.len().saturating_sub(1));
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        buf.set_line(area.x, area.y + i as u16, line, text_w);
    }
    if overflows && area.height > 0 {
        let x = area.x + area.width - 1;
        if scroll > 0 {
            buf.set_string(x, area.y, "▲", style::dim());
        }
        if lines.len() > scroll + area.height as usize {
            buf.set_string(x, area.y + area.height - 1, "▼", style::dim());
        }
    }
}

/// Clears the area a popup is drawn on. A wide character (Hangul) just left of it would
/// otherwise still cover the popup's left border when the screen is drawn, and one whose
/// first half is the popup's last column would leave half a glyph beside its right border.
pub(crate) fn clear_popup(r: Rect, buf: &mut Buffer) {
    for y in r.top()..r.bottom() {
        if r.x > buf.area.x {
            let left = (r.x - 1, y);
            if width(buf[left].symbol()) > 1 {
                buf[left].set_symbol(" ");
            }
        }
        if r.right() < buf.area.right() {
            let right = (r.right(), y);
            // The cell after a wide character is its continuation: blank both halves.
            if width(buf[(r.right() - 1, y)].symbol()) > 1 {
                buf[right].set_symbol(" ");
            }
        }
    }
    Clear.render(r, buf);
}

/// Paints every TLP label drawn in `area` in its TLP 2.0 colours, wherever a screen wrote
/// it (lists, messages, the composer, dialogs): one pass after drawing, so no place that
/// shows a marking can forget to colour it.
pub(crate) fn colour_tlp_labels(buf: &mut Buffer, area: Rect) {
    use jointex_scenario::vocab::Tlp;
    // Longest first: TLP:AMBER+STRICT before TLP:AMBER.
    const LABELS: [Tlp; 5] = [
        Tlp::AmberStrict,
        Tlp::Amber,
        Tlp::Red,
        Tlp::Green,
        Tlp::Clear,
    ];
    let area = area.intersection(buf.area);
    // Every label is ASCII, one character per cell: compare cell by cell, in place, since
    // this runs on every cell of every frame.
    let matches = |buf: &Buffer, x: u16, y: u16, label: &str| {
        x as usize + label.len() <= area.right() as usize
            && label.chars().enumerate().all(|(k, c)| {
                let mut tmp = [0u8; 4];
                buf[(x + k as u16, y)].symbol() == c.encode_utf8(&mut tmp)
            })
    };
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            if buf[(x, y)].symbol() != "T" {
                x += 1;
                continue;
            }
            match LABELS.iter().find(|t| matches(buf, x, y, t.label())) {
                Some(t) => {
                    for k in 0..t.label().len() as u16 {
                        buf[(x + k, y)].set_style(style::tlp(*t));
                    }
                    x += t.label().len() as u16;
                }
                None => x += 1,
            }
        }
    }
}

/// A dimmed note, wrapped.
pub(crate) fn note(buf: &mut Buffer, area: Rect, text: String) {
    draw_wrapped(
        buf,
        area,
        vec![Line::from(Span::styled(text, style::dim()))],
        0,
    );
}

/// An objective's rating as a mark and its letter: met (P, S) in the good colour, not met
/// (M, U) in the bad one, not exercised dimmed. The letter keeps it readable in monochrome.
pub(crate) fn rating_span(r: jointex_sim::Rating, indent: &str) -> Span<'static> {
    use jointex_sim::Rating as R;
    let (mark, st) = match r {
        R::P | R::S => ("✓", style::good()),
        R::M | R::U => ("✗", style::bad()),
        R::NotExercised => ("–", style::dim()),
    };
    Span::styled(format!("{indent}{mark} {:<3} ", r.letter()), st)
}

/// The planning deadline in the header: the time left, and when it ends in every nation's
/// local time ("⏱ 12:34 left · due 21:15 EST · 11:15 KST"); or that it has run out.
pub(crate) fn countdown_span(
    tr: &crate::labels::Tr<'_>,
    c: Option<crate::table::Countdown>,
    viewer: Option<jointex_scenario::model::TeamId>,
) -> Option<Span<'static>> {
    let c = c?;
    if c.left <= 0 {
        return Some(Span::styled(
            format!("  ⏱ {}", tr.t("deadline-up")),
            style::bad(),
        ));
    }
    let left = format!("{}:{:02}", c.left / 60, c.left % 60);
    let due = crate::clock::wall_times(tr.s, c.due, viewer);
    let text = tr.ta(
        "deadline-left",
        &[("left", left.into()), ("due", due.into())],
    );
    Some(Span::styled(
        format!("  ⏱ {text}"),
        if c.left < 120 {
            style::bad()
        } else {
            style::warn()
        },
    ))
}

#[cfg(test)]
mod tests {

    #[test]
    fn tlp_labels_take_their_colours_wherever_they_are() {
        use jointex_scenario::vocab::Tlp;
        let area = Rect::new(0, 0, 40, 2);
        let mut buf = Buffer::empty(area);
        buf.set_string(0, 0, "x TLP:AMBER+STRICT · TLP:GREEN", Style::new());
        buf.set_string(0, 1, "TLP:RE no label here TLP:CLEAR", Style::new());
        colour_tlp_labels(&mut buf, area);
        let fg = |x: u16, y: u16| buf[(x, y)].fg;
        assert_eq!(fg(2, 0), style::tlp(Tlp::AmberStrict).fg.expect("a colour"));
        assert_eq!(
            fg(17, 0),
            style::tlp(Tlp::AmberStrict).fg.expect("a colour")
        );
        assert_eq!(fg(21, 0), style::tlp(Tlp::Green).fg.expect("a colour"));
        assert_eq!(
            fg(0, 0),
            ratatui::style::Color::Reset,
            "plain text keeps its colour"
        );
        assert_eq!(
            fg(0, 1),
            ratatui::style::Color::Reset,
            "half a label is no label"
        );
        assert_eq!(fg(22, 1), style::tlp(Tlp::Clear).fg.expect("a colour"));
    }
    use super::*;

    #[test]
    fn bulleted_lines_hang() {
        let line = Line::from("  • one two three four five six");
        let out = wrap_lines(vec![line], 14, None);
        assert_eq!(out.len(), 3);
        let texts: Vec<String> = out
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect())
            .collect();
        assert_eq!(texts, ["  • one two", "    three four", "    five six"]);
        let prose = wrap_lines(vec![Line::from("A word or two more")], 8, None);
        assert_eq!(prose[1].spans[0].content, "or two", "a letter is no bullet");
    }

    #[test]
    fn wraps_styled_hangul_inside_the_width() {
        let line = Line::from(vec![
            Span::raw("• "),
            Span::styled(
                "상황부여 INJ-09 국가사이버안보센터: 국내 메리디언 고객사 전체로 모니터링 확대",
                style::bad(),
            ),
        ]);
        for cols in [10, 20, 38, 78] {
            let out = wrap_lines(vec![line.clone()], cols, Some(0));
            for l in &out {
                assert!(line_width(l) <= cols, "{cols}: {l:?}");
            }
            // Nothing lost or reordered: the same characters, blanks aside.
            let joined: String = out
                .iter()
                .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
                .collect::<String>()
                .replace(' ', "");
            let want = line
                .spans
                .iter()
                .map(|s| s.content.to_string())
                .collect::<String>()
                .replace(' ', "");
            assert_eq!(joined, want);
        }
    }
}
