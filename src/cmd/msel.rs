//! `jointex msel export` and `jointex msel import`: a scenario's injects as a spreadsheet a
//! planner edits (CSV or XLSX), and the edited sheet back into the scenario file.
//!
//! The work is in `jointex-msel`; this module reads and writes the files and prints. An
//! import writes the scenario only when the result validates, through a temporary file and a
//! rename, so the file is never left half-written; otherwise every problem is printed,
//! located by sheet, row and column where it can be, and the file is untouched.
//! `docs/msel.md` describes the sheet.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cmd::exit::{failure, usage};
use crate::cmd::files::{io_message, replace_file};
use clap::{Args, Subcommand, ValueEnum};
use jointex_msel::import::{self, Options};
use jointex_msel::problem::Severity;
use jointex_msel::sheet;
use jointex_scenario::diag::Diagnostic;

/// `jointex msel …`.
#[derive(Debug, Args)]
pub struct MselArgs {
    /// What to do with the MSEL.
    #[command(subcommand)]
    pub what: MselCommand,
}

/// The `msel` subcommands.
#[derive(Debug, Subcommand)]
pub enum MselCommand {
    /// Write a scenario's injects as an MSEL sheet, one row per inject.
    ///
    /// Columns: number, turn, scenario time, from (en), from (ko), to, channel, title (en),
    /// title (ko), text (en), text (ko), expected actions, objectives, capability, trigger,
    /// held. Effects stay in the scenario file. See docs/msel.md.
    Export(MselExportArgs),
    /// Bring an edited MSEL sheet (CSV or XLSX) back into a scenario file.
    ///
    /// Rows update the injects with their number and add new ones; an inject with no row is
    /// an error unless --allow-delete. Only changed injects are rewritten; comments and
    /// layout elsewhere stay. The file is written only if the result validates. Exit status:
    /// 0 when imported (or nothing to change), 1 when the sheet or the result is invalid, 2
    /// on a usage error.
    Import(MselImportArgs),
}

/// A sheet format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// CSV, UTF-8 with a byte-order mark.
    Csv,
    /// An Excel workbook with one sheet, MSEL.
    Xlsx,
}

/// `jointex msel export`.
#[derive(Debug, Args)]
pub struct MselExportArgs {
    /// Scenario file (RON); the embedded default scenario when left out.
    pub scenario: Option<PathBuf>,
    /// Sheet format; by default taken from --out's extension, else csv.
    #[arg(long, value_enum)]
    pub format: Option<SheetFormat>,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace --out if it already exists.
    #[arg(long)]
    pub force: bool,
}

/// `jointex msel import`.
#[derive(Debug, Args)]
pub struct MselImportArgs {
    /// The edited sheet: CSV (UTF-8) or XLSX (its sheet MSEL).
    pub sheet: PathBuf,
    /// The scenario file to update.
    #[arg(long, value_name = "SCENARIO")]
    pub into: PathBuf,
    /// Delete the injects that have no row in the sheet (their effects go with them).
    #[arg(long)]
    pub allow_delete: bool,
    /// Print what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `jointex msel …`.
pub fn run(args: &MselArgs) -> ExitCode {
    match &args.what {
        MselCommand::Export(a) => export(a),
        MselCommand::Import(a) => import(a),
    }
}

/// Reads and validates a scenario file (or the embedded default), printing its diagnostics
/// when it is invalid.
fn scenario(path: Option<&Path>) -> Result<(String, String, jointex_scenario::Loaded), ExitCode> {
    let (name, text) = crate::cmd::files::scenario_text(path).map_err(failure)?;
    match jointex_scenario::load(&text) {
        Ok(l) => Ok((name, text, l)),
        Err(ds) => {
            print_diagnostics(&name, &text, &ds);
            Err(failure(format!(
                "{name} is not a valid scenario; `jointex check {name}` tells more"
            )))
        }
    }
}

fn print_diagnostics(name: &str, text: &str, ds: &[Diagnostic]) {
    let c = crate::cmd::exit::color(crate::cli::Color::Auto);
    let mut out = String::new();
    for d in ds {
        out.push_str(&d.render(name, text, c));
        out.push('\n');
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
}

/// Runs `jointex msel export`.
pub fn export(args: &MselExportArgs) -> ExitCode {
    let (name, text, loaded) = match scenario(args.scenario.as_deref()) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let raw = match jointex_msel::parse_raw(&text) {
        Ok(r) => r,
        Err(e) => return failure(format!("cannot read {name}: {e}")),
    };
    let from_ext = args.out.as_ref().and_then(|p| {
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("xlsx") => Some(SheetFormat::Xlsx),
            Some("csv") => Some(SheetFormat::Csv),
            _ => None,
        }
    });
    let format = args.format.or(from_ext).unwrap_or(SheetFormat::Csv);
    let rows = jointex_msel::export::rows(&raw);
    let bytes = match format {
        SheetFormat::Csv => sheet::write_csv(&rows),
        SheetFormat::Xlsx => match sheet::write_xlsx(&rows, loaded.scenario.clock.turns) {
            Ok(b) => b,
            Err(e) => return failure(format!("cannot write the workbook: {e}")),
        },
    };
    let n = rows.len() - 1;
    match &args.out {
        None => {
            if format == SheetFormat::Xlsx && std::io::stdout().is_terminal() {
                return usage("an xlsx workbook is not text: pass --out FILE.xlsx");
            }
            if let Err(e) = std::io::stdout().write_all(&bytes) {
                return failure(format!("cannot write the sheet: {}", io_message(&e)));
            }
        }
        Some(out) => {
            if out.exists() && !args.force {
                return failure(format!(
                    "{} already exists; pass --force to replace it",
                    out.display()
                ));
            }
            if let Err(e) = crate::cmd::files::write_whole(out, &bytes, true) {
                return failure(format!(
                    "cannot write {}: {}",
                    out.display(),
                    io_message(&e)
                ));
            }
            eprintln!("wrote {n} inject(s) of {name} to {}", out.display());
        }
    }
    ExitCode::SUCCESS
}

/// Runs `jointex msel import`.
pub fn import(args: &MselImportArgs) -> ExitCode {
    let target = &args.into;
    let (name, text, _) = match scenario(Some(target)) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let raw = match jointex_msel::parse_raw(&text) {
        Ok(r) => r,
        Err(e) => return failure(format!("cannot read {name}: {e}")),
    };
    let sheet_name = args.sheet.display().to_string();
    let bytes = match std::fs::read(&args.sheet) {
        Ok(b) => b,
        Err(e) => return failure(format!("cannot read {sheet_name}: {}", io_message(&e))),
    };
    let unchanged = format!("{name} is unchanged");
    let (kind, table) = match sheet::read(&bytes) {
        Ok(x) => x,
        Err(problems) => {
            for p in &problems {
                eprint!("{}", p.render());
            }
            return failure(format!("cannot read {sheet_name}; {unchanged}"));
        }
    };
    let opts = Options {
        allow_delete: args.allow_delete,
    };
    let plan = match import::plan(&raw, &table, &opts) {
        Ok(p) => p,
        Err(problems) => {
            for p in &problems {
                eprint!("{}", p.render());
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            return failure(format!("{sheet_name}: {errors} error(s); {unchanged}"));
        }
    };
    for w in &plan.warnings {
        eprint!("{}", w.render());
    }
    if plan.is_empty() {
        eprintln!(
            "nothing to import: the {} row(s) of {sheet_name} match {name}; it is unchanged",
            plan.unchanged
        );
        return ExitCode::SUCCESS;
    }
    let edited = match jointex_msel::edit::apply(&text, &plan) {
        Ok(t) => t,
        Err(e) => return failure(format!("cannot edit {name}: {e}; it is unchanged")),
    };
    let check = jointex_scenario::load(&edited);
    let diags: &[Diagnostic] = match &check {
        Ok(l) => &l.warnings,
        Err(ds) => ds,
    };
    let mut in_file = Vec::new();
    for d in diags {
        match import::sheet_problem(&edited, d, &plan) {
            Some(p) => eprint!("{}", p.render()),
            None => in_file.push(d.clone()),
        }
    }
    print_diagnostics(&format!("{name} (imported)"), &edited, &in_file);
    if check.is_err() {
        return failure(format!(
            "with {sheet_name} imported, {name} would not be a valid scenario; it is unchanged"
        ));
    }
    let which = |p: &import::Update| {
        let cols: Vec<&str> = p.columns.iter().map(|c| c.header()).collect();
        format!("~ {} (row {}): {}", p.inject.id, p.row, cols.join(", "))
    };
    for u in &plan.updates {
        eprintln!("{}", which(u));
    }
    for a in &plan.additions {
        eprintln!("+ {} (row {})", a.inject.id, a.row);
    }
    for d in &plan.deletions {
        eprintln!("- {}", d.id);
    }
    let counts = format!(
        "{} changed, {} added, {} deleted, {} unchanged",
        plan.updates.len(),
        plan.additions.len(),
        plan.deletions.len(),
        plan.unchanged
    );
    if args.dry_run {
        eprintln!("dry run: {counts}; nothing written");
        return ExitCode::SUCCESS;
    }
    if let Err(e) = replace_file(target, &edited) {
        return failure(format!(
            "cannot write {name}: {}; {unchanged}",
            io_message(&e)
        ));
    }
    eprintln!(
        "imported {sheet_name} ({}) into {name}: {counts}",
        kind.extension()
    );
    ExitCode::SUCCESS
}
