//! `jointex attack`: the embedded MITRE ATT&CK® v18.1 table (Enterprise and ICS) that `check`
//! holds scenario techniques to, for planners choosing a stage's technique.
//!
//! `attack search WORDS` lists the techniques whose id, name or tactics hold every word;
//! `attack show ID` shows one with its tactics, the stage phases it fits, its parent and its
//! sub-techniques. Exit status: 0 when something was found, 1 when nothing was, 2 on a usage
//! error.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jointex_scenario::attack::{self, Domain, Technique};
use jointex_scenario::suggest;
use jointex_scenario::vocab::{Impact, Phase};

use crate::cmd::exit::failure;

/// `jointex attack`.
#[derive(Debug, Args)]
pub struct AttackArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AttackCommand,
}

/// The attack subcommands.
#[derive(Debug, Subcommand)]
pub enum AttackCommand {
    /// List the techniques whose id, name or tactics contain every word (any case).
    ///
    /// `jointex attack search lateral-movement ics` lists ICS lateral movement;
    /// `jointex attack search phishing` every phishing technique.
    Search {
        /// Words to look for: parts of an id (`T1566`), a name (`spearphishing`), a tactic
        /// (`impact`, `lateral-movement`) or a domain (`enterprise`, `ics`).
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Show one technique: name, domain, tactics, the stage phases it fits, its parent and its
    /// sub-techniques.
    Show {
        /// The technique id, e.g. T1566.004 or T0862.
        id: String,
    },
}

/// Runs `jointex attack`.
pub fn run(args: &AttackArgs) -> ExitCode {
    match &args.command {
        AttackCommand::Search { words } => search(words),
        AttackCommand::Show { id } => show(id),
    }
}

fn domain(t: &Technique) -> &'static str {
    match t.domain {
        Domain::Enterprise => "enterprise",
        Domain::Ics => "ics",
    }
}

/// The stage phases a technique fits (see `check`'s `technique-phase` warning).
fn phases(t: &Technique) -> Vec<&'static str> {
    let theft = attack::fits(t, Phase::Impact, Some(Impact::Exfiltrate))
        && !attack::fits(t, Phase::Impact, None);
    Phase::ALL
        .iter()
        .filter(|p| attack::fits(t, **p, None))
        .map(|p| p.name())
        .chain(theft.then_some("Impact (with impact: Some(Exfiltrate))"))
        .collect()
}

fn search(words: &[String]) -> ExitCode {
    let words: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let found: Vec<&Technique> = attack::all()
        .filter(|t| {
            let hay =
                format!("{} {} {} {}", t.id, t.name, domain(t), t.tactics.join(" ")).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect();
    if found.is_empty() {
        return failure(format!(
            "no ATT&CK technique matches `{}`; try fewer or shorter words, a tactic such as `lateral-movement`, or `jointex attack show ID`",
            words.join(" ")
        ));
    }
    let mut out = String::new();
    for t in &found {
        out.push_str(&format!(
            "{:<10} {:<10} {}  [{}]\n",
            t.id,
            domain(t),
            t.name,
            t.tactics.join(", ")
        ));
    }
    out.push_str(&format!(
        "{} technique(s) of ATT&CK v18.1; `jointex attack show ID` for one\n",
        found.len()
    ));
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}

fn show(id: &str) -> ExitCode {
    let wanted = id.trim().to_uppercase();
    let Some(t) = attack::technique(&wanted) else {
        let hint = match attack::parent_id(&wanted).and_then(attack::technique) {
            Some(p) => format!("; `{}` ({}) has no such sub-technique", p.id, p.name),
            None => match suggest::closest(&wanted, attack::ids()) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => String::new(),
            },
        };
        return failure(format!(
            "`{id}` is not a technique of ATT&CK v18.1 Enterprise or ICS{hint}"
        ));
    };
    let mut out = format!("{}  {}\n", t.id, t.name);
    out.push_str(&format!("domain:   {}\n", domain(t)));
    out.push_str(&format!("tactics:  {}\n", t.tactics.join(", ")));
    let fits = phases(t);
    out.push_str(&format!(
        "fits stage phases: {}\n",
        if fits.is_empty() {
            "none (not an adversary-lifecycle technique jointex plays)".to_owned()
        } else {
            fits.join(", ")
        }
    ));
    if let Some(p) = attack::parent_id(t.id).and_then(attack::technique) {
        out.push_str(&format!("parent:   {}  {}\n", p.id, p.name));
    }
    let prefix = format!("{}.", t.id);
    let subs: Vec<&Technique> = attack::all()
        .filter(|s| s.id.starts_with(&prefix))
        .collect();
    if !subs.is_empty() {
        out.push_str("sub-techniques:\n");
        for s in subs {
            out.push_str(&format!("  {:<10} {}\n", s.id, s.name));
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
