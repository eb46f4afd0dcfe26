//! Bilingual text: every string a player reads exists in English, Korean, or both.
//!
//! In a scenario file it is written `Text(en: "…", ko: "…")`, or as a plain string when the
//! author writes in one language only (taken as English). The reader's language is chosen by
//! the client; a missing translation falls back to the other language so nothing is blank.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A language a player can read the exercise in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// Every supported language, in a stable order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag of the language (`en`, `ko`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// Text in one or both exercise languages. At least one is present once validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    /// English text.
    pub en: Option<String>,
    /// Korean text.
    pub ko: Option<String>,
}

impl Text {
    /// Text in English and Korean.
    pub fn both(en: impl Into<String>, ko: impl Into<String>) -> Self {
        Text {
            en: Some(en.into()),
            ko: Some(ko.into()),
        }
    }

    /// Text in English only.
    pub fn en(en: impl Into<String>) -> Self {
        Text {
            en: Some(en.into()),
            ko: None,
        }
    }

    /// The text in `lang`, falling back to the other language, then to "".
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::En => (&self.en, &self.ko),
            Lang::Ko => (&self.ko, &self.en),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }

    /// The text in `lang` only, with no fallback.
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Ko => self.ko.as_deref(),
        }
    }

    /// True when no language has any visible character.
    pub fn is_blank(&self) -> bool {
        [&self.en, &self.ko]
            .iter()
            .all(|t| t.as_deref().is_none_or(|s| s.trim().is_empty()))
    }

    /// True when both languages are present and not blank.
    pub fn is_bilingual(&self) -> bool {
        [&self.en, &self.ko]
            .iter()
            .all(|t| t.as_deref().is_some_and(|s| !s.trim().is_empty()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::en(s)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (&self.en, &self.ko) {
            (Some(en), None) => serializer.serialize_str(en),
            _ => {
                let len = usize::from(self.en.is_some()) + usize::from(self.ko.is_some());
                let mut st = serializer.serialize_struct("Text", len)?;
                if let Some(en) = &self.en {
                    st.serialize_field("en", en)?;
                }
                if let Some(ko) = &self.ko {
                    st.serialize_field("ko", ko)?;
                }
                st.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any` lets one field accept both `"plain"` and `Text(en: …, ko: …)`;
        // RON hands a named struct to `visit_map`.
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or Text(en: \"…\", ko: \"…\")")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::en(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text {
            en: Some(v),
            ko: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let mut text = Text::default();
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "en" => &mut text.en,
                "ko" => &mut text.ko,
                // A custom message, because ron would name the struct around the Text.
                other => {
                    return Err(de::Error::custom(format_args!(
                        "unknown language `{other}` in Text: the languages are `en` and `ko`"
                    )));
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            *slot = Some(map.next_value()?);
        }
        if text.en.is_none() && text.ko.is_none() {
            return Err(de::Error::custom("Text needs `en`, `ko` or both"));
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_string_is_english() {
        let t: Text = ron::from_str("\"Water plant\"").expect("parses");
        assert_eq!(t, Text::en("Water plant"));
        assert_eq!(t.get(Lang::Ko), "Water plant", "falls back to English");
    }

    #[test]
    fn both_languages_round_trip() {
        let t: Text = ron::from_str("Text(en: \"Water plant\", ko: \"정수장\")").expect("parses");
        assert_eq!(t.get(Lang::Ko), "정수장");
        let back = ron::to_string(&t).expect("serialises");
        assert_eq!(ron::from_str::<Text>(&back).expect("parses back"), t);
    }

    #[test]
    fn unknown_language_is_refused() {
        let err = ron::from_str::<Text>("Text(en: \"a\", jp: \"b\")").expect_err("refused");
        assert!(err.to_string().contains("jp"), "{err}");
    }

    #[test]
    fn blank_detection() {
        assert!(Text::both(" ", "").is_blank());
        assert!(!Text::en("x").is_blank());
        assert!(!Text::en("x").is_bilingual());
    }
}
