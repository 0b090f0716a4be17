//! Translations: Fluent files for Turkish (the default) and English, compiled into the binary.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub const TR_FTL: &str = include_str!("../../i18n/tr.ftl");
pub const EN_FTL: &str = include_str!("../../i18n/en.ftl");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Tr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Tr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Tr => "tr",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "tr" => Some(Lang::Tr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header; Turkish when none fits.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Tr, |(_, l)| l)
    }

    /// The message `key` in this language.
    pub fn t(self, key: &str) -> String {
        t(self, key)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Tr => TR_FTL,
            Lang::En => EN_FTL,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(build))
}

fn build(lang: Lang) -> Bundle {
    // Plural rules and number formatting follow the bundle's locale.
    let id =
        unic_langid::LanguageIdentifier::from_bytes(lang.code().as_bytes()).unwrap_or_default();
    // The files are part of the binary and checked by tests, so a broken one is a build bug.
    let resource =
        FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(res, errors)| {
            tracing::error!(?errors, lang = lang.code(), "translation file has errors");
            res
        });
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would end up inside HTML attributes and CSV.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(?errors, lang = lang.code(), "duplicate translation keys");
    }
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    &bundles()[match lang {
        Lang::Tr => 0,
        Lang::En => 1,
    }]
}

/// The message `key` in `lang`; the key itself when missing (tests keep that from happening).
pub fn t(lang: Lang, key: &str) -> String {
    ta(lang, key, &[])
}

/// The message `key` with arguments.
pub fn ta(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    let mut errors = vec![];
    let out = b.format_pattern(pattern, Some(&fargs), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(?errors, key, "translation formatting failed");
    }
    out.into_owned()
}

/// Whether `lang` has the message `key` (for keys made from the API's codes).
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The message ids a Fluent source defines (for the completeness test).
pub fn message_ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,tr;q=0.8"),
            Lang::Tr
        );
        assert_eq!(Lang::from_accept_language("de-DE"), Lang::Tr);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Tr);
        assert_eq!(Lang::from_accept_language(""), Lang::Tr);
    }

    #[test]
    fn both_files_parse_and_define_the_same_keys() {
        for lang in Lang::ALL {
            assert!(
                FluentResource::try_new(lang.source().to_string()).is_ok(),
                "{} has syntax errors",
                lang.code()
            );
        }
        let tr = message_ids(TR_FTL);
        let en = message_ids(EN_FTL);
        let only_tr: Vec<_> = tr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&tr).collect();
        assert!(only_tr.is_empty(), "missing in en.ftl: {only_tr:?}");
        assert!(only_en.is_empty(), "missing in tr.ftl: {only_en:?}");
        assert!(tr.len() > 50, "suspiciously few keys: {}", tr.len());
    }

    /// Every key the templates and the panel's code ask for exists in both languages.
    #[test]
    fn every_used_key_is_translated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/panel");
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src/panel");
        let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/src/panel/pages");
        let mut used = BTreeSet::new();
        for d in [dir, src, pages] {
            for entry in std::fs::read_dir(d).expect("readable dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable file");
                for marker in [".t(\"", "ta(\""] {
                    for piece in text.split(marker).skip(1) {
                        if let Some(key) = piece.split('"').next()
                            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                            && !key.is_empty()
                        {
                            used.insert(key.to_string());
                        }
                    }
                }
            }
        }
        assert!(used.len() > 30, "found only {} keys in use", used.len());
        for lang in Lang::ALL {
            let ids = message_ids(lang.source());
            let missing: Vec<_> = used.iter().filter(|k| !ids.contains(*k)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
        }
    }

    /// Keys built at run time from a value: every value of each family is translated.
    #[test]
    fn every_built_key_is_translated() {
        use pofuai_core::Role;
        let mut keys: Vec<String> = vec![];
        keys.extend(
            super::super::SECTIONS
                .iter()
                .map(|(n, _, _)| format!("nav-{n}")),
        );
        keys.extend(Role::ALL.iter().map(|r| format!("role-{}", r.as_str())));
        keys.extend(
            super::super::pages::DYNAMIC_KEYS
                .iter()
                .map(|k| k.to_string()),
        );
        for lang in Lang::ALL {
            let ids = message_ids(lang.source());
            let missing: Vec<_> = keys.iter().filter(|k| !ids.contains(*k)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
        }
    }

    /// Every field error code the API may send has its panel message in both languages,
    /// and every `api-error-` message (besides the general one) belongs to such a code.
    #[test]
    fn every_field_error_code_is_translated() {
        use pofuai_core::product::FIELD_ERROR_CODES;
        for lang in Lang::ALL {
            let ids = message_ids(lang.source());
            let missing: Vec<_> = FIELD_ERROR_CODES
                .iter()
                .filter(|c| !ids.contains(&format!("api-error-{c}")))
                .collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
            let stray: Vec<_> = ids
                .iter()
                .filter_map(|id| id.strip_prefix("api-error-"))
                .filter(|c| *c != "see-fields" && !FIELD_ERROR_CODES.contains(c))
                .collect();
            assert!(stray.is_empty(), "{}: no such code {stray:?}", lang.code());
        }
    }
}
