//! The demo's sales channels: the Trendyol and Hepsiburada simulators run in-process, the demo
//! seller is connected to both, products are pushed at start, and buyers place orders on the
//! simulators every few seconds, which the order import brings in and turns into stock moves
//! on the other channel.
//!
//! The simulators keep their state in memory, so each start connects the seller afresh.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use pofuai_sandbox::hepsiburada::{self as hb, HepsiburadaSim};
use pofuai_sandbox::trendyol::{self as ty, TrendyolSim};
use pofuai_store::integrations::Integration;
use pofuai_store::paging::PageRequest;
use pofuai_store::products::Scope;
use pofuai_sync::JobKind;
use pofuai_web::AppState;

pub struct Sandboxes {
    pub trendyol: TrendyolSim,
    pub hepsiburada: HepsiburadaSim,
}

impl Sandboxes {
    pub async fn start() -> anyhow::Result<Arc<Sandboxes>> {
        Ok(Arc::new(Sandboxes {
            trendyol: TrendyolSim::spawn(ty::SimOptions::trendyol()).await?,
            hepsiburada: HepsiburadaSim::spawn(hb::SimOptions::hepsiburada()).await?,
        }))
    }

    pub fn urls(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("trendyol".to_string(), self.trendyol.base_url().to_string()),
            (
                "hepsiburada".to_string(),
                self.hepsiburada.base_url().to_string(),
            ),
        ])
    }
}

/// Connects the demo seller to both simulators and queues the first product push. `fresh`:
/// the simulators started empty (in-process), so earlier sandbox integrations are replaced;
/// otherwise (external simulators, which outlive our restarts) they are kept, and a product
/// push they were in the middle of resumes from its job.
pub async fn connect(state: &AppState, seller_email: &str, fresh: bool) -> anyhow::Result<()> {
    let store = &state.store;
    let seller = store
        .user_by_email(seller_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo seller missing"))?;
    let existing = store
        .list_integrations(Scope::Owner(seller.id), PageRequest::first(100))
        .await?;
    if !fresh && existing.items.iter().any(|i| i.environment == "sandbox") {
        return Ok(());
    }
    for old in existing.items.iter().filter(|i| i.environment == "sandbox") {
        store
            .delete_integration(old.id, Scope::Owner(seller.id))
            .await?;
    }
    let ty = ty::SimOptions::trendyol();
    let hb = hb::SimOptions::hepsiburada();
    let channels = [
        (
            "trendyol",
            "Trendyol (sandbox)",
            [("seller_id", ty.seller_id.clone())],
            [
                ("api_key", ty.username.clone()),
                ("api_secret", ty.password.clone()),
            ],
        ),
        (
            "hepsiburada",
            "Hepsiburada (sandbox)",
            [("merchant_id", hb.seller_id.clone())],
            [
                ("username", hb.username.clone()),
                ("password", hb.password.clone()),
            ],
        ),
    ];
    for (name, display, plain, secret) in channels {
        let secret: BTreeMap<String, String> = secret
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let mut i = store
            .create_integration(
                &Integration {
                    id: 0,
                    owner_id: seller.id,
                    integration_type: "marketplace".into(),
                    integration_name: name.into(),
                    display_name: display.into(),
                    config: plain.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                    secrets: Some(state.secrets.seal(&serde_json::to_string(&secret)?)),
                    environment: "sandbox".into(),
                    base_url: None,
                    active: false,
                    created_at: 0,
                    updated_at: 0,
                },
                state.now_ms(),
            )
            .await?;
        i.active = true;
        store.update_integration(&i, state.now_ms()).await?;
        state
            .engine
            .enqueue(seller.id, i.id, JobKind::SyncProducts { product_ids: None })
            .await?;
    }
    println!("demo channels: Trendyol and Hepsiburada sandboxes connected; products are syncing");
    Ok(())
}

/// Buyers at work: an order on a random channel every `every`, once products are listed.
/// Every fifth Trendyol order (the first one included, so the Returns list of a fresh demo
/// fills within one tick) comes back as a return of its first line, for the seller to approve.
pub async fn buyers(sandboxes: Arc<Sandboxes>, every: Duration) {
    let mut turn = 0u64;
    let mut trendyol_orders = 0u64;
    loop {
        tokio::time::sleep(every).await;
        turn += 1;
        let placed = if turn.is_multiple_of(2) {
            sandboxes.hepsiburada.place_random_order()
        } else {
            let placed = sandboxes.trendyol.place_random_order();
            if let Some(id) = &placed {
                if trendyol_orders.is_multiple_of(5) {
                    open_return(&sandboxes.trendyol, id);
                }
                if trendyol_orders.is_multiple_of(3) {
                    ask_question(&sandboxes.trendyol, trendyol_orders);
                }
                trendyol_orders += 1;
            }
            placed
        };
        if let Some(id) = placed {
            tracing::info!(order = %id, "demo buyer placed an order");
        }
    }
}

/// Questions demo buyers ask (Turkish first, as on Trendyol; one in English).
const DEMO_QUESTIONS: [&str; 6] = [
    "Malzemesi nedir?",
    "Kargoya ne zaman verilir?",
    "Başka renkleri var mı?",
    "Garantisi var mı?",
    "What is it made of?",
    "Ölçüleri nedir?",
];

/// A demo buyer asks about a listed product, for the seller's questions page.
fn ask_question(trendyol: &TrendyolSim, n: u64) {
    let barcodes = trendyol.barcodes();
    let (Ok(i), Ok(q)) = (usize::try_from(n), usize::try_from(n / 3)) else {
        return;
    };
    if let Some(barcode) = barcodes.get(i.wrapping_mul(7) % barcodes.len().max(1))
        && let Some(id) = trendyol.ask_question(barcode, DEMO_QUESTIONS[q % DEMO_QUESTIONS.len()])
    {
        tracing::info!(question = id, "demo buyer asked a question");
    }
}

fn open_return(trendyol: &TrendyolSim, package_id: &str) {
    let first = trendyol
        .package(package_id)
        .and_then(|p| p.lines.first().map(|l| l.barcode.clone()));
    if let Some(barcode) = first
        && let Some(claim) = trendyol.open_claim(package_id, &barcode)
    {
        tracing::info!(order = %package_id, %claim, "demo buyer opened a return");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use pofuai_sync::{SyncConfig, Worker};
    use pofuai_web::{SystemClock, WebConfig};

    /// What `serve --demo` does with its channels: the catalogue reaches both sandboxes, the
    /// products the channels cannot take are named in the error log, and a buyer's order comes
    /// back as a reservation that the other channel hears about.
    #[tokio::test]
    async fn the_demo_seller_sells_on_both_sandboxes() {
        let sandboxes = Sandboxes::start().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = pofuai_store::testing::fresh_store(dir.path())
            .await
            .unwrap();
        let config = WebConfig {
            data_dir: dir.path().to_path_buf(),
            sync: SyncConfig {
                sandbox_urls: sandboxes.urls(),
                public_url: "https://demo.pofuai.local".into(),
                batch_poll: Duration::from_millis(5),
                ..SyncConfig::default()
            },
            ..WebConfig::default()
        };
        let state = AppState::new(store.clone(), Arc::new(SystemClock), config);
        crate::demo::seed(&state).await.unwrap();
        connect(&state, crate::demo::SELLER_EMAIL, true)
            .await
            .unwrap();
        let worker = Worker::new(state.engine.clone(), "demo-test");
        assert_eq!(
            worker.run_until_idle().await.unwrap(),
            2,
            "one push per channel"
        );
        let listed = sandboxes.trendyol.listing_count();
        assert!(listed > 60, "most of the catalogue is listed: {listed}");
        assert_eq!(sandboxes.hepsiburada.listing_count(), listed);

        let seller = store
            .user_by_email(crate::demo::SELLER_EMAIL)
            .await
            .unwrap()
            .unwrap();
        let errors = store
            .integration_errors(
                Scope::Owner(seller.id),
                &Default::default(),
                PageRequest::first(100),
            )
            .await
            .unwrap();
        assert!(
            errors.items.iter().all(|e| e.message.contains("Beden")),
            "only the clothes without a size are refused: {:?}",
            errors.items.iter().map(|e| &e.message).collect::<Vec<_>>()
        );

        let order = sandboxes.trendyol.place_random_order().unwrap();
        let integrations = store
            .list_integrations(Scope::Owner(seller.id), PageRequest::first(10))
            .await
            .unwrap();
        let trendyol = integrations
            .items
            .iter()
            .find(|i| i.integration_name == "trendyol")
            .unwrap();
        state
            .engine
            .enqueue(seller.id, trendyol.id, JobKind::SyncOrders)
            .await
            .unwrap();
        worker.run_until_idle().await.unwrap();
        let orders = store
            .list_orders(
                Scope::Owner(seller.id),
                &Default::default(),
                PageRequest::first(10),
            )
            .await
            .unwrap();
        assert_eq!(orders.items.len(), 1);
        assert_eq!(orders.items[0].remote_package_id, order);
        let line = &orders.items[0].lines[0];
        assert_eq!(line.stock_state, "reserved");
        let variant = store
            .variant_by_barcode(&line.barcode, Scope::All)
            .await
            .unwrap();
        let sku = variant.stock_code.clone();
        assert_eq!(
            sandboxes.hepsiburada.listing(&sku).unwrap().quantity,
            variant.available(),
            "Hepsiburada heard the reservation"
        );
    }
}
