//! `jointex play [SCENARIO]`: the exercise on this terminal, for the facilitator and every
//! team in turn (hot-seat), in English or Korean.
//!
//! Loads and validates the scenario (an invalid one gets the same diagnostics as `jointex
//! check`), sends the log to a file (nothing may print on the terminal while the interface
//! runs), and hands the terminal to `jointex_tui`, which restores it on exit and on panic.

use std::fs::{File, OpenOptions};
use std::io::Write;
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
    /// Record the exercise in this new file (never replaced); `jointex resume FILE --ui`
    /// carries it on after a crash. Default: a new file under
    /// `$XDG_STATE_HOME/jointex/records/` (else `~/.local/state/jointex/records/`, else
    /// `./records/`), named by scenario and time; its path is on the briefing screen.
    #[arg(long, value_name = "FILE", conflicts_with = "no_record")]
    pub record: Option<PathBuf>,
    /// Play without a record: nothing survives a crash.
    #[arg(long)]
    pub no_record: bool,
    /// Exchange every share live with a TAXII 2.1 collection after each turn (see
    /// docs/intel-sharing.md); trouble is shown to the facilitator and play carries on.
    #[arg(long, value_name = "URL")]
    pub taxii: Option<String>,
    /// TAXII user name; the password is read from JOINTEX_TAXII_PASSWORD, never a flag.
    #[arg(long, value_name = "USER", requires = "taxii")]
    pub taxii_user: Option<String>,
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
            match crate::cmd::files::read_text(p) {
                Ok(t) => (name, t),
                Err(why) => {
                    let d = Diagnostic::error("unreadable", format!("cannot read the file: {why}"));
                    return invalid(&name, "", &[d]);
                }
            }
        }
    };
    let loaded = match jointex_scenario::load(&text) {
        Ok(l) => l,
        Err(diags) => return invalid(&name, &text, &diags),
    };
    if let Err(code) = start_log(args.log.as_deref()) {
        return code;
    }
    log::info!("jointex play {name} --seed {}", args.seed);
    for w in &loaded.warnings {
        log::warn!("{}", w.render(&name, &text, false));
    }
    let lang = args.lang.map(|l| match l {
        LangArg::En => Lang::En,
        LangArg::Ko => Lang::Ko,
    });
    // Arguments are checked before anything is created: a usage error leaves no record.
    let taxii = match crate::cmd::stix::taxii_from_args(
        args.taxii.as_deref(),
        args.taxii_user.as_deref(),
    ) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let record = if args.no_record {
        None
    } else {
        Some(args.record.clone().unwrap_or_else(default_record_path))
    };
    if let Some(dir) = record
        .as_deref()
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create {} for the record: {e}", dir.display());
        return ExitCode::from(1);
    }
    // With no SCENARIO, the facilitator picks one of the shipped scenarios first; its record
    // is created once it is chosen.
    let scenario = Arc::new(loaded.scenario);
    let app = match (&args.scenario, &record) {
        (Some(_), Some(path)) => {
            let driver = jointex_record::Driver {
                kind: "play".into(),
                ..Default::default()
            };
            match jointex_record::Recorder::create(path, &text, scenario, args.seed, driver) {
                Ok(r) => jointex_tui::App::with_recorder(r, lang),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            }
        }
        (Some(_), None) => jointex_tui::App::new(scenario, args.seed, lang),
        (None, _) => {
            let mut app = picker_app(scenario, &text, args.seed, lang);
            if let Some(path) = record {
                app.record_picked_to(path);
            }
            app
        }
    };
    let mut app = app;
    if let Some(p) = app.record_path() {
        log::info!("recording to {}", p.display());
    }
    if let Some(taxii) = taxii {
        let mut feed = jointex_stix::ShareFeed::new(Some(taxii));
        app.after_resolve(Box::new(move |ex| {
            let exchanged = feed.after_turn(ex, |_| true);
            crate::cmd::stix::turn_feed_warnings(&exchanged)
        }));
    }
    launch(&mut app)
}

/// Sends the log to `path` (or the default log file): nothing may print on the terminal
/// while the interface runs.
pub fn start_log(path: Option<&Path>) -> Result<(), ExitCode> {
    let log_path = path.map_or_else(default_log_path, Path::to_path_buf);
    FileLogger::install(&log_path).map_err(|e| {
        eprintln!("cannot open the log file {}: {e}", log_path.display());
        ExitCode::from(1)
    })
}

/// Hands the terminal to the interface (the log already goes to a file).
pub fn launch(app: &mut jointex_tui::App) -> ExitCode {
    install_panic_log();
    match jointex_tui::run_terminal(app) {
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
    default_text: &str,
    seed: u64,
    lang: Option<Lang>,
) -> jointex_tui::App {
    let mut entries = vec![jointex_tui::app::PickEntry {
        file: jointex_scenario::DEFAULT_SCENARIO_NAME.to_owned(),
        text: default_text.to_owned(),
        scenario: default.clone(),
    }];
    for s in jointex_scenario::shipped::all()
        .iter()
        .filter(|s| s.file != jointex_scenario::DEFAULT_SCENARIO_NAME)
    {
        match jointex_scenario::load(s.text) {
            Ok(l) => entries.push(jointex_tui::app::PickEntry {
                file: s.file.to_owned(),
                text: s.text.to_owned(),
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
    let color = crate::cmd::exit::color(crate::cli::Color::Auto);
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
    match state_dir() {
        Some(dir) => dir.join("play.log"),
        None => PathBuf::from("jointex.log"),
    }
}

/// A new record file: `<state>/records/play-<date>-<time>[-n].jointex`, never an existing
/// file. The wall clock only names the file; the exercise never reads it.
pub fn default_record_path() -> PathBuf {
    let dir = state_dir().map_or_else(|| PathBuf::from("records"), |d| d.join("records"));
    new_record_path(&dir, "play")
}

/// A record file name in `dir` that does not exist yet: `KIND-<UTC time>.jointex`.
pub fn new_record_path(dir: &Path, kind: &str) -> PathBuf {
    #[allow(clippy::disallowed_methods)]
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%d-%H%M%SZ")
        .to_string();
    let mut path = dir.join(format!("{kind}-{stamp}.jointex"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{kind}-{stamp}-{n}.jointex"));
        n += 1;
    }
    path
}

/// jointex's state directory, or `fallback` (relative to here) when there is no home.
pub fn state_dir_or(fallback: &str) -> PathBuf {
    state_dir().unwrap_or_else(|| PathBuf::from(fallback))
}

/// jointex's directory for state: `$XDG_STATE_HOME/jointex`, else
/// `~/.local/state/jointex`.
fn state_dir() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local").join("state"))
        });
    state.map(|dir| dir.join("jointex"))
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
