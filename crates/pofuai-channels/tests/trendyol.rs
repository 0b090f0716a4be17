//! The real Trendyol connector against the Trendyol simulator.

#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

use std::time::Duration;

use pofuai_channels::trendyol::Trendyol;
use pofuai_channels::*;
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::trendyol::{SimOptions, TrendyolSim};

async fn sim() -> TrendyolSim {
    TrendyolSim::spawn(SimOptions::trendyol()).await.unwrap()
}

fn endpoint(sim: &TrendyolSim) -> Endpoint {
    let o = SimOptions::trendyol();
    Endpoint {
        base_url: sim.base_url().to_owned(),
        seller_id: o.seller_id,
        username: o.username,
        password: o.password,
        integrator: "PofuAiTest".into(),
        timeout: Duration::from_secs(10),
        pinned: None,
    }
}

fn connector(sim: &TrendyolSim) -> Trendyol {
    Trendyol::new(endpoint(sim)).unwrap()
}

fn item(barcode: &str) -> ListingItem {
    ListingItem {
        barcode: barcode.into(),
        stock_code: format!("SKU-{barcode}"),
        group_code: "KUPA".into(),
        title: format!("El yapımı seramik kupa {barcode}"),
        description: "<p>Kapadokya'da el yapımı.</p>".into(),
        brand: RemoteBrand {
            id: "100004".into(),
            name: "Kapadokya Seramik".into(),
        },
        category_id: "1002".into(),
        attributes: vec![ListingAttribute {
            attribute_id: "14".into(),
            value_id: Some("14004".into()),
            value: "Seramik".into(),
        }],
        images: (0..10)
            .map(|i| format!("https://cdn.example.com/kupa-{i}.jpg"))
            .collect(),
        quantity: 12,
        sale_price_minor: 12990,
        list_price_minor: 14990,
        vat_rate: 20,
        currency: "TRY".into(),
        dimensional_weight: 2,
        listed: None,
    }
}

async fn wait_products(c: &Trendyol, ticket: &BatchTicket) -> BatchOutcome {
    for _ in 0..10 {
        let outcome = c.product_batch(ticket).await.unwrap();
        if outcome.done {
            return outcome;
        }
    }
    panic!("batch never finished");
}

async fn wait_prices(c: &Trendyol, ticket: &BatchTicket) -> BatchOutcome {
    for _ in 0..10 {
        let outcome = c.price_stock_batch(ticket).await.unwrap();
        if outcome.done {
            return outcome;
        }
    }
    panic!("batch never finished");
}

#[tokio::test]
async fn credentials_are_tested_and_each_error_kind_is_mapped() {
    let sim = sim().await;
    let c = connector(&sim);
    c.test().await.unwrap();

    // 401 -> Unauthorized, not retryable.
    let mut bad = endpoint(&sim);
    bad.password = "wrong".into();
    let err = Trendyol::new(bad).unwrap().test().await.unwrap_err();
    assert!(matches!(err, ChannelError::Unauthorized(_)), "{err:?}");
    assert!(!err.is_retryable());

    // The integrator name must fit Trendyol's User-Agent rule.
    let mut spaced = endpoint(&sim);
    spaced.integrator = "Pofu Ai".into();
    assert!(matches!(
        Trendyol::new(spaced),
        Err(ChannelError::Invalid(_))
    ));

    // 429 with Retry-After -> RateLimited carrying the wait (categories: 50 per minute).
    for _ in 0..50 {
        c.categories().await.unwrap();
    }
    let err = c.categories().await.unwrap_err();
    match err {
        ChannelError::RateLimited {
            retry_after: Some(wait),
        } => assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(60)),
        other => panic!("{other:?}"),
    }

    // 5xx -> Transient, retryable.
    sim.faults.set(FaultConfig {
        server_error: 1.0,
        ..FaultConfig::default()
    });
    let err = c.test().await.unwrap_err();
    assert!(matches!(err, ChannelError::Transient(_)), "{err:?}");
    assert!(err.is_retryable());
    assert!(!sim.faults.injected().is_empty());
}

#[tokio::test]
async fn categories_attributes_and_brands() {
    let sim = sim().await;
    let c = connector(&sim);
    let categories = c.categories().await.unwrap();
    let root = categories
        .iter()
        .find(|c| c.name == "Tüm Kategoriler")
        .unwrap();
    assert!(!root.leaf);
    let giyim = categories.iter().find(|c| c.name == "Giyim").unwrap();
    assert!(giyim.leaf);
    assert_eq!(giyim.parent_id.as_deref(), Some(root.id.as_str()));
    let kahve = categories.iter().find(|c| c.name == "Kahve").unwrap();
    let icecek = categories.iter().find(|c| c.name == "İçecek").unwrap();
    assert_eq!(kahve.parent_id.as_deref(), Some(icecek.id.as_str()));

    let attributes = c.category_attributes(&giyim.id).await.unwrap();
    let beden = attributes.iter().find(|a| a.name == "Beden").unwrap();
    assert!(beden.required && !beden.allow_custom);
    assert_eq!(
        beden
            .values
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["XS", "S", "M", "L", "XL", "XXL"]
    );
    let renk = attributes.iter().find(|a| a.name == "Renk").unwrap();
    assert!(!renk.required && renk.allow_custom);

    let brand = c.brand("toros spor").await.unwrap().unwrap();
    assert_eq!(brand.name, "Toros Spor");
    // Near matches are not the brand.
    assert_eq!(c.brand("Toros").await.unwrap(), None);
    assert_eq!(c.brand("Olmayan Marka").await.unwrap(), None);
}

#[tokio::test]
async fn push_1500_products_in_two_batches_then_update_without_recreating() {
    let sim = sim().await;
    let c = connector(&sim);
    let items: Vec<ListingItem> = (0..1500).map(|i| item(&format!("PF{i:05}"))).collect();

    let too_many: Vec<ListingItem> = (0..1001).map(|i| item(&format!("X{i}"))).collect();
    assert!(matches!(
        c.push_products(&too_many).await,
        Err(ChannelError::Invalid(_))
    ));
    assert_eq!(sim.batch_count(), 0, "refused before sending");

    for chunk in items.chunks(1000) {
        let ticket = c.push_products(chunk).await.unwrap();
        let outcome = wait_products(&c, &ticket).await;
        assert_eq!(outcome.items.len(), chunk.len());
        assert!(
            outcome.items.iter().all(|i| i.ok),
            "{:?}",
            outcome.items.iter().find(|i| !i.ok)
        );
    }
    assert_eq!(sim.listing_count(), 1500);
    let listing = sim.listing("PF01499").unwrap();
    assert_eq!(listing.sale_price_minor, 12990);
    assert_eq!(listing.list_price_minor, 14990);
    assert_eq!(listing.images.len(), 8, "the connector cuts images to 8");
    assert_eq!(sim.writes.of_kind("product.create").len(), 1500);

    // existing_products reports exactly the held barcodes, in the order asked.
    let keys = vec![
        "NOPE".to_owned(),
        "PF00003".to_owned(),
        "PF01400".to_owned(),
    ];
    assert_eq!(
        c.existing_products(&keys).await.unwrap(),
        vec!["PF00003".to_owned(), "PF01400".to_owned()]
    );

    // Pushing again (e.g. after a lost answer, or a title change) updates, never re-creates;
    // new barcodes in the same push are created.
    let mut again: Vec<ListingItem> = items[..5].to_vec();
    again[0].title = "Yeni başlık".into();
    again.push(item("PF-NEW"));
    let ticket = c.push_products(&again).await.unwrap();
    assert!(
        ticket.0.contains("create:") && ticket.0.contains("update:"),
        "{ticket:?}"
    );
    let outcome = wait_products(&c, &ticket).await;
    assert_eq!(outcome.items.len(), 6);
    assert!(outcome.items.iter().all(|i| i.ok));
    assert_eq!(sim.listing("PF00000").unwrap().title, "Yeni başlık");
    for i in 0..5 {
        let key = format!("PF{i:05}");
        assert_eq!(sim.writes.count("product.create", &key), 1);
        assert_eq!(sim.writes.count("product.update", &key), 1);
    }
    assert_eq!(sim.writes.count("product.create", "PF-NEW"), 1);
    assert_eq!(sim.writes.count("product.update", "PF-NEW"), 0);
}

#[tokio::test]
async fn bad_items_report_their_own_errors() {
    let sim = sim().await;
    let c = connector(&sim);
    let good = item("OK-1");
    let mut long = item("LONG-1");
    long.title = "ç".repeat(101);
    let mut shirt = item("SHIRT-1");
    shirt.category_id = "1003".into(); // Giyim: Beden is required
    let mut cheap = item("CHEAP-1");
    cheap.list_price_minor = 100;
    let ticket = c.push_products(&[good, long, shirt, cheap]).await.unwrap();
    let outcome = wait_products(&c, &ticket).await;
    let get = |k: &str| outcome.items.iter().find(|i| i.key == k).unwrap();
    assert!(get("OK-1").ok);
    assert!(!get("LONG-1").ok && get("LONG-1").errors.iter().any(|e| e.contains("100")));
    assert!(!get("SHIRT-1").ok && get("SHIRT-1").errors.iter().any(|e| e.contains("Beden")));
    assert!(
        !get("CHEAP-1").ok
            && get("CHEAP-1")
                .errors
                .iter()
                .any(|e| e.contains("listPrice"))
    );
    assert_eq!(sim.listing_count(), 1);
}

#[tokio::test]
async fn price_and_stock_reach_the_listing_and_repeats_are_duplicates() {
    let sim = sim().await;
    sim.add_listing("KUPA-1", "Kupa", 3, 10000);
    let c = connector(&sim);
    let rows = vec![
        PriceStock {
            barcode: "KUPA-1".into(),
            stock_code: "SKU-KUPA-1".into(),
            quantity: 42,
            sale_price_minor: 8999,
            list_price_minor: 12990,
        },
        PriceStock {
            barcode: "UNKNOWN".into(),
            stock_code: "X".into(),
            quantity: 1,
            sale_price_minor: 100,
            list_price_minor: 100,
        },
    ];
    let ticket = c.push_price_stock(&rows).await.unwrap();
    let outcome = wait_prices(&c, &ticket).await;
    assert!(outcome.items.iter().find(|i| i.key == "KUPA-1").unwrap().ok);
    assert!(
        !outcome
            .items
            .iter()
            .find(|i| i.key == "UNKNOWN")
            .unwrap()
            .ok
    );
    let l = sim.listing("KUPA-1").unwrap();
    assert_eq!(
        (l.quantity, l.sale_price_minor, l.list_price_minor),
        (42, 8999, 12990)
    );

    let err = c.push_price_stock(&rows).await.unwrap_err();
    assert!(matches!(err, ChannelError::Duplicate(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(sim.writes.count("inventory", "KUPA-1"), 1);
}

#[tokio::test]
async fn orders_page_through_a_last_modified_window() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 1000, 12990);
    sim.add_listing("B", "Tabak", 1000, 4550);
    let c = connector(&sim);
    let t0 = sim.clock.now_ms();
    for _ in 0..450 {
        sim.place_order(&[("A", 1), ("B", 2)]).unwrap();
    }
    sim.clock.advance(Duration::from_secs(60));
    let t1 = sim.clock.now_ms();
    let late = sim.place_order(&[("B", 1)]).unwrap();
    sim.clock.advance(Duration::from_secs(1));
    let t2 = sim.clock.now_ms();

    // The first window holds the 450, over three pages of 200.
    let mut query = OrderQuery {
        modified_from_ms: t0,
        modified_to_ms: t1,
        cursor: None,
    };
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = c.orders(&query).await.unwrap();
        pages += 1;
        seen.extend(page.packages);
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 450);
    let mut ids: Vec<&str> = seen.iter().map(|p| p.package_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 450, "no package twice");
    let p = &seen[0];
    assert_eq!(p.status, OrderStatus::Created);
    assert_eq!(p.total_minor, 12990 + 2 * 4550);
    assert_eq!(p.lines.len(), 2);
    assert_eq!(p.lines[1].unit_price_minor, 4550);
    assert_eq!(p.lines[1].stock_code.as_deref(), Some("SKU-B"));
    assert!(!p.customer_name.is_empty());
    assert!(p.last_modified_ms >= t0 && p.last_modified_ms < t1);

    // The next window holds only the late order.
    let page = c
        .orders(&OrderQuery {
            modified_from_ms: t1,
            modified_to_ms: t2,
            cursor: None,
        })
        .await
        .unwrap();
    assert_eq!(page.packages.len(), 1);
    assert_eq!(page.packages[0].package_id, late);
    assert_eq!(page.next, None);

    // A cancelled line: the old package comes back Cancelled, the rest under a new id.
    let target = seen[10].package_id.clone();
    let new_id = sim.cancel_line(&target, "A").unwrap();
    sim.clock.advance(Duration::from_secs(1));
    let page = c
        .orders(&OrderQuery {
            modified_from_ms: t2,
            modified_to_ms: sim.clock.now_ms(),
            cursor: None,
        })
        .await
        .unwrap();
    let old = page
        .packages
        .iter()
        .find(|p| p.package_id == target)
        .unwrap();
    assert_eq!(old.status, OrderStatus::Cancelled);
    assert!(old.lines.iter().all(|l| l.cancelled));
    let new = page
        .packages
        .iter()
        .find(|p| p.package_id == new_id)
        .unwrap();
    assert_eq!(new.order_number, old.order_number);
    assert_eq!(new.lines.len(), 1);
    assert_eq!(new.lines[0].barcode, "B");
    assert!(!new.lines[0].cancelled);
}

async fn one_package(c: &Trendyol, sim: &TrendyolSim, id: &str) -> RemotePackage {
    let page = c
        .orders(&OrderQuery {
            modified_from_ms: sim.clock.now_ms() - 3_600_000,
            modified_to_ms: sim.clock.now_ms() + 1,
            cursor: None,
        })
        .await
        .unwrap();
    page.packages
        .into_iter()
        .find(|p| p.package_id == id)
        .unwrap()
}

#[tokio::test]
async fn status_and_tracking_reach_the_sim_and_a_lost_answer_is_not_an_error() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 100, 12990);
    let id = sim.place_order(&[("A", 2)]).unwrap();
    let c = connector(&sim);
    let package = one_package(&c, &sim, &id).await;

    // Invoiced straight from Created is the platform's refusal.
    let err = c
        .update_status(
            &package,
            &StatusPush::Invoiced {
                invoice_number: Some("PFA2026000001".into()),
                invoice_link: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ChannelError::Rejected { .. }), "{err:?}");

    // Picking, with the answer lost: the platform applied it; the retry is a success.
    let mut short = endpoint(&sim);
    short.timeout = Duration::from_millis(1000);
    let impatient = Trendyol::new(short).unwrap();
    sim.faults.set(FaultConfig {
        lost_response: 1.0,
        hang_for: Duration::from_secs(3),
        ..FaultConfig::default()
    });
    let err = impatient
        .update_status(&package, &StatusPush::Picking)
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
    sim.faults.set(FaultConfig::default());
    assert_eq!(sim.package(&id).unwrap().status, "Picking");
    c.update_status(&package, &StatusPush::Picking)
        .await
        .unwrap();
    assert_eq!(sim.writes.count("package.status", &id), 1);

    c.update_status(
        &package,
        &StatusPush::Invoiced {
            invoice_number: Some("PFA2026000001".into()),
            invoice_link: None,
        },
    )
    .await
    .unwrap();
    let p = sim.package(&id).unwrap();
    assert_eq!(p.status, "Invoiced");
    assert_eq!(p.invoice_number.as_deref(), Some("PFA2026000001"));

    c.update_tracking(&package, "7330012345678").await.unwrap();
    assert_eq!(
        sim.package(&id).unwrap().tracking_number.as_deref(),
        Some("7330012345678")
    );
    let seen = one_package(&c, &sim, &id).await;
    assert_eq!(seen.status, OrderStatus::Invoiced);
    assert_eq!(seen.cargo_tracking_number.as_deref(), Some("7330012345678"));
    assert_eq!(sim.writes.count("package.tracking", &id), 1);
}

#[tokio::test]
async fn claims_are_listed_and_approved() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 100, 12990);
    sim.add_listing("B", "Tabak", 100, 4550);
    let id = sim.place_order(&[("A", 2), ("B", 1)]).unwrap();
    sim.set_package_status(&id, "Delivered");
    let c = connector(&sim);
    let t0 = sim.clock.now_ms();
    let claim_id = sim.open_claim(&id, "A").unwrap();
    sim.clock.advance(Duration::from_secs(1));
    let window = OrderQuery {
        modified_from_ms: t0,
        modified_to_ms: sim.clock.now_ms(),
        cursor: None,
    };
    let page = c.claims(&window).await.unwrap();
    assert_eq!(page.next, None);
    assert_eq!(page.claims.len(), 1);
    let claim = &page.claims[0];
    assert_eq!(claim.claim_id, claim_id);
    assert_eq!(claim.order_number, sim.package(&id).unwrap().order_number);
    assert_eq!(claim.status, "WaitingInAction");
    assert_eq!(claim.lines.len(), 2, "one claim item per returned unit");
    assert!(
        claim
            .lines
            .iter()
            .all(|l| l.barcode == "A" && !l.reason.is_empty())
    );

    c.approve_claim(claim, &[claim.lines[0].claim_line_id.clone()])
        .await
        .unwrap();
    let sim_claim = sim.claim(&claim_id).unwrap();
    assert_eq!(sim_claim.items[0].status, "Accepted");
    assert_eq!(sim_claim.items[1].status, "WaitingInAction");
    // Approving an already approved item is refused by the platform.
    let err = c
        .approve_claim(claim, &[claim.lines[0].claim_line_id.clone()])
        .await
        .unwrap_err();
    assert!(matches!(err, ChannelError::Rejected { .. }));
    // An empty list approves what is still waiting.
    c.approve_claim(claim, &[]).await.unwrap_err(); // the stale view still lists item 0 as waiting
    let fresh = c
        .claims(&OrderQuery {
            modified_from_ms: t0,
            modified_to_ms: sim.clock.now_ms() + 1,
            cursor: None,
        })
        .await
        .unwrap();
    c.approve_claim(&fresh.claims[0], &[]).await.unwrap();
    assert!(
        sim.claim(&claim_id)
            .unwrap()
            .items
            .iter()
            .all(|i| i.status == "Accepted")
    );
    assert_eq!(sim.writes.count("claim.approve", &claim_id), 2);
}

#[tokio::test]
async fn order_paging_reanchors_past_the_10000_record_cap() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 20_000, 12990);
    let c = connector(&sim);
    let t0 = sim.clock.now_ms();
    for _ in 0..10_100 {
        sim.place_order(&[("A", 1)]).unwrap();
        sim.clock.advance(Duration::from_millis(1));
    }
    let mut query = OrderQuery {
        modified_from_ms: t0,
        modified_to_ms: sim.clock.now_ms() + 1,
        cursor: None,
    };
    let mut seen = Vec::new();
    let mut rate_limited = 0;
    loop {
        // 50 requests per 10 s per endpoint: the connector paces itself below it; a 429 would
        // be waited out as told, the way the sync engine does.
        let page = match c.orders(&query).await {
            Ok(page) => page,
            Err(ChannelError::RateLimited {
                retry_after: Some(wait),
            }) => {
                rate_limited += 1;
                sim.clock.advance(wait);
                continue;
            }
            Err(other) => panic!("{other:?}"),
        };
        seen.extend(page.packages.into_iter().map(|p| p.package_id));
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(rate_limited, 0, "51 pages, paced under 50 per 10 s");
    let all = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 10_100, "every package reached");
    assert!(
        all - seen.len() <= 1,
        "only the re-anchor millisecond repeats"
    );
}

#[tokio::test]
async fn order_dates_are_gmt3_on_the_wire_and_the_instant_in_the_model() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 5, 12990);
    let c = connector(&sim);
    let id = sim.place_order(&[("A", 1)]).unwrap();
    let placed = sim.package(&id).unwrap().order_date_ms;
    let package = one_package(&c, &sim, &id).await;
    // The simulator serves orderDate three hours ahead, as Trendyol does; the model holds
    // the instant the buyer ordered.
    assert_eq!(package.ordered_at_ms, placed);
    assert_eq!(
        pofuai_channels::trendyol::order_date_utc(placed + 3 * 3_600_000),
        placed
    );
    assert!(package.last_modified_ms >= placed);
    // A webhook delivery reads the same way.
    let body = serde_json::json!({
        "id": 1, "orderNumber": "9", "status": "Created",
        "orderDate": placed + 3 * 3_600_000, "lastModifiedDate": placed, "lines": [],
    });
    let hooked = pofuai_channels::trendyol::webhook_package(&body.to_string()).unwrap();
    assert_eq!(hooked.ordered_at_ms, placed);
}

#[tokio::test]
async fn invoiced_goes_without_an_invoice_number() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 5, 12990);
    let c = connector(&sim);
    let id = sim.place_order(&[("A", 1)]).unwrap();
    let package = one_package(&c, &sim, &id).await;
    c.update_status(&package, &StatusPush::Picking)
        .await
        .unwrap();
    c.update_status(
        &package,
        &StatusPush::Invoiced {
            invoice_number: None,
            invoice_link: None,
        },
    )
    .await
    .unwrap();
    let p = sim.package(&id).unwrap();
    assert_eq!(p.status, "Invoiced");
    assert_eq!(p.invoice_number, None);
}

#[tokio::test]
async fn questions_are_listed_and_answered() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 5, 12990);
    let c = Connector::Trendyol(connector(&sim));
    let from = sim.clock.now_ms();
    let asked: Vec<i64> = (0..60)
        .map(|i| {
            sim.ask_question("A", &format!("Soru {i}: bulaşık makinesine girer mi?"))
                .unwrap()
        })
        .collect();
    let mut query = QuestionQuery {
        from_ms: from,
        to_ms: sim.clock.now_ms() + 1,
        status: Some("WAITING_FOR_ANSWER".into()),
        barcode: None,
        cursor: None,
    };
    let mut seen = Vec::new();
    loop {
        let page = c.questions(&query).await.unwrap();
        seen.extend(page.questions);
        match page.next {
            Some(n) => query.cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 60, "two pages of at most 50");
    assert_eq!(seen[0].id, asked[0].to_string());
    assert_eq!(seen[0].barcode.as_deref(), Some("A"));
    assert_eq!(seen[0].status, "WAITING_FOR_ANSWER");
    let answer = "Evet, bulaşık makinesinde yıkanabilir.";
    c.answer_question(&seen[0].id, answer).await.unwrap();
    assert_eq!(sim.question(asked[0]).unwrap().answer.unwrap().0, answer);
    assert!(matches!(
        c.answer_question(&seen[0].id, answer).await,
        Err(ChannelError::Rejected { .. })
    ));
    assert!(matches!(
        c.answer_question(&seen[1].id, "  ").await,
        Err(ChannelError::Invalid(_))
    ));
    query.cursor = None;
    query.status = Some("ANSWERED".into());
    let page = c.questions(&query).await.unwrap();
    assert_eq!(page.questions.len(), 1);
    assert_eq!(page.questions[0].answer.as_deref(), Some(answer));
    // Looked up again by id, around the time it was asked: the platform's word now.
    let found = c
        .find_question(&seen[0].id, seen[0].created_at_ms, Some("A"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.status, "ANSWERED");
    assert_eq!(
        c.find_question("999", seen[0].created_at_ms, Some("A"))
            .await
            .unwrap(),
        None
    );
    // Answers of 10 to 2000 characters only, checked before anything is sent.
    assert!(matches!(
        c.answer_question(&seen[1].id, "Evet.").await,
        Err(ChannelError::Invalid(_))
    ));
    assert!(matches!(
        c.answer_question(&seen[1].id, &"a".repeat(2001)).await,
        Err(ChannelError::Invalid(_))
    ));
}

#[tokio::test]
async fn the_question_api_enforces_its_documented_contract() {
    let sim = sim().await;
    sim.add_listing("A", "Kupa", 5, 12990);
    let id = sim.ask_question("A", "Kaç ml alıyor?").unwrap();
    let options = sim.options_view();
    let base = format!(
        "{}/integration/qna/sellers/{}/questions",
        sim.base_url(),
        options.seller_id
    );
    let http = reqwest::Client::new();
    let get = |query: String| {
        http.get(format!("{base}/filter?{query}"))
            .basic_auth(&options.username, Some(&options.password))
            .header(
                "User-Agent",
                format!("{} - SelfIntegration", options.seller_id),
            )
            .send()
    };
    let seller = &options.seller_id;
    let now = sim.clock.now_ms();
    // supplierId is required.
    assert_eq!(get("page=0".into()).await.unwrap().status(), 400);
    // Pages of at most 50; windows of at most two weeks.
    assert_eq!(
        get(format!("supplierId={seller}&size=51"))
            .await
            .unwrap()
            .status(),
        400
    );
    let two_weeks = 14 * 24 * 3_600_000_i64;
    let wide = format!(
        "supplierId={seller}&startDate={}&endDate={now}",
        now - two_weeks - 1
    );
    assert_eq!(get(wide).await.unwrap().status(), 400);
    // Without dates: the last week, 20 a page by default.
    let page: serde_json::Value = get(format!("supplierId={seller}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["size"], 20);
    assert_eq!(page["content"][0]["id"], id);
    // No User-Agent: 403; bad credentials: 401.
    let bare = http
        .get(format!("{base}/filter?supplierId={seller}"))
        .basic_auth(&options.username, Some(&options.password))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 403);
    let wrong = http
        .get(format!("{base}/filter?supplierId={seller}"))
        .basic_auth(&options.username, Some("wrong"))
        .header("User-Agent", format!("{seller} - SelfIntegration"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    // The answer: 10 to 2000 characters; an answered question takes no second answer.
    let post = |text: String| {
        http.post(format!("{base}/{id}/answers"))
            .basic_auth(&options.username, Some(&options.password))
            .header("User-Agent", format!("{seller} - SelfIntegration"))
            .json(&serde_json::json!({ "text": text }))
            .send()
    };
    assert_eq!(post("Kısa".into()).await.unwrap().status(), 400);
    assert_eq!(post("a".repeat(2001)).await.unwrap().status(), 400);
    let ok = post("250 ml alıyor, iyi günler.".into()).await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert!(body["answerId"].as_i64().is_some());
    assert_eq!(
        post("250 ml alıyor, iyi günler.".into())
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        sim.writes
            .all()
            .iter()
            .filter(|w| w.kind == "question.answer")
            .count(),
        1
    );
}
