//! Prices in minor units and their formatting per language ("1.299,90 TL", "$1,299.90").

use serde::{Deserialize, Serialize};

use crate::Language;

/// A currency the engine can format. Every one of these has two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    /// Turkish lira, shown as "TL".
    Try,
    /// US dollar.
    Usd,
    /// Euro.
    Eur,
    /// Pound sterling.
    Gbp,
    /// Saudi riyal.
    Sar,
    /// UAE dirham.
    Aed,
}

impl Currency {
    /// Parses an ISO 4217 code ("TRY", "try", "TL" is accepted for the lira).
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_uppercase().as_str() {
            "TRY" | "TL" => Some(Currency::Try),
            "USD" => Some(Currency::Usd),
            "EUR" => Some(Currency::Eur),
            "GBP" => Some(Currency::Gbp),
            "SAR" => Some(Currency::Sar),
            "AED" => Some(Currency::Aed),
            _ => None,
        }
    }

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Try => "TRY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Sar => "SAR",
            Currency::Aed => "AED",
        }
    }

    fn symbol(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Currency::Try, _) => "TL",
            (Currency::Usd, _) => "$",
            (Currency::Eur, _) => "€",
            (Currency::Gbp, _) => "£",
            (Currency::Sar, Language::Ar) => "ر.س",
            (Currency::Aed, Language::Ar) => "د.إ",
            (Currency::Sar, _) => "SAR",
            (Currency::Aed, _) => "AED",
        }
    }
}

/// An amount of money in minor units (kuruş, cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units: 129990 is 1.299,90 TL.
    pub minor: i64,
    /// Currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// A new amount.
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Formats the amount the way shoppers in `lang` read prices:
    /// tr "1.299,90 TL", de "1.299,90 €", en "$1,299.90" / "1,299.90 TL", ar "1,299.90 ر.س".
    pub fn format(&self, lang: Language) -> String {
        let (group, decimal) = match lang {
            Language::Tr | Language::De => ('.', ','),
            Language::En | Language::Ar => (',', '.'),
        };
        let abs = self.minor.unsigned_abs();
        let whole = (abs / 100).to_string();
        let cents = abs % 100;
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        let number = format!("{grouped}{decimal}{cents:02}");
        let symbol = self.currency.symbol(lang);
        let prefix = lang == Language::En
            && matches!(self.currency, Currency::Usd | Currency::Eur | Currency::Gbp);
        if prefix {
            format!("{sign}{symbol}{number}")
        } else {
            format!("{sign}{number} {symbol}")
        }
    }
}

/// The whole-percent discount from `old` to `new`, rounded down, when both share a currency
/// and `new` is really lower: 1.499,90 → 1.299,90 is 13 %.
pub fn discount_percent(new: Money, old: Money) -> Option<u32> {
    if new.currency != old.currency || old.minor <= 0 || new.minor < 0 || new.minor >= old.minor {
        return None;
    }
    // Rounded down, as the template's discount badge rounds: a shopper is never promised more
    // than the prices give (25.7 % is 25 %), and both show the same number.
    let (off, old) = ((old.minor - new.minor) as i128, old.minor as i128);
    u32::try_from(off * 100 / old).ok().filter(|p| *p > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounts_round_down() {
        let m = |minor| Money {
            minor,
            currency: Currency::Try,
        };
        // 25.73 % off is "%25", never "%26".
        assert_eq!(discount_percent(m(129_900), m(174_900)), Some(25));
        assert_eq!(discount_percent(m(365_407), m(429_890)), Some(14));
        assert_eq!(discount_percent(m(75), m(100)), Some(25));
        assert_eq!(discount_percent(m(99_600), m(100_000)), None);
        assert_eq!(discount_percent(m(99_000), m(100_000)), Some(1));
    }

    #[test]
    fn formats_prices_per_language() {
        let table = [
            (129_990, Currency::Try, Language::Tr, "1.299,90 TL"),
            (4_990, Currency::Try, Language::Tr, "49,90 TL"),
            (5, Currency::Try, Language::Tr, "0,05 TL"),
            (123_456_789, Currency::Try, Language::Tr, "1.234.567,89 TL"),
            (100_000, Currency::Eur, Language::De, "1.000,00 €"),
            (129_990, Currency::Usd, Language::En, "$1,299.90"),
            (129_990, Currency::Try, Language::En, "1,299.90 TL"),
            (99_900, Currency::Sar, Language::Ar, "999.00 ر.س"),
            (-2_500, Currency::Try, Language::Tr, "-25,00 TL"),
            (
                i64::MIN,
                Currency::Usd,
                Language::En,
                "-$92,233,720,368,547,758.08",
            ),
        ];
        for (minor, cur, lang, want) in table {
            assert_eq!(
                Money::new(minor, cur).format(lang),
                want,
                "{minor} {cur:?} {lang:?}"
            );
        }
    }

    #[test]
    fn discount_is_rounded_down_and_only_for_real_reductions() {
        let t = |m| Money::new(m, Currency::Try);
        assert_eq!(discount_percent(t(129_990), t(149_990)), Some(13));
        assert_eq!(discount_percent(t(5_000), t(10_000)), Some(50));
        assert_eq!(discount_percent(t(10_000), t(10_000)), None);
        assert_eq!(discount_percent(t(12_000), t(10_000)), None);
        assert_eq!(discount_percent(t(9_995), t(10_000)), None);
        assert_eq!(
            discount_percent(t(1_000), Money::new(2_000, Currency::Eur)),
            None
        );
    }
}
