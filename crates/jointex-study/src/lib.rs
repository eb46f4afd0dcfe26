//! # jointex-study
//!
//! A planner's question — "under these policies, over a thousand dice, what happens, and does
//! sharing matter?" — answered by playing the scenario many times. A [`Study`] names the
//! scenario, how many seeded runs, which policy plays each team (`a`), and optionally a
//! second set of policies (`b`, `--vs`) played on the *same* seeds for a paired comparison.
//!
//! * Runs are independent and deterministic: run *i* plays seed `seed_from + i`; they are
//!   spread over the machine's cores with rayon and collected in seed order, so the
//!   [`Document`] is the same bytes whatever the number of threads.
//! * A study can be cut into shards (`--shard I/N`: the I-th of N contiguous seed ranges)
//!   to run on many machines; [`merge`] joins shard documents into the document one
//!   machine would have written.
//! * The scenario is parsed and validated once and shared by every run ([`Arc`]).
//!
//! Outputs (the CLI's `--json`, `--csv`, `--html` and terminal summary) are in [`csv`],
//! [`html`] and [`text`]; the numbers behind them in [`summary`] and [`stats`].

pub mod catalog;
pub mod csv;
pub mod html;
pub mod outcome;
pub mod stats;
pub mod summary;
pub mod text;

use std::sync::Arc;

use jointex_scenario::Scenario;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use catalog::Catalog;
pub use outcome::{RunError, RunOutcome};
pub use summary::Summary;

/// The version of the document format; [`merge`] refuses others.
pub const FORMAT: u32 = 1;

/// What to play.
#[derive(Clone, Debug)]
pub struct Study {
    /// The validated scenario.
    pub scenario: Arc<Scenario>,
    /// A digest of the scenario's text, so shards of different files are never merged.
    pub digest: String,
    /// Runs in the whole study.
    pub runs: u32,
    /// Seed of the first run.
    pub seed_from: u64,
    /// Turns per run (at most the scenario's).
    pub turns: u32,
    /// Policy spec per team, in scenario order.
    pub policies: Vec<String>,
    /// Second policy set, played on the same seeds.
    pub vs: Option<Vec<String>>,
    /// The part of the study to play: shard `index` (1-based) of `of`.
    pub shard: Option<Shard>,
}

/// A part of a study: the `index`-th (from 1) of `of` contiguous seed ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which, from 1.
    pub index: u32,
    /// Of how many.
    pub of: u32,
}

impl Shard {
    /// Parses `I/N`.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("`--shard {text}` is not `I/N` with 1 ≤ I ≤ N, such as `--shard 2/8`");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let of: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || of == 0 || index > of {
            return Err(bad());
        }
        Ok(Shard { index, of })
    }

    /// The run positions (0-based, of `runs`) this shard plays.
    pub fn range(self, runs: u32) -> std::ops::Range<u32> {
        let at = |k: u32| (u64::from(runs) * u64::from(k) / u64::from(self.of)) as u32;
        at(self.index - 1)..at(self.index)
    }
}

/// What identifies a study: two documents can be merged only when these are equal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Document format.
    pub format: u32,
    /// The scenario's id.
    pub scenario: String,
    /// Its version.
    pub version: String,
    /// A digest of its text.
    pub digest: String,
    /// Runs in the whole study.
    pub runs: u32,
    /// Seed of the first run.
    pub seed_from: u64,
    /// Turns per run.
    pub turns: u32,
    /// Policy set `a`, per team.
    pub policies: Vec<String>,
    /// Policy set `b`, per team, under `--vs`.
    pub vs: Option<Vec<String>>,
    /// What runs refer to by position.
    pub catalog: Catalog,
}

/// One seed's runs: under `a`, and under `b` when comparing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The seed.
    pub seed: u64,
    /// Under policy set `a`.
    pub a: RunOutcome,
    /// Under policy set `b`.
    pub b: Option<RunOutcome>,
}

/// A study's results: what `--json` writes and `study merge` reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// What was studied.
    pub study: Header,
    /// The shard these runs are, when not the whole study.
    pub shard: Option<Shard>,
    /// The summary of these runs.
    pub summary: Summary,
    /// Every run, in seed order.
    pub runs: Vec<Run>,
}

impl Study {
    /// The header of this study's documents.
    pub fn header(&self) -> Header {
        let s = &self.scenario;
        Header {
            format: FORMAT,
            scenario: s.meta.id.clone(),
            version: s.meta.version.clone(),
            digest: self.digest.clone(),
            runs: self.runs,
            seed_from: self.seed_from,
            turns: self.turns,
            policies: self.policies.clone(),
            vs: self.vs.clone(),
            catalog: Catalog::of(s),
        }
    }

    /// The seeds this study (or its shard) plays, in order.
    pub fn seeds(&self) -> Vec<u64> {
        let range = self.shard.map_or(0..self.runs, |sh| sh.range(self.runs));
        range
            .map(|i| self.seed_from.wrapping_add(u64::from(i)))
            .collect()
    }

    /// Plays every seed over rayon's threads; `done` is called after each seed (from any
    /// thread), for a progress bar. The first run that fails stops the study.
    pub fn play(&self, done: &(dyn Fn() + Sync)) -> Result<Document, RunError> {
        // Every spec is checked before any thread starts, so a typo fails at once.
        for p in self.policies.iter().chain(self.vs.iter().flatten()) {
            jointex_sim::policy::parse(p)?;
        }
        // The graph, stage targets and fixed attributes are built once for every run.
        let prepared = jointex_sim::Prepared::new(self.scenario.clone());
        let runs = self
            .seeds()
            .into_par_iter()
            .map(|seed| {
                let a = outcome::play(&prepared, seed, &self.policies, self.turns)?;
                let b = match &self.vs {
                    Some(vs) => Some(outcome::play(&prepared, seed, vs, self.turns)?),
                    None => None,
                };
                done();
                Ok(Run { seed, a, b })
            })
            .collect::<Result<Vec<Run>, RunError>>()?;
        let study = self.header();
        let summary =
            summary::summarise(&study.catalog, &study.policies, study.vs.as_deref(), &runs);
        Ok(Document {
            study,
            shard: self.shard,
            summary,
            runs,
        })
    }
}

/// Why documents cannot be merged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no study files to merge")]
    Empty,
    /// A document of another format.
    #[error("{file}: study format {found}, this jointex reads format {FORMAT}")]
    Format {
        /// The file.
        file: String,
        /// Its format.
        found: u32,
    },
    /// A document of another study.
    #[error("{file} is a different study from {first}: its {what} differ")]
    Different {
        /// The file.
        file: String,
        /// The first file.
        first: String,
        /// What differs.
        what: &'static str,
    },
    /// Two documents hold the same seed.
    #[error("seed {seed} is in both {first} and {file}: merge each shard once")]
    Overlap {
        /// The seed.
        seed: u64,
        /// The first file holding it.
        first: String,
        /// The second.
        file: String,
    },
    /// Runs of the study are in none of the documents.
    #[error(
        "the study has {runs} runs from seed {seed_from}; {missing} of them are in none of the files (the first missing is seed {first_missing}): add the missing shards"
    )]
    Missing {
        /// Runs in the study.
        runs: u32,
        /// First seed.
        seed_from: u64,
        /// How many are missing.
        missing: u32,
        /// The first one.
        first_missing: u64,
    },
}

/// Joins shard documents (named for messages) into the document of the whole study.
pub fn merge(docs: Vec<(String, Document)>) -> Result<Document, MergeError> {
    let mut docs = docs.into_iter();
    let (first_name, first) = docs.next().ok_or(MergeError::Empty)?;
    let check_format = |name: &str, d: &Document| {
        if d.study.format == FORMAT {
            Ok(())
        } else {
            Err(MergeError::Format {
                file: name.to_owned(),
                found: d.study.format,
            })
        }
    };
    check_format(&first_name, &first)?;
    let header = first.study;
    let mut owner: std::collections::BTreeMap<u64, String> = Default::default();
    let mut runs: Vec<Run> = Vec::new();
    let mut take = |name: &str, batch: Vec<Run>| -> Result<(), MergeError> {
        for r in batch {
            if let Some(first) = owner.get(&r.seed) {
                return Err(MergeError::Overlap {
                    seed: r.seed,
                    first: first.clone(),
                    file: name.to_owned(),
                });
            }
            owner.insert(r.seed, name.to_owned());
            runs.push(r);
        }
        Ok(())
    };
    take(&first_name, first.runs)?;
    for (name, d) in docs {
        check_format(&name, &d)?;
        let h = &d.study;
        let what = if h.digest != header.digest || h.scenario != header.scenario {
            Some("scenarios")
        } else if h.policies != header.policies || h.vs != header.vs {
            Some("policies")
        } else if h.runs != header.runs || h.seed_from != header.seed_from {
            Some("runs or first seeds")
        } else if h.turns != header.turns {
            Some("turns")
        } else if *h != header {
            Some("catalogs")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(MergeError::Different {
                file: name,
                first: first_name,
                what,
            });
        }
        take(&name, d.runs)?;
    }
    let expected: Vec<u64> = (0..header.runs)
        .map(|i| header.seed_from.wrapping_add(u64::from(i)))
        .collect();
    let missing: Vec<u64> = expected
        .iter()
        .copied()
        .filter(|s| !owner.contains_key(s))
        .collect();
    if let Some(&first_missing) = missing.first() {
        return Err(MergeError::Missing {
            runs: header.runs,
            seed_from: header.seed_from,
            missing: missing.len() as u32,
            first_missing,
        });
    }
    // Seed order is run order (seeds may wrap past u64::MAX, so by position, not by value).
    let position = |seed: u64| seed.wrapping_sub(header.seed_from);
    runs.sort_by_key(|r| position(r.seed));
    let summary = summary::summarise(
        &header.catalog,
        &header.policies,
        header.vs.as_deref(),
        &runs,
    );
    Ok(Document {
        study: header,
        shard: None,
        summary,
        runs,
    })
}

/// A digest of a scenario's text (FNV-1a, 64 bits): enough to tell files apart, not a
/// security measure.
pub fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
