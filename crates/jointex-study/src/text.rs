//! The terminal summary of a study: what a planner reads without opening a file.

use crate::Document;
use crate::stats::Distribution;
use crate::summary::{Arm, arm_labels, short};

/// The summary as text, lines of at most about 100 columns.
pub fn write(doc: &Document) -> String {
    let h = &doc.study;
    let c = &h.catalog;
    let s = &doc.summary;
    let mut out = String::new();
    let seeds = match (doc.runs.first(), doc.runs.last()) {
        (Some(a), Some(b)) => format!("seeds {} to {}", a.seed, b.seed),
        _ => "no seeds".to_owned(),
    };
    let part = match doc.shard {
        Some(sh) => format!(", shard {} of {}", sh.index, sh.of),
        None => String::new(),
    };
    out.push_str(&format!(
        "{} v{}: {} runs ({seeds}{part}), up to {} turns each\n",
        h.scenario,
        h.version,
        doc.runs.len(),
        h.turns
    ));
    let policies = |p: &[String]| {
        c.teams
            .iter()
            .zip(p)
            .map(|(t, p)| format!("{t}={p}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!("  a: {}\n", policies(&h.policies)));
    if let Some(vs) = &h.vs {
        out.push_str(&format!("  b: {} (the same seeds)\n", policies(vs)));
    }
    out.push('\n');

    // Measures: one row each, a column per policy set.
    let mut rows = vec![{
        let mut r = vec!["measure".to_owned(), "team".to_owned()];
        for arm in &s.arms {
            r.push(format!("{}: mean", arm.arm));
            r.push(format!("{}: median [5–95 %]", arm.arm));
            r.push(format!("{}: n", arm.arm));
        }
        r
    }];
    for (m, def) in c.measures.iter().enumerate() {
        let mut r = vec![
            format!("{}{}", def.label, unit_note(def.unit)),
            def.team.clone().unwrap_or_else(|| "all".to_owned()),
        ];
        for arm in &s.arms {
            match arm.measures.get(m).and_then(Option::as_ref) {
                Some(d) => {
                    r.push(short(d.mean));
                    r.push(range(d));
                    r.push(d.n.to_string());
                }
                None => r.extend(["-".to_owned(), "-".to_owned(), "0".to_owned()]),
            }
        }
        rows.push(r);
    }
    out.push_str(&table(&rows, 2));
    out.push_str("(n: runs with something to measure — no detection, no time to detect)\n\n");

    for arm in &s.arms {
        design(&mut out, doc, arm);
    }

    if let Some(vs) = &h.vs {
        let (la, lb) = arm_labels(c, &h.policies, vs);
        out.push_str(&format!(
            "What {lb} instead of {la} changes (paired over the same seeds, 95 % interval):\n"
        ));
        let mut clear = 0;
        for cmp in &s.comparisons {
            if cmp.paired.as_ref().is_some_and(|p| p.clear()) {
                clear += 1;
                out.push_str(&format!("  {}\n", cmp.sentence));
            }
        }
        if clear == 0 {
            out.push_str("  no measure differs clearly\n");
        }
        let unclear = s.comparisons.len() - clear;
        if unclear > 0 {
            out.push_str(&format!(
                "  ({unclear} other measures show no clear difference; --json or --html lists them)\n"
            ));
        }
        out.push('\n');
    }

    if !s.findings.is_empty() {
        out.push_str("Findings:\n");
        for f in &s.findings {
            out.push_str(&format!("  - {f}\n"));
        }
    }
    out
}

fn unit_note(u: crate::catalog::Unit) -> &'static str {
    match u {
        crate::catalog::Unit::Turns => " (turns)",
        crate::catalog::Unit::Hours => " (people-hours)",
        crate::catalog::Unit::Percent => " (%)",
        crate::catalog::Unit::Count => "",
    }
}

fn range(d: &Distribution) -> String {
    format!("{} [{}–{}]", short(d.median), short(d.p5), short(d.p95))
}

fn percent(k: u32, n: u32) -> String {
    if n == 0 {
        return "-".to_owned();
    }
    format!("{} %", short(100.0 * f64::from(k) / f64::from(n)))
}

/// How the scenario's design played under one policy set.
fn design(out: &mut String, doc: &Document, arm: &Arm) {
    let c = &doc.study.catalog;
    let n = arm.runs;
    let tag = if doc.summary.arms.len() > 1 {
        format!(" [{}]", arm.arm)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Objectives{tag}: met / not met / not exercised, of {n} runs\n"
    ));
    let mut rows = Vec::new();
    for (def, k) in c.objectives.iter().zip(&arm.objectives) {
        rows.push(vec![
            def.key.clone(),
            percent(k.met(), n),
            percent(k.not_met(), n),
            percent(k.not_exercised, n),
            def.text.clone(),
        ]);
    }
    out.push_str(&indent(&table(&rows, 1)));
    out.push_str(&format!(
        "\nCampaign funnel{tag}: runs reaching / completing each stage\n"
    ));
    let mut rows = Vec::new();
    for (def, [reached, completed]) in c.stages.iter().zip(&arm.stages) {
        rows.push(vec![
            format!("{} / {} / {}", def.actor, def.campaign, def.stage),
            percent(*reached, n),
            percent(*completed, n),
            bar(*reached, n),
        ]);
    }
    out.push_str(&indent(&table(&rows, 1)));
    out.push_str(&format!("\nInjects{tag}: runs in which each fired\n"));
    let mut rows = Vec::new();
    for (def, fired) in c.injects.iter().zip(&arm.injects) {
        rows.push(vec![
            def.key.clone(),
            if def.contingency {
                "contingency".to_owned()
            } else {
                String::new()
            },
            percent(*fired, n),
        ]);
    }
    out.push_str(&indent(&table(&rows, 2)));
    if !c.expected.is_empty() {
        out.push_str(&format!("\nExpected actions{tag}: met / missed\n"));
        let mut rows = Vec::new();
        for (def, [met, missed]) in c.expected.iter().zip(&arm.expected) {
            rows.push(vec![
                def.inject.clone(),
                def.action.clone(),
                percent(*met, n),
                percent(*missed, n),
            ]);
        }
        out.push_str(&indent(&table(&rows, 2)));
    }
    out.push_str(&format!(
        "\nAssets compromised{tag}: in {} of {n} runs nothing was; most often:\n",
        arm.quiet_runs
    ));
    if arm.assets.is_empty() {
        out.push_str("  none in any run\n");
    }
    for a in arm.assets.iter().take(10) {
        out.push_str(&format!("  {:<28} {}\n", a.asset, percent(a.runs, n)));
    }
    if arm.assets.len() > 10 {
        out.push_str(&format!(
            "  … and {} more (--json, --csv)\n",
            arm.assets.len() - 10
        ));
    }
    out.push('\n');
}

fn bar(k: u32, n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    "█".repeat((20 * u64::from(k) / u64::from(n)) as usize)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// Left-aligns the first `text_columns` columns, right-aligns the rest but a last text
/// column; no trailing spaces.
fn table(rows: &[Vec<String>], text_columns: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c].saturating_sub(cell.chars().count());
            let numeric = cell
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit() || ch == '-')
                && c >= text_columns;
            if numeric {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
