//! `--html`: one self-contained page (XHTML, inline CSS and SVG, no script, nothing fetched)
//! that a planner who never opens a terminal can read, print or mail: the comparison first,
//! then a histogram of every measure, the campaign funnel, injects, objectives and the
//! assets lost most often.

use std::fmt::Write as _;

use crate::Document;
use crate::catalog::MeasureDef;
use crate::stats::Paired;
use crate::summary::{Arm, arm_labels, short};

const A: &str = "#1f5f99";
const B: &str = "#d9822b";

/// The page.
pub fn write(doc: &Document) -> String {
    let h = &doc.study;
    let c = &h.catalog;
    let s = &doc.summary;
    let mut o = String::new();
    let title = format!(
        "Study of {} v{}: {} runs",
        h.scenario,
        h.version,
        doc.runs.len()
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let policies = |p: &[String]| {
        c.teams
            .iter()
            .zip(p)
            .map(|(t, p)| format!("{t} = {p}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let seeds = match (doc.runs.first(), doc.runs.last()) {
        (Some(a), Some(b)) => format!("{} to {}", a.seed, b.seed),
        _ => "none".to_owned(),
    };
    let _ = write!(
        o,
        "<table class=\"facts\"><tr><th>Scenario</th><td>{} v{} (digest {})</td></tr>\
         <tr><th>Runs</th><td>{} (seeds {seeds}), up to {} turns each</td></tr>\
         <tr><th><span class=\"key a\"></span>Policies a</th><td>{}</td></tr>",
        esc(&h.scenario),
        esc(&h.version),
        esc(&h.digest),
        doc.runs.len(),
        h.turns,
        esc(&policies(&h.policies))
    );
    if let Some(vs) = &h.vs {
        let _ = write!(
            o,
            "<tr><th><span class=\"key b\"></span>Policies b</th><td>{} — played on the same seeds</td></tr>",
            esc(&policies(vs))
        );
    }
    o.push_str("</table>\n");

    if let Some(vs) = &h.vs {
        let (la, lb) = arm_labels(c, &h.policies, vs);
        let _ = write!(
            o,
            "<h2 id=\"comparison\">What {} instead of {} changes</h2>\n<p>Each row is the mean difference b − a over the seeds both measured, with its 95 % confidence interval (paired Student t). A bar that does not cross the zero line is a clear difference; green is better, red worse.</p>\n<table class=\"cmp\">\n<tr><th>measure</th><th>a</th><th>b</th><th>b − a [95 %]</th><th>interval</th></tr>\n",
            esc(&lb),
            esc(&la)
        );
        for (cmp, def) in s.comparisons.iter().zip(&c.measures) {
            let who = def.team.as_deref().unwrap_or("all");
            match &cmp.paired {
                Some(p) => {
                    let _ = writeln!(
                        o,
                        "<tr{}><td>{} — {}</td><td>{}</td><td>{}</td><td>{:+} [{}, {}]</td><td>{}</td></tr>",
                        if p.clear() { " class=\"clear\"" } else { "" },
                        esc(who),
                        esc(&def.label),
                        short(p.mean_a),
                        short(p.mean_b),
                        short(p.diff),
                        short(p.low),
                        short(p.high),
                        interval(p, def)
                    );
                }
                None => {
                    let _ = writeln!(
                        o,
                        "<tr><td>{} — {}</td><td colspan=\"4\">too few runs measured under both</td></tr>",
                        esc(who),
                        esc(&def.label)
                    );
                }
            }
        }
        o.push_str("</table>\n<ul class=\"sentences\">\n");
        for cmp in &s.comparisons {
            if cmp.paired.as_ref().is_some_and(Paired::clear) {
                let _ = writeln!(o, "<li>{}</li>", esc(&cmp.sentence));
            }
        }
        o.push_str("</ul>\n");
    }

    if !s.findings.is_empty() {
        o.push_str("<h2 id=\"findings\">Findings</h2>\n<ul>\n");
        for f in &s.findings {
            let _ = writeln!(o, "<li>{}</li>", esc(f));
        }
        o.push_str("</ul>\n");
    }

    o.push_str("<h2 id=\"measures\">Measures</h2>\n<p>How many runs ended with each value; under two policy sets, side by side.</p>\n<div class=\"grid\">\n");
    for (m, def) in c.measures.iter().enumerate() {
        let values: Vec<Vec<f64>> = (0..s.arms.len())
            .map(|k| {
                doc.runs
                    .iter()
                    .filter_map(|r| if k == 0 { Some(&r.a) } else { r.b.as_ref() })
                    .filter_map(|x| x.measures.get(m).copied().flatten())
                    .collect()
            })
            .collect();
        let who = def.team.as_deref().unwrap_or("all nations");
        let _ = write!(
            o,
            "<figure><figcaption>{} — {}{}</figcaption>{}",
            esc(who),
            esc(&def.label),
            esc(def.unit.suffix()),
            histogram(&values)
        );
        for (arm, v) in s.arms.iter().zip(&values) {
            let d = arm.measures.get(m).and_then(Option::as_ref);
            let line = match d {
                Some(d) => format!(
                    "{}: mean {}, median {} [5–95 %: {}–{}], {} of {} runs",
                    arm.arm,
                    short(d.mean),
                    short(d.median),
                    short(d.p5),
                    short(d.p95),
                    v.len(),
                    arm.runs
                ),
                None => format!("{}: nothing to measure in any run", arm.arm),
            };
            let _ = write!(o, "<p class=\"note\">{}</p>", esc(&line));
        }
        o.push_str("</figure>\n");
    }
    o.push_str("</div>\n");

    for arm in &s.arms {
        design(&mut o, doc, arm);
    }
    o.push_str("<p class=\"foot\">Made by <code>jointex study</code>. Every run is reproducible: <code>jointex run SCENARIO --seed N --policy TEAM=POLICY</code> plays seed N again, turn by turn.</p>\n</body>\n</html>\n");
    o
}

const CSS: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.15rem .5rem;text-align:left;vertical-align:top}\
table.cmp td:nth-child(n+2){text-align:right}tr.clear td:first-child{font-weight:bold}\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}\
figure{margin:0;border:1px solid #ddd;padding:.5rem}figcaption{font-weight:bold;font-size:.9rem}\
.note{font-size:.8rem;margin:.1rem 0}.foot{margin-top:2rem;font-size:.8rem;color:#555}\
.key{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}.key.a{background:#1f5f99}.key.b{background:#d9822b}\
svg text{font-size:10px;font-family:system-ui,sans-serif}\
@media print{.grid{display:block}figure{break-inside:avoid;margin-bottom:.5rem}}";

/// Escapes text for XHTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML at all.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An interval bar: zero in the middle, the interval and its mean, coloured by whether the
/// difference is better or worse.
fn interval(p: &Paired, def: &MeasureDef) -> String {
    let (w, h) = (160.0, 14.0);
    let reach = p.low.abs().max(p.high.abs()).max(1e-9) * 1.1;
    let x = |v: f64| w / 2.0 + v / reach * (w / 2.0);
    let colour = if !p.clear() {
        "#888"
    } else {
        let lower = p.diff < 0.0;
        match (def.better, lower) {
            (crate::catalog::Better::Lower, true) | (crate::catalog::Better::Higher, false) => {
                "#2a8a3a"
            }
            _ => "#c0392b",
        }
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\"><title>{:+} [{}, {}]</title><line x1=\"{m}\" y1=\"0\" x2=\"{m}\" y2=\"{h}\" stroke=\"#999\"/><rect x=\"{:.1}\" y=\"4\" width=\"{:.1}\" height=\"6\" fill=\"{colour}\"/><circle cx=\"{:.1}\" cy=\"7\" r=\"3\" fill=\"#222\"/></svg>",
        short(p.diff),
        short(p.low),
        short(p.high),
        x(p.low),
        (x(p.high) - x(p.low)).max(1.0),
        x(p.diff),
        m = w / 2.0
    )
}

/// A histogram of one or two samples, side by side per bin. Whole numbers over a short range
/// get a bin each; anything else twenty equal bins.
fn histogram(samples: &[Vec<f64>]) -> String {
    let all: Vec<f64> = samples.iter().flatten().copied().collect();
    let (w, h, pad) = (300.0, 110.0, 16.0);
    if all.is_empty() {
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"30\" role=\"img\"><text x=\"4\" y=\"18\">nothing measured</text></svg>"
        );
    }
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let whole = all.iter().all(|x| x.fract() == 0.0) && hi - lo <= 30.0;
    let bins = if whole {
        (hi - lo) as usize + 1
    } else if hi > lo {
        20
    } else {
        1
    };
    let width = if whole || hi <= lo {
        1.0
    } else {
        (hi - lo) / bins as f64
    };
    let bin = |x: f64| (((x - lo) / width) as usize).min(bins - 1);
    let counts: Vec<Vec<u32>> = samples
        .iter()
        .map(|v| {
            let mut c = vec![0u32; bins];
            for &x in v {
                c[bin(x)] += 1;
            }
            c
        })
        .collect();
    let top = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
    let slot = (w - 2.0 * pad) / bins as f64;
    let bar = slot / samples.len() as f64;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{}\" viewBox=\"0 0 {w} {}\" role=\"img\">",
        h + 14.0,
        h + 14.0
    );
    for (k, c) in counts.iter().enumerate() {
        let fill = if k == 0 { A } else { B };
        for (i, &n) in c.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let bh = (h - pad) * f64::from(n) / f64::from(top);
            let x = pad + i as f64 * slot + k as f64 * bar;
            let from = lo + i as f64 * width;
            let label = if whole {
                short(from)
            } else {
                format!("{}–{}", short(from), short(from + width))
            };
            let _ = write!(
                o,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{fill}\"><title>{}: {n} runs</title></rect>",
                h - bh,
                (bar - 0.5).max(0.5),
                esc(&label)
            );
        }
    }
    let _ = write!(
        o,
        "<line x1=\"{pad}\" y1=\"{h}\" x2=\"{}\" y2=\"{h}\" stroke=\"#999\"/><text x=\"{pad}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"2\" y=\"10\">{top}</text></svg>",
        w - pad,
        h + 12.0,
        short(lo),
        w - pad,
        h + 12.0,
        short(hi)
    );
    o
}

/// Horizontal bars of shares of runs, one row per label.
fn bars(rows: &[(String, u32, Option<u32>)], n: u32) -> String {
    let (w, row, label_w) = (520.0, 16.0, 260.0);
    let height = row * rows.len() as f64 + 4.0;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\">"
    );
    let span = w - label_w - 50.0;
    for (i, (label, k, second)) in rows.iter().enumerate() {
        let y = i as f64 * row + 2.0;
        let share = |k: u32| f64::from(k) / f64::from(n.max(1));
        let _ = write!(
            o,
            "<text x=\"0\" y=\"{:.1}\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{A}\"><title>{k} of {n} runs</title></rect>",
            y + 11.0,
            esc(label),
            span * share(*k),
            row - 4.0
        );
        if let Some(second) = second {
            let _ = write!(
                o,
                "<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{:.1}\" height=\"4\" fill=\"{B}\"><title>{second} of {n} runs</title></rect>",
                y + row - 8.0,
                span * share(*second)
            );
        }
        let _ = write!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\">{} %</text>",
            label_w + span + 4.0,
            y + 11.0,
            short(100.0 * share(*k))
        );
    }
    o.push_str("</svg>");
    o
}

fn design(o: &mut String, doc: &Document, arm: &Arm) {
    let c = &doc.study.catalog;
    let n = arm.runs;
    let tag = if doc.summary.arms.len() > 1 {
        format!(" — policies {}", arm.arm)
    } else {
        String::new()
    };
    let _ = write!(
        o,
        "<h2 id=\"funnel-{}\">Campaign funnel{}</h2>\n<p>Share of runs in which the adversary reached each stage (bar) and completed it (thin line).</p>\n",
        arm.arm,
        esc(&tag)
    );
    let rows: Vec<(String, u32, Option<u32>)> = c
        .stages
        .iter()
        .zip(&arm.stages)
        .map(|(d, [r, done])| (format!("{} / {}", d.campaign, d.stage), *r, Some(*done)))
        .collect();
    o.push_str(&bars(&rows, n));
    let _ = write!(
        o,
        "\n<h2 id=\"injects-{}\">Injects{}</h2>\n<p>Share of runs in which each inject fired; a contingency is marked (c). Never and always are findings.</p>\n",
        arm.arm,
        esc(&tag)
    );
    let rows: Vec<(String, u32, Option<u32>)> = c
        .injects
        .iter()
        .zip(&arm.injects)
        .map(|(d, k)| {
            let name = if d.contingency {
                format!("{} (c)", d.key)
            } else {
                d.key.clone()
            };
            (name, *k, None)
        })
        .collect();
    o.push_str(&bars(&rows, n));
    let _ = write!(
        o,
        "\n<h2 id=\"objectives-{}\">Objectives{}</h2>\n<table><tr><th>objective</th><th>met</th><th>not met</th><th>not exercised</th><th></th></tr>\n",
        arm.arm,
        esc(&tag)
    );
    let pc = |k: u32| format!("{} %", short(100.0 * f64::from(k) / f64::from(n.max(1))));
    for (d, k) in c.objectives.iter().zip(&arm.objectives) {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.key),
            pc(k.met()),
            pc(k.not_met()),
            pc(k.not_exercised),
            esc(&d.text)
        );
    }
    o.push_str("</table>\n");
    let _ = write!(
        o,
        "<h2 id=\"assets-{}\">Assets compromised{}</h2>\n<p>In {} of {n} runs the adversary compromised nothing. The assets it took most often:</p>\n",
        arm.arm,
        esc(&tag),
        arm.quiet_runs
    );
    let rows: Vec<(String, u32, Option<u32>)> = arm
        .assets
        .iter()
        .take(25)
        .map(|a| (a.asset.clone(), a.runs, None))
        .collect();
    if rows.is_empty() {
        o.push_str("<p>None, in any run.</p>\n");
    } else {
        o.push_str(&bars(&rows, n));
        o.push('\n');
    }
}
