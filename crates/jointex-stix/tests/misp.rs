//! MISP events of every shipped scenario, loaded by MISP's own library: each file goes
//! through PyMISP's `MISPEvent.load` (which raises on a bad event, distribution, threat level
//! or attribute type) and the JSON Schema PyMISP ships (`pymisp/data/schema.json`, strict:
//! unknown keys refused); every event carries its TLP tag and the `exercise` taxonomy, and a
//! broken event is refused, so the check can fail.

mod common;

/// Loads each file with PyMISP and checks it against PyMISP's schema; what it printed.
fn load(paths: &[std::path::PathBuf]) -> (bool, String) {
    let script = "import json, os, sys, jsonschema, pymisp\n\
                  schema = json.load(open(os.path.join(os.path.dirname(pymisp.__file__), 'data', 'schema.json')))\n\
                  bad = 0\n\
                  for p in sys.argv[1:]:\n\
                  \x20   try:\n\
                  \x20       e = pymisp.MISPEvent()\n\
                  \x20       e.load_file(p)\n\
                  \x20       tags = [t.name for t in e.tags]\n\
                  \x20       assert any(t.startswith('tlp:') for t in tags), 'no TLP tag'\n\
                  \x20       assert 'exercise:generic' in tags, 'no exercise tag'\n\
                  \x20       assert e.info.startswith('EXERCISE '), e.info\n\
                  \x20       for a in e.attributes:\n\
                  \x20           pymisp.MISPAttribute(strict=True).from_dict(**a.to_dict())\n\
                  \x20       jsonschema.validate(json.load(open(p)), schema)\n\
                  \x20   except Exception as x:\n\
                  \x20       bad += 1\n\
                  \x20       print(p, type(x).__name__, x)\n\
                  sys.exit(1 if bad else 0)\n";
    common::venv_python(script, paths)
}

#[test]
fn every_event_loads_in_pymisp_and_a_broken_one_does_not() {
    let dir = std::env::temp_dir().join(format!("jointex-misp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let mut paths = Vec::new();
    for (file, ex) in common::shipped_played(1, "share-everything") {
        let events = jointex_stix::misp::events(&ex, Some("test-exercise"));
        assert_eq!(events.len(), ex.shares().len(), "{}", file);
        for e in events {
            let text = jointex_stix::json::to_pretty(&e.event);
            // The CERTs appear only as exercise identities.
            assert!(
                e.event["Event"]["Orgc"]["name"]
                    .as_str()
                    .is_some_and(|n| n.contains("(EXERCISE ")),
                "{}",
                e.file_name
            );
            let path = dir.join(format!("{}-{}", file.trim_end_matches(".ron"), e.file_name));
            std::fs::write(&path, text).expect("written");
            paths.push(path);
        }
    }
    assert!(paths.len() > 50, "{} events", paths.len());
    let (ok, output) = load(&paths);
    assert!(ok, "PyMISP refused an event:\n{output}");

    // An unknown attribute type and a bad distribution are refused.
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&paths[0]).expect("read")).expect("JSON");
    let mut broken = Vec::new();
    let mut a = good.clone();
    a["Event"]["Attribute"][0]["type"] = "no-such-type".into();
    let mut b = good;
    b["Event"]["distribution"] = "9".into();
    for (n, v) in [("type", a), ("distribution", b)] {
        let p = dir.join(format!("broken-{n}.misp.json"));
        std::fs::write(&p, v.to_string()).expect("written");
        broken.push(p);
    }
    for p in &broken {
        let (ok, output) = load(std::slice::from_ref(p));
        assert!(!ok, "{} loaded:\n{output}", p.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
