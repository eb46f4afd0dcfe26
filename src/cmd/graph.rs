//! `jointex graph`: a scenario's infrastructure graph for Graphviz (DOT) and other tools
//! (JSON), whole or narrowed to one nation or one sector.
//!
//! DOT groups assets in a cluster per nation (`cluster_US`) with a cluster per sector inside
//! it; a node is labelled with its id and name, shaped by its kind and filled by its zone,
//! and drawn with a double border at criticality 5. Edges are styled by kind: network solid
//! (both arrowheads when it runs both ways), dependency dashed with `buffer N`, supply chain
//! bold from vendor to client, trust dotted. Cross-border edges are red, thicker and marked
//! `cross-border`. With `--nation` or `--sector`, the graph keeps the matching assets and
//! every edge touching them; the far ends of those edges are drawn greyed and dashed and
//! flagged `foreign` in JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cmd::exit::{failure, usage};
use clap::{Args, ValueEnum};
use jointex_scenario::model::{AssetId, EdgeKind, Scenario};
use jointex_scenario::vocab::{AssetKind, Sector, Zone};
use jointex_scenario::{Lang, suggest};
use serde::Serialize;

/// `jointex graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Scenario file (RON); the embedded default scenario when left out.
    pub scenario: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Only this nation's assets (ISO code such as KR, or a team id) and the edges touching
    /// them.
    #[arg(long, value_name = "NATION")]
    pub nation: Option<String>,
    /// Only this sector's assets (Water, Energy, …) and the edges touching them.
    #[arg(long, value_name = "SECTOR")]
    pub sector: Option<String>,
    /// Language of asset names and cluster labels in DOT.
    #[arg(long, value_enum, default_value_t = GraphLang::En)]
    pub lang: GraphLang,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output format of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT: `jointex graph | dot -Tsvg > graph.svg`.
    Dot,
    /// `{"nodes": […], "edges": […]}`.
    Json,
    /// A picture drawn by jointex itself, no Graphviz needed: nations side by side, sectors
    /// as rows, zones from the internet to OT, edges by kind (the after-action report's
    /// layout). The whole infrastructure: not with --nation or --sector.
    Svg,
}

/// Label language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphLang {
    /// English.
    En,
    /// Korean.
    Ko,
}

/// Runs `jointex graph`.
pub fn run(args: &GraphArgs) -> ExitCode {
    let (name, text) = match crate::cmd::files::scenario_text(args.scenario.as_deref()) {
        Ok(x) => x,
        Err(why) => return failure(why),
    };
    let s = match jointex_scenario::load(&text) {
        Ok(l) => l.scenario,
        Err(ds) => {
            let mut out = String::new();
            for d in &ds {
                out.push_str(&d.render(&name, &text, false));
                out.push('\n');
            }
            eprint!("{out}");
            return failure(format!(
                "{name} is not a valid scenario; `jointex check` tells more"
            ));
        }
    };
    let nation = match args
        .nation
        .as_deref()
        .map(|n| nation_arg(&s, n))
        .transpose()
    {
        Ok(n) => n,
        Err(msg) => return usage(msg),
    };
    let sector = match args.sector.as_deref().map(sector_arg).transpose() {
        Ok(x) => x,
        Err(msg) => return usage(msg),
    };
    let lang = match args.lang {
        GraphLang::En => Lang::En,
        GraphLang::Ko => Lang::Ko,
    };
    if args.format == GraphFormat::Svg && (nation.is_some() || sector.is_some()) {
        return usage(
            "`--format svg` draws the whole infrastructure, laid out by nation and sector; \
             leave out --nation and --sector (DOT and JSON take them)",
        );
    }
    let g = Graph::of(&s, nation.as_deref(), sector);
    let out = match args.format {
        GraphFormat::Svg => {
            let layout = jointex_scenario::layout::layout(&s);
            jointex_scenario::layout::svg(
                &s,
                &layout,
                &[],
                &format!("{}: the infrastructure", s.meta.title.get(Lang::En)),
            )
        }
        GraphFormat::Dot => g.dot(&s, lang),
        GraphFormat::Json => {
            let mut j = serde_json::to_string_pretty(&g.json(&s)).unwrap_or_default();
            j.push('\n');
            j
        }
    };
    let written = match &args.out {
        Some(p) => crate::cmd::files::write_whole(p, out.as_bytes(), true),
        None => std::io::stdout().write_all(out.as_bytes()),
    };
    if let Err(e) = written {
        return failure(format!(
            "cannot write the graph: {}",
            e.to_string().to_lowercase()
        ));
    }
    ExitCode::SUCCESS
}

/// A nation code from `--nation`: an ISO code of a team's nation, or a team id, any case.
fn nation_arg(s: &Scenario, arg: &str) -> Result<String, String> {
    if let Some(t) = s
        .teams
        .iter()
        .find(|t| t.nation.eq_ignore_ascii_case(arg) || t.key.eq_ignore_ascii_case(arg))
    {
        return Ok(t.nation.clone());
    }
    let nations: Vec<&str> = s.teams.iter().map(|t| t.nation.as_str()).collect();
    Err(format!(
        "no nation `{arg}` in the scenario; {}",
        suggest::hint(arg, "nations", nations)
    ))
}

/// A sector from `--sector`: its name (`ItCloud`) or label (`IT/cloud`), any case.
fn sector_arg(arg: &str) -> Result<Sector, String> {
    Sector::ALL
        .iter()
        .copied()
        .find(|x| x.name().eq_ignore_ascii_case(arg) || x.label().eq_ignore_ascii_case(arg))
        .ok_or_else(|| {
            format!(
                "no sector `{arg}`; {}",
                suggest::hint(arg, "sectors", Sector::ALL.iter().map(|x| x.name()))
            )
        })
}

/// The part of the scenario's graph to draw.
struct Graph {
    /// Assets drawn, in file order, with whether each is only the far end of a kept edge.
    nodes: Vec<(AssetId, bool)>,
    /// Indices into `scenario.edges`.
    edges: Vec<usize>,
}

impl Graph {
    fn of(s: &Scenario, nation: Option<&str>, sector: Option<Sector>) -> Graph {
        let selected: Vec<bool> = s
            .assets
            .iter()
            .map(|a| {
                nation.is_none_or(|n| s.team(a.owner).nation == n)
                    && sector.is_none_or(|x| a.sector == x)
            })
            .collect();
        let edges: Vec<usize> = s
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| selected[e.from.index()] || selected[e.to.index()])
            .map(|(i, _)| i)
            .collect();
        let mut shown = selected.clone();
        for &i in &edges {
            shown[s.edges[i].from.index()] = true;
            shown[s.edges[i].to.index()] = true;
        }
        let nodes = shown
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| (AssetId(i as u32), !selected[i]))
            .collect();
        Graph { nodes, edges }
    }

    fn dot(&self, s: &Scenario, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", quote(&s.meta.id));
        let _ = writeln!(
            out,
            "  graph [label={}, labelloc=t, fontname=\"Helvetica\", rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.8];",
            quote(&format!(
                "{} — {}",
                s.meta.title.get(lang),
                s.meta.tlp.label()
            ))
        );
        let _ = writeln!(
            out,
            "  node [fontname=\"Helvetica\", fontsize=10, style=filled, shape=box];"
        );
        let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
        // nation (team order) → sector → assets
        let mut clusters: BTreeMap<(usize, Sector), Vec<(AssetId, bool)>> = BTreeMap::new();
        for &(a, foreign) in &self.nodes {
            let asset = s.asset(a);
            clusters
                .entry((asset.owner.index(), asset.sector))
                .or_default()
                .push((a, foreign));
        }
        let mut current: Option<usize> = None;
        for ((team, sector), assets) in &clusters {
            if current != Some(*team) {
                if current.is_some() {
                    out.push_str("  }\n");
                }
                current = Some(*team);
                let t = &s.teams[*team];
                let _ = writeln!(
                    out,
                    "  subgraph {} {{",
                    quote(&format!("cluster_{}", t.nation))
                );
                let _ = writeln!(
                    out,
                    "    label={}; style=rounded; color=\"#555555\"; fontsize=14;",
                    quote(&format!(
                        "{} · {} ({})",
                        t.nation,
                        t.name.get(lang),
                        t.cert.get(lang)
                    ))
                );
            }
            let nation = &s.teams[*team].nation;
            let _ = writeln!(
                out,
                "    subgraph {} {{",
                quote(&format!("cluster_{nation}_{}", sector.name()))
            );
            let _ = writeln!(
                out,
                "      label={}; style=\"rounded,dashed\"; color=\"#999999\"; fontsize=11;",
                quote(sector.label())
            );
            for &(a, foreign) in assets {
                let asset = s.asset(a);
                let mut attrs = vec![
                    format!(
                        "label={}",
                        quote(&format!("{}\n{}", asset.key, asset.name.get(lang)))
                    ),
                    format!("shape={}", shape(asset.kind)),
                    format!(
                        "tooltip={}",
                        quote(&format!(
                            "{} · {} · {} · criticality {}",
                            asset.kind.label(),
                            asset.zone.label(),
                            asset.sector.label(),
                            asset.criticality
                        ))
                    ),
                ];
                if foreign {
                    attrs.push("fillcolor=\"#eeeeee\"".into());
                    attrs.push("style=\"filled,dashed\"".into());
                    attrs.push("fontcolor=\"#666666\"".into());
                } else {
                    attrs.push(format!("fillcolor={}", quote(fill(asset.zone))));
                }
                if asset.criticality >= 5 {
                    attrs.push("peripheries=2".into());
                }
                let _ = writeln!(out, "      {} [{}];", quote(&asset.key), attrs.join(", "));
            }
            out.push_str("    }\n");
        }
        if current.is_some() {
            out.push_str("  }\n");
        }
        for &i in &self.edges {
            let e = &s.edges[i];
            let mut attrs: Vec<String> = match &e.kind {
                EdgeKind::Network { both_ways } => {
                    let mut v = vec!["style=solid".to_owned()];
                    if *both_ways {
                        v.push("dir=both".into());
                    }
                    v
                }
                EdgeKind::Dependency { buffer } => vec![
                    "style=dashed".into(),
                    format!("label={}", quote(&format!("buffer {buffer}"))),
                    format!("tooltip={}", quote("depends on")),
                ],
                EdgeKind::SupplyChain { product } => {
                    let mut v = vec![
                        "style=bold".to_owned(),
                        "arrowhead=normal".into(),
                        "color=\"#1f4e79\"".into(),
                    ];
                    if let Some(p) = product {
                        v.push(format!("tooltip={}", quote(&format!("supplies {p}"))));
                    }
                    v
                }
                EdgeKind::Trust(kind) => vec![
                    "style=dotted".into(),
                    format!("tooltip={}", quote(&format!("trust: {}", kind.label()))),
                ],
            };
            if cross_border(s, e.from, e.to) {
                attrs.push("color=red".into());
                attrs.push("penwidth=2".into());
                attrs.push("xlabel=\"cross-border\"".into());
                attrs.push("fontcolor=red".into());
            }
            let _ = writeln!(
                out,
                "  {} -> {} [{}];",
                quote(&s.asset(e.from).key),
                quote(&s.asset(e.to).key),
                attrs.join(", ")
            );
        }
        out.push_str("}\n");
        out
    }

    fn json(&self, s: &Scenario) -> JsonGraph {
        let nodes = self
            .nodes
            .iter()
            .map(|&(a, foreign)| {
                let asset = s.asset(a);
                JsonNode {
                    id: asset.key.clone(),
                    name: JsonText {
                        en: asset.name.get(Lang::En).to_owned(),
                        ko: asset.name.get(Lang::Ko).to_owned(),
                    },
                    nation: s.team(asset.owner).nation.clone(),
                    team: s.team(asset.owner).key.clone(),
                    sector: asset.sector.name(),
                    kind: asset.kind.name(),
                    zone: asset.zone.name(),
                    criticality: asset.criticality,
                    population: asset.population,
                    foreign,
                }
            })
            .collect();
        let edges = self
            .edges
            .iter()
            .map(|&i| {
                let e = &s.edges[i];
                let (both_ways, buffer, product, trust) = match &e.kind {
                    EdgeKind::Network { both_ways } => (Some(*both_ways), None, None, None),
                    EdgeKind::Dependency { buffer } => (None, Some(*buffer), None, None),
                    EdgeKind::SupplyChain { product } => (None, None, product.clone(), None),
                    EdgeKind::Trust(k) => (None, None, None, Some(k.name())),
                };
                JsonEdge {
                    from: s.asset(e.from).key.clone(),
                    to: s.asset(e.to).key.clone(),
                    kind: e.kind.name(),
                    both_ways,
                    buffer,
                    product,
                    trust,
                    cross_border: cross_border(s, e.from, e.to),
                }
            })
            .collect();
        JsonGraph { nodes, edges }
    }
}

fn cross_border(s: &Scenario, a: AssetId, b: AssetId) -> bool {
    s.team(s.asset(a).owner).nation != s.team(s.asset(b).owner).nation
}

#[derive(Serialize)]
struct JsonGraph {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

#[derive(Serialize)]
struct JsonText {
    en: String,
    ko: String,
}

#[derive(Serialize)]
struct JsonNode {
    id: String,
    name: JsonText,
    nation: String,
    team: String,
    sector: &'static str,
    kind: &'static str,
    zone: &'static str,
    criticality: u8,
    population: u64,
    /// Outside the `--nation` / `--sector` filter: only the far end of a kept edge.
    foreign: bool,
}

#[derive(Serialize)]
struct JsonEdge {
    from: String,
    to: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    both_ways: Option<bool>,
    buffer: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust: Option<&'static str>,
    cross_border: bool,
}

/// A DOT string: quoted, with `"` and `\` escaped and new lines as `\n` (UTF-8 as is).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Node shape by what the asset is.
fn shape(kind: AssetKind) -> &'static str {
    use AssetKind::*;
    match kind {
        Plc | Rtu => "box3d",
        ScadaHmi | EngineeringWorkstation | Historian => "component",
        Database | HealthRecords => "cylinder",
        Firewall | Router | VpnGateway => "hexagon",
        TelecomCore | CableLanding => "doubleoctagon",
        CloudTenant => "folder",
        VendorUpdateServer => "house",
        PaymentSwitch | TradingEngine => "octagon",
        MedicalDevice | DispatchSystem => "tab",
        Workstation => "note",
        Server | DomainController | MailServer | WebServer => "box",
    }
}

/// Node fill by network zone, from the outside in.
fn fill(zone: Zone) -> &'static str {
    match zone {
        Zone::Internet => "#f4cccc",
        Zone::Dmz => "#fce5cd",
        Zone::It => "#cfe2f3",
        Zone::Ot => "#d9ead3",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_are_escaped() {
        assert_eq!(quote("a \"b\" \\ c\n한"), "\"a \\\"b\\\" \\\\ c\\n한\"");
    }
}
