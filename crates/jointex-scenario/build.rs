//! Embeds every shipped scenario (`scenarios/*.ron` at the repository root) into the crate,
//! so `jointex play`, `list` and the tests see them from any directory. The default
//! scenario comes first, then the others sorted by file name; a new file appears on the next
//! build with no code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The default scenario's file name; keep it equal to `DEFAULT_SCENARIO_NAME` in `lib.rs`.
const DEFAULT: &str = "pacific-bridge.ron";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = manifest.join("../../scenarios");
    // A directory: cargo rebuilds when any file in it is added, removed or changed.
    println!("cargo:rerun-if-changed=../../scenarios");
    println!("cargo:rerun-if-changed=build.rs");

    let mut files: Vec<(String, PathBuf)> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
            .filter_map(|p| {
                let name = p.file_name()?.to_str()?.to_owned();
                Some((name, p))
            })
            .collect(),
        Err(e) => panic!(
            "cannot read the shipped scenarios in {}: {e}",
            dir.display()
        ),
    };
    // Default first, then by name: the order `all()` promises.
    files.sort_by(|a, b| (a.0 != DEFAULT, &a.0).cmp(&(b.0 != DEFAULT, &b.0)));
    assert!(
        files.first().is_some_and(|f| f.0 == DEFAULT),
        "the default scenario scenarios/{DEFAULT} is missing"
    );

    let mut out = String::from("&[\n");
    for (name, path) in &files {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            out,
            "    Shipped {{ file: {name:?}, text: include_str!({:?}) }},",
            path_str(&abs)
        );
    }
    out.push(']');
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out_dir.join("shipped.rs"), out) {
        panic!("cannot write the shipped-scenario table: {e}");
    }
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
