//! Writing imports into scenario texts of every shape: a compact hand-written file, CRLF line
//! endings, an empty `injects: []`, no `injects` at all, deleting the last inject. Each
//! result must load, and every byte outside the edited injects must stay.

use jointex_msel::Column;
use jointex_msel::import::{Options, plan};
use jointex_msel::sheet::{self, Table};

const HARBOR: &str = include_str!("../../../tests/scenarios/valid/harbor-towns.ron");

fn rows(text: &str) -> Vec<Vec<String>> {
    jointex_msel::export::rows(&jointex_msel::parse_raw(text).expect("parses"))
}

fn import_with(text: &str, rows: &[Vec<String>], opts: Options) -> String {
    let raw = jointex_msel::parse_raw(text).expect("parses");
    let table = Table {
        rows: rows.to_vec(),
    };
    let p = plan(&raw, &table, &opts).unwrap_or_else(|ps| panic!("{ps:#?}"));
    let out = jointex_msel::edit::apply(text, &p).expect("applies");
    if let Err(ds) = jointex_scenario::load(&out) {
        let all: Vec<String> = ds.iter().map(|d| d.render("out", &out, false)).collect();
        panic!("{}\n{out}", all.join("\n"));
    }
    out
}

fn import(text: &str, rows: &[Vec<String>]) -> String {
    import_with(text, rows, Options::default())
}

fn set(rows: &mut [Vec<String>], id: &str, c: Column, v: &str) {
    let r = rows.iter_mut().find(|r| r[0] == id).expect("the row");
    r[c.index()] = v.to_owned();
}

fn new_row(id: &str) -> Vec<String> {
    let mut r = vec![String::new(); Column::ALL.len()];
    r[Column::Number.index()] = id.into();
    r[Column::Turn.index()] = "2".into();
    r[Column::To.index()] = "us".into();
    r[Column::Channel.index()] = "Email".into();
    r[Column::TitleEn.index()] = "A new inject".into();
    r[Column::TextEn.index()] = "Its body.".into();
    r[Column::TextKo.index()] = "본문.".into();
    r[Column::Objectives.index()] = "OBJ-1".into();
    r
}

#[test]
fn a_compact_file_round_trips_in_both_formats() {
    let rows = rows(HARBOR);
    let raw = jointex_msel::parse_raw(HARBOR).expect("parses");
    for bytes in [
        sheet::write_csv(&rows),
        sheet::write_xlsx(&rows, 6).expect("xlsx"),
    ] {
        let (_, t) = sheet::read(&bytes).expect("reads");
        let p = plan(&raw, &t, &Options::default()).expect("plans");
        assert!(p.is_empty() && p.warnings.is_empty(), "{:#?}", p.warnings);
        assert_eq!(
            jointex_msel::edit::apply(HARBOR, &p).expect("applies"),
            HARBOR
        );
    }
    // An English-only title exports with an empty Korean cell, and stays a plain string.
    assert_eq!(
        rows[3][Column::TitleEn.index()],
        "Minister asks for an update"
    );
    assert_eq!(rows[3][Column::TitleKo.index()], "");
    assert_eq!(rows[4][Column::Held.index()], "yes");
    assert_eq!(
        rows[4][Column::Trigger.index()],
        "When(Any([Compromised(\"kr-port\"), StageReached(actor: \"tide\", stage: \"encrypt\")]))"
    );
}

#[test]
fn only_the_changed_inject_is_rewritten_and_the_rest_stays() {
    let mut r = rows(HARBOR);
    set(&mut r, "INJ-02", Column::TitleEn, "Partner call (edited)");
    let out = import(HARBOR, &r);
    let (before, after) = HARBOR
        .split_once("        Inject(id: \"INJ-02\"")
        .expect("INJ-02");
    assert!(out.starts_with(before));
    let tail = after
        .split_once("\n        Inject(id: \"INJ-03\"")
        .expect("INJ-03")
        .1;
    assert!(out.ends_with(tail));
    assert!(out.contains(
        "        Inject(\n            id: \"INJ-02\",\n            trigger: After(inject: \"INJ-01\", delay: 1),\n"
    ));
    assert!(out.contains("                en: \"Partner call (edited)\",\n"));
}

#[test]
fn crlf_files_stay_crlf() {
    let crlf = HARBOR.replace('\n', "\r\n");
    let mut r = rows(&crlf);
    set(&mut r, "INJ-04", Column::Held, "no");
    r.push(new_row("INJ-05"));
    let out = import(&crlf, &r);
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    assert!(out.contains("id: \"INJ-05\",\r\n"));
    assert!(!out.contains("held: true"));
}

#[test]
fn new_injects_go_into_an_empty_list_or_a_new_one() {
    let start = HARBOR.find("    injects: [").expect("injects");
    let end = HARBOR.find("    objectives: [").expect("objectives");
    let empty = format!("{}    injects: [],\n{}", &HARBOR[..start], &HARBOR[end..]);
    let none = format!("{}{}", &HARBOR[..start], &HARBOR[end..]);
    for text in [&empty, &none] {
        let mut r = rows(text);
        assert_eq!(r.len(), 1, "just the header");
        r.push(new_row("INJ-01"));
        r.push(new_row("INJ-02"));
        let out = import(text, &r);
        let s = jointex_scenario::load(&out).expect("valid").scenario;
        assert_eq!(s.injects.len(), 2);
        assert!(
            out.contains("        Inject(\n            id: \"INJ-01\",\n"),
            "{out}"
        );
        assert!(out.ends_with("    ],\n)\n"), "{out}");
    }
}

#[test]
fn deleting_the_last_inject_leaves_a_well_formed_list() {
    let r: Vec<Vec<String>> = rows(HARBOR)
        .into_iter()
        .filter(|r| r[0] != "INJ-04")
        .collect();
    let out = import_with(HARBOR, &r, Options { allow_delete: true });
    assert!(!out.contains("INJ-04"));
    // The lines of INJ-04 are gone; INJ-03 keeps its comma; the list closes as before.
    assert!(
        out.contains("헌팅이 왜 시작되지 않았습니까?\")),\n    ],\n    objectives: ["),
        "{out}"
    );
    let s = jointex_scenario::load(&out).expect("valid").scenario;
    assert_eq!(s.injects.len(), 3);
}

#[test]
fn a_new_row_after_a_deleted_last_inject() {
    let mut r: Vec<Vec<String>> = rows(HARBOR)
        .into_iter()
        .filter(|r| r[0] != "INJ-04")
        .collect();
    r.push(new_row("INJ-09"));
    let out = import_with(HARBOR, &r, Options { allow_delete: true });
    let s = jointex_scenario::load(&out).expect("valid").scenario;
    let ids: Vec<&str> = s.injects.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(ids, ["INJ-01", "INJ-02", "INJ-03", "INJ-09"]);
}
