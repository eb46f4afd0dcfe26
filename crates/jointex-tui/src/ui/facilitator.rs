//! The facilitator console: ground truth for both nations, the adversary's progress, the
//! MSEL with hold / release / fire / ad-hoc injects, the teams' submissions, and the
//! evaluation dashboard.

use jointex_scenario::model::{Audience, TeamId, Trigger};
use jointex_sim::CampaignStatus;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Sparkline, Widget};

use super::{bar, block, footer, pad, put, put_line, style, tabs, width, window};
use crate::app::{AdHocForm, App, FacSnap, FacTab};
use crate::clock::turn_clock;
use crate::labels::Tr;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(snap) = app.fac_snap() else {
        return;
    };
    let tr = app.tr();
    let [head, clock, tabline, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    header(app, &tr, snap, head, clock, buf);
    let labels = [
        tr.t("tab-truth"),
        tr.t("tab-adversary"),
        tr.t("tab-msel"),
        tr.t("tab-teams"),
        tr.t("tab-evaluation"),
    ];
    let cur = FacTab::ALL
        .iter()
        .position(|x| *x == app.ui.fac.tab)
        .unwrap_or(0);
    tabs(buf, tabline, &labels, cur);
    match app.ui.fac.tab {
        FacTab::Truth => truth(app, &tr, snap, body, buf),
        FacTab::Adversary => adversary(app, &tr, snap, body, buf),
        FacTab::Msel => msel(app, &tr, snap, body, buf),
        FacTab::Teams => teams(&tr, snap, body, buf),
        FacTab::Evaluation => evaluation(app, &tr, snap, body, buf),
    }
    footer(app, foot, buf);
}

/// The phase word of the turn for the facilitator.
pub(super) fn fac_phase(tr: &Tr<'_>, snap: &FacSnap) -> (String, Style) {
    let done = snap.view.submitted.iter().filter(|x| **x).count();
    let all = snap.view.submitted.len();
    if snap.view.over {
        (tr.t("phase-over"), style::good())
    } else if done == all {
        (tr.t("phase-ready"), style::good())
    } else {
        (
            tr.ta(
                "phase-fac-planning",
                &[("done", done.into()), ("teams", all.into())],
            ),
            style::warn(),
        )
    }
}

fn header(app: &App, tr: &Tr<'_>, snap: &FacSnap, head: Rect, clock: Rect, buf: &mut Buffer) {
    let s = app.scenario();
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &match app.record_path() {
            Some(p) => format!(
                " {} · {} · {}",
                tr.t("seat-facilitator"),
                tr.ta("record-short", &[("file", p.display().to_string().into())]),
                s.meta.title.get(tr.lang)
            ),
            None => format!(
                " {} · {}",
                tr.t("seat-facilitator"),
                s.meta.title.get(tr.lang)
            ),
        },
        style::bar().add_modifier(Modifier::BOLD),
    );
    let (phase, phase_style) = fac_phase(tr, snap);
    let mut spans = vec![
        Span::styled(
            format!(
                " {} · ",
                tr.ta(
                    "header-turn",
                    &[
                        ("turn", snap.view.turn.into()),
                        ("turns", s.clock.turns.into())
                    ]
                )
            ),
            style::title(),
        ),
        Span::styled(phase, phase_style),
        Span::raw(format!(" · {}", turn_clock(s, snap.view.turn, None))),
    ];
    if snap.view.paused {
        spans.push(Span::styled(
            format!("  ‖ {}", tr.t("paused")),
            style::bad(),
        ));
    }
    spans.extend(super::countdown_span(tr, snap.countdown, None));
    put_line(buf, clock, clock.y, &Line::from(spans));
}

fn truth(app: &App, tr: &Tr<'_>, snap: &FacSnap, area: Rect, buf: &mut Buffer) {
    let s = app.scenario();
    let v = &snap.view;
    let n = s.teams.len();
    let [sum, list] =
        Layout::vertical([Constraint::Length(n as u16 + 2), Constraint::Min(3)]).areas(area);
    let b = block(tr.t("truth-summary"), false);
    let inner = b.inner(sum);
    b.render(sum, buf);
    for t in 0..n {
        let team = TeamId(t as u16);
        let own = |a: &&jointex_sim::AssetTruth| s.asset(a.asset).owner == team;
        let held = v
            .assets
            .iter()
            .filter(own)
            .filter(|a| a.held_by.is_some())
            .count();
        let undetected = v
            .assets
            .iter()
            .filter(own)
            .filter(|a| a.held_by.is_some() && a.beliefs.is_empty())
            .count();
        let down = v
            .assets
            .iter()
            .filter(own)
            .filter(|a| a.service == jointex_sim::ServiceState::Down)
            .count();
        let isolated = v.assets.iter().filter(own).filter(|a| a.isolated).count();
        let total = s.assets.iter().filter(|a| a.owner == team).count();
        let text = tr.ta(
            "truth-nation",
            &[
                ("nation", tr.nation(team).into()),
                ("total", total.into()),
                ("held", held.into()),
                ("undetected", undetected.into()),
                ("down", down.into()),
                ("isolated", isolated.into()),
            ],
        );
        put(
            buf,
            inner.x + 1,
            inner.y + t as u16,
            inner.width - 1,
            &text,
            Style::new(),
        );
    }
    let b = block(
        tr.ta("truth-title", &[("count", v.assets.len().into())]),
        true,
    );
    let inner = b.inner(list);
    b.render(list, buf);
    if v.assets.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            &tr.t("truth-empty"),
            style::dim(),
        );
        return;
    }
    let h = inner.height as usize;
    let sel = app.ui.fac.truth_scroll.min(v.assets.len() - 1);
    let start = window(sel, v.assets.len(), h);
    let w = inner.width as usize;
    let longest = v
        .assets
        .iter()
        .map(|a| width(&s.asset(a.asset).key))
        .max()
        .unwrap_or(8);
    let key_w = (longest + 1).min(w / 3);
    for (i, a) in v.assets.iter().enumerate().skip(start).take(h) {
        let y = inner.y + (i - start) as u16;
        let asset = s.asset(a.asset);
        let nation = &s.team(asset.owner).nation;
        let held = match a.held_by {
            Some(actor) => format!(
                "{}{}",
                tr.actor(actor),
                if a.persistent {
                    format!(" ({})", tr.t("truth-persistent"))
                } else {
                    String::new()
                }
            ),
            None => "—".to_owned(),
        };
        let beliefs: Vec<String> = a.beliefs.iter().map(|(_, b)| tr.belief(*b)).collect();
        let mut spans = vec![
            Span::raw(format!("{nation:<3}")),
            if a.held_by.is_some() {
                Span::styled("● ", style::bad())
            } else {
                Span::styled("· ", style::dim())
            },
            Span::styled(if a.isolated { "■" } else { " " }, style::info()),
            match a.service {
                jointex_sim::ServiceState::Down => Span::styled("▼ ", style::bad()),
                jointex_sim::ServiceState::Degraded => Span::styled("◐ ", style::warn()),
                jointex_sim::ServiceState::Up => Span::raw("  "),
            },
            Span::raw(pad(&asset.key, key_w)),
            Span::raw(" "),
            Span::styled(pad(&held, 22.min(w / 4)), style::bad()),
            Span::raw(" "),
            Span::styled(
                if beliefs.is_empty() {
                    tr.t("truth-unseen")
                } else {
                    beliefs.join(", ")
                },
                style::dim(),
            ),
        ];
        if i == sel {
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            spans = vec![Span::styled(pad(&text, w), style::selected())];
        }
        put_line(buf, inner, y, &Line::from(spans));
    }
}

fn adversary(app: &App, tr: &Tr<'_>, snap: &FacSnap, area: Rect, buf: &mut Buffer) {
    let s = app.scenario();
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let b = block(tr.t("adversary-title"), true);
    let inner = b.inner(left);
    b.render(left, buf);
    let camps = &snap.view.campaigns;
    let sel = app.ui.fac.camp_sel.min(camps.len().saturating_sub(1));
    for (i, c) in camps.iter().enumerate().take(inner.height as usize) {
        let actor = &s.actors[c.actor.index()];
        let camp = &actor.campaigns[c.campaign as usize];
        let status = tr.t(&format!("campaign-{}", c.status.key()));
        let text = format!(
            "{} · {} · {}",
            pad(&status, 8),
            actor.name.get(tr.lang),
            camp.name.get(tr.lang)
        );
        let st = if i == sel {
            style::selected()
        } else {
            match c.status {
                CampaignStatus::Active => style::bad(),
                CampaignStatus::Disrupted | CampaignStatus::Stalled => style::good(),
                CampaignStatus::Dormant | CampaignStatus::Done => Style::new(),
            }
        };
        put(
            buf,
            inner.x,
            inner.y + i as u16,
            inner.width,
            &pad(&text, inner.width as usize),
            st,
        );
    }
    let Some(c) = camps.get(sel) else {
        return;
    };
    let actor = &s.actors[c.actor.index()];
    let camp = &actor.campaigns[c.campaign as usize];
    let b = block(camp.name.get(tr.lang).to_owned(), false);
    let inner = b.inner(right);
    b.render(right, buf);
    let current = c
        .stage
        .and_then(|st| camp.stages.iter().position(|x| *x == st));
    let mut lines = vec![Line::from(Span::styled(
        actor.description.get(tr.lang).to_owned(),
        style::dim(),
    ))];
    lines.push(Line::default());
    for (i, st_id) in camp.stages.iter().enumerate() {
        let st = &actor.stages[st_id.index()];
        let (mark, mst) = match (c.status, current) {
            (CampaignStatus::Done, _) => ("✓", style::good()),
            (_, Some(cur)) if i < cur => ("✓", style::good()),
            (CampaignStatus::Stalled, Some(cur)) if i == cur => ("✗", style::good()),
            (_, Some(cur)) if i == cur => ("▶", style::bad()),
            _ => ("·", style::dim()),
        };
        let attempts = if Some(i) == current {
            format!(" {}/{}", c.attempts, st.attempts)
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), mst),
            Span::raw(format!("{} ", st.key)),
            Span::styled(
                format!(
                    "{} · {} · {:.0}%{attempts}",
                    tr.phase(st.phase),
                    st.technique,
                    st.success * 100.0
                ),
                style::dim(),
            ),
        ]));
    }
    super::draw_wrapped(buf, inner, lines, 0);
}

fn trigger_text(tr: &Tr<'_>, t: &Trigger) -> String {
    let key = |i: jointex_scenario::model::InjectId| {
        tr.s.injects.get(i.index()).map_or("?", |x| x.key.as_str())
    };
    match t {
        Trigger::AtTurn(n) => format!("T{n}"),
        Trigger::After { inject, delay } => format!("{}+{delay}", key(*inject)),
        Trigger::When(_) => tr.t("trigger-when"),
        Trigger::Missed { inject, by_turn } => tr.ta(
            "trigger-missed",
            &[("inject", key(*inject).into()), ("turn", (*by_turn).into())],
        ),
    }
}

fn audience_text(tr: &Tr<'_>, a: &Audience) -> String {
    match a {
        Audience::All => tr.t("audience-all"),
        Audience::Team(t) => tr.s.team(*t).nation.clone(),
        Audience::Role(t, r) => format!(
            "{} {}",
            tr.s.team(*t).nation,
            tr.t(&format!("role-{}", r.name()))
        ),
        Audience::Facilitator => "EXCON".to_owned(),
    }
}

fn msel(app: &App, tr: &Tr<'_>, snap: &FacSnap, area: Rect, buf: &mut Buffer) {
    let s = app.scenario();
    let [list, detail] = Layout::vertical([Constraint::Min(5), Constraint::Length(8)]).areas(area);
    let injects = &snap.view.injects;
    let fired = injects.iter().filter(|i| i.fired.is_some()).count();
    let held = injects
        .iter()
        .filter(|i| i.held && i.fired.is_none())
        .count();
    let b = block(
        tr.ta(
            "msel-title",
            &[
                ("count", injects.len().into()),
                ("fired", fired.into()),
                ("held", held.into()),
            ],
        ),
        true,
    );
    let inner = b.inner(list);
    b.render(list, buf);
    // Column widths: state, trigger, audience, channel; the subject takes the rest.
    const STATE: usize = 11;
    const TRIGGER: usize = 14;
    const TO: usize = 12;
    const CHANNEL: usize = 15;
    let key_w = s
        .injects
        .iter()
        .map(|i| width(&i.key))
        .max()
        .unwrap_or(4)
        .max(6)
        + 1;
    let w = inner.width as usize;
    let rest = w.saturating_sub(key_w + STATE + TRIGGER + TO + CHANNEL);
    let col = |text: &str, w: usize| format!("{} ", pad(text, w - 1));
    let header: String = [
        col(&tr.t("msel-col-inject"), key_w),
        col(&tr.t("msel-col-state"), STATE),
        col(&tr.t("msel-col-trigger"), TRIGGER),
        col(&tr.t("msel-col-to"), TO),
        col(&tr.t("msel-col-channel"), CHANNEL),
        pad(&tr.t("msel-col-subject"), rest),
    ]
    .concat();
    put(buf, inner.x, inner.y, inner.width, &header, style::title());
    let inner = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let h = inner.height as usize;
    // The scripted injects, then the ad-hoc ones the facilitator has sent, in order.
    let rows = injects.len() + snap.view.adhoc.len();
    let sel = app.ui.fac.msel_sel.min(rows.saturating_sub(1));
    let start = window(sel, rows, h);
    for (i, ad) in snap.view.adhoc.iter().enumerate() {
        let row = injects.len() + i;
        if row < start || row >= start + h {
            continue;
        }
        let to = ad
            .inject
            .to
            .map_or_else(|| tr.t("audience-all"), |t| s.team(t).nation.clone());
        let mut spans = vec![
            Span::raw(col(&format!("AD-{}", ad.number + 1), key_w)),
            Span::styled(
                col(&tr.ta("msel-fired", &[("turn", ad.turn.into())]), STATE),
                style::dim(),
            ),
            Span::raw(col(&tr.t("msel-adhoc"), TRIGGER)),
            Span::raw(col(&to, TO)),
            Span::styled(col(&tr.channel(ad.inject.channel), CHANNEL), style::dim()),
            Span::raw(pad(ad.inject.title.get(tr.lang), rest)),
        ];
        if row == sel {
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            spans = vec![Span::styled(pad(&text, w), style::selected())];
        }
        put_line(
            buf,
            inner,
            inner.y + (row - start) as u16,
            &Line::from(spans),
        );
    }
    for (i, iv) in injects.iter().enumerate().skip(start).take(h) {
        let inj = &s.injects[iv.inject.index()];
        // An inject whose turn has come (released late, or after one that fired) fires when
        // the next turn opens: say so rather than "upcoming".
        let due = match inj.trigger {
            Trigger::AtTurn(t) => t <= snap.view.turn,
            Trigger::After { inject, delay } => injects
                .get(inject.index())
                .and_then(|x| x.fired)
                .is_some_and(|f| f.saturating_add(delay) <= snap.view.turn),
            _ => false,
        };
        let (state, st) = match (iv.fired, iv.held) {
            (Some(t), _) => (tr.ta("msel-fired", &[("turn", t.into())]), style::dim()),
            (None, true) => (tr.t("msel-held"), style::warn()),
            (None, false) if due && !snap.view.over => (
                tr.ta("msel-due", &[("turn", (snap.view.turn + 1).into())]),
                style::info(),
            ),
            (None, false) => (tr.t("msel-upcoming"), Style::new()),
        };
        // Each column ends in a blank, so a full cell never runs into the next.
        let mut spans = vec![
            Span::raw(col(&inj.key, key_w)),
            Span::styled(col(&state, STATE), st),
            Span::raw(col(&trigger_text(tr, &inj.trigger), TRIGGER)),
            Span::raw(col(&audience_text(tr, &inj.to), TO)),
            Span::styled(col(&tr.channel(inj.channel), CHANNEL), style::dim()),
            Span::raw(pad(inj.title.get(tr.lang), rest)),
        ];
        if i == sel {
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            spans = vec![Span::styled(pad(&text, w), style::selected())];
        }
        put_line(buf, inner, inner.y + (i - start) as u16, &Line::from(spans));
    }
    if let Some(ad) = sel
        .checked_sub(injects.len())
        .and_then(|i| snap.view.adhoc.get(i))
    {
        let b = block(
            format!("AD-{} · {}", ad.number + 1, ad.inject.title.get(tr.lang)),
            false,
        );
        let inner = b.inner(detail);
        b.render(detail, buf);
        let lines = vec![Line::from(ad.inject.text.get(tr.lang).to_owned())];
        super::draw_wrapped(buf, inner, lines, app.ui.fac.detail_scroll);
        return;
    }
    let Some(iv) = injects.get(sel) else {
        return;
    };
    let inj = &s.injects[iv.inject.index()];
    let b = block(format!("{} · {}", inj.key, inj.title.get(tr.lang)), false);
    let inner = b.inner(detail);
    b.render(detail, buf);
    let mut lines = vec![Line::from(inj.text.get(tr.lang).to_owned())];
    if !inj.expected.is_empty() {
        let exp: Vec<String> = (0..inj.expected.len())
            .map(|i| tr.expected(iv.inject, i))
            .collect();
        lines.push(Line::from(Span::styled(
            format!("{}: {}", tr.t("msel-expected"), exp.join("; ")),
            style::info(),
        )));
    }
    super::draw_wrapped(buf, inner, lines, app.ui.fac.detail_scroll);
}

fn teams(tr: &Tr<'_>, snap: &FacSnap, area: Rect, buf: &mut Buffer) {
    let b = block(tr.t("teams-title"), true);
    let inner = b.inner(area);
    b.render(area, buf);
    let mut lines = Vec::new();
    for (i, done) in snap.view.submitted.iter().enumerate() {
        let t = TeamId(i as u16);
        let (n, spent, points) = snap.plans.get(i).copied().unwrap_or((0, 0, 0));
        lines.push(Line::from(Span::styled(
            format!("{} · {}", tr.team(t), tr.nation(t)),
            style::title(),
        )));
        lines.push(Line::from(vec![
            Span::raw("  "),
            if *done {
                Span::styled(format!("✓ {}", tr.t("seat-submitted")), style::good())
            } else {
                Span::styled(format!("… {}", tr.t("seat-planning")), style::warn())
            },
            Span::raw(format!(
                " · {}",
                tr.ta(
                    "teams-plan",
                    &[
                        ("orders", n.into()),
                        ("spent", spent.into()),
                        ("points", points.into())
                    ]
                )
            )),
        ]));
        // The plan itself, so the white cell can see it before resolving.
        if let Some(v) = snap.teams.get(i) {
            let by = snap.proposers.get(i);
            for (n, o) in v.plan.iter().enumerate() {
                let mut spans = vec![
                    Span::styled(format!("    {}. ", n + 1), style::dim()),
                    Span::raw(format!("{} ({} AP)", tr.order(o), o.cost())),
                ];
                if let Some(Some(name)) = by.and_then(|b| b.get(n)) {
                    spans.push(Span::styled(format!(" · {name}"), style::dim()));
                }
                lines.push(Line::from(spans));
            }
        }
        let here: Vec<String> = snap
            .present
            .iter()
            .filter(|p| p.seat == jointex_sim::Seat::Team(t))
            .map(present_name)
            .collect();
        if !here.is_empty() {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    tr.ta("teams-connected", &[("who", here.join(", ").into())]),
                    style::info(),
                ),
            ]));
        }
        if let Some(req) = snap.requests.get(i)
            && !req.is_empty()
        {
            let names: Vec<String> = req.iter().map(|x| tr.team(*x)).collect();
            lines.push(Line::from(format!(
                "  {}",
                tr.ta("teams-asked", &[("teams", names.join(", ").into())])
            )));
        }
        lines.push(Line::default());
    }
    let cell: Vec<String> = snap
        .present
        .iter()
        .filter(|p| p.seat == jointex_sim::Seat::Facilitator)
        .map(present_name)
        .collect();
    if !cell.is_empty() {
        lines.push(Line::from(Span::styled(
            tr.ta("teams-white-cell", &[("who", cell.join(", ").into())]),
            style::info(),
        )));
        lines.push(Line::default());
    }
    lines.push(Line::from(vec![
        Span::styled("v ", style::key()),
        Span::raw(tr.t(if snap.view.violations_allowed {
            "teams-violations-allowed"
        } else {
            "teams-violations-refused"
        })),
    ]));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        tr.t("teams-resolve-hint"),
        style::dim(),
    )));
    super::draw_wrapped(buf, inner, lines, 0);
}

fn evaluation(app: &App, tr: &Tr<'_>, snap: &FacSnap, area: Rect, buf: &mut Buffer) {
    let s = app.scenario();
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let n = s.teams.len();
    let spark_h = (n as u16 * 3 + 2).min(left.height / 2);
    let [objs, sparks] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(spark_h)]).areas(left);
    let objectives = &snap.evaluation.objectives;
    let met = objectives.iter().filter(|r| r.rating.met()).count();
    let b = block(
        tr.ta(
            "eval-objectives",
            &[("met", met.into()), ("count", objectives.len().into())],
        ),
        false,
    );
    let inner = b.inner(objs);
    b.render(objs, buf);
    let mut lines = Vec::new();
    for r in objectives {
        let o = &s.objectives[r.objective.index()];
        let who = o
            .team
            .map_or_else(|| tr.t("objective-joint"), |t| s.team(t).nation.clone());
        lines.push(Line::from(vec![
            super::rating_span(r.rating, ""),
            Span::raw(format!("{} ", o.text.get(tr.lang))),
            Span::styled(format!("({who})"), style::dim()),
        ]));
    }
    super::draw_wrapped(buf, inner, lines, app.ui.fac.eval_scroll);
    let b = block(tr.t("eval-trends"), false);
    let inner = b.inner(sparks);
    b.render(sparks, buf);
    let hist = app.history();
    let mut y = inner.y;
    let label_w = 14u16.min(inner.width / 3);
    for t in 0..n {
        let nation = &s.team(TeamId(t as u16)).nation;
        for (id, data, max) in [
            (
                "eval-availability",
                hist.iter().map(|h| h.availability[t]).collect::<Vec<u64>>(),
                Some(1000),
            ),
            ("eval-held", hist.iter().map(|h| h.held[t]).collect(), None),
            (
                "eval-flagged",
                hist.iter().map(|h| h.flagged[t]).collect(),
                None,
            ),
        ] {
            if y >= inner.bottom() {
                break;
            }
            let last = data.last().copied().unwrap_or(0);
            let value = if max.is_some() {
                format!("{}%", crate::labels::percent(last.min(1000) as u16))
            } else {
                last.to_string()
            };
            let label = format!("{nation} {}", tr.t(id));
            put(buf, inner.x, y, label_w, &label, style::dim());
            let vw = width(&value) as u16 + 1;
            let spark = Rect::new(
                inner.x + label_w + 1,
                y,
                inner.width.saturating_sub(label_w + 1 + vw),
                1,
            );
            let mut sp = Sparkline::default().data(&data).style(style::info());
            if let Some(m) = max {
                sp = sp.max(m);
            }
            sp.render(spark, buf);
            put(buf, spark.right() + 1, y, vw, &value, Style::new());
            y += 1;
        }
    }
    let b = block(tr.t("eval-metrics"), true);
    let inner = b.inner(right);
    b.render(right, buf);
    let mut lines = Vec::new();
    for (t, m) in snap.view.metrics.iter().enumerate() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} · {}",
                tr.team(TeamId(t as u16)),
                tr.nation(TeamId(t as u16))
            ),
            style::title().add_modifier(Modifier::UNDERLINED),
        )));
        lines.extend(super::team::metrics_lines(tr, m));
        lines.push(Line::default());
    }
    let scroll = app.ui.fac.detail_scroll;
    super::draw_wrapped(buf, inner, lines, scroll);
}

/// The ad-hoc inject form, over the MSEL.
pub(super) fn adhoc_form(app: &App, f: &AdHocForm, area: Rect, buf: &mut Buffer) {
    let tr = app.tr();
    let w = area.width.min(76);
    let h = 10u16.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    super::clear_popup(r, buf);
    let b = block(tr.t("adhoc-title"), true);
    let inner = b.inner(r);
    b.render(r, buf);
    let to = f.to.map_or_else(|| tr.t("audience-all"), |t| tr.team(t));
    let fields = [
        (tr.t("adhoc-to"), format!("‹ {to} ›")),
        (
            tr.t("adhoc-channel"),
            format!("‹ {} ›", tr.channel(f.channel)),
        ),
        (tr.t("adhoc-subject"), f.title.clone()),
        (tr.t("adhoc-text"), f.text.clone()),
    ];
    let label_w = fields.iter().map(|(l, _)| width(l)).max().unwrap_or(8) + 2;
    for (i, (label, value)) in fields.iter().enumerate() {
        let y = inner.y + i as u16 * 2;
        if y >= inner.bottom() {
            break;
        }
        let focused = i == f.field;
        let cursor = if focused && i >= 2 { "▏" } else { "" };
        let room = (inner.width as usize).saturating_sub(label_w + 2);
        let mut shown = format!("{value}{cursor}");
        while width(&shown) > room && !shown.is_empty() {
            shown.remove(0);
        }
        put(
            buf,
            inner.x + 1,
            y,
            label_w as u16,
            &label.to_string(),
            style::dim(),
        );
        put(
            buf,
            inner.x + 1 + label_w as u16,
            y,
            room as u16,
            &pad(&shown, room),
            if focused {
                style::selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            },
        );
    }
    put(
        buf,
        inner.x + 1,
        inner.bottom().saturating_sub(1),
        inner.width.saturating_sub(1),
        &tr.t("adhoc-keys"),
        style::dim(),
    );
}

/// A connected person as the Teams tab names them: "kim (lead)", with "×2" for two sessions.
fn present_name(p: &crate::table::Present) -> String {
    let mut s = p.name.clone();
    if let Some(r) = &p.role {
        s.push_str(&format!(" ({r})"));
    }
    if p.sessions > 1 {
        s.push_str(&format!(" ×{}", p.sessions));
    }
    s
}
