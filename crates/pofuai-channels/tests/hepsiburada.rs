//! The Hepsiburada connector against the Hepsiburada simulator.
#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

use std::collections::BTreeMap;
use std::time::Duration;

use pofuai_channels::hepsiburada::Hepsiburada;
use pofuai_channels::{
    BatchOutcome, BatchTicket, ChannelError, Connector, Endpoint, ListingAttribute, ListingItem,
    OrderQuery, OrderStatus, PriceStock, RemoteBrand, RemotePackage, StatusPush,
};
use pofuai_sandbox::FaultConfig;
use pofuai_sandbox::hepsiburada::{HepsiburadaSim, SimOptions};

async fn sim() -> HepsiburadaSim {
    HepsiburadaSim::spawn(SimOptions::hepsiburada())
        .await
        .unwrap()
}

fn endpoint(sim: &HepsiburadaSim) -> Endpoint {
    let o = sim.options();
    Endpoint {
        base_url: sim.base_url().to_owned(),
        seller_id: o.seller_id.clone(),
        username: o.username.clone(),
        password: o.password.clone(),
        integrator: "PofuAi".into(),
        timeout: Duration::from_secs(10),
        pinned: None,
    }
}

fn connector(sim: &HepsiburadaSim) -> Hepsiburada {
    Hepsiburada::new(endpoint(sim)).unwrap()
}

fn item(sku: &str, category: &str) -> ListingItem {
    ListingItem {
        barcode: format!("869{}", sku.replace('-', "")),
        stock_code: sku.to_owned(),
        group_code: format!("G-{sku}"),
        title: format!("Seramik kupa {sku}"),
        description: "El yapımı seramik kupa.".into(),
        brand: RemoteBrand {
            id: "Kapadokya Seramik".into(),
            name: "Kapadokya Seramik".into(),
        },
        category_id: category.into(),
        attributes: vec![ListingAttribute {
            attribute_id: "renk_variant_property".into(),
            value_id: None,
            value: "Mavi".into(),
        }],
        images: (1..=7)
            .map(|n| format!("https://img.example.com/{sku}/{n}.jpg"))
            .collect(),
        quantity: 5,
        sale_price_minor: 12990,
        list_price_minor: 14990,
        vat_rate: 20,
        currency: "TRY".into(),
        dimensional_weight: 2,
        listed: None,
    }
}

/// Polls until done; each poll is a real request (the simulator answers PROCESSING first).
async fn product_done(c: &Hepsiburada, ticket: &BatchTicket) -> BatchOutcome {
    for _ in 0..5 {
        let outcome = c.product_batch(ticket).await.unwrap();
        if outcome.done {
            return outcome;
        }
    }
    panic!("batch never finished");
}

async fn price_stock_done(c: &Hepsiburada, ticket: &BatchTicket) -> BatchOutcome {
    for _ in 0..5 {
        let outcome = c.price_stock_batch(ticket).await.unwrap();
        if outcome.done {
            return outcome;
        }
    }
    panic!("upload never finished");
}

async fn seed_listings(c: &Hepsiburada, skus: &[&str]) {
    // Enough stock for every order the tests place: the simulator sells only what it shows.
    let items: Vec<ListingItem> = skus
        .iter()
        .map(|s| ListingItem {
            quantity: 1000,
            ..item(s, "102")
        })
        .collect();
    let ticket = c.push_products(&items).await.unwrap();
    let outcome = product_done(c, &ticket).await;
    assert!(outcome.items.iter().all(|i| i.ok), "{outcome:?}");
}

#[tokio::test]
async fn credentials_are_tested() {
    let sim = sim().await;
    connector(&sim).test().await.unwrap();
    let mut bad = endpoint(&sim);
    bad.password = "wrong".into();
    let err = Hepsiburada::new(bad).unwrap().test().await.unwrap_err();
    assert!(matches!(err, ChannelError::Unauthorized(_)), "{err:?}");
    let mut other = endpoint(&sim);
    other.seller_id = "11111111-2222-3333-4444-555555555555".into();
    let err = Hepsiburada::new(other).unwrap().test().await.unwrap_err();
    assert!(matches!(err, ChannelError::Unauthorized(_)), "{err:?}");
    let mut no_name = endpoint(&sim);
    no_name.integrator = " ".into();
    assert!(matches!(
        Hepsiburada::new(no_name),
        Err(ChannelError::Invalid(_))
    ));
}

#[tokio::test]
async fn categories_attributes_and_brands() {
    let sim = sim().await;
    let c = connector(&sim);
    let categories = c.categories().await.unwrap();
    let giyim = categories.iter().find(|c| c.name == "Giyim").unwrap();
    assert!(giyim.leaf);
    let root = categories
        .iter()
        .find(|c| c.name == "Tüm Kategoriler")
        .unwrap();
    assert!(!root.leaf && root.parent_id.is_none());
    assert_eq!(giyim.parent_id.as_deref(), Some(root.id.as_str()));
    assert!(
        categories
            .iter()
            .any(|c| c.name == "Bahçe Mobilyası" && c.leaf)
    );

    let attrs = c.category_attributes(&giyim.id).await.unwrap();
    let beden = attrs.iter().find(|a| a.name == "Beden").unwrap();
    assert!(beden.required && !beden.allow_custom);
    let sizes: Vec<&str> = beden.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(sizes, ["XS", "S", "M", "L", "XL", "XXL"]);
    let malzeme = attrs.iter().find(|a| a.name == "Malzeme").unwrap();
    assert!(!malzeme.required && malzeme.allow_custom);

    let elektronik = categories.iter().find(|c| c.name == "Elektronik").unwrap();
    let attrs = c.category_attributes(&elektronik.id).await.unwrap();
    assert!(
        attrs
            .iter()
            .any(|a| a.name == "Garanti Süresi" && a.required && a.allow_custom)
    );

    match c.category_attributes(&root.id).await.unwrap_err() {
        ChannelError::Rejected { code, .. } => assert_eq!(code, "1003"),
        other => panic!("{other:?}"),
    }

    let brand = c.brand(" Pofu Tech ").await.unwrap().unwrap();
    assert_eq!(brand.name, "Pofu Tech");
    assert_eq!(c.brand("  ").await.unwrap(), None);
}

#[tokio::test]
async fn fifteen_hundred_products_in_two_batches() {
    let sim = sim().await;
    let c = connector(&sim);
    let items: Vec<ListingItem> = (0..1500)
        .map(|i| item(&format!("KUPA-{i:04}"), "102"))
        .collect();
    let over = c.push_products(&items).await.unwrap_err();
    assert!(matches!(over, ChannelError::Invalid(_)));
    assert_eq!(sim.listing_count(), 0);
    for chunk in items.chunks(1000) {
        let ticket = c.push_products(chunk).await.unwrap();
        let first = c.product_batch(&ticket).await.unwrap();
        assert!(!first.done);
        let outcome = product_done(&c, &ticket).await;
        assert_eq!(outcome.items.len(), chunk.len());
        assert!(outcome.items.iter().all(|i| i.ok && i.remote_id.is_some()));
    }
    assert_eq!(sim.listing_count(), 1500);
    let l = sim.listing("KUPA-1499").unwrap();
    assert_eq!(l.sale_price_minor, 12990);
    assert_eq!(l.quantity, 5);
    assert_eq!(l.images.len(), 5, "Hepsiburada takes five images");
    assert_eq!(l.attributes["renk_variant_property"], "Mavi");
    assert_eq!(sim.writes.of_kind("product.create").len(), 1500);

    let keys = vec![
        "KUPA-0000".to_owned(),
        "KUPA-1499".to_owned(),
        "YOK-1".to_owned(),
    ];
    let mut existing = c.existing_products(&keys).await.unwrap();
    existing.sort();
    assert_eq!(existing, ["KUPA-0000", "KUPA-1499"]);
}

#[tokio::test]
async fn bad_items_report_their_reasons() {
    let sim = sim().await;
    let c = connector(&sim);
    let mut no_size = item("TSHIRT-1", "103");
    no_size.brand.name = "Ela Moda".into();
    let mut sized = item("TSHIRT-2", "103");
    sized.attributes.push(ListingAttribute {
        attribute_id: "beden_variant_property".into(),
        value_id: Some("M".into()),
        value: "M".into(),
    });
    let mut unknown_brand = item("KUPA-X", "102");
    unknown_brand.brand.name = "Olmayan Marka".into();
    let mut dup_barcode = item("KUPA-DUP", "102");
    dup_barcode.barcode = sized.barcode.clone();
    let ticket = c
        .push_products(&[no_size, sized, unknown_brand, dup_barcode])
        .await
        .unwrap();
    let outcome = product_done(&c, &ticket).await;
    let by_key: BTreeMap<&str, _> = outcome.items.iter().map(|i| (i.key.as_str(), i)).collect();
    assert!(by_key["TSHIRT-2"].ok);
    for (key, attr) in [
        ("TSHIRT-1", "beden_variant_property"),
        ("KUPA-X", "Marka"),
        ("KUPA-DUP", "Barcode"),
    ] {
        let i = by_key[key];
        assert!(!i.ok, "{key}");
        assert!(
            i.errors.iter().any(|e| e.starts_with(attr)),
            "{key}: {:?}",
            i.errors
        );
    }
    assert_eq!(sim.listing_count(), 1);

    // Pushing the same item again is an update, not a second product.
    let mut again = item("TSHIRT-2", "103");
    again.title = "Pamuklu tişört".into();
    again.attributes.push(ListingAttribute {
        attribute_id: "beden_variant_property".into(),
        value_id: None,
        value: "L".into(),
    });
    let ticket = c.push_products(&[again]).await.unwrap();
    assert!(product_done(&c, &ticket).await.items[0].ok);
    assert_eq!(sim.listing("TSHIRT-2").unwrap().title, "Pamuklu tişört");
    assert_eq!(sim.writes.count("product.create", "TSHIRT-2"), 1);
    assert_eq!(sim.writes.count("product.update", "TSHIRT-2"), 1);
}

#[tokio::test]
async fn price_and_stock_reach_the_listing() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["PS-1", "PS-2"]).await;
    let row = |sku: &str, quantity, price| PriceStock {
        barcode: String::new(),
        stock_code: sku.into(),
        quantity,
        sale_price_minor: price,
        list_price_minor: price,
    };
    let ticket = c
        .push_price_stock(&[
            row("PS-1", 17, 9905),
            row("NOPE-1", 1, 100),
            row("PS-2", 3, 0),
        ])
        .await
        .unwrap();
    let l = sim.listing("PS-1").unwrap();
    assert_eq!((l.quantity, l.sale_price_minor), (17, 9905));
    let outcome = price_stock_done(&c, &ticket).await;
    let by_key: BTreeMap<&str, _> = outcome.items.iter().map(|i| (i.key.as_str(), i)).collect();
    assert!(by_key["PS-1"].ok);
    assert!(!by_key["NOPE-1"].ok);
    assert!(
        by_key["NOPE-1"]
            .errors
            .iter()
            .any(|e| e.starts_with("stock"))
    );
    assert!(
        by_key["NOPE-1"]
            .errors
            .iter()
            .any(|e| e.starts_with("price"))
    );
    // Stock 3 applied, price 0 refused.
    assert!(!by_key["PS-2"].ok);
    assert_eq!(by_key["PS-2"].errors.len(), 1, "{:?}", by_key["PS-2"]);
    assert_eq!(sim.listing("PS-2").unwrap().quantity, 3);
    assert_eq!(sim.listing("PS-2").unwrap().sale_price_minor, 12990);

    let too_many: Vec<PriceStock> = (0..1001).map(|i| row(&format!("X{i}"), 1, 100)).collect();
    assert!(matches!(
        c.push_price_stock(&too_many).await,
        Err(ChannelError::Invalid(_))
    ));
}

async fn all_pages(c: &Hepsiburada, from: i64, to: i64) -> (Vec<RemotePackage>, usize) {
    let mut query = OrderQuery {
        modified_from_ms: from,
        modified_to_ms: to,
        cursor: None,
    };
    let mut out = Vec::new();
    let mut pages = 0;
    loop {
        let page = c.orders(&query).await.unwrap();
        pages += 1;
        out.extend(page.packages);
        match page.next {
            Some(next) => query.cursor = Some(next),
            None => return (out, pages),
        }
        assert!(pages < 50);
    }
}

#[tokio::test]
async fn orders_page_through_a_window_with_status_and_tracking() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["OR-1", "OR-2", "OR-3"]).await;
    let old = sim.place_order(&[("OR-1", 1)]).unwrap();
    sim.clock.advance(Duration::from_secs(3600));
    let from = sim.clock.now_ms();
    let mut placed = Vec::new();
    for i in 0..70 {
        let sku = ["OR-1", "OR-2", "OR-3"][i % 3];
        placed.push(sim.place_order(&[(sku, 1), ("OR-3", 2)]).unwrap());
    }
    let cancelled = placed[4].clone();
    sim.cancel_line(&cancelled, "OR-3").unwrap();
    let to = sim.clock.now_ms() + 1;

    let (packages, pages) = all_pages(&c, from, to).await;
    assert!(pages >= 2, "70 open orders take two pages of 50");
    let mut by_id: BTreeMap<String, RemotePackage> = BTreeMap::new();
    for p in packages {
        by_id.insert(p.package_id.clone(), p);
    }
    assert_eq!(by_id.len(), 70);
    assert!(!by_id.contains_key(&old), "outside the window");
    let p = &by_id[&cancelled];
    assert_eq!(p.status, OrderStatus::Created);
    let cut: Vec<bool> = p.lines.iter().map(|l| l.cancelled).collect();
    assert_eq!(cut, [false, true]);
    assert_eq!(p.total_minor, 12990, "the cancelled line does not count");
    let first = &by_id[&placed[0]];
    assert_eq!(first.total_minor, 12990 * 3);
    assert_eq!(first.lines[1].stock_code.as_deref(), Some("OR-3"));
    assert!(first.last_modified_ms >= from && first.last_modified_ms < to);
    assert!(!first.customer_name.is_empty());

    // Status pushes happen strictly after the window read above.
    sim.clock.advance(Duration::from_secs(1));
    // Picking packs the open lines; a repeat changes nothing.
    let target = first.clone();
    c.update_status(&target, &StatusPush::Picking)
        .await
        .unwrap();
    c.update_status(&target, &StatusPush::Picking)
        .await
        .unwrap();
    let sp = sim.package(&target.package_id).unwrap();
    assert_eq!(sp.status, "Packed");
    assert_eq!(sim.writes.count("package.status", &target.package_id), 1);

    let invoiced = StatusPush::Invoiced {
        invoice_number: Some("PFA2026000000042".into()),
        invoice_link: Some("https://efatura.example.com/PFA2026000000042.pdf".into()),
    };
    c.update_status(&target, &invoiced).await.unwrap();
    c.update_status(&target, &invoiced).await.unwrap();
    assert_eq!(
        sim.package(&target.package_id)
            .unwrap()
            .invoice_number
            .as_deref(),
        Some("PFA2026000000042")
    );
    assert_eq!(sim.writes.count("package.status", &target.package_id), 2);

    c.update_tracking(&target, "YK7700112233").await.unwrap();
    c.update_tracking(&target, "YK7700112233").await.unwrap();
    let sp = sim.package(&target.package_id).unwrap();
    assert_eq!(sp.tracking_number.as_deref(), Some("YK7700112233"));
    assert_eq!(sp.status, "Shipped");
    assert_eq!(sim.writes.count("package.tracking", &target.package_id), 1);

    // The shipped order comes back through the shipped list, still keyed by order number,
    // and it is the only order modified after the first window.
    let (packages, _) = all_pages(&c, to, sim.clock.now_ms() + 1).await;
    let ids: Vec<&str> = packages.iter().map(|p| p.package_id.as_str()).collect();
    assert_eq!(ids, [target.package_id.as_str()]);
    let shipped = packages
        .iter()
        .find(|p| p.package_id == target.package_id)
        .unwrap();
    assert_eq!(shipped.status, OrderStatus::Shipped);
    assert_eq!(
        shipped.cargo_tracking_number.as_deref(),
        Some("YK7700112233")
    );

    // Invoiced straight from Created packs first.
    let other = by_id[&placed[1]].clone();
    c.update_status(&other, &invoiced).await.unwrap();
    let sp = sim.package(&other.package_id).unwrap();
    assert_eq!(sp.status, "Packed");
    assert!(sp.invoice_number.is_some());

    // A fully cancelled order cannot be picked.
    let gone = sim.place_order(&[("OR-2", 1)]).unwrap();
    sim.cancel_line(&gone, "OR-2").unwrap();
    let (packages, _) = all_pages(&c, from, sim.clock.now_ms() + 1).await;
    let gone_pkg = packages.iter().find(|p| p.package_id == gone).unwrap();
    assert_eq!(gone_pkg.status, OrderStatus::Cancelled);
    assert!(matches!(
        c.update_status(gone_pkg, &StatusPush::Picking).await,
        Err(ChannelError::Rejected { .. })
    ));
}

#[tokio::test]
async fn claims_are_listed_and_approved() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["CL-1"]).await;
    let from = sim.clock.now_ms();
    let mut claims = Vec::new();
    for _ in 0..55 {
        let order = sim.place_order(&[("CL-1", 1)]).unwrap();
        claims.push(sim.open_claim(&order, "CL-1").unwrap());
    }
    let to = sim.clock.now_ms() + 1;
    let mut query = OrderQuery {
        modified_from_ms: from,
        modified_to_ms: to,
        cursor: None,
    };
    let mut seen = Vec::new();
    loop {
        let page = c.claims(&query).await.unwrap();
        seen.extend(page.claims);
        match page.next {
            Some(n) => query.cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 55);
    let claim = seen.iter().find(|c| c.claim_id == claims[0]).unwrap();
    assert_eq!(claim.status, "NewRequest");
    assert_eq!(claim.lines[0].barcode, "CL-1");
    let lines: Vec<String> = claim
        .lines
        .iter()
        .map(|l| l.claim_line_id.clone())
        .collect();
    c.approve_claim(claim, &lines).await.unwrap();
    // The answer was lost and the caller retries with the stale claim: still fine, once.
    c.approve_claim(claim, &lines).await.unwrap();
    assert_eq!(sim.claim(&claims[0]).unwrap().status, "Accepted");
    assert_eq!(sim.writes.count("claim.approve", &claims[0]), 1);
    assert!(matches!(
        c.approve_claim(claim, &["other-line".into()]).await,
        Err(ChannelError::Invalid(_))
    ));
}

#[tokio::test]
async fn errors_map_to_their_kinds() {
    let sim = sim().await;
    let c = connector(&sim);
    sim.faults.set(FaultConfig {
        rate_limited: 1.0,
        retry_after: Duration::from_secs(7),
        ..FaultConfig::default()
    });
    match c.test().await.unwrap_err() {
        ChannelError::RateLimited { retry_after } => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("{other:?}"),
    }
    sim.faults.set(FaultConfig {
        server_error: 1.0,
        ..FaultConfig::default()
    });
    let err = c.test().await.unwrap_err();
    assert!(matches!(err, ChannelError::Transient(_)) && err.is_retryable());
    sim.faults.set(FaultConfig::default());

    // The simulator's own limit: 120 claims reads a minute.
    let query = OrderQuery {
        modified_from_ms: 0,
        modified_to_ms: sim.clock.now_ms() + 1,
        cursor: None,
    };
    let mut limited = None;
    for _ in 0..121 {
        if let Err(e) = c.claims(&query).await {
            limited = Some(e);
            break;
        }
    }
    match limited {
        Some(ChannelError::RateLimited {
            retry_after: Some(wait),
        }) => assert!(wait <= Duration::from_secs(60)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_connector_enum_dispatches_to_hepsiburada() {
    let sim = sim().await;
    let c = Connector::for_platform("hepsiburada", endpoint(&sim))
        .unwrap()
        .unwrap();
    assert_eq!(c.platform(), "hepsiburada");
    c.test().await.unwrap();
    let i = item("KEY-1", "102");
    assert_eq!(i.key(&c), "KEY-1");
}

async fn window_of(
    sim: &HepsiburadaSim,
    c: &Hepsiburada,
    from: i64,
) -> BTreeMap<String, RemotePackage> {
    let (packages, _) = all_pages(c, from, sim.clock.now_ms() + 1).await;
    packages
        .into_iter()
        .map(|p| (p.package_id.clone(), p))
        .collect()
}

#[tokio::test]
async fn shipped_and_delivered_orders_come_back_from_their_lists() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["SH-1"]).await;
    let from = sim.clock.now_ms();
    let shipped = sim.place_order(&[("SH-1", 1)]).unwrap();
    let delivered = sim.place_order(&[("SH-1", 2)]).unwrap();
    let undelivered = sim.place_order(&[("SH-1", 1)]).unwrap();
    let open = window_of(&sim, &c, from).await;
    for number in [&shipped, &delivered, &undelivered] {
        c.update_tracking(&open[number], &format!("YK{number}"))
            .await
            .unwrap();
    }
    sim.deliver(&delivered).unwrap();
    sim.undeliver(&undelivered).unwrap();
    sim.clock.advance(Duration::from_secs(1));
    // None of them is open or waiting for the carrier any more: only the shipped, delivered
    // and undelivered lists hold them.
    let seen = window_of(&sim, &c, from).await;
    assert_eq!(seen[&shipped].status, OrderStatus::Shipped);
    assert_eq!(seen[&delivered].status, OrderStatus::Delivered);
    assert_eq!(seen[&undelivered].status, OrderStatus::Undelivered);
    assert_eq!(seen.len(), 3);
}

#[tokio::test]
async fn orders_awaiting_payment_are_read_as_unpaid_until_paid() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["PA-1"]).await;
    let from = sim.clock.now_ms();
    let number = sim.place_unpaid_order(&[("PA-1", 2)]).unwrap();
    let seen = window_of(&sim, &c, from).await;
    assert_eq!(seen[&number].status, OrderStatus::Unpaid);
    assert_eq!(seen[&number].lines[0].quantity, 2);
    // Unpaid orders cannot be packed.
    assert!(matches!(
        c.update_status(&seen[&number], &StatusPush::Picking).await,
        Err(ChannelError::Rejected { .. })
    ));
    sim.clock.advance(Duration::from_secs(1));
    sim.confirm_payment(&number).unwrap();
    let seen = window_of(&sim, &c, from).await;
    assert_eq!(seen[&number].status, OrderStatus::Created);
}

#[tokio::test]
async fn invoices_carry_their_link() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["IN-1"]).await;
    let from = sim.clock.now_ms();
    let number = sim.place_order(&[("IN-1", 1)]).unwrap();
    let package = window_of(&sim, &c, from).await[&number].clone();
    let without_link = StatusPush::Invoiced {
        invoice_number: Some("PFA1".into()),
        invoice_link: None,
    };
    match c.update_status(&package, &without_link).await {
        Err(ChannelError::Invalid(m)) => assert!(m.contains("invoice_link"), "{m}"),
        other => panic!("{other:?}"),
    }
    let with_link = StatusPush::Invoiced {
        invoice_number: Some("PFA1".into()),
        invoice_link: Some("https://efatura.example.com/PFA1.pdf".into()),
    };
    c.update_status(&package, &with_link).await.unwrap();
    let sp = sim.package(&number).unwrap();
    assert_eq!(sp.invoice_number.as_deref(), Some("PFA1"));
    assert_eq!(
        sp.invoice_link.as_deref(),
        Some("https://efatura.example.com/PFA1.pdf")
    );
    // The simulator refuses the number alone, as Hepsiburada does.
    let client = reqwest::Client::new();
    let o = sim.options();
    let answer = client
        .put(format!(
            "{}/packages/merchantId/{}/packagenumber/{}/invoice",
            sim.base_url(),
            o.seller_id,
            sp.package_number.unwrap()
        ))
        .basic_auth(&o.username, Some(&o.password))
        .header("User-Agent", "PofuAi")
        .json(&serde_json::json!({ "serialNumber": "PFA2" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
}

#[tokio::test]
async fn listings_fulfilled_by_hepsiburada_get_no_stock_or_price() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["FB-1", "FB-2"]).await;
    assert!(sim.set_fulfilled_by_hb("FB-1", true));
    let rows: Vec<PriceStock> = ["FB-1", "FB-2"]
        .iter()
        .map(|sku| PriceStock {
            barcode: format!("869{}", sku.replace('-', "")),
            stock_code: (*sku).into(),
            quantity: 3,
            sale_price_minor: 9990,
            list_price_minor: 9990,
        })
        .collect();
    let ticket = c.push_price_stock(&rows).await.unwrap();
    let outcome = price_stock_done(&c, &ticket).await;
    let fb1 = outcome.items.iter().find(|i| i.key == "FB-1").unwrap();
    assert!(!fb1.ok && fb1.channel_managed, "{fb1:?}");
    assert!(outcome.items.iter().any(|i| i.key == "FB-2" && i.ok));
    assert_eq!(sim.writes.of_kind("inventory.fulfilled").len(), 0);
    assert_eq!(sim.listing("FB-1").unwrap().quantity, 1000);
    assert_eq!(sim.listing("FB-2").unwrap().quantity, 3);

    // A product update leaves its price and stock to Hepsiburada as well.
    let mut update = item("FB-1", "102");
    update.quantity = 1;
    update.sale_price_minor = 100;
    update.title = "Seramik kupa FB-1 yeni".into();
    let ticket = c.push_products(&[update]).await.unwrap();
    assert!(product_done(&c, &ticket).await.items[0].ok);
    let l = sim.listing("FB-1").unwrap();
    assert_eq!((l.quantity, l.sale_price_minor), (1000, 12990));
    assert_eq!(l.title, "Seramik kupa FB-1 yeni");

    // Only fulfilled listings: nothing is uploaded at all.
    let ticket = c.push_price_stock(&rows[..1]).await.unwrap();
    let outcome = price_stock_done(&c, &ticket).await;
    assert!(outcome.items[0].channel_managed);
    assert_eq!(sim.writes.of_kind("inventory.fulfilled").len(), 0);
}

#[tokio::test]
async fn claims_awaiting_pre_approval_take_the_pre_approval_step() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["PR-1"]).await;
    let from = sim.clock.now_ms();
    let order = sim.place_order(&[("PR-1", 1)]).unwrap();
    let number = sim
        .open_claim_awaiting_pre_approval(&order, "PR-1")
        .unwrap();
    let page = c
        .claims(&OrderQuery {
            modified_from_ms: from,
            modified_to_ms: sim.clock.now_ms() + 1,
            cursor: None,
        })
        .await
        .unwrap();
    let claim = page.claims.iter().find(|c| c.claim_id == number).unwrap();
    assert_eq!(claim.status, "AwaitingPreApproval");
    c.approve_claim(claim, &[]).await.unwrap();
    // A lost answer and a retry with the stale claim: still one pre-approval.
    c.approve_claim(claim, &[]).await.unwrap();
    assert_eq!(sim.claim(&number).unwrap().status, "NewRequest");
    assert_eq!(sim.writes.count("claim.preapprove", &number), 1);
}

#[tokio::test]
async fn order_dates_in_every_form_are_read_and_unreadable_ones_reported() {
    let sim = sim().await;
    let c = connector(&sim);
    seed_listings(&c, &["DT-1"]).await;
    let from = sim.clock.now_ms();
    // The simulator serves Istanbul time with its offset.
    let plain = sim.place_order(&[("DT-1", 1)]).unwrap();
    let seen = window_of(&sim, &c, from).await;
    assert_eq!(seen[&plain].ordered_at_ms, from);

    let forms = [
        "2026-05-01T13:00:00+03:00",
        "2026-05-01T13:00:00.000+0300",
        "2026-05-01T10:00:00Z",
        "2026-05-01 10:00",
    ];
    let utc = 1_777_629_600_000; // 2026-05-01T10:00:00Z
    for form in forms {
        let number = sim.place_order(&[("DT-1", 1)]).unwrap();
        assert!(sim.set_order_date_text(&number, Some(form)));
        let page = c
            .orders(&OrderQuery {
                modified_from_ms: 0,
                modified_to_ms: sim.clock.now_ms() + 1,
                cursor: Some("open:0".into()),
            })
            .await
            .unwrap();
        let p = page
            .packages
            .iter()
            .find(|p| p.package_id == number)
            .unwrap_or_else(|| panic!("{form} dropped: {page:?}"));
        assert_eq!(p.ordered_at_ms, utc, "{form}");
        assert!(sim.set_order_date_text(&number, None));
    }
    let broken = sim.place_order(&[("DT-1", 1)]).unwrap();
    assert!(sim.set_order_date_text(&broken, Some("01.05.2026 13:00")));
    let page = c
        .orders(&OrderQuery {
            modified_from_ms: from,
            modified_to_ms: sim.clock.now_ms() + 1,
            cursor: Some("open:0".into()),
        })
        .await
        .unwrap();
    assert!(page.packages.iter().all(|p| p.package_id != broken));
    let problem = page.problems.iter().find(|p| p.key == broken).unwrap();
    assert!(problem.message.contains("orderDate"), "{problem:?}");
}

#[tokio::test]
async fn merchant_sku_rules_are_checked_before_sending() {
    let sim = sim().await;
    let c = connector(&sim);
    let bad = item("kupa mavi", "102");
    let problems = Hepsiburada::refusals(&bad);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.starts_with("merchantSku")));
    assert!(Hepsiburada::refusals(&item("KUPA-MAVI", "102")).is_empty());
    assert!(matches!(
        c.push_products(&[bad]).await,
        Err(ChannelError::Invalid(_))
    ));
    assert_eq!(sim.writes.all().len(), 0, "nothing reached the platform");
}
