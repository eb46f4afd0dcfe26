//! The report as one self-contained HTML file: the Markdown report's sections laid out as
//! XHTML (so any XML parser reads it), with inline SVG charts and no external resource.
//!
//! Each chart point carries its data in attributes (`data-series`, `data-turn`,
//! `data-value`), so tests — and readers with a script — can check it against the run.

use jointex_scenario::Lang;

use super::analysis::{Analysis, asset_name, team_key};
use crate::Record;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline Markdown of our own writing — `**bold**` and `` `code` `` — escaped. A
/// backslash-escaped character (how the Markdown report makes text from files and players
/// inert) is that character, literally: scenario text never becomes markup here either.
fn inline(s: &str) -> String {
    let mut out = String::new();
    let mut strong = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                if let Some(n) = chars.next() {
                    out.push_str(&esc(&n.to_string()));
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str(if strong { "</strong>" } else { "<strong>" });
                strong = !strong;
            }
            '`' => {
                // A code span runs to the next backtick, its content literal.
                let code: String = chars.by_ref().take_while(|x| *x != '`').collect();
                out.push_str(&format!("<code>{}</code>", esc(&code)));
            }
            c => out.push_str(&esc(&c.to_string())),
        }
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            // `\|` is a pipe inside the cell; any other escape is kept for `inline`.
            match chars.next() {
                Some('|') => cur.push('|'),
                Some(n) => {
                    cur.push('\\');
                    cur.push(n);
                }
                None => cur.push('\\'),
            }
        } else if c == '|' {
            cells.push(cur.trim().to_owned());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    cells.push(cur.trim().to_owned());
    cells
}

/// Converts the Markdown this module's sibling writes (headings, tables, lists, paragraphs).
fn body(md: &str, charts: &str) -> String {
    let mut out = String::new();
    let mut lines = md.lines().peekable();
    let mut first_bold = true;
    while let Some(line) = lines.next() {
        if line.starts_with("| ") || line == "| | |" {
            let head = cells(line);
            lines.next(); // the separator
            out.push_str("<table><thead><tr>");
            for h in &head {
                out.push_str(&format!("<th>{}</th>", inline(h)));
            }
            out.push_str("</tr></thead><tbody>\n");
            while let Some(l) = lines.peek().filter(|l| l.starts_with('|')) {
                out.push_str("<tr>");
                for c in cells(l) {
                    out.push_str(&format!("<td>{}</td>", inline(&c)));
                }
                out.push_str("</tr>\n");
                lines.next();
            }
            out.push_str("</tbody></table>\n");
        } else if let Some(h) = line.strip_prefix("#### ") {
            out.push_str(&format!("<h4>{}</h4>\n", inline(h)));
        } else if let Some(h) = line.strip_prefix("### ") {
            out.push_str(&format!("<h3>{}</h3>\n", inline(h)));
        } else if let Some(h) = line.strip_prefix("## ") {
            if h.starts_with("Analysis") {
                out.push_str(charts);
            }
            out.push_str(&format!("<h2>{}</h2>\n", inline(h)));
        } else if let Some(h) = line.strip_prefix("# ") {
            out.push_str(&format!("<h1>{}</h1>\n", inline(h)));
        } else if line.starts_with("- ") {
            out.push_str("<ul>\n");
            let mut item = Some(line);
            while let Some(l) = item {
                out.push_str(&format!("<li>{}</li>\n", inline(&l[2..])));
                item = lines.next_if(|l| l.starts_with("- "));
            }
            out.push_str("</ul>\n");
        } else if line.starts_with("**") && line.ends_with("**") {
            // The markings are the page's header and footer.
            if first_bold {
                first_bold = false;
            }
        } else if !line.trim().is_empty() {
            out.push_str(&format!("<p>{}</p>\n", inline(line)));
        }
    }
    out
}

const COLOURS: [&str; 8] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

/// Availability as small multiples: one chart per nation, each with only the sectors whose
/// service ever fell below 100 % (twenty flat lines at the top hide the two that matter), and
/// a sentence for a nation whose services all held.
fn availability_charts(r: &Record, a: &Analysis) -> String {
    let s = &r.scenario;
    let mut out = String::from("<div class=\"multiples\">\n");
    for (i, team) in s.teams.iter().enumerate() {
        let series: Vec<(String, &Vec<u16>)> = a
            .availability
            .iter()
            .filter(|((t, _), v)| t.index() == i && v.iter().any(|pm| *pm < 1000))
            .map(|((t, sector), v)| (format!("{}/{}", team_key(s, *t), sector.label()), v))
            .collect();
        let heading = format!("{} ({})", team.name.get(Lang::En), team.cert.get(Lang::En));
        out.push_str(&format!(
            "<figure>\n<figcaption>{}</figcaption>\n",
            esc(&heading)
        ));
        if series.is_empty() {
            out.push_str("<p>Every sector stayed at 100 % availability throughout.</p>\n");
        } else {
            out.push_str(&availability_chart(&team.key, &series, a.turns));
        }
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
    out
}

/// One nation's availability chart: a line per sector, labelled in a legend below the plot,
/// one row per sector, so that no two labels can overlap.
fn availability_chart(team: &str, series: &[(String, &Vec<u16>)], turns: u32) -> String {
    let (w, left, top) = (400.0, 40.0, 12.0);
    let (pw, ph) = (w - left - 12.0, 150.0);
    let legend_top = top + ph + 30.0;
    let h = legend_top + 14.0 * series.len() as f64 + 4.0;
    let span = f64::from(turns.max(1));
    let x = |t: usize| left + pw * t as f64 / span;
    let y = |pm: u16| top + ph * (1.0 - f64::from(pm) / 1000.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"availability-{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title>Service availability of the sectors that changed ({})</title>\n",
        esc(team),
        esc(team)
    );
    for pct in [0u16, 50, 100] {
        svg.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"4\" y=\"{:.1}\" font-size=\"10\">{pct}%</text>\n",
            left + pw,
            y(pct * 10) + 3.0,
            y = y(pct * 10)
        ));
    }
    svg.push_str(&format!(
        "<text x=\"{left}\" y=\"{:.1}\" font-size=\"10\">turn 0</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">turn {turns}</text>\n",
        top + ph + 14.0,
        left + pw,
        top + ph + 14.0
    ));
    for (i, (name, values)) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(t, v)| format!("{:.1},{:.1}", x(t), y(*v)))
            .collect();
        svg.push_str(&format!(
            "<g data-series=\"{}\"><polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{}\"/>\n",
            esc(name),
            points.join(" ")
        ));
        for (t, v) in values.iter().enumerate() {
            svg.push_str(&format!(
                "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"{colour}\" data-series=\"{}\" data-turn=\"{t}\" data-value=\"{v}\"><title>{} turn {t}: {}.{}%</title></circle>\n",
                x(t),
                y(*v),
                esc(name),
                esc(name),
                v / 10,
                v % 10
            ));
        }
        let lowest = values.iter().min().copied().unwrap_or(1000);
        svg.push_str(&format!(
            "<rect x=\"{left}\" y=\"{:.1}\" width=\"10\" height=\"3\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{} (lowest {}.{}%)</text></g>\n",
            legend_top + 14.0 * i as f64 - 4.0,
            left + 14.0,
            legend_top + 14.0 * i as f64,
            esc(name),
            lowest / 10,
            lowest % 10
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

/// A bar chart row: its label, and each series' value (`None`: never happened).
type BarRow<'a> = (String, Vec<(&'a str, Option<u32>)>);

/// A horizontal bar chart: one row per label, one bar per value.
fn bars(id: &str, title: &str, rows: &[BarRow<'_>]) -> String {
    let max = rows
        .iter()
        .flat_map(|(_, v)| v.iter().filter_map(|(_, x)| *x))
        .max()
        .unwrap_or(1)
        .max(1);
    let series = rows.first().map_or(1, |(_, v)| v.len().max(1));
    let row_h = 8.0 * series as f64 + 6.0;
    let (left, width) = (260.0, 300.0);
    let h = 30.0 + row_h * rows.len() as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{id}\" width=\"640\" height=\"{h}\" viewBox=\"0 0 640 {h}\">\n<title>{}</title>\n",
        esc(title)
    );
    for (i, (label, values)) in rows.iter().enumerate() {
        let y0 = 10.0 + row_h * i as f64;
        svg.push_str(&format!(
            "<text x=\"4\" y=\"{:.1}\" font-size=\"10\">{}</text>\n",
            y0 + 8.0,
            esc(label)
        ));
        for (j, (name, v)) in values.iter().enumerate() {
            let y = y0 + 8.0 * j as f64;
            let colour = COLOURS[j % COLOURS.len()];
            match v {
                Some(v) => svg.push_str(&format!(
                    "<rect class=\"bar\" x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"7\" fill=\"{colour}\" data-label=\"{}\" data-series=\"{name}\" data-value=\"{v}\"><title>{} {name}: {v} turns</title></rect>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\">{v}</text>\n",
                    (width * f64::from(*v) / f64::from(max)).max(1.0),
                    esc(label),
                    esc(label),
                    left + (width * f64::from(*v) / f64::from(max)).max(1.0) + 3.0,
                    y + 7.0
                )),
                None => svg.push_str(&format!(
                    "<text x=\"{left}\" y=\"{:.1}\" font-size=\"8\" fill=\"{colour}\" data-label=\"{}\" data-series=\"{name}\" data-value=\"none\">{name}: never</text>\n",
                    y + 7.0,
                    esc(label)
                )),
            }
        }
    }
    let mut legend = 4.0;
    if let Some((_, v)) = rows.first() {
        for (j, (name, _)) in v.iter().enumerate() {
            svg.push_str(&format!(
                "<text x=\"{legend}\" y=\"{:.1}\" font-size=\"10\" fill=\"{}\">■ {name}</text>\n",
                h - 6.0,
                COLOURS[j % COLOURS.len()]
            ));
            legend += 120.0;
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// The infrastructure graph at the end, each asset marked as the last turn left it.
fn infrastructure(r: &Record, a: &Analysis) -> String {
    use jointex_scenario::layout;
    let s = &r.scenario;
    layout::svg(
        s,
        &layout::layout(s),
        a.marks.last().map_or(&[][..], Vec::as_slice),
        &format!(
            "{}: the infrastructure at the end",
            s.meta.title.get(Lang::En)
        ),
    )
}

/// The infrastructure after four turns spread over the exercise (every turn when there are
/// four or fewer), marked as it stood then: the picture a hot wash points at.
fn spread(r: &Record, a: &Analysis) -> String {
    use jointex_scenario::layout;
    let s = &r.scenario;
    let turns = a.marks.len();
    if turns == 0 {
        return "<p>No turn was played.</p>\n".to_owned();
    }
    let chosen: Vec<usize> = if turns <= 4 {
        (1..=turns).collect()
    } else {
        let mut v: Vec<usize> = (1..=4).map(|k| (turns * k).div_ceil(4)).collect();
        v.dedup();
        v
    };
    let l = layout::layout(s);
    chosen
        .iter()
        .map(|&t| {
            format!(
                "<figure><figcaption>After turn {t}</figcaption>\n{}</figure>\n",
                layout::svg(
                    s,
                    &l,
                    &a.marks[t - 1],
                    &format!("The infrastructure after turn {t}")
                )
            )
        })
        .collect()
}

fn charts(r: &Record, a: &Analysis) -> String {
    let s = &r.scenario;
    let incidents: Vec<BarRow<'_>> = a
        .incidents
        .iter()
        .map(|i| {
            (
                format!(
                    "{} (turn {})",
                    s.assets
                        .get(i.asset.index())
                        .map_or("?", |x| x.key.as_str()),
                    i.compromised
                ),
                vec![
                    ("detect", i.time_to_detect()),
                    ("contain", i.time_to_contain()),
                ],
            )
        })
        .collect();
    let shares: Vec<BarRow<'_>> = a
        .shares
        .iter()
        .map(|x| {
            (
                format!(
                    "turn {} {}→{} {}",
                    x.turn,
                    team_key(s, x.from),
                    team_key(s, x.to),
                    if x.indicators.is_empty() {
                        "note".to_owned()
                    } else {
                        x.indicators.join(",")
                    }
                ),
                vec![("latency", Some(x.latency))],
            )
        })
        .collect();
    let _ = asset_name;
    format!(
        "<h2>Charts</h2>\n<h3>The infrastructure at the end of the exercise</h3>\n<p>Nations side by side, sectors as rows, zones from the internet to OT; red: held by the adversary at the end; amber: compromised during the exercise and contained; dark: service down; grey: degraded. Lines: network (grey), trust (blue), supply chain (purple), dependency (orange). The same picture as <code>jointex graph --format svg</code>.</p>\n{}<h3>How the attack spread</h3>\n<div class=\"multiples\">{}</div>\n<h3>Service availability of the sectors that changed, per nation</h3>\n{}<h3>Time to detect and contain per incident (turns)</h3>\n{}<h3>Information-sharing latency (turns from finding to sharing)</h3>\n{}",
        infrastructure(r, a),
        spread(r, a),
        availability_charts(r, a),
        bars(
            "incidents",
            "Time to detect and contain per incident",
            &incidents
        ),
        bars("sharing", "Information-sharing latency", &shares)
    )
}

/// The report.
pub(crate) fn write(
    r: &Record,
    a: &Analysis,
    edition: super::Edition,
    carried: Option<&super::Carried>,
) -> String {
    let md = super::md::write(r, a, edition, carried);
    let mark = esc(&super::md::marking(r));
    let title = esc(r.scenario.meta.title.get(Lang::En));
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title} After-Action Report/Improvement Plan</title>\n<style>\nbody{{font-family:sans-serif;max-width:60em;margin:0 auto;padding:0 1em 3em}}\nheader,footer{{text-align:center;font-weight:bold;color:#a00;border:1px solid #a00;padding:.3em;margin:.5em 0}}\ntable{{border-collapse:collapse;margin:.5em 0}}td,th{{border:1px solid #999;padding:.2em .4em;vertical-align:top;font-size:.9em}}\nth{{background:#eee}}svg.chart{{display:block;margin:.5em 0;max-width:100%;height:auto}}\n.multiples{{display:flex;flex-wrap:wrap;gap:1em}}.multiples figure{{margin:0;flex:1 1 400px}}figcaption{{font-weight:bold}}\n@page{{margin:15mm}}\n@media print{{body{{max-width:none;padding:0}}header,footer{{border-color:#000;color:#000}}table,figure,svg.chart,h2,h3{{break-inside:avoid}}h2,h3{{break-after:avoid}}th{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}}}\n</style>\n</head>\n<body>\n<header class=\"marking\">{mark}</header>\n{}<footer class=\"marking\">{mark}</footer>\n</body>\n</html>\n",
        body(&md, &charts(r, a))
    )
}
