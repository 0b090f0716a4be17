//! Uploaded files' metadata; the bytes live in the blob store of the web layer.

use serde::Serialize;

use crate::{Store, StoreError, on_pool};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Upload {
    pub id: i64,
    pub owner_id: i64,
    pub path: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: i64,
    pub height: i64,
    pub sha256: String,
    pub created_at: i64,
}

pub struct NewUpload<'a> {
    pub owner_id: i64,
    pub path: &'a str,
    pub content_type: &'a str,
    pub byte_size: i64,
    pub width: i64,
    pub height: i64,
    pub sha256: &'a str,
}

const UPLOAD_COLUMNS: &str =
    "id, owner_id, path, content_type, byte_size, width, height, sha256, created_at";

impl Store {
    pub async fn insert_upload(&self, new: NewUpload<'_>, now: i64) -> Result<Upload, StoreError> {
        let sql = format!(
            "INSERT INTO uploads (owner_id, path, content_type, byte_size, width, height, sha256, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {UPLOAD_COLUMNS}"
        );
        let row: Upload = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(new.owner_id)
                .bind(new.path)
                .bind(new.content_type)
                .bind(new.byte_size)
                .bind(new.width)
                .bind(new.height)
                .bind(new.sha256)
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        Ok(row)
    }

    /// The upload at `path` if `viewer` may read it: its owner, an admin (`viewer_sees_all`
    /// with `catalogue_reader`), or anyone allowed to see a product that shows it.
    pub async fn readable_upload(
        &self,
        path: &str,
        viewer: UploadViewer,
    ) -> Result<Upload, StoreError> {
        let sql = format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads u WHERE u.path = $1 AND ( \
                $2 OR u.owner_id = $3 \
                OR ($4 AND EXISTS (SELECT 1 FROM product_images i WHERE i.upload_path = u.path)) \
                OR EXISTS (SELECT 1 FROM product_images i JOIN products p ON p.id = i.product_id \
                           WHERE i.upload_path = u.path AND p.owner_id = $3))"
        );
        let row: Option<Upload> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(path)
                .bind(viewer.admin)
                .bind(viewer.user_id)
                .bind(viewer.catalogue_reader)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)
    }

    /// Which of `paths` are not uploads of `owner_id` (so cannot be a product's images).
    pub async fn foreign_uploads(
        &self,
        owner_id: i64,
        paths: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let mut missing = Vec::new();
        for path in paths {
            let found: Option<i64> = on_pool!(self, |pool| {
                sqlx::query_scalar("SELECT id FROM uploads WHERE path = $1 AND owner_id = $2")
                    .bind(path)
                    .bind(owner_id)
                    .fetch_optional(pool)
                    .await?
            });
            if found.is_none() {
                missing.push(path.clone());
            }
        }
        Ok(missing)
    }
}

/// Who asks for an upload, reduced to what the access rule needs.
#[derive(Debug, Clone, Copy)]
pub struct UploadViewer {
    pub user_id: i64,
    pub admin: bool,
    /// May browse the whole catalogue (premium and normal users), so may see product images.
    pub catalogue_reader: bool,
}

impl Store {
    /// Width and height of each upload in `paths`, in order; unknown paths are skipped.
    pub async fn upload_sizes(&self, paths: &[String]) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut out = Vec::new();
        for path in paths {
            let size: Option<(i64, i64)> = on_pool!(self, |pool| {
                sqlx::query_as("SELECT width, height FROM uploads WHERE path = $1")
                    .bind(path)
                    .fetch_optional(pool)
                    .await?
            });
            out.extend(size);
        }
        Ok(out)
    }
}
