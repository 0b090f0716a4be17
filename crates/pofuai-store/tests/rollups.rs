//! The daily sales rollups the order import keeps: whatever sequence of imports and status
//! changes arrives, they equal a rebuild from the orders.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use pofuai_core::Role;
use pofuai_core::product::{NewProduct, NewVariant, Prices};
use pofuai_store::Store;
use pofuai_store::analytics::{DayRange, day_of};
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
        ordered_at: T0 + i64::from(id % 5) * DAY + 20 * 3600 * 1000,
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
    assert_eq!(incremental, rebuilt);

    // The totals: round 2 left package `id` in statuses[(id + 2) % 5].
    let days = store
        .sales_days(
            Scope::Owner(a),
            DayRange {
                from: day_of(T0),
                to: day_of(T0) + 10,
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
                to: day_of(T0) + 10,
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
