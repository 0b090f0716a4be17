//! Embedded stopword lists (lower-case) for keyword extraction.
//!
//! Compiled by hand from common function words of each language (in the spirit of the
//! stopwords-iso and Lucene lists), plus shop boilerplate that never makes a useful keyword.

use crate::Language;

const TR: &[&str] = &[
    "acaba", "ama", "ancak", "artık", "aslında", "az", "bana", "bazı", "belki", "ben", "beni",
    "benim", "bile", "bir", "biraz", "birçok", "biri", "birkaç", "birşey", "biz", "bize", "bizi",
    "bizim", "bu", "buna", "bunda", "bundan", "bunu", "bunun", "burada", "bütün", "çok", "çünkü",
    "da", "daha", "de", "defa", "değil", "diğer", "diye", "dolayı", "en", "gibi", "göre", "hem",
    "hep", "hepsi", "her", "hiç", "için", "ile", "ise", "işte", "kadar", "ki", "kim", "kendi",
    "mi", "mı", "mu", "mü", "nasıl", "ne", "neden", "nerede", "niçin", "o", "olan", "olarak",
    "oldu", "olduğu", "olduğunu", "olmak", "olması", "olup", "on", "ona", "ondan", "onlar",
    "onu", "onun", "sadece", "sen", "siz", "şey", "şu", "şuna", "şunu", "tüm", "ve", "veya",
    "ya", "yani", "yine", "zaten", "sizin", "sizi", "size", "ayrıca", "böylece", "olur", "eder",
    "ederek", "sahip", "yeni", "ürün", "ürünü", "ürünün", "ürünler", "adet", "tl", "model",
];

const EN: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
    "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "product",
    "products", "item", "new",
];

const DE: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "auch", "auf",
    "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass", "dem", "den",
    "der", "des", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort",
    "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "euer", "für",
    "hat", "hatte", "ich", "ihr", "ihre", "im", "in", "ist", "jede", "jedem", "jeden", "jeder",
    "kann", "kein", "keine", "man", "mehr", "mit", "nach", "nicht", "noch", "nur", "ob", "oder",
    "ohne", "sehr", "sein", "seine", "sich", "sie", "sind", "so", "über", "um", "und", "uns",
    "unser", "unter", "vom", "von", "vor", "war", "was", "weil", "wenn", "werden", "wie", "wir",
    "wird", "zu", "zum", "zur", "ihnen", "ihren", "produkt", "artikel", "neu", "neue",
];

const AR: &[&str] = &[
    "في", "من", "على", "إلى", "الى", "عن", "مع", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي",
    "الذين", "و", "أو", "او", "ثم", "لكن", "كل", "بعض", "هو", "هي", "هم", "نحن", "أنت", "انت",
    "كان", "كانت", "يكون", "تكون", "قد", "لقد", "لا", "لم", "لن", "ما", "ماذا", "متى", "أين",
    "كيف", "إن", "ان", "أن", "إذا", "اذا", "به", "بها", "له", "لها", "عند", "حتى", "بين", "أي",
    "اي", "غير", "منتج", "جديد",
];

/// The stopword list of a language.
pub(crate) fn list(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::Tr => TR,
        Language::En => EN,
        Language::De => DE,
        Language::Ar => AR,
    }
}

/// Whether a lower-cased word is a stopword of `lang`.
pub(crate) fn is_stopword(lang: Language, word: &str) -> bool {
    list(lang).contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_lowercase_and_nonempty() {
        for lang in [Language::Tr, Language::En, Language::De, Language::Ar] {
            let l = list(lang);
            assert!(l.len() > 40, "{lang:?}");
            for w in l {
                assert_eq!(lang.lowercase(w), *w, "{lang:?} {w}");
            }
        }
        assert!(is_stopword(Language::Tr, "için"));
        assert!(!is_stopword(Language::Tr, "kahve"));
    }
}
