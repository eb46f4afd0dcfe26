//! The report in Markdown, and the findings both layouts share.

use jointex_scenario::Lang;
use jointex_scenario::model::TeamId;

use super::analysis::{Analysis, Rating, asset_name, team_key, team_name};
use crate::Record;

/// A strength or an area for improvement, drawn from what happened.
pub(crate) struct Finding {
    /// The team it concerns; `None` for the joint section.
    pub team: Option<TeamId>,
    /// A strength, or an area for improvement.
    pub strength: bool,
    /// The observation.
    pub text: String,
}

fn turns(n: u32) -> String {
    format!("{n} turn{}", if n == 1 { "" } else { "s" })
}

/// Every finding, in a stable order: incidents, shares, objectives, missed MSEL actions.
pub(crate) fn findings(r: &Record, a: &Analysis) -> Vec<Finding> {
    let s = &r.scenario;
    let mut out = Vec::new();
    for i in &a.incidents {
        let who = team_name(s, i.team);
        let what = asset_name(s, i.asset);
        let text = match (i.time_to_detect(), i.time_to_contain()) {
            (Some(d), Some(c)) => format!(
                "{who} contained {what} {} after detection; it was detected {} after the compromise (turn {})",
                turns(c),
                turns(d),
                i.compromised
            ),
            (Some(d), None) => format!(
                "{who} detected {what} {} after the compromise (turn {}) but never contained it",
                turns(d),
                i.compromised
            ),
            _ => format!(
                "{what} was compromised in turn {} and {who} never detected it",
                i.compromised
            ),
        };
        let good = i.time_to_contain().is_some() && i.time_to_detect().is_some_and(|d| d <= 2);
        out.push(Finding {
            team: Some(i.team),
            strength: good,
            text,
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for sh in &a.shares {
        if !sh.indicators.is_empty() && seen.insert((sh.from, sh.to)) {
            out.push(Finding {
                team: None,
                strength: sh.latency <= 1,
                text: format!(
                    "{}'s first indicators ({}) reached {} in turn {}, {} after it found them, as {}",
                    team_name(s, sh.from),
                    sh.indicators.join(", "),
                    team_name(s, sh.to),
                    sh.turn,
                    turns(sh.latency),
                    sh.tlp
                ),
            });
        }
    }
    for o in &a.objectives {
        let team = o.team_id;
        if matches!(o.rating, Rating::S | Rating::NotExercised) {
            continue;
        }
        out.push(Finding {
            team,
            strength: o.rating == Rating::P,
            text: format!(
                "{} ({}), rated {}: {}",
                o.key,
                o.capability,
                o.rating.letter(),
                o.measured
            ),
        });
    }
    for (t, inject, action) in &a.missed {
        out.push(Finding {
            team: Some(*t),
            strength: false,
            text: format!(
                "{} did not take the expected action ({}) in time after {inject}",
                team_name(s, *t),
                action.to_lowercase()
            ),
        });
    }
    out
}

/// The corrective action for an objective's measure, with its capability element.
pub(crate) fn corrective(measure: &str) -> (&'static str, &'static str) {
    let m = measure.split(['(', ' ', '{']).next().unwrap_or("");
    match m {
        "TimeToDetect" => (
            "deploy sensors and logging on critical assets; hunt on every indicator received",
            "Equipment",
        ),
        "TimeToContain" => (
            "pre-authorise isolation of confirmed assets in the incident response plan",
            "Planning",
        ),
        "TimeToShare" => (
            "agree a standing bilateral sharing procedure with pre-approved TLP markings",
            "Organization",
        ),
        "Availability" => (
            "keep tested backups for critical services and drill restores",
            "Equipment",
        ),
        "TlpCompliance" => ("train analysts on TLP 2.0 handling rules", "Training"),
        "JointOperations" => (
            "plan joint operations with a shared trigger and a liaison officer",
            "Planning",
        ),
        _ => (
            "walk the MSEL's expected actions through in a tabletop before the next exercise",
            "Exercise",
        ),
    }
}

/// The handling marking: the scenario's caveat and its TLP.
pub(crate) fn marking(r: &Record) -> String {
    format!(
        "{} — {}",
        r.scenario.meta.handling.get(Lang::En),
        r.scenario.meta.tlp.label()
    )
}

/// Text from a scenario file, a player or a record, made inert in Markdown: every character
/// that could start markup (emphasis, code, links, images, raw HTML, entities, tables,
/// headings) is backslash-escaped, and line breaks become spaces. A crafted title must never
/// become a `<script>` in whatever renders the report.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report.
pub(crate) fn write(
    r: &Record,
    a: &Analysis,
    edition: super::Edition,
    carried: Option<&super::Carried>,
) -> String {
    let s = &r.scenario;
    let title = s.meta.title.get(Lang::En);
    let mark = marking(r);
    let mark = md(&mark);
    let mut o = format!(
        "**{mark}**\n\n# {} After-Action Report/Improvement Plan\n\n",
        md(title)
    );
    // A nation's edition leaves out what the other teams keep to themselves, and says so at
    // the top and where each omitted part would be.
    let left_out = |t: usize| edition.releasable_to.is_some_and(|only| only.index() != t);
    if let Some(only) = edition.releasable_to {
        let to = s.team(only);
        let omitted: Vec<String> = s
            .teams
            .iter()
            .enumerate()
            .filter(|(i, _)| left_out(*i))
            .map(|(i, t)| annex_title(i, t))
            .collect();
        o.push_str(&format!(
            "**Edition releasable to {} ({}).** Left out of it: {}, the internal annex of each partner, and the corrective actions of objectives only a partner holds.\n\n",
            md(to.name.get(Lang::En)),
            md(to.cert.get(Lang::En)),
            omitted.join("; ")
        ));
    }
    // In the nations' own clocks, as the players saw them, not in UTC.
    let start = s.local_times(s.clock.start);
    let end = s.local_times(s.clock.turn_start(a.turns.saturating_add(1)));
    let span = if a.turns < s.clock.turns {
        format!(
            " — stopped after turn {} of {}; turns {} to {} were not played",
            a.turns,
            s.clock.turns,
            a.turns.saturating_add(1),
            s.clock.turns
        )
    } else {
        String::new()
    };
    o.push_str(&format!(
        "{start} to {end}{span}\n\n## Exercise overview\n\n| | |\n|---|---|\n"
    ));
    let how = match r.meta.driver.kind.as_str() {
        "serve" => "bilateral, networked (each player at their own console over SSH)",
        "run" => "bilateral, headless (teams played by policies and an orders file)",
        _ => "bilateral, hot-seat (one terminal, seats taking turns)",
    };
    let mut caps: Vec<String> = s
        .objectives
        .iter()
        .map(|x| x.capability.label().to_owned())
        .collect();
    caps.dedup();
    caps.sort();
    caps.dedup();
    let rows = [
        ("Exercise name", md(title)),
        ("Exercise dates", format!("{start} to {end}")),
        (
            "Scope",
            format!(
                "{} of {} turns of {} minutes{}, {how} simulation",
                a.turns,
                s.clock.turns,
                s.clock.turn_minutes,
                if a.turns < s.clock.turns {
                    " (stopped early)"
                } else {
                    ""
                }
            ),
        ),
        ("Mission area", "Protection; Response".to_owned()),
        ("Core capabilities", caps.join(", ")),
        (
            "Objectives",
            s.objectives
                .iter()
                .map(|x| x.key.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Threat or hazard",
            s.actors
                .iter()
                .map(|x| md(x.name.get(Lang::En)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Scenario", md(s.meta.summary.get(Lang::En))),
        ("Sponsor", md(&s.meta.authors.join(", "))),
        (
            "Participating organizations",
            s.teams
                .iter()
                .map(|t| format!("{} ({})", md(t.cert.get(Lang::En)), md(&t.nation)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Record",
            format!(
                "scenario `{}` v{}, sha-256 {}…, seed {}, final state {:016x}",
                s.meta.id,
                md(&s.meta.version),
                &r.meta.scenario_sha256[..12.min(r.meta.scenario_sha256.len())],
                r.meta.seed,
                a.hash
            ),
        ),
    ];
    // Each value is escaped where it was built: the record row's code span is ours.
    for (k, v) in rows {
        o.push_str(&format!("| {k} | {v} |\n"));
    }
    o.push_str("\n## Analysis of core capabilities\n\n");
    o.push_str("Ratings: P — performed without challenges; S — with some challenges; M — with major challenges; U — unable to be performed; N/E — not exercised (nothing happened that the measure could measure). Each is the engine's rating, from the measured values by the rule in its row.\n\n");
    o.push_str("| Objective | Core capability | Team | Measured | Rating | Rule |\n|---|---|---|---|---|---|\n");
    for x in &a.objectives {
        o.push_str(&format!(
            "| {}: {} | {} | {} | {} | **{}** | {} |\n",
            x.key,
            md(&x.text),
            x.capability,
            x.team,
            md(&x.measured),
            x.rating.letter(),
            md(&x.rule)
        ));
    }
    let all = findings(r, a);
    let section = |o: &mut String, team: Option<TeamId>| {
        for (strength, head) in [(true, "Strengths"), (false, "Areas for improvement")] {
            o.push_str(&format!("\n#### {head}\n\n"));
            let mut any = false;
            for f in all
                .iter()
                .filter(|f| f.team == team && f.strength == strength)
            {
                o.push_str(&format!("- {}\n", md(&f.text)));
                any = true;
            }
            if !any {
                o.push_str("- none observed\n");
            }
        }
    };
    o.push_str("\n### Joint findings\n");
    section(&mut o, None);
    for (i, t) in s.teams.iter().enumerate() {
        let team = TeamId(i as u16);
        let m = a.view.metrics.get(i).cloned().unwrap_or_default();
        o.push_str(&format!("\n## {}\n\n", annex_title(i, t)));
        if left_out(i) {
            o.push_str(&format!(
                "Left out of this edition: the internal annex of {} ({}).\n",
                md(t.name.get(Lang::En)),
                md(t.cert.get(Lang::En))
            ));
            continue;
        }
        let mean = |v: &[u32]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                format!("{:.1}", f64::from(v.iter().sum::<u32>()) / v.len() as f64)
            }
        };
        o.push_str("| Measure | Value |\n|---|---|\n");
        o.push_str(&format!(
            "| Mean turns to detect | {} |\n",
            mean(&m.time_to_detect)
        ));
        o.push_str(&format!(
            "| Mean turns to contain | {} |\n",
            mean(&m.time_to_contain)
        ));
        o.push_str(&format!(
            "| Mean turns to share | {} |\n",
            mean(&m.time_to_share)
        ));
        o.push_str(&format!(
            "| Compromises never detected | {} |\n",
            m.undetected
        ));
        o.push_str(&format!(
            "| People-hours of service lost | {} |\n",
            m.service_hours_lost.values().sum::<u64>()
        ));
        o.push_str(&format!("| TLP violations | {} |\n", m.tlp_violations));
        o.push_str(&format!("| Joint operations | {} |\n", m.joint_operations));
        o.push_str(&format!(
            "| Expected MSEL actions met | {} of {} |\n",
            m.expected_met, m.expected_due
        ));
        section(&mut o, Some(team));
    }
    o.push_str("\n## Appendix A: Improvement plan\n\n");
    o.push_str("| Core capability | Issue / area for improvement | Corrective action | Capability element | Primary responsible organization | Point of contact | Start date | Completion date |\n|---|---|---|---|---|---|---|---|\n");
    let mut any = false;
    for x in a
        .objectives
        .iter()
        .filter(|x| matches!(x.rating, Rating::M | Rating::U))
        .filter(|x| x.team_id.is_none_or(|t| !left_out(t.index())))
    {
        let (action, element) = corrective(&x.measure);
        let owners: Vec<String> = s
            .teams
            .iter()
            .enumerate()
            .filter(|(i, _)| x.team_id.is_none_or(|t| t.index() == *i))
            .map(|(_, t)| md(t.cert.get(Lang::En)))
            .collect();
        for owner in owners {
            any = true;
            o.push_str(&format!(
                "| {} | {}: {} | {action} | {element} | {owner} | to be named | to be set | to be set |\n",
                x.capability,
                x.key,
                md(&x.measured)
            ));
        }
    }
    if !any {
        o.push_str("| - | no objective rated M or U | - | - | - | - | - | - |\n");
    }
    if let Some((name, rows)) = carried {
        let rows: Vec<&super::CarriedAction> = rows
            .iter()
            .filter(|c| c.team.is_none_or(|t| !left_out(t.index())))
            .collect();
        o.push_str(&since_last(name, &rows));
    }
    o.push_str("\n## Appendix B: Timeline\n\n| Turn | Exercise time | Team | Kind | Event |\n|---|---|---|---|---|\n");
    for (turn, team, kind, text) in &a.timeline {
        o.push_str(&format!(
            "| {turn} | {} | {team} | {kind} | {} |\n",
            s.local_times(s.clock.turn_start(*turn)),
            md(text)
        ));
    }
    o.push_str(&proposers(r));
    o.push_str(&exports(r));
    o.push_str(&format!("\n**{mark}**\n"));
    let _ = team_key;
    o
}

/// `Annex B: Republic of Korea (KISA KrCERT/CC)`: the heading of the `i`-th team's annex.
fn annex_title(i: usize, t: &jointex_scenario::model::Team) -> String {
    format!(
        "Annex {}: {} ({})",
        (b'A' + i as u8) as char,
        md(t.name.get(Lang::En)),
        md(t.cert.get(Lang::En))
    )
}

/// The previous exercise's corrective actions and whether their capability improved: what a
/// sponsor asks first at the next exercise.
fn since_last(name: &str, rows: &[&super::CarriedAction]) -> String {
    let mut o = format!(
        "\n### Corrective actions carried forward from {}\n\n",
        md(name)
    );
    if rows.is_empty() {
        o.push_str(
            "The previous exercise rated no objective M or U: it left no corrective action.\n",
        );
        return o;
    }
    o.push_str(
        "| Core capability | Then | Corrective action | Now | Improved |\n|---|---|---|---|---|\n",
    );
    for c in rows {
        let (now, verdict) = match c.now {
            None => (
                "not an objective this time".to_owned(),
                "not exercised".to_owned(),
            ),
            Some(Rating::NotExercised) => ("N/E".to_owned(), "not exercised".to_owned()),
            Some(r) if super::strength(r) > super::strength(c.then) => (
                r.letter().to_owned(),
                format!("yes, {} → {}", c.then.letter(), r.letter()),
            ),
            Some(r) if super::strength(r) == super::strength(c.then) => {
                (r.letter().to_owned(), "no, unchanged".to_owned())
            }
            Some(r) => (
                r.letter().to_owned(),
                format!("no, worse: {} → {}", c.then.letter(), r.letter()),
            ),
        };
        o.push_str(&format!(
            "| {} | {} ({}) | {} | {now} | {verdict} |\n",
            c.capability,
            c.then.letter(),
            md(&c.objective),
            c.action
        ));
    }
    o
}

/// Where the exercise's intelligence goes next: the commands that export it from this record,
/// for the analysts who take the findings into their own tools.
fn exports(r: &Record) -> String {
    // The file's name, as a reader next to it types it; never a backtick inside a code span.
    let record = r
        .path
        .file_name()
        .map_or_else(|| "RECORD".to_owned(), |n| n.to_string_lossy().into_owned())
        .replace(['`', '\n', '|'], "_");
    format!(
        "\n## Intelligence from this exercise\n\nExported from this record, marked as exercise data (docs/intel-sharing.md):\n\n\
         | What | Command |\n|---|---|\n\
         | ATT&CK Navigator layers: per team, the techniques it had evidence of; for the facilitator, the whole campaign | `jointex export navigator {record} --out layers/` |\n\
         | The shares as STIX 2.1 bundles (TLP 2.0 marked) | `jointex export stix {record} --out stix/` |\n\
         | The shares as MISP events | `jointex export misp {record} --out misp/` |\n"
    )
}

/// Appendix C, when the exercise was played over the network: who proposed each order, who
/// submitted each plan, who resolved each turn. Empty when nobody's name was recorded.
fn proposers(r: &Record) -> String {
    use jointex_sim::{Command, Seat};
    let s = &r.scenario;
    let mut rows = String::new();
    for l in &r.actions {
        let Some(by) = &l.action.by else {
            continue;
        };
        let (team, what) = match (&l.action.seat, &l.action.command) {
            (Seat::Team(t), Command::Order(o)) => (team_key(s, *t), order_en(s, o)),
            (Seat::Team(t), Command::Withdraw(i)) => (
                team_key(s, *t),
                format!("withdrew order {} of the plan", i + 1),
            ),
            (Seat::Team(t), Command::Submit) => (team_key(s, *t), "submitted the plan".to_owned()),
            (Seat::Team(t), Command::Acknowledge(_)) => {
                (team_key(s, *t), "acknowledged a message".to_owned())
            }
            (Seat::Facilitator, Command::Resolve) => {
                ("white cell".to_owned(), "resolved the turn".to_owned())
            }
            (Seat::Facilitator, Command::Facilitate(f)) => {
                ("white cell".to_owned(), facilitate_en(s, f))
            }
            _ => continue,
        };
        rows.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            l.turn,
            team,
            md(&what),
            md(by)
        ));
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "\n## Appendix C: Who did what\n\nThe exercise was played over the network; each command is named with the player who gave it.\n\n| Turn | Seat | Command | By |\n|---|---|---|---|\n{rows}"
    )
}

/// A white-cell action in plain English, with the scenario's ids.
fn facilitate_en(s: &jointex_scenario::Scenario, f: &jointex_sim::FacilitatorOrder) -> String {
    use jointex_sim::FacilitatorOrder as F;
    let inject = |i: &jointex_scenario::model::InjectId| {
        s.injects
            .get(i.index())
            .map_or_else(|| format!("inject #{}", i.0), |x| x.key.clone())
    };
    match f {
        F::Hold(i) => format!("held {}", inject(i)),
        F::Release(i) => format!("released {}", inject(i)),
        F::FireNow(i) => format!("fired {} now", inject(i)),
        F::AdHoc(a) => format!(
            "sent an ad-hoc inject to {}: {}",
            a.to.map_or_else(|| "every team".to_owned(), |t| team_name(s, t)),
            a.title.get(Lang::En)
        ),
        F::Pause => "paused the exercise".to_owned(),
        F::Resume => "resumed the exercise".to_owned(),
        F::AllowTlpViolations(true) => "let TLP violations through".to_owned(),
        F::AllowTlpViolations(false) => "refused TLP violations again".to_owned(),
    }
}

/// A team order in plain English, with the scenario's ids.
fn order_en(s: &jointex_scenario::Scenario, o: &jointex_sim::TeamOrder) -> String {
    use super::analysis::indicator_key;
    use jointex_sim::TeamOrder as O;
    let a = |x| asset_name(s, x);
    let i = |x| indicator_key(s, x);
    match o {
        O::Investigate(x) => format!("investigate {}", a(*x)),
        O::Hunt(x) => format!("hunt for {}", i(*x)),
        O::Isolate(x) => format!("isolate {}", a(*x)),
        O::Reconnect(x) => format!("reconnect {}", a(*x)),
        O::Patch(x) => format!("patch {}", a(*x)),
        O::ResetCredentials(x) => format!("reset credentials on {}", a(*x)),
        O::Restore(x) => format!("restore {} from backup", a(*x)),
        O::DeploySensor(x) => format!("deploy a sensor on {}", a(*x)),
        O::Block(x) => format!("block {}", i(*x)),
        O::Share(sh) => format!(
            "share {} as {}",
            if sh.indicators.is_empty() {
                "a note".to_owned()
            } else {
                sh.indicators
                    .iter()
                    .map(|x| i(*x))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            sh.tlp.label()
        ),
        O::RequestAssistance(_) => "request assistance".to_owned(),
        O::ProvideAssistance(t) => format!("provide assistance to {}", team_name(s, *t)),
        O::JointOperation(_) => "joint operation".to_owned(),
        O::PublicAdvisory(xs) => format!(
            "public advisory on {}",
            xs.iter().map(|x| i(*x)).collect::<Vec<_>>().join(", ")
        ),
    }
}
