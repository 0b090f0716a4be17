//! Product description enhancement that always returns safe HTML.
//!
//! The seller's description (plain text or HTML, stripped to text first) is rebuilt from blocks:
//! their paragraphs, an optional keyword sentence, sentences stating the product's attributes
//! and a call to action, and a list of technical details with localised labels. Text added to
//! reach a length comes from the product's own facts (category, attributes, options), never
//! from stock filler; when those run out the result stays short and says so. Every piece of input is escaped; the only markup ever
//! emitted is `<p>`, `<ul>`, `<li>`, `<strong>`, `<h3>` and `<br>`, without attributes.

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::copy::{Fnv, Rng};
use crate::product::{Attribute, Product};
use crate::statements::Facts;
use crate::terms::{self, Term};

mod bank;
mod html;

pub use html::{escape_html, html_to_text};

/// One sentence recommending the product to those looking for `keywords`, in `lang`.
pub(crate) fn keyword_sentence(keywords: &[String], lang: Language) -> String {
    bank::keyword_sentence(bank::for_language(lang), keywords, lang)
}

/// Target length of the description's text (characters a shopper reads, markup excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LengthRange {
    /// At least this many characters, padded with sentences of the product's facts if needed.
    pub min: usize,
    /// At most this many characters; sentences are dropped, then text is cut at a word.
    pub max: usize,
}

/// Keywords to work into the text without stuffing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeoKeywordOptions {
    /// Keywords, most important first.
    pub keywords: Vec<String>,
    /// Highest share of the words any one keyword may make up (0.03 = 3 %).
    #[serde(default = "default_density")]
    pub max_density: f64,
}

fn default_density() -> f64 {
    0.03
}

/// What to do to the description; every option is independent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeOptions {
    /// Pad or trim the text to this many characters.
    #[serde(default)]
    pub optimize_length: Option<LengthRange>,
    /// Work these keywords in, each at most `max_density` of the words.
    #[serde(default)]
    pub add_seo_keywords: Option<SeoKeywordOptions>,
    /// Add a benefits paragraph and a call to action.
    #[serde(default)]
    pub sales_focused: bool,
    /// Add a list of technical details from the product's attributes.
    #[serde(default)]
    pub add_technical_details: bool,
}

/// A description to enhance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DescribeRequest {
    /// The product.
    pub product: Product,
    /// The current description, plain text or HTML (may be empty).
    #[serde(default)]
    pub description: String,
    /// Language to write added text in.
    pub language: Language,
    /// What to do.
    #[serde(default)]
    pub options: DescribeOptions,
}

/// How often a keyword occurs in the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordDensity {
    /// The keyword, lower-cased.
    pub keyword: String,
    /// Occurrences in the text.
    pub occurrences: usize,
    /// Occurrences × words in the keyword ÷ words in the text.
    pub density: f64,
}

/// Why the result may differ from what was asked, as stable snake_case codes with detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum DescribeNote {
    /// Even with every sentence the product's facts give, the text stays below `min`.
    BelowMinLength {
        /// Length reached.
        length: usize,
    },
    /// The keyword was not added because one more occurrence would exceed the density cap.
    KeywordSkipped {
        /// The keyword.
        keyword: String,
    },
    /// The seller's own text already uses the keyword above the density cap.
    KeywordOverDensity {
        /// The keyword.
        keyword: String,
    },
    /// Technical details were asked for, but the product has no attributes.
    NoAttributes,
}

/// The enhanced description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnhancedDescription {
    /// Safe HTML using only `p`, `ul`, `li`, `strong`, `h3`, `br`.
    pub html: String,
    /// The same content as plain text, paragraphs separated by blank lines.
    pub text: String,
    /// Characters in `text`.
    pub length: usize,
    /// Density of each requested keyword in `text`.
    pub keyword_density: Vec<KeywordDensity>,
    /// Where the result departs from the options.
    pub notes: Vec<DescribeNote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Original,
    Keyword,
    Benefit,
    Cta,
    Filler,
}

#[derive(Debug, Clone)]
enum Block {
    Para(Kind, Vec<String>),
    Heading(String),
    List(Vec<(String, String)>),
}

fn block_text(b: &Block) -> String {
    match b {
        Block::Para(_, sentences) => sentences.join(" "),
        Block::Heading(h) => h.clone(),
        Block::List(items) => items
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn plain_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(block_text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn text_len(blocks: &[Block]) -> usize {
    plain_text(blocks).chars().count()
}

/// Enhances a product description according to the options.
pub fn enhance(req: &DescribeRequest) -> EnhancedDescription {
    let lang = req.language;
    let product = &req.product;
    let bank = bank::for_language(lang);
    let facts = Facts::new(product, lang);
    let mut hash = Fnv::default();
    hash.write(product.name.as_bytes());
    hash.write(req.description.as_bytes());
    let mut rng = Rng::new(hash.0);
    let mut notes = Vec::new();
    let mut used: Vec<String> = Vec::new();

    let mut blocks: Vec<Block> = html_to_text(&req.description)
        .into_iter()
        .map(|p| Block::Para(Kind::Original, split_sentences(&p)))
        .collect();
    if blocks.is_empty() && !product.name.trim().is_empty() {
        let intros = facts.category_sentences();
        if !intros.is_empty() {
            let intro = intros[(rng.next() % intros.len() as u64) as usize].clone();
            used.push(intro.clone());
            blocks.push(Block::Para(Kind::Original, vec![intro]));
        }
    }

    if req.options.sales_focused {
        let benefits: Vec<String> = facts
            .attribute_sentences()
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        used.extend(benefits.iter().cloned());
        if !benefits.is_empty() {
            blocks.push(Block::Para(Kind::Benefit, benefits));
        }
        let ctas: Vec<String> = bank.cta.iter().filter_map(|t| facts.fill(t)).collect();
        if !ctas.is_empty() {
            let cta = ctas[(rng.next() % ctas.len() as u64) as usize].clone();
            blocks.push(Block::Para(Kind::Cta, vec![cta]));
        }
    }

    if req.options.add_technical_details {
        let items = technical_details(&product.attributes, lang, &product.terms);
        if items.is_empty() {
            notes.push(DescribeNote::NoAttributes);
        } else {
            let at = blocks
                .iter()
                .position(|b| matches!(b, Block::Para(Kind::Cta, _)))
                .unwrap_or(blocks.len());
            blocks.insert(at, Block::List(items));
            blocks.insert(at, Block::Heading(bank.details_heading.to_string()));
        }
    }

    let keyword_opts = req.options.add_seo_keywords.as_ref();
    let keywords: Vec<String> = keyword_opts
        .map(|o| {
            let mut seen = std::collections::HashSet::new();
            o.keywords
                .iter()
                .map(|k| lang.lowercase(&k.split_whitespace().collect::<Vec<_>>().join(" ")))
                .filter(|k| !k.is_empty() && seen.insert(k.clone()))
                .collect()
        })
        .unwrap_or_default();
    let max_density = keyword_opts.map_or(0.03, |o| o.max_density.clamp(0.0, 1.0));

    // Fit the length first, so keyword densities are judged on the text the shopper will read;
    // the keyword sentence is then added only where it fits both the density cap and `max`.
    if let Some(range) = req.options.optimize_length {
        shrink_to(&mut blocks, range.max);
        let fillers: Vec<String> = facts
            .all_sentences()
            .into_iter()
            .filter(|s| !used.contains(s))
            .collect();
        pad_to(&mut blocks, range.min, range.max, &fillers);
    }
    let max_len = req.options.optimize_length.map_or(usize::MAX, |r| r.max);
    if !keywords.is_empty() {
        add_keywords(
            &mut blocks,
            &keywords,
            max_density,
            max_len,
            lang,
            bank,
            &mut notes,
        );
    }
    if let Some(range) = req.options.optimize_length {
        let length = text_len(&blocks);
        if length < range.min {
            notes.push(DescribeNote::BelowMinLength { length });
        }
    }

    let text = plain_text(&blocks);
    let keyword_density: Vec<KeywordDensity> =
        keywords.iter().map(|k| density(&text, k, lang)).collect();
    EnhancedDescription {
        html: render(&blocks),
        length: text.chars().count(),
        text,
        keyword_density,
        notes,
    }
}

fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?' | '؟') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            let s = current.trim().to_string();
            if !s.is_empty() {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.trim().to_string();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Words of a text, lower-cased, for density counting.
fn words(text: &str, lang: Language) -> Vec<String> {
    lang.lowercase(text)
        .split(|c: char| !(c.is_alphanumeric() || crate::turkish::is_combining_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Occurrences of `keyword` as a whole-word sequence in `text`, and its density.
fn density(text: &str, keyword: &str, lang: Language) -> KeywordDensity {
    let text_words = words(text, lang);
    let key_words = words(keyword, lang);
    let occurrences = if key_words.is_empty() {
        0
    } else {
        text_words
            .windows(key_words.len())
            .filter(|w| *w == key_words.as_slice())
            .count()
    };
    let density = if text_words.is_empty() {
        0.0
    } else {
        (occurrences * key_words.len()) as f64 / text_words.len() as f64
    };
    KeywordDensity {
        keyword: keyword.to_string(),
        occurrences,
        density,
    }
}

/// Adds one sentence naming the keywords the text lacks, each only if that keeps its density
/// within `max_density` and the text within `max_len` characters.
fn add_keywords(
    blocks: &mut Vec<Block>,
    keywords: &[String],
    max_density: f64,
    max_len: usize,
    lang: Language,
    bank: &bank::Bank,
    notes: &mut Vec<DescribeNote>,
) {
    let text = plain_text(blocks);
    let mut missing: Vec<String> = Vec::new();
    for k in keywords {
        let d = density(&text, k, lang);
        if d.density > max_density {
            notes.push(DescribeNote::KeywordOverDensity { keyword: k.clone() });
        } else if d.occurrences == 0 {
            missing.push(k.clone());
        }
    }
    // Drop keywords whose one occurrence would break the cap, then re-check: removing one makes
    // the sentence shorter and the text smaller, so iterate until stable.
    loop {
        if missing.is_empty() {
            return;
        }
        let sentence = bank::keyword_sentence(bank, &missing, lang);
        let mut trial = blocks.clone();
        insert_keyword_paragraph(&mut trial, sentence);
        let trial_text = plain_text(&trial);
        let too_long = trial_text.chars().count() > max_len;
        let over: Vec<String> = missing
            .iter()
            .filter(|k| too_long || density(&trial_text, k, lang).density > max_density)
            .cloned()
            .collect();
        if over.is_empty() {
            *blocks = trial;
            return;
        }
        // Drop the longest offender first: it costs the most density.
        let worst = over
            .iter()
            .max_by_key(|k| words(k, lang).len())
            .cloned()
            .unwrap_or_default();
        notes.push(DescribeNote::KeywordSkipped {
            keyword: worst.clone(),
        });
        missing.retain(|k| *k != worst);
    }
}

fn insert_keyword_paragraph(blocks: &mut Vec<Block>, sentence: String) {
    let at = blocks
        .iter()
        .rposition(|b| matches!(b, Block::Para(Kind::Original, _)))
        .map_or(0, |i| i + 1);
    blocks.insert(at, Block::Para(Kind::Keyword, vec![sentence]));
}

/// Appends the product's fact sentences until the text reaches `min` (without passing `max`).
fn pad_to(blocks: &mut Vec<Block>, min: usize, max: usize, fillers: &[String]) {
    let mut fillers = fillers.iter();
    while text_len(blocks) < min {
        let Some(sentence) = fillers.next() else {
            return;
        };
        if plain_text(blocks).contains(sentence.as_str()) {
            continue;
        }
        let mut trial = blocks.clone();
        let at = trial
            .iter()
            .rposition(|b| {
                matches!(
                    b,
                    Block::Para(Kind::Original | Kind::Keyword | Kind::Filler, _)
                )
            })
            .map_or(0, |i| i + 1);
        match trial.get_mut(at.wrapping_sub(1)) {
            Some(Block::Para(Kind::Filler, s)) => s.push(sentence.clone()),
            _ => trial.insert(at, Block::Para(Kind::Filler, vec![sentence.clone()])),
        }
        if text_len(&trial) <= max {
            *blocks = trial;
        }
    }
}

/// Removes content until the text fits `max`: the seller's later sentences and stock sentences
/// first, then list items, benefits, the keyword sentence and the call to action; finally the
/// first paragraph is cut at a word boundary.
fn shrink_to(blocks: &mut Vec<Block>, max: usize) {
    let removable_order = [Kind::Filler, Kind::Original];
    for kind in removable_order {
        while text_len(blocks) > max {
            let Some(i) = blocks.iter().rposition(|b| match b {
                Block::Para(k, s) if *k == kind => {
                    kind != Kind::Original || s.len() > 1 || original_count(blocks) > 1
                }
                _ => false,
            }) else {
                break;
            };
            if let Block::Para(_, s) = &mut blocks[i] {
                s.pop();
                if s.is_empty() {
                    blocks.remove(i);
                }
            }
        }
    }
    while text_len(blocks) > max {
        let Some(i) = blocks
            .iter()
            .rposition(|b| matches!(b, Block::List(items) if !items.is_empty()))
        else {
            break;
        };
        if let Block::List(items) = &mut blocks[i] {
            items.pop();
            if items.is_empty() {
                blocks.remove(i);
                if i > 0 && matches!(blocks.get(i - 1), Some(Block::Heading(_))) {
                    blocks.remove(i - 1);
                }
            }
        }
    }
    for kind in [Kind::Benefit, Kind::Keyword, Kind::Cta] {
        while text_len(blocks) > max {
            let Some(i) = blocks
                .iter()
                .rposition(|b| matches!(b, Block::Para(k, _) if *k == kind))
            else {
                break;
            };
            blocks.remove(i);
        }
    }
    if text_len(blocks) > max {
        // Only one paragraph with one sentence can be left: cut it.
        blocks.retain(|b| matches!(b, Block::Para(..)));
        blocks.truncate(1);
        if let Some(Block::Para(_, s)) = blocks.first_mut() {
            let joined = s.join(" ");
            *s = vec![cut_words(&joined, max)];
        }
    }
}

fn original_count(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| matches!(b, Block::Para(Kind::Original, _)))
        .count()
}

fn cut_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if candidate.chars().count() + 1 > max {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        out = text.chars().take(max - 1).collect();
    }
    let out = out.trim_end_matches(|c: char| c == ',' || c == ';' || c == ':' || c.is_whitespace());
    format!("{out}…")
}

/// Attributes as (label, value): known ones with localised labels in a fixed order, then the
/// rest in the seller's order with the seller's key. Outside Turkish, a name or value with no
/// translation is left out rather than pasted in Turkish.
fn technical_details(
    attributes: &[Attribute],
    lang: Language,
    terms: &[Term],
) -> Vec<(String, String)> {
    let mut known: Vec<(terms::AttrKind, String, String)> = Vec::new();
    let mut other: Vec<(String, String)> = Vec::new();
    for a in attributes {
        let (key, value) = (a.key.trim(), a.value.trim());
        if key.is_empty() || value.is_empty() {
            continue;
        }
        let value = if lang == Language::Tr {
            value.to_string()
        } else {
            match terms::attr_value(value, lang, terms) {
                Some(v) => v,
                None => continue,
            }
        };
        match terms::attr_kind(key) {
            Some(d) if !known.iter().any(|(k, _, _)| *k == d) => {
                known.push((d, terms::attr_label(d, lang).to_string(), value));
            }
            _ => {
                if let Some(label) = terms::attr_name(key, lang, terms) {
                    other.push((label, value));
                }
            }
        }
    }
    known.sort_by_key(|(d, _, _)| *d);
    known
        .into_iter()
        .map(|(_, l, v)| (l, v))
        .chain(other)
        .collect()
}

/// Renders blocks as HTML; every text is escaped.
fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Para(Kind::Cta, s) => {
                out.push_str("<p><strong>");
                out.push_str(&escape_html(&s.join(" ")));
                out.push_str("</strong></p>");
            }
            Block::Para(_, s) => {
                if s.is_empty() {
                    continue;
                }
                out.push_str("<p>");
                out.push_str(&escape_html(&s.join(" ")));
                out.push_str("</p>");
            }
            Block::Heading(h) => {
                out.push_str("<h3>");
                out.push_str(&escape_html(h));
                out.push_str("</h3>");
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for (k, v) in items {
                    out.push_str("<li><strong>");
                    out.push_str(&escape_html(k));
                    out.push_str(":</strong> ");
                    out.push_str(&escape_html(v));
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests;
