//! `jointex play [SCENARIO]`: the exercise on this terminal, for the facilitator and every
//! team in turn (hot-seat), in English or Korean.
//!
//! Loads and validates the scenario (an invalid one gets the same diagnostics as `jointex
//! check`), sends the log to a file (nothing may print on the terminal while the interface
//! runs), and hands the terminal to `jointex_tui`, which restores it on exit and on panic.

use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{Args, ValueEnum};
use jointex_scenario::Lang;
use jointex_scenario::diag::{Diagnostic, Severity};

/// `jointex play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// Scenario file (RON). With none, a picker offers the shipped scenarios, the default
    /// first (`jointex list` prints them).
    pub scenario: Option<PathBuf>,
    /// Interface language of every seat. Without it, each team reads its own language from
    /// the scenario and the facilitator reads English; `L` switches at any time.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Seed of every random draw: the same scenario, seed and orders give the same exercise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Log file. Default: `$XDG_STATE_HOME/jointex/play.log`, else
    /// `~/.local/state/jointex/play.log`, else `jointex.log` in the current directory.
    /// `JOINTEX_LOG=debug` logs every key action too.
    #[arg(long)]
    pub log: Option<PathBuf>,
}

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Korean (한국어).
    Ko,
}

/// Runs `jointex play`.
pub fn run(args: &PlayArgs) -> ExitCode {
    let (name, text) = match &args.scenario {
        None => (
            format!(
                "(embedded) scenarios/{}",
                jointex_scenario::DEFAULT_SCENARIO_NAME
            ),
            jointex_scenario::DEFAULT_SCENARIO.to_owned(),
        ),
        Some(p) => {
            let name = p.display().to_string();
            match std::fs::read(p).map(String::from_utf8) {
                Ok(Ok(t)) => (name, t),
                Ok(Err(e)) => {
                    let d = Diagnostic::error(
                        "unreadable",
                        format!(
                            "cannot read the file: the file is not UTF-8 text (invalid byte at offset {})",
                            e.utf8_error().valid_up_to()
                        ),
                    );
                    return invalid(&name, "", &[d]);
                }
                Err(e) => {
                    let d = Diagnostic::error("unreadable", format!("cannot read the file: {e}"));
                    return invalid(&name, "", &[d]);
                }
            }
        }
    };
    let loaded = match jointex_scenario::load(&text) {
        Ok(l) => l,
        Err(diags) => return invalid(&name, &text, &diags),
    };
    let log_path = args.log.clone().unwrap_or_else(default_log_path);
    if let Err(e) = FileLogger::install(&log_path) {
        eprintln!("cannot open the log file {}: {e}", log_path.display());
        return ExitCode::from(1);
    }
    log::info!("jointex play {name} --seed {}", args.seed);
    for w in &loaded.warnings {
        log::warn!("{}", w.render(&name, &text, false));
    }
    let lang = args.lang.map(|l| match l {
        LangArg::En => Lang::En,
        LangArg::Ko => Lang::Ko,
    });
    // With no SCENARIO, the facilitator picks one of the shipped scenarios first.
    let mut app = match &args.scenario {
        Some(_) => jointex_tui::App::new(Arc::new(loaded.scenario), args.seed, lang),
        None => picker_app(Arc::new(loaded.scenario), args.seed, lang),
    };
    install_panic_log();
    match jointex_tui::run_terminal(&mut app) {
        Ok(()) => {
            log::info!("jointex play ended");
            ExitCode::SUCCESS
        }
        Err(e) => {
            log::error!("terminal error: {e}");
            eprintln!("jointex play needs an interactive terminal: {e}");
            ExitCode::from(1)
        }
    }
}

/// An app that opens on the scenario picker: the default scenario (already loaded) first,
/// then every other shipped scenario that validates; one that does not is left out, with a
/// line in the log.
fn picker_app(
    default: Arc<jointex_scenario::Scenario>,
    seed: u64,
    lang: Option<Lang>,
) -> jointex_tui::App {
    let mut entries = vec![jointex_tui::app::PickEntry {
        file: jointex_scenario::DEFAULT_SCENARIO_NAME.to_owned(),
        scenario: default.clone(),
    }];
    for s in jointex_scenario::shipped::all()
        .iter()
        .filter(|s| s.file != jointex_scenario::DEFAULT_SCENARIO_NAME)
    {
        match jointex_scenario::load(s.text) {
            Ok(l) => entries.push(jointex_tui::app::PickEntry {
                file: s.file.to_owned(),
                scenario: Arc::new(l.scenario),
            }),
            Err(_) => log::warn!(
                "shipped scenario {} is invalid and left out of the picker; `jointex check scenarios/{}` tells more",
                s.file,
                s.file
            ),
        }
    }
    jointex_tui::App::with_picker(entries, seed, lang)
        .unwrap_or_else(|| jointex_tui::App::new(default, seed, lang))
}

/// Prints every diagnostic as `jointex check` does and returns exit status 1.
fn invalid(name: &str, text: &str, diags: &[Diagnostic]) -> ExitCode {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.render(name, text, color));
        out.push('\n');
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let counted = if warnings > 0 {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    } else {
        plural(errors, "error")
    };
    out.push_str(&format!("{name}: invalid: {counted}\n"));
    let _ = std::io::stderr().write_all(out.as_bytes());
    ExitCode::from(1)
}

/// Where the log goes when `--log` is not given.
pub fn default_log_path() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local").join("state"))
        });
    match state {
        Some(dir) => dir.join("jointex").join("play.log"),
        None => PathBuf::from("jointex.log"),
    }
}

/// A `log` backend that appends lines to a file: the terminal belongs to the interface.
struct FileLogger {
    file: Mutex<File>,
    level: log::LevelFilter,
}

impl FileLogger {
    fn install(path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let level = match std::env::var("JOINTEX_LOG").as_deref() {
            Ok("debug") => log::LevelFilter::Debug,
            Ok("trace") => log::LevelFilter::Trace,
            Ok("warn") => log::LevelFilter::Warn,
            Ok("error") => log::LevelFilter::Error,
            Ok("off") => log::LevelFilter::Off,
            _ => log::LevelFilter::Info,
        };
        let logger: &'static FileLogger = Box::leak(Box::new(FileLogger {
            file: Mutex::new(file),
            level,
        }));
        // A second install in one process (tests) keeps the first logger; that is fine.
        if log::set_logger(logger).is_ok() {
            log::set_max_level(level);
        }
        Ok(())
    }
}

impl log::Log for FileLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= self.level
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        // The log is outside the simulation: wall-clock time helps a facilitator match it
        // with what happened in the room, and cannot reach the exercise's results.
        #[allow(clippy::disallowed_methods)]
        let now = jiff::Timestamp::try_from(std::time::SystemTime::now())
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            .unwrap_or_default();
        if let Ok(mut f) = self.file.lock() {
            let _ = writeln!(
                f,
                "{now} {:<5} {}: {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {
        if let Ok(mut f) = self.file.lock() {
            let _ = f.flush();
        }
    }
}

/// Logs a panic before the default hook prints it; installed before the terminal is taken,
/// so ratatui's hook (installed after) restores the terminal first.
fn install_panic_log() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log::error!("panic: {info}");
        log::logger().flush();
        previous(info);
    }));
}
