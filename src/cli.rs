//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// jointex: a bilateral joint cyber-exercise simulator.
///
/// Two allied national CERT teams defend their critical infrastructure against a scripted
/// adversary, turn by turn, and practise sharing threat information.
#[derive(Debug, Parser)]
#[command(name = "jointex", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem with its line and column.
    ///
    /// Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage error.
    Check(CheckArgs),
    /// Generate a synthetic two-nation scenario of N assets, valid by construction.
    Generate(GenerateArgs),
    /// Play an exercise with no terminal and print a summary of every turn.
    ///
    /// Built-in policies play the teams; an orders file (docs/orders.md) adds scripted team
    /// and facilitator orders. The same scenario, seed, orders and policies always print the
    /// same output.
    ///
    /// Exit status: 0 when the run finished, 1 when the scenario or the orders file is
    /// invalid, 2 on a usage error.
    Run(RunArgs),
    /// Export what an exercise produced: `export stix` writes its shares as STIX 2.1 bundles.
    Export(crate::cmd::stix::ExportArgs),
    /// Import into a scenario: `import stix` adds the indicators of a STIX 2.1 bundle.
    Import(crate::cmd::stix::ImportArgs),
    /// Play an exercise on this terminal: the facilitator and every team in turn (hot-seat).
    ///
    /// With no SCENARIO, offers the shipped scenarios to choose from (the default first). Exit
    /// status: 0 after quitting, 1 when the scenario is invalid or the terminal cannot be
    /// used, 2 on a usage error.
    Play(crate::cmd::play::PlayArgs),
    /// Continue an interrupted exercise from its record, exactly where it stopped.
    ///
    /// A headless run carries on with the policies and orders file it was started with.
    Resume(crate::cmd::record::ResumeArgs),
    /// Re-simulate a record turn by turn; stop at the first turn whose state hash differs.
    ///
    /// Exit status: 0 when every turn matches, 1 on a desync or a bad record.
    Replay(crate::cmd::record::ReplayArgs),
    /// Start a new record from the state after turn N of another, for what-if debriefs.
    Fork(crate::cmd::record::ForkArgs),
    /// Write the After-Action Report / Improvement Plan of a record (Markdown or HTML).
    Report(crate::cmd::record::ReportArgs),
    /// List the shipped scenarios (embedded in the binary), the default first.
    List(crate::cmd::list::ListArgs),
    /// The MSEL as a spreadsheet: `msel export` writes the injects as CSV or XLSX, `msel
    /// import` brings an edited sheet back into the scenario file (docs/msel.md).
    Msel(crate::cmd::msel::MselArgs),
    /// Write the infrastructure graph as Graphviz DOT or JSON, whole or for one nation or
    /// sector.
    Graph(crate::cmd::graph::GraphArgs),
    /// Serve one exercise over SSH: each player joins with `ssh -p PORT NAME@HOST` and gets
    /// the console of the seat their key has in the roster (docs/serving.md).
    ///
    /// Exit status: 0 after Ctrl-C (everything is recorded), 1 when the scenario, roster or
    /// record is invalid or the address cannot be used, 2 on a usage error.
    Serve(crate::cmd::serve::ServeArgs),
    /// The roster of `serve`: `roster check` validates one, `roster add` adds a person's key.
    Roster(crate::cmd::serve::RosterArgs),
    /// Look up MITRE ATT&CK® techniques (v18.1, Enterprise and ICS) for a scenario's stages:
    /// `attack search WORDS`, `attack show ID`.
    Attack(crate::cmd::attack::AttackArgs),
    /// Play a scenario many times from consecutive seeds under chosen policies and report the
    /// distribution of every outcome; with `--vs`, compare two policy sets on the same seeds.
    ///
    /// `study merge FILES…` joins the `--json` files of shards (`--shard I/N`). Exit status:
    /// 0 when every run finished, 1 when the scenario or a file is invalid, 2 on a usage error
    /// (docs/study.md).
    Study(crate::cmd::study::StudyArgs),
}

/// `jointex check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files (RON). With none, checks the embedded default scenario.
    pub files: Vec<PathBuf>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Treat warnings as errors (exit 1 when there are any).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print every problem of a file; by default the first 200 are printed and the rest
    /// counted (`--format json` always lists every one).
    #[arg(long)]
    pub all: bool,
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Located messages with the offending line, for people.
    Human,
    /// One JSON document, for editors and CI.
    Json,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `jointex generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of assets, split between the two nations (at least 40).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub assets: u64,
    /// Seed for every random choice: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of turns.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(4..=1000))]
    pub turns: u32,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replace `--out` if it already exists.
    #[arg(long)]
    pub force: bool,
}

/// `jointex run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (RON). With none, plays the embedded default scenario.
    pub scenario: Option<PathBuf>,
    /// Seed for every random draw: the same seed and orders give the same exercise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Scripted orders (RON), given each turn before the policies play; see docs/orders.md.
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// Policy that plays the teams: NAME for every team, or TEAM=NAME for one (repeatable).
    ///
    /// Policies: idle, by-the-book, share-everything, respond:KNOB=VALUE,… (docs/study.md).
    /// Teams the command line does not name
    /// keep the orders file's policy, or idle.
    #[arg(long, value_name = "[TEAM=]NAME")]
    pub policy: Vec<String>,
    /// Stop after this many turns (at most the scenario's number of turns).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..))]
    pub turns: Option<u32>,
    /// Print one JSON object per turn, and a final summary object, one per line.
    #[arg(long)]
    pub json: bool,
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Record the exercise in this new file (see docs/records.md); never replaces a file.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Print `recorded #SEQ turn N KIND` on stderr once each action is committed.
    #[arg(long, hide = true)]
    pub print_acks: bool,
    /// Exchange every share live with a TAXII 2.1 collection, e.g.
    /// http://127.0.0.1:5055/exercise/collections/<id>/ (see docs/intel-sharing.md);
    /// a server that fails is reported and the exercise carries on locally.
    #[arg(long, value_name = "URL")]
    pub taxii: Option<String>,
    /// TAXII user name; the password is read from JOINTEX_TAXII_PASSWORD, never a flag.
    #[arg(long, value_name = "USER", requires = "taxii")]
    pub taxii_user: Option<String>,
}
