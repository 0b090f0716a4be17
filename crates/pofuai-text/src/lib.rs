//! PofuAi's offline text engine.
//!
//! Everything here is pure, synchronous and deterministic, except [`provider`], which can call an
//! OpenAI-compatible chat-completions server and falls back to the built-in engine on any failure.
//!
//! - [`turkish`]: Turkish casing (`İ`/`i`, `I`/`ı`), slugs, and noun suffixes by vowel harmony
//!   and consonant rules ("Kahve Makinesi'ni", "2024'te", "iPhone'u").
//! - [`copy`]: marketing copy (headline, body, call to action, hashtags) in tr/en/de/ar, three
//!   tones, fitted to each social platform's documented limits; a seed picks phrase variants.
//! - [`seo`]: meta title (≤ 60 characters), meta description (120–160) and TF-IDF keywords over
//!   stemmed words, merged with the seller's own keywords and deduplicated by stem.
//! - [`describe`]: description enhancement that emits safe HTML (`p`, `ul`, `li`, `strong`, `h3`,
//!   `br` only; every input character escaped), with length, keyword-density, sales and technical
//!   detail options; accepts HTML input and strips it to text first.
//! - [`provider`]: the `TextProvider` trait, the built-in engine and an OpenAI-compatible client,
//!   with an outcome record (latency, tokens, failure reason) for metrics.
//! - [`claims`]: the claim types and the data each needs; finds unsupported claims in any text.
//! - [`terms`]: the term table that keeps Turkish vocabulary out of English, German and Arabic.
//! - [`intent`]: the assistant's offline reading of a question: intent, period, channel,
//!   platform and numbers, Turkish suffixes stripped.
//! - [`quality`]: how much generated text repeats across a catalogue.
//!
//! Invariants: no function in this crate panics on user input; every HTML string it returns
//! contains only the allow-listed tags, without attributes; generated text states only what the
//! product's data supports (no filler, no shipping or review promises, discounts and stock only
//! when the data has them).

pub mod answer;
pub mod claims;
pub mod copy;
pub mod describe;
pub mod intent;
mod lang;
pub mod money;
mod product;
pub mod provider;
pub mod quality;
pub mod seo;
mod statements;
mod stopwords;
pub mod terms;
pub mod turkish;

pub use lang::{Language, detect_language};
pub use product::{Attribute, LOW_STOCK, Product, VariantFacts, VariantOption};
pub use terms::Term;
