//! The After-Action Report / Improvement Plan (HSEEP structure), written from a record.
//!
//! The exercise is restored from the record (so the report is built from the same commands
//! as everything else), then gathered once into [`Analysis`]: the engine's incidents
//! (compromise → detection → containment) and its rating of every objective (P/S/M/U, or not
//! exercised) with the rule that produced it, shares and their latency, availability series
//! and the timeline, facilitator actions included. The report rates nothing itself, so it
//! says what the game's Evaluation tab said. [`markdown`] and [`html`] only lay that analysis
//! out. Ratings and findings use ground truth: the report is written after the exercise, for
//! both agencies.

mod analysis;
mod html;
mod md;

pub use analysis::{Analysis, Incident, Rated, Rating, SharedItem, analyse};

use crate::{Error, Record};

/// Which edition of the report: the whole one, or one releasable to a single nation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Edition {
    /// The team whose nation the edition may go to: every other team's internal annex and
    /// own corrective actions are left out, and the edition says so. `None`: the whole report.
    pub releasable_to: Option<jointex_scenario::model::TeamId>,
}

/// The report in Markdown.
pub fn markdown(record: &Record) -> Result<String, Error> {
    markdown_edition(record, Edition::default())
}

/// One edition of the report in Markdown.
pub fn markdown_edition(record: &Record, edition: Edition) -> Result<String, Error> {
    let ex = crate::restore(record)?;
    Ok(md::write(record, &analyse(record, &ex), edition))
}

/// The report in Markdown of an exercise already restored from `record` (or played to the
/// state the record holds).
pub fn markdown_of(record: &Record, ex: &jointex_sim::Exercise) -> String {
    md::write(record, &analyse(record, ex), Edition::default())
}

/// The report as one self-contained XHTML-well-formed HTML file with inline SVG charts.
pub fn html(record: &Record) -> Result<String, Error> {
    html_edition(record, Edition::default())
}

/// One edition of the report as HTML.
pub fn html_edition(record: &Record, edition: Edition) -> Result<String, Error> {
    let ex = crate::restore(record)?;
    Ok(html::write(record, &analyse(record, &ex), edition))
}
