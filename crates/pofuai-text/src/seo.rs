//! SEO fields for a product page: meta title, meta description and ranked keywords.
//!
//! Keywords are ranked TF-IDF style over Snowball-stemmed words and two-word phrases: term
//! frequency in the product's own text (the name counts three times, the category twice,
//! attributes and description once) times inverse document frequency across the seller's
//! catalogue, so words every product shares ("kargo", "garanti") sink and words that set this
//! product apart rise. The seller's own keywords come first; everything is deduplicated by stem
//! ("kahve makinesi" = "kahve makineleri").

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::Language;
use crate::describe::{html_to_text, keyword_sentence};
use crate::product::Product;
use crate::statements::Facts;
use crate::stopwords::is_stopword;
use crate::turkish::title_case;

/// Longest meta title we emit, in characters.
pub const TITLE_MAX: usize = 60;
/// Shortest meta description we emit, in characters.
pub const DESCRIPTION_MIN: usize = 120;
/// Longest meta description we emit, in characters.
pub const DESCRIPTION_MAX: usize = 160;

/// What the SEO fields are built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeoRequest {
    /// The product.
    pub product: Product,
    /// The product description, plain text or HTML.
    #[serde(default)]
    pub description: String,
    /// Language of the product text.
    pub language: Language,
    /// Keywords the seller wants, most important first ("kaliteli", "uygun fiyat").
    #[serde(default)]
    pub keywords: Vec<String>,
    /// How many keywords to return at most.
    #[serde(default = "default_max_keywords")]
    pub max_keywords: usize,
}

fn default_max_keywords() -> usize {
    10
}

/// Where a keyword came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordSource {
    /// Given by the seller.
    User,
    /// Extracted from the product text.
    Extracted,
}

/// A ranked keyword.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The keyword as shown (lower-case surface form).
    pub term: String,
    /// The stems it was deduplicated by, space-separated.
    pub stem: String,
    /// TF-IDF score; user keywords carry no score (0).
    pub score: f64,
    /// Seller-given or extracted.
    pub source: KeywordSource,
}

/// The SEO fields for a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeoResult {
    /// At most 60 characters, primary keyword first, cut at a word boundary.
    pub meta_title: String,
    /// 120–160 characters.
    pub meta_description: String,
    /// Keywords, seller's first, deduplicated by stem.
    pub keywords: Vec<Keyword>,
}

/// Builds meta title, meta description and keywords, ranking against the seller's catalogue
/// (`corpus`: one text per other product; may be empty).
pub fn optimize<S: AsRef<str>>(req: &SeoRequest, corpus: &[S]) -> SeoResult {
    let lang = req.language;
    let description = html_to_text(&req.description).join(" ");
    let extracted = rank_keywords(
        &req.product,
        &description,
        lang,
        corpus,
        req.max_keywords.max(1) * 2,
    );
    let keywords = merge_keywords(&req.keywords, &extracted, lang, req.max_keywords);
    let primary = keywords.first().map(|k| k.term.as_str());
    SeoResult {
        meta_title: meta_title(&req.product, primary, lang),
        meta_description: meta_description(&req.product, &description, primary, lang),
        keywords,
    }
}

fn stemmer(lang: Language) -> Stemmer {
    Stemmer::create(match lang {
        Language::Tr => Algorithm::Turkish,
        Language::En => Algorithm::English,
        Language::De => Algorithm::German,
        Language::Ar => Algorithm::Arabic,
    })
}

/// Stems one lower-case word.
///
/// Two fixes for Snowball's Turkish stemmer: the buffer "s" of the 3rd-person possessive is
/// removed ("makinesi" → "makines" → "makine"), and a cut whose suffix breaks vowel harmony with
/// the stem is undone ("makine" → "mak" + "ine" is not Turkish, so "makine" stays).
fn stem_word(stemmer: &Stemmer, lang: Language, word: &str) -> String {
    let mut stem = stemmer.stem(word).into_owned();
    if lang != Language::Tr || !word.starts_with(&stem) {
        return stem;
    }
    let suffix_starts_high_vowel = word[stem.len()..].starts_with(['ı', 'i', 'u', 'ü']);
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n >= 5 && chars[n - 1] == 's' && is_tr_vowel(chars[n - 2]) && suffix_starts_high_vowel {
        stem.pop();
    }
    let suffix = &word[stem.len()..];
    let back = |c: char| matches!(c, 'a' | 'ı' | 'o' | 'u');
    if let Some(last) = stem.chars().rev().find(|c| is_tr_vowel(*c)) {
        if suffix
            .chars()
            .filter(|c| is_tr_vowel(*c))
            .any(|v| back(v) != back(last))
        {
            return word.to_string();
        }
    }
    stem
}

fn is_tr_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'ı' | 'i' | 'o' | 'ö' | 'u' | 'ü')
}

/// A normalised word: its lower-case surface form and stem.
#[derive(Debug, Clone)]
struct Token {
    surface: String,
    stem: String,
}

/// Splits text into runs of content words; stopwords, numbers and punctuation end a run, so
/// phrases never span them.
fn runs(text: &str, lang: Language, stemmer: &Stemmer) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    let lower = lang.lowercase(text);
    let mut word = String::new();
    let mut chars = lower.chars().peekable();
    let flush =
        |word: &mut String, current: &mut Vec<Token>, out: &mut Vec<Vec<Token>>, ends_run: bool| {
            if !word.is_empty() {
                let w = std::mem::take(word);
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                if letters == 0 || w.chars().count() < 2 || is_stopword(lang, &w) {
                    if !current.is_empty() {
                        out.push(std::mem::take(current));
                    }
                } else {
                    let stem = stem_word(stemmer, lang, &w);
                    current.push(Token { surface: w, stem });
                }
            }
            if ends_run && !current.is_empty() {
                out.push(std::mem::take(current));
            }
        };
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || crate::turkish::is_combining_mark(c) {
            word.push(c);
        } else if c == '\'' || c == '’' {
            // Turkish suffix after an apostrophe ("Makinesi'ni"): keep the stem side only.
            while chars.peek().is_some_and(|n| n.is_alphanumeric()) {
                chars.next();
            }
        } else {
            let ends_run = !c.is_whitespace() && c != '-';
            flush(&mut word, &mut current, &mut out, ends_run);
        }
    }
    flush(&mut word, &mut current, &mut out, true);
    out
}

/// Unigram and bigram terms of a text, keyed by stems.
fn terms(text: &str, lang: Language, stemmer: &Stemmer) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for run in runs(text, lang, stemmer) {
        for (i, t) in run.iter().enumerate() {
            out.push((t.stem.clone(), t.surface.clone()));
            if let Some(next) = run.get(i + 1) {
                out.push((
                    format!("{} {}", t.stem, next.stem),
                    format!("{} {}", t.surface, next.surface),
                ));
            }
        }
    }
    out
}

/// The stem key of a phrase: its content words stemmed, joined by spaces.
pub fn stem_key(phrase: &str, lang: Language) -> String {
    let stemmer = stemmer(lang);
    runs(phrase, lang, &stemmer)
        .into_iter()
        .flatten()
        .map(|t| t.stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Ranks keywords of a product against a catalogue corpus, best first, at most `max`.
pub fn rank_keywords<S: AsRef<str>>(
    product: &Product,
    description: &str,
    lang: Language,
    corpus: &[S],
    max: usize,
) -> Vec<Keyword> {
    let stemmer = stemmer(lang);
    let mut sections: Vec<(String, f64)> = vec![(product.name.clone(), 3.0)];
    if let Some(c) = product.category() {
        sections.push((c.to_string(), 2.0));
    }
    for a in &product.attributes {
        sections.push((a.value.clone(), 1.0));
    }
    sections.push((description.to_string(), 1.0));

    // key -> (weighted tf, first position, surface counts)
    let mut stats: HashMap<String, (f64, usize, HashMap<String, usize>)> = HashMap::new();
    let mut position = 0;
    for (text, weight) in &sections {
        for (key, surface) in terms(text, lang, &stemmer) {
            position += 1;
            let entry = stats.entry(key).or_insert((0.0, position, HashMap::new()));
            entry.0 += weight;
            *entry.2.entry(surface).or_insert(0) += 1;
        }
    }

    let corpus_keys: Vec<HashSet<String>> = corpus
        .iter()
        .map(|doc| {
            terms(&html_to_text(doc.as_ref()).join(" "), lang, &stemmer)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let n = corpus_keys.len() as f64 + 1.0;

    let mut ranked: Vec<(Keyword, usize)> = stats
        .into_iter()
        .filter(|(key, (tf, _, _))| !key.contains(' ') || *tf >= 2.0)
        .map(|(key, (tf, first, surfaces))| {
            let df = corpus_keys.iter().filter(|d| d.contains(&key)).count() as f64 + 1.0;
            let idf = ((1.0 + n) / (1.0 + df)).ln() + 1.0;
            let phrase_boost = if key.contains(' ') { 1.5 } else { 1.0 };
            let mut surfaces: Vec<(String, usize)> = surfaces.into_iter().collect();
            surfaces.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let term = surfaces.into_iter().next().map(|s| s.0).unwrap_or_default();
            (
                Keyword {
                    term,
                    stem: key,
                    score: tf * idf * phrase_boost,
                    source: KeywordSource::Extracted,
                },
                first,
            )
        })
        .collect();
    ranked.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then_with(|| a.1.cmp(&b.1)));
    ranked.into_iter().map(|(k, _)| k).take(max).collect()
}

/// Seller keywords first (normalised, deduplicated by stem), then extracted ones whose stems are
/// new, at most `max` in all.
pub fn merge_keywords(
    user: &[String],
    extracted: &[Keyword],
    lang: Language,
    max: usize,
) -> Vec<Keyword> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for raw in user {
        let term = lang.lowercase(&raw.split_whitespace().collect::<Vec<_>>().join(" "));
        let stem = stem_key(&term, lang);
        let key = if stem.is_empty() { term.clone() } else { stem };
        if term.is_empty() || !seen.insert(key.clone()) {
            continue;
        }
        out.push(Keyword {
            term,
            stem: key,
            score: 0.0,
            source: KeywordSource::User,
        });
    }
    for k in extracted {
        if seen.insert(k.stem.clone()) {
            out.push(k.clone());
        }
    }
    out.truncate(max);
    out
}

/// Cuts `text` to at most `max` characters at a word boundary, dropping dangling separators.
fn cut_at_word(text: &str, max: usize) -> String {
    let trim = |s: &str| {
        s.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '|' | ',' | ':' | ';' | '–')
        })
        .to_string()
    };
    if text.chars().count() <= max {
        return trim(text);
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if candidate.chars().count() > max {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        out = text.chars().take(max).collect();
    }
    trim(&out)
}

/// Title case for headings: Turkish rules for `Tr`, every plain word capitalised for `En`,
/// only the first letter for `De` (nouns are already capitalised) and `Ar` (no case).
fn heading_case(s: &str, lang: Language) -> String {
    match lang {
        Language::Tr => title_case(s),
        Language::En => s
            .split(' ')
            .map(|w| {
                if w.chars().skip(1).any(char::is_uppercase) {
                    return w.to_string();
                }
                let mut chars = w.chars();
                chars
                    .next()
                    .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
            })
            .collect::<Vec<_>>()
            .join(" "),
        Language::De | Language::Ar => lang.capitalise_sentence(s),
    }
}

/// A meta title of at most 60 characters: the primary keyword first (unless the name already
/// starts with it), then the name, then the category, cut at a word boundary.
pub fn meta_title(product: &Product, primary_keyword: Option<&str>, lang: Language) -> String {
    let name = product
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let lname = lang.lowercase(&name);
    let mut title = String::new();
    if let Some(k) = primary_keyword.map(str::trim).filter(|k| !k.is_empty()) {
        if !lname.starts_with(&lang.lowercase(k)) {
            title.push_str(&heading_case(k, lang));
            title.push_str(" - ");
        }
    }
    title.push_str(&name);
    if let Some(c) = product.category() {
        if !lname.contains(&lang.lowercase(c)) {
            let with_category = format!("{title} | {}", heading_case(c, lang));
            if with_category.chars().count() <= TITLE_MAX {
                title = with_category;
            }
        }
    }
    cut_at_word(&title, TITLE_MAX)
}

fn price_sentence(product: &Product, lang: Language) -> Option<String> {
    let price = product.price?.format(lang);
    Some(match lang {
        Language::Tr => format!("Fiyat: {price}."),
        Language::En => format!("Price: {price}."),
        Language::De => format!("Preis: {price}."),
        Language::Ar => format!("السعر: {price}."),
    })
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?' | '؟') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
            if !s.is_empty() {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        out.push(format!("{s}."));
    }
    out
}

/// A meta description of 120–160 characters, in whole sentences: a sentence naming the product
/// (unless the description's own opening does), the description's sentences, a sentence with the
/// primary keyword when the text lacks it, the price, then sentences of the product's own facts
/// (attributes, options, category) until it is long enough. It never starts with a fragment and
/// never ends with stock phrases; only a description without enough whole sentences is cut at a
/// word with "…".
pub fn meta_description(
    product: &Product,
    description: &str,
    primary_keyword: Option<&str>,
    lang: Language,
) -> String {
    let name = product
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let facts = Facts::new(product, lang);
    let fact_sentences: Vec<String> = if name.is_empty() {
        Vec::new()
    } else {
        facts.all_sentences()
    };
    let own: Vec<String> = sentences(description);
    let lname = lang.lowercase(&name);
    let names_product = |s: &String| !lname.is_empty() && lang.lowercase(s).contains(&lname);
    // Order: a sentence naming the product, the description's first sentence, the price, the
    // keyword sentence, the rest of the description, then the product's facts.
    let mut parts: Vec<String> = Vec::new();
    if !own.first().is_some_and(names_product) {
        let lead = facts
            .category_sentences()
            .into_iter()
            .find(|s| names_product(s))
            .or_else(|| (!name.is_empty()).then(|| format!("{name}.")));
        parts.extend(lead);
    }
    let mut rest = own.into_iter();
    parts.extend(rest.next());
    parts.extend(price_sentence(product, lang));
    if let Some(k) = primary_keyword.map(str::trim).filter(|k| !k.is_empty()) {
        let all = lang.lowercase(&format!("{} {description}", parts.join(" ")));
        if !all.contains(&lang.lowercase(k)) {
            parts.push(keyword_sentence(&[lang.lowercase(k)], lang));
        }
    }
    // The product's name, the price and the keyword are tried even past the minimum length.
    let essential = parts.len();
    parts.extend(rest);
    for s in fact_sentences {
        if !parts.contains(&s) {
            parts.push(s);
        }
    }

    // Whole sentences first; a part that does not fit is skipped in favour of shorter ones.
    let mut out = String::new();
    let mut skipped: Vec<String> = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if out.chars().count() >= DESCRIPTION_MIN && i >= essential {
            break;
        }
        let candidate = if out.is_empty() {
            part.clone()
        } else {
            format!("{out} {part}")
        };
        if candidate.chars().count() <= DESCRIPTION_MAX {
            out = candidate;
        } else {
            skipped.push(part);
        }
    }
    // Still short: cut a skipped part at a word boundary.
    for part in skipped {
        if out.chars().count() >= DESCRIPTION_MIN {
            break;
        }
        let candidate = if out.is_empty() {
            part
        } else {
            format!("{out} {part}")
        };
        let cut = format!("{}…", cut_at_word(&candidate, DESCRIPTION_MAX - 1));
        if cut.chars().count() > out.chars().count() {
            out = cut;
        }
    }
    out
}

#[cfg(test)]
mod tests;
