//! Demo sales history: eighteen months of believable orders for the demo catalogue on both
//! sandbox channels, imported through the same store method as real channel orders, so the
//! analytics, forecasts and customer insights work on it exactly as on real data.
//!
//! Demand has a weekly rhythm (weekends and Mondays busier), a gentle trend, the Turkish
//! calendar (computed: the weeks before Ramazan and Kurban Bayramı, quiet feast days, Efsane
//! Cuma, 11.11, New Year gifts, Mother's Day, back to school), short promotions per product,
//! returns and cancellations, and a long tail of slow movers with many zero days. Buyers
//! return: a few buy often, most once or twice.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use pofuai_insight::calendar::{EventKind, events_between};
use pofuai_store::integrations::Integration;
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use pofuai_store::paging::PageRequest;
use pofuai_store::products::Scope;
use pofuai_web::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FIRST_NAMES: &[&str] = &[
    "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra", "Sultan",
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman", "Yusuf",
    "Ece", "Deniz", "Cem", "Burak", "Selin", "Can", "Gizem", "Emre", "Merve", "Oğuz",
];
const LAST_NAMES: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Erdoğan",
    "Güneş",
    "Aksoy",
    "Bulut",
    "Tekin",
    "Ünal",
    "Korkmaz",
];

/// How much an event day multiplies demand, by category where it matters.
fn event_factor(kind: EventKind, category: &str) -> f64 {
    match kind {
        EventKind::RamazanShopping => 1.5,
        EventKind::KurbanShopping => 1.3,
        EventKind::RamazanBayrami | EventKind::KurbanBayrami => 0.55,
        EventKind::EfsaneCuma => 3.2,
        EventKind::ElevenEleven => 1.9,
        EventKind::NewYearShopping => 1.5,
        EventKind::NewYear => 0.6,
        EventKind::MothersDay if matches!(category, "Ev & Yaşam" | "Mutfak" | "Kozmetik") => 2.0,
        EventKind::MothersDay => 1.15,
        EventKind::FathersDay if category == "Elektronik" => 1.6,
        EventKind::FathersDay => 1.05,
        EventKind::Valentines => 1.25,
        EventKind::BackToSchool if matches!(category, "Kitap" | "Kırtasiye" | "Giyim") => 2.0,
        EventKind::BackToSchool => 1.05,
        EventKind::NationalHoliday => 0.8,
    }
}

struct Item {
    barcode: String,
    price: i64,
    category: String,
    /// Expected units a day on an ordinary weekday.
    rate: f64,
    /// Promotion windows (first day, days).
    promotions: Vec<(NaiveDate, u64)>,
}

/// Seeds `days` of history up to yesterday for the demo seller, unless it has orders already.
/// Returns the number of orders imported.
pub async fn seed(
    state: &AppState,
    seller_email: &str,
    days: u32,
    seed: u64,
) -> anyhow::Result<usize> {
    let store = &state.store;
    let seller = store
        .user_by_email(seller_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo seller missing"))?;
    let scope = Scope::Owner(seller.id);
    let existing = store
        .list_orders(scope, &Default::default(), PageRequest::first(1))
        .await?;
    if !existing.items.is_empty() {
        return Ok(0);
    }
    let integrations: Vec<Integration> = store
        .list_integrations(scope, PageRequest::first(100))
        .await?
        .items
        .into_iter()
        .filter(|i| matches!(i.integration_name.as_str(), "trendyol" | "hepsiburada"))
        .collect();
    if integrations.is_empty() {
        anyhow::bail!("the demo seller has no channel to sell on");
    }
    let stock = store.stock_items(seller.id).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let products = store
        .list_products(scope, &Default::default(), PageRequest::first(100))
        .await?
        .items;
    let today = pofuai_web::insight::date_of_day(pofuai_store::analytics::day_of(state.now_ms()));
    let first = today - Days::new(u64::from(days));
    let mut items = Vec::new();
    let mut rank = 0usize;
    for p in &products {
        for v in &p.variants {
            rank += 1;
            // A few best sellers, a long tail: Zipf-like, every fourth item a slow mover.
            let rate = if rank.is_multiple_of(4) {
                0.05 + 0.1 * rng.r#gen::<f64>()
            } else {
                4.0 / (rank as f64).powf(0.8)
            };
            let promotions = (0..rng.gen_range(0..4))
                .map(|_| {
                    (
                        first + Days::new(rng.gen_range(0..u64::from(days.max(1)))),
                        5,
                    )
                })
                .collect();
            items.push(Item {
                barcode: v.barcode.clone(),
                price: v.sale_price,
                category: p.category.clone(),
                rate,
                promotions,
            });
        }
    }
    let events: BTreeMap<NaiveDate, Vec<EventKind>> = events_between(first, today)
        .into_iter()
        .fold(BTreeMap::new(), |mut m, e| {
            m.entry(e.date).or_insert_with(Vec::new).push(e.kind);
            m
        });
    let buyers: Vec<String> = (0..1200)
        .map(|i| {
            format!(
                "{} {}",
                FIRST_NAMES[i % FIRST_NAMES.len()],
                LAST_NAMES[(i * 7 + i / FIRST_NAMES.len()) % LAST_NAMES.len()]
            )
        })
        .collect();
    let mut count = 0usize;
    let mut date = first;
    while date < today {
        let age = (today - date).num_days();
        let trend = 1.0 + 0.5 * (1.0 - age as f64 / f64::from(days.max(1)));
        let weekly = match date.weekday() {
            Weekday::Sat | Weekday::Sun => 1.3,
            Weekday::Mon => 1.15,
            Weekday::Fri => 0.9,
            _ => 1.0,
        };
        let todays = events.get(&date);
        let mut lines_today: Vec<(usize, i64)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut rate = item.rate * trend * weekly;
            if let Some(kinds) = todays {
                rate *= kinds
                    .iter()
                    .map(|k| event_factor(*k, &item.category))
                    .product::<f64>();
            }
            if item
                .promotions
                .iter()
                .any(|(d, n)| date >= *d && date < *d + Days::new(*n))
            {
                rate *= 2.2;
            }
            let units = poisson(&mut rng, rate);
            for _ in 0..units {
                lines_today.push((i, 1 + i64::from(rng.gen_bool(0.12))));
            }
        }
        // Lines become orders of one or two lines.
        let mut k = 0;
        while k < lines_today.len() {
            let take = if k + 1 < lines_today.len() && rng.gen_bool(0.25) {
                2
            } else {
                1
            };
            let integration = &integrations[rng.gen_range(0..integrations.len())];
            // Heavy buyers: the first names of the list come back far more often.
            let buyer = &buyers
                [((rng.r#gen::<f64>().powf(2.5)) * buyers.len() as f64) as usize % buyers.len()];
            let status = if age > 10 {
                match rng.gen_range(0..100) {
                    0..6 => "cancelled",
                    6..11 => "returned",
                    _ => "delivered",
                }
            } else {
                // No open orders in the past: they would reserve today's stock, which the
                // live simulated buyers (within each listing's stock) do instead.
                "shipped"
            };
            let at = date
                .and_hms_opt(rng.gen_range(7..23), rng.gen_range(0..60), 0)
                .unwrap_or_default();
            // Istanbul local time to UTC.
            let ordered_at =
                at.and_utc().timestamp_millis() - pofuai_store::analytics::ISTANBUL_OFFSET_MS;
            let lines: Vec<ImportedLine> = lines_today[k..k + take]
                .iter()
                .enumerate()
                .map(|(j, (i, q))| ImportedLine {
                    line_id: format!("{}", j + 1),
                    barcode: items[*i].barcode.clone(),
                    stock_code: None,
                    quantity: *q,
                    unit_price_minor: items[*i].price,
                    cancelled: false,
                })
                .collect();
            let total = lines.iter().map(|l| l.quantity * l.unit_price_minor).sum();
            count += 1;
            store
                .import_package(
                    &ImportedPackage {
                        owner_id: seller.id,
                        integration_id: integration.id,
                        package_id: format!("GECMIS-{count}"),
                        order_number: format!("G{:08}", count),
                        status: status.to_string(),
                        platform_status: status.to_string(),
                        customer_name: buyer.clone(),
                        total_minor: total,
                        currency: "TRY".into(),
                        ordered_at,
                        remote_updated_at: ordered_at,
                        cargo_tracking_number: None,
                        lines,
                    },
                    state.now_ms(),
                )
                .await?;
            k += take;
        }
        date = date + Days::new(1);
    }
    // The history is the past: today's stock stays what the catalogue says.
    let restore: Vec<(i64, i64)> = stock
        .iter()
        .map(|s| (s.variant_id, s.stock_on_hand))
        .collect();
    store.set_stock_on_hand(&restore, state.now_ms()).await?;
    Ok(count)
}

/// A Poisson draw (Knuth's method; rates here are small).
fn poisson(rng: &mut StdRng, rate: f64) -> u32 {
    if rate <= 0.0 {
        return 0;
    }
    let limit = (-rate.min(30.0)).exp();
    let mut p = 1.0;
    let mut k = 0;
    loop {
        p *= rng.r#gen::<f64>();
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use pofuai_store::analytics::DayRange;
    use pofuai_web::{SystemClock, WebConfig};

    use super::*;

    /// A short history through the real import: analytics add up to what was imported, and
    /// the refresher forecasts every selling variant with a model from the engine.
    #[tokio::test]
    async fn a_short_history_feeds_analytics_and_forecasts() {
        let dir = tempfile::tempdir().unwrap();
        let store = pofuai_store::testing::fresh_store(dir.path())
            .await
            .unwrap();
        let config = WebConfig {
            data_dir: dir.path().to_path_buf(),
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), Arc::new(SystemClock), config);
        crate::demo::seed(&state).await.unwrap();
        let seller = store
            .user_by_email(crate::demo::SELLER_EMAIL)
            .await
            .unwrap()
            .unwrap();
        for name in ["trendyol", "hepsiburada"] {
            store
                .create_integration(
                    &Integration {
                        id: 0,
                        owner_id: seller.id,
                        integration_type: "marketplace".into(),
                        integration_name: name.into(),
                        display_name: name.into(),
                        config: Default::default(),
                        secrets: None,
                        environment: "sandbox".into(),
                        base_url: None,
                        active: true,
                        created_at: 0,
                        updated_at: 0,
                    },
                    0,
                )
                .await
                .unwrap();
        }
        let before = store.stock_items(seller.id).await.unwrap();
        let n = seed(&state, crate::demo::SELLER_EMAIL, 45, 1)
            .await
            .unwrap();
        assert!(n > 100, "{n} orders");
        assert_eq!(
            seed(&state, crate::demo::SELLER_EMAIL, 45, 1)
                .await
                .unwrap(),
            0,
            "once"
        );
        let after = store.stock_items(seller.id).await.unwrap();
        assert_eq!(before, after, "history leaves today's stock alone");
        let today = pofuai_store::analytics::day_of(state.now_ms());
        let days = store
            .sales_days(
                Scope::Owner(seller.id),
                DayRange {
                    from: today - 60,
                    to: today,
                },
                None,
            )
            .await
            .unwrap();
        let orders: i64 = days.iter().map(|d| d.orders).sum();
        let cancelled = store
            .list_orders(
                Scope::Owner(seller.id),
                &pofuai_store::orders::OrderFilter {
                    status: Some("cancelled".into()),
                    ..Default::default()
                },
                PageRequest::first(100),
            )
            .await
            .unwrap();
        assert!(orders > 0 && orders <= n as i64);
        assert!(!cancelled.items.is_empty() || orders == n as i64);
        let channels: std::collections::BTreeSet<&str> =
            days.iter().map(|d| d.channel.as_str()).collect();
        assert_eq!(channels.len(), 2, "both channels sell: {channels:?}");

        let refresher = pofuai_web::insight::Refresher::new(state.clone(), "test");
        assert_eq!(refresher.run_until_idle().await.unwrap(), 1);
        let forecasts = store.variant_forecasts(seller.id).await.unwrap();
        assert!(
            forecasts.len() > 20,
            "{} variant forecasts",
            forecasts.len()
        );
        let listed = store
            .list_forecasts(Scope::Owner(seller.id), "category", 100)
            .await
            .unwrap();
        assert!(!listed.is_empty());
        assert!(
            listed
                .iter()
                .all(|f| pofuai_web::insight::is_model(&f.model))
        );
        let (customers, _) = store.customer_insights(seller.id).await.unwrap().unwrap();
        assert!(
            customers.contains("Şampiyonlar") || customers.contains("Yeni müşteriler"),
            "{customers}"
        );
    }
}
