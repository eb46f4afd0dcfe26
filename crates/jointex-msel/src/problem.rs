//! A problem found in a sheet, located the way a planner finds it: sheet, row, column.
//!
//! Rendered as `sheet "MSEL", row 4, column O (trigger): unknown inject `INJ-99``, then a
//! hint on its own line. Rows are numbered as the spreadsheet numbers them (the header is
//! row 1); columns are lettered as it letters them, with the header's name beside the
//! letter. Messages are lower case with no trailing period.

use std::fmt;

use crate::column::letter;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The sheet cannot be imported until this is fixed.
    Error,
    /// The import goes ahead, but something in the sheet is not taken (an edit of a
    /// read-only column, an unknown column).
    Warning,
}

/// One problem in one sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The 1-based row, when the problem is in one.
    pub row: Option<u32>,
    /// The 0-based column and its header name, when the problem is in one.
    pub column: Option<(usize, String)>,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// An error about the whole sheet.
    pub fn error(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            row: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about the whole sheet.
    pub fn warning(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(message)
        }
    }

    /// Places it in a row.
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// Places it in a column (0-based index and header name).
    pub fn column(mut self, index: usize, header: impl Into<String>) -> Self {
        self.column = Some((index, header.into()));
        self
    }

    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Where it is: `sheet "MSEL", row 4, column O (trigger)`.
    pub fn location(&self) -> String {
        let mut out = format!("sheet \"{}\"", crate::SHEET);
        if let Some(r) = self.row {
            out.push_str(&format!(", row {r}"));
        }
        if let Some((c, name)) = &self.column {
            out.push_str(&format!(", column {} ({name})", letter(*c)));
        }
        out
    }

    /// The problem for a person: `error: <location>: <message>`, then `  = help: <hint>`.
    pub fn render(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{sev}: {self}\n");
        if let Some(h) = &self.hint {
            out.push_str(&format!("  = help: {h}\n"));
        }
        out
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// Sorts problems as a planner reads them: errors first, then by row and column.
pub fn sort(problems: &mut [Problem]) {
    problems.sort_by_key(|p| {
        (
            p.severity,
            p.row.unwrap_or(0),
            p.column.as_ref().map_or(0, |c| c.0 + 1),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_by_sheet_row_and_column() {
        let p = Problem::error("unknown inject `INJ-99`")
            .row(4)
            .column(14, "trigger")
            .hint("did you mean `INJ-09`?");
        assert_eq!(
            p.render(),
            "error: sheet \"MSEL\", row 4, column O (trigger): unknown inject `INJ-99`\n  = help: did you mean `INJ-09`?\n"
        );
        assert_eq!(Problem::warning("x").to_string(), "sheet \"MSEL\": x");
    }
}
