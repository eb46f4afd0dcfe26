//! ATT&CK Navigator layers of every shipped scenario: each passes the layer 4.5 JSON Schema
//! (`assets/navigator/layer-4.5.schema.json`, checked by the Python `jsonschema` package in
//! `.venv/`), a broken one does not, and a team's layer holds nothing the facilitator's
//! ground truth does not — no technique it had no evidence of, no higher score.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;

/// Validates files against the layer schema; the exit status and what was printed.
fn validate(paths: &[std::path::PathBuf]) -> (bool, String) {
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  jsonschema.Draft202012Validator.check_schema(schema)\n\
                  bad = 0\n\
                  for p in sys.argv[2:]:\n\
                  \x20   errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(p))))\n\
                  \x20   for e in errors:\n\
                  \x20       print(p, list(e.path), e.message)\n\
                  \x20   bad += len(errors)\n\
                  sys.exit(1 if bad else 0)\n";
    let mut args = vec![common::asset("navigator/layer-4.5.schema.json")];
    args.extend(paths.iter().cloned());
    common::venv_python(script, &args)
}

fn scores(layer: &Value) -> BTreeMap<String, u64> {
    layer["techniques"]
        .as_array()
        .map(|t| {
            t.iter()
                .map(|x| {
                    (
                        x["techniqueID"].as_str().unwrap_or("").to_owned(),
                        x["score"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_layer_passes_the_schema_and_no_team_sees_beyond_the_truth() {
    let dir = std::env::temp_dir().join(format!("jointex-navigator-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut paths = Vec::new();
    let mut team_techniques = 0;
    for (file, ex) in common::shipped_played(1, "share-everything") {
        let layers = jointex_stix::navigator::layers(&ex);
        let truth: BTreeMap<String, u64> = layers
            .iter()
            .filter(|l| l.file_name.starts_with("navigator-facilitator-"))
            .flat_map(|l| scores(&l.layer))
            .collect();
        assert!(!truth.is_empty(), "{}: no facilitator layer", file);
        for l in &layers {
            let text = jointex_stix::json::to_pretty(&l.layer);
            assert!(text.contains("EXERCISE"), "{}: {}", file, l.file_name);
            if !l.file_name.starts_with("navigator-facilitator-") {
                for (t, score) in scores(&l.layer) {
                    team_techniques += 1;
                    let known = truth.get(&t).copied();
                    assert!(
                        known.is_some_and(|k| score <= k && score > 0),
                        "{} {}: {t} scored {score}, the campaign {known:?}",
                        file,
                        l.file_name
                    );
                }
            }
            let path = dir.join(format!("{}-{}", file.trim_end_matches(".ron"), l.file_name));
            std::fs::write(&path, text).expect("written");
            paths.push(path);
        }
    }
    assert!(team_techniques > 0, "no team had evidence of anything");
    let (ok, output) = validate(&paths);
    assert!(ok, "a layer fails the schema:\n{output}");

    // The check can fail: a string score, a bad technique id, an unknown domain.
    let good: Value =
        serde_json::from_str(&std::fs::read_to_string(&paths[0]).expect("read")).expect("JSON");
    let mut bad = Vec::new();
    for (n, breakage) in [
        (
            "score",
            serde_json::json!({"techniqueID": "T1566", "score": "high"}),
        ),
        ("id", serde_json::json!({"techniqueID": "T15", "score": 1})),
    ] {
        let mut layer = good.clone();
        layer["techniques"] = serde_json::json!([breakage]);
        let path = dir.join(format!("broken-{n}.json"));
        std::fs::write(&path, layer.to_string()).expect("written");
        bad.push(path);
    }
    let mut layer = good;
    layer["domain"] = "enterprise".into();
    let path = dir.join("broken-domain.json");
    std::fs::write(&path, layer.to_string()).expect("written");
    bad.push(path);
    for p in &bad {
        let (ok, output) = validate(std::slice::from_ref(p));
        assert!(!ok, "{} passed the schema:\n{output}", p.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
