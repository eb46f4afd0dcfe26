//! The after-action report of the default scenario under fixed policies (seed 1, us
//! by-the-book, kr share-everything): the Markdown snapshotted, the HTML parsed as XML, and
//! the availability chart's points checked against the run's `Availability` events.

use std::path::PathBuf;
use std::sync::Arc;

use jointex_record::{Driver, Recorder};
use jointex_scenario::model::TeamId;
use jointex_sim::Event;
use jointex_sim::policy;

fn record(name: &str) -> PathBuf {
    record_turns(name, u32::MAX, "run")
}

/// A record of the default scenario under two policies, played to the end.
fn record_policies(name: &str, names: [&str; 2]) -> PathBuf {
    record_with(name, u32::MAX, "run", names)
}

/// A record of the default scenario played for at most `turns` turns.
fn record_turns(name: &str, turns: u32, kind: &str) -> PathBuf {
    record_with(name, turns, kind, ["by-the-book", "share-everything"])
}

fn record_with(name: &str, turns: u32, kind: &str, names: [&str; 2]) -> PathBuf {
    record_text(name, turns, kind, names, jointex_scenario::DEFAULT_SCENARIO)
}

fn record_text(name: &str, turns: u32, kind: &str, names: [&str; 2], text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jointex-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let path = dir.join("r.jointex");
    let scenario = Arc::new(
        jointex_scenario::load(text)
            .expect("the default loads")
            .scenario,
    );
    let driver = Driver {
        kind: kind.to_owned(),
        policies: names.iter().map(|n| (*n).to_owned()).collect(),
        ..Driver::default()
    };
    let mut rec = Recorder::create(&path, text, scenario, 1, driver).expect("created");
    let mut policies: Vec<_> = names
        .iter()
        .map(|n| policy::by_name(n).expect("a policy"))
        .collect();
    let mut played = 0;
    while !rec.is_over() && played < turns {
        played += 1;
        for (t, p) in policies.iter_mut().enumerate() {
            jointex_record::play_policy(&mut rec, TeamId(t as u16), p.as_mut()).expect("plays");
        }
        rec.resolve().expect("resolves");
    }
    path
}

#[test]
fn the_markdown_report_of_the_default_scenario() {
    let path = record("md");
    let r = jointex_record::open(&path).expect("opens");
    let md = jointex_record::report::markdown(&r).expect("a report");
    for section in [
        "# Pacific Bridge 2026: Joint CERT Exercise After-Action Report/Improvement Plan",
        "## Exercise overview",
        "## Analysis of core capabilities",
        "### Joint findings",
        "## Annex A: United States",
        "## Appendix A: Improvement plan",
        "## Appendix B: Timeline",
    ] {
        assert!(md.contains(section), "missing {section}");
    }
    assert!(md.starts_with("**EXERCISE ONLY — TLP:AMBER**"));
    assert!(md.ends_with("**EXERCISE ONLY — TLP:AMBER**\n"));
    insta::assert_snapshot!(md);
}

#[test]
fn the_html_report_is_well_formed_and_its_charts_hold_the_run() {
    let path = record("html");
    let r = jointex_record::open(&path).expect("opens");
    let html = jointex_record::report::html(&r).expect("a report");
    // Well-formed: every element closes, every entity is known (XHTML).
    let mut reader = quick_xml::Reader::from_str(&html);
    let mut points = Vec::new();
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == "circle" {
                    let get = |k: &str| {
                        e.try_get_attribute(k)
                            .ok()
                            .flatten()
                            .map(|a| a.value.to_string())
                    };
                    if let (Some(s), Some(t), Some(v)) =
                        (get("data-series"), get("data-turn"), get("data-value"))
                    {
                        points.push((s, t, v));
                    }
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0);
    // The handling marking is the page header and footer.
    assert_eq!(html.matches("EXERCISE ONLY — TLP:AMBER").count(), 2);
    // Every Availability event of the run is a point of the chart at its turn.
    let ex = jointex_record::restore(&r).expect("restores");
    let s = ex.scenario().clone();
    let mut checked = 0;
    for (turn, e) in ex.events() {
        if let Event::Availability {
            team,
            sector,
            per_mille,
        } = e
        {
            let series = format!("{}/{}", s.teams[team.index()].key, sector.label());
            assert!(
                points.contains(&(series.clone(), turn.to_string(), per_mille.to_string())),
                "no point {series} turn {turn} = {per_mille}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "the run has availability changes to chart");
    // Only sectors that changed are drawn: every series dips below 100 % somewhere.
    let mut lowest: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for (series, _, v) in &points {
        let v: u32 = v.parse().expect("per mille");
        let e = lowest.entry(series.as_str()).or_insert(1000);
        *e = (*e).min(v);
    }
    assert!(!lowest.is_empty());
    for (series, low) in &lowest {
        assert!(*low < 1000, "{series} never changed but is drawn");
    }
    // Small multiples: one figure per nation, a chart or a sentence saying nothing changed.
    for team in ["us", "kr"] {
        let chart = format!("id=\"availability-{team}\"");
        let drawn = lowest.keys().any(|k| k.starts_with(&format!("{team}/")));
        assert_eq!(html.contains(&chart), drawn, "{team}");
    }
    // Two availability figures, and four of how the attack spread.
    assert_eq!(html.matches("<figure>").count(), 2 + 4);
    assert!(html.contains("@media print"), "a print stylesheet");
    assert!(html.contains("id=\"incidents\"") && html.contains("id=\"sharing\""));
}

#[test]
fn a_report_says_when_the_exercise_stopped_early_and_how_it_was_played() {
    let path = record_turns("early", 5, "serve");
    let r = jointex_record::open(&path).expect("opens");
    let md = jointex_record::report::markdown(&r).expect("a report");
    assert!(
        md.contains(
            "2026-03-09 20:00 EDT / 2026-03-10 09:00 KST to 2026-03-10 06:00 EDT / 2026-03-10 19:00 KST — stopped after turn 5 of 12; turns 6 to 12 were not played"
        ),
        "{}",
        &md[..md.find("## Analysis").unwrap_or(md.len())]
    );
    assert!(md.contains(
        "| Scope | 5 of 12 turns of 120 minutes (stopped early), bilateral, networked (each player at their own console over SSH) simulation |"
    ));
    assert!(!md.contains("T00:00:00Z"), "no raw UTC instants");
}

#[test]
fn the_releasable_edition_holds_nothing_of_the_partners_annex_and_says_so() {
    let path = record("edition");
    let r = jointex_record::open(&path).expect("opens");
    let full = jointex_record::report::markdown(&r).expect("a report");
    let kr = jointex_record::report::markdown_edition(
        &r,
        jointex_record::report::Edition {
            releasable_to: Some(TeamId(1)),
        },
        None,
    )
    .expect("an edition");
    let annex = |md: &str| -> String {
        let start = md.find("## Annex A:").expect("annex A");
        let end = md.find("## Annex B:").expect("annex B");
        md[start..end].to_owned()
    };
    let us_findings: Vec<String> = annex(&full)
        .lines()
        .filter(|l| l.starts_with("- ") && *l != "- none observed")
        .map(str::to_owned)
        .collect();
    assert!(
        !us_findings.is_empty(),
        "the US annex has findings to leave out"
    );
    for line in &us_findings {
        assert!(!kr.contains(line.as_str()), "the KR edition holds `{line}`");
    }
    assert!(kr.contains(
        "**Edition releasable to Republic of Korea (KISA KrCERT/CC).** Left out of it: Annex A: United States (CISA)"
    ));
    assert!(
        annex(&kr)
            .contains("Left out of this edition: the internal annex of United States (CISA).")
    );
    assert!(
        kr.contains("## Annex B: Republic of Korea"),
        "its own annex stays"
    );
    assert_eq!(
        full.matches("| Mean turns to detect |").count(),
        2,
        "the full report has both annexes"
    );
    assert_eq!(kr.matches("| Mean turns to detect |").count(), 1);
}

#[test]
fn the_previous_exercises_corrective_actions_are_carried_forward() {
    let old = record_policies("previous-old", ["idle", "idle"]);
    let new = record("previous-new");
    let old_r = jointex_record::open(&old).expect("opens");
    let new_r = jointex_record::open(&new).expect("opens");
    let previous = jointex_record::report::Previous {
        record: &old_r,
        name: "march.jointex".to_owned(),
    };
    let md = jointex_record::report::markdown_edition(
        &new_r,
        jointex_record::report::Edition::default(),
        Some(&previous),
    )
    .expect("a report");
    let start = md
        .find("### Corrective actions carried forward from march.jointex")
        .expect("the section");
    let section = &md[start..md.find("## Appendix B").expect("timeline")];
    // Idle teams share nothing: the sharing objective was U then; sharing everything now
    // rates it better or says why not.
    let sharing = section
        .lines()
        .find(|l| l.starts_with("| Intelligence and Information Sharing | U ("))
        .unwrap_or_else(|| panic!("{section}"));
    assert!(
        sharing.contains("agree a standing bilateral sharing procedure"),
        "{sharing}"
    );
    let full = jointex_record::report::markdown(&new_r).expect("a report");
    assert!(!full.contains("carried forward"), "only when asked");
    let verdicts = [
        "| yes, ",
        "| no, unchanged |",
        "| no, worse: ",
        "| not exercised |",
    ];
    for row in section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Core"))
    {
        assert!(verdicts.iter().any(|v| row.contains(v)), "{row}");
    }
}

/// Scenario text is text, in every renderer: a crafted title or CERT name never becomes
/// markup — no `<script>`, no image, no link, no bold — in the Markdown report as a CommonMark
/// renderer shows it, nor in the HTML report; a `|` never splits a table row.
#[test]
fn scenario_text_is_never_markup_in_either_report() {
    let hostile = "<script>alert(1)</script> **loud** [x](javascript:alert(1)) \
                   <img src=x onerror=alert(1)> &lt;b&gt; `tick` | pipe";
    let text = jointex_scenario::DEFAULT_SCENARIO
        .replace(
            "en: \"Pacific Bridge 2026: Joint CERT Exercise\"",
            &format!("en: \"{hostile}\""),
        )
        .replace(
            "cert: Text(en: \"CISA\"",
            "cert: Text(en: \"CISA | <b>Ops</b>\"",
        );
    assert!(text.contains("onerror"), "the title was replaced");
    let path = record_text(
        "hostile",
        4,
        "run",
        ["by-the-book", "share-everything"],
        &text,
    );
    let r = jointex_record::open(&path).expect("opens");
    let md = jointex_record::report::markdown(&r).expect("a report");
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    for bad in [
        "<script",
        "<img",
        "<a ",
        "<strong>loud",
        "<b>",
        "<code>tick",
    ] {
        assert!(!rendered.contains(bad), "the Markdown renders {bad}");
    }
    assert!(
        rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title reads as text"
    );
    // The improvement plan's rows keep their eight cells with the `|` in the organisation.
    let plan: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## Appendix A"))
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with("| ") && l.contains("CISA"))
        .collect();
    assert!(!plan.is_empty(), "a row for the US CERT");
    for row in plan {
        let cells = row.replace("\\|", "").matches('|').count() - 1;
        assert_eq!(cells, 8, "{row}");
    }
    let html = jointex_record::report::html(&r).expect("a report");
    for bad in ["<script", "<img", "<strong>loud", "<b>Ops", "<code>tick"] {
        assert!(!html.contains(bad), "the HTML holds {bad}");
    }
    assert!(
        html.contains("CISA | &lt;b&gt;Ops&lt;/b&gt;"),
        "the CERT reads as text"
    );
    assert!(html.contains("**loud**"), "asterisks stay asterisks");
}

/// The HTML report draws the infrastructure at the end — one node per asset, laid out as
/// `jointex graph --format svg` lays it out — with the assets the adversary still holds marked.
#[test]
fn the_report_draws_every_asset_and_marks_what_the_adversary_holds() {
    let path = record("graph");
    let r = jointex_record::open(&path).expect("opens");
    let html = jointex_record::report::html(&r).expect("a report");
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart graph\"")
        .expect("the graph");
    let end = start + html[start..].find("</svg>").expect("closed");
    let svg = &html[start..end];
    let assets = svg.matches("<circle class=\"asset ").count();
    assert_eq!(assets, r.scenario.assets.len());
    let ex = jointex_record::restore(&r).expect("restores");
    let held = ex
        .facilitator_view()
        .assets
        .iter()
        .filter(|t| t.held_by.is_some())
        .count();
    assert_eq!(
        svg.matches("<circle class=\"asset compromised\"").count(),
        held
    );
    // How it spread: four pictures over twelve turns, the last one the end itself, as the
    // event log tells it — the same assets held as the final ground truth.
    let spread = &html[html
        .find("<h3>How the attack spread</h3>")
        .expect("the section")..];
    let spread = &spread[..spread
        .find("<h3>Service availability")
        .expect("next section")];
    let captions: Vec<&str> = spread
        .match_indices("<figcaption>")
        .map(|(i, _)| &spread[i + 12..i + 12 + spread[i + 12..].find('<').unwrap_or(0)])
        .collect();
    assert_eq!(
        captions,
        [
            "After turn 3",
            "After turn 6",
            "After turn 9",
            "After turn 12"
        ]
    );
    let last = &spread[spread.rfind("<figure>").expect("a figure")..];
    assert_eq!(
        last.matches("<circle class=\"asset compromised\"").count(),
        held
    );
    // The same coordinates as the scenario's own picture.
    let layout = jointex_scenario::layout::layout(&r.scenario);
    let first = &r.scenario.assets[0].key;
    let (x, y) = layout.nodes[0];
    assert!(
        svg.contains(&format!(
            "data-asset=\"{first}\" cx=\"{x:.1}\" cy=\"{y:.1}\""
        )),
        "{first} at ({x:.1}, {y:.1})"
    );
}
