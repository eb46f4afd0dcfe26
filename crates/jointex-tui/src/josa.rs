//! Korean particles chosen by the word they follow: `{ $asset }{ JOSA($asset, "이/가") }`.
//!
//! A Korean particle has two forms, one after a final consonant (받침) and one after a vowel:
//! 이/가, 을/를, 은/는, 과/와, and 으로/로 (로 also after a final ㄹ). Writing `이(가)` for
//! every name reads like a form letter; Fluent has no rule for it, so the Korean bundle gets
//! this function. Names that end in Latin letters or digits are read the way Koreans say
//! them: `kr` ends in 알 (ㄹ), `us-vpn` in 엔, `2` in 이 (no final consonant).

use fluent_bundle::{FluentArgs, FluentValue};

/// How a word ends, for choosing a particle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Vowel,
    /// A final consonant other than ㄹ.
    Consonant,
    /// A final ㄹ: a consonant for 이/가, but takes 로, not 으로.
    Rieul,
}

/// How `word` ends when read aloud in Korean; a vowel when it cannot be told.
fn ending(word: &str) -> Ending {
    // A parenthesis glosses the word before it, which the particle follows:
    // "인프라보안청(CISA)이", read as 청.
    let mut word = word.trim_end();
    while let Some(inner) = word.strip_suffix(')') {
        match inner.rfind('(') {
            Some(open) if open > 0 => word = inner[..open].trim_end(),
            _ => break,
        }
    }
    let Some(c) = word.chars().rev().find(|c| c.is_alphanumeric()) else {
        return Ending::Vowel;
    };
    match c {
        '가'..='힣' => match (u32::from(c) - 0xAC00) % 28 {
            0 => Ending::Vowel,
            8 => Ending::Rieul,
            _ => Ending::Consonant,
        },
        // 영 일 이 삼 사 오 육 칠 팔 구
        '0' | '3' | '6' => Ending::Consonant,
        '1' | '7' | '8' => Ending::Rieul,
        '2' | '4' | '5' | '9' => Ending::Vowel,
        // 엘 엠 엔 알; every other letter's name ends in a vowel (에이, 비, 씨 …)
        'l' | 'L' | 'r' | 'R' => Ending::Rieul,
        'm' | 'M' | 'n' | 'N' => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

/// The particle of `pair` ("after consonant/after vowel", e.g. "이/가" or "으로/로") that
/// follows `word`.
pub fn particle<'p>(word: &str, pair: &'p str) -> &'p str {
    let (consonant, vowel) = pair.split_once('/').unwrap_or((pair, pair));
    match ending(word) {
        Ending::Vowel => vowel,
        Ending::Rieul if consonant == "으로" => vowel,
        Ending::Consonant | Ending::Rieul => consonant,
    }
}

/// The Fluent function `JOSA(word, "이/가")`.
pub fn fluent<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    let word = match positional.first() {
        Some(FluentValue::String(s)) => s.to_string(),
        Some(FluentValue::Number(n)) => n.as_string().to_string(),
        _ => String::new(),
    };
    let pair = match positional.get(1) {
        Some(FluentValue::String(s)) => s.to_string(),
        _ => return FluentValue::None,
    };
    FluentValue::from(particle(&word, &pair).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_words_take_the_form_of_their_last_syllable() {
        assert_eq!(particle("한국", "이/가"), "이");
        assert_eq!(particle("미국", "을/를"), "을");
        assert_eq!(particle("공격자", "이/가"), "가");
        assert_eq!(particle("팀", "은/는"), "은");
        assert_eq!(particle("서버", "과/와"), "와");
        assert_eq!(particle("서울", "으로/로"), "로", "ㄹ takes 로");
        assert_eq!(particle("서울", "이/가"), "이");
        assert_eq!(particle("부산항", "으로/로"), "으로");
        assert_eq!(particle("TLP:AMBER(앰버)", "으로/로"), "로");
        assert_eq!(
            particle("미국 사이버보안·인프라보안청(CISA)", "이/가"),
            "이"
        );
        assert_eq!(
            particle("(CISA)", "이/가"),
            "가",
            "nothing before the gloss"
        );
    }

    #[test]
    fn ids_and_numbers_are_read_as_spoken() {
        assert_eq!(particle("kr", "이/가"), "이", "알");
        assert_eq!(particle("kr", "으로/로"), "로");
        assert_eq!(particle("us-power-vpn", "이/가"), "이", "엔");
        assert_eq!(particle("us", "이/가"), "가", "에스");
        assert_eq!(particle("INJ-02", "을/를"), "를", "이");
        assert_eq!(particle("INJ-03", "을/를"), "을", "삼");
        assert_eq!(particle("IND-07", "으로/로"), "로", "칠");
        assert_eq!(particle("", "이/가"), "가");
    }
}
