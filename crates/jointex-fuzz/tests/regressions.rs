//! Every input the fuzzer ever crashed on, and every committed seed, replayed through its
//! target on the stable toolchain: a fixed crash stays fixed.
//!
//! `scripts/fuzz` copies a crashing input into `fuzz/regressions/<target>/`; committing it
//! with its fix adds it here.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files of one directory, sorted; none if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// A target's seeds, from the directories `fuzz/seeds.txt` lists for it.
fn seeds(target: &str) -> Vec<PathBuf> {
    let list = std::fs::read_to_string(root().join("fuzz/seeds.txt")).expect("fuzz/seeds.txt");
    list.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(char::is_whitespace))
        .filter(|(t, _)| *t == target)
        .flat_map(|(_, dir)| files(&root().join(dir.trim())))
        .collect()
}

/// The inputs a target once crashed on.
fn regressions(target: &str) -> Vec<PathBuf> {
    files(&root().join("fuzz/regressions").join(target))
}

#[test]
fn every_regression_and_seed_runs_through_its_target() {
    let mut ran = 0;
    for (target, run) in jointex_fuzz::TARGETS {
        for path in regressions(target).into_iter().chain(seeds(target)) {
            let data = std::fs::read(&path).expect("readable input");
            // The file name in the panic message says which input failed.
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {} panicked", path.display());
            ran += 1;
        }
    }
    assert!(ran > 0, "no seeds found under fuzz/seeds");
}

#[test]
fn every_target_has_a_fuzzer_binary_and_seeds() {
    for (target, _) in jointex_fuzz::TARGETS {
        let bin = root()
            .join("fuzz/fuzz_targets")
            .join(format!("{target}.rs"));
        assert!(bin.is_file(), "missing {}", bin.display());
        let text = std::fs::read_to_string(&bin).expect("readable target");
        assert!(
            text.contains(&format!("jointex_fuzz::{target}(")),
            "{} does not call jointex_fuzz::{target}",
            bin.display()
        );
        assert!(
            !seeds(target).is_empty(),
            "fuzz/seeds.txt gives {target} no seeds"
        );
    }
}
