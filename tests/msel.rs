//! The MSEL round trip, as a planner uses it: `jointex msel export` to CSV and XLSX, an
//! edited sheet brought back with `jointex msel import`, over every shipped scenario.
//!
//! Export → import → export gives the same sheet (CSV byte for byte, XLSX cell for cell) and
//! leaves the scenario file byte for byte as it was; an edited sheet (a title, a turn, a new
//! row) imports, keeps the file's comments and still passes `check`; a broken sheet is
//! refused with every problem located by sheet, row and column (messages snapshotted under
//! `tests/snapshots/msel/`), and the file is left untouched.

use std::path::PathBuf;
use std::process::{Command, Output};

use jointex_msel::Column;
use jointex_msel::sheet::{self, Table};
use jointex_scenario::shipped;

/// A scratch directory, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("jointex-msel-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        Dir(p)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read")
    }

    fn text(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).expect("utf-8")
    }

    /// Runs the binary in this directory, so file names in messages are short.
    fn jointex(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jointex"))
            .args(args)
            .env("NO_COLOR", "1")
            .current_dir(&self.0)
            .output()
            .expect("the jointex binary runs")
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({:?}):\n{}",
        o.status.code(),
        stderr(o)
    );
}

fn table(bytes: &[u8]) -> Table {
    sheet::read(bytes).expect("the sheet reads back").1
}

fn col(c: Column) -> usize {
    c.index()
}

/// Every shipped scenario, checked to be valid (`tests/scenarios_play.rs` says why not).
fn shipped_valid() -> Vec<&'static shipped::Shipped> {
    let all: Vec<_> = shipped::all().iter().collect();
    for s in &all {
        assert!(
            jointex_scenario::load(s.text).is_ok(),
            "scenarios/{} does not validate: `jointex check` tells more",
            s.file
        );
    }
    all
}

#[test]
fn the_library_round_trips_every_shipped_scenario() {
    for s in shipped_valid() {
        let raw = jointex_msel::parse_raw(s.text).expect("parses");
        let turns = raw.clock.turns;
        let rows = jointex_msel::export::rows(&raw);
        assert_eq!(rows.len(), raw.injects.len() + 1, "{}", s.file);
        let csv = sheet::write_csv(&rows);
        let xlsx = sheet::write_xlsx(&rows, turns).expect("xlsx");
        for (kind, bytes) in [("csv", &csv), ("xlsx", &xlsx)] {
            let t = table(bytes);
            assert_eq!(t.rows, rows, "{} {kind}: the cells read back", s.file);
            let plan = jointex_msel::import::plan(&raw, &t, &Default::default())
                .unwrap_or_else(|ps| panic!("{} {kind}: {ps:#?}", s.file));
            assert!(
                plan.is_empty(),
                "{} {kind}: an unedited sheet changes nothing",
                s.file
            );
            assert!(
                plan.warnings.is_empty(),
                "{} {kind}: {:#?}",
                s.file,
                plan.warnings
            );
            let text = jointex_msel::edit::apply(s.text, &plan).expect("applies");
            assert_eq!(text, s.text, "{} {kind}: the file is unchanged", s.file);
        }
    }
}

#[test]
fn the_binary_round_trips_every_shipped_scenario_in_csv_and_xlsx() {
    let dir = Dir::new("round-trip");
    for s in shipped_valid() {
        let ron = dir.write(s.file, s.text);
        let file = s.file;
        for ext in ["csv", "xlsx"] {
            let first = format!("{file}.1.{ext}");
            let second = format!("{file}.2.{ext}");
            ok(
                &dir.jointex(&["msel", "export", file, "--out", &first]),
                "export",
            );
            let out = dir.jointex(&["msel", "import", &first, "--into", file]);
            ok(&out, "import");
            assert!(
                stderr(&out).starts_with("nothing to import"),
                "{file} {ext}: {}",
                stderr(&out)
            );
            assert_eq!(
                dir.text(file),
                s.text,
                "{file} {ext}: the scenario is unchanged"
            );
            ok(
                &dir.jointex(&["msel", "export", file, "--out", &second]),
                "export",
            );
            if ext == "csv" {
                assert_eq!(
                    dir.read(&first),
                    dir.read(&second),
                    "{file}: the same CSV bytes"
                );
            } else {
                assert_eq!(
                    table(&dir.read(&first)),
                    table(&dir.read(&second)),
                    "{file}: the same XLSX cells"
                );
            }
        }
        // stdout export is the same CSV as the file
        let out = dir.jointex(&["msel", "export", file, "--format", "csv"]);
        ok(&out, "export to stdout");
        assert_eq!(out.stdout, dir.read(&format!("{file}.1.csv")));
        ok(&dir.jointex(&["check", "--deny-warnings", file]), "check");
        assert!(ron.exists());
    }
}

/// Lines that are comments, in order.
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("//"))
        .collect()
}

/// The default scenario's sheet with a title changed, a turn changed and a row added.
fn edited(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut rows = rows.to_vec();
    let find = |rows: &[Vec<String>], id: &str| {
        rows.iter()
            .position(|r| r[col(Column::Number)] == id)
            .unwrap_or_else(|| panic!("{id} in the sheet"))
    };
    let i = find(&rows, "INJ-04");
    rows[i][col(Column::TitleEn)] = "Web shell alerts on the billing portal (edited)".into();
    rows[i][col(Column::TitleKo)] = "요금 포털 웹셸 경보 (수정됨)".into();
    let i = find(&rows, "INJ-03");
    assert_eq!(rows[i][col(Column::Turn)], "2");
    rows[i][col(Column::Turn)] = "3".into();
    let mut new = vec![String::new(); Column::ALL.len()];
    new[col(Column::Number)] = "INJ-90".into();
    new[col(Column::Trigger)] = "After(INJ-03, 1)".into();
    new[col(Column::FromEn)] = "Hanbit Waterworks".into();
    new[col(Column::FromKo)] = "한빛시 상수도사업본부".into();
    new[col(Column::To)] = "kr:Liaison".into();
    new[col(Column::Channel)] = "PartnerHotline".into();
    new[col(Column::TitleEn)] = "Waterworks asks whether CISA has seen the \"hotfix\"".into();
    new[col(Column::TitleKo)] = "상수도사업본부, CISA의 \"핫픽스\" 관찰 여부 문의".into();
    new[col(Column::TextEn)] =
        "The waterworks asks KrCERT/CC to check with CISA.\nTwo lines.".into();
    new[col(Column::TextKo)] = "상수도사업본부가 CISA 확인을 요청합니다.".into();
    new[col(Column::Expected)] = "kr: Share IND-01 within 1".into();
    new[col(Column::Objectives)] = "OBJ-1".into();
    new[col(Column::Held)] = "no".into();
    rows.push(new);
    rows
}

#[test]
fn an_edited_sheet_imports_keeps_comments_and_still_checks() {
    let original = jointex_scenario::DEFAULT_SCENARIO;
    let raw = jointex_msel::parse_raw(original).expect("parses");
    let rows = jointex_msel::export::rows(&raw);
    let changed = edited(&rows);
    let dir = Dir::new("edited");
    for ext in ["csv", "xlsx"] {
        let file = format!("edited-{ext}.ron");
        dir.write(&file, original);
        let bytes = match ext {
            "csv" => sheet::write_csv(&changed),
            _ => sheet::write_xlsx(&changed, raw.clock.turns).expect("xlsx"),
        };
        let sheet_name = format!("edited.{ext}");
        dir.write(&sheet_name, bytes);
        let out = dir.jointex(&["msel", "import", &sheet_name, "--into", &file]);
        ok(&out, "import");
        let err = stderr(&out);
        assert!(err.contains("~ INJ-03 (row 4): turn, trigger"), "{err}");
        assert!(
            err.contains("~ INJ-04 (row 5): title (en), title (ko)"),
            "{err}"
        );
        assert!(err.contains("+ INJ-90 (row 28)"), "{err}");
        assert!(
            err.contains("2 changed, 1 added, 0 deleted, 24 unchanged"),
            "{err}"
        );
        ok(&dir.jointex(&["check", "--deny-warnings", &file]), "check");

        let text = dir.text(&file);
        assert_eq!(
            comments(&text),
            comments(original),
            "{ext}: every comment kept"
        );
        assert!(text.contains("trigger: After(inject: \"INJ-03\", delay: 1),"));
        let s = jointex_scenario::load(&text).expect("valid").scenario;
        assert_eq!(s.injects.len(), raw.injects.len() + 1);

        // Export again: the sheet as edited, with the computed cells brought up to date.
        let again = jointex_msel::export::rows(&jointex_msel::parse_raw(&text).expect("parses"));
        // (The turn was edited; the trigger cell follows it.)
        let mut expect = changed.clone();
        let i = expect
            .iter()
            .position(|r| r[0] == "INJ-03")
            .expect("INJ-03");
        expect[i][col(Column::Trigger)] = "AtTurn(3)".into();
        assert_eq!(again.len(), expect.len());
        for (r, (a, b)) in again.iter().zip(&expect).enumerate() {
            for c in Column::ALL {
                if c.read_only() {
                    continue;
                }
                assert_eq!(
                    a[col(c)],
                    b[col(c)],
                    "{ext}: row {} column {}",
                    r + 1,
                    c.header()
                );
            }
        }
        let inj03 = again.iter().find(|r| r[0] == "INJ-03").expect("INJ-03");
        assert_eq!(inj03[col(Column::ScenarioTime)], "2026-03-10 13:00 +09:00");
        // A second import of the same sheet changes nothing more.
        let out = dir.jointex(&["msel", "import", &sheet_name, "--into", &file]);
        ok(&out, "import again");
        assert_eq!(dir.text(&file), text);
    }
}

/// Writes `rows` as CSV, imports it into a fresh copy of the default scenario, and returns
/// the exit code and what was printed; the scenario must be left untouched.
fn refused(dir: &Dir, name: &str, rows: &[Vec<String>], extra: &[&str]) -> String {
    let file = format!("{name}.ron");
    dir.write(&file, jointex_scenario::DEFAULT_SCENARIO);
    let sheet_name = format!("{name}.csv");
    dir.write(&sheet_name, sheet::write_csv(rows));
    let mut args = vec![
        "msel",
        "import",
        sheet_name.as_str(),
        "--into",
        file.as_str(),
    ];
    args.extend_from_slice(extra);
    let out = dir.jointex(&args);
    assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
    assert_eq!(
        dir.text(&file),
        jointex_scenario::DEFAULT_SCENARIO,
        "{name}: the scenario is untouched"
    );
    stderr(&out)
}

fn snapshot(name: &str, value: &str) {
    insta::with_settings!({ snapshot_path => "snapshots/msel", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, value);
    });
}

#[test]
fn a_broken_sheet_is_refused_with_every_problem_located() {
    let raw = jointex_msel::parse_raw(jointex_scenario::DEFAULT_SCENARIO).expect("parses");
    let mut rows = jointex_msel::export::rows(&raw);
    let dir = Dir::new("broken");
    let set = |rows: &mut Vec<Vec<String>>, id: &str, c: Column, v: &str| {
        let r = rows
            .iter_mut()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id}"));
        r[col(c)] = v.to_owned();
    };
    // An unknown column, and a cell edited where an import cannot take it.
    rows[0].push("notes".into());
    for r in rows.iter_mut().skip(1) {
        r.push(String::new());
    }
    set(&mut rows, "INJ-02", Column::Capability, "Cybersecurity");
    set(&mut rows, "INJ-03", Column::Trigger, "After(INJ-0X, 1)");
    set(&mut rows, "INJ-03", Column::Turn, "");
    set(&mut rows, "INJ-04", Column::To, "kor");
    set(&mut rows, "INJ-04", Column::Held, "maybe");
    set(
        &mut rows,
        "INJ-05",
        Column::Expected,
        "us: Isolatte us-meridian-update within 2",
    );
    set(&mut rows, "INJ-06", Column::Objectives, "OBJ-1, OBJ-99");
    set(&mut rows, "INJ-07", Column::Turn, "14");
    set(&mut rows, "INJ-08", Column::Channel, "Fax");
    set(&mut rows, "INJ-09", Column::TitleEn, "");
    set(&mut rows, "INJ-09", Column::TitleKo, "");
    // Both edited, to different turns (INJ-10 is at turn 5): the turn is taken, with a
    // warning.
    set(&mut rows, "INJ-10", Column::Trigger, "AtTurn(7)");
    set(&mut rows, "INJ-10", Column::Turn, "6");
    set(&mut rows, "INJ-11", Column::To, "us:Janitor");
    set(
        &mut rows,
        "INJ-12",
        Column::Trigger,
        "When(Compromised(us-water))",
    );
    set(&mut rows, "INJ-13", Column::Number, "INJ 13");
    let dup = rows[1].clone();
    rows.push(dup);
    let last = rows.len() - 1;
    rows[last][col(Column::TitleEn)] = "a second INJ-01".into();
    rows.retain(|r| r[0] != "INJ-26");
    snapshot("broken_cells", &refused(&dir, "broken", &rows, &[]));

    // Cells that read well but make an invalid scenario: checked after the write, reported
    // against the sheet.
    let mut rows = jointex_msel::export::rows(&raw);
    set(
        &mut rows,
        "INJ-07",
        Column::Expected,
        "us: Isolate kr-grid-historian within 1",
    );
    set(
        &mut rows,
        "INJ-08",
        Column::ScenarioTime,
        "tomorrow morning",
    );
    snapshot("invalid_result", &refused(&dir, "invalid", &rows, &[]));

    // A header that is not the MSEL's.
    let rows = vec![
        vec!["id".to_owned(), "when".to_owned()],
        vec!["INJ-01".to_owned(), "3".to_owned()],
    ];
    snapshot("not_an_msel", &refused(&dir, "header", &rows, &[]));
}

#[test]
fn deleting_an_inject_needs_allow_delete() {
    let raw = jointex_msel::parse_raw(jointex_scenario::DEFAULT_SCENARIO).expect("parses");
    // An inject no other inject waits on.
    let text = jointex_scenario::DEFAULT_SCENARIO;
    let free = raw
        .injects
        .iter()
        .rev()
        .find(|i| text.matches(&format!("\"{}\"", i.id)).count() == 1)
        .expect("an inject nothing refers to");
    let rows: Vec<Vec<String>> = jointex_msel::export::rows(&raw)
        .into_iter()
        .filter(|r| r[0] != free.id)
        .collect();
    let dir = Dir::new("delete");
    let err = refused(&dir, "delete", &rows, &[]);
    assert!(
        err.contains(&format!(
            "error: sheet \"MSEL\": inject `{}` has no row",
            free.id
        )),
        "{err}"
    );
    assert!(err.contains("--allow-delete"), "{err}");
    let out = dir.jointex(&[
        "msel",
        "import",
        "delete.csv",
        "--into",
        "delete.ron",
        "--allow-delete",
    ]);
    ok(&out, "import --allow-delete");
    assert!(stderr(&out).contains(&format!("- {}", free.id)));
    let after = dir.text("delete.ron");
    assert!(!after.contains(&format!("\"{}\"", free.id)));
    let s = jointex_scenario::load(&after)
        .expect("still valid")
        .scenario;
    assert_eq!(s.injects.len(), raw.injects.len() - 1);
    assert_eq!(comments(&after).len(), comments(text).len());
}

#[test]
fn usage_errors_and_a_workbook_without_the_sheet() {
    let dir = Dir::new("usage");
    dir.write("s.ron", jointex_scenario::DEFAULT_SCENARIO);
    ok(
        &dir.jointex(&["msel", "export", "s.ron", "--out", "a.xlsx"]),
        "export",
    );
    let out = dir.jointex(&["msel", "export", "s.ron", "--out", "a.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already exists; pass --force"),
        "{}",
        stderr(&out)
    );
    ok(
        &dir.jointex(&["msel", "export", "s.ron", "--out", "a.xlsx", "--force"]),
        "export --force",
    );
    let out = dir.jointex(&["msel", "export", "s.ron", "--format", "tsv"]);
    assert_eq!(out.status.code(), Some(2));

    // A workbook whose sheet has another name.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("Injects")
        .expect("a sheet name")
        .write_string(0, 0, "number")
        .expect("a cell");
    dir.write("renamed.xlsx", wb.save_to_buffer().expect("a workbook"));
    let out = dir.jointex(&["msel", "import", "renamed.xlsx", "--into", "s.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: sheet \"MSEL\": the workbook has no sheet named \"MSEL\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(dir.text("s.ron"), jointex_scenario::DEFAULT_SCENARIO);
    let out = dir.jointex(&["msel", "import", "nope.csv", "--into", "s.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read nope.csv: no such file"));
}
