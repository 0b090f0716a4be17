//! Marketing copy for social platforms: headline, body, call to action and hashtags.
//!
//! Text comes from per-language phrase banks with several templates per slot, and from the
//! product's own facts (category, attributes, variant options; see [`crate::statements`]). A
//! request's seed, mixed with a stable hash of the product's fields, picks the variants, so the
//! same request always gives the same copy and two different products get different picks.
//! The price and the discount are stated once, and not at all when the image shows them. The
//! assembled post is fitted to the platform's documented length and hashtag limits.

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::product::Product;
use crate::statements::Facts;
use crate::stopwords::is_stopword;
use crate::terms;
use crate::turkish::{Case, WordKind, inflect_as, is_combining_mark, looks_possessive};

mod bank;

/// The voice of the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Urgent, offer-driven.
    SalesFocused,
    /// Factual, feature-driven.
    Informative,
    /// Calm, exclusive, no shouting.
    Premium,
}

/// A social platform the copy is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Instagram feed post caption.
    InstagramPost,
    /// Instagram story: short text drawn on the image.
    InstagramStory,
    /// Facebook page post.
    Facebook,
    /// X (Twitter) post.
    Twitter,
    /// LinkedIn post.
    Linkedin,
    /// Telegram photo caption.
    Telegram,
    /// WhatsApp Status text.
    WhatsappStatus,
}

/// How a platform counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// One per Unicode scalar value.
    Chars,
    /// X's weighted count: most Latin, Cyrillic, Greek, Arabic and Hebrew characters count 1,
    /// everything else (CJK, emoji) counts 2.
    XWeighted,
}

/// The length and hashtag limits the copy is fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformLimits {
    /// Maximum length of the whole post, counted with `counting`.
    pub max_chars: usize,
    /// Maximum number of hashtags we emit (a hard platform cap for Instagram, our choice elsewhere).
    pub max_hashtags: usize,
    /// How `max_chars` is counted.
    pub counting: Counting,
}

impl Platform {
    /// Every platform, for iteration.
    pub const ALL: [Platform; 7] = [
        Platform::InstagramPost,
        Platform::InstagramStory,
        Platform::Facebook,
        Platform::Twitter,
        Platform::Linkedin,
        Platform::Telegram,
        Platform::WhatsappStatus,
    ];

    /// The limits we fit copy to. Platforms change these quietly; each one names its source.
    pub fn limits(self) -> PlatformLimits {
        let (max_chars, max_hashtags, counting) = match self {
            // Instagram Graph API, IG Media "caption": at most 2,200 characters, 30 hashtags and
            // 20 @-tags (developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media).
            Platform::InstagramPost => (2_200, 30, Counting::Chars),
            // Stories have no caption; the text is drawn on a 1080×1920 image. 250 characters is
            // our own readability limit for an overlay, not a platform rule.
            Platform::InstagramStory => (250, 3, Counting::Chars),
            // Facebook allows 63,206 characters in a post (long-cited limit from Facebook's own
            // 2011 announcement); we stay far below it in practice. Hashtag count is our choice.
            Platform::Facebook => (63_206, 5, Counting::Chars),
            // X: 280 weighted characters; see developer.x.com/en/docs/counting-characters.
            Platform::Twitter => (280, 3, Counting::XWeighted),
            // LinkedIn posts ("share updates"): 3,000 characters (LinkedIn Help, "Character limits").
            Platform::Linkedin => (3_000, 5, Counting::Chars),
            // Telegram Bot API: a photo caption is 0–1024 characters after entity parsing
            // (core.telegram.org/bots/api#sendphoto); a plain message would allow 4096.
            Platform::Telegram => (1_024, 5, Counting::Chars),
            // WhatsApp text status: 700 characters is the commonly cited limit; not found in
            // WhatsApp's official documentation, so treat it as an assumption.
            Platform::WhatsappStatus => (700, 3, Counting::Chars),
        };
        PlatformLimits {
            max_chars,
            max_hashtags,
            counting,
        }
    }
}

impl PlatformLimits {
    /// The length of `text` as this platform counts it.
    pub fn count(&self, text: &str) -> usize {
        match self.counting {
            Counting::Chars => text.chars().count(),
            Counting::XWeighted => x_weighted_length(text),
        }
    }
}

/// The length of `text` as X counts it (twitter-text v3 weighting, without URL shortening).
pub fn x_weighted_length(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 1,
            _ => 2,
        })
        .sum()
}

/// A request for marketing copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyRequest {
    /// The product to write about.
    pub product: Product,
    /// Output language.
    pub language: Language,
    /// Voice of the copy.
    pub tone: Tone,
    /// Target platform; decides length and hashtag limits.
    pub platform: Platform,
    /// Picks phrase variants; the same seed and product always give the same copy.
    #[serde(default)]
    pub seed: u64,
    /// The price and discount are drawn on the image beside the text (a template's price tag
    /// and badge): the text then does not state them again.
    #[serde(default)]
    pub price_on_image: bool,
}

/// Generated copy, already fitted to the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingCopy {
    /// One-line hook.
    pub headline: String,
    /// The body sentences, joined with spaces.
    pub body: String,
    /// Call to action.
    pub call_to_action: String,
    /// Hashtags including the leading `#`, deduplicated.
    pub hashtags: Vec<String>,
    /// The post as it should be published: headline, body, call to action and hashtags.
    pub text: String,
    /// Length of `text` as the platform counts it; never above the platform's limit.
    pub length: usize,
}

/// Writes copy for a product with the built-in phrase banks.
///
/// ```
/// use pofuai_text::copy::{generate_copy, CopyRequest, Platform, Tone};
/// use pofuai_text::{Language, Product};
/// let mut product = Product::named("Premium Kahve Makinesi");
/// product.target_audience = Some("kahve severler".into());
/// let copy = generate_copy(&CopyRequest {
///     product, language: Language::Tr, tone: Tone::SalesFocused,
///     platform: Platform::Twitter, seed: 7,
/// });
/// assert!(copy.length <= 280);
/// ```
pub fn generate_copy(req: &CopyRequest) -> MarketingCopy {
    let bank = bank::for_language(req.language);
    let lang = req.language;
    let facts = Facts::new(&req.product, lang);
    let vars = Vars::new(&req.product, &facts, req.price_on_image);
    let mut rng = Rng::new(req.seed ^ product_hash(req));

    let (headline, headline_template) =
        pick(&mut rng, bank.headline(req.tone), &vars).unwrap_or_else(|| (vars.name.clone(), ""));
    let mut body = Vec::new();
    if let Some((s, _)) = pick(&mut rng, bank.intro(req.tone), &vars) {
        body.push(s);
    }
    // One sentence of the product's own facts: an attribute, else its options, else the spec.
    let attribute_sentences: Vec<String> = facts
        .attribute_sentences()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let fact = choose(&mut rng, &attribute_sentences)
        .or_else(|| facts.option_sentences().into_iter().next())
        .or_else(|| facts.spec_line(&[]));
    body.extend(fact);
    if let Some((s, _)) = pick(&mut rng, bank.audience, &vars) {
        body.push(s);
    }
    // The price and the discount once: not again when the headline already gave the discount.
    let price_bank = if headline_template.contains("{discount}") {
        bank.price
    } else if vars.discount.is_some() {
        bank.discount
    } else {
        bank.price
    };
    if let Some((s, _)) = pick(&mut rng, price_bank, &vars) {
        body.push(s);
    }
    body.extend(choose(&mut rng, &facts.category_sentences()));
    let cta = pick(&mut rng, bank.cta(req.tone), &vars)
        .map(|(s, _)| s)
        .unwrap_or_default();

    let mut tags = Vec::new();
    tags.push(vars.name.clone());
    if let Some(c) = &facts.category {
        tags.push(c.clone());
    }
    if let Some(b) = req.product.brand() {
        tags.push(b.to_string());
    }
    if let Some(a) = req.product.audience() {
        tags.push(a.to_string());
    }
    // A name's first words are what a shopper would tag; a giant name gets no more.
    for word in vars.name.split_whitespace().take(8) {
        let lower = lang.lowercase(word);
        // A Turkish head noun in possessive form ("Makinesi") makes a poor tag on its own, and
        // outside Turkish a word of a Turkish name is a Turkish word.
        let usable = match lang {
            Language::Tr => !looks_possessive(word),
            _ => terms::attr_value(word, lang, &req.product.terms)
                .is_some_and(|t| lang.lowercase(&t) == lower),
        };
        if lower.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && usable
            && !is_stopword(lang, &lower)
        {
            tags.push(word.to_string());
        }
    }
    if req.product.discount().is_some() && req.tone == Tone::SalesFocused {
        tags.extend(bank.discount_tags.iter().map(|t| (*t).to_string()));
    }
    let hashtags = hashtags_in(&tags, lang);

    fit_to_platform(&headline, &body, &cta, &hashtags, req.platform)
}

/// Assembles a post and shrinks it until it fits the platform: hashtags beyond the platform's
/// cap go first, then body sentences from the end, then remaining hashtags, and finally the
/// text is cut at a word boundary with an ellipsis.
pub fn fit_to_platform(
    headline: &str,
    body: &[String],
    cta: &str,
    hashtags: &[String],
    platform: Platform,
) -> MarketingCopy {
    let limits = platform.limits();
    let mut body: Vec<String> = body
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if platform == Platform::InstagramStory {
        // A story overlay carries the hook and the call to action only.
        body.truncate(1);
    }
    let mut tags: Vec<String> = hashtags.iter().take(limits.max_hashtags).cloned().collect();
    let mut headline = headline.trim().to_string();
    let cta = cta.trim().to_string();

    let assemble = |h: &str, b: &[String], c: &str, t: &[String]| {
        let mut parts: Vec<String> = Vec::new();
        if !h.is_empty() {
            parts.push(h.to_string());
        }
        if !b.is_empty() {
            parts.push(b.join(" "));
        }
        if !c.is_empty() {
            parts.push(c.to_string());
        }
        if !t.is_empty() {
            parts.push(t.join(" "));
        }
        parts.join("\n\n")
    };

    let fits = |text: &str| limits.count(text) <= limits.max_chars;
    while !fits(&assemble(&headline, &body, &cta, &tags)) && tags.len() > 2 {
        tags.pop();
    }
    while !fits(&assemble(&headline, &body, &cta, &tags)) && body.len() > 1 {
        body.pop();
    }
    while !fits(&assemble(&headline, &body, &cta, &tags)) && !tags.is_empty() {
        tags.pop();
    }
    if !fits(&assemble(&headline, &body, &cta, &tags)) {
        // Cut the body, then the headline, to whatever room is left.
        let others = limits.count(&assemble(&headline, &[], &cta, &[])) + 2;
        let room = limits.max_chars.saturating_sub(others);
        if let Some(first) = body.first_mut() {
            *first = truncate_words(first, room, &limits);
        }
        body.retain(|s| !s.is_empty());
    }
    if !fits(&assemble(&headline, &body, &cta, &tags)) {
        body.clear();
        let room = limits.max_chars.saturating_sub(limits.count(&cta) + 2);
        headline = truncate_words(&headline, room, &limits);
    }
    let mut text = assemble(&headline, &body, &cta, &tags);
    if !fits(&text) {
        text = truncate_words(&text, limits.max_chars, &limits);
    }
    MarketingCopy {
        length: limits.count(&text),
        headline,
        body: body.join(" "),
        call_to_action: cta,
        hashtags: tags,
        text,
    }
}

/// Cuts `text` to at most `max` (as `limits` count) at a word boundary, adding "…" when cut.
fn truncate_words(text: &str, max: usize, limits: &PlatformLimits) -> String {
    if limits.count(text) <= max {
        return text.to_string();
    }
    // X counts "…" as two.
    let ellipsis = limits.count("…");
    if max < ellipsis {
        return String::new();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if limits.count(&candidate) + ellipsis > max {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        // One giant word: cut by characters.
        for c in text.chars() {
            let mut candidate = out.clone();
            candidate.push(c);
            if limits.count(&candidate) + ellipsis > max {
                break;
            }
            out = candidate;
        }
    }
    let trimmed = out.trim_end_matches(|c: char| {
        c == ',' || c == ';' || c == ':' || c == '-' || c.is_whitespace()
    });
    format!("{trimmed}…")
}

/// Turns phrases into hashtags: CamelCase with each word's letters kept as written ("kahve
/// severler" → "#KahveSeverler", "Bakır Cezve" → "#BakırCezve": folding to "#Bakir" would
/// mean something else), words of uncased scripts joined with `_`, tags without a letter
/// dropped, duplicates (case-insensitive) removed, order kept. Turkish casing rules.
pub fn hashtags(phrases: &[String]) -> Vec<String> {
    hashtags_in(phrases, Language::Tr)
}

/// [`hashtags`] with the casing rules of `lang` ("istanbul" → "#İstanbul" in Turkish).
pub fn hashtags_in(phrases: &[String], lang: Language) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for phrase in phrases {
        let Some(tag) = hashtag(phrase, lang) else {
            continue;
        };
        if seen.insert(lang.lowercase(&tag)) {
            out.push(tag);
        }
    }
    out
}

fn hashtag(phrase: &str, lang: Language) -> Option<String> {
    let cleaned: String = phrase
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c
            } else if c == '\'' || c == '’' || is_combining_mark(c) {
                '\u{0}'
            } else {
                ' '
            }
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    let mut tag = String::from("#");
    let mut uncased_words = 0;
    for word in cleaned.split_whitespace() {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if first.is_lowercase() || first.is_uppercase() {
            let mixed = word.chars().skip(1).any(char::is_uppercase);
            if mixed {
                tag.push_str(word);
            } else {
                tag.push_str(&lang.uppercase(&first.to_string()));
                tag.push_str(chars.as_str());
            }
        } else {
            if uncased_words > 0 {
                tag.push('_');
            }
            tag.push_str(word);
            uncased_words += 1;
        }
    }
    tag.chars().any(char::is_alphabetic).then_some(tag)
}

/// Placeholder values for one product and language.
struct Vars {
    lang: Language,
    name: String,
    name_acc: String,
    name_dat: String,
    name_gen: String,
    brand: Option<String>,
    category: Option<String>,
    audience: Option<String>,
    audience_dat: Option<String>,
    price: Option<String>,
    old_price: Option<String>,
    discount: Option<String>,
    low_stock: Option<String>,
}

impl Vars {
    fn new(product: &Product, facts: &Facts, price_on_image: bool) -> Self {
        let lang = facts.lang;
        let audience = product
            .audience()
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "));
        let audience = audience.map(|a| lowercase_plain_words(&a, lang));
        let audience_dat = audience.as_ref().map(|a| {
            if lang == Language::Tr {
                inflect_as(a, Case::Dative, WordKind::Common)
            } else {
                a.clone()
            }
        });
        let discount = product.discount().filter(|_| !price_on_image);
        Vars {
            lang,
            name: facts.name.clone(),
            name_acc: facts.name_acc.clone(),
            name_dat: facts.name_dat.clone(),
            name_gen: facts.name_gen.clone(),
            brand: facts.brand.clone(),
            category: facts.category.clone(),
            audience,
            audience_dat,
            price: product
                .price
                .filter(|_| !price_on_image)
                .map(|p| p.format(lang)),
            old_price: discount.and(product.old_price.map(|p| p.format(lang))),
            discount: discount.map(|d| d.to_string()),
            low_stock: product.low_stock().map(|n| n.to_string()),
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        match key {
            "name" => Some(&self.name),
            "name_acc" => Some(&self.name_acc),
            "name_dat" => Some(&self.name_dat),
            "name_gen" => Some(&self.name_gen),
            "brand" => self.brand.as_deref(),
            "category" => self.category.as_deref(),
            "audience" => self.audience.as_deref(),
            "audience_dat" => self.audience_dat.as_deref(),
            "price" => self.price.as_deref(),
            "old_price" => self.old_price.as_deref(),
            "discount" => self.discount.as_deref(),
            "low_stock" => self.low_stock.as_deref(),
            _ => None,
        }
    }
}

/// "Kahve Severler" → "kahve severler", but "iPhone kullanıcıları" and "USB" stay as written.
fn lowercase_plain_words(s: &str, lang: Language) -> String {
    s.split(' ')
        .map(|w| {
            let plain_capitalised = w.chars().skip(1).all(|c| !c.is_uppercase())
                && w.chars().any(char::is_lowercase)
                && !w.chars().any(|c| c.is_ascii_digit());
            if plain_capitalised {
                lang.lowercase(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fills `{placeholders}`; `None` if one of them has no value for this product.
fn fill(template: &str, vars: &Vars) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        out.push_str(vars.get(&after[..end])?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Picks one template whose placeholders are all known, fills it and capitalises the sentence;
/// returns the sentence and its template.
fn pick<'t>(rng: &mut Rng, templates: &[&'t str], vars: &Vars) -> Option<(String, &'t str)> {
    let filled: Vec<(String, &str)> = templates
        .iter()
        .filter_map(|t| fill(t, vars).map(|s| (s, *t)))
        .collect();
    if filled.is_empty() {
        return None;
    }
    let i = (rng.next() % filled.len() as u64) as usize;
    filled
        .into_iter()
        .nth(i)
        .map(|(s, t)| (vars.lang.capitalise_sentence(&s), t))
}

/// One of `items`, picked by `rng`.
fn choose(rng: &mut Rng, items: &[String]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    items
        .get((rng.next() % items.len() as u64) as usize)
        .cloned()
}

/// FNV-1a over the fields that make a request distinct; stable across Rust versions.
fn product_hash(req: &CopyRequest) -> u64 {
    let mut h = Fnv::default();
    let p = &req.product;
    h.write(p.name.as_bytes());
    h.write(p.category.as_deref().unwrap_or("").as_bytes());
    for a in &p.attributes {
        h.write(a.key.as_bytes());
        h.write(a.value.as_bytes());
    }
    h.write(p.target_audience.as_deref().unwrap_or("").as_bytes());
    h.write(p.brand.as_deref().unwrap_or("").as_bytes());
    h.write(&p.price.map_or(0, |m| m.minor).to_le_bytes());
    h.write(req.language.code().as_bytes());
    h.write(&[req.tone as u8, req.platform as u8]);
    h.0
}

/// 64-bit FNV-1a with a field separator.
pub(crate) struct Fnv(pub(crate) u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(std::iter::once(&0xff)) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// SplitMix64: tiny, fast and reproducible.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests;
