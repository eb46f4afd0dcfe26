//! "Did you mean …?" for misspelt ids and names.

/// Comparisons one validation may spend on suggestions. Each unknown reference compares
/// its id with every candidate: a file of 100,000 misspelt references to 100,000 assets
/// would take hours. A quarter of a million comparisons (about 0.3 s) covers a few hundred
/// misspellings in a large scenario; past it, hints say the ids were not searched.
pub const BUDGET: u64 = 250_000;

thread_local! {
    static LEFT: std::cell::Cell<u64> = const { std::cell::Cell::new(BUDGET) };
}

/// Gives the next validation its whole budget of comparisons.
pub fn reset_budget() {
    LEFT.with(|l| l.set(BUDGET));
}

fn spent() -> bool {
    LEFT.with(|l| l.get() == 0)
}

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo (and the
/// budget of comparisons lasts).
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        let go_on = LEFT.with(|l| {
            let n = l.get();
            l.set(n.saturating_sub(1));
            n > 0
        });
        if !go_on {
            return None;
        }
        let d = strsim::levenshtein(&wrong_lower, &cand.to_lowercase());
        // Allow about one edit in three characters, and at least one.
        let limit = (wrong.chars().count().max(cand.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || d == bd && cand < bc) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint naming the closest candidate, or listing a few when none is close.
pub fn hint<'a>(
    wrong: &str,
    what: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match closest(wrong, candidates.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None if spent() => format!(
            "check it against the scenario's {what} (too many problems to look for a similar id)"
        ),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                format!("the scenario defines no {what}")
            } else if all.len() <= 6 {
                let list: Vec<String> = all.iter().map(|c| format!("`{c}`")).collect();
                format!("the {what} are {}", list.join(", "))
            } else {
                format!(
                    "none of the scenario's {} {what} has a similar id",
                    all.len()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_and_far_misses() {
        let ids = ["kr-water-scada", "kr-power-sub", "us-grid"];
        assert_eq!(closest("kr-water-scad", ids), Some("kr-water-scada"));
        assert_eq!(closest("zzz", ids), None);
        assert_eq!(
            hint("zzz", "assets", ids),
            "the assets are `kr-water-scada`, `kr-power-sub`, `us-grid`"
        );
        assert_eq!(hint("x", "teams", []), "the scenario defines no teams");
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn suggestions_stop_when_the_budget_is_spent() {
        reset_budget();
        let many: Vec<String> = (0..1000).map(|i| format!("asset-{i}")).collect();
        let ids = || many.iter().map(String::as_str);
        assert_eq!(closest("asset-99x", ids()), Some("asset-99"));
        for _ in 0..(BUDGET / 1000) {
            let _ = closest("nothing-like-it", ids());
        }
        assert!(spent());
        let h = hint("asset-99x", "assets", ids());
        assert!(h.contains("too many problems"), "{h}");
        reset_budget();
        assert_eq!(closest("asset-99x", ids()), Some("asset-99"));
    }
}
