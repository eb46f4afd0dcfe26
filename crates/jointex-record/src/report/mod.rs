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

/// The previous exercise, whose corrective actions the report carries forward.
pub struct Previous<'a> {
    /// Its record.
    pub record: &'a Record,
    /// How the report names it (the file name as given).
    pub name: String,
}

/// What the previous exercise's improvement plan asked for, and what became of it.
pub(crate) struct CarriedAction {
    pub capability: String,
    /// The team whose objective it was, `None` for a joint one.
    pub team: Option<jointex_scenario::model::TeamId>,
    pub objective: String,
    pub then: Rating,
    pub action: &'static str,
    /// The lowest rating this exercise gave the capability; `None` when no objective of
    /// this exercise has it.
    pub now: Option<Rating>,
}

/// How well a capability was performed, higher is better; `None` for N/E, which is no
/// evidence either way.
pub(crate) fn strength(r: Rating) -> Option<u8> {
    match r {
        Rating::P => Some(3),
        Rating::S => Some(2),
        Rating::M => Some(1),
        Rating::U => Some(0),
        Rating::NotExercised => None,
    }
}

/// The previous exercise's plan carried forward, as the report prints it.
type Carried = (String, Vec<CarriedAction>);

/// The improvement plan of `previous` against this exercise's ratings.
fn carried(previous: &Previous<'_>, now: &Analysis) -> Result<Vec<CarriedAction>, Error> {
    let ex = crate::restore(previous.record)?;
    let then = analyse(previous.record, &ex);
    Ok(then
        .objectives
        .iter()
        .filter(|x| matches!(x.rating, Rating::M | Rating::U))
        .map(|x| {
            let now = now
                .objectives
                .iter()
                .filter(|y| y.capability == x.capability)
                .map(|y| y.rating)
                // The weakest rating; N/E only when nothing was rated.
                .min_by_key(|r| strength(*r).unwrap_or(u8::MAX));
            CarriedAction {
                capability: x.capability.clone(),
                team: x.team_id,
                objective: format!("{}: {}", x.key, x.measured),
                then: x.rating,
                action: md::corrective(&x.measure).0,
                now,
            }
        })
        .collect())
}

/// The report in Markdown.
pub fn markdown(record: &Record) -> Result<String, Error> {
    markdown_edition(record, Edition::default(), None)
}

/// One edition of the report in Markdown, carrying forward a previous exercise's plan.
pub fn markdown_edition(
    record: &Record,
    edition: Edition,
    previous: Option<&Previous<'_>>,
) -> Result<String, Error> {
    let (a, carried) = prepare(record, previous)?;
    Ok(md::write(record, &a, edition, carried.as_ref()))
}

/// What every edition is written from: the record's analysis and, when asked, the previous
/// exercise's plan against it.
fn prepare(
    record: &Record,
    previous: Option<&Previous<'_>>,
) -> Result<(Analysis, Option<Carried>), Error> {
    let ex = crate::restore(record)?;
    let a = analyse(record, &ex);
    let carried = previous
        .map(|p| carried(p, &a).map(|c| (p.name.clone(), c)))
        .transpose()?;
    Ok((a, carried))
}

/// The report in Markdown of an exercise already restored from `record` (or played to the
/// state the record holds).
pub fn markdown_of(record: &Record, ex: &jointex_sim::Exercise) -> String {
    md::write(record, &analyse(record, ex), Edition::default(), None)
}

/// The report as one self-contained XHTML-well-formed HTML file with inline SVG charts.
pub fn html(record: &Record) -> Result<String, Error> {
    html_edition(record, Edition::default(), None)
}

/// One edition of the report as HTML, carrying forward a previous exercise's plan.
pub fn html_edition(
    record: &Record,
    edition: Edition,
    previous: Option<&Previous<'_>>,
) -> Result<String, Error> {
    let (a, carried) = prepare(record, previous)?;
    Ok(html::write(record, &a, edition, carried.as_ref()))
}
