//! The catalogue stamp that cached answers are checked against: every change to a product or
//! its variants, by whatever path, ends what was cached for its owner and for the whole
//! catalogue, and leaves other owners' answers alone — also when the change was begun before
//! the answer was read and committed after (transactions finish out of order on PostgreSQL).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use pofuai_core::product::{NewProduct, NewVariant, Prices, ProductChanges, VariantChanges};
use pofuai_core::{Currency, Role};
use pofuai_store::Store;
use pofuai_store::catalogue::CatalogueStamp;
use pofuai_store::products::Scope;
use pofuai_store::users::NewUser;
use sqlx::Connection as _;

/// On PostgreSQL a stamp's mark is the oldest transaction still running anywhere on the server,
/// so while one test holds a transaction open on purpose, the other's answers look changed
/// (stale on the safe side). These tests assert exactly what is and is not stale: one at a time.
static ONE_AT_A_TIME: std::sync::LazyLock<tokio::sync::Mutex<()>> =
    std::sync::LazyLock::new(|| tokio::sync::Mutex::new(()));

async fn seller(store: &Store, email: &str) -> i64 {
    store
        .create_user(
            NewUser {
                email,
                password_hash: "x",
                display_name: email,
                role: Role::Seller,
            },
            0,
        )
        .await
        .unwrap()
        .id
}

fn product(code: &str) -> NewProduct {
    NewProduct {
        name: format!("Ürün {code}"),
        description: String::new(),
        category: "Mutfak".into(),
        brand: "Anadolu Ev".into(),
        attributes: BTreeMap::new(),
        images: Vec::new(),
        variants: vec![NewVariant {
            barcode: format!("869{code}"),
            stock_code: format!("SK-{code}"),
            attributes: BTreeMap::new(),
            stock: 5,
            prices: Prices {
                list_price: 10_000,
                sale_price: 9_000,
                currency: Currency::Try,
            },
            vat_rate: 20,
        }],
    }
}

struct Stamps {
    mine: CatalogueStamp,
    theirs: CatalogueStamp,
    all: CatalogueStamp,
}

async fn stamps(store: &Store, mine: i64, theirs: i64) -> Stamps {
    Stamps {
        mine: store.catalogue_stamp(Scope::Owner(mine)).await.unwrap(),
        theirs: store.catalogue_stamp(Scope::Owner(theirs)).await.unwrap(),
        all: store.catalogue_stamp(Scope::All).await.unwrap(),
    }
}

/// After a change of `mine`'s catalogue: answers of `mine` and of the whole catalogue read
/// before it are stale, `theirs` are not.
fn assert_changed(before: &Stamps, after: &Stamps, what: &str) {
    assert!(
        !after.mine.unchanged_since(before.mine.mark()),
        "{what}: owner"
    );
    assert!(!after.all.unchanged_since(before.all.mark()), "{what}: all");
    assert!(
        after.theirs.unchanged_since(before.theirs.mark()),
        "{what}: other owner"
    );
}

#[tokio::test]
async fn every_change_of_a_product_or_variant_moves_its_owners_stamp_only() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let mine = seller(&store, "a@example.com").await;
    let theirs = seller(&store, "b@example.com").await;
    store
        .create_product(theirs, &product("9"), 0)
        .await
        .unwrap();

    let s0 = stamps(&store, mine, theirs).await;
    // Reading changes nothing.
    let again = stamps(&store, mine, theirs).await;
    assert!(again.mine.unchanged_since(s0.mine.mark()));
    assert!(again.all.unchanged_since(s0.all.mark()));

    let p = store.create_product(mine, &product("1"), 1).await.unwrap();
    let s1 = stamps(&store, mine, theirs).await;
    assert_changed(&s0, &s1, "create");

    let changes = ProductChanges {
        name: Some("Bakır Cezve".into()),
        ..ProductChanges::default()
    };
    store
        .update_product(p.id, Scope::Owner(mine), &changes, None, 2)
        .await
        .unwrap();
    let s2 = stamps(&store, mine, theirs).await;
    assert_changed(&s1, &s2, "product fields");

    let variant = p.variants[0].id;
    let changes = VariantChanges {
        stock: Some(7),
        ..VariantChanges::default()
    };
    store
        .update_variant(p.id, variant, Scope::Owner(mine), &changes, None, 3)
        .await
        .unwrap();
    let s3 = stamps(&store, mine, theirs).await;
    assert_changed(&s2, &s3, "variant");

    // The path channel imports and the sync engine take, with no product-level code.
    store.set_stock_on_hand(&[(variant, 2)], 4).await.unwrap();
    let s4 = stamps(&store, mine, theirs).await;
    assert_changed(&s3, &s4, "stock on hand");

    store
        .delete_product(p.id, Scope::Owner(mine))
        .await
        .unwrap();
    let s5 = stamps(&store, mine, theirs).await;
    assert_changed(&s4, &s5, "delete");

    // Only the newest record per owner is read, so pruning keeps every answer's verdict.
    store.prune_catalogue_changes().await.unwrap();
    let pruned = stamps(&store, mine, theirs).await;
    assert!(pruned.mine.unchanged_since(s5.mine.mark()));
    assert!(!pruned.mine.unchanged_since(s4.mine.mark()));
    assert!(pruned.all.unchanged_since(s5.all.mark()));
}

/// A writer that began before the answer was read and commits after it: on PostgreSQL its
/// transaction id is below those of later writers, so a plain "highest id seen" would miss it.
#[tokio::test]
async fn a_change_committed_after_the_read_ends_the_answer_even_when_begun_before_it() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let url = pofuai_store::testing::fresh_url(dir.path()).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let mine = seller(&store, "a@example.com").await;
    let theirs = seller(&store, "b@example.com").await;
    let p = store.create_product(mine, &product("1"), 1).await.unwrap();
    let variant = p.variants[0].id;

    let change = "UPDATE product_variants SET stock_on_hand = stock_on_hand + 1 WHERE id = $1";
    let postgres = url.starts_with("postgres");
    // The same steps on either backend's own connection type.
    macro_rules! slow_writer {
        ($conn:expr, $begin:expr) => {{
            let mut conn = $conn;
            sqlx::query($begin).execute(&mut conn).await.unwrap();
            sqlx::query(change)
                .bind(variant)
                .execute(&mut conn)
                .await
                .unwrap();
            // Still open: an answer read now must not see the change, and must end with it.
            let before = stamps(&store, mine, theirs).await;
            // On PostgreSQL another writer starts and commits meanwhile, with a later
            // transaction id. (SQLite has one writer: it would wait for the first.)
            let between = if postgres {
                store.create_product(mine, &product("2"), 2).await.unwrap();
                Some(stamps(&store, mine, theirs).await)
            } else {
                None
            };
            sqlx::query("COMMIT").execute(&mut conn).await.unwrap();
            conn.close().await.unwrap();
            (before, between)
        }};
    }
    let (before, between) = if postgres {
        slow_writer!(sqlx::PgConnection::connect(&url).await.unwrap(), "BEGIN")
    } else {
        slow_writer!(
            sqlx::SqliteConnection::connect(&url).await.unwrap(),
            "BEGIN IMMEDIATE"
        )
    };
    let after = stamps(&store, mine, theirs).await;
    assert_changed(&before, &after, "slow writer, read before the other writer");
    if let Some(between) = between {
        assert!(!between.mine.unchanged_since(before.mine.mark()));
        assert_changed(
            &between,
            &after,
            "slow writer, read after a later writer committed",
        );
    }
}

/// Stamps are read on a connection held apart from the pool; when the server drops it (a
/// restart, an administrator, an idle timeout), one read fails and the next takes a fresh
/// connection — the store does not keep answering with a dead one.
#[tokio::test]
async fn a_stamp_connection_the_server_dropped_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let Ok(url) = std::env::var(pofuai_store::testing::TEST_DATABASE_ENV) else {
        return; // SQLite: a connection to a local file is not dropped by anyone else
    };
    if url.is_empty() {
        return;
    }
    let store = pofuai_store::testing::fresh_store(dir.path())
        .await
        .unwrap();
    let seller = seller(&store, "dropped@example.com").await;
    let before = store.catalogue_stamp(Scope::Owner(seller)).await.unwrap();
    let pid = store
        .stamp_connection_pid()
        .await
        .expect("a held connection");
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    let killed: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert!(killed);
    // Until the server process is gone, a query could still be answered by it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let alive: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1")
            .bind(pid)
            .fetch_one(&mut admin)
            .await
            .unwrap();
        if alive == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the backend did not exit"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        store.catalogue_stamp(Scope::Owner(seller)).await.is_err(),
        "the dead connection's read fails"
    );
    let second = store.catalogue_stamp(Scope::Owner(seller)).await.unwrap();
    assert!(second.unchanged_since(before.mark()));
    let replaced = store
        .stamp_connection_pid()
        .await
        .expect("a held connection");
    assert_ne!(replaced, pid);
}
