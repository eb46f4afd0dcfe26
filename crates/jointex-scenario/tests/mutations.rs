//! Random damage to a valid scenario never panics the loader, and always ends in either a
//! valid scenario or errors that point inside the text on character boundaries. A damaged
//! scenario that still validates is played to the end by the engine, twice with the same seed:
//! what `check` accepts must run, and run the same way.
//!
//! Mutations: deleting, duplicating or swapping characters and tokens, truncating, and
//! inserting Hangul — what a planner's slip of the keyboard or a bad merge does.

use jointex_scenario::load;
use proptest::prelude::*;

const BASE: &str = include_str!("../../../tests/scenarios/valid/harbor-towns.ron");

#[derive(Clone, Debug)]
enum Mutation {
    DeleteChars(usize, usize),
    DuplicateChars(usize, usize),
    SwapChars(usize, usize),
    DeleteToken(usize),
    DuplicateToken(usize),
    SwapTokens(usize, usize),
    Truncate(usize),
    InsertHangul(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..8usize).prop_map(|(a, n)| Mutation::DeleteChars(a, n)),
        (any::<usize>(), 1..16usize).prop_map(|(a, n)| Mutation::DuplicateChars(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapChars(a, b)),
        any::<usize>().prop_map(Mutation::DeleteToken),
        any::<usize>().prop_map(Mutation::DuplicateToken),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), "[가-힣]{1,4}").prop_map(|(a, s)| Mutation::InsertHangul(a, s)),
    ]
}

/// Byte ranges of tokens: runs of identifier characters, strings, or single punctuation.
fn tokens(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '"' {
            for (j, d) in it.by_ref() {
                end = j + d.len_utf8();
                if d == '"' {
                    break;
                }
            }
        } else if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() || d == '_' || d == '.' || d == '-' {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
        }
        out.push(i..end);
    }
    out
}

fn apply(text: &str, m: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    let toks = tokens(text);
    if chars.is_empty() || toks.is_empty() {
        return text.to_owned();
    }
    let t = toks.len();
    match m {
        Mutation::DeleteChars(a, k) => {
            let a = a % n;
            chars[..a]
                .iter()
                .chain(&chars[(a + k).min(chars.len())..])
                .collect()
        }
        Mutation::DuplicateChars(a, k) => {
            let a = a % n;
            let b = (a + k).min(chars.len());
            chars[..b].iter().chain(&chars[a..]).collect()
        }
        Mutation::SwapChars(a, b) => {
            let mut c = chars.clone();
            c.swap(a % n, b % n);
            c.into_iter().collect()
        }
        Mutation::DeleteToken(a) => {
            let r = toks[a % t].clone();
            format!("{}{}", &text[..r.start], &text[r.end..])
        }
        Mutation::DuplicateToken(a) => {
            let r = toks[a % t].clone();
            format!("{}{}{}", &text[..r.end], &text[r.clone()], &text[r.end..])
        }
        Mutation::SwapTokens(a, b) => {
            let (mut x, mut y) = (toks[a % t].clone(), toks[b % t].clone());
            if x.start > y.start {
                std::mem::swap(&mut x, &mut y);
            }
            if x.end > y.start {
                return text.to_owned();
            }
            format!(
                "{}{}{}{}{}",
                &text[..x.start],
                &text[y.clone()],
                &text[x.end..y.start],
                &text[x.clone()],
                &text[y.end..]
            )
        }
        Mutation::Truncate(a) => chars[..a % n].iter().collect(),
        Mutation::InsertHangul(a, s) => {
            let a = a % n;
            chars[..a]
                .iter()
                .copied()
                .chain(s.chars())
                .chain(chars[a..].iter().copied())
                .collect()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 768, ..ProptestConfig::default() })]

    #[test]
    fn damaged_scenarios_load_or_fail_with_located_errors(ms in proptest::collection::vec(mutation(), 1..4)) {
        let mut text = BASE.to_owned();
        for m in &ms {
            text = apply(&text, m);
        }
        if let Ok(loaded) = load(&text) {
            let play = || {
                let s = std::sync::Arc::new(loaded.scenario.clone());
                let teams = s.teams.len() as u16;
                let mut ex = jointex_sim::Exercise::new(s, 7);
                let mut hashes = Vec::new();
                while !ex.is_over() {
                    for t in 0..teams {
                        let mut p = jointex_sim::policy::by_name("by-the-book").expect("a policy");
                        jointex_sim::policy::play(&mut ex, jointex_scenario::model::TeamId(t), p.as_mut());
                    }
                    match ex.resolve() {
                        Ok(r) => hashes.push(r.hash),
                        Err(e) => return Err(e.to_string()),
                    }
                }
                Ok(hashes)
            };
            let first = play();
            prop_assert!(first.is_ok(), "a valid scenario stops: {first:?}");
            prop_assert_eq!(first, play(), "the same seed plays the same way");
        }
        if let Err(diags) = load(&text) {
            prop_assert!(!diags.is_empty(), "a failure always says why");
            for d in &diags {
                let span = d.span.clone();
                prop_assert!(span.is_some(), "unlocated: {}", d.message);
                let span = span.unwrap_or_default();
                prop_assert!(span.start <= span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(!d.message.is_empty() && !d.message.ends_with('.'), "style: {}", d.message);
                let rendered = d.render("m.ron", &text, false);
                prop_assert!(rendered.contains("m.ron:"));
            }
        }
    }
}

#[test]
fn the_base_is_valid() {
    assert!(load(BASE).is_ok());
}
