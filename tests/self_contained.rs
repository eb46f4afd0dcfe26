//! The checkout is the whole project: no test, script or doc may reach a folder beside it.
//! A user's clone has nothing next to it, so a path out of the repository works only on the
//! machine of whoever wrote it (issue 10: the tests read `shared/` beside the checkout and
//! failed on every fresh clone).

use std::path::Path;

/// Folders that are not the project's own text: build output, the Python venv, git.
const SKIP: [&str; 4] = ["target", ".venv", ".git", "node_modules"];

fn walk(dir: &Path, hits: &mut Vec<String>, needles: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !SKIP.contains(&name.as_str()) {
                walk(&p, hits, needles);
            }
            continue;
        }
        // Binary files (spreadsheets, images) cannot hold a path a person follows.
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle.as_str())) {
                hits.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
            }
        }
    }
}

#[test]
fn nothing_in_the_repository_reaches_outside_the_checkout() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Spelled in pieces so this file does not match itself.
    let needles = [
        format!("{}/{}", "..", "shared"),
        format!("{}/{}", "shared", "tools"),
    ];
    let mut hits = Vec::new();
    walk(repo, &mut hits, &needles);
    assert!(
        hits.is_empty(),
        "these lines name a path outside the checkout; copy what they need into the \
         repository instead:\n{}",
        hits.join("\n")
    );
}
