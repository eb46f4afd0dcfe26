//! The briefing and seat chooser: what every player may read, and who takes the keyboard.
//!
//! Nothing on this screen is private to a team: the scenario's briefing, the teams, the
//! objectives, and whether each team has submitted this turn.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{bar, block, footer, put, style};
use crate::app::{App, ChooserItem, Seat};
use crate::clock::turn_clock;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    let s = app.scenario();
    let lang = tr.lang;
    let items = app.chooser_items();
    let [head, body, chooser, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(items.len() as u16 + 3),
        Constraint::Length(1),
    ])
    .areas(area);
    let caveat = format!("{} · {} ", s.meta.tlp.label(), s.meta.handling.get(lang));
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &format!(" jointex · {}", s.meta.title.get(lang)),
        style::bar().add_modifier(ratatui::style::Modifier::BOLD),
    );
    let cw = super::width(&caveat) as u16;
    if cw < head.width / 2 {
        put(buf, head.right() - cw, head.y, cw, &caveat, style::bar());
    }

    let mut lines: Vec<Line<'static>> = vec![
        Line::from(Span::styled(
            tr.ta(
                "briefing-handling",
                &[
                    ("handling", s.meta.handling.get(lang).to_owned().into()),
                    ("tlp", s.meta.tlp.label().into()),
                    ("version", s.meta.version.clone().into()),
                ],
            ),
            style::warn(),
        )),
        match app.record_path() {
            Some(p) => Line::from(Span::styled(
                tr.ta("record-on", &[("path", p.display().to_string().into())]),
                style::dim(),
            )),
            None => Line::from(Span::styled(tr.t("record-off"), style::warn())),
        },
        Line::default(),
        Line::from(Span::styled(tr.t("briefing-situation"), style::title())),
        Line::from(s.meta.summary.get(lang).to_owned()),
        Line::default(),
        Line::from(Span::styled(tr.t("briefing-teams"), style::title())),
    ];
    for t in &s.teams {
        lines.push(Line::from(format!(
            "  {} · {} — {}",
            t.cert.get(lang),
            t.name.get(lang),
            tr.ta(
                "briefing-team-line",
                &[
                    ("zone", t.time_zone_name.clone().into()),
                    ("points", t.action_points.into()),
                    (
                        "lang",
                        tr.t(match t.language {
                            jointex_scenario::Lang::En => "lang-en",
                            jointex_scenario::Lang::Ko => "lang-ko",
                        })
                        .into()
                    ),
                ],
            )
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        tr.t("briefing-duration"),
        style::title(),
    )));
    lines.push(Line::from(format!(
        "  {}",
        tr.ta(
            "briefing-duration-line",
            &[
                ("turns", s.clock.turns.into()),
                ("minutes", s.clock.turn_minutes.into()),
                ("start", turn_clock(s, 1, None).into()),
            ],
        )
    )));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        tr.t("briefing-objectives"),
        style::title(),
    )));
    for o in &s.objectives {
        let who = o
            .team
            .map_or_else(|| tr.t("objective-joint"), |t| tr.team(t));
        lines.push(Line::from(vec![
            Span::raw(format!("  • {} ", o.text.get(lang))),
            Span::styled(
                format!("({who} · {})", tr.capability(o.capability)),
                style::dim(),
            ),
        ]));
    }
    let b = block(format!("{} · PgUp/PgDn", tr.t("briefing-title")), false);
    let inner = b.inner(body);
    b.render(body, buf);
    super::draw_wrapped(buf, inner, lines, app.ui.briefing_scroll);

    let ex = app.exercise();
    let view_submitted = app.submitted();
    let status = if ex.is_over() {
        tr.t("status-over")
    } else {
        tr.ta(
            "chooser-status",
            &[
                ("turn", ex.turn().into()),
                ("turns", s.clock.turns.into()),
                ("done", view_submitted.iter().filter(|x| **x).count().into()),
                ("teams", s.teams.len().into()),
            ],
        )
    };
    let b = block(format!("{} · {status}", tr.t("chooser-title")), true);
    let inner = b.inner(chooser);
    b.render(chooser, buf);
    for (i, item) in items.iter().enumerate() {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        let (name, note, note_style) = match item {
            ChooserItem::Seat(Seat::Facilitator) => (
                tr.t("seat-facilitator"),
                tr.t("seat-facilitator-note"),
                style::dim(),
            ),
            ChooserItem::Seat(Seat::Team(t)) => {
                let done = view_submitted.get(t.index()).copied().unwrap_or(false);
                (
                    format!("{} · {}", tr.team(*t), tr.nation(*t)),
                    if ex.is_over() {
                        tr.t("seat-review")
                    } else if done {
                        format!("✓ {}", tr.t("seat-submitted"))
                    } else {
                        format!("… {}", tr.t("seat-planning"))
                    },
                    if done { style::good() } else { style::warn() },
                )
            }
            ChooserItem::Summary => (tr.t("seat-summary"), String::new(), style::dim()),
        };
        let selected = i == app.ui.chooser;
        let marker = if selected { "▶ " } else { "  " };
        let w = inner.width as usize;
        let note_w = super::width(&note).min(w / 2);
        let name_w = w.saturating_sub(note_w + 3);
        let st = if selected {
            style::selected()
        } else {
            Style::new()
        };
        put(
            buf,
            inner.x,
            y,
            inner.width,
            &super::pad(&format!("{marker}{name}"), name_w),
            st,
        );
        put(
            buf,
            inner.x + name_w as u16 + 1,
            y,
            note_w as u16 + 2,
            &note,
            note_style,
        );
    }
    footer(app, foot, buf);
}
