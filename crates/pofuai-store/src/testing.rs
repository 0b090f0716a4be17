//! Support for test suites: a fresh, isolated database per test on either backend.

use std::path::Path;

use crate::{Store, StoreError};

/// The environment variable that points the test suites at PostgreSQL, e.g.
/// `postgres://postgres@127.0.0.1:5432/pofuai_ci`. Unset: every test uses its own SQLite file.
pub const TEST_DATABASE_ENV: &str = "POFUAI_TEST_DATABASE_URL";

/// A migrated store no other test shares: a SQLite file in `dir`, or, when
/// [`TEST_DATABASE_ENV`] is set, a new schema of that PostgreSQL database selected through
/// the connection's `search_path`.
pub async fn fresh_store(dir: &Path) -> Result<Store, StoreError> {
    let store = Store::connect(&fresh_url(dir).await?).await?;
    store.migrate().await?;
    Ok(store)
}

/// The URL of a database no other test shares (see [`fresh_store`]), not yet migrated: for
/// tests that connect to it more than once, as separate nodes would.
pub async fn fresh_url(dir: &Path) -> Result<String, StoreError> {
    Ok(match std::env::var(TEST_DATABASE_ENV) {
        Ok(base) if !base.is_empty() => {
            let schema = format!("t_{}", unique_suffix());
            let admin = sqlx::PgPool::connect(&base).await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await?;
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
        _ => format!("sqlite://{}", dir.join("test.db").display()),
    })
}

fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
