//! Claim types and the product data each one needs. Generated text may state only what the data
//! supports; [`unsupported_claims`] finds the phrases that claim more, in any language.
//!
//! | claim | example | needs |
//! |---|---|---|
//! | fast shipping, free shipping, careful packaging, easy returns, secure payment, customer service | "hızlı kargo", "free shipping" | never: the product data says nothing about them |
//! | customer reviews, popularity | "müşteri yorumları", "everyone is talking about" | never: we hold no reviews or sales ranks |
//! | superlative quality | "kusursuz işçilik", "the best" | never |
//! | discount, campaign | "%25 indirim", "kampanya", "Rabatt" | an old price above the price |
//! | limited stock | "stoklar tükenmeden", "before it sells out" | 1 to [`LOW_STOCK`] units in stock (never 0) |
//! | in stock | "stokta", "in stock" | stock above 0 |
//! | warranty | "2 yıl garanti" | a warranty attribute |
//! | handmade | "el yapımı", "handmade" | the seller's own name, description or attributes say so |
//!
//! The generators gate every claim on its data (a template that needs `{discount}` is skipped
//! without one); this module is the independent check the tests run over their output, and
//! the LLM provider's answers are held to it too.

use serde::Serialize;

use crate::Language;
use crate::product::{LOW_STOCK, Product};
use crate::terms::{AttrKind, attr_kind};
use crate::turkish::tr_lowercase;

/// A kind of claim copy can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    FastShipping,
    FreeShipping,
    CarefulPackaging,
    EasyReturns,
    SecurePayment,
    CustomerService,
    CustomerReviews,
    Popularity,
    Superlative,
    Discount,
    LimitedStock,
    InStock,
    Warranty,
    Handmade,
}

/// A claim found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The phrase that makes it, lower-cased.
    pub phrase: String,
}

/// Trigger phrases, lower-case. A trailing `*` matches any ending ("indirim*" finds
/// "indirimli"); otherwise the phrase must end at a word boundary.
const TRIGGERS: &[(ClaimKind, &[&str])] = &[
    (
        ClaimKind::FastShipping,
        &[
            "hızlı kargo*",
            "hızlı teslimat*",
            "aynı gün kargo*",
            "kapınıza*",
            "fast shipping",
            "fast delivery",
            "ships fast",
            "to your door",
            "schneller versand",
            "schnelle lieferung",
            "شحن سريع",
            "توصيل سريع",
            "باب منزلك",
        ],
    ),
    (
        ClaimKind::FreeShipping,
        &[
            "ücretsiz kargo*",
            "kargo bedava",
            "free shipping",
            "kostenloser versand",
            "versandkostenfrei",
            "شحن مجاني",
        ],
    ),
    (
        ClaimKind::CarefulPackaging,
        &[
            "özenli paket*",
            "özenle paket*",
            "careful packaging",
            "packed with care",
            "sorgfältige verpackung",
            "sorgfältig verpackt",
            "تغليف دقيق",
            "نغلّف",
        ],
    ),
    (
        ClaimKind::EasyReturns,
        &[
            "kolay iade*",
            "ücretsiz iade*",
            "easy return*",
            "free return*",
            "einfache rückgabe",
            "einfacher rückgabe",
            "إرجاع سهل",
        ],
    ),
    (
        ClaimKind::SecurePayment,
        &[
            "güvenli ödeme*",
            "secure payment*",
            "sichere zahlung",
            "sicherer zahlung",
            "دفع آمن",
        ],
    ),
    (
        ClaimKind::CustomerService,
        &[
            "müşteri hizmet*",
            "customer service*",
            "kundenservice*",
            "خدمة العملاء",
        ],
    ),
    (
        ClaimKind::CustomerReviews,
        &[
            "müşteri yorum*",
            "kullanıcı yorum*",
            "customer review*",
            "kundenbewertung*",
            "تقييمات العملاء",
        ],
    ),
    (
        ClaimKind::Popularity,
        &[
            "herkesin konuştuğu",
            "çok satan*",
            "en çok satan*",
            "everyone is talking",
            "best-seller*",
            "bestseller*",
            "alle reden",
            "الجميع يتحدث",
            "الأكثر مبيع*",
        ],
    ),
    (
        ClaimKind::Superlative,
        &[
            "kusursuz*",
            "üstün*",
            "mükemmel*",
            "en iyi",
            "en kaliteli",
            "eşsiz*",
            "flawless*",
            "superior",
            "perfect*",
            "the best",
            "unbeatable",
            "unmatched",
            "makellos*",
            "herausragend*",
            "perfekt*",
            "unschlagbar*",
            "الأفضل",
            "لا مثيل",
            "متقن*",
        ],
    ),
    (
        ClaimKind::Discount,
        &[
            "indirim*",
            "kampanya*",
            "fırsat*",
            "ucuzluk*",
            "% off",
            "discount*",
            "save",
            "saving*",
            "deal",
            "deals",
            "sale",
            "on sale",
            "special offer",
            "rabatt*",
            "angebot*",
            "sparen",
            "reduziert*",
            "خصم",
            "تخفيض*",
            "عرض",
            "عروض",
            "وفّر",
            "وفر",
        ],
    ),
    (
        ClaimKind::LimitedStock,
        &[
            "stoklar sınırlı",
            "sınırlı stok*",
            "tükenmeden",
            "tükeniyor",
            "stokta son",
            "son fırsat",
            "limited stock",
            "stock is limited",
            "sells out",
            "sell out",
            "selling fast",
            "left in stock",
            "solange der vorrat reicht",
            "فقط في المخزون",
            "nur noch",
            "begrenzt*",
            "الكمية محدودة",
            "نفاد*",
        ],
    ),
    (
        ClaimKind::InStock,
        &[
            "stokta",
            "stoklarda",
            "in stock",
            "auf lager",
            "vorrätig",
            "متوفر",
            "متوفرة",
            "في المخزون",
        ],
    ),
    (
        ClaimKind::Warranty,
        &[
            "garanti*",
            "warrant*",
            "guarantee*",
            "garantie*",
            "ضمان",
            "الضمان",
        ],
    ),
    (
        ClaimKind::Handmade,
        &[
            "el yapımı",
            "el işi",
            "el dokuması",
            "el örmesi",
            "handmade",
            "hand-made",
            "handcrafted",
            "handgemacht*",
            "handarbeit*",
            "يدوي*",
            "صناعة يدوية",
        ],
    ),
];

fn lower(text: &str, lang: Language) -> String {
    match lang {
        Language::Tr => tr_lowercase(text),
        _ => text.to_lowercase(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `pattern` (see [`TRIGGERS`]) occurs in the lower-cased `text`.
fn find(text: &str, pattern: &str, lang: Language) -> bool {
    let (needle, prefix) = match pattern.strip_suffix('*') {
        Some(n) => (n, true),
        None => (pattern, false),
    };
    // Arabic glues articles and conjunctions to the word ("والضمان"): no start boundary there.
    let start_boundary = lang != Language::Ar && needle.starts_with(is_word_char);
    let end_boundary = !prefix && needle.ends_with(is_word_char);
    text.match_indices(needle).any(|(i, m)| {
        let before_ok = !start_boundary || !text[..i].chars().next_back().is_some_and(is_word_char);
        let after_ok =
            !end_boundary || !text[i + m.len()..].chars().next().is_some_and(is_word_char);
        before_ok && after_ok
    })
}

/// Every claim `text` makes, once per kind.
pub fn claims_in(text: &str, lang: Language) -> Vec<Claim> {
    let text = lower(text, lang);
    let mut out: Vec<Claim> = Vec::new();
    for (kind, patterns) in TRIGGERS {
        if let Some(p) = patterns.iter().find(|p| find(&text, p, lang)) {
            out.push(Claim {
                kind: *kind,
                phrase: p.trim_end_matches('*').to_string(),
            });
        }
    }
    out
}

/// Whether the product's data supports a claim of this kind. `seller_text` is what the seller
/// wrote about the product (its description), the only evidence for a handmade claim besides
/// the name and attributes.
pub fn supported(kind: ClaimKind, product: &Product, seller_text: &str) -> bool {
    match kind {
        ClaimKind::Discount => product.discount().is_some(),
        ClaimKind::LimitedStock => product.stock.is_some_and(|s| (1..=LOW_STOCK).contains(&s)),
        ClaimKind::InStock => product.stock.is_some_and(|s| s > 0),
        ClaimKind::Warranty => product
            .attributes
            .iter()
            .any(|a| attr_kind(&a.key) == Some(AttrKind::Warranty) && !a.value.trim().is_empty()),
        ClaimKind::Handmade => {
            let mut evidence = format!("{} {seller_text}", product.name);
            for a in &product.attributes {
                evidence.push(' ');
                evidence.push_str(&a.value);
            }
            [Language::Tr, Language::En, Language::De, Language::Ar]
                .into_iter()
                .any(|l| {
                    claims_in(&evidence, l)
                        .iter()
                        .any(|c| c.kind == ClaimKind::Handmade)
                })
        }
        _ => false,
    }
}

/// The claims in `text` that the product's data does not support.
pub fn unsupported_claims(
    text: &str,
    product: &Product,
    lang: Language,
    seller_text: &str,
) -> Vec<Claim> {
    claims_in(text, lang)
        .into_iter()
        .filter(|c| !supported(c.kind, product, seller_text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Attribute;
    use crate::money::{Currency, Money};

    #[test]
    fn finds_claims_in_every_language_at_word_boundaries() {
        let table = [
            (
                "Hızlı kargo ile kapınızda!",
                Language::Tr,
                ClaimKind::FastShipping,
            ),
            ("Şimdi %20 İNDİRİMLİ", Language::Tr, ClaimKind::Discount),
            (
                "Stoklar tükenmeden alın",
                Language::Tr,
                ClaimKind::LimitedStock,
            ),
            (
                "Add it before it sells out!",
                Language::En,
                ClaimKind::LimitedStock,
            ),
            (
                "Everyone is talking about it",
                Language::En,
                ClaimKind::Popularity,
            ),
            ("Jetzt 20 % Rabatt", Language::De, ClaimKind::Discount),
            (
                "Kundenbewertungen ansehen",
                Language::De,
                ClaimKind::CustomerReviews,
            ),
            (
                "اطلب قبل نفاد الكمية",
                Language::Ar,
                ClaimKind::LimitedStock,
            ),
            ("تسوّق بثقة مع ضمان سنتين", Language::Ar, ClaimKind::Warranty),
        ];
        for (text, lang, kind) in table {
            assert!(
                claims_in(text, lang).iter().any(|c| c.kind == kind),
                "{kind:?} not found in {text:?}"
            );
        }
        // Words that merely contain a trigger are not claims.
        assert!(claims_in("A wholesale salesman", Language::En).is_empty());
        assert!(claims_in("Hızlı şarj, 30 saat pil ömrü.", Language::Tr).is_empty());
    }

    #[test]
    fn the_data_decides_what_is_supported() {
        let mut p = Product::named("Termos");
        let text = "%10 indirim, stokta son 3 ürün, 2 yıl garanti, el yapımı.";
        let kinds = |p: &Product, seller: &str| -> Vec<ClaimKind> {
            unsupported_claims(text, p, Language::Tr, seller)
                .into_iter()
                .map(|c| c.kind)
                .collect()
        };
        assert_eq!(
            kinds(&p, ""),
            vec![
                ClaimKind::Discount,
                ClaimKind::LimitedStock,
                ClaimKind::InStock,
                ClaimKind::Warranty,
                ClaimKind::Handmade
            ]
        );
        p.price = Some(Money::new(900, Currency::Try));
        p.old_price = Some(Money::new(1000, Currency::Try));
        p.stock = Some(3);
        p.attributes.push(Attribute::new("Garanti Süresi", "2 yıl"));
        assert_eq!(kinds(&p, "Gaziantep işi, el yapımı."), vec![]);
        p.stock = Some(0);
        assert_eq!(
            kinds(&p, "el yapımı"),
            vec![ClaimKind::LimitedStock, ClaimKind::InStock]
        );
    }
}
