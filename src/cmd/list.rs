//! `jointex list`: the scenarios shipped with jointex (embedded in the binary), the default
//! first, with what a facilitator needs to pick one.
//!
//! Exit status: 0 when every shipped scenario is valid, 1 when one is not (it is listed with
//! its error count; `jointex check scenarios/FILE` tells more).

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use jointex_scenario::shipped::{self, Shipped};
use serde::Serialize;

/// `jointex list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON document (an array, one object per scenario) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A team, as listed.
#[derive(Debug, Serialize)]
struct TeamEntry {
    id: String,
    nation: String,
    cert: String,
}

/// Bilingual text, as listed.
#[derive(Debug, Serialize)]
struct Both {
    en: String,
    ko: String,
}

/// One shipped scenario, as listed.
#[derive(Debug, Serialize)]
struct Entry {
    file: String,
    default: bool,
    valid: bool,
    errors: usize,
    id: Option<String>,
    version: Option<String>,
    title: Option<Both>,
    summary: Option<Both>,
    turns: Option<u32>,
    turn_minutes: Option<u32>,
    teams: Vec<TeamEntry>,
}

fn entry(s: &Shipped, default: bool) -> Entry {
    let both = |t: &jointex_scenario::Text| Both {
        en: t.get(jointex_scenario::Lang::En).to_owned(),
        ko: t.get(jointex_scenario::Lang::Ko).to_owned(),
    };
    match jointex_scenario::load(s.text) {
        Ok(l) => {
            let sc = &l.scenario;
            Entry {
                file: s.file.to_owned(),
                default,
                valid: true,
                errors: 0,
                id: Some(sc.meta.id.clone()),
                version: Some(sc.meta.version.clone()),
                title: Some(both(&sc.meta.title)),
                summary: Some(both(&sc.meta.summary)),
                turns: Some(sc.clock.turns),
                turn_minutes: Some(sc.clock.turn_minutes),
                teams: sc
                    .teams
                    .iter()
                    .map(|t| TeamEntry {
                        id: t.key.clone(),
                        nation: t.nation.clone(),
                        cert: t.cert.get(jointex_scenario::Lang::En).to_owned(),
                    })
                    .collect(),
            }
        }
        Err(ds) => Entry {
            file: s.file.to_owned(),
            default,
            valid: false,
            errors: ds
                .iter()
                .filter(|d| d.severity == jointex_scenario::diag::Severity::Error)
                .count(),
            id: None,
            version: None,
            title: None,
            summary: None,
            turns: None,
            turn_minutes: None,
            teams: Vec::new(),
        },
    }
}

/// Runs `jointex list`.
pub fn run(args: &ListArgs) -> ExitCode {
    let entries: Vec<Entry> = shipped::all()
        .iter()
        .enumerate()
        .map(|(i, s)| entry(s, i == 0))
        .collect();
    let mut out = String::new();
    if args.json {
        out = serde_json::to_string_pretty(&entries).unwrap_or_default();
        out.push('\n');
    } else {
        for e in &entries {
            let mark = if e.default { " (default)" } else { "" };
            out.push_str(&format!("scenarios/{}{mark}\n", e.file));
            if !e.valid {
                out.push_str(&format!(
                    "  invalid: {} error(s); `jointex check scenarios/{}` tells more\n",
                    e.errors, e.file
                ));
                continue;
            }
            let teams: Vec<String> = e
                .teams
                .iter()
                .map(|t| format!("{} ({}, {})", t.id, t.nation, t.cert))
                .collect();
            out.push_str(&format!(
                "  {} v{} · {} turns of {} min · teams {}\n",
                e.id.as_deref().unwrap_or_default(),
                e.version.as_deref().unwrap_or_default(),
                e.turns.unwrap_or_default(),
                e.turn_minutes.unwrap_or_default(),
                teams.join(", ")
            ));
            if let Some(t) = &e.title {
                out.push_str(&format!("  en: {}\n  ko: {}\n", t.en, t.ko));
            }
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    if entries.iter().all(|e| e.valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
