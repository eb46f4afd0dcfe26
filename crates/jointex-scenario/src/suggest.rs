//! "Did you mean …?" for misspelt ids and names.

/// The candidate closest to `wrong`, if it is close enough to be a plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
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
