//! `jointex resume`, `replay`, `fork` and `report`, and the recording half of `jointex run`.
//!
//! Thin: opening, validating, re-simulating and writing records is `jointex-record`'s job;
//! this module turns arguments into calls and results into lines. A record that fails
//! validation is reported and left exactly as it was (it is opened read-only first).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use jointex_record::{Driver, Record, Recorder};
use jointex_scenario::Scenario;

use crate::cli::{Color, RunArgs};

/// `jointex resume`.
#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// The record to continue.
    pub file: PathBuf,
    /// Print one JSON object per turn, as `jointex run --json` does.
    #[arg(long)]
    pub json: bool,
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print `recorded #SEQ turn N KIND` on stderr once each new action is committed.
    #[arg(long, hide = true)]
    pub print_acks: bool,
    /// Carry on in the terminal interface (always, for an exercise played there).
    #[arg(long)]
    pub ui: bool,
    /// In the interface: the language of every seat.
    #[arg(long, value_enum)]
    pub lang: Option<crate::cmd::play::LangArg>,
    /// In the interface: the log file (as for `jointex play`).
    #[arg(long)]
    pub log: Option<PathBuf>,
}

/// `jointex replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The record to re-simulate.
    pub file: PathBuf,
}

/// `jointex fork`.
#[derive(Debug, Args)]
pub struct ForkArgs {
    /// The record to fork.
    pub file: PathBuf,
    /// Start from the state after this turn (0: from the start).
    #[arg(long, value_name = "N")]
    pub turn: u32,
    /// The new record; by default FILE's name with `-fork-tN`. Never replaces a file.
    #[arg(long, value_name = "NEW")]
    pub out: Option<PathBuf>,
}

/// `jointex report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The record to report on.
    pub file: PathBuf,
    /// Markdown, or one self-contained HTML file with SVG charts.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output (replaces it).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The edition for one team's nation (a team id of the scenario, e.g. `kr`): every other
    /// team's internal annex, and the corrective actions of objectives only it holds, are left
    /// out, and the edition says so.
    #[arg(long, value_name = "TEAM")]
    pub releasable_to: Option<String>,
    /// The record of the previous exercise: its improvement plan's corrective actions are
    /// listed with whether the same core capability improved.
    #[arg(long, value_name = "RECORD")]
    pub previous: Option<PathBuf>,
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// Self-contained HTML (XHTML-well-formed) with inline SVG charts.
    Html,
}

/// What `jointex run` needs to open its recorder.
pub struct Recording<'a> {
    /// The run's arguments.
    pub args: &'a RunArgs,
    /// The record being resumed, if any.
    pub resumed: Option<&'a Record>,
    /// The scenario text as loaded.
    pub scenario_text: &'a str,
    /// Each team's policy.
    pub policies: &'a [String],
    /// The orders file's name, or empty.
    pub orders_name: &'a str,
    /// The orders file's text, or empty.
    pub orders_text: &'a str,
    /// The identity of a new record's exercise.
    pub exercise: Option<&'a str>,
}

impl Recording<'_> {
    /// A recorder: catching up with a resumed record, writing a new one, or not recording.
    pub fn recorder(&self, scenario: &Arc<Scenario>) -> Result<Recorder, jointex_record::Error> {
        let args = self.args;
        let mut rec = match (self.resumed, &args.record) {
            (Some(r), _) => Recorder::catch_up(r)?,
            (None, Some(path)) => {
                let driver = Driver {
                    kind: "run".to_owned(),
                    policies: self.policies.to_vec(),
                    orders_name: (!self.orders_name.is_empty())
                        .then(|| self.orders_name.to_owned()),
                    orders_text: (!self.orders_name.is_empty())
                        .then(|| self.orders_text.to_owned()),
                    turns: args.turns,
                    forked_from: None,
                    exercise: self.exercise.map(str::to_owned),
                };
                let rec = Recorder::create(
                    path,
                    self.scenario_text,
                    scenario.clone(),
                    args.seed,
                    driver,
                )?;
                eprintln!("recording to {}", path.display());
                rec
            }
            (None, None) => Recorder::unrecorded(scenario.clone(), args.seed),
        };
        if args.print_acks {
            rec.on_commit(|l| {
                eprintln!("recorded #{} turn {} {}", l.seq, l.turn, l.action.kind());
            });
        }
        Ok(rec)
    }
}

fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(1)
}

/// Runs `jointex resume`.
pub fn resume(args: &ResumeArgs) -> ExitCode {
    let record = match jointex_record::open(&args.file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let d = &record.meta.driver;
    if d.kind == "serve" && !args.ui {
        eprintln!(
            "error: {} was served over SSH: carry it on with `jointex serve --roster ROSTER --resume {}`, or in one terminal with `jointex resume --ui {}`",
            args.file.display(),
            args.file.display(),
            args.file.display()
        );
        return ExitCode::from(2);
    }
    if args.ui || d.kind == "play" {
        return resume_in_ui(args, &record);
    }
    let policy = record
        .scenario
        .teams
        .iter()
        .zip(&d.policies)
        .map(|(t, p)| format!("{}={p}", t.key))
        .collect();
    let run = RunArgs {
        scenario: None,
        seed: record.meta.seed,
        orders: None,
        policy,
        turns: d.turns,
        json: args.json,
        color: args.color,
        record: None,
        print_acks: args.print_acks,
        // A resumed run exchanges nothing live: the bundles of its shares can be exported
        // from the record's replay with `export stix`.
        taxii: None,
        taxii_user: None,
    };
    eprintln!(
        "resuming {}: {} actions recorded, {} turns resolved",
        args.file.display(),
        record.actions.len(),
        record.resolved()
    );
    crate::cmd::run::drive(&run, Some(&record))
}

/// Runs `jointex replay`.
pub fn replay(args: &ReplayArgs) -> ExitCode {
    let record = match jointex_record::open(&args.file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let outcome = jointex_record::replay(&record);
    let mut out = String::new();
    for (turn, hash) in &outcome.matched {
        out.push_str(&format!("turn {turn}: {hash:016x} matches\n"));
    }
    let Some(d) = outcome.desync else {
        out.push_str(&format!(
            "{}: replayed {} turns and {} actions; every state hash matches\n",
            args.file.display(),
            outcome.matched.len(),
            record.actions.len()
        ));
        print!("{out}");
        return ExitCode::SUCCESS;
    };
    print!("{out}");
    let mut err = format!("desync at turn {}\n", d.turn);
    err.push_str(&format!("  recorded hash: {:016x}\n", d.recorded));
    match d.replayed {
        Some(h) => err.push_str(&format!("  replayed hash: {h:016x}\n")),
        None => err.push_str("  replayed hash: none, the turn could not be replayed\n"),
    }
    if let Some(why) = &d.refused {
        err.push_str(&format!("  {why}\n"));
    }
    let list = |title: &str, v: &[String]| {
        let mut s = format!("  events only in the {title} ({}):\n", v.len());
        for e in v.iter().take(20) {
            s.push_str(&format!("    {e}\n"));
        }
        if v.len() > 20 {
            s.push_str(&format!("    … and {} more\n", v.len() - 20));
        }
        s
    };
    if d.refused.is_none() {
        err.push_str(&list("record", &d.only_recorded));
        err.push_str(&list("replay", &d.only_replayed));
    }
    eprint!("{err}");
    ExitCode::from(1)
}

/// The default name of a fork: `game.jointex` after turn 3 is `game-fork-t3.jointex`.
fn fork_path(file: &Path, turn: u32) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "record".into(), |s| s.to_string_lossy());
    let name = match file.extension() {
        Some(ext) => format!("{stem}-fork-t{turn}.{}", ext.to_string_lossy()),
        None => format!("{stem}-fork-t{turn}"),
    };
    file.with_file_name(name)
}

/// Runs `jointex fork`.
pub fn fork(args: &ForkArgs) -> ExitCode {
    let record = match jointex_record::open(&args.file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| fork_path(&args.file, args.turn));
    if let Err(e) = jointex_record::fork(&record, args.turn, &out) {
        return fail(&e);
    }
    println!(
        "forked {} after turn {} into {}; continue it with `jointex resume {}`",
        args.file.display(),
        args.turn,
        out.display(),
        out.display()
    );
    ExitCode::SUCCESS
}

/// Runs `jointex report`.
pub fn report(args: &ReportArgs) -> ExitCode {
    let record = match jointex_record::open(&args.file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let mut edition = jointex_record::report::Edition::default();
    if let Some(key) = &args.releasable_to {
        let s = &record.scenario;
        match s.teams.iter().position(|t| &t.key == key) {
            Some(i) => {
                edition.releasable_to = Some(jointex_scenario::model::TeamId(
                    u16::try_from(i).unwrap_or(u16::MAX),
                ))
            }
            None => {
                let ids: Vec<&str> = s.teams.iter().map(|t| t.key.as_str()).collect();
                return crate::cmd::exit::usage(format!(
                    "--releasable-to `{key}`: the record's scenario has no such team; its teams are {}",
                    ids.join(", ")
                ));
            }
        }
    }
    let previous_record = match &args.previous {
        Some(p) => match jointex_record::open(p) {
            Ok(r) => Some(r),
            Err(e) => return fail(&format!("--previous: {e}")),
        },
        None => None,
    };
    let previous = match (&args.previous, &previous_record) {
        (Some(p), Some(record)) => Some(jointex_record::report::Previous {
            record,
            name: p.display().to_string(),
        }),
        _ => None,
    };
    let text = match args.format {
        ReportFormat::Md => {
            jointex_record::report::markdown_edition(&record, edition, previous.as_ref())
        }
        ReportFormat::Html => {
            jointex_record::report::html_edition(&record, edition, previous.as_ref())
        }
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    match &args.out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(p) => match crate::cmd::files::write_whole(p, text.as_bytes(), true) {
            Ok(()) => {
                eprintln!("wrote {}", p.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!(
                "{}: {}",
                p.display(),
                e.to_string().to_lowercase()
            )),
        },
    }
}

/// Carries an exercise on in the terminal interface: the state is restored by re-applying
/// every recorded action, and what is done next is appended to the same record.
fn resume_in_ui(args: &ResumeArgs, record: &jointex_record::Record) -> ExitCode {
    if let Err(code) = crate::cmd::play::start_log(args.log.as_deref()) {
        return code;
    }
    let recorder = match jointex_record::Recorder::resume(record) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    log::info!(
        "resuming {} in the terminal: {} actions recorded, {} turns resolved",
        args.file.display(),
        record.actions.len(),
        record.resolved()
    );
    let lang = args.lang.map(|l| match l {
        crate::cmd::play::LangArg::En => jointex_scenario::Lang::En,
        crate::cmd::play::LangArg::Ko => jointex_scenario::Lang::Ko,
    });
    let mut app = jointex_tui::App::with_recorder(recorder, lang);
    crate::cmd::play::launch(&mut app)
}
