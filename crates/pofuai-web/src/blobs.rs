//! Where uploaded and generated files live, behind the `object_store` crate: a local
//! directory by default, or an S3-compatible bucket so several stateless nodes share them.
//!
//! Files are addressed by their public path (`/uploads/<hex>.<ext>`), which is also what the
//! database stores; the object key is the same path without the leading slash, under the data
//! directory or at the bucket's root. Reads always go through the API's owner checks.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, PutPayload};
use rand::RngCore;

/// An S3-compatible bucket. The secret key is never printed.
#[derive(Clone, Default)]
pub struct S3Settings {
    /// e.g. `http://127.0.0.1:9000` for a local server; empty for AWS itself.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    /// Local directory only: the absolute data directory, which keys live under.
    root: Option<PathBuf>,
}

impl BlobStore {
    /// Files under `<root>/uploads/`.
    pub fn local(root: impl AsRef<Path>) -> BlobStore {
        let root = root.as_ref();
        // Relative data directories resolve against the working directory at start, as the
        // rest of the settings do; `absolute` needs no file to exist yet.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        BlobStore {
            store: Arc::new(LocalFileSystem::new()),
            root: Some(root),
        }
    }

    /// Files in an S3-compatible bucket. Plain http is allowed only when the endpoint says so
    /// (a local test server); credentials come from the settings or AWS's usual environment.
    pub fn s3(settings: &S3Settings) -> Result<BlobStore, String> {
        if settings.bucket.trim().is_empty() {
            return Err("s3_bucket must name a bucket".into());
        }
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(settings.bucket.trim())
            .with_region(settings.region.trim());
        if let Some(endpoint) = settings.endpoint.as_deref().filter(|e| !e.is_empty()) {
            let url = url::Url::parse(endpoint)
                .map_err(|_| format!("s3_endpoint is not a URL: {endpoint}"))?;
            builder = builder
                .with_endpoint(endpoint.trim_end_matches('/'))
                .with_allow_http(url.scheme() == "http")
                // Local servers (moto, MinIO) serve buckets by path, not by host name.
                .with_virtual_hosted_style_request(false);
        }
        if let Some(id) = &settings.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &settings.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        let store = builder
            .build()
            .map_err(|e| format!("the S3 settings are not usable: {e}"))?;
        Ok(BlobStore {
            store: Arc::new(store),
            root: None,
        })
    }

    /// A fresh, unguessable public path such as `/uploads/3f…9a.png`.
    pub fn new_upload_path(ext: &str) -> String {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        format!("/uploads/{}.{ext}", hex::encode(bytes))
    }

    /// Maps a public path to its object key, refusing anything but `/uploads/<hex>.<ext>`.
    fn key_for(&self, public_path: &str) -> Option<Key> {
        let name = public_path.strip_prefix("/uploads/")?;
        let (stem, ext) = name.split_once('.')?;
        let ok = !stem.is_empty()
            && stem.chars().all(|c| c.is_ascii_hexdigit())
            && matches!(ext, "png" | "jpg" | "webp");
        if !ok {
            return None;
        }
        match &self.root {
            Some(root) => Key::from_absolute_path(root.join("uploads").join(name)).ok(),
            None => Some(Key::from(format!("uploads/{name}"))),
        }
    }

    pub async fn put(&self, public_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let key = self
            .key_for(public_path)
            .ok_or_else(|| std::io::Error::other("bad blob path"))?;
        // The local store writes beside and renames, so a reader never sees half a file.
        self.store
            .put(&key, PutPayload::from(bytes.to_vec()))
            .await
            .map(|_| ())
            .map_err(std::io::Error::other)
    }

    pub async fn get(&self, public_path: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(key) = self.key_for(public_path) else {
            return Ok(None);
        };
        match self.store.get(&key).await {
            Ok(found) => found
                .bytes()
                .await
                .map(|b| Some(b.to_vec()))
                .map_err(std::io::Error::other),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

impl BlobStore {
    /// Removes a file; one already gone is not an error (a retried delete).
    pub async fn delete(&self, public_path: &str) -> std::io::Result<()> {
        let Some(key) = self.key_for(public_path) else {
            return Ok(());
        };
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_paths_map_to_keys() {
        let b = BlobStore::local("/data");
        let key = b.key_for(&BlobStore::new_upload_path("png")).unwrap();
        assert!(key.as_ref().starts_with("data/uploads/"), "{key}");
        assert!(b.key_for("/uploads/../pofuai.db").is_none());
        assert!(b.key_for("/uploads/abc.exe").is_none());
        assert!(b.key_for("/etc/passwd").is_none());
    }

    #[tokio::test]
    async fn a_local_file_round_trips_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let b = BlobStore::local(dir.path());
        let path = BlobStore::new_upload_path("png");
        b.put(&path, b"png bytes").await.unwrap();
        assert_eq!(
            b.get(&path).await.unwrap().as_deref(),
            Some(&b"png bytes"[..])
        );
        let on_disk = dir.path().join(path.trim_start_matches('/'));
        assert_eq!(std::fs::read(on_disk).unwrap(), b"png bytes");
        assert_eq!(
            b.get(&BlobStore::new_upload_path("png")).await.unwrap(),
            None
        );
    }

    #[test]
    fn s3_settings_never_print_the_secret() {
        let s = S3Settings {
            bucket: "b".into(),
            secret_access_key: Some("very-secret".into()),
            ..S3Settings::default()
        };
        assert!(!format!("{s:?}").contains("very-secret"));
        assert!(BlobStore::s3(&S3Settings::default()).is_err());
    }
}
