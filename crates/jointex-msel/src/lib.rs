//! # jointex-msel
//!
//! The Master Scenario Events List of a jointex scenario as a spreadsheet a planner can edit,
//! and back again.
//!
//! * [`export`] turns a scenario's injects into rows, one per inject, in file order, under
//!   the header of [`column::Column`]; [`sheet`] writes them as CSV (UTF-8 with a byte-order
//!   mark, so spreadsheet programs read Korean right) or as XLSX (one sheet `MSEL`, the
//!   header row frozen, columns sized, long text wrapped, read-only columns shaded).
//! * [`sheet`] reads a CSV or XLSX file back into a [`sheet::Table`] of text cells;
//!   [`import::plan`] checks every cell and collects every problem, each located by sheet,
//!   row and column with a hint ([`problem::Problem`]), and works out which injects change,
//!   which are new and which would be deleted.
//! * [`edit::apply`] writes the plan into the RON text: a changed inject's `Inject(…)` is
//!   replaced by a freshly written one, new injects go at the end of the `injects` list, and
//!   every other byte of the file (comments, layout) stays as it was. A sheet that changes
//!   nothing leaves the text byte for byte as it was.
//!
//! Effects stay in the RON file: they are not in the sheet, and an import keeps each existing
//! inject's effects as they are. `docs/msel.md` describes the columns for planners.
//!
//! This crate has no terminal in it; the `jointex msel` command reads and writes the files.

pub mod cell;
pub mod column;
pub mod edit;
pub mod export;
pub mod import;
pub mod problem;
pub mod sheet;

pub use column::Column;
pub use problem::Problem;

/// The name of the sheet, in an XLSX workbook and in every located message.
pub const SHEET: &str = "MSEL";

/// Parses a scenario text into its raw form, skipping a byte-order mark. The text is
/// expected to have passed [`jointex_scenario::load`]; this only gives the injects as
/// written, with their ids as strings.
pub fn parse_raw(text: &str) -> Result<jointex_scenario::raw::Scenario, ron::error::SpannedError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::Options::default().from_str(body)
}
