//! `jointex export stix` and `jointex import stix`: shares out as STIX 2.1 bundles (and over
//! TAXII 2.1), indicators in from a STIX bundle such as a public advisory.
//!
//! The work is in `jointex-stix`; this module parses arguments, runs the headless exercise
//! whose shares are exported, reads and writes files, and prints.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::cmd::exit::{failure, usage};
use crate::cmd::files::{io_message, replace_file};
use clap::{Args, Subcommand};
use jointex_scenario::model::TeamId;
use jointex_sim::Exercise;
use jointex_stix::feed::ShareFeed;
use jointex_stix::import::{self, Severity};
use jointex_stix::{Credentials, ShareBundle, TaxiiClient, TaxiiError, TaxiiExchange};

/// The environment variable the TAXII password is read from (never a flag: flags end up in
/// shell histories and process lists).
pub const PASSWORD_ENV: &str = "JOINTEX_TAXII_PASSWORD";

/// `jointex export …`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub what: ExportWhat,
}

/// What `export` can write.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// Write every share of an exercise as a STIX 2.1 bundle with TLP 2.0 markings.
    ///
    /// SOURCE is a record (`jointex play`/`run --record`), restored exactly as played, or a
    /// scenario file played headless (every team by --policy). One file per share,
    /// `share-<turn>-<from>-to-<to…>.json`, goes into --out. The same exercise always gives
    /// byte-identical files.
    ///
    /// With --taxii, each share's bundle is also pushed to a TAXII 2.1 collection as the run
    /// goes, and the collection is read back; the password comes from the environment
    /// variable JOINTEX_TAXII_PASSWORD. TAXII trouble is reported as a warning and the
    /// export carries on; when any bundle was not delivered it exits with status 1.
    Stix(ExportStixArgs),
    /// Write ATT&CK Navigator layers (format 4.5): per team, the techniques it has evidence
    /// of, scored by its assets struck; for the facilitator, the whole campaign.
    ///
    /// SOURCE is a record, or a scenario file played headless (every team by --policy).
    /// Files: `navigator-<team>-<enterprise|ics>.json` and `navigator-facilitator-….json`,
    /// one layer per ATT&CK domain with techniques; open them in the Navigator ("Open
    /// Existing Layer").
    Navigator(ExportNavigatorArgs),
    /// Write every share of an exercise as a MISP event (MISP core format), tagged with its
    /// TLP 2.0 marking and the `exercise` taxonomy.
    ///
    /// SOURCE, --seed, --policy and --turns as for `export navigator`. One file per share,
    /// `share-<turn>-<from>-to-<to…>.misp.json`; import them into MISP with "Add Event →
    /// Populate from… → MISP JSON" or PyMISP.
    Misp(ExportNavigatorArgs),
}

/// `jointex export navigator` and `jointex export misp`.
#[derive(Debug, Args)]
pub struct ExportNavigatorArgs {
    /// A record of an exercise, or a scenario file to play headless; the embedded default
    /// scenario when left out. --seed, --policy and --turns apply to a scenario only.
    pub source: Option<PathBuf>,
    /// Directory to write the files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace files that already exist in --out.
    #[arg(long)]
    pub force: bool,
    /// Exercise seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Built-in policy that plays every team.
    #[arg(long, value_name = "NAME", default_value = "share-everything")]
    pub policy: String,
    /// Turns to play (all of the scenario's when left out).
    #[arg(long, value_name = "N")]
    pub turns: Option<u32>,
}

/// `jointex export stix`.
#[derive(Debug, Args)]
pub struct ExportStixArgs {
    /// A record of an exercise, or a scenario file to play headless; the embedded default
    /// scenario when left out. --seed, --policy and --turns apply to a scenario only.
    pub source: Option<PathBuf>,
    /// Only the bundles this team sent or received.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Only the bundles of shares sent in this turn.
    #[arg(long, value_name = "N")]
    pub turn: Option<u32>,
    /// Directory to write the bundles into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace bundle files that already exist in --out.
    #[arg(long)]
    pub force: bool,
    /// Exercise seed: the same seed gives the same exercise and the same bundles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Built-in policy that plays every team: idle, by-the-book or share-everything.
    #[arg(long, value_name = "NAME", default_value = "share-everything")]
    pub policy: String,
    /// Turns to play (all of the scenario's when left out).
    #[arg(long, value_name = "N")]
    pub turns: Option<u32>,
    /// TAXII 2.1 collection to push each share to and read back from, e.g.
    /// http://127.0.0.1:5055/exercise/collections/<id>/
    #[arg(long, value_name = "URL")]
    pub taxii: Option<String>,
    /// TAXII user name; the password is read from JOINTEX_TAXII_PASSWORD.
    #[arg(long, value_name = "USER", requires = "taxii")]
    pub taxii_user: Option<String>,
}

/// `jointex import …`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub what: ImportWhat,
}

/// What `import` can read.
#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Add the indicators of a STIX 2.1 bundle (a public advisory, a partner's share) to a
    /// scenario file.
    ///
    /// The file is edited in place: new `Indicator(…)` entries go at the end of its
    /// `indicators` list, everything else (comments, layout) stays as it is, and values the
    /// scenario already has are skipped. The result is validated first; if it would not
    /// load, nothing is written. A bundle that is not valid STIX 2.1 is refused with every
    /// problem and its JSON path.
    Stix(ImportStixArgs),
}

/// `jointex import stix`.
#[derive(Debug, Args)]
pub struct ImportStixArgs {
    /// The STIX 2.1 bundle (JSON).
    pub bundle: PathBuf,
    /// Attribute the imported indicators to this actor of the scenario.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// The scenario file to add the indicators to.
    #[arg(long, value_name = "SCENARIO")]
    pub into: PathBuf,
    /// Print what would be added and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `jointex export …`.
pub fn export(args: &ExportArgs) -> ExitCode {
    match &args.what {
        ExportWhat::Stix(a) => export_stix(a),
        ExportWhat::Navigator(a) => export_navigator(a),
        ExportWhat::Misp(a) => export_misp(a),
    }
}

/// Runs `jointex import …`.
pub fn import(args: &ImportArgs) -> ExitCode {
    match &args.what {
        ImportWhat::Stix(a) => import_stix(a),
    }
}

/// Reads a scenario file (or the embedded default) and validates it, printing diagnostics.
fn load_scenario(
    path: Option<&Path>,
) -> Result<(String, String, jointex_scenario::Loaded), ExitCode> {
    if let Some(p) = path.filter(|p| is_record(p)) {
        return Err(usage(format!(
            "{} is an SQLite file but not a readable jointex record",
            p.display()
        )));
    }
    let (name, text) = crate::cmd::files::scenario_text(path).map_err(failure)?;
    match jointex_scenario::load(&text) {
        Ok(l) => Ok((name, text, l)),
        Err(ds) => {
            let c = crate::cmd::exit::color(crate::cli::Color::Auto);
            for d in &ds {
                eprint!("{}", d.render(&name, &text, c));
            }
            Err(failure(format!(
                "{name} is not a valid scenario; `jointex check` tells more"
            )))
        }
    }
}

/// Whether a file starts like an SQLite database (a jointex record).
fn is_record(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(p)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"SQLite format 3\0"
}

fn team_arg(s: &jointex_scenario::Scenario, key: &str) -> Result<TeamId, ExitCode> {
    s.team_id(key).ok_or_else(|| {
        let hint =
            jointex_scenario::suggest::hint(key, "teams", s.teams.iter().map(|t| t.key.as_str()));
        usage(format!("no team `{key}` in the scenario; {hint}"))
    })
}

/// What to add to a TAXII warning so the user knows what to do.
/// The TAXII exchange asked for by `--taxii URL [--taxii-user U]`, the password read from
/// the environment; `Err` is a usage message.
pub fn taxii_from_args(
    url: Option<&str>,
    user: Option<&str>,
) -> Result<Option<TaxiiExchange>, String> {
    let Some(url) = url else { return Ok(None) };
    let credentials = match user {
        None => None,
        Some(user) => match std::env::var(PASSWORD_ENV) {
            Ok(password) if !password.is_empty() => Some(Credentials {
                user: user.to_owned(),
                password,
            }),
            _ => {
                return Err(format!(
                    "--taxii-user needs the password in the environment variable {PASSWORD_ENV}"
                ));
            }
        },
    };
    TaxiiClient::new(url, credentials)
        .map(|c| Some(TaxiiExchange::new(c)))
        .map_err(|e| format!("--taxii: {e}"))
}

/// Prints what a turn's exchange has to say, as warnings on standard error: the exercise
/// carries on locally whatever the server does.
pub fn report_turn_feed(turn: &jointex_stix::TurnFeed) {
    for line in turn_feed_warnings(turn) {
        eprintln!("warning: {line}");
    }
}

/// What a turn's exchange has to say, one line each, without a `warning: ` prefix.
pub fn turn_feed_warnings(turn: &jointex_stix::TurnFeed) -> Vec<String> {
    let mut out = turn.warnings.clone();
    if let Some(e) = &turn.error {
        out.push(format!("taxii: {e}{}", taxii_hint(e)));
    }
    out
}

fn taxii_hint(e: &TaxiiError) -> &'static str {
    match e {
        TaxiiError::Unauthorized => ": check --taxii-user and JOINTEX_TAXII_PASSWORD",
        TaxiiError::Forbidden { .. } => ": ask the server's administrator for access",
        TaxiiError::NotFound { .. } => ": check the api root and collection id in --taxii",
        TaxiiError::NotAcceptable | TaxiiError::UnsupportedMediaType => {
            ": is --taxii a TAXII 2.1 server?"
        }
        TaxiiError::Unreachable { .. } => "; the exercise carries on locally",
        _ => "",
    }
}

/// Runs `jointex export stix`.
/// The identity of an exercise that has no record: a digest of everything that makes it what
/// it is (scenario text, seed, policies, orders). Replaying the same inputs is the same
/// exercise, byte for byte, and gets the same ids (a shorter run is the same exercise's
/// first turns); any difference gives other ids.
pub fn derived_exercise(parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    let sha = jointex_record::scenario_sha256(&joined);
    format!("run-{}", &sha[..32])
}

pub fn export_stix(args: &ExportStixArgs) -> ExitCode {
    // A record (an SQLite file) is restored exactly as played; anything else is a scenario
    // to play headless with the policy given.
    let (name, source, exercise) =
        match open_source(args.source.as_deref(), args.seed, &args.policy) {
            Ok(x) => x,
            Err(code) => return code,
        };
    let s = match &source {
        Source::Recorded(ex) => ex.scenario().clone(),
        Source::Scenario(s) => s.clone(),
    };
    let team = match args.team.as_deref().map(|k| team_arg(&s, k)).transpose() {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Some(n) = args.turn
        && (n == 0 || n > s.clock.turns)
    {
        return usage(format!(
            "--turn {n} is outside the exercise: {name} has turns 1 to {}",
            s.clock.turns
        ));
    }
    let players = match players(&args.policy, s.teams.len()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let taxii = match taxii_from_args(args.taxii.as_deref(), args.taxii_user.as_deref()) {
        Ok(t) => t,
        Err(message) => return usage(message),
    };

    // Play headless; later turns cannot change the bundles of earlier ones, so a --turn
    // export stops there.
    let mut turns = args.turns.unwrap_or(s.clock.turns).min(s.clock.turns);
    if let Some(n) = args.turn {
        turns = turns.min(n);
    }
    let selected = |b: &ShareBundle| {
        team.is_none_or(|t| b.involves(t)) && args.turn.is_none_or(|n| b.share.turn == n)
    };
    let mut feed = ShareFeed::new(taxii).for_exercise(exercise);
    let mut chosen: Vec<ShareBundle> = Vec::new();
    let mut received = 0usize;
    let mut take = |ex: &Exercise| {
        let turn = feed.after_turn(ex, selected);
        report_turn_feed(&turn);
        received += turn.received.len();
        chosen.extend(turn.bundles.into_iter().filter(|b| selected(b)));
    };
    let recorded_seed = match &source {
        Source::Recorded(ex) => {
            take(ex);
            Some(ex.seed())
        }
        Source::Scenario(s) => {
            if let Err(code) = play_headless(s, args.seed, players, turns, &mut take) {
                return code;
            }
            None
        }
    };

    let out = &args.out;
    if let Err(e) = std::fs::create_dir_all(out) {
        return failure(format!(
            "cannot create {}: {}",
            out.display(),
            io_message(&e)
        ));
    }
    if !args.force {
        let clashes: Vec<String> = chosen
            .iter()
            .filter(|b| out.join(&b.file_name).exists())
            .map(|b| b.file_name.clone())
            .collect();
        if let Some(first) = clashes.first() {
            return failure(format!(
                "{} already exists{}; pass --force to replace",
                out.join(first).display(),
                if clashes.len() > 1 {
                    format!(" (and {} more)", clashes.len() - 1)
                } else {
                    String::new()
                }
            ));
        }
    }
    for b in &chosen {
        let path = out.join(&b.file_name);
        if let Err(e) = crate::cmd::files::write_whole(&path, b.to_pretty().as_bytes(), true) {
            return failure(format!(
                "cannot write {}: {}",
                path.display(),
                io_message(&e)
            ));
        }
    }
    if chosen.is_empty() {
        eprintln!(
            "note: no share matches (seed {}, policy {}); nothing written",
            args.seed, args.policy
        );
    } else {
        let how = match recorded_seed {
            Some(seed) => format!("as recorded, seed {seed}"),
            None => format!("seed {}, policy {}", args.seed, args.policy),
        };
        eprintln!(
            "wrote {} bundle(s) to {} ({name}, {how})",
            chosen.len(),
            out.display()
        );
    }
    if let Some(x) = feed.taxii() {
        eprintln!(
            "taxii: {} object(s) pushed to {}; {} bundle(s) not delivered; {} object(s) read from partners",
            x.sent().len(),
            x.client().collection_url(),
            feed.undelivered,
            received
        );
    }
    if feed.undelivered > 0 {
        return failure(format!(
            "{} bundle(s) were not delivered to the TAXII server (the files were written)",
            feed.undelivered
        ));
    }
    ExitCode::SUCCESS
}

/// Where an export's exercise comes from: a record, restored exactly as played, or a
/// scenario to play headless.
enum Source {
    Recorded(Box<Exercise>),
    Scenario(Arc<jointex_scenario::Scenario>),
}

/// An export's source, its display name and the exercise's identity (the record's, or one
/// derived from the scenario text, seed and policy).
fn open_source(
    source: Option<&Path>,
    seed: u64,
    policy: &str,
) -> Result<(String, Source, Option<String>), ExitCode> {
    if let Some(p) = source.filter(|p| is_record(p)) {
        return match jointex_record::open(p)
            .and_then(|r| Ok((jointex_record::restore(&r)?, r.meta.driver.exercise)))
        {
            Ok((ex, id)) => Ok((p.display().to_string(), Source::Recorded(Box::new(ex)), id)),
            Err(e) => Err(failure(e.to_string())),
        };
    }
    let (name, text, loaded) = load_scenario(source)?;
    let id = derived_exercise(&[&text, &seed.to_string(), policy]);
    Ok((name, Source::Scenario(Arc::new(loaded.scenario)), Some(id)))
}

/// One built-in policy per team, or the usage error of a bad spec.
fn players(
    policy: &str,
    teams: usize,
) -> Result<Vec<Box<dyn jointex_sim::policy::Policy>>, ExitCode> {
    (0..teams)
        .map(|_| {
            jointex_sim::policy::parse(policy)
                .map_err(|e| usage(format!("{} in `--policy {policy}`: {}", e.message, e.hint)))
        })
        .collect()
}

/// Plays `turns` turns headless (fewer if the exercise ends), calling `each` after every
/// resolved turn.
fn play_headless(
    s: &Arc<jointex_scenario::Scenario>,
    seed: u64,
    mut players: Vec<Box<dyn jointex_sim::policy::Policy>>,
    turns: u32,
    mut each: impl FnMut(&Exercise),
) -> Result<Exercise, ExitCode> {
    let mut ex = Exercise::new(s.clone(), seed);
    for _ in 0..turns {
        if ex.is_over() {
            break;
        }
        for (t, p) in players.iter_mut().enumerate() {
            jointex_sim::policy::play(&mut ex, TeamId(t as u16), p.as_mut());
        }
        if let Err(e) = ex.resolve() {
            return Err(failure(format!(
                "the exercise stopped at turn {}: {e}",
                ex.turn()
            )));
        }
        each(&ex);
    }
    Ok(ex)
}

/// The exercise `export navigator` and `export misp` read, with its name and identity.
fn exercise_of(
    source: Option<&Path>,
    seed: u64,
    policy: &str,
    turns: Option<u32>,
) -> Result<(String, Exercise, Option<String>), ExitCode> {
    let (name, source, id) = open_source(source, seed, policy)?;
    let s = match source {
        Source::Recorded(ex) => return Ok((name, *ex, id)),
        Source::Scenario(s) => s,
    };
    if let Some(k) = turns
        && (k == 0 || k > s.clock.turns)
    {
        return Err(usage(format!(
            "--turns {k} is outside the exercise: {name} has turns 1 to {}",
            s.clock.turns
        )));
    }
    let players = players(policy, s.teams.len())?;
    let ex = play_headless(&s, seed, players, turns.unwrap_or(s.clock.turns), |_| {})?;
    Ok((name, ex, id))
}

/// Writes files into a directory, refusing to replace any without `force`.
fn write_files(out: &Path, files: &[(String, String)], force: bool) -> Result<(), ExitCode> {
    if let Err(e) = std::fs::create_dir_all(out) {
        return Err(failure(format!(
            "cannot create {}: {}",
            out.display(),
            io_message(&e)
        )));
    }
    if !force && let Some((name, _)) = files.iter().find(|(n, _)| out.join(n).exists()) {
        return Err(failure(format!(
            "{} already exists; pass --force to replace it",
            out.join(name).display()
        )));
    }
    for (name, text) in files {
        let path = out.join(name);
        if let Err(e) = replace_file(&path, text) {
            return Err(failure(format!(
                "cannot write {}: {}",
                path.display(),
                io_message(&e)
            )));
        }
    }
    Ok(())
}

/// Runs `jointex export misp`.
pub fn export_misp(args: &ExportNavigatorArgs) -> ExitCode {
    let (name, ex, exercise) =
        match exercise_of(args.source.as_deref(), args.seed, &args.policy, args.turns) {
            Ok(x) => x,
            Err(code) => return code,
        };
    let files: Vec<(String, String)> = jointex_stix::misp::events(&ex, exercise.as_deref())
        .into_iter()
        .map(|e| (e.file_name, jointex_stix::json::to_pretty(&e.event)))
        .collect();
    if let Err(code) = write_files(&args.out, &files, args.force) {
        return code;
    }
    eprintln!(
        "wrote {} MISP event(s) to {} ({name}, after turn {})",
        files.len(),
        args.out.display(),
        ex.turn()
    );
    ExitCode::SUCCESS
}

/// Runs `jointex export navigator`.
pub fn export_navigator(args: &ExportNavigatorArgs) -> ExitCode {
    let (name, ex, _) =
        match exercise_of(args.source.as_deref(), args.seed, &args.policy, args.turns) {
            Ok(x) => x,
            Err(code) => return code,
        };
    let out = &args.out;
    let layers = jointex_stix::navigator::layers(&ex);
    let files: Vec<(String, String)> = layers
        .iter()
        .map(|l| (l.file_name.clone(), jointex_stix::json::to_pretty(&l.layer)))
        .collect();
    if let Err(code) = write_files(out, &files, args.force) {
        return code;
    }
    eprintln!(
        "wrote {} layer(s) to {} ({name}, after turn {})",
        layers.len(),
        out.display(),
        ex.turn()
    );
    for t in &ex.scenario().teams {
        let prefix = format!("navigator-{}-", t.key);
        if !layers.iter().any(|l| l.file_name.starts_with(&prefix)) {
            eprintln!("note: {} had evidence of no technique: no layer", t.key);
        }
    }
    ExitCode::SUCCESS
}

/// Text from a file, safe to print: control characters (escape sequences among them) shown
/// as `\u{fffd}`.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Runs `jointex import stix`.
pub fn import_stix(args: &ImportStixArgs) -> ExitCode {
    let target = &args.into;
    let (name, text, loaded) = match load_scenario(Some(target)) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let s = &loaded.scenario;
    if let Some(a) = &args.actor
        && s.actor_id(a).is_none()
    {
        let hint =
            jointex_scenario::suggest::hint(a, "actors", s.actors.iter().map(|x| x.key.as_str()));
        return usage(format!("no actor `{a}` in {name}; {hint}"));
    }
    let bundle_name = args.bundle.display().to_string();
    let bundle_text = match std::fs::read(&args.bundle) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return failure(format!("cannot read {bundle_name}: {}", io_message(&e))),
    };
    let read = import::read(&bundle_text);
    for p in &read.problems {
        let sev = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = if p.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", p.path)
        };
        eprintln!("{sev}: {bundle_name}{at}: {}", p.message);
    }
    if read.has_errors() {
        return failure(format!(
            "{bundle_name} is not a STIX 2.1 bundle jointex can read; {name} is unchanged"
        ));
    }
    let plan = import::plan(s, &read);
    for w in &plan.warnings {
        eprintln!("warning: {w}");
    }
    // One write for what may be 100,000 lines (standard error is unbuffered), and nothing a
    // bundle holds reaches the terminal as a control character or escape sequence.
    let mut notes = String::new();
    for (imp, key) in &plan.existing {
        notes.push_str(&format!(
            "note: {} `{}` is already in the scenario as {key}\n",
            imp.kind.label(),
            printable(&imp.value)
        ));
    }
    let _ = std::io::stderr().write_all(notes.as_bytes());
    if plan.add.is_empty() {
        eprintln!(
            "nothing to import: {} STIX indicator(s) read, none new; {name} is unchanged",
            read.stix_indicators
        );
        return ExitCode::SUCCESS;
    }
    let entries: Vec<String> = plan
        .add
        .iter()
        .map(|n| import::ron_entry(n, args.actor.as_deref()))
        .collect();
    let edited = match import::insert_entries(&text, &entries) {
        Ok(t) => t,
        Err(e) => return failure(format!("cannot add indicators to {name}: {e}")),
    };
    if let Err(ds) = jointex_scenario::load(&edited) {
        let c = crate::cmd::exit::color(crate::cli::Color::Auto);
        for d in &ds {
            eprint!(
                "{}",
                d.render(
                    &format!("{name} (with the imported indicators)"),
                    &edited,
                    c
                )
            );
        }
        return failure(format!(
            "with the imported indicators {name} would not validate; it is unchanged"
        ));
    }
    let mut added = String::new();
    for n in &plan.add {
        added.push_str(&format!(
            "+ {}: {} `{}`\n",
            n.id,
            n.from.kind.label(),
            printable(&n.from.value)
        ));
    }
    let _ = std::io::stderr().write_all(added.as_bytes());
    if args.dry_run {
        eprintln!(
            "dry run: would add {} indicator(s) to {name}; nothing written",
            plan.add.len()
        );
        return ExitCode::SUCCESS;
    }
    if let Err(e) = replace_file(target, &edited) {
        return failure(format!(
            "cannot write {name}: {}; it is unchanged",
            io_message(&e)
        ));
    }
    eprintln!(
        "added {} indicator(s) to {name} from {bundle_name} ({} already there)",
        plan.add.len(),
        plan.existing.len()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/jointex-stix/tests/fixtures")
            .join(name)
    }

    struct Dir(PathBuf);

    impl Dir {
        fn new(name: &str) -> Self {
            let p = std::env::temp_dir()
                .join(format!("jointex-cmd-stix-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).expect("temp dir");
            Dir(p)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn import_args(bundle: &str, into: &Path, actor: Option<&str>) -> ImportStixArgs {
        ImportStixArgs {
            bundle: fixture(bundle),
            actor: actor.map(str::to_owned),
            into: into.to_owned(),
            dry_run: false,
        }
    }

    #[test]
    fn import_edits_in_place_once_and_refuses_bad_input_untouched() {
        let dir = Dir::new("import");
        let target = dir.0.join("three-cities.ron");
        std::fs::copy(fixture("three-cities.ron"), &target).expect("copy");
        let original = std::fs::read_to_string(&target).expect("read");

        // Not STIX 2.1, an unknown actor: refused, the file untouched.
        assert_eq!(
            import_stix(&import_args("not-stix-2.1.json", &target, None)),
            ExitCode::from(1)
        );
        assert_eq!(
            import_stix(&import_args("advisory.json", &target, Some("tyde"))),
            ExitCode::from(2)
        );
        let mut dry = import_args("advisory.json", &target, Some("tide"));
        dry.dry_run = true;
        assert_eq!(import_stix(&dry), ExitCode::SUCCESS);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), original);

        assert_eq!(
            import_stix(&import_args("advisory.json", &target, Some("tide"))),
            ExitCode::SUCCESS
        );
        let edited = std::fs::read_to_string(&target).expect("read");
        assert!(edited.len() > original.len() && edited.starts_with("// A three-team scenario"));
        let s = jointex_scenario::load(&edited)
            .expect("still valid")
            .scenario;
        assert_eq!(s.indicators.len(), 14);
        assert!(!dir.0.join(".three-cities.ron.jointex.tmp").exists());

        // Again: nothing new, nothing written.
        assert_eq!(
            import_stix(&import_args("advisory.json", &target, None)),
            ExitCode::SUCCESS
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), edited);
    }

    fn export_args(out: &Path) -> ExportStixArgs {
        ExportStixArgs {
            source: Some(fixture("three-cities.ron")),
            team: None,
            turn: None,
            out: out.to_owned(),
            force: false,
            seed: 1,
            policy: "share-everything".into(),
            turns: None,
            taxii: None,
            taxii_user: None,
        }
    }

    #[test]
    fn export_writes_filters_and_never_overwrites_by_accident() {
        let dir = Dir::new("export");
        let all = dir.0.join("all");
        assert_eq!(export_stix(&export_args(&all)), ExitCode::SUCCESS);
        let mut names: Vec<String> = std::fs::read_dir(&all)
            .expect("written")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(
            names.contains(&"share-1-us-to-kr-jp.json".to_owned()),
            "{names:?}"
        );
        // Again without --force: refused, with --force: the same bytes.
        let first = std::fs::read(all.join("share-1-us-to-kr-jp.json")).expect("read");
        assert_eq!(export_stix(&export_args(&all)), ExitCode::from(1));
        let mut force = export_args(&all);
        force.force = true;
        assert_eq!(export_stix(&force), ExitCode::SUCCESS);
        assert_eq!(
            std::fs::read(all.join("share-1-us-to-kr-jp.json")).expect("read"),
            first
        );

        let jp = dir.0.join("jp");
        let mut only = export_args(&jp);
        only.team = Some("jp".into());
        only.turn = Some(2);
        assert_eq!(export_stix(&only), ExitCode::SUCCESS);
        for e in std::fs::read_dir(&jp).expect("written") {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            assert!(
                name.starts_with("share-2-") && name.contains("jp"),
                "{name}"
            );
        }

        let mut typo = export_args(&dir.0.join("typo"));
        typo.team = Some("jpp".into());
        assert_eq!(export_stix(&typo), ExitCode::from(2));
        let mut late = export_args(&dir.0.join("late"));
        late.turn = Some(99);
        assert_eq!(export_stix(&late), ExitCode::from(2));
    }

    #[test]
    fn export_writes_its_files_and_fails_when_the_taxii_server_is_down() {
        let dir = Dir::new("taxii-down");
        let mut args = export_args(&dir.0);
        // Nothing listens on port 1 of loopback: every request is refused at once.
        args.taxii = Some(
            "http://127.0.0.1:1/exercise/collections/4f7d1c3a-2b9e-4c6d-8a1f-0e5b7c9d2a11/".into(),
        );
        // The files are written; the status says the exchange failed.
        assert_eq!(export_stix(&args), ExitCode::from(1));
        assert!(std::fs::read_dir(&dir.0).expect("written").count() > 0);

        args.taxii = Some("http://127.0.0.1:1/not-a-collection/".into());
        assert_eq!(export_stix(&args), ExitCode::from(2));
    }
}
