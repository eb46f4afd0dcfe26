//! `jointex`: the command line of the bilateral joint cyber-exercise simulator.
//!
//! The binary is thin: it parses arguments, reads files and prints; the scenario format,
//! validation and the simulation live in the libraries under `crates/`.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Generate(args) => cmd::generate::run(&args),
        cli::Command::Run(args) => cmd::run::run(&args),
        cli::Command::Export(args) => cmd::stix::export(&args),
        cli::Command::Import(args) => cmd::stix::import(&args),
        cli::Command::Play(args) => cmd::play::run(&args),
        cli::Command::Resume(args) => cmd::record::resume(&args),
        cli::Command::Replay(args) => cmd::record::replay(&args),
        cli::Command::Fork(args) => cmd::record::fork(&args),
        cli::Command::Report(args) => cmd::record::report(&args),
        cli::Command::List(args) => cmd::list::run(&args),
        cli::Command::Msel(args) => cmd::msel::run(&args),
        cli::Command::Graph(args) => cmd::graph::run(&args),
        cli::Command::Serve(args) => cmd::serve::run(&args),
        cli::Command::Roster(args) => cmd::serve::roster(&args),
        cli::Command::Attack(args) => cmd::attack::run(&args),
        cli::Command::Study(args) => cmd::study::run(&args),
    }
}
