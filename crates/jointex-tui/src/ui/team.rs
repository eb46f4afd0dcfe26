//! The team console: what a CERT trainee sees, built from that team's view alone.
//!
//! Tabs: the infrastructure map (assets by sector and zone, with the selected asset's detail,
//! its links and the orders possible on it), the inbox, the plan, the partner channel and the
//! timeline with the team's metrics. Every state has a symbol as well as a colour, so the
//! console reads in monochrome and for colour-blind players.

use jointex_scenario::model::{AssetId, EdgeKind, TeamId};
use jointex_sim::{AssetView, Belief, Origin, ServiceState, TeamView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{bar, block, pad, put, put_line, style, tabs, width, window};
use crate::app::{
    Checked, Counts, MapRow, StatusFilter, TeamScreen, TeamSnap, TeamTab, TeamUi, received_messages,
};
use crate::clock::{team_time, turn_clock};
use crate::labels::{Tr, percent};

/// The status symbols and their legend's Fluent ids.
pub(crate) const LEGEND: [(&str, &str); 8] = [
    ("●", "legend-compromised"),
    ("?", "legend-suspected"),
    ("✓", "legend-clean"),
    ("·", "legend-quiet"),
    ("■", "legend-isolated"),
    ("▼", "legend-down"),
    ("◐", "legend-degraded"),
    ("↻", "legend-restoring"),
];

/// The colour that goes with a symbol (the symbol alone must already say it).
pub(crate) fn symbol_style(sym: &str) -> Style {
    match sym {
        "●" | "▼" => style::bad(),
        "?" | "◐" => style::warn(),
        "✓" => style::good(),
        "■" | "↻" => style::info(),
        _ => style::dim(),
    }
}

/// An asset's three status cells: belief, isolation, service.
pub(crate) fn marks(a: &AssetView) -> [&'static str; 3] {
    let belief = match a.belief {
        Belief::Compromised => "●",
        Belief::Suspected => "?",
        Belief::Clean => "✓",
        Belief::Unknown => "·",
    };
    let iso = if a.isolated { "■" } else { " " };
    let svc = if a.restoring_until.is_some() {
        "↻"
    } else {
        match a.service {
            ServiceState::Down => "▼",
            ServiceState::Degraded => "◐",
            ServiceState::Up => " ",
        }
    };
    [belief, iso, svc]
}

fn counts_spans(c: &Counts) -> Vec<Span<'static>> {
    let mut v = Vec::new();
    for (sym, n) in [
        ("●", c.compromised),
        ("?", c.suspected),
        ("■", c.isolated),
        ("▼", c.down),
        ("◐", c.degraded),
        ("↻", c.restoring),
    ] {
        if n > 0 {
            v.push(Span::styled(format!(" {sym}{n}"), symbol_style(sym)));
        }
    }
    v
}

/// A team's console. Drawn from a [`TeamScreen`] alone: the exercise and the full scenario
/// are out of its reach. The footer line (keys, messages) is the caller's.
pub(super) fn render(sc: &TeamScreen<'_>, area: Rect, buf: &mut Buffer) {
    let (snap, tr, ui, t) = (sc.snap, sc.tr, sc.ui, sc.team);
    let [head, clock, tabline, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    header(sc, &tr, t, snap, head, clock, buf);
    let unread = (0..snap.view.inbox.len())
        .filter(|i| !read(ui, &snap.view, *i))
        .count();
    let labels = [
        tr.t("tab-map"),
        if unread > 0 {
            format!("{} ({unread})", tr.t("tab-inbox"))
        } else {
            tr.t("tab-inbox")
        },
        format!("{} ({})", tr.t("tab-orders"), snap.view.plan.len()),
        tr.t("tab-partner"),
        tr.t("tab-timeline"),
    ];
    let cur = TeamTab::ALL.iter().position(|x| *x == ui.tab).unwrap_or(0);
    tabs(buf, tabline, &labels, cur);
    match ui.tab {
        TeamTab::Map => map(sc, &tr, snap, ui, body, buf),
        TeamTab::Inbox => inbox(sc, &tr, t, snap, ui, body, buf),
        TeamTab::Orders => orders(&tr, snap, ui, body, buf),
        TeamTab::Partner => partner(&tr, snap, ui, body, buf),
        TeamTab::Timeline => timeline(&tr, t, snap, ui, body, buf),
    }
    let _ = foot;
}

fn header(
    sc: &TeamScreen<'_>,
    tr: &Tr<'_>,
    t: TeamId,
    snap: &TeamSnap,
    head: Rect,
    clock: Rect,
    buf: &mut Buffer,
) {
    let v = &snap.view;
    let s = sc.tr.s;
    bar(
        buf,
        head.x,
        head.y,
        head.width,
        &format!(" {} · {}", tr.team(t), tr.nation(t)),
        style::bar().add_modifier(Modifier::BOLD),
    );
    let ap = tr.ta(
        "header-points",
        &[("left", v.points_left.into()), ("points", v.points.into())],
    );
    let right = format!(" {ap} ");
    let rw = width(&right) as u16;
    put(
        buf,
        head.right().saturating_sub(rw),
        head.y,
        rw,
        &right,
        style::bar(),
    );
    let phase = if v.over {
        tr.t("phase-over")
    } else if v.submitted {
        tr.t("phase-submitted")
    } else {
        tr.t("phase-planning")
    };
    let mut spans = vec![
        Span::styled(
            format!(
                " {} · ",
                tr.ta(
                    "header-turn",
                    &[("turn", v.turn.into()), ("turns", s.clock.turns.into())]
                )
            ),
            style::title(),
        ),
        Span::styled(
            phase,
            if v.submitted {
                style::good()
            } else {
                style::warn()
            },
        ),
        Span::raw(format!(" · {}", turn_clock(s, v.turn, Some(t)))),
    ];
    if sc.snap.view.paused {
        spans.push(Span::styled(
            format!("  ‖ {}", tr.t("paused")),
            style::bad(),
        ));
    }
    spans.extend(super::countdown_span(tr, sc.snap.countdown, Some(t)));
    put_line(buf, clock, clock.y, &Line::from(spans));
}

fn map(
    sc: &TeamScreen<'_>,
    tr: &Tr<'_>,
    snap: &TeamSnap,
    ui: &TeamUi,
    area: Rect,
    buf: &mut Buffer,
) {
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    let v = &snap.view;
    let s = sc.tr.s;
    let filtering = !ui.map.filter.is_empty() || ui.map.status != StatusFilter::All;
    let mut title = if filtering {
        // How many the filter lets through, as k9s shows it.
        tr.ta(
            "map-title-filtered",
            &[
                ("matches", crate::app::map_matches(v, s, &ui.map).into()),
                ("count", v.assets.len().into()),
                ("filter", tr.t(ui.map.status.label()).into()),
            ],
        )
    } else {
        tr.ta(
            "map-title",
            &[
                ("count", v.assets.len().into()),
                ("filter", tr.t(ui.map.status.label()).into()),
            ],
        )
    };
    if !ui.map.filter.is_empty() {
        title.push_str(&format!(" · /{}", ui.map.filter));
    }
    let b = block(title, true);
    let inner = b.inner(list);
    b.render(list, buf);
    let h = inner.height as usize;
    if snap.rows.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            &tr.t("map-empty"),
            style::dim(),
        );
    }
    let start = window(ui.map.sel, snap.rows.len(), h);
    let w = inner.width as usize;
    let longest = v
        .assets
        .iter()
        .map(|a| width(&s.asset(a.asset).key))
        .max()
        .unwrap_or(8);
    // The id is what orders and messages name; the name gets what is left, at least 12.
    let key_w = longest.min(w.saturating_sub(8 + 1 + 12)).max(8);
    for (row_i, row) in snap.rows.iter().enumerate().skip(start).take(h) {
        let y = inner.y + (row_i - start) as u16;
        let selected = row_i == ui.map.sel;
        let mut spans: Vec<Span<'static>> = match row {
            MapRow::Sector {
                sector,
                counts,
                collapsed,
            } => {
                let mut sp = vec![Span::styled(
                    format!(
                        "{} {} ({})",
                        if *collapsed { "▸" } else { "▾" },
                        tr.sector(*sector),
                        counts.total
                    ),
                    style::title(),
                )];
                sp.extend(counts_spans(counts));
                sp
            }
            MapRow::Zone {
                zone,
                counts,
                collapsed,
                ..
            } => {
                let mut sp = vec![Span::raw(format!(
                    "  {} {} ({})",
                    if *collapsed { "▸" } else { "▾" },
                    tr.zone(*zone),
                    counts.total
                ))];
                sp.extend(counts_spans(counts));
                sp
            }
            MapRow::Asset(i) => {
                let a = &v.assets[*i];
                let asset = s.asset(a.asset);
                let m = marks(a);
                let name_w = w.saturating_sub(8 + key_w + 1);
                vec![
                    Span::raw("    "),
                    Span::styled(m[0], symbol_style(m[0])),
                    Span::styled(m[1], symbol_style(m[1])),
                    Span::styled(m[2], symbol_style(m[2])),
                    Span::raw(" "),
                    Span::raw(pad(&asset.key, key_w)),
                    Span::raw(" "),
                    Span::styled(pad(asset.name.get(tr.lang), name_w), style::dim()),
                ]
            }
        };
        if selected {
            let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
            spans = vec![Span::styled(pad(&text, w), style::selected())];
        }
        put_line(buf, inner, y, &Line::from(spans));
    }
    let selected = match snap.rows.get(ui.map.sel) {
        Some(MapRow::Asset(i)) => Some(&v.assets[*i]),
        _ => None,
    };
    match selected {
        Some(a) => asset_detail(sc, tr, snap, a, ui.detail_scroll, detail, buf),
        None => {
            let b = block(tr.t("detail-title"), false);
            let inner = b.inner(detail);
            b.render(detail, buf);
            let mut lines = vec![Line::from(tr.t("detail-group-hint")), Line::default()];
            lines.push(Line::from(Span::styled(
                tr.t("legend-title"),
                style::title(),
            )));
            for (sym, id) in LEGEND {
                lines.push(Line::from(vec![
                    Span::styled(format!(" {sym} "), symbol_style(sym)),
                    Span::raw(tr.t(id)),
                ]));
            }
            super::draw_wrapped(buf, inner, lines, 0);
        }
    }
}

fn asset_detail(
    sc: &TeamScreen<'_>,
    tr: &Tr<'_>,
    snap: &TeamSnap,
    a: &AssetView,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let s = sc.tr.s;
    let asset = s.asset(a.asset);
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.push(Line::from(Span::styled(
        asset.name.get(tr.lang).to_owned(),
        style::title(),
    )));
    lines.push(Line::from(format!(
        "{} · {} · {}",
        tr.kind(asset.kind),
        tr.sector(asset.sector),
        tr.zone(asset.zone)
    )));
    lines.push(Line::from(Span::styled(
        if asset.population > 0 {
            tr.ta(
                "detail-criticality",
                &[
                    ("crit", asset.criticality.into()),
                    ("pop", crate::labels::thousands(asset.population).into()),
                ],
            )
        } else {
            tr.ta(
                "detail-criticality-only",
                &[("crit", asset.criticality.into())],
            )
        },
        style::dim(),
    )));
    let m = marks(a);
    let mut status = vec![
        Span::styled(format!("{} ", m[0]), symbol_style(m[0])),
        Span::raw(tr.belief(a.belief)),
    ];
    if a.belief != Belief::Unknown {
        let mut extra = tr.ta("detail-since", &[("turn", a.since.into())]);
        if let Some(src) = a.source {
            extra.push_str(&format!(" · {}", tr.source(src)));
        }
        status.push(Span::styled(format!(" ({extra})"), style::dim()));
    }
    lines.push(Line::from(status));
    let mut cond: Vec<Span<'static>> = Vec::new();
    let svc_sym = match a.service {
        ServiceState::Down => "▼",
        ServiceState::Degraded => "◐",
        ServiceState::Up => "▲",
    };
    cond.push(Span::styled(
        format!("{svc_sym} {}", tr.service(a.service)),
        symbol_style(svc_sym),
    ));
    if a.isolated {
        cond.push(Span::styled(
            format!(" · ■ {}", tr.t("detail-isolated")),
            style::info(),
        ));
    }
    if let Some(until) = a.restoring_until {
        cond.push(Span::styled(
            format!(
                " · ↻ {}",
                tr.ta("detail-restoring", &[("turn", until.into())])
            ),
            style::info(),
        ));
    }
    lines.push(Line::from(cond));
    let mut posture = Vec::new();
    if a.patched {
        posture.push(tr.t("detail-patched"));
    }
    if a.sensor {
        posture.push(tr.t("detail-sensor"));
    }
    if !posture.is_empty() {
        lines.push(Line::from(Span::styled(posture.join(" · "), style::good())));
    }
    let controls: Vec<String> = asset.controls.iter().map(|c| tr.control(*c)).collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", tr.t("detail-controls")), style::dim()),
        Span::raw(if controls.is_empty() {
            "—".to_owned()
        } else {
            controls.join(", ")
        }),
    ]));
    if !asset.vulnerabilities.is_empty() {
        let v: Vec<&str> = asset
            .vulnerabilities
            .iter()
            .map(|v| v.id.as_str())
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", tr.t("detail-vulns")), style::dim()),
            Span::raw(v.join(", ")),
        ]));
    }
    lines.push(Line::from(Span::styled(
        tr.t("detail-orders"),
        style::title(),
    )));
    for (o, r) in &snap.asset_orders {
        lines.push(order_line(tr, o, r));
    }
    let edges = sc.snap.links_of(a.asset);
    lines.push(Line::from(Span::styled(
        tr.ta("detail-links", &[("count", edges.len().into())]),
        style::title(),
    )));
    for e in edges {
        lines.push(Line::from(link_text(tr, a.asset, *e)));
    }
    // Say so when the detail runs past the pane: `[` and `]` scroll it.
    let inner_w = area.width.saturating_sub(2) as usize;
    let wrapped = super::wrap_lines(lines, inner_w, None);
    let more = wrapped.len() > area.height.saturating_sub(2) as usize;
    let title = if more {
        format!("{} · [ ]", asset.key)
    } else {
        asset.key.clone()
    };
    let b = block(title, false);
    let inner = b.inner(area);
    b.render(area, buf);
    super::draw_hanging(buf, inner, wrapped, scroll, Some(0));
}

fn order_line(
    tr: &Tr<'_>,
    o: &jointex_sim::TeamOrder,
    r: &Result<(), jointex_sim::Refusal>,
) -> Line<'static> {
    let cost = tr.ta("cost", &[("n", o.cost().into())]);
    match r {
        Ok(()) => Line::from(vec![
            Span::raw(format!(" {} ", tr.order_kind(o))),
            Span::styled(cost, style::info()),
        ]),
        // The cross says it without colour; the reason says why.
        Err(why) => Line::from(vec![Span::styled(
            format!("✗{} {cost} — {}", tr.order_kind(o), tr.refusal(why)),
            style::dim(),
        )]),
    }
}

fn link_text(tr: &Tr<'_>, me: AssetId, edge: usize) -> String {
    let Some(e) = tr.s.edges.get(edge) else {
        return String::new();
    };
    let outgoing = e.from == me;
    let other = if outgoing { e.to } else { e.from };
    let other_asset = tr.s.asset(other);
    let mut name = other_asset.key.clone();
    if other_asset.owner != tr.s.asset(me).owner {
        name.push_str(&format!(" [{}]", tr.s.team(other_asset.owner).nation));
    }
    let (id, extra) = match &e.kind {
        EdgeKind::Network { both_ways: true } => ("link-network-both", String::new()),
        EdgeKind::Network { .. } if outgoing => ("link-network-out", String::new()),
        EdgeKind::Network { .. } => ("link-network-in", String::new()),
        EdgeKind::Dependency { buffer } if outgoing => ("link-depends-on", buffer.to_string()),
        EdgeKind::Dependency { buffer } => ("link-depended-by", buffer.to_string()),
        EdgeKind::SupplyChain { product } if outgoing => {
            ("link-supplies", product.clone().unwrap_or_default())
        }
        EdgeKind::SupplyChain { product } => {
            ("link-supplied-by", product.clone().unwrap_or_default())
        }
        EdgeKind::Trust(k) if outgoing => ("link-trusted-by", tr.t(&format!("trust-{}", k.name()))),
        EdgeKind::Trust(k) => ("link-trusts", tr.t(&format!("trust-{}", k.name()))),
    };
    format!(
        " {}",
        tr.ta(id, &[("asset", name.into()), ("extra", extra.into())])
    )
}

/// The order menu of the selected asset, over the map.
pub(super) fn order_menu(sc: &TeamScreen<'_>, sel: usize, area: Rect, buf: &mut Buffer) {
    let (tr, snap) = (sc.tr, sc.snap);
    let ui_sel = sc.ui.map.sel;
    let title = match snap.rows.get(ui_sel) {
        Some(MapRow::Asset(i)) => {
            let a = snap.view.assets[*i].asset;
            tr.ta("menu-title", &[("asset", tr.asset_key(a).into())])
        }
        _ => tr.t("detail-orders"),
    };
    let w = area.width.min(76);
    let h = (snap.asset_orders.len() as u16 + 5).min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    super::clear_popup(r, buf);
    let b = block(title, true);
    let inner = b.inner(r);
    b.render(r, buf);
    for (i, (o, res)) in snap.asset_orders.iter().enumerate() {
        let y = inner.y + i as u16;
        let mut line = order_line(&tr, o, res);
        let marker = if i == sel { "▶" } else { " " };
        line.spans.insert(0, Span::raw(marker));
        if i == sel {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            line = Line::from(Span::styled(
                pad(&text, inner.width as usize),
                style::selected(),
            ));
        }
        put_line(buf, inner, y, &line);
    }
    let y = inner.bottom().saturating_sub(2);
    put(
        buf,
        inner.x + 1,
        y,
        inner.width.saturating_sub(1),
        &tr.ta(
            "menu-points",
            &[
                ("left", snap.view.points_left.into()),
                ("points", snap.view.points.into()),
            ],
        ),
        style::dim(),
    );
    put(
        buf,
        inner.x + 1,
        y + 1,
        inner.width.saturating_sub(1),
        &tr.t("menu-keys"),
        style::dim(),
    );
}

fn message_time(tr: &Tr<'_>, t: TeamId, turn: u32) -> String {
    format!("T{turn} {}", team_time(tr.s, turn, t))
}

fn inbox(
    sc: &TeamScreen<'_>,
    tr: &Tr<'_>,
    t: TeamId,
    snap: &TeamSnap,
    ui: &TeamUi,
    area: Rect,
    buf: &mut Buffer,
) {
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let v = &snap.view;
    let unread = (0..v.inbox.len()).filter(|i| !read(ui, v, *i)).count();
    let b = block(
        tr.ta(
            "inbox-title",
            &[("count", v.inbox.len().into()), ("unread", unread.into())],
        ),
        true,
    );
    let inner = b.inner(list);
    b.render(list, buf);
    if v.inbox.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            &tr.t("inbox-empty"),
            style::dim(),
        );
    }
    // Two rows per message: when and how on the first, the subject on the second.
    let h = (inner.height / 2) as usize;
    let start = window(ui.inbox_sel, v.inbox.len(), h);
    for (line_i, idx) in (0..v.inbox.len()).rev().enumerate().skip(start).take(h) {
        let m = &v.inbox[idx];
        let y = inner.y + ((line_i - start) * 2) as u16;
        let is_unread = !read(ui, v, idx);
        let mark = if m.acknowledged.is_some() {
            "✓"
        } else if is_unread {
            "*"
        } else {
            " "
        };
        let first = format!(
            "{mark} {} · {}",
            message_time(tr, t, m.turn),
            tr.channel(m.channel)
        );
        let second = format!("  {}", m.title.get(tr.lang));
        let selected = line_i == ui.inbox_sel;
        let st = if selected {
            style::selected()
        } else if is_unread {
            style::title()
        } else {
            Style::new()
        };
        let w = inner.width as usize;
        put(
            buf,
            inner.x,
            y,
            inner.width,
            &pad(&first, w),
            if selected { st } else { style::dim() },
        );
        put(buf, inner.x, y + 1, inner.width, &pad(&second, w), st);
    }
    let b = block(tr.t("message-title"), false);
    let inner = b.inner(detail);
    b.render(detail, buf);
    let Some(idx) = v.inbox.len().checked_sub(ui.inbox_sel + 1) else {
        return;
    };
    let m = &v.inbox[idx];
    let lines = message_lines(sc, tr, t, v, idx, m, ui);
    super::draw_wrapped(buf, inner, lines, ui.detail_scroll);
}

fn message_lines(
    sc: &TeamScreen<'_>,
    tr: &Tr<'_>,
    t: TeamId,
    v: &TeamView,
    idx: usize,
    m: &jointex_sim::view_types::Message,
    ui: &TeamUi,
) -> Vec<Line<'static>> {
    let s = sc.tr.s;
    let mut lines = vec![Line::from(Span::styled(
        m.title.get(tr.lang).to_owned(),
        style::title(),
    ))];
    let from = match &m.origin {
        Origin::Inject(i) => s.injects[i.index()]
            .from
            .as_ref()
            .map_or_else(|| tr.t("from-excon"), |f| f.get(tr.lang).to_owned()),
        Origin::AdHoc(_) => tr.t("from-excon"),
        Origin::Share { from, .. } | Origin::AssistanceRequest(from) => tr.team(*from),
    };
    lines.push(Line::from(Span::styled(
        format!(
            "{} · {} · {}",
            from,
            tr.channel(m.channel),
            message_time(tr, t, m.turn)
        ),
        style::dim(),
    )));
    lines.push(Line::default());
    lines.push(Line::from(m.text.get(tr.lang).to_owned()));
    if let Origin::Share {
        indicators, tlp, ..
    } = &m.origin
    {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("{} · {}", tr.t("share-items"), tlp.label()),
            style::title(),
        )));
        for i in indicators {
            let ind = &s.indicators[i.index()];
            let kind = tr.t(&format!("indkind-{}", ind.kind.name()));
            lines.push(Line::from(format!(" {} ({kind})", ind.value)));
        }
    }
    lines.push(Line::default());
    let _ = (v, idx, ui);
    lines.push(if m.acknowledged.is_some() {
        Line::from(Span::styled(format!("✓ {}", tr.t("acked")), style::good()))
    } else {
        Line::from(Span::styled(tr.t("ack-hint"), style::dim()))
    });
    lines
}

fn orders(tr: &Tr<'_>, snap: &TeamSnap, ui: &TeamUi, area: Rect, buf: &mut Buffer) {
    let v = &snap.view;
    let [plan, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let mut title = tr.ta(
        "plan-title",
        &[("left", v.points_left.into()), ("points", v.points.into())],
    );
    if v.submitted {
        title.push_str(&format!(" · ✓ {}", tr.t("seat-submitted")));
    }
    let b = block(title, ui.orders_pane == 0);
    let inner = b.inner(plan);
    b.render(plan, buf);
    if v.plan.is_empty() {
        super::note(buf, inner, tr.t("plan-empty"));
    }
    let h = inner.height as usize;
    let start = window(ui.plan_sel, v.plan.len(), h);
    for (i, o) in v.plan.iter().enumerate().skip(start).take(h) {
        let y = inner.y + (i - start) as u16;
        let mut cost = tr.ta("cost", &[("n", o.cost().into())]);
        // Several players write one plan: each order says whose it is.
        if let Some(Some(by)) = snap.proposers.get(i) {
            cost = format!("{by} · {cost}");
        }
        let cw = width(&cost);
        let w = inner.width as usize;
        let text = format!(
            "{} {}",
            pad(
                &format!("{}. {}", i + 1, tr.order(o)),
                w.saturating_sub(cw + 1)
            ),
            cost
        );
        let st = if ui.orders_pane == 0 && i == ui.plan_sel {
            style::selected()
        } else {
            Style::new()
        };
        put(buf, inner.x, y, inner.width, &text, st);
    }
    let mut lines: Vec<Line<'static>> = Vec::new();
    let keys = ["h", "b", "a", "o"];
    for (k, (o, r)) in keys.iter().zip(&snap.indicator_orders) {
        let mut l = order_line(tr, o, r);
        l.spans.insert(0, Span::styled(*k, style::key()));
        lines.push(l);
    }
    let asks: Vec<String> = v.assistance_requests.iter().map(|t| tr.team(*t)).collect();
    lines.push(Line::from(vec![
        Span::styled("r", style::key()),
        Span::raw(format!(" {} ", tr.t("order-request"))),
        Span::styled(tr.ta("cost", &[("n", 1.into())]), style::info()),
    ]));
    lines.push(Line::from(vec![
        Span::styled("p", style::key()),
        Span::raw(format!(" {} ", tr.t("order-provide"))),
        Span::styled(tr.ta("cost", &[("n", 2.into())]), style::info()),
        Span::raw(if asks.is_empty() {
            String::new()
        } else {
            format!(" ← {}", asks.join(", "))
        }),
    ]));
    // The box grows with its wrapped lines, so a long refusal never pushes the last order
    // out of it.
    let acts_h = (super::wrap_lines(lines.clone(), right.width.saturating_sub(2) as usize, None)
        .len() as u16
        + 2)
    .clamp(8, (right.height / 2).max(8));
    let [inds, acts] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(acts_h)]).areas(right);
    let b = block(
        tr.ta("indicators-title", &[("count", v.indicators.len().into())]),
        ui.orders_pane == 1,
    );
    let inner = b.inner(inds);
    b.render(inds, buf);
    if v.indicators.is_empty() {
        super::note(buf, inner, tr.t("indicators-empty"));
    }
    indicator_list(tr, v, ui.ind_sel, ui.orders_pane == 1, None, inner, buf);
    let b = block(tr.t("indicator-orders"), false);
    let inner = b.inner(acts);
    b.render(acts, buf);
    super::draw_wrapped(buf, inner, lines, 0);
}

fn indicator_list(
    tr: &Tr<'_>,
    v: &TeamView,
    sel: usize,
    focused: bool,
    picked: Option<&std::collections::BTreeSet<jointex_scenario::model::IndicatorId>>,
    inner: Rect,
    buf: &mut Buffer,
) {
    let h = inner.height as usize;
    let start = window(sel, v.indicators.len(), h);
    for (i, k) in v.indicators.iter().enumerate().skip(start).take(h) {
        let y = inner.y + (i - start) as u16;
        let ind = &tr.s.indicators[k.indicator.index()];
        let mut notes = vec![k.tlp.label().to_owned()];
        if let Some(f) = k.from {
            notes.push(tr.ta("from-team", &[("team", tr.s.team(f).nation.clone().into())]));
        }
        if k.blocked {
            notes.push(format!("⊘ {}", tr.t("ind-blocked")));
        }
        if let Some(turn) = k.shared {
            notes.push(tr.ta("ind-shared", &[("turn", turn.into())]));
        }
        let check = picked.map(|p| {
            if p.contains(&k.indicator) {
                "[x] "
            } else {
                "[ ] "
            }
        });
        let note = notes.join(" · ");
        let w = inner.width as usize;
        let nw = width(&note).min(w / 2);
        let text = format!(
            "{}{} {}",
            check.unwrap_or(""),
            pad(
                &ind.value,
                w.saturating_sub(nw + 1 + check.map_or(0, |_| 4))
            ),
            note
        );
        let st = if focused && i == sel {
            style::selected()
        } else {
            Style::new()
        };
        put(buf, inner.x, y, inner.width, &text, st);
    }
}

fn partner(tr: &Tr<'_>, snap: &TeamSnap, ui: &TeamUi, area: Rect, buf: &mut Buffer) {
    let v = &snap.view;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let b = block(tr.t("share-pick-title"), ui.partner_pane == 0);
    let inner = b.inner(left);
    b.render(left, buf);
    if v.indicators.is_empty() {
        super::note(buf, inner, tr.t("indicators-empty"));
    }
    indicator_list(
        tr,
        v,
        ui.partner_sel,
        ui.partner_pane == 0,
        Some(&ui.picked),
        inner,
        buf,
    );
    // What this team sent, and who has acknowledged it: shown once it has sent something.
    let sent_h = if v.sent.is_empty() {
        0
    } else {
        (v.sent.len() as u16).min(4) + 2
    };
    let to = ui.to.map_or_else(|| tr.t("recipients-all"), |x| tr.team(x));
    let text = if ui.text.is_empty() {
        tr.t("share-no-text")
    } else {
        ui.text.clone()
    };
    let (o, res): &Checked = &snap.share;
    let status = match res {
        Ok(()) => Line::from(Span::styled(
            format!("✓ {}", tr.ta("share-ready", &[("cost", o.cost().into())])),
            style::good(),
        )),
        Err(r) => Line::from(Span::styled(format!("✗ {}", tr.refusal(r)), style::warn())),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("r ", style::key()),
            Span::raw(format!("{}: {to}", tr.t("share-to"))),
        ]),
        Line::from(vec![
            Span::styled("t ", style::key()),
            Span::raw(format!("{}: {}", tr.t("share-tlp"), ui.tlp.label())),
        ]),
        Line::from(vec![
            Span::styled("e ", style::key()),
            Span::raw(format!("{}: {text}", tr.t("share-text"))),
        ]),
        Line::from(format!(
            "  {}",
            tr.ta("share-picked", &[("count", ui.picked.len().into())])
        )),
        Line::from(vec![
            Span::styled("Enter ", style::key()),
            Span::raw(tr.t("share-send")),
        ]),
        status,
    ];
    let compose_h = (super::wrap_lines(lines.clone(), right.width.saturating_sub(2) as usize, None)
        .len() as u16
        + 2)
    .clamp(8, (right.height / 2).max(8));
    let [compose, recv, sent] = Layout::vertical([
        Constraint::Length(compose_h),
        Constraint::Min(4),
        Constraint::Length(sent_h),
    ])
    .areas(right);
    if sent_h > 0 {
        let b = block(
            tr.ta("sent-title", &[("count", v.sent.len().into())]),
            false,
        );
        let inner = b.inner(sent);
        b.render(sent, buf);
        for (i, m) in v.sent.iter().rev().take(inner.height as usize).enumerate() {
            let to: Vec<String> = m.to.iter().map(|t| tr.team(*t)).collect();
            let (mark, st, state) = if m.acknowledged.is_empty() {
                ("*", Style::new(), tr.t("sent-waiting"))
            } else {
                let by: Vec<String> = m
                    .acknowledged
                    .iter()
                    .map(|(t, turn)| format!("{} T{turn}", tr.team(*t)))
                    .collect();
                (
                    "✓",
                    style::good(),
                    tr.ta("sent-acked", &[("by", by.join(", ").into())]),
                )
            };
            let line = format!(
                "{mark} T{} → {} · {} · {state}",
                m.turn,
                to.join(", "),
                m.tlp.label()
            );
            put(
                buf,
                inner.x,
                inner.y + i as u16,
                inner.width,
                &pad(&line, inner.width as usize),
                st,
            );
        }
    }
    // The compose box grows with its text, so the ready or refused line under it is never
    // pushed out of sight (a long note or a TLP refusal wraps).
    let b = block(tr.t("share-compose-title"), false);
    let inner = b.inner(compose);
    b.render(compose, buf);
    super::draw_wrapped(buf, inner, lines, 0);
    let received = received_messages(v);
    let b = block(
        tr.ta("received-title", &[("count", received.len().into())]),
        ui.partner_pane == 1,
    );
    let inner = b.inner(recv);
    b.render(recv, buf);
    if received.is_empty() {
        super::note(buf, inner, tr.t("received-empty"));
        return;
    }
    let list_h = (received.len() as u16).min(inner.height / 2).max(1);
    let [list, body] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(inner);
    let start = window(ui.recv_sel, received.len(), list.height as usize);
    for (i, idx) in received
        .iter()
        .enumerate()
        .skip(start)
        .take(list.height as usize)
    {
        let m = &v.inbox[*idx];
        let mark = if m.acknowledged.is_some() { "✓" } else { "*" };
        let line = format!("{mark} T{} · {}", m.turn, m.title.get(tr.lang));
        let st = if ui.partner_pane == 1 && i == ui.recv_sel {
            style::selected()
        } else {
            Style::new()
        };
        put(
            buf,
            list.x,
            list.y + (i - start) as u16,
            list.width,
            &pad(&line, list.width as usize),
            st,
        );
    }
    if let Some(idx) = received.get(ui.recv_sel) {
        let m = &v.inbox[*idx];
        let mut lines = vec![Line::from(m.text.get(tr.lang).to_owned())];
        if let Origin::Share { indicators, .. } = &m.origin {
            let vals: Vec<String> = indicators.iter().map(|i| tr.indicator(*i)).collect();
            lines.push(Line::from(Span::styled(vals.join(", "), style::info())));
        }
        super::draw_wrapped(buf, body, lines, 0);
    }
}

fn timeline(tr: &Tr<'_>, t: TeamId, snap: &TeamSnap, ui: &TeamUi, area: Rect, buf: &mut Buffer) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(area);
    let b = block(
        tr.ta("timeline-title", &[("count", snap.events.len().into())]),
        true,
    );
    let inner = b.inner(left);
    b.render(left, buf);
    if snap.events.is_empty() {
        super::note(buf, inner, tr.t("timeline-empty"));
    }
    let h = inner.height as usize;
    let n = snap.events.len();
    let start = ui.timeline_scroll.min(n.saturating_sub(h));
    for (i, (turn, e)) in snap.events.iter().rev().enumerate().skip(start).take(h) {
        let y = inner.y + (i - start) as u16;
        let text = tr.event(e, Some(t));
        put_line(
            buf,
            inner,
            y,
            &Line::from(vec![
                Span::styled(format!("T{turn:<2} "), style::dim()),
                Span::raw(super::fit(&text, (inner.width as usize).saturating_sub(4))),
            ]),
        );
    }
    let b = block(tr.t("metrics-title"), false);
    let inner = b.inner(right);
    b.render(right, buf);
    super::draw_wrapped(buf, inner, metrics_lines(tr, &snap.view.metrics), 0);
}

/// A team's metrics as lines (also used by the facilitator's evaluation tab).
pub(crate) fn metrics_lines(tr: &Tr<'_>, m: &jointex_sim::TeamMetrics) -> Vec<Line<'static>> {
    let avg = |v: &[u32]| {
        if v.is_empty() {
            "—".to_owned()
        } else {
            let sum: u32 = v.iter().sum();
            format!("{:.1}", f64::from(sum) / v.len() as f64)
        }
    };
    let row = |label: String, value: String| {
        Line::from(vec![
            Span::styled(format!("{label}: "), style::dim()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        row(
            tr.t("metric-detect"),
            tr.ta(
                "metric-turns",
                &[
                    ("avg", avg(&m.time_to_detect).into()),
                    ("n", m.time_to_detect.len().into()),
                ],
            ),
        ),
        row(
            tr.t("metric-contain"),
            tr.ta(
                "metric-turns",
                &[
                    ("avg", avg(&m.time_to_contain).into()),
                    ("n", m.time_to_contain.len().into()),
                ],
            ),
        ),
        row(
            tr.t("metric-share"),
            tr.ta(
                "metric-turns",
                &[
                    ("avg", avg(&m.time_to_share).into()),
                    ("n", m.time_to_share.len().into()),
                ],
            ),
        ),
        row(
            tr.t("metric-lost"),
            crate::labels::thousands(m.service_hours_lost.values().sum::<u64>()),
        ),
        row(tr.t("metric-violations"), m.tlp_violations.to_string()),
        row(tr.t("metric-joint"), m.joint_operations.to_string()),
        row(
            tr.t("metric-expected"),
            format!("{}/{}", m.expected_met, m.expected_due),
        ),
    ];
    if m.undetected > 0 {
        lines.push(Line::from(Span::styled(
            tr.ta("metric-undetected", &[("n", m.undetected.into())]),
            style::bad(),
        )));
    }
    if !m.availability.is_empty() {
        lines.push(Line::from(Span::styled(
            tr.t("metric-availability"),
            style::title(),
        )));
        for (sector, pm) in &m.availability {
            let st = if *pm < 900 {
                style::bad()
            } else if *pm < 1000 {
                style::warn()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(format!(" {} ", tr.sector(*sector))),
                Span::styled(format!("{}%", percent(*pm)), st),
            ]));
        }
    }
    lines
}

/// Whether the team has read a message: opened it on this console, or acknowledged it (the
/// engine keeps acknowledgements, so they survive a resume and reach the sender).
fn read(ui: &TeamUi, v: &TeamView, i: usize) -> bool {
    ui.read.contains(&i) || v.inbox.get(i).is_some_and(|m| m.acknowledged.is_some())
}
