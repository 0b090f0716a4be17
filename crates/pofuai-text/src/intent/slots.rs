//! The slots a question fills besides its intent: the period it asks about, the sales
//! channel, the social platform of a template, and its numbers.

use serde::Serialize;

use super::words::{Token, number};

/// A period relative to today (resolved to dates by the caller, who knows today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum Period {
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    /// The last n days up to today.
    LastDays(u32),
    /// The next n days from tomorrow (forecasts).
    NextDays(u32),
}

/// Sales channels by the words that name them, folded.
const CHANNELS: &[(&str, &str)] = &[
    ("trendyol", "trendyol"),
    ("hepsiburada", "hepsiburada"),
    ("n11", "n11"),
    ("amazon", "amazon_tr"),
    ("ciceksepeti", "ciceksepeti"),
    ("pazarama", "pazarama"),
    ("shopify", "shopify"),
    ("woocommerce", "woocommerce"),
    ("ikas", "ikas"),
];

/// The period a question names; `None` when it names none.
pub fn period(tokens: &[Token]) -> Option<Period> {
    let w: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    let at = |i: usize| w.get(i).copied().unwrap_or("");
    for i in 0..w.len() {
        let (a, b, c) = (at(i), at(i + 1), at(i + 2));
        let is = |word: &str, forms: &[&str]| forms.contains(&word);
        const DAY: &[&str] = &["gun", "gunde", "gunun", "gunluk", "day", "days"];
        const WEEK: &[&str] = &["hafta", "haftada", "haftanin", "haftaki", "week", "weeks"];
        const MONTH: &[&str] = &["ay", "ayda", "ayin", "ayki", "aya", "month", "months"];
        const YEAR: &[&str] = &["yil", "yilda", "yilin", "sene", "senede", "year", "years"];
        let n = number(b)
            .and_then(|n| u32::try_from(n as i64).ok())
            .filter(|n| (1..=1000).contains(n));
        match a {
            "bugun" | "today" => return Some(Period::Today),
            "dun" | "yesterday" => return Some(Period::Yesterday),
            "bu" | "this" if is(b, WEEK) => return Some(Period::ThisWeek),
            "bu" | "this" if is(b, MONTH) => return Some(Period::ThisMonth),
            "bu" | "this" if is(b, YEAR) => return Some(Period::ThisYear),
            "gecen" | "last" | "previous" | "onceki" if is(b, WEEK) => {
                return Some(Period::LastWeek);
            }
            "gecen" | "last" | "previous" | "onceki" if is(b, MONTH) => {
                return Some(Period::LastMonth);
            }
            "gecen" | "last" | "previous" | "onceki" if is(b, YEAR) => {
                return Some(Period::LastYear);
            }
            "son" | "last" | "past" => {
                if let Some(n) = n {
                    if is(c, DAY) {
                        return Some(Period::LastDays(n));
                    } else if is(c, WEEK) {
                        return Some(Period::LastDays(n * 7));
                    } else if is(c, MONTH) {
                        return Some(Period::LastDays(n * 30));
                    }
                }
            }
            "gelecek" | "onumuzdeki" | "next" | "coming" => {
                if is(b, WEEK) {
                    return Some(Period::NextDays(7));
                } else if is(b, MONTH) {
                    return Some(Period::NextDays(30));
                } else if let Some(n) = n {
                    if is(c, DAY) {
                        return Some(Period::NextDays(n));
                    } else if is(c, WEEK) {
                        return Some(Period::NextDays(n * 7));
                    } else if is(c, MONTH) {
                        return Some(Period::NextDays(n * 30));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The sales channel a question names (`trendyol`, `hepsiburada`, …).
pub fn channel(tokens: &[Token]) -> Option<&'static str> {
    tokens.iter().enumerate().find_map(|(i, t)| {
        let word = t.folded.as_str();
        // "hepsi burada" written apart.
        if word == "hepsi"
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.folded.starts_with("burada"))
        {
            return Some("hepsiburada");
        }
        CHANNELS
            .iter()
            .find(|(name, _)| word.starts_with(name))
            .map(|(_, channel)| *channel)
    })
}

/// The template type a question asks for ("Instagram gönderisi" → `instagram_post`).
pub fn platform(tokens: &[Token]) -> Option<&'static str> {
    let has = |prefix: &str| tokens.iter().any(|t| t.folded.starts_with(prefix));
    if has("instagram") || has("insta") {
        if has("hikaye") || has("story") || has("stori") {
            Some("instagram_story")
        } else {
            Some("instagram_post")
        }
    } else if has("facebook") {
        Some("facebook_post")
    } else if has("twitter") || has("tweet") {
        Some("twitter_post")
    } else if has("linkedin") {
        Some("linkedin_post")
    } else if has("telegram") {
        Some("telegram_post")
    } else if has("whatsapp") {
        Some("whatsapp_status")
    } else {
        None
    }
}

/// Numbers of the question with the index of their token.
pub fn numbers(tokens: &[Token]) -> Vec<(usize, f64)> {
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| number(&t.raw).map(|n| (i, n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::words::tokens;
    use super::*;

    #[test]
    fn periods_in_both_languages() {
        let cases = [
            ("geçen ay Trendyol'da", Some(Period::LastMonth)),
            ("bu hafta kaç sipariş", Some(Period::ThisWeek)),
            ("son 7 günde", Some(Period::LastDays(7))),
            ("last month", Some(Period::LastMonth)),
            ("in the last 2 weeks", Some(Period::LastDays(14))),
            ("önümüzdeki ay", Some(Period::NextDays(30))),
            ("dün", Some(Period::Yesterday)),
            ("stok", None),
        ];
        for (q, want) in cases {
            assert_eq!(period(&tokens(q)), want, "{q}");
        }
    }

    #[test]
    fn channels_and_platforms() {
        assert_eq!(channel(&tokens("Trendyol'da")), Some("trendyol"));
        assert_eq!(channel(&tokens("hepsi burada")), Some("hepsiburada"));
        assert_eq!(
            platform(&tokens("Instagram gönderisi")),
            Some("instagram_post")
        );
        assert_eq!(
            platform(&tokens("instagram hikayesi")),
            Some("instagram_story")
        );
        assert_eq!(platform(&tokens("a tweet")), Some("twitter_post"));
    }
}
