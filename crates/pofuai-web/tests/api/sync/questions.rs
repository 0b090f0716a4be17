//! Buyers' questions end to end against the Trendyol simulator: seeded questions are imported
//! with drafts built from the product's data (and no claim the data does not support), the
//! seller edits and approves, and each answer reaches the platform exactly once — through a
//! lost answer and a 429 too. Another seller sees none of it.

use super::*;
use pofuai_sandbox::faults::Fault;

/// The app's clock catches up with the simulators' real time (see `Rig::start`).
fn catch_up(rig: &Rig) {
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let behind = real - rig.app.clock.now();
    if behind > -1000 {
        rig.app
            .clock
            .advance(Duration::from_millis((behind + 1000) as u64));
    }
}

/// A copper coffee pot with the facts a buyer asks about; listed on the simulator too.
async fn cezve(rig: &Rig, seller: &User, barcode: &str) -> i64 {
    let product = NewProduct {
        name: "Bakır Cezve".into(),
        description: "Dövme bakırdan, kalaylı iç yüzey.".into(),
        category: "Mutfak".into(),
        brand: "Anadolu Ev".into(),
        attributes: BTreeMap::from([
            ("Malzeme".to_string(), "Bakır".to_string()),
            ("Hacim".to_string(), "250 ml".to_string()),
        ]),
        images: vec![],
        variants: vec![NewVariant {
            barcode: barcode.into(),
            stock_code: format!("CZV-{barcode}"),
            attributes: BTreeMap::from([("Renk".to_string(), "Bakır".to_string())]),
            stock: 4,
            prices: Prices {
                list_price: 39_900,
                sale_price: 28_990,
                currency: Currency::Try,
            },
            vat_rate: 20,
        }],
    };
    let p = rig
        .app
        .store
        .create_product(seller.id, &product, rig.app.clock.now())
        .await
        .unwrap();
    rig.trendyol.add_listing(barcode, "Bakır Cezve", 4, 28_990);
    p.id
}

async fn import(rig: &Rig, seller: &User, integration: i64) {
    catch_up(rig);
    let r = rig
        .app
        .post(
            &format!("/api/integrations/{integration}/questions/import"),
            &seller.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let job = r.json::<Value>().await.unwrap()["job_id"].as_i64().unwrap();
    let views = rig.drain(seller, &[job]).await;
    assert_eq!(views[0]["state"], "succeeded", "{}", views[0]);
}

async fn questions(rig: &Rig, seller: &User, query: &str) -> Vec<Value> {
    let r = rig
        .app
        .get(&format!("/api/questions?{query}"), &seller.token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Value>().await.unwrap()["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn question(rig: &Rig, seller: &User, id: i64) -> Value {
    rig.app
        .get(&format!("/api/questions/{id}"), &seller.token)
        .await
        .json()
        .await
        .unwrap()
}

fn by_remote(list: &[Value], remote: i64) -> &Value {
    list.iter()
        .find(|q| q["remote_id"].as_str() == Some(remote.to_string().as_str()))
        .unwrap()
}

async fn approve(rig: &Rig, seller: &User, id: i64) -> i64 {
    let r = rig
        .app
        .post(
            &format!("/api/questions/{id}/approve"),
            &seller.token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["question"]["status"], "approved");
    body["job_id"].as_i64().unwrap()
}

fn answers_to(rig: &Rig, remote: i64) -> usize {
    rig.trendyol
        .writes
        .of_kind("question.answer")
        .iter()
        .filter(|w| w.key == remote.to_string())
        .count()
}

#[tokio::test]
async fn questions_are_imported_drafted_edited_and_answered_once() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let integration = rig.connect(&seller, "trendyol").await;
    let product = cezve(&rig, &seller, "8690000000101").await;
    let material = rig
        .trendyol
        .ask_question("8690000000101", "Bu cezvenin malzemesi nedir?")
        .unwrap();
    let shipping = rig
        .trendyol
        .ask_question(
            "8690000000101",
            "Kargoya ne zaman verilir, yarın elimde olur mu?",
        )
        .unwrap();
    let english = rig
        .trendyol
        .ask_question("8690000000101", "What is the capacity of this pot?")
        .unwrap();

    import(&rig, &seller, integration).await;
    let list = questions(&rig, &seller, "limit=100").await;
    assert_eq!(list.len(), 3);
    let q1 = by_remote(&list, material);
    assert_eq!(q1["status"], "drafted");
    assert_eq!(q1["product_id"], product);
    assert_eq!(q1["language"], "tr");
    assert_eq!(q1["needs_seller"], false);
    assert!(
        q1["draft"].as_str().unwrap().contains("Malzeme: Bakır"),
        "{q1}"
    );
    let q2 = by_remote(&list, shipping);
    assert_eq!(q2["needs_seller"], true, "{q2}");
    let q3 = by_remote(&list, english);
    assert_eq!(q3["language"], "en");
    assert!(q3["draft"].as_str().unwrap().contains("250 ml"), "{q3}");
    // No draft claims what the data does not hold: no shipping speed, stock or warranty.
    let facts = pofuai_sync::text_product(
        &rig.app
            .store
            .product(product, pofuai_store::products::Scope::All)
            .await
            .unwrap(),
    );
    for q in &list {
        let lang = pofuai_text::Language::from_code(q["language"].as_str().unwrap()).unwrap();
        let unsupported =
            pofuai_text::claims::unsupported_claims(q["draft"].as_str().unwrap(), &facts, lang, "");
        assert!(unsupported.is_empty(), "{q}: {unsupported:?}");
        let claims = pofuai_text::claims::claims_in(q["draft"].as_str().unwrap(), lang);
        assert!(claims.is_empty(), "{q}: {claims:?}");
    }

    // Unanswered, oldest first, with their age.
    let r = rig
        .app
        .get("/api/questions/unanswered", &seller.token)
        .await;
    let open: Value = r.json().await.unwrap();
    assert_eq!(open["count"], 3);
    assert_eq!(open["items"][0]["remote_id"], material.to_string());
    assert!(open["items"][0]["age_ms"].as_i64().unwrap() >= 0);

    // Edit: validated, then kept through a re-import.
    let q2_id = q2["id"].as_i64().unwrap();
    let path = format!("/api/questions/{q2_id}");
    let r = rig
        .app
        .patch(&path, &seller.token, json!({"draft": "Kısa"}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("draft"),
    )
    .await;
    let r = rig
        .app
        .patch(&path, &seller.token, json!({"draft": "x".repeat(2001)}))
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("draft"),
    )
    .await;
    let r = rig
        .app
        .patch(
            &path,
            &seller.token,
            json!({"draft": "Merhaba, bugün kargoya veriyoruz.", "status": "answered"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let edited = "Merhaba, siparişiniz aynı gün hazırlanır; kargo süresini kontrol edip yazacağız.";
    let r = rig
        .app
        .patch(&path, &seller.token, json!({"draft": edited}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    import(&rig, &seller, integration).await;
    let list = questions(&rig, &seller, "limit=100").await;
    assert_eq!(list.len(), 3, "a re-import stores nothing twice");
    assert_eq!(by_remote(&list, shipping)["draft"], edited);

    // Approve: the answer reaches the platform once.
    let q1_id = q1["id"].as_i64().unwrap();
    let job = approve(&rig, &seller, q1_id).await;
    let views = rig.drain(&seller, &[job]).await;
    assert_eq!(views[0]["state"], "succeeded", "{}", views[0]);
    assert_eq!(answers_to(&rig, material), 1);
    let sim_q = rig.trendyol.question(material).unwrap();
    assert_eq!(sim_q.status, "ANSWERED");
    assert!(sim_q.answer.unwrap().0.contains("Malzeme: Bakır"));
    let r = rig
        .app
        .get(&format!("/api/questions/{q1_id}"), &seller.token)
        .await;
    let q1: Value = r.json().await.unwrap();
    assert_eq!(q1["status"], "answered");
    // An answered question is neither edited nor approved again.
    let r = rig
        .app
        .post(
            &format!("/api/questions/{q1_id}/approve"),
            &seller.token,
            json!({}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    )
    .await;
    let r = rig
        .app
        .patch(
            &format!("/api/questions/{q1_id}"),
            &seller.token,
            json!({"draft": "Başka bir cevap metni."}),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("status"),
    )
    .await;

    // The answer arrives but its response is lost: the retry asks the platform first and
    // sends nothing more.
    rig.trendyol.faults.lose_answers("POST", "/answers", 1);
    let job = approve(&rig, &seller, q2_id).await;
    let views = rig.drain(&seller, &[job]).await;
    assert_eq!(views[0]["state"], "succeeded", "{}", views[0]);
    assert!(
        rig.trendyol
            .faults
            .injected()
            .contains(&Fault::LostResponse)
    );
    assert_eq!(answers_to(&rig, shipping), 1);
    assert_eq!(
        rig.trendyol.question(shipping).unwrap().answer.unwrap().0,
        edited
    );

    // A 429 on the answer: retried later, sent once.
    let q3_id = q3["id"].as_i64().unwrap();
    rig.trendyol.faults.set(FaultConfig {
        rate_limited: 1.0,
        ..FaultConfig::default()
    });
    let job = approve(&rig, &seller, q3_id).await;
    let worker = Worker::new(rig.app.state.engine.clone(), "test-worker");
    worker.run_once().await.unwrap();
    let view = rig.job(&seller, job).await;
    assert_eq!(view["state"], "queued", "{view}");
    assert_eq!(answers_to(&rig, english), 0);
    rig.trendyol.faults.set(FaultConfig::default());
    let views = rig.drain(&seller, &[job]).await;
    assert_eq!(views[0]["state"], "succeeded", "{}", views[0]);
    assert_eq!(answers_to(&rig, english), 1);
    assert_eq!(rig.trendyol.writes.of_kind("question.answer").len(), 3);

    let answered = questions(&rig, &seller, "status=answered").await;
    assert_eq!(answered.len(), 3);
    let open: Value = rig
        .app
        .get("/api/questions/unanswered", &seller.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["count"], 0);
}

#[tokio::test]
async fn a_question_answered_in_the_platforms_panel_is_seen_at_the_next_import() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let integration = rig.connect(&seller, "trendyol").await;
    cezve(&rig, &seller, "8690000000303").await;
    let remote = rig
        .trendyol
        .ask_question("8690000000303", "İçi kalaylı mı?")
        .unwrap();
    let asked = rig.trendyol.question(remote).unwrap().created_ms;
    import(&rig, &seller, integration).await;
    // Imports an hour apart: the question is long before the next import's own window.
    rig.app.clock.advance(Duration::from_secs(3600));
    import(&rig, &seller, integration).await;
    let id = questions(&rig, &seller, "").await.first().unwrap()["id"]
        .as_i64()
        .unwrap();
    assert!(
        rig.trendyol
            .answer_in_panel(remote, "Evet, iç yüzeyi kalaylıdır.", asked + 60_000)
    );
    rig.app.clock.advance(Duration::from_secs(3600));
    import(&rig, &seller, integration).await;
    let q = question(&rig, &seller, id).await;
    assert_eq!(q["status"], "answered", "{q}");
    assert_eq!(q["answer"], "Evet, iç yüzeyi kalaylıdır.");
    // Nothing of ours goes out for it any more.
    let r = rig
        .app
        .post(
            &format!("/api/questions/{id}/approve"),
            &seller.token,
            json!({}),
        )
        .await;
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(answers_to(&rig, remote), 0);
}

#[tokio::test]
async fn a_question_the_platform_closed_fails_without_an_answer() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let integration = rig.connect(&seller, "trendyol").await;
    cezve(&rig, &seller, "8690000000202").await;
    let remote = rig
        .trendyol
        .ask_question("8690000000202", "Kaç ml alıyor?")
        .unwrap();
    import(&rig, &seller, integration).await;
    let id = questions(&rig, &seller, "").await.first().unwrap()["id"]
        .as_i64()
        .unwrap();
    // Approved, but the platform closes the question before the answer goes out.
    let job = approve(&rig, &seller, id).await;
    rig.trendyol.set_question_status(remote, "UNANSWERED");
    let views = rig.drain(&seller, &[job]).await;
    assert_eq!(views[0]["state"], "failed", "{}", views[0]);
    assert_eq!(answers_to(&rig, remote), 0);
    let q = question(&rig, &seller, id).await;
    assert_eq!(q["status"], "failed", "{q}");
}

#[tokio::test]
async fn another_seller_sees_and_answers_none_of_the_questions() {
    let rig = rig().await;
    let seller = rig.app.user(Role::Seller).await;
    let other = rig.app.user(Role::Seller).await;
    let normal = rig.app.user(Role::Normal).await;
    let integration = rig.connect(&seller, "trendyol").await;
    cezve(&rig, &seller, "8690000000303").await;
    rig.trendyol
        .ask_question("8690000000303", "Malzemesi nedir?")
        .unwrap();
    import(&rig, &seller, integration).await;
    let id = questions(&rig, &seller, "").await[0]["id"]
        .as_i64()
        .unwrap();

    assert!(questions(&rig, &other, "").await.is_empty());
    let open: Value = rig
        .app
        .get("/api/questions/unanswered", &other.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["count"], 0);
    let path = format!("/api/questions/{id}");
    assert_eq!(
        rig.app.get(&path, &other.token).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rig.app
            .patch(
                &path,
                &other.token,
                json!({"draft": "Başkasının cevabı olamaz."})
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rig.app
            .post(&format!("{path}/approve"), &other.token, json!({}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        rig.app
            .post(
                &format!("/api/integrations/{integration}/questions/import"),
                &other.token,
                json!({})
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Roles without channels get 403.
    assert_eq!(
        rig.app.get("/api/questions", &normal.token).await.status(),
        StatusCode::FORBIDDEN
    );
    // Bad query values name their field.
    for (query, field) in [
        ("status=bogus", "status"),
        ("limit=0", "limit"),
        ("cursor=abc", "cursor"),
        ("colour=red", "colour"),
    ] {
        let r = rig
            .app
            .get(&format!("/api/questions?{query}"), &seller.token)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body: Value = r.json().await.unwrap();
        assert!(
            body["error"]["fields"].get(field).is_some(),
            "{query}: {body}"
        );
    }
    let r = rig
        .app
        .get("/api/questions/unanswered?limit=101", &seller.token)
        .await;
    assert_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        Some("limit"),
    )
    .await;
    // The question was never answered by anyone.
    assert!(rig.trendyol.writes.of_kind("question.answer").is_empty());
}
