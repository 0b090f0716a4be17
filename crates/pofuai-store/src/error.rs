//! The store's one error type.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; `field` names the request field it concerns.
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    /// The operation is refused for a reason that belongs to one request field.
    #[error(transparent)]
    Invalid(pofuai_core::FieldError),
    #[error("database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Another writer held what this one needed for longer than we wait (a full connection
    /// pool, SQLite's lock past its busy timeout, a PostgreSQL deadlock or serialisation
    /// failure): nothing was written, and trying again shortly is right.
    #[error("the database is busy; try again shortly")]
    Busy,
    /// The caller's `If-Match` names a version that is no longer current.
    #[error("the object has changed since it was read")]
    Stale,
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        if is_busy(&err) {
            tracing::warn!(error = %err, "database busy");
            StoreError::Busy
        } else {
            StoreError::Database(err)
        }
    }
}

/// Contention rather than a fault: SQLite's BUSY (5) and LOCKED (6) with their extended codes,
/// PostgreSQL's serialization failure, deadlock and lock-not-available, and a pool with no
/// free connection in time.
pub(crate) fn is_busy(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLite reports the extended result code; its low byte is the primary one.
                code.parse::<i32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6))
            } else {
                matches!(code.as_ref(), "40001" | "40P01" | "55P03")
            }
        }
        _ => false,
    }
}

impl StoreError {
    /// Turns a unique violation into a [`StoreError::Conflict`] on the field whose column the
    /// constraint covers; SQLite names columns in its message, PostgreSQL names the constraint.
    pub(crate) fn on_unique(err: sqlx::Error, columns: &[(&str, &'static str)]) -> StoreError {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            let text = format!("{} {}", db.message(), db.constraint().unwrap_or(""));
            for (column, field) in columns {
                if text.contains(column) {
                    return StoreError::Conflict { field };
                }
            }
        }
        StoreError::from(err)
    }
}
