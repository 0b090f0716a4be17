//! The offline engine: a question read by `pofuai_text::intent`, answered from the tools in
//! the question's language, with links to what it names and, where it fits, one proposal.

use pofuai_store::StoreError;
use pofuai_store::analytics::Dimension;
use pofuai_text::Language;
use pofuai_text::intent::{Intent, Parsed, Period};
use pofuai_text::money::{Currency, Money};

use super::actions::{self, Kind, Proposal};
use super::period;
use super::tools::{Match, Ranked, StockLine, Tools};
use super::{Link, Reply};

/// Most lines one list in an answer shows.
const SHOWN: usize = 8;

/// One answer being written.
struct Out {
    lang: Language,
    lines: Vec<String>,
    links: Vec<Link>,
    actions: Vec<Proposal>,
}

impl Out {
    fn t(&self, tr: &str, en: &str) -> String {
        if self.lang == Language::Tr {
            tr.to_string()
        } else {
            en.to_string()
        }
    }

    fn say(&mut self, line: String) {
        self.lines.push(line);
    }

    fn link(&mut self, label: impl Into<String>, href: impl Into<String>) {
        let href = href.into();
        if !self.links.iter().any(|l| l.href == href) {
            self.links.push(Link {
                label: label.into(),
                href,
            });
        }
    }

    fn product_link(&mut self, id: i64, name: &str) {
        self.link(name, format!("/products/{id}"));
    }

    fn money(&self, minor: i64) -> String {
        Money::new(minor, Currency::Try).format(self.lang)
    }

    fn int(&self, n: i64) -> String {
        let lang = if self.lang == Language::Tr {
            crate::panel::i18n::Lang::Tr
        } else {
            crate::panel::i18n::Lang::En
        };
        crate::panel::fmt::int(lang, n)
    }

    fn percent(&self, rate: f64) -> String {
        let s = format!("{:.1}", rate * 100.0);
        if self.lang == Language::Tr {
            format!("%{}", s.replace('.', ","))
        } else {
            format!("{s}%")
        }
    }
}

fn channel_name(c: &str) -> String {
    match c {
        "trendyol" => "Trendyol".into(),
        "hepsiburada" => "Hepsiburada".into(),
        "n11" => "N11".into(),
        "amazon_tr" => "Amazon".into(),
        "manual" => "Manuel".into(),
        other => other.to_string(),
    }
}

/// "Trendyol'da " / "on Trendyol " or nothing.
fn on_channel(lang: Language, channel: Option<&str>) -> String {
    match channel {
        None => String::new(),
        Some(c) => {
            let name = channel_name(c);
            if lang == Language::Tr {
                format!("{} ", pofuai_text::turkish::locative(&name))
            } else {
                format!("on {name} ")
            }
        }
    }
}

/// Answers a parsed question from the owner's data.
pub async fn answer(tools: &Tools, p: &Parsed) -> Result<Reply, StoreError> {
    let mut out = Out {
        lang: p.language,
        lines: Vec::new(),
        links: Vec::new(),
        actions: Vec::new(),
    };
    let default_period = match p.intent {
        Intent::TemplatesMade => Period::ThisMonth,
        _ => Period::LastDays(30),
    };
    let chosen = p.period.filter(|x| !matches!(x, Period::NextDays(_)));
    let range = period::range(chosen.unwrap_or(default_period), tools.today());
    let when = period::name(Some(chosen.unwrap_or(default_period)), p.language);
    let channel = p.channel;
    let found = needs_product(p.intent).then(|| tools.find_product(&p.tokens, &p.cue_tokens));
    let product = match found {
        Some(f) => f.await?,
        None => None,
    };
    let lang = p.language;
    match p.intent {
        Intent::LowStock | Intent::ProductStock if product.is_none() => {
            let rows = tools.low_stock().await?;
            if rows.is_empty() {
                out.say(out.t(
                    "Şu an tükenmek üzere olan ürününüz yok.",
                    "Nothing of yours is about to run out right now.",
                ));
            } else {
                out.say(out.t(
                    &format!("Tükenmek üzere olan {} ürününüz var:", rows.len()),
                    &format!("{} of your items are about to run out:", rows.len()),
                ));
                stock_lines(&mut out, &rows);
                out.link(
                    out.t("Stok ve sipariş listesi", "Stock and reorder list"),
                    "/analytics",
                );
            }
        }
        Intent::OutOfStock => {
            let rows = tools.out_of_stock().await?;
            if rows.is_empty() {
                out.say(out.t(
                    "Stoğu tükenmiş ürününüz yok.",
                    "Nothing of yours is out of stock.",
                ));
            } else {
                out.say(out.t(
                    &format!("Stoğu tükenmiş {} ürününüz var:", rows.len()),
                    &format!("{} of your items are out of stock:", rows.len()),
                ));
                stock_lines(&mut out, &rows);
            }
        }
        Intent::Reorder => {
            let rows = tools.reorder().await?;
            if rows.is_empty() {
                out.say(out.t(
                    "Şu an sipariş vermeniz gereken ürün yok.",
                    "There is nothing you need to reorder right now.",
                ));
            } else {
                out.say(out.t("Şimdi sipariş vermeniz önerilenler:", "Reorder these now:"));
                for r in rows.iter().take(SHOWN) {
                    let line = out.t(
                        &format!(
                            "- {} ({}): {} adet sipariş verin, elde {} adet",
                            r.product, r.stock_code, r.order_quantity, r.available
                        ),
                        &format!(
                            "- {} ({}): order {} units, {} available",
                            r.product, r.stock_code, r.order_quantity, r.available
                        ),
                    );
                    out.say(line);
                    out.product_link(r.product_id, &r.product);
                }
                out.link(
                    out.t("Stok ve sipariş listesi", "Stock and reorder list"),
                    "/analytics",
                );
            }
        }
        Intent::TopSellers | Intent::SlowSellers => {
            let top = p.intent == Intent::TopSellers;
            let rows = if top {
                tools.ranking(Dimension::Product, range, channel, 5).await?
            } else {
                let mut r = tools.slow_sellers(range, channel).await?;
                r.truncate(5);
                r
            };
            let on = on_channel(lang, channel);
            if rows.iter().all(|r| r.units == 0) && top {
                out.say(out.t(
                    &format!("{when} {on}satışınız yok."),
                    &format!("You had no sales {on}{when}."),
                ));
            } else {
                out.say(if top {
                    out.t(
                        &format!("{} {on}en çok satan ürünleriniz:", capital(&when)),
                        &format!("Your best sellers {on}{when}:"),
                    )
                } else {
                    out.t(
                        &format!("{} {on}en az satan ürünleriniz:", capital(&when)),
                        &format!("Your slowest sellers {on}{when}:"),
                    )
                });
                ranked_lines(&mut out, &rows);
                if let Some(first) = rows.first().and_then(|r| r.key.parse::<i64>().ok()) {
                    offer(&mut out, tools, Kind::OpenProduct, first, None, None, None).await?;
                }
            }
        }
        Intent::ProductSales if product.is_some() => {
            let m = product.as_ref().map(|m| &m.product);
            if let Some(m) = m {
                let t = tools.product_sales(m.id, range, channel).await?;
                let on = on_channel(lang, channel);
                let line = out.t(
                    &format!(
                        "{} {on}{}: {} adet, {} ciro.",
                        capital(&when),
                        m.name,
                        out.int(t.units),
                        out.money(t.revenue_minor)
                    ),
                    &format!(
                        "{} {on}{when}: {} units, {} revenue.",
                        m.name,
                        out.int(t.units),
                        out.money(t.revenue_minor)
                    ),
                );
                out.say(line);
                out.product_link(m.id, &m.name);
            }
        }
        Intent::OrdersCount
        | Intent::Revenue
        | Intent::AverageBasket
        | Intent::SalesChange
        | Intent::ProductSales => {
            let s = tools.summary(range, channel).await?;
            let on = on_channel(lang, channel);
            let (c, pr) = (s.current, s.previous);
            match p.intent {
                Intent::OrdersCount => {
                    let line = out.t(
                        &format!("{} {on}{} sipariş aldınız ({} adet ürün); önceki dönemde {} sipariş.", capital(&when), out.int(c.orders), out.int(c.units), out.int(pr.orders)),
                        &format!("You received {} orders {on}{when} ({} units); {} in the period before.", out.int(c.orders), out.int(c.units), out.int(pr.orders)),
                    );
                    out.say(line);
                }
                Intent::AverageBasket => {
                    let line = out.t(
                        &format!("{} {on}ortalama sepet tutarınız {} ({} sipariş); önceki dönemde {}.", capital(&when), out.money(c.average_basket_minor()), out.int(c.orders), out.money(pr.average_basket_minor())),
                        &format!("Your average basket {on}{when} was {} ({} orders); {} in the period before.", out.money(c.average_basket_minor()), out.int(c.orders), out.money(pr.average_basket_minor())),
                    );
                    out.say(line);
                }
                _ => {
                    let line = out.t(
                        &format!("{} {on}ciro {} ({} sipariş, {} adet); önceki dönemde {}.", capital(&when), out.money(c.revenue_minor), out.int(c.orders), out.int(c.units), out.money(pr.revenue_minor)),
                        &format!("Revenue {on}{when}: {} ({} orders, {} units); {} in the period before.", out.money(c.revenue_minor), out.int(c.orders), out.int(c.units), out.money(pr.revenue_minor)),
                    );
                    out.say(line);
                    if pr.revenue_minor > 0 {
                        let change =
                            (c.revenue_minor - pr.revenue_minor) as f64 / pr.revenue_minor as f64;
                        let line = if change >= 0.0 {
                            out.t(
                                &format!("Değişim: {} artış.", out.percent(change)),
                                &format!("Change: up {}.", out.percent(change)),
                            )
                        } else {
                            out.t(
                                &format!("Değişim: {} düşüş.", out.percent(-change)),
                                &format!("Change: down {}.", out.percent(-change)),
                            )
                        };
                        out.say(line);
                    }
                }
            }
            out.link(out.t("Satış analizi", "Sales analytics"), "/analytics");
        }
        Intent::ChannelCompare => {
            let rows = tools.ranking(Dimension::Channel, range, None, 10).await?;
            if rows.is_empty() {
                out.say(out.t(
                    &format!("{} satışınız yok.", capital(&when)),
                    &format!("You had no sales {when}."),
                ));
            } else {
                out.say(out.t(
                    &format!("{} kanallara göre satışlarınız:", capital(&when)),
                    &format!("Your sales by channel {when}:"),
                ));
                for r in &rows {
                    let line = out.t(
                        &format!(
                            "- {}: {} ciro, {} adet",
                            channel_name(&r.key),
                            out.money(r.revenue_minor),
                            out.int(r.units)
                        ),
                        &format!(
                            "- {}: {} revenue, {} units",
                            channel_name(&r.key),
                            out.money(r.revenue_minor),
                            out.int(r.units)
                        ),
                    );
                    out.say(line);
                }
                out.link(out.t("Satış analizi", "Sales analytics"), "/analytics");
            }
        }
        Intent::Returns => {
            let r = tools.returns(range, channel).await?;
            let (c, pr) = (r.summary.current, r.summary.previous);
            let on = on_channel(lang, channel);
            let line = out.t(
                &format!("{} {on}{} adet iade: iade oranı {} (önceki dönemde {}, {} adet).", capital(&when), out.int(c.returned_units), out.percent(c.return_rate()), out.percent(pr.return_rate()), out.int(pr.returned_units)),
                &format!("{} units returned {on}{when}: a return rate of {} ({} and {} units in the period before).", out.int(c.returned_units), out.percent(c.return_rate()), out.percent(pr.return_rate()), out.int(pr.returned_units)),
            );
            out.say(line);
            let verdict = if c.return_rate() > pr.return_rate() + 1e-9 {
                out.t("İadeler arttı.", "Returns went up.")
            } else if c.return_rate() + 1e-9 < pr.return_rate() {
                out.t("İadeler azaldı.", "Returns went down.")
            } else {
                out.t("İade oranı değişmedi.", "The return rate did not change.")
            };
            out.say(verdict);
            if !r.reasons.is_empty() {
                let list: Vec<String> = r
                    .reasons
                    .iter()
                    .map(|(why, n)| format!("{why} ({n})"))
                    .collect();
                let line = out.t(
                    &format!("Alıcıların belirttiği nedenler: {}.", list.join(", ")),
                    &format!("Reasons buyers gave: {}.", list.join(", ")),
                );
                out.say(line);
                if let Some((top, n)) = r.reasons.first() {
                    let before = r
                        .previous_reasons
                        .iter()
                        .find(|(w, _)| w == top)
                        .map_or(0, |x| x.1);
                    let line = out.t(
                        &format!("En sık neden \"{top}\": {n} adet (önceki dönemde {before})."),
                        &format!("Most common reason \"{top}\": {n} units ({before} in the period before)."),
                    );
                    out.say(line);
                }
            }
            if !r.products.is_empty() {
                out.say(out.t("En çok iade edilenler:", "Returned most:"));
                for x in &r.products {
                    let line = out.t(
                        &format!(
                            "- {}: {} iade / {} satış",
                            x.label, x.returned_units, x.units
                        ),
                        &format!(
                            "- {}: {} returned of {} sold",
                            x.label, x.returned_units, x.units
                        ),
                    );
                    out.say(line);
                    if let Ok(id) = x.key.parse::<i64>() {
                        out.product_link(id, &x.label);
                    }
                }
            }
            out.link(
                out.t("Siparişler ve iadeler", "Orders and returns"),
                "/orders",
            );
        }
        Intent::Forecast => match &product {
            None => ask_for_product(&mut out),
            Some(m) => {
                let days = period::ahead_days(p.period);
                match tools.forecast(m.product.id, days).await? {
                    None => {
                        let line = out.t(
                            &format!("{} için henüz tahmin hesaplanmadı; yeterli satış geçmişi olunca hesaplanır.", m.product.name),
                            &format!("No forecast has been computed for {} yet; it comes once there is enough sales history.", m.product.name),
                        );
                        out.say(line);
                    }
                    Some(f) => {
                        let line = out.t(
                            &format!("{} için önümüzdeki {days} günde yaklaşık {} adet satış bekleniyor (%80 aralık {}–{}; model {}).", m.product.name, f.units.round() as i64, f.lower.max(0.0).round() as i64, f.upper.round() as i64, f.model),
                            &format!("{}: about {} units expected in the next {days} days (80% interval {}–{}; model {}).", m.product.name, f.units.round() as i64, f.lower.max(0.0).round() as i64, f.upper.round() as i64, f.model),
                        );
                        out.say(line);
                    }
                }
                out.product_link(m.product.id, &m.product.name);
                out.link(out.t("Tahminler", "Forecasts"), "/analytics");
            }
        },
        Intent::QuotaLeft => {
            let q = tools.quota().await?;
            let line = match (q.limit, q.remaining) {
                (Some(limit), Some(left)) => out.t(
                    &format!(
                        "Bu ay {} şablon hakkınız kaldı ({} / {} kullanıldı).",
                        out.int(left),
                        out.int(q.used),
                        out.int(limit)
                    ),
                    &format!(
                        "You have {} template generations left this month ({} of {} used).",
                        out.int(left),
                        out.int(q.used),
                        out.int(limit)
                    ),
                ),
                _ => out.t(
                    &format!(
                        "Şablon hakkınız sınırsız; bu ay {} şablon ürettiniz.",
                        out.int(q.used)
                    ),
                    &format!(
                        "Your templates are unlimited; you made {} this month.",
                        out.int(q.used)
                    ),
                ),
            };
            out.say(line);
            out.link(out.t("Hesabım", "My account"), "/account");
        }
        Intent::TemplatesMade => {
            let rows = tools.templates_made(range).await?;
            let total: i64 = rows.iter().map(|r| r.1).sum();
            let list: Vec<String> = rows.iter().map(|(t, n)| format!("{t}: {n}")).collect();
            let line = out.t(
                &format!(
                    "{} {} şablon ürettiniz{}",
                    capital(&when),
                    out.int(total),
                    if list.is_empty() {
                        ".".to_string()
                    } else {
                        format!(" ({}).", list.join(", "))
                    }
                ),
                &format!(
                    "You generated {} templates {when}{}",
                    out.int(total),
                    if list.is_empty() {
                        ".".to_string()
                    } else {
                        format!(" ({}).", list.join(", "))
                    }
                ),
            );
            out.say(line);
            out.link(out.t("Şablonlar", "Templates"), "/templates");
        }
        Intent::ProductCount => {
            let names = tools.product_names().await?;
            let empty = tools.out_of_stock().await?;
            let gone: std::collections::BTreeSet<i64> =
                empty.iter().map(|r| r.product_id).collect();
            let line = out.t(
                &format!(
                    "Kataloğunuzda {} ürün var; {} ürünün en az bir seçeneğinin stoğu tükenmiş.",
                    out.int(names.len() as i64),
                    gone.len()
                ),
                &format!(
                    "Your catalogue has {} products; {} have a variant out of stock.",
                    out.int(names.len() as i64),
                    gone.len()
                ),
            );
            out.say(line);
            out.link(out.t("Ürünler", "Products"), "/products");
        }
        Intent::ProductPrice | Intent::ProductStock => match &product {
            None => ask_for_product(&mut out),
            Some(m) => {
                if let Some(f) = tools.product(m.product.id).await? {
                    let price = p.intent == Intent::ProductPrice;
                    for v in &f.variants {
                        let opts: Vec<&str> = v.attributes.values().map(String::as_str).collect();
                        let what = if opts.is_empty() {
                            v.stock_code.clone()
                        } else {
                            format!("{} · {}", v.stock_code, opts.join(", "))
                        };
                        let line = if price {
                            out.t(
                                &format!(
                                    "- {} ({what}): satış fiyatı {}, liste fiyatı {}",
                                    f.name,
                                    out.money(v.sale_price_minor),
                                    out.money(v.list_price_minor)
                                ),
                                &format!(
                                    "- {} ({what}): sale price {}, list price {}",
                                    f.name,
                                    out.money(v.sale_price_minor),
                                    out.money(v.list_price_minor)
                                ),
                            )
                        } else {
                            out.t(
                                &format!(
                                    "- {} ({what}): {} adet satılabilir ({} elde)",
                                    f.name,
                                    out.int(v.available),
                                    out.int(v.on_hand)
                                ),
                                &format!(
                                    "- {} ({what}): {} available ({} on hand)",
                                    f.name,
                                    out.int(v.available),
                                    out.int(v.on_hand)
                                ),
                            )
                        };
                        out.say(line);
                    }
                    out.product_link(f.product_id, &f.name);
                }
            }
        },
        Intent::SetStock | Intent::SetPrice => match &product {
            None => {
                out.say(out.t(
                    "Hangi ürünün değişeceğini adıyla yazın; toplu değişiklik önermem, her değişikliği tek tek onaylamanız gerekir.",
                    "Name the product to change; I do not propose changes to everything at once, and each change needs your confirmation.",
                ));
            }
            Some(m) => {
                let value = value_of(p, m);
                let kind = if p.intent == Intent::SetStock {
                    Kind::SetStock
                } else {
                    Kind::SetPrice
                };
                let variant = pick_variant(tools, m, p).await?;
                match value {
                    None => out.say(out.t(
                        "Yeni değeri sayı olarak yazın (ör. \"stoğunu 25 yap\").",
                        "Give the new value as a number (e.g. \"set stock to 25\").",
                    )),
                    Some(v) => {
                        if !offer(&mut out, tools, kind, m.product.id, variant, Some(v), None)
                            .await?
                        {
                            out.say(out.t(
                                "Hangi seçeneğin değişeceğini belirtin (ör. renk) ya da ürün sayfasından değiştirin.",
                                "Say which variant to change (e.g. its colour), or change it on the product page.",
                            ));
                        } else {
                            out.say(out.t(
                                "Onaylarsanız şu değişikliği yapacağım:",
                                "If you confirm, I will make this change:",
                            ));
                            let label = out
                                .actions
                                .last()
                                .map(|a| a.label.clone())
                                .unwrap_or_default();
                            out.say(label);
                        }
                    }
                }
                out.product_link(m.product.id, &m.product.name);
            }
        },
        Intent::GenerateTemplate => match &product {
            None => ask_for_product(&mut out),
            Some(m) => {
                let platform = p.platform.unwrap_or("instagram_post");
                offer(
                    &mut out,
                    tools,
                    Kind::GenerateTemplate,
                    m.product.id,
                    None,
                    None,
                    Some(platform),
                )
                .await?;
                let q = tools.quota().await?;
                let left = q
                    .remaining
                    .map_or_else(|| out.t("sınırsız", "unlimited"), |n| out.int(n));
                let line = out.t(
                    &format!("{} için {platform} şablonu hazırlayabilirim; onaylarsanız 1 şablon hakkı kullanılır (kalan: {left}).", m.product.name),
                    &format!("I can make a {platform} template for {}; confirming uses 1 generation ({left} left).", m.product.name),
                );
                out.say(line);
                out.product_link(m.product.id, &m.product.name);
            }
        },
        Intent::OpenProduct => match &product {
            None => ask_for_product(&mut out),
            Some(m) => {
                offer(
                    &mut out,
                    tools,
                    Kind::OpenProduct,
                    m.product.id,
                    None,
                    None,
                    None,
                )
                .await?;
                let line = out.t(
                    &format!("{} ürün sayfası:", m.product.name),
                    &format!("{} product page:", m.product.name),
                );
                out.say(line);
                out.product_link(m.product.id, &m.product.name);
            }
        },
        Intent::UnlistedProducts => {
            let channels = match channel {
                Some(c) => vec![c.to_string()],
                None => tools.channels().await?,
            };
            if channels.is_empty() {
                out.say(out.t(
                    "Bağlı bir satış kanalınız yok.",
                    "You have no sales channel connected.",
                ));
            }
            for c in channels {
                let rows = tools.unlisted(&c).await?;
                let on = on_channel(lang, Some(&c));
                if rows.is_empty() {
                    out.say(out.t(
                        &format!("{}tüm ürünleriniz listelenmiş.", capital(&on)),
                        &format!("All your products are listed {}.", on.trim_end()),
                    ));
                } else {
                    out.say(out.t(
                        &format!("{}listelenmemiş {} ürününüz var:", capital(&on), rows.len()),
                        &format!(
                            "{} of your products are not listed {}:",
                            rows.len(),
                            on.trim_end()
                        ),
                    ));
                    for r in rows.iter().take(SHOWN) {
                        out.say(format!("- {}", r.name));
                        out.product_link(r.id, &r.name);
                    }
                }
            }
            out.link(out.t("Entegrasyonlar", "Integrations"), "/integrations");
        }
        Intent::FailedListings => {
            let rows = tools.failed_listings(channel).await?;
            if rows.is_empty() {
                out.say(out.t(
                    "Reddedilen listelemeniz yok.",
                    "None of your listings failed.",
                ));
            } else {
                out.say(out.t(
                    &format!("{} listelemeniz reddedildi:", rows.len()),
                    &format!("{} of your listings failed:", rows.len()),
                ));
                for r in rows.iter().take(SHOWN) {
                    let why = r.error.clone().unwrap_or_default();
                    out.say(format!(
                        "- {} ({}): {}",
                        r.name,
                        channel_name(&r.channel),
                        why.chars().take(120).collect::<String>()
                    ));
                    out.product_link(r.product_id, &r.name);
                }
            }
            out.link(out.t("Entegrasyonlar", "Integrations"), "/integrations");
        }
        Intent::SyncErrors => {
            let (count, rows) = tools.sync_errors().await?;
            if count == 0 {
                out.say(out.t(
                    "Çözülmemiş senkronizasyon hatanız yok.",
                    "You have no unresolved sync errors.",
                ));
            } else {
                out.say(out.t(
                    &format!(
                        "{} çözülmemiş senkronizasyon hatanız var; en yenileri:",
                        out.int(count)
                    ),
                    &format!(
                        "You have {} unresolved sync errors; the latest:",
                        out.int(count)
                    ),
                ));
                for e in rows.iter().take(5) {
                    out.say(format!(
                        "- {} · {}: {}",
                        channel_name(&e.channel),
                        e.operation,
                        e.message.chars().take(120).collect::<String>()
                    ));
                }
            }
            out.link(out.t("Entegrasyonlar", "Integrations"), "/integrations");
        }
        Intent::Help | Intent::Unknown | Intent::LowStock => {
            if p.intent == Intent::Unknown {
                out.say(out.t(
                    "Bu soruyu anlayamadım.",
                    "I could not understand that question.",
                ));
            }
            help(&mut out);
        }
    }
    let text = out.lines.join("\n");
    Ok(Reply {
        text,
        links: out.links,
        actions: out.actions,
        intent: p.intent.as_str().to_string(),
        language: p.language,
        engine: "offline",
    })
}

fn needs_product(i: Intent) -> bool {
    matches!(
        i,
        Intent::ProductSales
            | Intent::Forecast
            | Intent::ProductPrice
            | Intent::ProductStock
            | Intent::SetStock
            | Intent::SetPrice
            | Intent::GenerateTemplate
            | Intent::OpenProduct
    )
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => pofuai_text::turkish::tr_uppercase(&f.to_string()) + c.as_str(),
        None => String::new(),
    }
}

fn stock_lines(out: &mut Out, rows: &[StockLine]) {
    for r in rows.iter().take(SHOWN) {
        let when = match (&r.stock_out_date, r.days_of_cover) {
            (Some(d), Some(days)) => out.t(
                &format!(", tahmini tükenme {d} (~{:.0} gün)", days.floor()),
                &format!(", expected to run out on {d} (~{:.0} days)", days.floor()),
            ),
            _ => String::new(),
        };
        let line = out.t(
            &format!(
                "- {} ({}): {} adet{when}",
                r.product,
                r.stock_code,
                out.int(r.available)
            ),
            &format!(
                "- {} ({}): {} left{when}",
                r.product,
                r.stock_code,
                out.int(r.available)
            ),
        );
        out.say(line);
        out.product_link(r.product_id, &r.product);
    }
    if rows.len() > SHOWN {
        let more = rows.len() - SHOWN;
        out.say(out.t(
            &format!("… ve {more} ürün daha."),
            &format!("… and {more} more."),
        ));
    }
}

fn ranked_lines(out: &mut Out, rows: &[Ranked]) {
    for (i, r) in rows.iter().enumerate() {
        let line = out.t(
            &format!(
                "{}. {}: {} adet, {}",
                i + 1,
                r.label,
                out.int(r.units),
                out.money(r.revenue_minor)
            ),
            &format!(
                "{}. {}: {} units, {}",
                i + 1,
                r.label,
                out.int(r.units),
                out.money(r.revenue_minor)
            ),
        );
        out.say(line);
        if let Ok(id) = r.key.parse::<i64>() {
            out.product_link(id, &r.label);
        }
    }
}

fn ask_for_product(out: &mut Out) {
    out.say(out.t(
        "Hangi ürünü kastettiğinizi bulamadım; ürünün adını yazar mısınız?",
        "I could not tell which product you mean; could you write its name?",
    ));
    out.link(out.t("Ürünler", "Products"), "/products");
}

fn help(out: &mut Out) {
    out.say(out.t("Size şunlarda yardımcı olabilirim:", "I can help with:"));
    let items: [(&str, &str); 12] = [
        (
            "Tükenmek üzere olan ve stoğu biten ürünler, ne sipariş etmeli",
            "Items running out or out of stock, and what to reorder",
        ),
        (
            "En çok ve en az satanlar (dönem ve kanala göre)",
            "Best and slowest sellers (by period and channel)",
        ),
        (
            "Sipariş sayısı, ciro, ortalama sepet, önceki dönemle karşılaştırma",
            "Orders, revenue, average basket, change against the period before",
        ),
        ("Kanallara göre satışlar", "Sales by channel"),
        (
            "İadeler, iade oranı ve nedenleri",
            "Returns, the return rate and the reasons",
        ),
        ("Bir ürünün satış tahmini", "A product's sales forecast"),
        ("Bir ürünün fiyatı ve stoğu", "A product's price and stock"),
        (
            "Stok veya fiyat değiştirme (onayınızla)",
            "Changing stock or price (after you confirm)",
        ),
        (
            "Bir ürün için sosyal medya şablonu (onayınızla)",
            "A social media template for a product (after you confirm)",
        ),
        (
            "Kalan şablon hakkı ve üretilen şablonlar",
            "Template quota left and templates made",
        ),
        (
            "Listelenmemiş ve reddedilen ürünler",
            "Unlisted and failed listings",
        ),
        ("Senkronizasyon hataları", "Sync errors"),
    ];
    for (tr, en) in items {
        let line = format!("- {}", out.t(tr, en));
        out.say(line);
    }
    out.say(out.t(
        "Örnek: \"geçen ay Trendyol'da en çok ne sattım?\"",
        "Example: \"what were my best sellers on Trendyol last month?\"",
    ));
}

/// The value a change asks for: the last number that is not part of the product's name.
fn value_of(p: &Parsed, m: &Match) -> Option<f64> {
    let name_numbers: Vec<String> = pofuai_text::intent::words::tokens(&m.product.name)
        .into_iter()
        .map(|t| t.folded)
        .collect();
    p.numbers
        .iter()
        .filter(|(i, _)| !m.tokens.contains(i) && !name_numbers.contains(&p.tokens[*i].folded))
        .map(|(_, n)| *n)
        .next_back()
}

/// The variant a change is about: the only one, or the one whose option values the question
/// names ("siyah", "gümüş").
async fn pick_variant(tools: &Tools, m: &Match, p: &Parsed) -> Result<Option<i64>, StoreError> {
    let Some(f) = tools.product(m.product.id).await? else {
        return Ok(None);
    };
    if f.variants.len() == 1 {
        return Ok(f.variants.first().map(|v| v.variant_id));
    }
    let stems: Vec<&str> = p.tokens.iter().map(|t| t.stem.as_str()).collect();
    let hits: Vec<i64> = f
        .variants
        .iter()
        .filter(|v| {
            v.attributes.values().any(|value| {
                pofuai_text::intent::words::tokens(value)
                    .iter()
                    .all(|t| stems.contains(&t.stem.as_str()))
            }) || stems.contains(&pofuai_core::search::fold(&v.stock_code).as_str())
        })
        .map(|v| v.variant_id)
        .collect();
    Ok((hits.len() == 1).then(|| hits[0]))
}

/// Adds a proposal when it checks out; returns whether it did.
async fn offer(
    out: &mut Out,
    tools: &Tools,
    kind: Kind,
    product_id: i64,
    variant_id: Option<i64>,
    value: Option<f64>,
    template_type: Option<&str>,
) -> Result<bool, StoreError> {
    if out.actions.len() >= actions::MAX_PER_ANSWER {
        return Ok(false);
    }
    match actions::propose(
        tools,
        out.lang,
        kind,
        product_id,
        variant_id,
        value,
        template_type,
    )
    .await?
    {
        Ok(p) => {
            out.actions.push(p);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}
