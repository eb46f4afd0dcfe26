//! The scenarios shipped in `scenarios/`, embedded at build time by `build.rs`.
//!
//! The default scenario ([`crate::DEFAULT_SCENARIO_NAME`]) comes first, then the others in
//! file-name order. Adding a file to `scenarios/` adds it here on the next build, with no code
//! change. The texts are embedded as written: a shipped file that does not validate is still
//! listed, and clients that play scenarios load each one and skip (or report) the invalid.
//!
//! ```
//! let all = jointex_scenario::shipped::all();
//! assert_eq!(all[0].file, jointex_scenario::DEFAULT_SCENARIO_NAME);
//! assert_eq!(all[0].text, jointex_scenario::DEFAULT_SCENARIO);
//! ```

/// One shipped scenario file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shipped {
    /// Its file name under `scenarios/` ("pacific-bridge.ron").
    pub file: &'static str,
    /// Its text.
    pub text: &'static str,
}

static ALL: &[Shipped] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Every shipped scenario: the default first, then the others by file name.
pub fn all() -> &'static [Shipped] {
    ALL
}

/// The shipped scenario with this file name (with or without `.ron`, or with a leading
/// `scenarios/`).
pub fn by_file(name: &str) -> Option<&'static Shipped> {
    let name = name.strip_prefix("scenarios/").unwrap_or(name);
    ALL.iter()
        .find(|s| s.file == name || s.file.strip_suffix(".ron") == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_first_then_sorted() {
        let all = all();
        assert_eq!(all[0].file, crate::DEFAULT_SCENARIO_NAME);
        assert_eq!(all[0].text, crate::DEFAULT_SCENARIO);
        let rest: Vec<&str> = all[1..].iter().map(|s| s.file).collect();
        let mut sorted = rest.clone();
        sorted.sort_unstable();
        assert_eq!(rest, sorted);
        assert!(all.iter().all(|s| s.file.ends_with(".ron")));
    }

    #[test]
    fn found_by_file_name() {
        assert!(by_file("pacific-bridge").is_some());
        assert!(by_file("scenarios/pacific-bridge.ron").is_some());
        assert!(by_file("nope").is_none());
    }
}
