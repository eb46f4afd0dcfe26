//! The scenario picker: the shipped scenarios, the default first, and what each one is
//! about, before anyone takes a seat (`jointex play` with no scenario).
//!
//! Everything here is public briefing material: titles, synopses, length and teams.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{bar, block, footer, put, style};
use crate::app::App;
use crate::clock::turn_clock;
use crate::labels::Tr;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(p) = app.picker() else {
        return;
    };
    let tr = app.tr();
    let lang = tr.lang;
    let rows = p.entries.len().min(10) as u16;
    let [head, list, detail, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(rows + 2),
        Constraint::Min(6),
        Constraint::Length(1),
    ])
    .areas(area);
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &format!(" jointex · {}", tr.t("picker-title")),
        style::bar().add_modifier(Modifier::BOLD),
    );
    let count = tr.ta("picker-count", &[("count", p.entries.len().into())]);
    let cw = super::width(&count) as u16 + 1;
    if cw < head.width / 2 {
        put(buf, head.right() - cw, head.y, cw, &count, style::bar());
    }

    let b = block(tr.t("picker-list"), true);
    let inner = b.inner(list);
    b.render(list, buf);
    let first = super::window(p.sel, p.entries.len(), inner.height as usize);
    for (row, (i, e)) in p
        .entries
        .iter()
        .enumerate()
        .skip(first)
        .take(inner.height as usize)
        .enumerate()
    {
        let s = &e.scenario;
        let y = inner.y + row as u16;
        let selected = i == p.sel;
        let mut note = tr.ta("picker-turns", &[("turns", s.clock.turns.into())]);
        if i == 0 {
            note = format!("{} · {note}", tr.t("picker-default"));
        }
        let w = inner.width as usize;
        let note_w = super::width(&note).min(w / 3);
        let name_w = w.saturating_sub(note_w + 2);
        let marker = if selected { "▶ " } else { "  " };
        let st = if selected {
            style::selected()
        } else {
            Style::new()
        };
        put(
            buf,
            inner.x,
            y,
            name_w as u16,
            &super::pad(&format!("{marker}{}", s.meta.title.get(lang)), name_w),
            st,
        );
        put(
            buf,
            inner.x + name_w as u16 + 1,
            y,
            note_w as u16 + 1,
            &note,
            style::dim(),
        );
    }

    if let Some(e) = p.entries.get(p.sel) {
        let s = &e.scenario;
        let t = Tr { s, ..tr };
        // Length, teams and file first, so they show at 80×24; the synopsis fills the rest.
        let teams: Vec<String> = s
            .teams
            .iter()
            .map(|team| format!("{} · {}", team.cert.get(lang), team.name.get(lang)))
            .collect();
        let lines: Vec<Line<'static>> = vec![
            Line::from(t.ta(
                "briefing-duration-line",
                &[
                    ("turns", s.clock.turns.into()),
                    ("minutes", s.clock.turn_minutes.into()),
                    ("start", turn_clock(s, 1, None).into()),
                ],
            )),
            Line::from(vec![
                Span::styled(format!("{}: ", t.t("briefing-teams")), style::title()),
                Span::raw(teams.join("; ")),
            ]),
            Line::from(Span::styled(
                t.ta(
                    "picker-file",
                    &[
                        ("file", format!("scenarios/{}", e.file).into()),
                        ("version", s.meta.version.clone().into()),
                        ("tlp", s.meta.tlp.label().into()),
                    ],
                ),
                style::dim(),
            )),
            Line::default(),
            Line::from(Span::styled(t.t("picker-synopsis"), style::title())),
            Line::from(s.meta.summary.get(lang).to_owned()),
        ];
        let b = block(s.meta.title.get(lang).to_owned(), false);
        let inner = b.inner(detail);
        b.render(detail, buf);
        super::draw_wrapped(buf, inner, lines, 0);
    }
    footer(app, foot, buf);
}
