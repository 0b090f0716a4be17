//! Issue #10, items 1–7: the store records only what the channel accepted, against the strict
//! Trendyol simulator (batches that take time, listings that lag, duplicate creates refused).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::rig;
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::trendyol::Strictness;
use pofuai_sync::JobKind;

const LIMIT: Duration = Duration::from_secs(60);

/// The documented strictness with batches that take `processing` and listings that show at
/// once, so a test sees only the batch's own delay.
fn slow_batches(processing: Duration) -> Strictness {
    Strictness {
        batch_processing: processing,
        listing_lag: Duration::ZERO,
        ..Strictness::documented()
    }
}

fn all() -> JobKind {
    JobKind::SyncProducts { product_ids: None }
}

/// Item 1: a batch still processing after the poll limit is finished by a later attempt; the
/// store must record what the batch carried, not the stock that changed meanwhile.
#[tokio::test]
async fn a_resumed_batch_records_what_it_carried_not_what_changed_since() {
    let r = rig(slow_batches(Duration::from_millis(600)), |c| {
        c.batch_polls = 1
    })
    .await;
    let made = r.products(1, 1, 20).await;
    r.enqueue(all()).await;
    let w = pofuai_sync::Worker::new(r.engine.clone(), "w1");
    // The first attempt sends the create and gives up polling while the batch processes.
    w.run_once().await.unwrap();
    let sent = r.expected(&made[0]).await.0;
    r.set_stock(&made[0], 77).await;
    r.drive("w1", LIMIT).await;
    let mapping = r.store.mappings(r.integration).await.unwrap().remove(0);
    assert_eq!(mapping.status, "synced");
    let created = &r.sim.writes.of_kind("product.create")[0].value;
    assert!(created.contains(&format!("quantity={sent} ")), "{created}");
    // The product job queued a stock push for the change; the channel ends with 77.
    assert_eq!(r.sim.listing(&made[0].barcode).unwrap().quantity, 77);
    assert_eq!(mapping.pushed_quantity, Some(77));
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
}

/// Item 2: the answer to a create is lost and the new barcodes are not listed yet. Nothing is
/// created twice, and the store ends with what the channel holds.
#[tokio::test]
async fn a_lost_create_answer_while_listings_lag_creates_nothing_twice() {
    let r = rig(Strictness::documented(), |c| {
        c.call_timeout = Duration::from_millis(400);
    })
    .await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(3, 2, 20).await;
    r.sim.faults.lose_answers("POST", "/products", 1);
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    for m in r.store.mappings(r.integration).await.unwrap() {
        assert_eq!(m.status, "synced", "{m:?}");
    }
    // A later sync finds everything in place and creates nothing.
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), made.len());
}

/// Item 2: listings lag longer than we wait, so the create is sent again and refused as a
/// duplicate: the barcode is linked and its stock pushed; no sync loops on creating it.
#[tokio::test]
async fn a_duplicate_create_refused_by_the_platform_is_linked_and_gets_its_stock() {
    let r = rig(
        Strictness {
            listing_lag: Duration::from_millis(1500),
            ..Strictness::documented()
        },
        |c| {
            c.call_timeout = Duration::from_millis(400);
            c.listing_settle = Duration::from_millis(300);
        },
    )
    .await;
    r.sim.faults.set(FaultConfig {
        hang_for: Duration::from_millis(800),
        ..FaultConfig::default()
    });
    let made = r.products(2, 1, 20).await;
    r.sim.faults.lose_answers("POST", "/products", 1);
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    // Change stock while the listing still lags; it must still arrive.
    r.set_stock(&made[0], 3).await;
    r.engine.enqueue_stock_push(r.seller).await.unwrap();
    r.drive("w1", LIMIT).await;
    // Rows refused while the listing lagged stay stale, and Trendyol refuses their identical
    // body for 15 minutes; once both have passed, the sweep's push delivers them.
    r.sim.clock.advance(Duration::from_secs(16 * 60));
    // (On a slow machine the push may already have met the listing; then nothing is stale.)
    pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap();
    r.drive("w1", LIMIT).await;
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    assert_eq!(r.sim.listing(&made[0].barcode).unwrap().quantity, 3);
    let creates_before = r.sim.writes.of_kind("product.create").len();
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), creates_before);
    assert_eq!(creates_before, made.len());
}

/// Item 3: a stock change whose push job was lost (crash between the two writes) is found by
/// the sweep and pushed.
#[tokio::test]
async fn the_sweep_finds_a_stock_change_whose_push_was_never_queued() {
    let r = rig(Strictness::default(), |_| {}).await;
    let made = r.products(2, 1, 20).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap(), 0);
    r.set_stock(&made[1], 42).await;
    assert_eq!(pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap(), 1);
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.listing(&made[1].barcode).unwrap().quantity, 42);
    assert_eq!(pofuai_sync::sweep_stale_stock(&r.engine).await.unwrap(), 0);
}

/// Item 4: a stock push defers to one already running for the integration, and a body the
/// 15-minute rule refuses is looked at again soon, not after 15 minutes.
#[tokio::test]
async fn stock_pushes_never_overlap_and_drop_waits_that_no_longer_apply() {
    let r = rig(Strictness::default(), |_| {}).await;
    let made = r.products(1, 1, 20).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    let inventory = r.sim.writes.of_kind("inventory").len();

    r.set_stock(&made[0], 5).await;
    let first = r.enqueue(JobKind::PushStock).await;
    let now = r.now();
    let claimed = r
        .store
        .claim_job("elsewhere", now, now + 60_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, first);
    let second = r.enqueue(JobKind::PushStock).await;
    assert_ne!(second, first);
    let w = pofuai_sync::Worker::new(r.engine.clone(), "w1");
    assert_eq!(w.run_once().await.unwrap(), Some(second));
    let job = r.store.job(second).await.unwrap();
    assert_eq!(job.state, "queued");
    assert!(
        job.last_error
            .unwrap_or_default()
            .contains("another stock push")
    );
    assert_eq!(
        r.sim.writes.of_kind("inventory").len(),
        inventory,
        "nothing sent"
    );
    assert_eq!(job.attempts, 0, "a deferral is not an attempt");

    // The other worker dies; its job is taken over and the push goes out once.
    r.store
        .retry_job(first, "elsewhere", "gone", r.now(), false, r.now())
        .await
        .unwrap();
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.listing(&made[0].barcode).unwrap().quantity, 5);

    // 5 → 4 → 5: the third body repeats the first within 15 minutes.
    r.set_stock(&made[0], 4).await;
    r.enqueue(JobKind::PushStock).await;
    r.drive("w1", LIMIT).await;
    r.set_stock(&made[0], 5).await;
    let repeat = r.enqueue(JobKind::PushStock).await;
    pofuai_sync::Worker::new(r.engine.clone(), "w1")
        .run_once()
        .await
        .unwrap();
    let job = r.store.job(repeat).await.unwrap();
    assert_eq!(job.state, "queued");
    let wait = job.run_at - r.now();
    assert!(
        wait <= 200,
        "rechecks within duplicate_recheck, waits {wait} ms"
    );
    assert_eq!(r.sim.listing(&made[0].barcode).unwrap().quantity, 4);
    // A change meanwhile makes the body new: it goes at the next look.
    r.set_stock(&made[0], 6).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.listing(&made[0].barcode).unwrap().quantity, 6);
}

/// Item 5: a take-over of a job whose worker died is not a failed attempt.
#[tokio::test]
async fn lease_take_overs_are_counted_apart_from_attempts() {
    let r = rig(Strictness::default(), |_| {}).await;
    let id = r.enqueue(JobKind::PushStock).await;
    let mut now = r.now();
    for n in 1..=12 {
        let job = r
            .store
            .claim_job(&format!("w{n}"), now, now + 10)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.id, id);
        assert_eq!(job.attempts, 1, "take-over {n} counted as an attempt");
        assert_eq!(job.takeovers, n - 1);
        now += 11;
    }
}

/// Item 6: a change of price or stock alone sends no product update; it goes through
/// price-and-inventory.
#[tokio::test]
async fn price_and_stock_changes_never_send_a_product_update() {
    let r = rig(Strictness::default(), |_| {}).await;
    let made = r.products(3, 1, 20).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    r.set_sale_price(&made[0], 45_000).await;
    r.set_stock(&made[1], 1).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.update").len(), 0);
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    assert_eq!(
        r.sim.listing(&made[0].barcode).unwrap().sale_price_minor,
        45_000
    );
}

/// Item 7: what Trendyol refuses is caught before sending, and the error log names the field.
#[tokio::test]
async fn a_refused_vat_rate_is_never_sent_and_the_log_names_it() {
    let r = rig(Strictness::documented(), |_| {}).await;
    let made = r.products(1, 1, 18).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    assert_eq!(r.sim.writes.of_kind("product.create").len(), 0);
    assert!(r.sim.listing(&made[0].barcode).is_none());
    let errors = r
        .store
        .integration_errors(
            pofuai_store::products::Scope::All,
            &pofuai_store::sync::ErrorFilter::default(),
            pofuai_store::paging::PageRequest::first(50),
        )
        .await
        .unwrap();
    assert!(
        errors
            .items
            .iter()
            .any(|e| e.message.contains("vatRate")
                && e.item_ref.as_deref() == Some(&made[0].barcode)),
        "{:?}",
        errors.items
    );
}

/// Item 9: the next chunks go out while earlier batches process, never more than
/// `batch_in_flight` at once, and each batch's results are recorded from what it carried.
#[tokio::test]
async fn chunks_are_sent_while_earlier_batches_process_within_the_bound() {
    let processing = Duration::from_millis(400);
    let r = rig(slow_batches(processing), |c| {
        c.batch_items = 5;
        c.batch_in_flight = 3;
        c.batch_poll = Duration::from_millis(100);
    })
    .await;
    let made = r.products(30, 1, 20).await;
    r.enqueue(all()).await;
    r.drive("w1", LIMIT).await;
    let batches = r.sim.product_batch_times();
    assert_eq!(batches.len(), 6, "{batches:?}");
    // The second batch left before the first could have finished processing.
    assert!(batches[1].0 < batches[0].1, "{batches:?}");
    for (sent_at, _, _) in &batches {
        let processing_then = batches
            .iter()
            .filter(|(from, until, _)| from <= sent_at && sent_at < until)
            .count();
        assert!(
            processing_then <= 3,
            "{processing_then} at {sent_at}: {batches:?}"
        );
    }
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
}

/// Item 9 with item 1: several batches in flight when the attempt gives up polling; stock
/// changes meanwhile; the next attempt polls every batch by its ticket and records what each
/// carried, and the stock push corrects the channel.
#[tokio::test]
async fn batches_in_flight_when_an_attempt_ends_record_what_each_carried() {
    let r = rig(slow_batches(Duration::from_millis(800)), |c| {
        c.batch_items = 2;
        c.batch_in_flight = 3;
        c.batch_polls = 1;
    })
    .await;
    let made = r.products(6, 1, 20).await;
    r.enqueue(all()).await;
    let w = pofuai_sync::Worker::new(r.engine.clone(), "w1");
    // The first attempt sends three chunks and gives up polling while they process.
    w.run_once().await.unwrap();
    assert_eq!(r.sim.product_batch_times().len(), 3);
    let mut sent = Vec::new();
    for m in &made {
        sent.push(r.expected(m).await.0);
        r.set_stock(m, 500).await;
    }
    r.drive("w1", LIMIT).await;
    for (m, quantity) in made.iter().zip(&sent) {
        let create = r
            .sim
            .writes
            .of_kind("product.create")
            .into_iter()
            .find(|w| w.key == m.barcode)
            .unwrap();
        assert!(
            create.value.contains(&format!("quantity={quantity} ")),
            "{}",
            create.value
        );
    }
    assert!(
        r.differences(&made).await.is_empty(),
        "{:?}",
        r.differences(&made).await
    );
    for m in &made {
        assert_eq!(r.sim.listing(&m.barcode).unwrap().quantity, 500);
    }
}

/// Item 10: new products carry the seller's carrier setting; a brand lookup the platform keeps
/// failing fails only that brand's products, not the push; a job deferred once (its batch still
/// processing) and then finished keeps no error text.
#[tokio::test]
async fn a_failed_lookup_fails_only_its_products_and_creates_carry_the_sellers_carrier() {
    let r = rig(slow_batches(Duration::from_millis(300)), |c| {
        c.batch_polls = 1
    })
    .await;
    let scope = pofuai_store::products::Scope::All;
    let mut integration = r.store.integration(r.integration, scope).await.unwrap();
    integration
        .config
        .insert("cargo_company_id".into(), "10".into());
    r.store
        .update_integration(&integration, r.now())
        .await
        .unwrap();
    let made = r.products(3, 1, 20).await;
    r.store
        .update_product(
            made[1].product,
            scope,
            &pofuai_core::product::ProductChanges {
                brand: Some("Ege Doğal".into()),
                ..Default::default()
            },
            None,
            r.now(),
        )
        .await
        .unwrap();
    r.sim.faults.fail_requests("GET", "name=Ege", 10_000);
    let job = r.enqueue(all()).await;
    let w = pofuai_sync::Worker::new(r.engine.clone(), "w1");
    // The first attempt sends the batch and gives up polling while it processes.
    w.run_once().await.unwrap();
    assert!(r.store.job(job).await.unwrap().last_error.is_some());
    r.drive("w1", LIMIT).await;

    let finished = r.store.job(job).await.unwrap();
    assert_eq!(finished.state, "succeeded", "{finished:?}");
    assert_eq!(finished.last_error, None, "{finished:?}");
    for ok in [&made[0], &made[2]] {
        let listing = r.sim.listing(&ok.barcode).unwrap();
        assert_eq!(listing.cargo_company_id, 10);
    }
    assert!(r.sim.listing(&made[1].barcode).is_none());
    let mappings = r.store.mappings(r.integration).await.unwrap();
    assert!(
        mappings
            .iter()
            .filter(|m| m.variant_id == made[1].variant)
            .all(|m| m.status != "synced"),
        "{mappings:?}"
    );
    let errors = r
        .store
        .integration_errors(
            scope,
            &pofuai_store::sync::ErrorFilter::default(),
            pofuai_store::paging::PageRequest::first(50),
        )
        .await
        .unwrap();
    assert!(
        errors
            .items
            .iter()
            .any(|e| e.message.contains("brand") && e.item_ref.as_deref() == Some(&made[1].barcode)),
        "{:?}",
        errors.items
    );
}
