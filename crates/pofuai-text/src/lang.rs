//! The languages the engine writes in, and language-aware lower-casing.

use serde::{Deserialize, Serialize};

use crate::turkish::tr_lowercase;

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
}
