//! The engine against the strict Hepsiburada simulator: imports that take time, listings that
//! lag behind them, lost answers, duplicate creates refused. Nothing is created twice, and the
//! store ends with what the channel holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Base, Channel};
use pofuai_core::product::{Currency, NewProduct, NewVariant, Prices};
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::hepsiburada::{HepsiburadaSim, SimOptions, Strictness};
use pofuai_store::products::Scope;
use pofuai_sync::{JobKind, SyncConfig};

const LIMIT: Duration = Duration::from_secs(60);

struct Rig {
    sim: HepsiburadaSim,
    base: Base,
}

impl std::ops::Deref for Rig {
    type Target = Base;
    fn deref(&self) -> &Base {
        &self.base
    }
}

/// (variant id, merchant SKU)
type Made = (i64, String);

async fn rig(strictness: Strictness, change: impl FnOnce(&mut SyncConfig)) -> Rig {
    let sim = HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap();
    sim.set_strictness(strictness);
    let o = SimOptions::hepsiburada();
    let base = common::base(
        Channel {
            name: "hepsiburada",
            display_name: "Hepsiburada",
            base_url: sim.base_url().to_string(),
            clock: sim.clock.clone(),
            config: BTreeMap::from([("merchant_id".to_string(), o.seller_id.clone())]),
            secrets: serde_json::json!({"username": o.username, "password": o.password}),
        },
        |c| {
            c.call_timeout = Duration::from_millis(400);
            change(c);
        },
    )
    .await;
    Rig { sim, base }
}

impl Rig {
    async fn products(&self, count: usize) -> Vec<Made> {
        // Hepsiburada wants at least one image: an upload of the seller's.
        self.store
            .insert_upload(
                pofuai_store::uploads::NewUpload {
                    owner_id: self.seller,
                    path: "/uploads/kulaklik.png",
                    content_type: "image/png",
                    byte_size: 100,
                    width: 64,
                    height: 64,
                    sha256: "00",
                },
                self.engine.now_ms(),
            )
            .await
            .unwrap();
        let mut made = Vec::new();
        for i in 0..count {
            let p = self
                .store
                .create_product(
                    self.seller,
                    &NewProduct {
                        name: format!("Kablosuz Kulaklık {i}"),
                        description: "Gürültü engelleyici kulaklık.".into(),
                        category: "Elektronik".into(),
                        brand: "Pofu Tech".into(),
                        attributes: BTreeMap::from([(
                            "Garanti Süresi".to_string(),
                            "2 yıl".to_string(),
                        )]),
                        images: vec!["/uploads/kulaklik.png".into()],
                        variants: vec![NewVariant {
                            barcode: format!("869{i:010}"),
                            stock_code: format!("HK-{i:06}"),
                            attributes: BTreeMap::from([("Renk".to_string(), "Siyah".to_string())]),
                            stock: 10 + i as i64,
                            prices: Prices {
                                list_price: 59_990,
                                sale_price: 49_990,
                                currency: Currency::Try,
                            },
                            vat_rate: 20,
                        }],
                    },
                    self.engine.now_ms(),
                )
                .await
                .unwrap();
            made.push((p.variants[0].id, p.variants[0].stock_code.clone()));
        }
        made
    }

    /// Differences between the store and the simulator, as readable lines.
    async fn differences(&self, made: &[Made]) -> Vec<String> {
        let mut out = Vec::new();
        for (variant, sku) in made {
            let v = self
                .store
                .variant(*variant, Scope::Owner(self.seller))
                .await
                .unwrap();
            let want = (v.available(), v.sale_price);
            match self.sim.listing(sku) {
                None => out.push(format!("{sku} missing")),
                Some(l) => {
                    let got = (l.quantity, l.sale_price_minor);
                    if got != want {
                        out.push(format!("{sku}: channel {got:?}, store {want:?}"));
                    }
                }
            }
            let creates = self.sim.writes.count("product.create", sku);
            if creates != 1 {
                out.push(format!("{sku} created {creates} times"));
            }
        }
        out
    }
}

fn all() -> JobKind {
    JobKind::SyncProducts { product_ids: None }
}

/// An import whose answer is lost while new products are not listed yet: nothing is imported
/// twice, and after stock changes every listing shows the store's available stock.
#[tokio::test]
async fn a_lost_import_answer_while_listings_lag_creates_nothing_twice() {
    let r = rig(Strictness::documented(), |_| {}).await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(6).await;
    r.sim
        .faults
        .lose_answers("POST", "/product/api/products/import", 1);
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    // Stock changes after the push, while some listings may still lag.
    for (variant, _) in &made[..3] {
        r.store
            .set_stock_on_hand(&[(*variant, 3)], r.engine.now_ms())
            .await
            .unwrap();
    }
    r.engine.enqueue_stock_push(r.seller).await.unwrap();
    r.drive("w1", LIMIT).await;
    // Whatever a lagging listing refused is found by the sweep and sent again.
    for _ in 0..20 {
        if r.differences(&made).await.is_empty() {
            break;
        }
        pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap();
        r.drive("w1", LIMIT).await;
        // The simulator's listings lag by its own clock; move it rather than sleep.
        r.sim.clock.advance(Duration::from_millis(500));
    }
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    // A later sync finds everything in place and creates nothing.
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
}

/// Listings lag longer than the engine waits, so the import is sent again and refused as a
/// duplicate: the product is linked, gets its stock, and no sync loops on importing it.
#[tokio::test]
async fn a_duplicate_import_refused_is_linked_and_gets_its_stock() {
    let r = rig(
        Strictness {
            listing_lag: Duration::from_secs(4),
            ..Strictness::documented()
        },
        |c| c.listing_settle = Duration::from_millis(300),
    )
    .await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(2).await;
    r.sim
        .faults
        .lose_answers("POST", "/product/api/products/import", 1);
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    for m in r.store.mappings(r.integration).await.unwrap() {
        assert_eq!(m.status, "synced", "{m:?}");
    }
    // The import was sent again (the listing lagged past the settle time) and refused.
    assert_eq!(r.sim.import_times().len(), 2);
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
    r.sim.clock.advance(Duration::from_secs(5));
    pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap();
    r.drive("w1", LIMIT).await;
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
}
