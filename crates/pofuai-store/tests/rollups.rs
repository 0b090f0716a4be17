//! The daily sales rollups the order import keeps: whatever sequence of imports and status
//! changes arrives, they equal a rebuild from the orders.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use pofuai_core::Role;
use pofuai_core::product::{NewProduct, NewVariant, Prices};
use pofuai_store::Store;
use pofuai_store::analytics::{
    Breakdown, BreakdownOrder, DayRange, Dimension, ItemFilter, day_of, first_day_of_month,
    month_of_day,
};
use pofuai_store::integrations::Integration;
use pofuai_store::orders::{ImportedLine, ImportedPackage};
use pofuai_store::products::Scope;
use pofuai_store::users::NewUser;

const DAY: i64 = 86_400_000;
const T0: i64 = 1_735_689_600_000; // 2025-01-01T00:00:00Z

async fn seller(store: &Store, email: &str) -> (i64, i64, Vec<String>) {
    let user = store
        .create_user(
            NewUser {
                email,
                password_hash: "x",
                display_name: "s",
                role: Role::Seller,
            },
            T0,
        )
        .await
        .unwrap();
    let variants = (0..3)
        .map(|j| NewVariant {
            barcode: format!("{}{j}", &email[..3]),
            stock_code: format!("SC-{}-{j}", &email[..3]),
            attributes: BTreeMap::new(),
            stock: 100,
            prices: Prices::parse("", 10_000, 9_000, "TRY").unwrap(),
            vat_rate: 20,
        })
        .collect();
    store
        .create_product(
            user.id,
            &NewProduct {
                name: "Bakır Cezve".into(),
                description: "d".into(),
                category: "Mutfak".into(),
                brand: "Anadolu Ev".into(),
                attributes: BTreeMap::new(),
                images: vec![],
                variants,
            },
            T0,
        )
        .await
        .unwrap();
    let integration = store
        .create_integration(
            &Integration {
                id: 0,
                owner_id: user.id,
                integration_type: "marketplace".into(),
                integration_name: "trendyol".into(),
                display_name: "Trendyol".into(),
                config: BTreeMap::new(),
                secrets: None,
                environment: "sandbox".into(),
                base_url: None,
                active: true,
                created_at: 0,
                updated_at: 0,
            },
            T0,
        )
        .await
        .unwrap();
    let barcodes = (0..3).map(|j| format!("{}{j}", &email[..3])).collect();
    (user.id, integration.id, barcodes)
}

fn package(
    owner: i64,
    integration: i64,
    id: u32,
    status: &str,
    updated: i64,
    barcodes: &[String],
) -> ImportedPackage {
    ImportedPackage {
        owner_id: owner,
        integration_id: integration,
        package_id: format!("P{id}"),
        order_number: format!("O{id}"),
        status: status.into(),
        platform_status: status.into(),
        customer_name: format!("Alıcı {}", id % 4),
        total_minor: 27_000,
        currency: "TRY".into(),
        // Every 13 days: January and February, so the monthly rollup has two months.
        ordered_at: T0 + i64::from(id % 5) * 13 * DAY + 20 * 3600 * 1000,
        remote_updated_at: updated,
        cargo_tracking_number: None,
        lines: vec![
            ImportedLine {
                line_id: "1".into(),
                barcode: barcodes[(id % 3) as usize].clone(),
                stock_code: None,
                quantity: 2,
                unit_price_minor: 9_000,
                cancelled: false,
            },
            ImportedLine {
                line_id: "2".into(),
                barcode: "unknown".into(),
                stock_code: None,
                quantity: 1,
                unit_price_minor: 9_000,
                cancelled: id.is_multiple_of(2),
            },
        ],
    }
}

#[tokio::test]
async fn rollups_follow_every_import_and_equal_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let (a, ia, codes_a) = seller(&store, "aaa@x.com").await;
    let (b, ib, codes_b) = seller(&store, "bbb@x.com").await;
    // Packages arrive, are seen again, change status, and arrive out of order.
    let statuses = ["created", "shipped", "delivered", "returned", "cancelled"];
    for round in 0..3i64 {
        for id in 0..10u32 {
            let status = statuses[((id as i64 + round) % 5) as usize];
            let updated = T0 + round * 1000 + i64::from(id);
            store
                .import_package(&package(a, ia, id, status, updated, &codes_a), T0)
                .await
                .unwrap();
            store
                .import_package(&package(b, ib, id, "created", updated, &codes_b), T0)
                .await
                .unwrap();
        }
    }
    // A stale copy changes nothing.
    store
        .import_package(&package(a, ia, 1, "created", T0, &codes_a), T0)
        .await
        .unwrap();
    let incremental = store.sales_rollup_rows(a).await.unwrap();
    store.rebuild_sales_rollups(Scope::Owner(a)).await.unwrap();
    let rebuilt = store.sales_rollup_rows(a).await.unwrap();
    assert!(!incremental.0.is_empty());
    assert_eq!(
        incremental
            .2
            .iter()
            .map(|r| r.key.split('/').next().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        2,
        "two months"
    );
    assert_eq!(incremental, rebuilt);

    // The totals: round 2 left package `id` in statuses[(id + 2) % 5].
    let days = store
        .sales_days(
            Scope::Owner(a),
            DayRange {
                from: day_of(T0),
                to: day_of(T0) + 60,
            },
            None,
        )
        .await
        .unwrap();
    let orders: i64 = days.iter().map(|d| d.orders).sum();
    let cancelled = (0..10).filter(|id| (id + 2) % 5 == 4).count() as i64;
    assert_eq!(orders, 10 - cancelled);
    assert!(days.iter().all(|d| d.channel == "trendyol"));
    // 20:00 UTC is 23:00 in Istanbul: still the same day.
    assert_eq!(days[0].day, day_of(T0));
    // Seller B's figures are B's alone.
    let b_days = store
        .sales_days(
            Scope::Owner(b),
            DayRange {
                from: day_of(T0),
                to: day_of(T0) + 60,
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(b_days.iter().map(|d| d.orders).sum::<i64>(), 10);
    let buyers = store.customer_orders(b).await.unwrap();
    assert_eq!(buyers.len(), 10);
    let distinct: std::collections::BTreeSet<&String> = buyers.iter().map(|r| &r.0).collect();
    assert_eq!(distinct.len(), 4, "four buyers by name");
    let a_buyers = store.customer_orders(a).await.unwrap();
    assert!(
        a_buyers.iter().all(|r| !distinct.contains(&r.0)),
        "no key is shared across sellers"
    );
}

#[test]
fn months_and_their_first_days_agree_with_the_calendar() {
    // 1970-01-01 is day 0; 2024 is a leap year; 2100 is not.
    assert_eq!(month_of_day(0), 1970 * 12);
    assert_eq!(first_day_of_month(1970 * 12), 0);
    let feb_29_2024 = day_of(1_709_164_800_000); // 2024-02-29T00:00:00Z
    assert_eq!(month_of_day(feb_29_2024), 2024 * 12 + 1);
    assert_eq!(month_of_day(feb_29_2024 + 1), 2024 * 12 + 2);
    for month in 1900 * 12..2200 * 12 {
        let first = first_day_of_month(month);
        assert_eq!(month_of_day(first), month);
        assert_eq!(month_of_day(first - 1), month - 1);
        let len = first_day_of_month(month + 1) - first;
        assert!((28..=31).contains(&len));
    }
    assert_eq!(
        first_day_of_month(2100 * 12 + 2) - first_day_of_month(2100 * 12 + 1),
        28
    );
}

/// Breakdowns and item series read whole months from the monthly rollup and the days around
/// them from the daily one; whatever the range, they must equal a sum over the daily rows.
#[tokio::test]
async fn long_ranges_read_from_months_equal_the_sum_of_their_days() {
    let dir = tempfile::tempdir().unwrap();
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let (a, ia, codes) = seller(&store, "aaa@x.com").await;
    // One order every 3 days for about five months, statuses cycling.
    let statuses = ["delivered", "returned", "cancelled", "shipped"];
    for id in 0..50u32 {
        let mut p = package(a, ia, id, statuses[(id % 4) as usize], T0, &codes);
        p.ordered_at = T0 + i64::from(id) * 3 * DAY + 12 * 3600 * 1000;
        store.import_package(&p, T0).await.unwrap();
    }
    let (daily, _, _) = store.sales_rollup_rows(a).await.unwrap();
    // From the daily rows: (day, units, revenue) per product.
    let rows: Vec<(i64, i64, i64, i64)> = daily
        .iter()
        .map(|r| {
            let day: i64 = r.key.split('/').next().unwrap().parse().unwrap();
            (day, r.label.parse().unwrap(), r.units, r.revenue_minor)
        })
        .collect();
    let start = day_of(T0);
    let filter = ItemFilter::default();
    for (from, to) in [
        (0, 149),
        (5, 100),
        (31, 58),
        (0, 30),
        (10, 20),
        (-40, 200),
        (59, 89),
    ] {
        let current = DayRange {
            from: start + from,
            to: start + to,
        };
        let previous = DayRange {
            from: start + from - (to - from + 1),
            to: start + from - 1,
        };
        let sum = |range: DayRange, product: Option<i64>| -> (i64, i64) {
            rows.iter()
                .filter(|r| {
                    r.0 >= range.from && r.0 <= range.to && product.is_none_or(|p| p == r.1)
                })
                .fold((0, 0), |acc, r| (acc.0 + r.2, acc.1 + r.3))
        };
        let got = store
            .sales_breakdown(
                Scope::Owner(a),
                &Breakdown {
                    by: Dimension::Product,
                    current,
                    previous,
                    filter: &filter,
                    order: BreakdownOrder::Revenue,
                    limit: 100,
                },
            )
            .await
            .unwrap();
        for g in &got {
            let product: i64 = g.key.parse().unwrap();
            assert_eq!(
                (g.units, g.revenue_minor),
                sum(current, Some(product)),
                "{from}..{to}"
            );
            let prev = sum(previous, Some(product));
            assert_eq!(
                (g.previous_units, g.previous_revenue_minor),
                prev,
                "{from}..{to}"
            );
        }
        let total: i64 = got.iter().map(|g| g.revenue_minor).sum();
        assert_eq!(total, sum(current, None).1, "{from}..{to}");
        // Movers are the two ends of the growth order, from one query.
        let by_growth = |order| Breakdown {
            by: Dimension::Product,
            current,
            previous,
            filter: &filter,
            order,
            limit: 1,
        };
        let (top, bottom) = store
            .sales_movers(Scope::Owner(a), &by_growth(BreakdownOrder::Growth))
            .await
            .unwrap();
        let grew = store
            .sales_breakdown(Scope::Owner(a), &by_growth(BreakdownOrder::Growth))
            .await
            .unwrap();
        let fell = store
            .sales_breakdown(Scope::Owner(a), &by_growth(BreakdownOrder::Decline))
            .await
            .unwrap();
        assert_eq!((top, bottom), (grew, fell), "{from}..{to}");
        // Every dimension's groups add up to the same totals in both periods.
        for by in [
            Dimension::Channel,
            Dimension::Category,
            Dimension::Brand,
            Dimension::Variant,
        ] {
            let groups = store
                .sales_breakdown(
                    Scope::Owner(a),
                    &Breakdown {
                        by,
                        current,
                        previous,
                        filter: &filter,
                        order: BreakdownOrder::Growth,
                        limit: 100,
                    },
                )
                .await
                .unwrap();
            let totals = groups.iter().fold((0, 0, 0), |acc, g| {
                (
                    acc.0 + g.units,
                    acc.1 + g.revenue_minor,
                    acc.2 + g.previous_revenue_minor,
                )
            });
            assert_eq!(
                totals,
                (
                    sum(current, None).0,
                    sum(current, None).1,
                    sum(previous, None).1
                ),
                "{by:?} {from}..{to}"
            );
        }
        // By month, the item series sums to the same months whether or not whole months are
        // read from the monthly rollup.
        let by_filter = ItemFilter {
            category: Some("Mutfak".into()),
            ..ItemFilter::default()
        };
        let monthly = store
            .sales_item_days(Scope::Owner(a), current, &by_filter, true)
            .await
            .unwrap();
        let daily_only = store
            .sales_item_days(Scope::Owner(a), current, &by_filter, false)
            .await
            .unwrap();
        let per_month = |rows: &[pofuai_store::analytics::DayRow]| {
            let mut m = BTreeMap::new();
            for r in rows {
                let e = m.entry(month_of_day(r.day)).or_insert((0, 0, 0));
                e.0 += r.units;
                e.1 += r.revenue_minor;
                e.2 += r.orders;
            }
            m
        };
        assert_eq!(per_month(&monthly), per_month(&daily_only), "{from}..{to}");
        let catalogued: i64 = rows
            .iter()
            .filter(|r| r.1 != 0 && r.0 >= current.from && r.0 <= current.to)
            .map(|r| r.2)
            .sum();
        assert_eq!(
            daily_only.iter().map(|r| r.units).sum::<i64>(),
            catalogued,
            "{from}..{to}: the category's products only"
        );
    }
}
