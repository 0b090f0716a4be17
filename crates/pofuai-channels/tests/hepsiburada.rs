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
    let items: Vec<ListingItem> = skus.iter().map(|s| item(s, "102")).collect();
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
    let lower = item("kupa-lower", "102");
    let mut dup_barcode = item("KUPA-DUP", "102");
    dup_barcode.barcode = sized.barcode.clone();
    let ticket = c
        .push_products(&[no_size, sized, unknown_brand, lower, dup_barcode])
        .await
        .unwrap();
    let outcome = product_done(&c, &ticket).await;
    let by_key: BTreeMap<&str, _> = outcome.items.iter().map(|i| (i.key.as_str(), i)).collect();
    assert!(by_key["TSHIRT-2"].ok);
    for (key, attr) in [
        ("TSHIRT-1", "beden_variant_property"),
        ("KUPA-X", "Marka"),
        ("kupa-lower", "merchantSku"),
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
        invoice_number: "PFA2026000000042".into(),
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

    // The shipped order comes back through the packages list, still keyed by order number,
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
