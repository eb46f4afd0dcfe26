//! The screens between turns: the handover, a turn's results, and the closing summary.
//!
//! The handover shows one sentence and nothing else, so a team never sees what the previous
//! seat left on screen. A team's results list only the events its view may see.

use jointex_scenario::model::TeamId;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{bar, block, footer, put, style, width};
use crate::app::{App, Seat};

pub(super) fn handover(app: &App, t: TeamId, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    let lines = [
        (
            tr.ta("handover", &[("team", tr.team(t).into())]),
            style::title(),
        ),
        (String::new(), style::dim()),
        (tr.t("handover-ready"), style::dim()),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, (text, st)) in lines.iter().enumerate() {
        let w = (width(text) as u16).min(area.width);
        put(
            buf,
            area.x + (area.width - w) / 2,
            top + i as u16,
            w,
            text,
            *st,
        );
    }
}

pub(super) fn render(app: &App, seat: Seat, area: Rect, buf: &mut Buffer) {
    // A team's results name things through the team's projection of the scenario.
    let team_screen = match seat {
        Seat::Team(t) => app.team_screen(t),
        Seat::Facilitator => None,
    };
    let tr = team_screen.map_or_else(|| app.tr(), |sc| sc.tr);
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let (who, events, turn, viewer) = match seat {
        Seat::Team(t) => {
            let Some(s) = team_screen.map(|sc| sc.snap) else {
                return;
            };
            (tr.team(t), &s.results, s.resolved, Some(t))
        }
        Seat::Facilitator => {
            let Some(s) = app.fac_snap() else {
                return;
            };
            (tr.t("seat-facilitator"), &s.results, s.resolved, None)
        }
    };
    let turn = turn.unwrap_or(0);
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &format!(
            " {} · {who}",
            tr.ta("results-title", &[("turn", turn.into())])
        ),
        style::bar().add_modifier(Modifier::BOLD),
    );
    let shown: Vec<&jointex_sim::Event> = events
        .iter()
        .filter(|e| !matches!(e, jointex_sim::Event::TurnEnded { .. }))
        .collect();
    let b = block(
        tr.ta("results-count", &[("count", shown.len().into())]),
        true,
    );
    let inner = b.inner(body);
    b.render(body, buf);
    let mut lines: Vec<Line<'static>> = shown
        .iter()
        .map(|e| {
            let st = event_style(e);
            Line::from(vec![Span::styled("• ", st), Span::raw(tr.event(e, viewer))])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            tr.t("results-nothing"),
            style::dim(),
        )));
    }
    let next = if app.exercise().is_over() && viewer.is_none() {
        tr.t("results-next-summary")
    } else if viewer.is_some() {
        tr.t("results-next-console")
    } else {
        tr.t("results-next-chooser")
    };
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(next, style::key())));
    let scroll = app.ui.results_scroll;
    super::draw_wrapped(buf, inner, lines, scroll);
    footer(app, foot, buf);
}

fn event_style(e: &jointex_sim::Event) -> ratatui::style::Style {
    use jointex_sim::Event as E;
    match e {
        E::Compromised { .. }
        | E::ImpactApplied { .. }
        | E::OrderRefused { .. }
        | E::TlpViolated { .. }
        | E::ExpectedMissed { .. } => style::bad(),
        E::Detected { .. } | E::Investigated { .. } | E::InjectFired { .. } => style::warn(),
        E::JointOperationSucceeded { .. } | E::Restored { .. } | E::ExpectedMet { .. } => {
            style::good()
        }
        _ => style::info(),
    }
}

pub(super) fn summary(app: &App, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    let Some(snap) = app.fac_snap() else {
        return;
    };
    let s = app.scenario();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &format!(" {} · {}", tr.t("summary-title"), s.meta.title.get(tr.lang)),
        style::bar().add_modifier(Modifier::BOLD),
    );
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.push(Line::from(Span::styled(
        if snap.view.over {
            tr.ta("summary-over", &[("turns", s.clock.turns.into())])
        } else {
            tr.ta("summary-not-over", &[("turn", snap.view.turn.into())])
        },
        style::title(),
    )));
    lines.push(Line::default());
    let objectives = &snap.evaluation.objectives;
    let met = objectives.iter().filter(|r| r.rating.met()).count();
    lines.push(Line::from(Span::styled(
        tr.ta(
            "eval-objectives",
            &[("met", met.into()), ("count", objectives.len().into())],
        ),
        style::title(),
    )));
    for r in objectives {
        let o = &s.objectives[r.objective.index()];
        lines.push(Line::from(vec![
            super::rating_span(r.rating, "  "),
            Span::raw(o.text.get(tr.lang).to_owned()),
        ]));
    }
    lines.push(Line::default());
    for (t, m) in snap.view.metrics.iter().enumerate() {
        let team = TeamId(t as u16);
        lines.push(Line::from(Span::styled(
            format!("{} · {}", tr.team(team), tr.nation(team)),
            style::title().add_modifier(Modifier::UNDERLINED),
        )));
        lines.extend(super::team::metrics_lines(&tr, m));
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        tr.t("summary-campaigns"),
        style::title(),
    )));
    for c in &snap.view.campaigns {
        let actor = &s.actors[c.actor.index()];
        lines.push(Line::from(format!(
            "  {} · {} — {}",
            actor.name.get(tr.lang),
            actor.campaigns[c.campaign as usize].name.get(tr.lang),
            tr.t(&format!("campaign-{}", c.status.key()))
        )));
    }
    lines.push(Line::default());
    if let Some(p) = app.record_path() {
        lines.push(Line::from(Span::styled(
            tr.ta(
                "summary-report",
                &[("path", p.display().to_string().into())],
            ),
            style::title(),
        )));
    }
    lines.push(Line::from(Span::styled(
        tr.t("summary-hotwash"),
        style::dim(),
    )));
    let b = block(tr.t("summary-block"), true);
    let inner = b.inner(body);
    b.render(body, buf);
    let scroll = app.ui.results_scroll;
    super::draw_wrapped(buf, inner, lines, scroll);
    footer(app, foot, buf);
}
