//! The languages the engine writes in, and language-aware lower-casing.

use serde::{Deserialize, Serialize};

use crate::turkish::{tr_lowercase, tr_uppercase};

/// A language the engine has phrase banks, stopwords and a stemmer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Turkish (the default market).
    Tr,
    /// English.
    En,
    /// German.
    De,
    /// Arabic (right-to-left; Western digits are used in prices).
    Ar,
}

impl Language {
    /// The ISO 639-1 code: "tr", "en", "de", "ar".
    pub fn code(self) -> &'static str {
        match self {
            Language::Tr => "tr",
            Language::En => "en",
            Language::De => "de",
            Language::Ar => "ar",
        }
    }

    /// Parses an ISO 639-1 code, case-insensitively; `None` for unsupported languages.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "tr" => Some(Language::Tr),
            "en" => Some(Language::En),
            "de" => Some(Language::De),
            "ar" => Some(Language::Ar),
            _ => None,
        }
    }

    /// Lower-cases text by this language's rules (Turkish dotted/dotless i for `Tr`).
    pub fn lowercase(self, s: &str) -> String {
        match self {
            Language::Tr => tr_lowercase(s),
            _ => s.to_lowercase(),
        }
    }

    /// Upper-cases text by this language's rules ("i" → "İ" for `Tr`, "I" elsewhere).
    pub fn uppercase(self, s: &str) -> String {
        match self {
            Language::Tr => tr_uppercase(s),
            _ => s.to_uppercase(),
        }
    }

    /// Whether `text` is plausibly written in this language (so a seller's description can be
    /// reused as it is): its function words and letters point here more than elsewhere. A text
    /// too short to tell counts as written in any language.
    pub fn writes(self, text: &str) -> bool {
        match guess_language(text) {
            Some(l) => l == self,
            None => true,
        }
    }

    /// Upper-cases the first letter of a sentence whose first word is plain lower-case
    /// ("kahve severler…" → "Kahve severler…"), leaving "iPhone…" or "500 ml…" alone.
    pub(crate) fn capitalise_sentence(self, s: &str) -> String {
        let first_word = s.split(' ').next().unwrap_or("");
        if first_word
            .chars()
            .any(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return s.to_string();
        }
        let mut chars = s.chars();
        match chars.next() {
            Some(c) if c.is_lowercase() => {
                format!("{}{}", self.uppercase(&c.to_string()), chars.as_str())
            }
            _ => s.to_string(),
        }
    }
}

/// The language a text is written in, by its function words and script; `None` when unclear.
pub fn detect_language(text: &str) -> Option<Language> {
    guess_language(text)
}

/// See [`detect_language`].
pub(crate) fn guess_language(text: &str) -> Option<Language> {
    let all = [Language::Tr, Language::En, Language::De, Language::Ar];
    let mut score = [0usize; 4];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        for (i, lang) in all.iter().enumerate() {
            if crate::stopwords::is_stopword(*lang, &lang.lowercase(word)) {
                score[i] += 2;
            }
        }
        // Letters only one of the languages uses.
        if word.contains(['ı', 'ğ', 'ş', 'İ', 'Ş', 'Ğ']) {
            score[0] += 2;
        }
        if word.contains(['ä', 'ß', 'Ä']) {
            score[2] += 2;
        }
        if word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
            score[3] += 2;
        }
    }
    let best = (0..4).max_by_key(|i| score[*i])?;
    let runner_up = (0..4)
        .filter(|i| *i != best)
        .map(|i| score[i])
        .max()
        .unwrap_or(0);
    (score[best] >= 2 && score[best] > runner_up).then_some(all[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_follows_the_language() {
        let table = [
            (Language::Tr, "indirim", "İNDİRİM", "İndirim"),
            (Language::En, "indie games", "INDIE GAMES", "Indie games"),
            (Language::De, "ißt", "ISST", "Ißt"),
            (
                Language::Tr,
                "iPhone kılıfı",
                "İPHONE KILIFI",
                "iPhone kılıfı",
            ),
        ];
        for (lang, input, upper, sentence) in table {
            assert_eq!(lang.uppercase(input), upper, "{lang:?}");
            assert_eq!(lang.capitalise_sentence(input), sentence, "{lang:?}");
        }
        assert_eq!(Language::En.lowercase("ISTANBUL"), "istanbul");
        assert_eq!(Language::Tr.lowercase("ISTANBUL"), "ıstanbul");
        assert_eq!(Language::from_code(" TR "), Some(Language::Tr));
        assert_eq!(Language::from_code("fr"), None);
    }

    #[test]
    fn a_seller_text_is_reused_only_in_its_own_language() {
        let tr = "Hakiki dana derisi, RFID korumalı ince cüzdan.";
        assert!(Language::Tr.writes(tr));
        assert!(!Language::En.writes(tr) && !Language::De.writes(tr));
        assert!(Language::En.writes("The best coffee for the whole family."));
        assert!(Language::De.writes("Der Kaffee ist für die ganze Familie."));
        assert!(!Language::En.writes("قهوة عربية من أجل العائلة"));
        assert!(Language::En.writes("OK"), "too short to tell");
    }
}
