//! Where uploaded and generated files live: a local directory today, behind a small seam so an
//! S3-compatible store can replace it for multi-node deployments.

use std::path::PathBuf;

use rand::RngCore;

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> BlobStore {
        BlobStore { root: root.into() }
    }

    /// A fresh, unguessable public path such as `/uploads/3f…9a.png`.
    pub fn new_upload_path(ext: &str) -> String {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        format!("/uploads/{}.{ext}", hex::encode(bytes))
    }

    /// Maps a public path to its file, refusing anything but `/uploads/<hex>.<ext>`.
    fn file_for(&self, public_path: &str) -> Option<PathBuf> {
        let name = public_path.strip_prefix("/uploads/")?;
        let (stem, ext) = name.split_once('.')?;
        let ok = !stem.is_empty()
            && stem.chars().all(|c| c.is_ascii_hexdigit())
            && matches!(ext, "png" | "jpg" | "webp");
        ok.then(|| self.root.join("uploads").join(name))
    }

    pub async fn put(&self, public_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let file = self
            .file_for(public_path)
            .ok_or_else(|| std::io::Error::other("bad blob path"))?;
        if let Some(dir) = file.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Write beside and rename, so a reader never sees half a file.
        let tmp = file.with_extension("part");
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &file).await
    }

    pub async fn get(&self, public_path: &str) -> std::io::Result<Option<Vec<u8>>> {
        let Some(file) = self.file_for(public_path) else {
            return Ok(None);
        };
        match tokio::fs::read(file).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_paths_map_to_files() {
        let b = BlobStore::new("/data");
        assert!(b.file_for(&BlobStore::new_upload_path("png")).is_some());
        assert!(b.file_for("/uploads/../pofuai.db").is_none());
        assert!(b.file_for("/uploads/abc.exe").is_none());
        assert!(b.file_for("/etc/passwd").is_none());
    }
}
