//! `jointex list`: every shipped scenario, the default first, in text and in JSON.

use std::process::{Command, Output};

use jointex_scenario::shipped;

fn jointex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointex"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the jointex binary runs")
}

#[test]
fn lists_every_shipped_scenario_default_first() {
    let out = jointex(&["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("scenarios/"))
        .collect();
    let files: Vec<String> = shipped::all()
        .iter()
        .map(|s| format!("scenarios/{}", s.file))
        .collect();
    assert_eq!(heads.len(), files.len(), "{text}");
    assert_eq!(heads[0], "scenarios/pacific-bridge.ron (default)");
    for (h, f) in heads.iter().zip(&files) {
        assert!(h.starts_with(f.as_str()), "{h} / {f}");
    }
    assert!(text.contains("  pacific-bridge v1.0.0 · 12 turns of 120 min · teams us (US, CISA), kr (KR, KISA KrCERT/CC)"), "{text}");
    assert!(text.contains("  en: Pacific Bridge 2026: Joint CERT Exercise"));
    assert!(text.contains("  ko: 퍼시픽 브리지 2026: 한미 CERT 합동 훈련"));
}

#[test]
fn json_lists_the_same_with_titles_in_both_languages() {
    let out = jointex(&["list", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let list = v.as_array().expect("an array");
    assert_eq!(list.len(), shipped::all().len());
    assert_eq!(list[0]["file"], "pacific-bridge.ron");
    assert_eq!(list[0]["default"], true);
    assert!(list[1..].iter().all(|e| e["default"] == false));
    for e in list {
        assert_eq!(e["valid"], true, "{e}");
        assert!(e["id"].is_string() && e["version"].is_string());
        assert!(e["title"]["en"].is_string() && e["title"]["ko"].is_string());
        assert!(e["turns"].as_u64().is_some_and(|n| n > 0));
        assert!(e["teams"].as_array().is_some_and(|t| t.len() >= 2));
    }
    assert_eq!(list[0]["teams"][0]["id"], "us");
    assert_eq!(list[0]["teams"][1]["nation"], "KR");
}
