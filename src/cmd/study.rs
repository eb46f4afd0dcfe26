//! `jointex study`: many seeded runs of one scenario, their outcome distributions and a paired
//! comparison of two policy sets; `jointex study merge` joins shards.
//!
//! The numbers are [`jointex_study`]'s; this module reads the scenario (reporting problems
//! exactly as `check` does), resolves `--policy`/`--vs` like `run`, shows a progress bar on a
//! terminal, and writes the outputs asked for. Standard output carries only results, so the
//! same study prints the same bytes; timings go to standard error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jointex_study::{Document, Shard, Study};

use crate::cli::Color;
use crate::cmd::exit::{failure, usage};
use crate::cmd::files::{read_text, scenario_text, write_whole};
use crate::cmd::run::{apply_specs, check_spec_teams, loaded, parse_policy_specs, turns_within};

/// `jointex study`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct StudyArgs {
    /// `merge`: join shard files.
    #[command(subcommand)]
    pub command: Option<StudyCommand>,
    /// Scenario file (RON). With none, studies the embedded default scenario.
    pub scenario: Option<PathBuf>,
    /// Number of runs (seeds) in the whole study.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub runs: u32,
    /// Seed of the first run; run i plays seed S + i.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed_from: u64,
    /// Policy set a: NAME for every team or TEAM=NAME for one (repeatable); teams not named
    /// play by-the-book. Policies: idle, by-the-book, share-everything, respond:KNOB=VALUE,…
    #[arg(long, value_name = "[TEAM=]NAME")]
    pub policy: Vec<String>,
    /// Policy set b, played on the same seeds: set a with these changes (repeatable).
    #[arg(long, value_name = "[TEAM=]NAME")]
    pub vs: Vec<String>,
    /// Turns per run (at most the scenario's).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..))]
    pub turns: Option<u32>,
    /// Threads to run on (default: one per core).
    #[arg(long, value_name = "J", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Play only the I-th of N equal, disjoint seed ranges (for many machines); join the
    /// `--json` files with `study merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub out: Outputs,
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Where results go.
#[derive(Debug, Args)]
pub struct Outputs {
    /// Write the study as JSON (summary and every run) to FILE, or to standard output with
    /// no FILE or `-`.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per run (per policy set) to FILE, or to standard output.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub csv: Option<PathBuf>,
    /// Write a self-contained HTML page with the charts to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Replace output files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `jointex study …`'s subcommands.
#[derive(Debug, Subcommand)]
pub enum StudyCommand {
    /// Join the `--json` files of a study's shards into the results of the whole study.
    Merge(MergeArgs),
}

/// `jointex study merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' `--json` files, in any order.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub out: Outputs,
}

/// Runs `jointex study`.
pub fn run(args: &StudyArgs) -> ExitCode {
    if let Some(StudyCommand::Merge(m)) = &args.command {
        return merge(m);
    }
    if let Err(message) = check_outputs(&args.out) {
        return usage(message);
    }
    let color = crate::cmd::exit::color(args.color);
    let specs = match parse_policy_specs(&args.policy) {
        Ok(s) => s,
        Err(message) => return usage(message),
    };
    let vs_specs = match parse_policy_specs(&args.vs) {
        Ok(s) => s,
        Err(message) => return usage(message.replace("`--policy ", "`--vs ")),
    };
    let shard = match args.shard.as_deref().map(Shard::parse).transpose() {
        Ok(s) => s,
        Err(message) => return usage(message),
    };
    if let Some(sh) = shard
        && sh.range(args.runs).is_empty()
    {
        return usage(format!(
            "`--shard {}/{}` of {} runs holds no run: use at most {} shards",
            sh.index, sh.of, args.runs, args.runs
        ));
    }

    let (file, text) = match scenario_text(args.scenario.as_deref()) {
        Ok(x) => x,
        Err(message) => return failure(message),
    };
    let scenario = match loaded(&file, &text, color) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let turns = match turns_within(args.turns, &scenario) {
        Ok(k) => k,
        Err(code) => return code,
    };
    if let Err(message) = check_spec_teams(&scenario, &specs) {
        return usage(message);
    }
    if let Err(message) = check_spec_teams(&scenario, &vs_specs) {
        return usage(message.replace("`--policy ", "`--vs "));
    }
    let mut a = vec!["by-the-book".to_owned(); scenario.teams.len()];
    apply_specs(&scenario, &mut a, &specs);
    let vs = (!vs_specs.is_empty()).then(|| {
        let mut b = a.clone();
        apply_specs(&scenario, &mut b, &vs_specs);
        b
    });
    if vs.as_ref() == Some(&a) {
        return usage(format!(
            "`--vs` plays the same policies as set a ({}): name a policy that differs",
            a.join(", ")
        ));
    }

    let study = Study {
        scenario,
        digest: jointex_study::digest(&text),
        runs: args.runs,
        seed_from: args.seed_from,
        turns,
        policies: a,
        vs,
        shard,
    };
    let seeds = study.seeds().len() as u64;
    let bar = progress(seeds);
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
    {
        Ok(p) => p,
        Err(e) => return failure(format!("cannot start the worker threads: {e}")),
    };
    let threads = pool.current_num_threads();
    #[allow(clippy::disallowed_methods)] // timing the study for the planner, not the simulation
    let started = std::time::Instant::now();
    let result = pool.install(|| study.play(&|| bar.inc(1)));
    let seconds = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let doc = match result {
        Ok(d) => d,
        Err(e) => return failure(e),
    };
    let arms = if study.vs.is_some() { 2 } else { 1 };
    let played: u64 = doc
        .runs
        .iter()
        .flat_map(|r| std::iter::once(&r.a).chain(r.b.as_ref()))
        .map(|o| u64::from(o.turns_played))
        .sum();
    let runs = seeds * arms;
    eprintln!(
        "study: {runs} runs, {played} turns in {seconds:.2} s on {threads} thread{}: {:.0} runs/s, {:.0} turns/s",
        if threads == 1 { "" } else { "s" },
        runs as f64 / seconds.max(1e-9),
        played as f64 / seconds.max(1e-9)
    );
    write_outputs(&doc, &args.out)
}

/// Runs `jointex study merge`.
fn merge(args: &MergeArgs) -> ExitCode {
    if let Err(message) = check_outputs(&args.out) {
        return usage(message);
    }
    let mut docs = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let text = match read_text(path) {
            Ok(t) => t,
            Err(why) => return failure(format!("cannot read {name}: {why}")),
        };
        match serde_json::from_str::<Document>(&text) {
            Ok(d) => docs.push((name, d)),
            Err(e) => {
                return failure(format!(
                    "{name}:{}:{}: not a `jointex study --json` file: {}",
                    e.line(),
                    e.column(),
                    // serde_json ends with " at line L column C", which the prefix says.
                    e.to_string()
                        .rsplit_once(" at line ")
                        .map_or_else(|| e.to_string(), |(m, _)| m.to_owned())
                ));
            }
        }
    }
    match jointex_study::merge(docs) {
        Ok(doc) => write_outputs(&doc, &args.out),
        Err(e) => failure(e),
    }
}

/// Only one output may take standard output.
fn check_outputs(out: &Outputs) -> Result<(), String> {
    let stdout = |p: &Option<PathBuf>| p.as_deref().is_some_and(|p| p == Path::new("-"));
    if stdout(&out.json) && stdout(&out.csv) {
        return Err(
            "`--json` and `--csv` cannot both go to standard output: give one a FILE".into(),
        );
    }
    if out.html.as_deref().is_some_and(|p| p == Path::new("-")) {
        return Err("`--html` needs a FILE".into());
    }
    Ok(())
}

/// Writes the outputs asked for; the terminal summary goes to standard output unless JSON or
/// CSV does.
fn write_outputs(doc: &Document, out: &Outputs) -> ExitCode {
    let mut to_stdout: Option<String> = None;
    let mut files: Vec<(&Path, String)> = Vec::new();
    if let Some(p) = &out.json {
        let text = match serde_json::to_string_pretty(doc) {
            Ok(t) => t + "\n",
            Err(e) => return failure(format!("cannot write the study as JSON: {e}")),
        };
        if p == Path::new("-") {
            to_stdout = Some(text);
        } else {
            files.push((p, text));
        }
    }
    if let Some(p) = &out.csv {
        let text = match jointex_study::csv::write(doc) {
            Ok(t) => t,
            Err(e) => return failure(format!("cannot write the study as CSV: {e}")),
        };
        if p == Path::new("-") {
            to_stdout = Some(text);
        } else {
            files.push((p, text));
        }
    }
    if let Some(p) = &out.html {
        files.push((p, jointex_study::html::write(doc)));
    }
    for (path, text) in &files {
        match write_whole(path, text.as_bytes(), out.force) {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return failure(format!(
                    "{} already exists; pass --force to replace it",
                    path.display()
                ));
            }
            Err(e) => {
                return failure(format!(
                    "cannot write {}: {}",
                    path.display(),
                    crate::cmd::files::io_message(&e)
                ));
            }
        }
    }
    let text = to_stdout.unwrap_or_else(|| jointex_study::text::write(doc));
    let mut stdout = std::io::stdout().lock();
    // A reader that went away (`| head`) is not an error of the study.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

/// A progress bar on a terminal; nothing otherwise.
fn progress(total: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{bar:40}] {pos}/{len} seeds  {rate}  about {eta} left",
    ) {
        let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} seeds/s", state.per_sec());
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar
}
