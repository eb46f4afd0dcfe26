//! The sheet as a file: CSV and XLSX, written and read back as a table of text cells.
//!
//! * CSV is UTF-8 with a byte-order mark (what spreadsheet programs save as "CSV UTF-8", and
//!   what they need to read Korean right), records end in CRLF, and a cell is quoted only
//!   when it must be. Reading takes it with or without the mark.
//! * XLSX has one sheet named `MSEL`: a bold header row frozen at the top with filters, each
//!   column sized, long text wrapped, the read-only columns shaded grey, and drop-down lists
//!   for `channel` and `held`. Turns are numbers; every other cell is text. The workbook's
//!   creation date is fixed, so one scenario always gives the same bytes.
//!
//! A file is told apart by its first bytes, not its name: an XLSX is a ZIP archive.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jointex_scenario::vocab::Channel;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, XlsxError,
};

use crate::SHEET;
use crate::column::Column;
use crate::problem::Problem;

/// What kind of file a sheet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Comma-separated values, UTF-8.
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
}

impl Kind {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Csv => "csv",
            Kind::Xlsx => "xlsx",
        }
    }
}

/// A sheet read back: its rows of text cells, the header first. Row `i` of `rows` is the
/// spreadsheet's row `i + 1`; rows may be shorter than the header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The rows, as text.
    pub rows: Vec<Vec<String>>,
}

const BOM: &str = "\u{feff}";

/// The rows as CSV: a byte-order mark, then one CRLF-terminated record per row.
pub fn write_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    for r in rows {
        // Writing into memory cannot fail.
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

/// The rows as an XLSX workbook with one sheet `MSEL`. `turns` bounds the drop-down check
/// on the `turn` column.
pub fn write_xlsx(rows: &[Vec<String>], turns: u32) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed date: the same scenario gives the same bytes, whenever it is exported.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("MSEL")
            .set_comment("Master Scenario Events List exported by jointex; import it back with `jointex msel import`")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;

    let top = Format::new().set_align(FormatAlign::Top);
    let header = top
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    let formats: Vec<Format> = Column::ALL
        .iter()
        .map(|c| {
            let mut f = top.clone();
            if c.wraps() {
                f = f.set_text_wrap();
            }
            if c.read_only() {
                f = f.set_background_color(Color::RGB(0xEDEDED));
            }
            f
        })
        .collect();

    for (c, col) in Column::ALL.iter().enumerate() {
        ws.set_column_width(c as u16, col.width())?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            if r == 0 {
                ws.write_string_with_format(r, col, cell, &header)?;
                continue;
            }
            let f = formats.get(c).unwrap_or(&top);
            let is_turn = Column::ALL.get(c) == Some(&Column::Turn);
            match cell.parse::<u32>() {
                Ok(n) if is_turn => {
                    ws.write_number_with_format(r, col, f64::from(n), f)?;
                }
                _ if cell.is_empty() => {
                    ws.write_blank(r, col, f)?;
                }
                _ => {
                    ws.write_string_with_format(r, col, cell, f)?;
                }
            }
        }
    }
    let last_row = rows.len().saturating_sub(1) as u32;
    let last_col = (Column::ALL.len() - 1) as u16;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row.max(1), last_col)?;

    // Drop-downs, on the rows there are and room for new ones.
    let until = last_row + 200;
    let channels: Vec<&str> = Channel::ALL.iter().map(|c| c.name()).collect();
    let rules = [
        (
            Column::Channel,
            DataValidation::new()
                .allow_list_strings(&channels)?
                .set_error_message("pick one of the channels in the list")?,
        ),
        (
            Column::Held,
            DataValidation::new()
                .allow_list_strings(&["yes", "no"])?
                .set_error_message("yes (starts held until released) or no")?,
        ),
        (
            Column::Turn,
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1, turns.max(1) as i32))
                .ignore_blank(true)
                .set_error_message(
                    "a turn of the exercise, or empty when the trigger is not AtTurn",
                )?,
        ),
    ];
    for (col, rule) in &rules {
        let c = col.index() as u16;
        ws.add_data_validation(1, c, until, c, rule)?;
    }
    wb.save_to_buffer()
}

/// Reads a CSV or XLSX sheet (told apart by its first bytes).
pub fn read(bytes: &[u8]) -> Result<(Kind, Table), Vec<Problem>> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes).map(|t| (Kind::Xlsx, t))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(vec![
            Problem::error("the file is an old-style Excel workbook (.xls)")
                .hint("save it as an Excel workbook (.xlsx) or as CSV UTF-8"),
        ])
    } else {
        read_csv(bytes).map(|t| (Kind::Csv, t))
    }
}

/// Reads a CSV sheet, UTF-8 with or without a byte-order mark.
pub fn read_csv(bytes: &[u8]) -> Result<Table, Vec<Problem>> {
    let body = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in r.byte_records().enumerate() {
        let row_no = i as u32 + 1;
        match rec {
            Ok(rec) => {
                let mut row = Vec::with_capacity(rec.len());
                for (c, field) in rec.iter().enumerate() {
                    match std::str::from_utf8(field) {
                        Ok(s) => row.push(s.to_owned()),
                        Err(_) => {
                            problems.push(
                                Problem::error("the cell is not UTF-8 text")
                                    .row(row_no)
                                    .column(c, header_at(&rows, c))
                                    .hint("save the sheet as CSV UTF-8"),
                            );
                            row.push(String::from_utf8_lossy(field).into_owned());
                        }
                    }
                }
                rows.push(row);
            }
            Err(e) => {
                let row = e.position().map_or(row_no, |p| p.record() as u32 + 1);
                problems.push(
                    Problem::error(format!("cannot read the CSV: {}", lower(&e.to_string())))
                        .row(row),
                );
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(Table { rows })
    } else {
        Err(problems)
    }
}

/// Reads the sheet `MSEL` of an XLSX workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, Vec<Problem>> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        vec![
            Problem::error(format!(
                "cannot read the workbook: {}",
                lower(&e.to_string())
            ))
            .hint("save it again as an Excel workbook (.xlsx)"),
        ]
    })?;
    let names = wb.sheet_names();
    if !names.iter().any(|n| n == SHEET) {
        let list = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(vec![
            Problem::error(format!("the workbook has no sheet named \"{SHEET}\"")).hint(format!(
                "its sheets are {list}; the injects are read from the sheet \"{SHEET}\""
            )),
        ]);
    }
    let range = wb.worksheet_range(SHEET).map_err(|e| {
        vec![Problem::error(format!(
            "cannot read the sheet: {}",
            lower(&e.to_string())
        ))]
    })?;
    let Some((r0, c0)) = range.start() else {
        return Ok(Table::default());
    };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0];
    let mut problems = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut row = vec![String::new(); c0];
        for (j, d) in cells.iter().enumerate() {
            let text = match d {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) => {
                    if f.fract() == 0.0 && f.abs() < 1e15 {
                        format!("{}", *f as i64)
                    } else {
                        f.to_string()
                    }
                }
                Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
                Data::DateTime(d) => d.as_f64().to_string(),
                Data::Error(e) => {
                    problems.push(
                        Problem::error(format!("the cell holds the spreadsheet error {e}"))
                            .row((r0 + i) as u32 + 1)
                            .column(c0 + j, header_at(&rows, c0 + j))
                            .hint("write a value instead of a formula"),
                    );
                    String::new()
                }
            };
            row.push(text);
        }
        rows.push(row);
    }
    if problems.is_empty() {
        Ok(Table { rows })
    } else {
        Err(problems)
    }
}

/// The header cell above column `c`, for messages (`?` when there is none yet).
fn header_at(rows: &[Vec<String>], c: usize) -> String {
    rows.first()
        .and_then(|h| h.get(c))
        .filter(|h| !h.trim().is_empty())
        .map_or_else(|| "?".to_owned(), |h| h.trim().to_owned())
}

fn lower(s: &str) -> String {
    let s = s.trim_end_matches('.');
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Vec<String>> {
        let mut header = crate::export::header();
        header.truncate(4);
        vec![
            header,
            vec![
                "INJ-01".into(),
                "3".into(),
                "".into(),
                "Korea, \"quoted\"\n한국".into(),
            ],
        ]
    }

    #[test]
    fn csv_round_trips_with_a_byte_order_mark() {
        let bytes = write_csv(&sample());
        assert!(bytes.starts_with(BOM.as_bytes()));
        let (kind, t) = read(&bytes).expect("reads");
        assert_eq!(kind, Kind::Csv);
        assert_eq!(t.rows, sample());
        // without the mark too
        let t = read_csv(&bytes[3..]).expect("reads");
        assert_eq!(t.rows, sample());
    }

    #[test]
    fn xlsx_round_trips_and_is_reproducible() {
        let a = write_xlsx(&sample(), 12).expect("writes");
        let b = write_xlsx(&sample(), 12).expect("writes");
        assert_eq!(a, b, "the same rows give the same bytes");
        let (kind, t) = read(&a).expect("reads");
        assert_eq!(kind, Kind::Xlsx);
        assert_eq!(t.rows, sample());
    }

    #[test]
    fn old_workbooks_and_bad_bytes_are_refused() {
        let e = read(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).expect_err("xls");
        assert!(e[0].message.contains(".xls"));
        let e = read(b"number,turn\n\xff\xfe,1\n").expect_err("not utf-8");
        assert_eq!(
            e[0].to_string(),
            "sheet \"MSEL\", row 2, column A (number): the cell is not UTF-8 text"
        );
        let e = read(b"PK\x03\x04garbage").expect_err("not a zip");
        assert!(
            e[0].message.starts_with("cannot read the workbook"),
            "{e:?}"
        );
    }
}
