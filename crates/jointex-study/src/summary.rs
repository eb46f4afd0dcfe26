//! A study's summary: per policy set, the distribution of every measure and how the
//! scenario's design played (the stage funnel, injects and expected actions); with two
//! policy sets, the paired difference of every measure; and findings a planner should read.
//!
//! Computed from the runs alone, in seed order, so a study gives the same summary however
//! many threads played it, and shards merged give the summary of one run.

use serde::{Deserialize, Serialize};

use crate::Run;
use crate::catalog::{Better, Catalog};
use crate::outcome::RunOutcome;
use crate::stats::{Distribution, Paired, tidy};

/// The summary of a study.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// One per policy set: `a`, then `b` under `--vs`.
    pub arms: Vec<Arm>,
    /// `b − a` for every measure, under `--vs`.
    pub comparisons: Vec<Comparison>,
    /// What a planner should look at, in words.
    pub findings: Vec<String>,
}

/// One policy set's runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arm {
    /// `a` or `b`.
    pub arm: String,
    /// The policy of each team, in catalog order.
    pub policies: Vec<String>,
    /// Runs.
    pub runs: u32,
    /// Runs in which the adversary compromised nothing.
    pub quiet_runs: u32,
    /// Every measure's distribution, in catalog order; `null` where no run had a value.
    pub measures: Vec<Option<Distribution>>,
    /// Per objective, how often each rating was given.
    pub objectives: Vec<ObjectiveCounts>,
    /// Assets compromised in at least one run, most often first.
    pub assets: Vec<AssetRate>,
    /// Per stage (catalog order), runs that reached it and runs that completed it.
    pub stages: Vec<[u32; 2]>,
    /// Per inject (catalog order), runs in which it fired.
    pub injects: Vec<u32>,
    /// Per expected action (catalog order), runs in which it was met and missed.
    pub expected: Vec<[u32; 2]>,
}

/// How often an objective got each rating.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveCounts {
    /// Runs rated P.
    pub p: u32,
    /// Runs rated S.
    pub s: u32,
    /// Runs rated M.
    pub m: u32,
    /// Runs rated U.
    pub u: u32,
    /// Runs in which it was not exercised.
    pub not_exercised: u32,
}

impl ObjectiveCounts {
    /// Met: P or S.
    pub fn met(&self) -> u32 {
        self.p + self.s
    }

    /// Not met: M or U.
    pub fn not_met(&self) -> u32 {
        self.m + self.u
    }
}

/// How often an asset was compromised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetRate {
    /// The asset's id.
    pub asset: String,
    /// Runs in which it was compromised.
    pub runs: u32,
    /// The share of runs, 0 to 1.
    pub rate: f64,
}

/// The paired difference of one measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The measure's key.
    pub measure: String,
    /// The difference; `null` with fewer than two seeds measured under both.
    pub paired: Option<Paired>,
    /// The sentence a planner reads.
    pub sentence: String,
}

/// The summary of a study's runs.
pub fn summarise(
    catalog: &Catalog,
    policies: &[String],
    vs: Option<&[String]>,
    runs: &[Run],
) -> Summary {
    let mut arms = vec![arm("a", catalog, policies, runs.iter().map(|r| &r.a))];
    if let Some(vs) = vs {
        arms.push(arm(
            "b",
            catalog,
            vs,
            runs.iter().filter_map(|r| r.b.as_ref()),
        ));
    }
    let comparisons = match vs {
        Some(vs) => compare(catalog, policies, vs, runs),
        None => Vec::new(),
    };
    let findings = findings(catalog, &arms, &comparisons);
    Summary {
        arms,
        comparisons,
        findings,
    }
}

fn arm<'a>(
    name: &str,
    catalog: &Catalog,
    policies: &[String],
    outcomes: impl Iterator<Item = &'a RunOutcome> + Clone,
) -> Arm {
    let runs = outcomes.clone().count() as u32;
    let measures = (0..catalog.measures.len())
        .map(|m| {
            Distribution::of(
                outcomes
                    .clone()
                    .map(|o| o.measures.get(m).copied().flatten()),
            )
        })
        .collect();
    let mut objectives = vec![ObjectiveCounts::default(); catalog.objectives.len()];
    let mut stages = vec![[0u32; 2]; catalog.stages.len()];
    let mut injects = vec![0u32; catalog.injects.len()];
    let mut expected = vec![[0u32; 2]; catalog.expected.len()];
    let mut assets: std::collections::BTreeMap<&str, u32> = Default::default();
    let mut quiet_runs = 0;
    for o in outcomes {
        quiet_runs += u32::from(o.quiet());
        for (c, letter) in objectives.iter_mut().zip(&o.objectives) {
            match letter.as_str() {
                "P" => c.p += 1,
                "S" => c.s += 1,
                "M" => c.m += 1,
                "U" => c.u += 1,
                _ => c.not_exercised += 1,
            }
        }
        let bump = |v: &mut [[u32; 2]], at: &[u32], k: usize| {
            for &i in at {
                if let Some(x) = v.get_mut(i as usize) {
                    x[k] += 1;
                }
            }
        };
        bump(&mut stages, &o.stages_reached, 0);
        bump(&mut stages, &o.stages_completed, 1);
        bump(&mut expected, &o.expected_met, 0);
        bump(&mut expected, &o.expected_missed, 1);
        for &i in &o.injects {
            if let Some(x) = injects.get_mut(i as usize) {
                *x += 1;
            }
        }
        for a in &o.compromised {
            *assets.entry(a.as_str()).or_default() += 1;
        }
    }
    let mut assets: Vec<AssetRate> = assets
        .into_iter()
        .map(|(asset, n)| AssetRate {
            asset: asset.to_owned(),
            runs: n,
            rate: tidy(f64::from(n) / f64::from(runs.max(1))),
        })
        .collect();
    assets.sort_by(|x, y| y.runs.cmp(&x.runs).then_with(|| x.asset.cmp(&y.asset)));
    Arm {
        arm: name.to_owned(),
        policies: policies.to_vec(),
        runs,
        quiet_runs,
        measures,
        objectives,
        assets,
        stages,
        injects,
        expected,
    }
}

/// What each set of policies is called in sentences: the teams whose policy differs.
pub fn arm_labels(catalog: &Catalog, a: &[String], b: &[String]) -> (String, String) {
    let differ: Vec<usize> = (0..a.len().min(b.len()))
        .filter(|&i| a[i] != b[i])
        .collect();
    let label = |p: &[String]| {
        // One policy for every team, and every team changed: the policy is the name.
        if differ.len() == p.len() && p.iter().all(|x| *x == p[0]) {
            return p[0].clone();
        }
        if differ.is_empty() {
            return p.join(", ");
        }
        differ
            .iter()
            .map(|&i| format!("{}={}", catalog.teams[i], p[i]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    (label(a), label(b))
}

fn compare(catalog: &Catalog, a: &[String], b: &[String], runs: &[Run]) -> Vec<Comparison> {
    let (la, lb) = arm_labels(catalog, a, b);
    catalog
        .measures
        .iter()
        .enumerate()
        .map(|(m, def)| {
            let paired = Paired::of(runs.iter().filter_map(|r| {
                let b = r.b.as_ref()?;
                Some((
                    r.a.measures.get(m).copied().flatten(),
                    b.measures.get(m).copied().flatten(),
                ))
            }));
            let whose = match &def.team {
                Some(t) => format!("{}'s {}", catalog.team_label(t), def.label),
                None => def.label.clone(),
            };
            let unit = def.unit.suffix();
            let sentence = match &paired {
                None => format!("{whose}: too few runs measured under both to compare"),
                Some(p) if !p.clear() => format!(
                    "{whose}: no clear difference between {la} and {lb} ({} → {}{unit}; {:+} [{}, {}], {} seeds)",
                    short(p.mean_a),
                    short(p.mean_b),
                    short(p.diff),
                    short(p.low),
                    short(p.high),
                    p.n
                ),
                Some(p) => {
                    let verb = if p.diff < 0.0 { "cuts" } else { "raises" };
                    let judgement = match (def.better, p.diff < 0.0) {
                        (Better::Lower, true) | (Better::Higher, false) => "better",
                        _ => "worse",
                    };
                    let (lo, hi) = if p.diff < 0.0 {
                        (-p.high, -p.low)
                    } else {
                        (p.low, p.high)
                    };
                    format!(
                        "{lb} instead of {la} {verb} {whose} by {}{unit} [{}, {}] ({} → {}; {judgement}; {} seeds)",
                        short(p.diff.abs()),
                        short(lo),
                        short(hi),
                        short(p.mean_a),
                        short(p.mean_b),
                        p.n
                    )
                }
            };
            Comparison {
                measure: def.key.clone(),
                paired,
                sentence,
            }
        })
        .collect()
}

/// A number as people write it: at most two decimals, no trailing zeros; from 1,000 on,
/// whole and with thousands separated.
pub fn short(x: f64) -> String {
    if x.abs() >= 1000.0 {
        let n = x.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        return if n < 0 { format!("-{out}") } else { out };
    }
    let s = format!("{x:.2}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".to_owned() } else { s }
}

/// Never and always are findings: a branch nobody sees, an inject that cannot be avoided, a
/// stage no run reaches, an objective that is never put to the test.
fn findings(catalog: &Catalog, arms: &[Arm], comparisons: &[Comparison]) -> Vec<String> {
    let mut out = Vec::new();
    for arm in arms {
        let n = arm.runs;
        if n == 0 {
            continue;
        }
        let tag = if arms.len() > 1 {
            format!("[{}] ", arm.arm)
        } else {
            String::new()
        };
        if arm.quiet_runs > 0 {
            out.push(format!(
                "{tag}in {} of {n} runs the adversary compromised nothing",
                arm.quiet_runs
            ));
        }
        for (def, fired) in catalog.injects.iter().zip(&arm.injects) {
            let kind = if def.contingency {
                "contingency inject"
            } else {
                "inject"
            };
            if *fired == 0 {
                out.push(format!("{tag}{kind} `{}` never fired", def.key));
            } else if *fired == n && def.contingency {
                out.push(format!(
                    "{tag}contingency inject `{}` fired in every run: its expected action is never met in time",
                    def.key
                ));
            }
        }
        for (def, [reached, _]) in catalog.stages.iter().zip(&arm.stages) {
            if *reached == 0 {
                out.push(format!(
                    "{tag}stage `{}` of `{}` ({}) was never reached",
                    def.stage, def.campaign, def.actor
                ));
            }
        }
        for (def, c) in catalog.objectives.iter().zip(&arm.objectives) {
            if c.not_exercised == n {
                out.push(format!(
                    "{tag}objective `{}` was not exercised in any run",
                    def.key
                ));
            } else if c.not_exercised * 2 > n {
                out.push(format!(
                    "{tag}objective `{}` was not exercised in {} of {n} runs",
                    def.key, c.not_exercised
                ));
            }
        }
    }
    let clear = comparisons
        .iter()
        .filter(|c| c.paired.as_ref().is_some_and(Paired::clear))
        .count();
    if !comparisons.is_empty() {
        out.push(format!(
            "{clear} of {} measures differ clearly between the two policy sets (95 % interval leaves out zero)",
            comparisons.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(short(2.0), "2");
        assert_eq!(short(0.126), "0.13");
        assert_eq!(short(-0.001), "0");
        assert_eq!(short(1_157_000.4), "1,157,000");
        assert_eq!(short(-356_153.05), "-356,153");
        assert_eq!(short(999.994), "999.99");
    }
}
