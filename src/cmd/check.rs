//! `jointex check FILE...`: validate scenarios and say exactly what is wrong, and where.

use std::io::Write;
use std::process::ExitCode;

use jointex_scenario::diag::{Diagnostic, Located};
use jointex_scenario::summary::Summary;
use serde::Serialize;

use crate::cli::{CheckArgs, Format};
use crate::cmd::files::read_text;

/// What checking one file found.
#[derive(Serialize)]
struct FileReport {
    file: String,
    valid: bool,
    summary: Option<Summary>,
    diagnostics: Vec<Located>,
}

/// Problems printed per file unless `--all` is given.
const MAX_SHOWN: usize = 200;

pub fn run(args: &CheckArgs) -> ExitCode {
    let inputs: Vec<(String, Result<String, String>)> = if args.files.is_empty() {
        vec![(
            format!(
                "(embedded) scenarios/{}",
                jointex_scenario::DEFAULT_SCENARIO_NAME
            ),
            Ok(jointex_scenario::DEFAULT_SCENARIO.to_owned()),
        )]
    } else {
        args.files
            .iter()
            .map(|p| {
                let name = p.display().to_string();
                let text = read_text(p);
                (name, text)
            })
            .collect()
    };
    let color = crate::cmd::exit::color(args.color);
    let mut reports = Vec::new();
    let mut human_err = String::new();
    let mut human_out = String::new();
    for (file, text) in &inputs {
        let (valid, summary, diags, source) = match text {
            Err(why) => {
                let d = Diagnostic::error("unreadable", format!("cannot read the file: {why}"));
                (false, None, vec![d], "")
            }
            Ok(text) => match jointex_scenario::load(text) {
                Ok(loaded) => {
                    let ok = !args.deny_warnings || loaded.warnings.is_empty();
                    (
                        ok,
                        Some(Summary::of(&loaded.scenario)),
                        loaded.warnings,
                        text.as_str(),
                    )
                }
                Err(diags) => (false, None, diags, text.as_str()),
            },
        };
        // Thousands of messages help nobody on a terminal: the first ones, then a count.
        let shown = if args.all { diags.len() } else { MAX_SHOWN };
        for d in diags.iter().take(shown) {
            human_err.push_str(&d.render(file, source, color));
            human_err.push('\n');
        }
        if diags.len() > shown {
            human_err.push_str(&format!(
                "… and {} more problem(s) in {file} not shown; `jointex check --all` prints every one\n\n",
                diags.len() - shown
            ));
        }
        match (&summary, valid) {
            (Some(s), true) => human_out.push_str(&format!("ok: {file}: {s}\n")),
            _ => {
                let errors = diags
                    .iter()
                    .filter(|d| d.severity == jointex_scenario::diag::Severity::Error)
                    .count();
                let warnings = diags.len() - errors;
                human_err.push_str(&format!(
                    "{file}: invalid: {}\n",
                    counted(errors, warnings, args.deny_warnings)
                ));
            }
        }
        reports.push(FileReport {
            file: file.clone(),
            valid,
            summary,
            // Line and column of every message are for the JSON report; the human one has
            // them in its rendering already.
            diagnostics: match args.format {
                Format::Json => diags.iter().map(|d| d.locate(file, source)).collect(),
                Format::Human => Vec::new(),
            },
        });
    }
    let all_valid = reports.iter().all(|r| r.valid);
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({ "valid": all_valid, "files": reports });
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
        }
        Format::Human => {
            let _ = std::io::stderr().write_all(human_err.as_bytes());
            let _ = std::io::stdout().write_all(human_out.as_bytes());
            if reports.len() > 1 {
                let bad = reports.iter().filter(|r| !r.valid).count();
                let _ = writeln!(
                    std::io::stdout(),
                    "checked {} files: {} valid, {bad} invalid",
                    reports.len(),
                    reports.len() - bad
                );
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn counted(errors: usize, warnings: usize, deny_warnings: bool) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if deny_warnings && warnings > 0 {
        format!(
            "{}, {} (denied)",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    } else if warnings > 0 {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    } else {
        plural(errors, "error")
    }
}
