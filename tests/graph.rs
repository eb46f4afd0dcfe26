//! `jointex graph`: the DOT output of every shipped scenario, whole and filtered, is
//! accepted by the real Graphviz `dot` (which `scripts/test` installs from Debian); the
//! JSON output has the documented shape and counts; `--nation` and `--sector` keep the
//! matching assets and the edges touching them, with the far ends flagged.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use jointex_scenario::shipped;
use jointex_scenario::summary::Summary;
use serde_json::Value;

fn jointex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the jointex binary runs")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "jointex failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

/// Renders DOT with Graphviz; panics with the reason when it refuses.
fn graphviz(dot: &str, what: &str) {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => panic!(
            "Graphviz `dot` cannot be run ({e}): run scripts/test, which installs it (apt-get install graphviz)"
        ),
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("dot reads the graph");
    let out = child.wait_with_output().expect("dot runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{what}: dot refused the graph:\n{err}"
    );
    // dot prints syntax problems as warnings ("syntax ambiguity") and still succeeds.
    assert!(
        !err.contains("Error") && !err.contains("syntax"),
        "{what}: dot complained:\n{err}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("<svg"),
        "{what}: no SVG"
    );
}

fn scenario_files() -> Vec<String> {
    shipped::all()
        .iter()
        .map(|s| format!("scenarios/{}", s.file))
        .collect()
}

#[test]
fn graphviz_accepts_every_shipped_scenario_whole_and_filtered() {
    for file in scenario_files() {
        for extra in [
            &[][..],
            &["--nation", "KR"],
            &["--nation", "us"],
            &["--sector", "Energy"],
            &["--lang", "ko"],
        ] {
            let mut args = vec!["graph", file.as_str()];
            args.extend_from_slice(extra);
            let dot = stdout(&jointex(&args));
            graphviz(&dot, &format!("{file} {extra:?}"));
        }
    }
}

#[test]
fn dot_clusters_nations_and_sectors_and_marks_cross_border_edges() {
    let dot = stdout(&jointex(&["graph"]));
    assert!(dot.starts_with("digraph \"pacific-bridge\" {"), "{dot}");
    assert!(dot.contains("subgraph \"cluster_US\" {"));
    assert!(dot.contains("subgraph \"cluster_KR\" {"));
    assert!(dot.contains("subgraph \"cluster_KR_Water\" {"));
    let s = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
        .expect("valid")
        .scenario;
    let summary = Summary::of(&s);
    let edges: Vec<&str> = dot.lines().filter(|l| l.contains(" -> ")).collect();
    assert_eq!(edges.len(), s.edges.len());
    let cross: Vec<&&str> = edges
        .iter()
        .filter(|l| l.contains("xlabel=\"cross-border\""))
        .collect();
    assert_eq!(cross.len(), summary.cross_border);
    assert!(
        cross
            .iter()
            .all(|l| l.contains("color=red") && l.contains("penwidth=2"))
    );
    for (kind, style) in [
        ("dependency", "style=dashed"),
        ("network", "style=solid"),
        ("supply-chain", "style=bold"),
        ("trust", "style=dotted"),
    ] {
        let n = edges.iter().filter(|l| l.contains(style)).count();
        assert_eq!(n, summary.edges.get(kind).copied().unwrap_or(0), "{kind}");
    }
    assert!(
        edges
            .iter()
            .filter(|l| l.contains("style=dashed"))
            .all(|l| l.contains("label=\"buffer "))
    );
    // Labels carry id and name; Korean names come through as UTF-8.
    assert!(dot.contains("label=\"us-power-vpn\\nBayline Power & Light remote-access VPN\""));
    let ko = stdout(&jointex(&["graph", "--lang", "ko"]));
    assert!(ko.contains("베이라인 전력 원격접속 VPN"));
}

fn json(args: &[&str]) -> Value {
    let mut a = vec!["graph", "--format", "json"];
    a.extend_from_slice(args);
    serde_json::from_str(&stdout(&jointex(&a))).expect("one JSON document")
}

#[test]
fn json_has_every_node_and_edge_with_their_attributes() {
    let g = json(&[]);
    let s = jointex_scenario::load(jointex_scenario::DEFAULT_SCENARIO)
        .expect("valid")
        .scenario;
    let nodes = g["nodes"].as_array().expect("nodes");
    let edges = g["edges"].as_array().expect("edges");
    assert_eq!(nodes.len(), s.assets.len());
    assert_eq!(edges.len(), s.edges.len());
    for n in nodes {
        for key in [
            "id",
            "name",
            "nation",
            "team",
            "sector",
            "kind",
            "zone",
            "criticality",
            "population",
            "foreign",
        ] {
            assert!(n.get(key).is_some(), "node without {key}: {n}");
        }
        assert_eq!(n["foreign"], false);
    }
    for e in edges {
        for key in ["from", "to", "kind", "buffer", "cross_border"] {
            assert!(e.get(key).is_some(), "edge without {key}: {e}");
        }
        assert_eq!(e["buffer"].is_number(), e["kind"] == "dependency", "{e}");
    }
    let cross = edges.iter().filter(|e| e["cross_border"] == true).count();
    assert_eq!(cross, Summary::of(&s).cross_border);
    let hmi = nodes
        .iter()
        .find(|n| n["id"] == "us-water-scada-hmi")
        .expect("the HMI");
    assert_eq!(hmi["sector"], "Water");
    assert_eq!(hmi["kind"], "ScadaHmi");
    assert_eq!(hmi["zone"], "Ot");
    assert_eq!(hmi["criticality"], 5);
    assert_eq!(hmi["nation"], "US");
}

#[test]
fn filters_keep_matching_assets_and_the_edges_touching_them() {
    let all = json(&[]);
    for (args, keep) in [
        (
            vec!["--nation", "KR"],
            Box::new(|n: &Value| n["nation"] == "KR") as Box<dyn Fn(&Value) -> bool>,
        ),
        (
            vec!["--sector", "water"],
            Box::new(|n: &Value| n["sector"] == "Water"),
        ),
        (
            vec!["--nation", "kr", "--sector", "Energy"],
            Box::new(|n: &Value| n["nation"] == "KR" && n["sector"] == "Energy"),
        ),
    ] {
        let g = json(&args);
        let nodes = g["nodes"].as_array().expect("nodes");
        let edges = g["edges"].as_array().expect("edges");
        let selected: Vec<&str> = nodes
            .iter()
            .filter(|n| n["foreign"] == false)
            .map(|n| n["id"].as_str().expect("id"))
            .collect();
        // Every kept asset matches; every matching asset is kept.
        let expected: Vec<&str> = all["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter(|n| keep(n))
            .map(|n| n["id"].as_str().expect("id"))
            .collect();
        assert_eq!(selected, expected, "{args:?}");
        // The edges are exactly those touching a kept asset.
        let touching = all["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .filter(|e| {
                selected.contains(&e["from"].as_str().unwrap_or_default())
                    || selected.contains(&e["to"].as_str().unwrap_or_default())
            })
            .count();
        assert_eq!(edges.len(), touching, "{args:?}");
        // The foreign nodes are the far ends of those edges, and nothing else.
        for n in nodes.iter().filter(|n| n["foreign"] == true) {
            assert!(!keep(n), "{args:?}: {n}");
            let id = &n["id"];
            assert!(
                edges.iter().any(|e| &e["from"] == id || &e["to"] == id),
                "{args:?}: {n}"
            );
        }
    }
    // In DOT, the far ends are greyed.
    let dot = stdout(&jointex(&["graph", "--nation", "KR"]));
    assert!(dot.contains("style=\"filled,dashed\""));
}

#[test]
fn unknown_nations_and_sectors_are_usage_errors() {
    let out = jointex(&["graph", "--nation", "JP"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no nation `JP` in the scenario"), "{err}");
    let out = jointex(&["graph", "--sector", "Watr"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `Water`?"), "{err}");
}

/// `--format svg`: jointex's own picture of every shipped scenario parses as XML, holds one
/// node per asset and one line per edge, and refuses the filters it cannot honour.
#[test]
fn svg_draws_every_asset_and_edge_of_every_shipped_scenario() {
    for file in scenario_files() {
        let svg = stdout(&jointex(&["graph", &file, "--format", "svg"]));
        let mut reader = quick_xml::Reader::from_str(&svg);
        let (mut assets, mut edges) = (0, 0);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                    let class = e
                        .try_get_attribute("class")
                        .ok()
                        .flatten()
                        .map(|a| a.value.to_string())
                        .unwrap_or_default();
                    if class.starts_with("asset ") {
                        assets += 1;
                    }
                    if class.starts_with("edge ") {
                        edges += 1;
                    }
                }
                Ok(_) => {}
                Err(e) => panic!("{file}: not well-formed: {e}"),
            }
        }
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&file))
                .expect("the scenario");
        let s = jointex_scenario::load(&text).expect("valid").scenario;
        assert_eq!(assets, s.assets.len(), "{file}");
        assert_eq!(edges, s.edges.len(), "{file}");
    }
    let out = jointex(&["graph", "--format", "svg", "--nation", "KR"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("draws the whole infrastructure"));
}
