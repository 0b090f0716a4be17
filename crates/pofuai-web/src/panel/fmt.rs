//! How the panel writes numbers, money and dates: Turkish by default (1.299,90 TL,
//! 30 Kasım 2026), English on request; times in Istanbul.

use chrono::{Datelike, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Istanbul;
use pofuai_text::Language;
use pofuai_text::money::{Currency, Money};

use super::i18n::Lang;

const TR_MONTHS: [&str; 12] = [
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
    "Kasım", "Aralık",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn text_lang(lang: Lang) -> Language {
    match lang {
        Lang::Tr => Language::Tr,
        Lang::En => Language::En,
    }
}

/// Minor units of `currency` as shoppers read them; the text engine's formatter, so prices
/// look the same in the panel and in generated copy.
pub fn money(lang: Lang, minor: i64, currency: &str) -> String {
    let currency = Currency::from_code(currency).unwrap_or(Currency::Try);
    Money::new(minor, currency).format(text_lang(lang))
}

/// A whole number with thousands grouped: 12.345 (tr), 12,345 (en).
pub fn int(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Lang::Tr => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A ratio as a signed percentage with one decimal: +12,5 % (tr), +12.5% (en).
pub fn change(lang: Lang, ratio: f64) -> String {
    let sign = if ratio > 0.0 { "+" } else { "" };
    let v = format!("{:.1}", ratio * 100.0);
    match lang {
        Lang::Tr => format!("{sign}%{}", v.replace('.', ",")),
        Lang::En => format!("{sign}{v}%"),
    }
}

/// A ratio as a percentage without sign: %12,5 (tr), 12.5% (en).
pub fn percent(lang: Lang, ratio: f64) -> String {
    let v = format!("{:.1}", ratio * 100.0);
    match lang {
        Lang::Tr => format!("%{}", v.replace('.', ",")),
        Lang::En => format!("{v}%"),
    }
}

/// A day: 30 Kasım 2026 / 30 November 2026.
pub fn date(lang: Lang, ms: i64) -> String {
    let Some(t) = Utc.timestamp_millis_opt(ms).single() else {
        return String::new();
    };
    let t = t.with_timezone(&Istanbul);
    day_name(lang, t.year(), t.month(), t.day())
}

/// A day and time: 30 Kasım 2026 14:05.
pub fn datetime(lang: Lang, ms: i64) -> String {
    let Some(t) = Utc.timestamp_millis_opt(ms).single() else {
        return String::new();
    };
    let t = t.with_timezone(&Istanbul);
    format!(
        "{} {:02}:{:02}",
        day_name(lang, t.year(), t.month(), t.day()),
        t.hour(),
        t.minute()
    )
}

/// `YYYY-MM-DD` as a named day; the input back when it is not a date.
pub fn iso_date(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => day_name(lang, d.year(), d.month(), d.day()),
        Err(_) => iso.to_string(),
    }
}

/// `YYYY-MM-DD` as its month: Kasım 2026 / November 2026; the input back when it is not a date.
pub fn iso_month(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => {
            let i = (d.month() as usize).saturating_sub(1).min(11);
            let name = match lang {
                Lang::Tr => TR_MONTHS[i],
                Lang::En => EN_MONTHS[i],
            };
            format!("{name} {}", d.year())
        }
        Err(_) => iso.to_string(),
    }
}

/// An RFC 3339 time as the API sends it, as a named day and time.
pub fn rfc3339(lang: Lang, s: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(s) {
        Ok(t) => datetime(lang, t.timestamp_millis()),
        Err(_) => s.to_string(),
    }
}

fn day_name(lang: Lang, year: i32, month: u32, day: u32) -> String {
    let i = (month as usize).saturating_sub(1).min(11);
    match lang {
        Lang::Tr => format!("{day} {} {year}", TR_MONTHS[i]),
        Lang::En => format!("{day} {} {year}", EN_MONTHS[i]),
    }
}

/// A key that sorts Turkish words as a Turkish dictionary does (ç after c, ğ after g, ı before
/// i, ö after o, ş after s, ü after u), ignoring case; the one the store pages names by.
pub fn turkish_sort_key(s: &str) -> Vec<u32> {
    pofuai_core::search::turkish_sort_key(s)
}

/// A channel's name as sellers know it (`trendyol` → Trendyol); an unknown one as written.
pub fn channel(name: &str) -> String {
    match name {
        "trendyol" => "Trendyol".into(),
        "hepsiburada" => "Hepsiburada".into(),
        "n11" => "N11".into(),
        "amazon_tr" => "Amazon".into(),
        "manual" => "Manuel".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_money_and_dates() {
        assert_eq!(money(Lang::Tr, 129_990, "TRY"), "1.299,90 TL");
        assert_eq!(money(Lang::En, 129_990, "TRY"), "1,299.90 TL");
        // 30 November 2026, 10:00 in Istanbul is 07:00 UTC.
        let ms = Utc
            .with_ymd_and_hms(2026, 11, 30, 7, 0, 0)
            .single()
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        assert_eq!(date(Lang::Tr, ms), "30 Kasım 2026");
        assert_eq!(date(Lang::En, ms), "30 November 2026");
        assert_eq!(datetime(Lang::Tr, ms), "30 Kasım 2026 10:00");
        assert_eq!(iso_date(Lang::Tr, "2026-08-01"), "1 Ağustos 2026");
        assert_eq!(int(Lang::Tr, 1_234_567), "1.234.567");
        assert_eq!(change(Lang::Tr, 0.125), "+%12,5");
        assert_eq!(change(Lang::En, -0.5), "-50.0%");
    }

    #[test]
    fn istanbul_midnight_is_the_next_day() {
        // 21:30 UTC on 29 November is 00:30 on the 30th in Istanbul.
        let ms = Utc
            .with_ymd_and_hms(2026, 11, 29, 21, 30, 0)
            .single()
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        assert_eq!(date(Lang::Tr, ms), "30 Kasım 2026");
    }

    #[test]
    fn turkish_order() {
        let mut words = vec![
            "Zeytin", "çanta", "Ceket", "ılık", "İğne", "Şal", "Saat", "Ödül", "Orkide",
        ];
        words.sort_by_key(|w| turkish_sort_key(w));
        assert_eq!(
            words,
            vec![
                "Ceket", "çanta", "ılık", "İğne", "Orkide", "Ödül", "Saat", "Şal", "Zeytin"
            ]
        );
    }
}
