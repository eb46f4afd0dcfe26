//! The columns of the MSEL sheet: their header names, which ones an import reads, and how
//! wide they are drawn.
//!
//! An import finds each column by its header name, so a planner may reorder columns; the
//! read-only columns (`scenario time`, `capability`) are computed by the export and may be
//! left out of an imported sheet.

/// A column of the MSEL sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The inject's id (`INJ-07`): matches a row to its inject.
    Number,
    /// The turn of an `AtTurn` inject; empty for other triggers.
    Turn,
    /// When the turn starts on the exercise clock (read-only).
    ScenarioTime,
    /// The simulated sender, in English.
    FromEn,
    /// The simulated sender, in Korean.
    FromKo,
    /// Who receives it: `All`, a team id, `team:Role`, or `Facilitator`.
    To,
    /// How it arrives (`VendorAdvisory`).
    Channel,
    /// The subject, in English.
    TitleEn,
    /// The subject, in Korean.
    TitleKo,
    /// The body, in English.
    TextEn,
    /// The body, in Korean.
    TextKo,
    /// Expected actions: `kr: Hunt IND-01 within 2; us: Share within 1`.
    Expected,
    /// Objective ids: `OBJ-1, OBJ-2`.
    Objectives,
    /// The core capabilities of those objectives (read-only).
    Capability,
    /// The trigger: `AtTurn(3)`, `After(INJ-02, 1)`, `Missed(INJ-05, 6)`, `When(…)`.
    Trigger,
    /// Whether it starts held: `yes` or `no`.
    Held,
}

impl Column {
    /// Every column, in the order the export writes them.
    pub const ALL: [Column; 16] = [
        Column::Number,
        Column::Turn,
        Column::ScenarioTime,
        Column::FromEn,
        Column::FromKo,
        Column::To,
        Column::Channel,
        Column::TitleEn,
        Column::TitleKo,
        Column::TextEn,
        Column::TextKo,
        Column::Expected,
        Column::Objectives,
        Column::Capability,
        Column::Trigger,
        Column::Held,
    ];

    /// The header cell's text.
    pub fn header(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Turn => "turn",
            Column::ScenarioTime => "scenario time",
            Column::FromEn => "from (en)",
            Column::FromKo => "from (ko)",
            Column::To => "to",
            Column::Channel => "channel",
            Column::TitleEn => "title (en)",
            Column::TitleKo => "title (ko)",
            Column::TextEn => "text (en)",
            Column::TextKo => "text (ko)",
            Column::Expected => "expected actions",
            Column::Objectives => "objectives",
            Column::Capability => "capability",
            Column::Trigger => "trigger",
            Column::Held => "held",
        }
    }

    /// The column whose header this is: exact names, in any case, with any spacing.
    pub fn from_header(header: &str) -> Option<Column> {
        let norm: String = header
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        Column::ALL.into_iter().find(|c| c.header() == norm)
    }

    /// Computed by the export from other columns and the scenario; an import never reads it
    /// into the scenario (it only warns when an edit would be lost).
    pub fn read_only(self) -> bool {
        matches!(self, Column::ScenarioTime | Column::Capability)
    }

    /// Its position in the export (0-based).
    pub fn index(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The width the XLSX export gives it, in characters.
    pub fn width(self) -> f64 {
        match self {
            Column::Number | Column::Turn | Column::Held => 9.0,
            Column::ScenarioTime => 20.0,
            Column::FromEn | Column::FromKo | Column::To | Column::Channel => 18.0,
            Column::TitleEn | Column::TitleKo => 34.0,
            Column::TextEn | Column::TextKo => 70.0,
            Column::Expected | Column::Capability | Column::Trigger => 30.0,
            Column::Objectives => 14.0,
        }
    }

    /// Whether the XLSX export wraps its text.
    pub fn wraps(self) -> bool {
        matches!(
            self,
            Column::TitleEn
                | Column::TitleKo
                | Column::TextEn
                | Column::TextKo
                | Column::Expected
                | Column::Capability
                | Column::Trigger
                | Column::FromEn
                | Column::FromKo
        )
    }
}

/// The spreadsheet name of a 0-based column index: A, B, …, Z, AA, AB, …
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_like_a_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn headers_are_found_loosely_and_unique() {
        assert_eq!(Column::from_header("  Title  (EN) "), Some(Column::TitleEn));
        assert_eq!(Column::from_header("notes"), None);
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(Column::from_header(c.header()), Some(*c));
        }
    }
}
