//! Interface text in English and Korean, from Fluent files under `assets/i18n/`.
//!
//! Every string of the interface is a Fluent message looked up by id in the reader's
//! language; a message missing in Korean falls back to English, and one missing everywhere
//! shows as `⟨id⟩` so a test can spot it. The files are embedded, so the binary works from
//! any directory. Scenario text is not here: it comes bilingual in the scenario itself.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use jointex_scenario::Lang;
use unic_langid::LanguageIdentifier;

/// The English translation file.
pub const EN_FTL: &str = include_str!("../../../assets/i18n/en/jointex.ftl");
/// The Korean translation file.
pub const KO_FTL: &str = include_str!("../../../assets/i18n/ko/jointex.ftl");

/// The interface's translations.
pub struct I18n {
    en: FluentBundle<FluentResource>,
    ko: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

impl Default for I18n {
    fn default() -> Self {
        Self::new()
    }
}

fn bundle(tag: &str, text: &str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut b = FluentBundle::new(vec![id]);
    // Unicode isolation marks are invisible in a browser but take a cell in some terminals.
    b.set_use_isolating(false);
    if tag == "ko"
        && let Err(e) = b.add_function("JOSA", crate::josa::fluent)
    {
        log::error!("translation file {tag}: {e:?}");
    }
    let res = match FluentResource::try_new(text.to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            log::error!("translation file {tag} has {} syntax errors", errors.len());
            r
        }
    };
    if let Err(errors) = b.add_resource(res) {
        log::error!("translation file {tag}: {errors:?}");
    }
    b
}

impl I18n {
    /// Loads the embedded translation files.
    pub fn new() -> Self {
        I18n {
            en: bundle("en", EN_FTL),
            ko: bundle("ko", KO_FTL),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }

    /// The message `id` in `lang`.
    pub fn tr(&self, lang: Lang, id: &str) -> String {
        self.tra(lang, id, &[])
    }

    /// The message `id` in `lang`, with arguments.
    pub fn tra(&self, lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let fargs = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::with_capacity(args.len());
            for (k, v) in args {
                a.set(*k, v.clone());
            }
            a
        });
        for l in [lang, Lang::En] {
            let b = self.bundle(l);
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let s = b.format_pattern(pattern, fargs.as_ref(), &mut errors);
                if !errors.is_empty() {
                    log::warn!("message {id} in {}: {errors:?}", l.tag());
                }
                return s.into_owned();
            }
        }
        log::warn!("no translation for {id}");
        format!("⟨{id}⟩")
    }

    /// Whether `lang` has its own message `id` (no fallback).
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }
}

/// The message ids of a Fluent file, in file order.
pub fn message_ids(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_files_have_the_same_keys() {
        let en = message_ids(EN_FTL);
        let ko = message_ids(KO_FTL);
        let missing_ko: Vec<_> = en.iter().filter(|k| !ko.contains(k)).collect();
        let missing_en: Vec<_> = ko.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_ko.is_empty(), "missing in ko: {missing_ko:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        let mut sorted = en.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), en.len(), "a key is defined twice");
    }

    #[test]
    fn files_parse_cleanly() {
        for (tag, text) in [("en", EN_FTL), ("ko", KO_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(text.to_owned()) {
                panic!("{tag}: {errors:?}");
            }
        }
    }

    #[test]
    fn every_message_formats_in_both_languages() {
        let i = I18n::new();
        for id in message_ids(EN_FTL) {
            for lang in Lang::ALL {
                assert!(i.has(lang, &id), "{id} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn arguments_and_fallback() {
        let i = I18n::new();
        let s = i.tra(Lang::En, "too-small", &[("w", 70.into()), ("h", 20.into())]);
        assert!(s.contains("70×20"), "{s}");
        assert!(!s.contains('\u{2068}'), "no isolation marks");
        assert_eq!(i.tr(Lang::Ko, "no-such-message"), "⟨no-such-message⟩");
    }
}
