//! How every command ends on a problem, and whether it colours what it prints: one wording
//! (`error: …` on standard error) and one exit-status convention (1 for bad input, 2 for a
//! usage error) across the command line.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::Color;

/// A usage error: prints `error: MSG` and gives exit status 2.
pub fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// Bad input (a file, a record): prints `error: MSG` and gives exit status 1.
pub fn failure(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(1)
}

/// Whether to colour standard error: as asked, or, for `auto`, when it is a terminal and
/// NO_COLOR is not set.
pub fn color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
