//! `jointex run`: play an exercise with no terminal and print what happened, turn by turn.
//!
//! A thin client of the engine: it loads the scenario (reporting problems exactly like
//! `jointex check`), loads and resolves the orders file ([`jointex_sim::orders_file`]), then each
//! turn gives the facilitator's scripted orders, and for each team in scenario order its
//! scripted orders followed by its policy's, and resolves. Everything printed derives from
//! the turn's events and the facilitator's view, so the same scenario, seed, orders and
//! policies print the same bytes. A refused scripted order is a warning on stderr, never a
//! reason to stop.

use std::io::Write;
use std::ops::Range;
use std::process::ExitCode;
use std::sync::Arc;

use jointex_record::Recorder;
use jointex_scenario::diag::{Diagnostic, Severity};
use jointex_scenario::model::{AssetId, TeamId};
use jointex_scenario::{Lang, Scenario, suggest};
use jointex_sim::events::Audience;
use jointex_sim::policy::{self, Policy};
use jointex_sim::{Event, FacilitatorView, Order, ServiceState, TeamMetrics, TeamOrder};
use serde::Serialize;

use crate::cli::RunArgs;
use crate::cmd::exit::usage;
use crate::cmd::files::read_text;
use jointex_sim::orders_file::{
    self, Script, ScriptTurn, Scripted, actor_key, describe_facilitator_order, describe_team_order,
    indicator_key, inject_key, team_key,
};

/// Runs `jointex run`.
pub fn run(args: &RunArgs) -> ExitCode {
    drive(args, None)
}

/// Runs an exercise headless; with a record to resume, its scenario and orders file are the
/// record's and the recorder catches up with it first (`jointex resume`).
pub fn drive(args: &RunArgs, resumed: Option<&jointex_record::Record>) -> ExitCode {
    let color = crate::cmd::exit::color(args.color);
    let specs = match parse_policy_specs(&args.policy) {
        Ok(specs) => specs,
        Err(message) => return usage(&message),
    };
    let mut feed = match crate::cmd::stix::taxii_from_args(
        args.taxii.as_deref(),
        args.taxii_user.as_deref(),
    ) {
        Ok(Some(taxii)) => Some(jointex_stix::ShareFeed::new(Some(taxii))),
        Ok(None) => None,
        Err(message) => return usage(&message),
    };
    let mut from_partners = 0usize;

    // The scenario: problems are printed exactly as `jointex check` prints them.
    let (file, text) = match (resumed, &args.scenario) {
        (Some(r), _) => (
            r.path.display().to_string(),
            Ok(r.meta.scenario_text.clone()),
        ),
        (None, None) => (
            format!(
                "(embedded) scenarios/{}",
                jointex_scenario::DEFAULT_SCENARIO_NAME
            ),
            Ok(jointex_scenario::DEFAULT_SCENARIO.to_owned()),
        ),
        (None, Some(p)) => (p.display().to_string(), read_text(p)),
    };
    let text = match text {
        Ok(t) => t,
        Err(why) => {
            let d = Diagnostic::error("unreadable", format!("cannot read the file: {why}"));
            return invalid(&file, "", &[d], color);
        }
    };
    let scenario = match loaded(&file, &text, color) {
        Ok(s) => s,
        Err(code) => return code,
    };

    // Usage that needs the scenario to judge.
    let total = scenario.clock.turns;
    let last = match turns_within(args.turns, &scenario) {
        Ok(k) => k,
        Err(code) => return code,
    };
    if let Err(message) = check_spec_teams(&scenario, &specs) {
        return usage(message);
    }

    // The orders file: every problem, then nothing is run.
    let recorded_orders = resumed.and_then(|r| {
        let d = &r.meta.driver;
        Some((
            d.orders_name.clone().unwrap_or_default(),
            d.orders_text.clone()?,
        ))
    });
    let (orders_name, orders_text, script) = match (recorded_orders, &args.orders) {
        (Some((name, text)), _) => match orders_file::load(&text, &scenario) {
            Ok(script) => (name, text, script),
            // The text is the copy kept in the record: say so, and never print an empty
            // file name (`--> :1:1`) when the record names none.
            Err(diags) => {
                let record = resumed.map_or_else(String::new, |r| r.path.display().to_string());
                let shown = if name.is_empty() {
                    format!("(the orders kept in {record})")
                } else {
                    format!("{name} (the copy kept in {record})")
                };
                return invalid_orders(&shown, &text, &diags, color);
            }
        },
        (None, None) => (String::new(), String::new(), Script::default()),
        (None, Some(p)) => {
            let name = p.display().to_string();
            let text = match read_text(p) {
                Ok(t) => t,
                Err(why) => {
                    let d = Diagnostic::error("unreadable", format!("cannot read the file: {why}"));
                    return invalid_orders(&name, "", &[d], color);
                }
            };
            match orders_file::load(&text, &scenario) {
                Ok(script) => (name, text, script),
                Err(diags) => return invalid_orders(&name, &text, &diags, color),
            }
        }
    };

    // Policies: idle, then the file's, then `--policy NAME`, then `--policy TEAM=NAME`.
    let mut names: Vec<String> = vec!["idle".to_owned(); scenario.teams.len()];
    for (t, name) in &script.policies {
        names[t.index()] = name.clone();
    }
    apply_specs(&scenario, &mut names, &specs);
    let mut policies: Vec<Box<dyn Policy>> = Vec::new();
    for name in &names {
        match policy::by_name(name) {
            Some(p) => policies.push(p),
            // Every name was checked against the same table; this is a guard, not a path.
            None => return usage(format!("unknown policy `{name}`")),
        }
    }

    let mut out = Output::new();
    let ctx = Context {
        scenario: &scenario,
        orders_name: &orders_name,
        orders_text: &orders_text,
    };
    if !args.json {
        let policies = scenario
            .teams
            .iter()
            .zip(&names)
            .map(|(t, n)| format!("{} {n}", t.key))
            .collect::<Vec<_>>()
            .join(", ");
        let orders = if orders_name.is_empty() {
            String::new()
        } else {
            format!("; orders: {orders_name}")
        };
        out.line(&format!(
            "{} v{}, seed {}, turns 1 to {last} of {total}; policies: {policies}{orders}",
            scenario.meta.id, scenario.meta.version, args.seed
        ));
        out.line("");
    }

    // The exercise's identity seeds the ids of what it exports: a record's own (made now for a
    // new one), else one derived from everything that makes this run what it is.
    let exercise = match (resumed, &args.record) {
        (Some(r), _) => r.meta.driver.exercise.clone(),
        (None, Some(path)) => Some(jointex_record::new_exercise_id(path, args.seed)),
        (None, None) => Some(crate::cmd::stix::derived_exercise(&[
            &text,
            &args.seed.to_string(),
            &names.join(","),
            &orders_text,
        ])),
    };
    feed = feed.map(|f| f.for_exercise(exercise.clone()));
    let recording = crate::cmd::record::Recording {
        exercise: exercise.as_deref(),
        args,
        resumed,
        scenario_text: &text,
        policies: &names,
        orders_name: &orders_name,
        orders_text: &orders_text,
    };
    let mut ex = match recording.recorder(&scenario) {
        Ok(ex) => ex,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(1);
        }
    };
    let mut contained_before = vec![0usize; scenario.teams.len()];
    let mut played = 0;
    let mut hash = ex.state_hash();
    while !ex.is_over() && played < last {
        let turn = ex.turn();
        let Given {
            mut refused,
            accepted,
        } = give_orders(&mut ex, script.turn(turn), &mut policies, &ctx);
        let resolved = match ex.resolve() {
            Ok(r) => r,
            Err(why) => {
                eprintln!("error: turn {turn} cannot be resolved: {why}");
                return ExitCode::from(1);
            }
        };
        // Shares of the turn go out live; the partner's come back. Trouble with the server is
        // reported and the exercise carries on locally.
        if let Some(feed) = &mut feed {
            let exchanged = feed.after_turn(ex.exercise(), |_| true);
            crate::cmd::stix::report_turn_feed(&exchanged);
            from_partners += exchanged.received.len();
        }
        // Everything logged under this turn: the injects that opened it, the white cell's
        // actions while it was planned, and its resolution.
        let report = jointex_sim::TurnReport {
            events: ex.turn_events(turn),
            ..resolved
        };
        // A scripted order the engine took but refused when the turn resolved (the world
        // moved, or points ran out) is reported at its place in the file too.
        for e in &report.events {
            if let Event::OrderRefused {
                order: Order::Team(team, o),
                reason,
            } = e
                && let Some(given) = accepted
                    .iter()
                    .find(|a| a.order.0 == *team && a.order.1 == *o)
            {
                refused.push(ctx.refused(
                    &given.span,
                    Some(*team),
                    &describe_team_order(o, &scenario),
                    &reason.to_string(),
                    true,
                ));
            }
        }
        let mut err = String::new();
        for r in &refused {
            err.push_str(&format!("warning: {}\n", r.line));
        }
        let _ = std::io::stderr().write_all(err.as_bytes());

        let view = ex.facilitator_view();
        let counts = team_counts(&report.events, &view, &mut contained_before);
        let truth = Truth::of(&view, turn);
        played += 1;
        hash = report.hash;
        let ok = if args.json {
            out.line(&to_json(&turn_json(
                &scenario, &report, &view, &counts, &truth, &refused,
            )))
        } else {
            out.line(&turn_line(&scenario, turn, report.hash, &counts, &truth))
        };
        if !ok {
            return out.exit();
        }
    }
    // A resumed run must consume its whole log: actions left over mean the record's driver
    // (its `--turns`) was edited to stop before what it recorded.
    if ex.catching_up() {
        eprintln!(
            "error: {}: the record was altered: it holds actions after turn {played}, where its \
             driver says the run stops",
            resumed.map_or_else(String::new, |r| r.path.display().to_string())
        );
        return ExitCode::from(1);
    }

    let undelivered = feed.as_ref().map_or(0, |f| f.undelivered);
    if let Some(x) = feed.as_ref().and_then(|f| f.taxii().map(|x| (f, x))) {
        eprintln!(
            "taxii: {} object(s) pushed to {}; {} bundle(s) not delivered; {} object(s) read from partners",
            x.1.sent().len(),
            x.1.client().collection_url(),
            x.0.undelivered,
            from_partners
        );
    }
    let view = ex.facilitator_view();
    let evaluation = ex.evaluation();
    if args.json {
        out.line(&to_json(&final_json(
            &scenario,
            args.seed,
            played,
            hash,
            &view,
            &evaluation,
            &names,
        )));
    } else {
        out.line("");
        out.text(&summary(&scenario, played, total, hash, &view, &evaluation));
    }
    let code = out.exit();
    // The exercise ran, but intel the user asked to exchange did not all arrive: a script
    // must not take that for success.
    if undelivered > 0 {
        eprintln!("error: {undelivered} bundle(s) were not delivered to the TAXII server");
        return ExitCode::from(1);
    }
    code
}

/// Gives one turn's orders: the facilitator's scripted ones, then for each team its scripted
/// ones and its policy's. Returns the scripted orders refused, and the team orders accepted
/// with their place in the file (to recognise them if the turn refuses them later).
fn give_orders(
    ex: &mut Recorder,
    scripted: Option<&ScriptTurn>,
    policies: &mut [Box<dyn Policy>],
    ctx: &Context<'_>,
) -> Given {
    let mut refused = Vec::new();
    let mut accepted = Vec::new();
    // Facilitator orders first: a hold or an ad-hoc inject must be in place before the teams
    // plan.
    for f in scripted.into_iter().flat_map(|t| &t.facilitator) {
        if let Err(why) = ex.order(Order::Facilitator(f.order.clone())) {
            refused.push(ctx.refused(
                &f.span,
                None,
                &describe_facilitator_order(&f.order, ctx.scenario),
                &why.to_string(),
                false,
            ));
        }
    }
    for (t, policy) in policies.iter_mut().enumerate() {
        let team = TeamId(t as u16);
        for o in scripted
            .into_iter()
            .flat_map(|s| &s.orders)
            .filter(|o| o.order.0 == team)
        {
            let order = o.order.1.clone();
            match ex.order(Order::Team(team, order.clone())) {
                Ok(()) => accepted.push(Scripted {
                    order: (team, order),
                    span: o.span.clone(),
                }),
                Err(why) => refused.push(ctx.refused(
                    &o.span,
                    Some(team),
                    &describe_team_order(&order, ctx.scenario),
                    &why.to_string(),
                    false,
                )),
            }
        }
        // The policy plans with the points the scripted orders left, and submits. A record
        // that cannot be written stops the recorder, and so the turn's resolution.
        let _ = jointex_record::play_policy(ex, team, policy.as_mut());
    }
    Given { refused, accepted }
}

/// What giving a turn's orders came to.
struct Given {
    /// Scripted orders refused when given.
    refused: Vec<Refused>,
    /// Scripted team orders accepted, with their place in the file.
    accepted: Vec<Scripted<(TeamId, TeamOrder)>>,
}

/// A `--policy` value: `NAME` for every team or `TEAM=NAME` for one.
pub(crate) struct PolicySpec {
    team: Option<String>,
    name: String,
    raw: String,
}

pub(crate) fn parse_policy_specs(values: &[String]) -> Result<Vec<PolicySpec>, String> {
    values
        .iter()
        .map(|raw| {
            // `respond:share=never` has an `=` too: a team is only what comes before an `=`
            // with no `:` in it.
            let (team, name) = match raw.split_once('=') {
                Some((t, n)) if !t.contains(':') => {
                    (Some(t.trim().to_owned()), n.trim().to_owned())
                }
                _ => (None, raw.trim().to_owned()),
            };
            if team.as_deref().is_some_and(str::is_empty) || name.is_empty() {
                return Err(format!(
                    "`--policy {raw}` is not `NAME` or `TEAM=NAME`: {}",
                    orders_file::policy_hint("")
                ));
            }
            if let Err(e) = policy::parse(&name) {
                return Err(format!("{} in `--policy {raw}`: {}", e.message, e.hint));
            }
            Ok(PolicySpec {
                team,
                name,
                raw: raw.clone(),
            })
        })
        .collect()
}

/// A scenario loaded for a headless command: its warnings printed as `check` prints them,
/// or its problems and exit status 1.
pub(crate) fn loaded(file: &str, text: &str, color: bool) -> Result<Arc<Scenario>, ExitCode> {
    match jointex_scenario::load(text) {
        Ok(loaded) => {
            let mut err = String::new();
            for w in &loaded.warnings {
                err.push_str(&w.render(file, text, color));
                err.push('\n');
            }
            let _ = std::io::stderr().write_all(err.as_bytes());
            Ok(Arc::new(loaded.scenario))
        }
        Err(diags) => Err(invalid(file, text, &diags, color)),
    }
}

/// `--turns K`, at most the scenario's turns (all of them when not given); else a usage error.
pub(crate) fn turns_within(turns: Option<u32>, s: &Scenario) -> Result<u32, ExitCode> {
    let total = s.clock.turns;
    match turns {
        Some(k) if k > total => Err(usage(format!(
            "`--turns {k}` is more than the scenario has: `{}` runs {total} turns",
            s.meta.id
        ))),
        Some(k) => Ok(k),
        None => Ok(total),
    }
}

/// Every `TEAM=` of the specs names a team of the scenario; else the usage message.
pub(crate) fn check_spec_teams(scenario: &Scenario, specs: &[PolicySpec]) -> Result<(), String> {
    for spec in specs {
        if let Some(team) = &spec.team
            && scenario.team_id(team).is_none()
        {
            let keys: Vec<&str> = scenario.teams.iter().map(|t| t.key.as_str()).collect();
            let list = keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match suggest::closest(team, keys.iter().copied()) {
                Some(c) => format!("did you mean `{c}`? the teams are {list}"),
                None => format!("the teams are {list}"),
            };
            return Err(format!(
                "unknown team `{team}` in `--policy {}`: {hint}",
                spec.raw
            ));
        }
    }
    Ok(())
}

/// Sets each team's policy from the specs: `NAME` for every team, then `TEAM=NAME`, the last
/// given winning.
pub(crate) fn apply_specs(scenario: &Scenario, names: &mut [String], specs: &[PolicySpec]) {
    for spec in specs.iter().filter(|s| s.team.is_none()) {
        names.iter_mut().for_each(|n| n.clone_from(&spec.name));
    }
    for spec in specs {
        if let Some(t) = spec.team.as_deref().and_then(|k| scenario.team_id(k))
            && let Some(n) = names.get_mut(t.index())
        {
            n.clone_from(&spec.name);
        }
    }
}

/// Prints a bad scenario's diagnostics exactly as `jointex check` does; exit 1.
pub(crate) fn invalid(file: &str, source: &str, diags: &[Diagnostic], color: bool) -> ExitCode {
    let mut err = String::new();
    for d in diags {
        err.push_str(&d.render(file, source, color));
        err.push('\n');
    }
    err.push_str(&format!("{file}: invalid: {}\n", counted(diags)));
    let _ = std::io::stderr().write_all(err.as_bytes());
    ExitCode::from(1)
}

/// Prints a bad orders file's diagnostics; nothing was run; exit 1.
fn invalid_orders(file: &str, source: &str, diags: &[Diagnostic], color: bool) -> ExitCode {
    let mut err = String::new();
    for d in diags {
        err.push_str(&d.render(file, source, color));
        err.push('\n');
    }
    err.push_str(&format!(
        "{file}: invalid orders: {}; nothing was run\n",
        counted(diags)
    ));
    let _ = std::io::stderr().write_all(err.as_bytes());
    ExitCode::from(1)
}

fn counted(diags: &[Diagnostic]) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    if warnings > 0 {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    } else {
        plural(errors, "error")
    }
}

/// Standard output, stopping quietly when the reader goes away (`jointex run | head`).
struct Output {
    out: std::io::StdoutLock<'static>,
    failed: Option<std::io::ErrorKind>,
}

impl Output {
    fn new() -> Self {
        Output {
            out: std::io::stdout().lock(),
            failed: None,
        }
    }

    /// Writes a line; false once writing has failed.
    fn line(&mut self, s: &str) -> bool {
        self.text(&format!("{s}\n"))
    }

    fn text(&mut self, s: &str) -> bool {
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(s.as_bytes())
        {
            self.failed = Some(e.kind());
        }
        self.failed.is_none()
    }

    fn exit(mut self) -> ExitCode {
        let _ = self.out.flush();
        match self.failed {
            None | Some(std::io::ErrorKind::BrokenPipe) => ExitCode::SUCCESS,
            Some(_) => ExitCode::from(1),
        }
    }
}

/// What the run needs to say where a scripted order came from.
struct Context<'a> {
    scenario: &'a Scenario,
    orders_name: &'a str,
    orders_text: &'a str,
}

/// A scripted order that was refused.
struct Refused {
    at: String,
    team: Option<String>,
    order: String,
    reason: String,
    /// Refused when the turn resolved, not when given.
    at_resolution: bool,
    /// The warning line, without `warning: `.
    line: String,
}

impl Context<'_> {
    fn refused(
        &self,
        span: &Range<usize>,
        team: Option<TeamId>,
        order: &str,
        reason: &str,
        at_resolution: bool,
    ) -> Refused {
        let at = orders_file::location(self.orders_name, self.orders_text, span);
        let who = team.map_or_else(|| "facilitator".to_owned(), |t| team_key(self.scenario, t));
        let when = if at_resolution {
            " when the turn resolved"
        } else {
            ""
        };
        Refused {
            line: format!("{at}: {who}: {order} refused{when}: {reason}"),
            at,
            team: team.map(|t| team_key(self.scenario, t)),
            order: order.to_owned(),
            reason: reason.to_owned(),
            at_resolution,
        }
    }
}

/// One team's numbers for one turn.
#[derive(Clone, Copy, Default)]
struct Counts {
    /// Assets the team flagged this turn.
    detected: usize,
    /// Incidents the team contained this turn.
    contained: usize,
    /// Shares the team sent this turn.
    shared: usize,
}

fn team_counts(
    events: &[Event],
    view: &FacilitatorView,
    contained_before: &mut [usize],
) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); contained_before.len()];
    let mut detected: Vec<std::collections::BTreeSet<AssetId>> =
        vec![Default::default(); contained_before.len()];
    for e in events {
        match e {
            Event::Detected { team, asset, .. } => {
                if let Some(d) = detected.get_mut(team.index()) {
                    d.insert(*asset);
                }
            }
            Event::OrderApplied {
                order: Order::Team(team, TeamOrder::Share(_)),
            } => {
                if let Some(c) = counts.get_mut(team.index()) {
                    c.shared += 1;
                }
            }
            _ => {}
        }
    }
    for (t, c) in counts.iter_mut().enumerate() {
        c.detected = detected[t].len();
        // The engine's own count of contained incidents: what the evaluation reads.
        let now = view.metrics.get(t).map_or(0, |m| m.time_to_contain.len());
        c.contained = now.saturating_sub(contained_before[t]);
        contained_before[t] = now;
    }
    counts
}

/// Ground truth after a turn.
struct Truth {
    /// Assets an adversary holds now.
    compromised: usize,
    /// Assets whose service is down now.
    down: usize,
    /// MSEL injects that fired in this turn (reached the teams while they planned it).
    fired: usize,
}

impl Truth {
    fn of(view: &FacilitatorView, turn: u32) -> Self {
        Truth {
            compromised: view.assets.iter().filter(|a| a.held_by.is_some()).count(),
            down: view
                .assets
                .iter()
                .filter(|a| a.service == ServiceState::Down)
                .count(),
            fired: view
                .injects
                .iter()
                .filter(|i| i.fired == Some(turn))
                .count(),
        }
    }
}

fn turn_line(s: &Scenario, turn: u32, hash: u64, counts: &[Counts], truth: &Truth) -> String {
    let width = s.clock.turns.to_string().len().max(2);
    let key_width = s
        .teams
        .iter()
        .map(|t| t.key.chars().count())
        .max()
        .unwrap_or(0);
    let mut parts: Vec<String> = s
        .teams
        .iter()
        .zip(counts)
        .map(|(t, c)| {
            format!(
                "{:<key_width$} {:>2} detected, {:>2} contained, {:>2} shared",
                format!("{}:", t.key),
                c.detected,
                c.contained,
                c.shared,
                key_width = key_width + 1
            )
        })
        .collect();
    parts.push(format!(
        "truth: {:>2} compromised, {:>2} down, {:>2} {} fired",
        truth.compromised,
        truth.down,
        truth.fired,
        if truth.fired == 1 {
            "inject"
        } else {
            "injects"
        }
    ));
    format!("turn {turn:>width$}  {hash:016x}  {}", parts.join(" | "))
}

/// Who may see an event, with team ids: `"all"`, `"facilitator"` or `["us"]`.
#[derive(Serialize)]
#[serde(untagged)]
enum AudienceJson {
    Word(&'static str),
    Teams(Vec<String>),
}

impl AudienceJson {
    fn of(a: &Audience, s: &Scenario) -> Self {
        match a {
            Audience::All => AudienceJson::Word("all"),
            Audience::Facilitator => AudienceJson::Word("facilitator"),
            Audience::Teams(t) => AudienceJson::Teams(t.iter().map(|t| team_key(s, *t)).collect()),
        }
    }
}

/// One `--json` line per turn. Field order is the order printed.
#[derive(Serialize)]
struct TurnJson<'a> {
    turn: u32,
    hash: String,
    events: Vec<EventJson<'a>>,
    teams: Vec<TeamTurnJson<'a>>,
    truth: TruthJson,
    refused: Vec<RefusedJson<'a>>,
}

/// An event as the engine serialises it, with who may see it and a sentence for people.
#[derive(Serialize)]
struct EventJson<'a> {
    event: &'a Event,
    audience: AudienceJson,
    text: String,
}

#[derive(Serialize)]
struct TeamTurnJson<'a> {
    team: &'a str,
    nation: &'a str,
    detected: usize,
    contained: usize,
    shared: usize,
    metrics: Option<&'a TeamMetrics>,
}

#[derive(Serialize)]
struct TruthJson {
    compromised: usize,
    down: usize,
    fired: usize,
}

#[derive(Serialize)]
struct RefusedJson<'a> {
    at: &'a str,
    team: Option<&'a str>,
    order: &'a str,
    reason: &'a str,
    when: &'static str,
}

fn turn_json<'a>(
    s: &'a Scenario,
    report: &'a jointex_sim::TurnReport,
    view: &'a FacilitatorView,
    counts: &[Counts],
    truth: &Truth,
    refused: &'a [Refused],
) -> TurnJson<'a> {
    TurnJson {
        turn: report.turn,
        hash: format!("{:016x}", report.hash),
        events: report
            .events
            .iter()
            .map(|e| EventJson {
                event: e,
                audience: AudienceJson::of(&e.audience(s), s),
                text: describe(e, s),
            })
            .collect(),
        teams: s
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let c = counts.get(i).copied().unwrap_or_default();
                TeamTurnJson {
                    team: &t.key,
                    nation: &t.nation,
                    detected: c.detected,
                    contained: c.contained,
                    shared: c.shared,
                    metrics: view.metrics.get(i),
                }
            })
            .collect(),
        truth: TruthJson {
            compromised: truth.compromised,
            down: truth.down,
            fired: truth.fired,
        },
        refused: refused
            .iter()
            .map(|r| RefusedJson {
                at: &r.at,
                team: r.team.as_deref(),
                order: &r.order,
                reason: &r.reason,
                when: if r.at_resolution { "resolved" } else { "given" },
            })
            .collect(),
    }
}

/// One line of JSON. The types are plain data with string keys, so this cannot fail; an
/// error would print as an empty object rather than stop the run.
fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}

fn mean(v: &[u32]) -> Option<f64> {
    (!v.is_empty()).then(|| f64::from(v.iter().sum::<u32>()) / v.len() as f64)
}

fn hours_lost(m: &TeamMetrics) -> u64 {
    m.service_hours_lost.values().sum()
}

/// The last `--json` line.
#[derive(Serialize)]
struct FinalJson<'a> {
    #[serde(rename = "final")]
    summary: SummaryJson<'a>,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    scenario: &'a str,
    version: &'a str,
    seed: u64,
    turns_played: u32,
    turns: u32,
    over: bool,
    hash: String,
    teams: Vec<TeamSummaryJson<'a>>,
    objectives_met: usize,
    objectives: Vec<ObjectiveJson<'a>>,
}

#[derive(Serialize)]
struct TeamSummaryJson<'a> {
    team: &'a str,
    nation: &'a str,
    policy: &'a str,
    mean_time_to_detect: Option<f64>,
    mean_time_to_contain: Option<f64>,
    mean_time_to_share: Option<f64>,
    service_hours_lost: u64,
    metrics: Option<&'a TeamMetrics>,
}

#[derive(Serialize)]
struct ObjectiveJson<'a> {
    id: &'a str,
    team: Option<&'a str>,
    /// The engine's rating: `P`, `S`, `M`, `U` or `N/E` (not exercised).
    rating: &'static str,
    /// Met: rated P or S.
    met: bool,
    /// Exercised: anything happened that the measure could measure.
    exercised: bool,
    /// The measured values, per team.
    measured: &'a [jointex_sim::evaluation::TeamResult],
    text: &'a str,
}

fn final_json<'a>(
    s: &'a Scenario,
    seed: u64,
    played: u32,
    hash: u64,
    view: &'a FacilitatorView,
    evaluation: &'a jointex_sim::Evaluation,
    policies: &'a [String],
) -> FinalJson<'a> {
    let teams = s
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let m = view.metrics.get(i);
            let times = |f: fn(&TeamMetrics) -> &Vec<u32>| m.and_then(|m| mean(f(m)));
            TeamSummaryJson {
                team: &t.key,
                nation: &t.nation,
                policy: policies.get(i).map_or("idle", String::as_str),
                mean_time_to_detect: times(|m| &m.time_to_detect),
                mean_time_to_contain: times(|m| &m.time_to_contain),
                mean_time_to_share: times(|m| &m.time_to_share),
                service_hours_lost: m.map_or(0, hours_lost),
                metrics: m,
            }
        })
        .collect();
    let objectives = evaluation
        .objectives
        .iter()
        .filter_map(|r| {
            let o = s.objectives.get(r.objective.index())?;
            Some(ObjectiveJson {
                id: &o.key,
                team: o
                    .team
                    .and_then(|t| s.teams.get(t.index()))
                    .map(|t| t.key.as_str()),
                rating: r.rating.letter(),
                met: r.rating.met(),
                exercised: r.rating != jointex_sim::Rating::NotExercised,
                measured: &r.teams,
                text: o.text.get(Lang::En),
            })
        })
        .collect();
    FinalJson {
        summary: SummaryJson {
            scenario: &s.meta.id,
            version: &s.meta.version,
            seed,
            turns_played: played,
            turns: s.clock.turns,
            over: view.over,
            hash: format!("{hash:016x}"),
            teams,
            objectives_met: evaluation
                .objectives
                .iter()
                .filter(|r| r.rating.met())
                .count(),
            objectives,
        },
    }
}

/// The closing summary: per-team metrics in a table, then the objectives.
fn summary(
    s: &Scenario,
    played: u32,
    total: u32,
    hash: u64,
    view: &FacilitatorView,
    evaluation: &jointex_sim::Evaluation,
) -> String {
    let mut out = format!("after {played} of {total} turns, final hash {hash:016x}\n\n");
    let mean_cell = |v: &[u32]| mean(v).map_or_else(|| "-".to_owned(), |m| format!("{m:.1}"));
    let mut rows: Vec<Vec<String>> = vec![
        [
            "team",
            "nation",
            "detect",
            "contain",
            "share",
            "undetected",
            "hours lost",
            "tlp violations",
            "joint ops",
            "expected met",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for (i, t) in s.teams.iter().enumerate() {
        let m = view.metrics.get(i).cloned().unwrap_or_default();
        rows.push(vec![
            t.key.clone(),
            t.nation.clone(),
            mean_cell(&m.time_to_detect),
            mean_cell(&m.time_to_contain),
            mean_cell(&m.time_to_share),
            m.undetected.to_string(),
            thousands(hours_lost(&m)),
            m.tlp_violations.to_string(),
            m.joint_operations.to_string(),
            format!("{} of {}", m.expected_met, m.expected_due),
        ]);
    }
    out.push_str(&table(&rows, 2));
    out.push_str(
        "(detect, contain, share: mean turns taken; hours lost: people-hours of service)\n\n",
    );
    let rated = &evaluation.objectives;
    let met = rated.iter().filter(|r| r.rating.met()).count();
    let idle = rated
        .iter()
        .filter(|r| r.rating == jointex_sim::Rating::NotExercised)
        .count();
    out.push_str(&format!(
        "objectives: {met} of {} met, {idle} not exercised (P, S: met; M, U: not met; N/E: nothing to measure)\n",
        rated.len()
    ));
    let id_width = s
        .objectives
        .iter()
        .map(|o| o.key.chars().count())
        .max()
        .unwrap_or(0);
    for r in rated {
        let o = &s.objectives[r.objective.index()];
        out.push_str(&format!(
            "  {:<3}  {:<id_width$}  {}\n",
            r.rating.letter(),
            o.key,
            o.text.get(Lang::En)
        ));
    }
    out
}

/// Left-aligns the first two columns (names), right-aligns the rest (numbers).
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
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, x)| {
                let w = widths[c];
                if c < text_columns {
                    format!("{x:<w$}")
                } else {
                    format!("{x:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An event in English, with the scenario's string ids: for people reading `--json`.
pub fn describe(e: &Event, s: &Scenario) -> String {
    let asset = |a: &AssetId| {
        s.assets
            .get(a.index())
            .map_or_else(|| format!("asset #{}", a.0), |x| x.key.clone())
    };
    let team = |t: &TeamId| team_key(s, *t);
    let stage = |actor: &jointex_scenario::model::ActorId,
                 st: &jointex_scenario::model::StageId| {
        s.actors
            .get(actor.index())
            .and_then(|a| a.stages.get(st.index()))
            .map_or_else(|| format!("stage #{}", st.0), |x| x.key.clone())
    };
    let indicators = |v: &[jointex_scenario::model::IndicatorId]| {
        v.iter()
            .map(|i| indicator_key(s, *i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let order = |o: &Order| match o {
        Order::Team(t, o) => format!("{}: {}", team(t), describe_team_order(o, s)),
        Order::Facilitator(f) => format!("facilitator: {}", describe_facilitator_order(f, s)),
    };
    match e {
        Event::OrderApplied { order: o } => format!("{} applied", order(o)),
        Event::OrderRefused { order: o, reason } => format!("{} refused: {reason}", order(o)),
        Event::CampaignStarted { actor, stage: st } => {
            let campaign = s
                .actors
                .get(actor.index())
                .and_then(|a| {
                    let c = a.stages.get(st.index())?.campaign;
                    a.campaigns.get(c.0 as usize)
                })
                .map_or_else(
                    || "a campaign".to_owned(),
                    |c| format!("campaign {}", c.key),
                );
            format!(
                "{} starts {campaign} with stage {}",
                actor_key(s, *actor),
                stage(actor, st)
            )
        }
        Event::Attempt {
            actor,
            stage: st,
            asset: a,
            success,
        } => format!(
            "{} tries {} on {}: {}",
            actor_key(s, *actor),
            stage(actor, st),
            asset(a),
            if *success { "success" } else { "failure" }
        ),
        Event::Compromised { asset: a, actor } => {
            format!("{} compromised by {}", asset(a), actor_key(s, *actor))
        }
        Event::Evicted { asset: a } => format!("adversary evicted from {}", asset(a)),
        Event::StageCompleted {
            actor,
            stage: st,
            next,
        } => match next {
            Some(n) => format!(
                "{} completes stage {}, moves to {}",
                actor_key(s, *actor),
                stage(actor, st),
                stage(actor, n)
            ),
            None => format!(
                "{} completes stage {}, the campaign's last",
                actor_key(s, *actor),
                stage(actor, st)
            ),
        },
        Event::StageBlocked {
            actor,
            stage: st,
            branch,
        } => match branch {
            Some(b) => format!(
                "{} blocked at stage {}, branches to {}",
                actor_key(s, *actor),
                stage(actor, st),
                stage(actor, b)
            ),
            None => format!(
                "{} blocked at stage {}, the campaign stalls",
                actor_key(s, *actor),
                stage(actor, st)
            ),
        },
        Event::ImpactApplied { asset: a, impact } => {
            format!("{} hits {}", impact.label(), asset(a))
        }
        Event::Detected {
            team: t,
            asset: a,
            source,
        } => format!("{} flags {} ({})", team(t), asset(a), source_label(*source)),
        Event::Investigated {
            team: t,
            asset: a,
            compromised,
        } => format!(
            "{} investigates {}: {}",
            team(t),
            asset(a),
            if *compromised { "compromised" } else { "clean" }
        ),
        Event::IndicatorLearned {
            team: t,
            indicator,
            tlp,
            from,
        } => format!(
            "{} learns {} as {}{}",
            team(t),
            indicator_key(s, *indicator),
            tlp.label(),
            from.map_or_else(String::new, |f| format!(" from {}", team(&f)))
        ),
        Event::ShareReceived {
            from,
            to,
            indicators: v,
            tlp,
            ..
        } => {
            let what = if v.is_empty() {
                "a note".to_owned()
            } else {
                indicators(v)
            };
            format!(
                "{} shares {what} with {} as {}",
                team(from),
                team(to),
                tlp.label()
            )
        }
        Event::TlpViolated {
            team: t,
            indicator,
            tlp,
        } => format!(
            "{} breaks {} on {}",
            team(t),
            tlp.label(),
            indicator_key(s, *indicator)
        ),
        Event::AssistanceRequested { team: t, text } => {
            format!("{} requests assistance: {text}", team(t))
        }
        Event::AssistanceProvided { from, to } => format!("{} assists {}", team(from), team(to)),
        Event::JointOperationSucceeded { actor } => {
            format!("joint operation against {} succeeds", actor_key(s, *actor))
        }
        Event::JointOperationUnmatched { team: t, actor } => format!(
            "{}'s operation against {} finds no partner this turn",
            team(t),
            actor_key(s, *actor)
        ),
        Event::AdvisoryPublished {
            team: t,
            indicators: v,
        } => format!("{} publishes an advisory on {}", team(t), indicators(v)),
        Event::ServiceChanged { asset: a, state } => format!(
            "{} service {}",
            asset(a),
            match state {
                ServiceState::Up => "up",
                ServiceState::Degraded => "degraded",
                ServiceState::Down => "down",
            }
        ),
        Event::Restored { asset: a } => format!("{} restored from backup", asset(a)),
        Event::InjectFired { inject } => format!(
            "{} fires: {}",
            inject_key(s, *inject),
            s.injects
                .get(inject.index())
                .map_or("", |i| i.title.get(Lang::En))
        ),
        Event::AdHocFired { number, to: None } => {
            format!("ad-hoc inject #{number} sent to every team")
        }
        Event::AdHocFired {
            number,
            to: Some(t),
        } => format!("ad-hoc inject #{number} sent to {}", team(t)),
        Event::Contained { team: t, asset: a } => format!("{} contains {}", team(t), asset(a)),
        Event::ExpectedMissed { inject, index } => {
            format!(
                "{}: {} missed",
                inject_key(s, *inject),
                expected(s, *inject, *index)
            )
        }
        Event::ExpectedMet { inject, index } => {
            format!(
                "{}: {} met",
                inject_key(s, *inject),
                expected(s, *inject, *index)
            )
        }
        Event::Availability {
            team: t,
            sector,
            per_mille,
        } => format!(
            "{} {} availability {}.{}%",
            team(t),
            sector.label(),
            per_mille / 10,
            per_mille % 10
        ),
        Event::ObjectiveRated { objective, rating } => format!(
            "{} rated {}",
            s.objectives
                .get(objective.index())
                .map_or_else(|| format!("objective #{}", objective.0), |o| o.key.clone()),
            rating.letter()
        ),
        Event::Acknowledged {
            team: t,
            message,
            sender,
        } => format!(
            "{} acknowledges message {}{}",
            team(t),
            message + 1,
            sender.map_or_else(String::new, |f| format!(" from {}", team(&f)))
        ),
        Event::Chat { team: t, by, text } => format!("{} chat: {by}: {text}", team(t)),
        Event::PauseChanged { paused } => if *paused {
            "exercise paused"
        } else {
            "exercise resumed"
        }
        .to_owned(),
        Event::TurnEnded { turn, hash } => format!("turn {turn} ends, state {hash:016x}"),
    }
}

/// An inject's expected action in words: `kr share IND-01`.
fn expected(s: &Scenario, inject: jointex_scenario::model::InjectId, index: usize) -> String {
    let Some(e) = s
        .injects
        .get(inject.index())
        .and_then(|i| i.expected.get(index))
    else {
        return format!("expected action #{index}");
    };
    let target = match e.target {
        Some(jointex_scenario::model::Target::Asset(a)) => s
            .assets
            .get(a.index())
            .map_or_else(String::new, |x| format!(" {}", x.key)),
        Some(jointex_scenario::model::Target::Indicator(i)) => format!(" {}", indicator_key(s, i)),
        None => String::new(),
    };
    format!(
        "expected {} {}{target}",
        team_key(s, e.team),
        e.action.label()
    )
}

fn source_label(source: jointex_sim::Source) -> &'static str {
    match source {
        jointex_sim::Source::Alert => "alert",
        jointex_sim::Source::Hunt => "hunt",
        jointex_sim::Source::Investigation => "investigation",
        jointex_sim::Source::PartnerIntel => "partner intel",
        jointex_sim::Source::Inject => "inject",
        jointex_sim::Source::Impact => "impact",
        jointex_sim::Source::Restore => "restore",
    }
}
