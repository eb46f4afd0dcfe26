//! Where each asset sits in a picture of the infrastructure: one deterministic layout per
//! scenario, and the SVG drawn from it (`jointex graph --format svg`, the after-action report).
//!
//! Why our own layout rather than a force-directed or layered one from a crate: the reader's
//! questions are "which nation, which sector, how deep in the network" — so the picture is a
//! table. Nations are columns side by side (scenario order, so cross-border edges run between
//! them); sectors are rows; within a nation's row, zones run left to right from the internet
//! to OT; the assets of one cell fill a small grid in id order. Every row of a nation is as
//! tall as its fullest cell, every zone column as wide as its widest; nothing is random, so
//! the same scenario gives the same coordinates, and an asset is always where the previous
//! picture had it. Edges are straight lines drawn under the nodes, coloured by kind.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::Scenario;
use crate::model::EdgeKind;
use crate::text::Lang;
use crate::vocab::{Sector, Zone};

/// Distance between neighbouring assets, in SVG user units (pixels).
const STEP: f64 = 22.0;
/// Room for a row's sector label and a column's zone label.
const LABEL: f64 = 96.0;
const HEADER: f64 = 44.0;
const GAP: f64 = 40.0;

/// A labelled rectangle of the picture: a nation, a sector row or a zone column.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// What it is: `United States`, `energy`, `OT`.
    pub label: String,
    /// Top-left corner.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// The picture's geometry.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Width of the whole picture.
    pub width: f64,
    /// Height of the whole picture.
    pub height: f64,
    /// Centre of each asset, by asset id.
    pub nodes: Vec<(f64, f64)>,
    /// Nations, in team order.
    pub nations: Vec<Band>,
    /// Sector rows.
    pub sectors: Vec<Band>,
    /// Zone columns (their labels).
    pub zones: Vec<Band>,
}

/// How an asset is marked in a picture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mark {
    /// Nothing to say (or nothing known).
    #[default]
    Quiet,
    /// Held by the adversary.
    Compromised,
    /// Was compromised; the adversary is out or the asset isolated.
    Contained,
    /// Its service is down.
    Down,
    /// Its service is degraded.
    Degraded,
}

impl Mark {
    fn style(self) -> (&'static str, &'static str) {
        match self {
            Mark::Quiet => ("#ffffff", "quiet"),
            Mark::Compromised => ("#d62728", "compromised"),
            Mark::Contained => ("#ffbf00", "contained"),
            Mark::Down => ("#333333", "down"),
            Mark::Degraded => ("#9e9e9e", "degraded"),
        }
    }
}

const ZONES: [Zone; 4] = [Zone::Internet, Zone::Dmz, Zone::It, Zone::Ot];

/// Columns of a cell's grid for `n` assets: about square, a little wider than tall.
fn columns(n: usize) -> usize {
    let mut c = 1;
    while c * c < n {
        c += 1;
    }
    c
}

/// The layout of a scenario.
pub fn layout(s: &Scenario) -> Layout {
    let mut nodes = vec![(0.0, 0.0); s.assets.len()];
    let mut nations = Vec::new();
    let mut sectors_out = Vec::new();
    let mut zones_out = Vec::new();
    let mut x0 = 0.0;
    let mut height: f64 = 0.0;
    for (t, team) in s.teams.iter().enumerate() {
        // The team's cells: (sector, zone) → assets in id order.
        let mut cells: BTreeMap<(Sector, usize), Vec<usize>> = BTreeMap::new();
        for (i, a) in s.assets.iter().enumerate() {
            if a.owner.index() == t {
                let z = ZONES.iter().position(|z| *z == a.zone).unwrap_or(0);
                cells.entry((a.sector, z)).or_default().push(i);
            }
        }
        let sectors: Vec<Sector> = {
            let mut v: Vec<Sector> = cells.keys().map(|(s, _)| *s).collect();
            v.dedup();
            v
        };
        // Widest cell per zone column, tallest cell per sector row, in steps.
        let mut zone_w = [0usize; 4];
        let mut row_h: BTreeMap<Sector, usize> = BTreeMap::new();
        for ((sector, z), list) in &cells {
            let c = columns(list.len());
            zone_w[*z] = zone_w[*z].max(c);
            let h = row_h.entry(*sector).or_default();
            *h = (*h).max(list.len().div_ceil(c));
        }
        let zone_x: Vec<f64> = {
            let mut at = x0 + LABEL;
            zone_w
                .iter()
                .map(|w| {
                    let here = at;
                    if *w > 0 {
                        at += (*w as f64) * STEP + STEP;
                    }
                    here
                })
                .collect()
        };
        let right = zone_x[3] + (zone_w[3] as f64) * STEP + STEP;
        let mut y = HEADER + STEP;
        for sector in &sectors {
            let h = row_h.get(sector).copied().unwrap_or(1).max(1);
            for (z, _) in ZONES.iter().enumerate() {
                let Some(list) = cells.get(&(*sector, z)) else {
                    continue;
                };
                let c = columns(list.len());
                for (k, &i) in list.iter().enumerate() {
                    nodes[i] = (
                        zone_x[z] + STEP / 2.0 + (k % c) as f64 * STEP,
                        y + STEP / 2.0 + (k / c) as f64 * STEP,
                    );
                }
            }
            sectors_out.push(Band {
                label: sector.label().to_lowercase(),
                x: x0,
                y,
                w: right - x0,
                h: h as f64 * STEP,
            });
            y += h as f64 * STEP + STEP / 2.0;
        }
        for (z, zone) in ZONES.iter().enumerate() {
            if zone_w[z] > 0 {
                zones_out.push(Band {
                    label: zone.label().to_owned(),
                    x: zone_x[z],
                    y: HEADER,
                    w: zone_w[z] as f64 * STEP,
                    h: STEP,
                });
            }
        }
        nations.push(Band {
            label: format!("{} ({})", team.name.get(Lang::En), team.nation),
            x: x0,
            y: 0.0,
            w: right - x0,
            h: y,
        });
        height = height.max(y);
        x0 = right + GAP;
    }
    Layout {
        width: (x0 - GAP).max(LABEL),
        height: height + STEP,
        nodes,
        nations,
        sectors: sectors_out,
        zones: zones_out,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn edge_style(kind: &EdgeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EdgeKind::Network { .. } => ("#b0b0b0", "", "network"),
        EdgeKind::Trust(_) => ("#1f77b4", "4 3", "trust"),
        EdgeKind::SupplyChain { .. } => ("#9467bd", "", "supply-chain"),
        EdgeKind::Dependency { .. } => ("#ff7f0e", "2 3", "dependency"),
    }
}

/// The picture as SVG: `marks` (by asset id; missing ones are quiet) colour the nodes,
/// `title` names it. Every asset is one `circle` of class `asset` with its id in `data-asset`.
pub fn svg(s: &Scenario, l: &Layout, marks: &[Mark], title: &str) -> String {
    let legend_h = 30.0;
    let (w, h) = (l.width.ceil(), (l.height + legend_h).ceil());
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart graph\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"11\">\n<title>{}</title>\n",
        esc(title)
    );
    for n in &l.nations {
        let _ = writeln!(
            o,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#f7f7f7\" stroke=\"#cccccc\"/><text x=\"{:.1}\" y=\"16\" font-weight=\"bold\" font-size=\"13\">{}</text>",
            n.x,
            n.y,
            n.w,
            n.h,
            n.x + 6.0,
            esc(&n.label)
        );
    }
    for z in &l.zones {
        let _ = writeln!(
            o,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#555555\">{}</text>",
            z.x + 2.0,
            z.y + 12.0,
            esc(&z.label)
        );
    }
    for b in &l.sectors {
        let _ = writeln!(
            o,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#e0e0e0\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#555555\">{}</text>",
            b.x,
            b.y - 4.0,
            b.x + b.w,
            b.y - 4.0,
            b.x + 6.0,
            b.y + 12.0,
            esc(&b.label)
        );
    }
    for e in &s.edges {
        let (Some(a), Some(b)) = (l.nodes.get(e.from.index()), l.nodes.get(e.to.index())) else {
            continue;
        };
        let (colour, dash, kind) = edge_style(&e.kind);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            o,
            "<line class=\"edge {kind}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"1\"{dash}/>",
            a.0, a.1, b.0, b.1
        );
    }
    for (i, a) in s.assets.iter().enumerate() {
        let (x, y) = l.nodes[i];
        let mark = marks.get(i).copied().unwrap_or_default();
        let (fill, state) = mark.style();
        let _ = writeln!(
            o,
            "<circle class=\"asset {state}\" data-asset=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"{fill}\" stroke=\"#222222\" stroke-width=\"1\"><title>{} — {} ({})</title></circle>",
            esc(&a.key),
            esc(&a.key),
            esc(a.name.get(Lang::En)),
            state
        );
    }
    // Legend: node states, then edge kinds.
    let y = l.height + 12.0;
    let mut x = 6.0;
    for m in [
        Mark::Quiet,
        Mark::Compromised,
        Mark::Contained,
        Mark::Down,
        Mark::Degraded,
    ] {
        let (fill, state) = m.style();
        let _ = write!(
            o,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{fill}\" stroke=\"#222222\"/><text x=\"{:.1}\" y=\"{:.1}\">{state}</text>",
            x + 9.0,
            y + 4.0
        );
        x += 20.0 + 7.0 * state.len() as f64;
    }
    for kind in [
        EdgeKind::Network { both_ways: true },
        EdgeKind::SupplyChain { product: None },
        EdgeKind::Dependency { buffer: 0 },
    ] {
        let (colour, dash, name) = edge_style(&kind);
        let _ = write!(
            o,
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-dasharray=\"{dash}\"/><text x=\"{:.1}\" y=\"{:.1}\">{name}</text>",
            x + 18.0,
            x + 22.0,
            y + 4.0
        );
        x += 34.0 + 7.0 * name.len() as f64;
    }
    o.push_str("\n</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_deterministic_and_separates_nations() {
        let s = crate::load(crate::DEFAULT_SCENARIO)
            .expect("valid")
            .scenario;
        let a = layout(&s);
        assert_eq!(a, layout(&s));
        assert_eq!(a.nodes.len(), s.assets.len());
        // Every asset of the first nation is left of every asset of the second.
        let right_of_us = a.nations[0].x + a.nations[0].w;
        for (i, asset) in s.assets.iter().enumerate() {
            let (x, y) = a.nodes[i];
            assert!(x > 0.0 && y > 0.0 && x < a.width && y < a.height);
            assert_eq!(x < right_of_us, asset.owner.index() == 0, "{}", asset.key);
        }
        // No two assets share a place.
        let mut seen: Vec<(i64, i64)> = a
            .nodes
            .iter()
            .map(|(x, y)| ((x * 10.0) as i64, (y * 10.0) as i64))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), s.assets.len());
    }
}
