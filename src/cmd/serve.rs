//! `jointex serve` and `jointex roster`: one exercise over SSH, and the roster of who may
//! join it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use jointex_scenario::Scenario;
use jointex_scenario::diag::Diagnostic;

/// `jointex serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario file (RON). With none, the embedded default scenario.
    pub scenario: Option<PathBuf>,
    /// The roster: who may join, with which keys, on which seat (docs/serving.md).
    #[arg(long)]
    pub roster: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "0.0.0.0:2222")]
    pub listen: SocketAddr,
    /// Seed of the exercise's randomness.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Record file to write (a new file). Default: a new file in the state directory.
    #[arg(long, conflicts_with = "resume")]
    pub record: Option<PathBuf>,
    /// Carry on an interrupted exercise from its record (SCENARIO and --seed come from it).
    #[arg(long, conflicts_with_all = ["scenario", "record"])]
    pub resume: Option<PathBuf>,
    /// Directory for the host key and, by default, the records.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Log file. Default: the state directory's `serve.log`.
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Connections allowed from one address at once.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_per_address: u16,
    /// What happens to plans not submitted when the planning time the facilitator set (key
    /// D) runs out: nothing automatic, submit them as they stand, or submit and resolve.
    #[arg(long, value_enum, default_value_t = AtDeadlineArg::Submit)]
    pub at_deadline: AtDeadlineArg,
    /// Minutes without traffic after which a session is closed.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u16).range(1..))]
    pub idle_minutes: u16,
}

/// `--at-deadline`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum AtDeadlineArg {
    /// Consoles say the time is up; the facilitator resolves (forcing it if needed).
    Wait,
    /// Every unsubmitted plan is submitted as it stands; the facilitator resolves.
    Submit,
    /// Every unsubmitted plan is submitted, and the turn is resolved at once.
    Resolve,
}

/// `jointex roster`.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RosterCommand,
}

/// The roster subcommands.
#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Check a roster against a scenario and report every problem with its line and column.
    ///
    /// Exit status: 0 when it is valid, 1 when it is not, 2 on a usage error.
    Check {
        /// The roster (TOML).
        file: PathBuf,
        /// The scenario it will be served with. Default: the embedded default scenario.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Add a person, or more keys for a person already listed; creates the roster if needed.
    Add {
        /// The roster (TOML).
        file: PathBuf,
        /// The person's name: the user name they type in `ssh NAME@host`.
        #[arg(long)]
        name: String,
        /// `facilitator` or a team id of the scenario (`us`, `kr`).
        #[arg(long)]
        seat: String,
        /// Their role in the team (e.g. lead, analyst, liaison).
        #[arg(long)]
        role: Option<String>,
        /// Their public key file (`id_ed25519.pub`); several lines add several keys.
        #[arg(long)]
        key: PathBuf,
        /// The scenario the roster is for. Default: the embedded default scenario.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
}

/// A scenario file, or the embedded default: its display name, text and validated form.
fn load_scenario(path: Option<&Path>) -> Result<(String, String, Scenario), ExitCode> {
    let (name, text) = crate::cmd::files::scenario_text(path).map_err(|why| {
        eprintln!("error: {why}");
        ExitCode::from(1)
    })?;
    match jointex_scenario::load(&text) {
        Ok(l) => Ok((name, text, l.scenario)),
        Err(diags) => {
            print_diags(&name, &text, &diags);
            Err(ExitCode::from(1))
        }
    }
}

fn print_diags(name: &str, text: &str, diags: &[Diagnostic]) {
    let color = crate::cmd::exit::color(crate::cli::Color::Auto);
    for d in diags {
        eprintln!("{}", d.render(name, text, color));
    }
    let n = diags.len();
    eprintln!("{name}: {n} error{}", if n == 1 { "" } else { "s" });
}

/// Reads and checks a roster; prints the problems.
fn read_roster(
    path: &Path,
    scenario: &Scenario,
    complete: bool,
) -> Result<jointex_serve::Roster, ExitCode> {
    let text = match crate::cmd::files::read_text(path) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("error: cannot read the roster {}: {why}", path.display());
            return Err(ExitCode::from(1));
        }
    };
    jointex_serve::roster::check(&text, scenario, complete).map_err(|diags| {
        print_diags(&path.display().to_string(), &text, &diags);
        ExitCode::from(1)
    })
}

/// Runs `jointex roster`.
pub fn roster(args: &RosterArgs) -> ExitCode {
    match &args.command {
        RosterCommand::Check { file, scenario } => {
            let (_, _, s) = match load_scenario(scenario.as_deref()) {
                Ok(x) => x,
                Err(c) => return c,
            };
            match read_roster(file, &s, true) {
                Ok(r) => {
                    let count = |seat: jointex_sim::Seat| {
                        r.players.iter().filter(|p| p.seat == seat).count()
                    };
                    let mut parts = vec![format!(
                        "{} facilitator",
                        count(jointex_sim::Seat::Facilitator)
                    )];
                    for (i, t) in s.teams.iter().enumerate() {
                        let seat =
                            jointex_sim::Seat::Team(jointex_scenario::model::TeamId(i as u16));
                        parts.push(format!("{} {}", count(seat), t.key));
                    }
                    println!(
                        "{}: valid — {} players ({})",
                        file.display(),
                        r.players.len(),
                        parts.join(", ")
                    );
                    ExitCode::SUCCESS
                }
                Err(c) => c,
            }
        }
        RosterCommand::Add {
            file,
            name,
            seat,
            role,
            key,
            scenario,
        } => {
            let (_, _, s) = match load_scenario(scenario.as_deref()) {
                Ok(x) => x,
                Err(c) => return c,
            };
            let keys = match crate::cmd::files::read_text(key) {
                Ok(t) => t,
                Err(why) => {
                    eprintln!("error: cannot read the key file {}: {why}", key.display());
                    return ExitCode::from(1);
                }
            };
            let text = if file.exists() {
                match crate::cmd::files::read_text(file) {
                    Ok(t) => t,
                    Err(why) => {
                        eprintln!("error: cannot read the roster {}: {why}", file.display());
                        return ExitCode::from(1);
                    }
                }
            } else {
                jointex_serve::roster::NEW_ROSTER.to_owned()
            };
            let what = jointex_serve::roster::Addition {
                name: name.clone(),
                seat: seat.clone(),
                role: role.clone(),
                keys,
            };
            let out = match jointex_serve::roster::add(&text, &what, &s) {
                Ok(o) => o,
                Err(diags) => {
                    // The problems are in the result or the key file, never in a file the
                    // user can open at a given line: print them without a source excerpt.
                    for d in &diags {
                        eprintln!("error: {}", d.message);
                        if let Some(h) = &d.hint {
                            eprintln!("  hint: {h}");
                        }
                    }
                    return ExitCode::from(1);
                }
            };
            if let Err(e) = crate::cmd::files::write_whole(file, out.as_bytes(), true) {
                eprintln!("error: cannot write {}: {e}", file.display());
                return ExitCode::from(1);
            }
            println!("{}: {name} on seat {seat}", file.display());
            ExitCode::SUCCESS
        }
    }
}

/// Runs `jointex serve`.
pub fn run(args: &ServeArgs) -> ExitCode {
    // Everything is checked before anything is created or listened on.
    let record = match &args.resume {
        Some(path) => match jointex_record::open(path) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    let (name, text, scenario) = match &record {
        Some(r) => (
            r.meta.scenario_id.clone(),
            r.meta.scenario_text.clone(),
            (*r.scenario).clone(),
        ),
        None => match load_scenario(args.scenario.as_deref()) {
            Ok(x) => x,
            Err(c) => return c,
        },
    };
    let roster = match read_roster(&args.roster, &scenario, true) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let state = args
        .state
        .clone()
        .unwrap_or_else(|| crate::cmd::play::state_dir_or("jointex-state").join("serve"));
    let (host_key, made) = match jointex_serve::hostkey::load_or_create(&state) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let log_path = args.log.clone().unwrap_or_else(|| state.join("serve.log"));
    if let Err(code) = crate::cmd::play::start_log(Some(&log_path)) {
        return code;
    }
    let record_path = match (&args.resume, &args.record) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => crate::cmd::play::new_record_path(&state.join("records"), "serve"),
    };
    if let Some(dir) = record_path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create {} for the record: {e}", dir.display());
        return ExitCode::from(1);
    }
    let fingerprint = jointex_serve::hostkey::fingerprint(&host_key);
    let seed = args.seed;
    let players = roster.players.len();
    let scenario = Arc::new(scenario);
    let path = record_path.clone();
    let then = match args.at_deadline {
        AtDeadlineArg::Wait => jointex_tui::table::AtDeadline::Wait,
        AtDeadlineArg::Submit => jointex_tui::table::AtDeadline::Submit,
        AtDeadlineArg::Resolve => jointex_tui::table::AtDeadline::Resolve,
    };
    let open = move || {
        let mut table = match record {
            Some(r) => jointex_serve::resumed_table(&r).map_err(|e| e.to_string())?,
            None => {
                let driver = jointex_record::Driver {
                    kind: "serve".into(),
                    ..Default::default()
                };
                jointex_record::Recorder::create(&path, &text, scenario, seed, driver)
                    .map(jointex_tui::Table::new)
                    .map_err(|e| e.to_string())?
            }
        };
        table.set_at_deadline(then);
        Ok(table)
    };
    let opts = jointex_serve::Options {
        roster,
        listen: args.listen,
        host_key,
        limits: jointex_serve::Limits {
            per_address: usize::from(args.max_per_address),
            idle: Duration::from_secs(u64::from(args.idle_minutes) * 60),
            ..Default::default()
        },
    };
    let resumed = args.resume.is_some();
    let ready = |r: &jointex_serve::Ready| {
        println!("jointex serve: {name}");
        println!(
            "  {} {}",
            if resumed { "resuming" } else { "recording to" },
            record_path.display()
        );
        println!("  listening on {} for {players} players", r.addr);
        println!(
            "  host key {fingerprint}{}",
            if made { " (new)" } else { "" }
        );
        println!("  players connect with: ssh -p {} NAME@HOST", r.addr.port());
        println!("  log: {}", log_path.display());
        println!(
            "  stop with Ctrl-C; carry on later with: jointex serve --roster {} --resume {}",
            args.roster.display(),
            record_path.display()
        );
    };
    match jointex_serve::serve(opts, open, ready) {
        Ok(()) => {
            println!(
                "jointex serve stopped; the record is {}",
                record_path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            log::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
