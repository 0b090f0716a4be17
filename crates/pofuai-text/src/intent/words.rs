//! Words of a question: split at spaces and punctuation, a proper name's suffix cut at its
//! apostrophe ("Trendyol'da" → "trendyol"), folded the Turkish way ("ÜRÜNLERİM" →
//! "urunlerim"), and stemmed by stripping Turkish inflectional suffixes ("ürünlerim" →
//! "urun", "cezveyi" → "cezve").

use pofuai_core::search::fold;

/// One word of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// As written, without its suffix after an apostrophe.
    pub raw: String,
    /// Lower-cased the Turkish way, diacritics removed.
    pub folded: String,
    /// `folded` without inflectional suffixes.
    pub stem: String,
}

/// The words of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    text.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c) || c == ',' || c == '.'))
        .flat_map(|w| {
            let w = w.trim_matches(['.', ',']);
            // A number keeps its separators; a word does not ("fiyat,stok").
            if number(w).is_some() {
                vec![w]
            } else {
                w.split(['.', ',']).collect()
            }
        })
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let base = w.split(is_apostrophe).next().unwrap_or(w);
            (!base.is_empty()).then(|| {
                let folded = fold(base);
                Token {
                    raw: base.to_string(),
                    stem: stem(&folded),
                    folded,
                }
            })
        })
        .collect()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`')
}

/// Suffixes stripped from a folded word, longest first: plural, possessive, case and the
/// buffer letters vowel harmony puts between them.
const SUFFIXES: &[&str] = &[
    "lerimizin",
    "larimizin",
    "lerimiz",
    "larimiz",
    "lerinin",
    "larinin",
    "lerini",
    "larini",
    "lerine",
    "larina",
    "lerinde",
    "larinda",
    "lerim",
    "larim",
    "lerin",
    "larin",
    "leri",
    "lari",
    "ler",
    "lar",
    "imiz",
    "umuz",
    "nin",
    "nun",
    "nde",
    "nda",
    "den",
    "dan",
    "ten",
    "tan",
    "yle",
    "yla",
    "sini",
    "sinu",
    "sina",
    "sine",
    "si",
    "su",
    "ni",
    "nu",
    "yi",
    "yu",
    "ya",
    "ye",
    "de",
    "da",
    "te",
    "ta",
    "in",
    "un",
    "im",
    "um",
    "le",
    "la",
    "i",
    "u",
    "a",
    "e",
];

/// Strips inflectional suffixes while at least three letters remain. The same function runs
/// over product names and questions, so both sides meet at the same stem.
pub fn stem(folded: &str) -> String {
    let mut word = folded.to_string();
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word;
    }
    loop {
        let before = word.len();
        for s in SUFFIXES {
            if word.len() >= s.len() + 3 && word.ends_with(s) {
                word.truncate(word.len() - s.len());
                break;
            }
        }
        if word.len() == before {
            return word;
        }
    }
}

/// A number in the question, by the index of its token: "25", "199,90", "1.299,90", "12.5".
pub fn number(raw: &str) -> Option<f64> {
    if !raw.chars().next().is_some_and(|c| c.is_ascii_digit())
        || !raw
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let normal = match (raw.rfind(','), raw.rfind('.')) {
        // Turkish: dots group thousands, the comma is decimal.
        (Some(c), Some(d)) if c > d => raw.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => raw.replace(',', ""),
        (Some(_), None) => raw.replace(',', "."),
        // "1.299" is a thousand in Turkish; "12.5" a decimal.
        (None, Some(d)) if raw.len() - d - 1 == 3 => raw.replace('.', ""),
        _ => raw.to_string(),
    };
    normal.parse().ok().filter(|n: &f64| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_apostrophes_come_off() {
        let t = tokens("Trendyol'da ürünlerim, Bakır Cezve'yi; stoğunu 25 yap.");
        let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "trendyol",
                "urun",
                "bakir",
                stem("cezve").as_str(),
                "stog",
                "25",
                "yap"
            ]
        );
        assert_eq!(tokens("199,90 TL")[0].raw, "199,90");
        assert_eq!(stem("makinesinin"), stem("makinesi"));
        assert_eq!(stem("tavanin"), stem("tava"));
    }

    #[test]
    fn numbers_read_the_turkish_way() {
        assert_eq!(number("25"), Some(25.0));
        assert_eq!(number("199,90"), Some(199.9));
        assert_eq!(number("1.299,90"), Some(1299.9));
        assert_eq!(number("1.299"), Some(1299.0));
        assert_eq!(number("12.5"), Some(12.5));
        assert_eq!(number("abc"), None);
    }
}
