//! `--csv`: one row per run (per policy set under `--vs`), for pandas, R and spreadsheets.
//!
//! Columns: `arm`, `seed`, `turns_played`, `hash`, `quiet`, then every measure by its key
//! (empty where there was nothing to measure), every objective's rating (`objective:ID`),
//! and the run's compromised assets and fired injects as `;`-separated ids.

use crate::{Document, RunOutcome};

/// The CSV text of a document's runs.
pub fn write(doc: &Document) -> Result<String, ::csv::Error> {
    let c = &doc.study.catalog;
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = ["arm", "seed", "turns_played", "hash", "quiet"]
        .map(str::to_owned)
        .to_vec();
    head.extend(c.measures.iter().map(|m| m.key.clone()));
    head.extend(c.objectives.iter().map(|o| format!("objective:{}", o.key)));
    head.extend(["stages_reached", "compromised", "injects_fired"].map(str::to_owned));
    w.write_record(&head)?;
    for r in &doc.runs {
        let arms = std::iter::once(("a", &r.a)).chain(r.b.as_ref().map(|b| ("b", b)));
        for (arm, o) in arms {
            w.write_record(row(doc, arm, r.seed, o))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn row(doc: &Document, arm: &str, seed: u64, o: &RunOutcome) -> Vec<String> {
    let c = &doc.study.catalog;
    let mut row = vec![
        arm.to_owned(),
        seed.to_string(),
        o.turns_played.to_string(),
        o.hash.clone(),
        o.quiet().to_string(),
    ];
    row.extend(
        o.measures
            .iter()
            .map(|m| m.map_or_else(String::new, |x| x.to_string())),
    );
    row.extend(o.objectives.iter().cloned());
    row.push(o.stages_reached.len().to_string());
    row.push(o.compromised.join(";"));
    row.push(
        o.injects
            .iter()
            .filter_map(|&i| c.injects.get(i as usize).map(|d| d.key.as_str()))
            .collect::<Vec<_>>()
            .join(";"),
    );
    row
}
