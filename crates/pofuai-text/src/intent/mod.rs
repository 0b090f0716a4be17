//! Intent matching and slot filling for the assistant's questions, in Turkish and English,
//! without a model: each intent has cues (word prefixes that must all appear, so suffixed
//! forms match: "tüken" finds "tükenmek", "tükenecek"), the best-scoring intent wins, and the
//! slots (period, channel, platform, numbers) are read from the same words. Product names
//! are matched by the caller, which knows the catalogue, with [`words::stem`].

pub mod slots;
pub mod words;

use serde::Serialize;

use crate::Language;
pub use slots::Period;
pub use words::Token;

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    LowStock,
    OutOfStock,
    Reorder,
    TopSellers,
    SlowSellers,
    ProductSales,
    Returns,
    OrdersCount,
    Revenue,
    AverageBasket,
    SalesChange,
    ChannelCompare,
    Forecast,
    QuotaLeft,
    TemplatesMade,
    ProductCount,
    ProductPrice,
    ProductStock,
    SetStock,
    SetPrice,
    GenerateTemplate,
    OpenProduct,
    UnlistedProducts,
    FailedListings,
    SyncErrors,
    Help,
    Unknown,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::LowStock => "low_stock",
            Intent::OutOfStock => "out_of_stock",
            Intent::Reorder => "reorder",
            Intent::TopSellers => "top_sellers",
            Intent::SlowSellers => "slow_sellers",
            Intent::ProductSales => "product_sales",
            Intent::Returns => "returns",
            Intent::OrdersCount => "orders_count",
            Intent::Revenue => "revenue",
            Intent::AverageBasket => "average_basket",
            Intent::SalesChange => "sales_change",
            Intent::ChannelCompare => "channel_compare",
            Intent::Forecast => "forecast",
            Intent::QuotaLeft => "quota_left",
            Intent::TemplatesMade => "templates_made",
            Intent::ProductCount => "product_count",
            Intent::ProductPrice => "product_price",
            Intent::ProductStock => "product_stock",
            Intent::SetStock => "set_stock",
            Intent::SetPrice => "set_price",
            Intent::GenerateTemplate => "generate_template",
            Intent::OpenProduct => "open_product",
            Intent::UnlistedProducts => "unlisted_products",
            Intent::FailedListings => "failed_listings",
            Intent::SyncErrors => "sync_errors",
            Intent::Help => "help",
            Intent::Unknown => "unknown",
        }
    }
}

/// A question read: its language, intent and slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub language: Language,
    pub intent: Intent,
    pub period: Option<Period>,
    pub channel: Option<&'static str>,
    pub platform: Option<&'static str>,
    /// Numbers with the index of their token (a product name's own numbers included; the
    /// caller drops those once it knows the product).
    pub numbers: Vec<(usize, f64)>,
    pub tokens: Vec<Token>,
    /// Tokens that matched a cue: not part of a product name.
    pub cue_tokens: Vec<usize>,
}

/// A cue: word prefixes that must all appear (`=` asks for the whole word) and its weight.
type Cue = (&'static [&'static str], u32);

use Intent as I;

/// Turkish cues per intent.
const TR: &[(Intent, &[Cue])] = &[
    (
        I::LowStock,
        &[
            (&["tuken", "uzere"], 6),
            (&["tukenece"], 5),
            (&["bitmek", "uzere"], 6),
            (&["azal"], 4),
            (&["kritik"], 4),
            (&["stog", "az"], 3),
            (&["stok", "az"], 3),
            (&["dusuk", "stok"], 4),
        ],
    ),
    (
        I::OutOfStock,
        &[
            (&["tukendi"], 5),
            (&["tukenen"], 5),
            (&["stokta", "yok"], 5),
            (&["stokta", "olmayan"], 6),
            (&["stoksuz"], 5),
            (&["stogu", "biten"], 6),
            (&["stogu", "bitti"], 6),
            (&["=sifir", "stok"], 5),
        ],
    ),
    (
        I::Reorder,
        &[
            (&["yeniden", "siparis"], 6),
            (&["siparis", "etmeli"], 6),
            (&["siparis", "vermeli"], 6),
            (&["tedarik"], 3),
            (&["stok", "almali"], 6),
            (&["ne", "kadar", "almali"], 6),
            (&["ikmal"], 6),
        ],
    ),
    (
        I::TopSellers,
        &[
            (&["en", "cok", "sat"], 6),
            (&["cok", "satan"], 5),
            (&["en", "iyi", "sat"], 6),
            (&["en", "cok", "ne"], 3),
        ],
    ),
    (
        I::SlowSellers,
        &[
            (&["en", "az", "sat"], 7),
            (&["satmayan"], 6),
            (&["satilmayan"], 6),
            (&["az", "satan"], 6),
        ],
    ),
    (
        I::ProductSales,
        &[
            (&["kac", "tane", "sat"], 5),
            (&["kac", "adet", "sat"], 5),
            (&["kac", "sattim"], 5),
            (&["ne", "kadar", "satti"], 2),
        ],
    ),
    (I::Returns, &[(&["iade"], 5), (&["geri", "gonder"], 4)]),
    (
        I::OrdersCount,
        &[
            (&["kac", "siparis"], 5),
            (&["siparis", "sayi"], 5),
            (&["siparis"], 2),
        ],
    ),
    (
        I::Revenue,
        &[
            (&["ciro"], 6),
            (&["gelir"], 5),
            (&["kazan"], 5),
            (&["hasilat"], 6),
            (&["satis", "tutar"], 6),
            (&["toplam", "satis"], 5),
            (&["ne", "kadar", "sattim"], 4),
        ],
    ),
    (
        I::AverageBasket,
        &[
            (&["ortalama", "sepet"], 8),
            (&["sepet", "ortalama"], 8),
            (&["ortalama", "siparis"], 8),
            (&["sepet", "tutar"], 7),
        ],
    ),
    (
        I::SalesChange,
        &[
            (&["satis", "artt"], 6),
            (&["satis", "dust"], 6),
            (&["satis", "azald"], 6),
            (&["karsilastir"], 3),
            (&["gore", "nasil"], 5),
            (&["nasil", "gidiyor"], 5),
            (&["satis", "degis"], 6),
        ],
    ),
    (
        I::ChannelCompare,
        &[
            (&["hangi", "kanal"], 7),
            (&["hangi", "pazaryeri"], 7),
            (&["kanal"], 3),
            (&["pazaryerleri"], 3),
        ],
    ),
    (
        I::Forecast,
        &[
            (&["tahmin"], 6),
            (&["satacag"], 5),
            (&["satarim"], 4),
            (&["beklenen"], 4),
            (&["ongoru"], 6),
        ],
    ),
    (
        I::QuotaLeft,
        &[
            (&["sablon", "hakk"], 8),
            (&["hakkim"], 6),
            (&["kota"], 6),
            (&["kalan", "sablon"], 8),
            (&["kac", "sablon", "kaldi"], 8),
        ],
    ),
    (
        I::TemplatesMade,
        &[
            (&["kac", "sablon"], 4),
            (&["sablon", "uretti"], 6),
            (&["sablon", "olusturdu"], 6),
            (&["sablon", "yapti"], 6),
            (&["gorsel", "uretti"], 6),
            (&["uretilen", "sablon"], 6),
        ],
    ),
    (
        I::ProductCount,
        &[
            (&["kac", "urun"], 4),
            (&["urun", "sayi"], 5),
            (&["katalog"], 3),
        ],
    ),
    (
        I::ProductPrice,
        &[(&["fiyat"], 4), (&["kac", "para"], 4), (&["kaca"], 3)],
    ),
    (
        I::ProductStock,
        &[
            (&["stog"], 3),
            (&["=stok"], 3),
            (&["stokta", "kac"], 5),
            (&["kac", "tane", "var"], 4),
            (&["kac", "tane", "kald"], 5),
            (&["kac", "adet", "kald"], 5),
        ],
    ),
    (
        I::SetStock,
        &[
            (&["stog", "=yap"], 9),
            (&["stok", "=yap"], 9),
            (&["stog", "ayarla"], 9),
            (&["stok", "ayarla"], 9),
            (&["stog", "guncelle"], 9),
            (&["stok", "guncelle"], 9),
            (&["stog", "=olarak"], 8),
            (&["stog", "cek"], 9),
            (&["stog", "=yapin"], 9),
        ],
    ),
    (
        I::SetPrice,
        &[
            (&["fiyat", "=yap"], 9),
            (&["fiyat", "ayarla"], 9),
            (&["fiyat", "guncelle"], 9),
            (&["fiyat", "dusur"], 9),
            (&["fiyat", "indir"], 9),
            (&["fiyat", "cek"], 9),
            (&["fiyat", "=olarak"], 8),
            (&["fiyat", "=yapin"], 9),
        ],
    ),
    (
        I::GenerateTemplate,
        &[
            (&["hazirla"], 4),
            (&["gonderi"], 4),
            (&["paylasim"], 4),
            (&["olustur"], 3),
            (&["=uret"], 3),
            (&["hikaye"], 3),
            (&["afis"], 4),
            (&["reklam", "gorsel"], 5),
        ],
    ),
    (
        I::OpenProduct,
        &[
            (&["=ac"], 5),
            (&["=goster"], 4),
            (&["sayfasini"], 4),
            (&["urune", "git"], 5),
        ],
    ),
    (
        I::UnlistedProducts,
        &[
            (&["listelenmemis"], 8),
            (&["listelenmeyen"], 8),
            (&["yuklenmemis"], 7),
            (&["yuklenmeyen"], 7),
            (&["olmayan", "urun"], 4),
            (&["eksik", "urun"], 5),
        ],
    ),
    (
        I::FailedListings,
        &[
            (&["hatali", "liste"], 8),
            (&["reddedil"], 7),
            (&["basarisiz", "liste"], 8),
            (&["onaylanmayan"], 7),
            (&["listeleme", "hata"], 8),
            (&["=red", "yiyen"], 7),
        ],
    ),
    (
        I::SyncErrors,
        &[
            (&["senkron"], 5),
            (&["entegrasyon", "hata"], 7),
            (&["hata"], 3),
            (&["aktarim", "hata"], 7),
        ],
    ),
    (
        I::Help,
        &[
            (&["ne", "yapabilir"], 8),
            (&["neler", "yapabilir"], 8),
            (&["yardim"], 6),
            (&["merhaba"], 2),
            (&["neler", "sorabilir"], 8),
        ],
    ),
];

/// English cues per intent.
const EN: &[(Intent, &[Cue])] = &[
    (
        I::LowStock,
        &[
            (&["run", "out"], 6),
            (&["running", "out"], 6),
            (&["running", "low"], 6),
            (&["low", "stock"], 6),
            (&["low", "on", "stock"], 6),
            (&["stock", "low"], 5),
            (&["about", "to", "sell", "out"], 6),
            (&["soon"], 2),
        ],
    ),
    (
        I::OutOfStock,
        &[
            (&["out", "of", "stock"], 7),
            (&["sold", "out"], 6),
            (&["no", "stock"], 6),
            (&["zero", "stock"], 6),
        ],
    ),
    (
        I::Reorder,
        &[
            (&["reorder"], 7),
            (&["restock"], 7),
            (&["replenish"], 7),
            (&["should", "order"], 6),
            (&["should", "buy"], 6),
            (&["purchase", "order"], 5),
        ],
    ),
    (
        I::TopSellers,
        &[
            (&["best", "sell"], 7),
            (&["top", "sell"], 7),
            (&["sold", "most"], 6),
            (&["most", "sold"], 6),
            (&["top", "product"], 6),
            (&["best", "product"], 6),
            (&["sell", "most"], 6),
        ],
    ),
    (
        I::SlowSellers,
        &[
            (&["worst", "sell"], 7),
            (&["least", "sold"], 7),
            (&["sold", "least"], 7),
            (&["slow"], 5),
            (&["not", "selling"], 6),
            (&["sell", "least"], 7),
        ],
    ),
    (
        I::ProductSales,
        &[
            (&["how", "many", "sold"], 5),
            (&["how", "many", "did", "sell"], 5),
            (&["units", "of"], 4),
        ],
    ),
    (I::Returns, &[(&["return"], 5), (&["refund"], 4)]),
    (
        I::OrdersCount,
        &[
            (&["how", "many", "order"], 6),
            (&["number", "of", "order"], 6),
            (&["order", "count"], 6),
            (&["order"], 2),
        ],
    ),
    (
        I::Revenue,
        &[
            (&["revenue"], 6),
            (&["turnover"], 6),
            (&["earn"], 5),
            (&["income"], 5),
            (&["total", "sales"], 5),
            (&["sales", "total"], 5),
            (&["how", "much", "sold"], 4),
            (&["how", "much", "did", "sell"], 4),
            (&["how", "much", "money"], 5),
        ],
    ),
    (
        I::AverageBasket,
        &[
            (&["average", "basket"], 8),
            (&["average", "order"], 8),
            (&["basket", "size"], 8),
            (&["=aov"], 8),
        ],
    ),
    (
        I::SalesChange,
        &[
            (&["sales", "up"], 6),
            (&["sales", "down"], 6),
            (&["sales", "grow"], 6),
            (&["sales", "drop"], 6),
            (&["sales", "change"], 6),
            (&["compar"], 3),
            (&["how", "are", "sales"], 6),
            (&["how", "is", "business"], 6),
            (&["trend"], 4),
        ],
    ),
    (
        I::ChannelCompare,
        &[
            (&["which", "channel"], 7),
            (&["which", "marketplace"], 7),
            (&["by", "channel"], 6),
            (&["channel"], 3),
        ],
    ),
    (
        I::Forecast,
        &[
            (&["forecast"], 6),
            (&["predict"], 6),
            (&["will", "sell"], 6),
            (&["expect"], 4),
            (&["projection"], 6),
        ],
    ),
    (
        I::QuotaLeft,
        &[
            (&["quota"], 7),
            (&["template", "left"], 7),
            (&["templates", "left"], 7),
            (&["template", "remaining"], 7),
            (&["remaining", "template"], 7),
            (&["generations", "left"], 7),
        ],
    ),
    (
        I::TemplatesMade,
        &[
            (&["how", "many", "template"], 4),
            (&["template", "generated"], 6),
            (&["templates", "generated"], 6),
            (&["template", "created"], 6),
            (&["templates", "made"], 6),
            (&["templates", "did"], 3),
        ],
    ),
    (
        I::ProductCount,
        &[
            (&["how", "many", "product"], 6),
            (&["product", "count"], 6),
            (&["number", "of", "product"], 6),
            (&["catalog"], 3),
        ],
    ),
    (
        I::ProductPrice,
        &[(&["price"], 4), (&["cost"], 3), (&["how", "much", "is"], 4)],
    ),
    (
        I::ProductStock,
        &[
            (&["stock"], 3),
            (&["how", "many", "left"], 4),
            (&["in", "stock"], 3),
            (&["units", "left"], 5),
            (&["inventory"], 3),
        ],
    ),
    (
        I::SetStock,
        &[
            (&["set", "stock"], 9),
            (&["change", "stock"], 9),
            (&["update", "stock"], 9),
            (&["stock", "to"], 5),
            (&["inventory", "to"], 5),
        ],
    ),
    (
        I::SetPrice,
        &[
            (&["set", "price"], 9),
            (&["change", "price"], 9),
            (&["update", "price"], 9),
            (&["lower", "price"], 9),
            (&["price", "to"], 5),
            (&["reprice"], 9),
        ],
    ),
    (
        I::GenerateTemplate,
        &[
            (&["generat"], 3),
            (&["create"], 3),
            (&["=make"], 3),
            (&["prepare"], 4),
            (&["draft"], 3),
            (&["=post"], 3),
            (&["story"], 3),
            (&["banner"], 4),
            (&["design"], 3),
        ],
    ),
    (
        I::OpenProduct,
        &[
            (&["=open"], 5),
            (&["=show", "me"], 3),
            (&["go", "to"], 4),
            (&["product", "page"], 4),
        ],
    ),
    (
        I::UnlistedProducts,
        &[
            (&["not", "listed"], 8),
            (&["unlisted"], 8),
            (&["missing", "from"], 7),
            (&["missing", "on"], 7),
            (&["aren", "listed"], 8),
            (&["isn", "listed"], 8),
        ],
    ),
    (
        I::FailedListings,
        &[
            (&["failed", "listing"], 8),
            (&["rejected"], 7),
            (&["listing", "error"], 8),
            (&["listing", "fail"], 8),
            (&["listings", "fail"], 8),
        ],
    ),
    (
        I::SyncErrors,
        &[
            (&["sync"], 5),
            (&["integration", "error"], 7),
            (&["error"], 3),
        ],
    ),
    (
        I::Help,
        &[
            (&["what", "can", "you"], 8),
            (&["help"], 6),
            (&["=hello"], 2),
            (&["=hi"], 2),
            (&["what", "can", "ask"], 8),
        ],
    ),
];

/// Scores of every intent in a table; the token indices each cue matched.
fn score(table: &[(Intent, &[Cue])], tokens: &[Token]) -> Vec<(Intent, u32, Vec<usize>)> {
    table
        .iter()
        .map(|(intent, cues)| {
            let mut total = 0;
            let mut used = Vec::new();
            for (parts, weight) in cues.iter() {
                let hits: Option<Vec<usize>> = parts
                    .iter()
                    .map(|p| {
                        tokens.iter().position(|t| match p.strip_prefix('=') {
                            Some(whole) => t.folded == whole,
                            None => t.folded.starts_with(p),
                        })
                    })
                    .collect();
                if let Some(hits) = hits {
                    total += weight;
                    used.extend(hits);
                }
            }
            (*intent, total, used)
        })
        .collect()
}

/// Reads a question. `fallback` is the language to answer in when the words do not tell
/// (the user's panel language).
pub fn parse(text: &str, fallback: Language) -> Parsed {
    let tokens = words::tokens(text);
    let tr = score(TR, &tokens);
    let en = score(EN, &tokens);
    let best = |s: &[(Intent, u32, Vec<usize>)]| {
        s.iter()
            .enumerate()
            .max_by_key(|(i, (_, score, _))| (*score, usize::MAX - i))
            .map(|(_, (intent, score, _))| (*intent, *score))
            .unwrap_or((Intent::Unknown, 0))
    };
    let (tr_best, en_best) = (best(&tr), best(&en));
    let language = match crate::lang::detect_language(text) {
        Some(l @ (Language::Tr | Language::En)) => l,
        _ if tr_best.1 > en_best.1 => Language::Tr,
        _ if en_best.1 > tr_best.1 => Language::En,
        _ => fallback,
    };
    // Cues of either language count (a Turkish question may say "stock"); ties go to the
    // question's own language.
    let (mut intent, mut top) = if language == Language::En {
        en_best
    } else {
        tr_best
    };
    let other = if language == Language::En {
        tr_best
    } else {
        en_best
    };
    if other.1 > top {
        (intent, top) = other;
    }
    let platform = slots::platform(&tokens);
    let numbers = slots::numbers(&tokens);
    // A platform named with a verb of making is a template request, whatever else scored.
    if platform.is_some() && matches!(intent, Intent::GenerateTemplate | Intent::Unknown) {
        intent = Intent::GenerateTemplate;
        top = top.max(1);
    }
    if top == 0 {
        intent = Intent::Unknown;
    }
    let cue_tokens: Vec<usize> = tr
        .iter()
        .chain(en.iter())
        .filter(|(_, score, _)| *score > 0)
        .flat_map(|(_, _, used)| used.iter().copied())
        .collect();
    Parsed {
        language,
        intent,
        period: slots::period(&tokens),
        channel: slots::channel(&tokens),
        platform,
        numbers,
        tokens,
        cue_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(q: &str) -> Intent {
        parse(q, Language::Tr).intent
    }

    #[test]
    fn the_issues_questions() {
        assert_eq!(intent("hangi ürünlerim tükenmek üzere?"), Intent::LowStock);
        assert_eq!(
            intent("geçen ay Trendyol'da en çok ne sattım?"),
            Intent::TopSellers
        );
        assert_eq!(
            intent("Bakır Cezve için Instagram gönderisi hazırla"),
            Intent::GenerateTemplate
        );
        assert_eq!(intent("iadeler neden arttı?"), Intent::Returns);
        assert_eq!(intent("Bakır Cezve'nin stoğunu 25 yap"), Intent::SetStock);
        assert_eq!(intent("kaç şablon hakkım kaldı?"), Intent::QuotaLeft);
        assert_eq!(
            intent("which products are running low on stock?"),
            Intent::LowStock
        );
        assert_eq!(intent("set every price to 1"), Intent::SetPrice);
        assert_eq!(intent("bugün hava nasıl olacak"), Intent::Unknown);
    }

    #[test]
    fn the_language_follows_the_question() {
        let p = parse(
            "what were my best sellers last month on Trendyol?",
            Language::Tr,
        );
        assert_eq!(p.language, Language::En);
        assert_eq!(p.intent, Intent::TopSellers);
        assert_eq!(p.period, Some(Period::LastMonth));
        assert_eq!(p.channel, Some("trendyol"));
        let p = parse("geçen ay Trendyol'da en çok ne sattım?", Language::En);
        assert_eq!(p.language, Language::Tr);
    }
}
