//! `jointex generate`: a synthetic two-nation scenario for benchmarks, training and as a
//! starting point for planners.

use std::io::Write;
use std::process::ExitCode;

use jointex_scenario::generate::{MIN_ASSETS, Params, to_ron};

use crate::cli::GenerateArgs;

pub fn run(args: &GenerateArgs) -> ExitCode {
    let Ok(assets) = usize::try_from(args.assets) else {
        eprintln!(
            "error: --assets {} is too large for this machine",
            args.assets
        );
        return ExitCode::from(2);
    };
    if assets < MIN_ASSETS {
        eprintln!(
            "note: raising --assets {assets} to {MIN_ASSETS}, the fewest a generated scenario has"
        );
    }
    let text = to_ron(&Params {
        assets,
        seed: args.seed,
        turns: args.turns,
    });
    match &args.out {
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Some(path) => {
            // Never overwrite a planner's file by accident (without --force), and never leave
            // half a scenario: the file appears whole or not at all.
            let result = crate::cmd::files::write_whole(path, text.as_bytes(), args.force);
            match result {
                Ok(()) => {
                    eprintln!(
                        "wrote {} ({} assets, seed {}, {} bytes)",
                        path.display(),
                        assets.max(MIN_ASSETS),
                        args.seed,
                        text.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    eprintln!(
                        "error: {} already exists; pass --force to replace it",
                        path.display()
                    );
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!(
                        "error: cannot write {}: {}",
                        path.display(),
                        e.to_string().to_lowercase()
                    );
                    ExitCode::from(1)
                }
            }
        }
    }
}
