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
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
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
        StoreError::Database(err)
    }
}
