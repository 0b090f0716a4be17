//! Files that must stay private: the data directory (0700), the SQLite database with its WAL
//! and shared-memory files (0600; SQLite gives the -wal and -shm files the database's mode),
//! and the master key (0600), which may live outside the data directory so that a copy of
//! that directory alone opens no secret.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::settings::Settings;

/// Creates the data directory owner-only, or tightens it, and makes the SQLite files (created
/// empty now if missing, so SQLite keeps their mode) owner-only.
pub fn prepare_data_dir(settings: &Settings) -> anyhow::Result<()> {
    create_private_dir(&settings.data_dir)?;
    if let Some(db) = sqlite_path(&settings.database_url) {
        if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        // Another process starting on the same new directory may create it first.
        match private_file(&db) {
            Ok(_) => {}
            Err(e) if already_exists(&e) => {}
            Err(e) => return Err(e),
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            let path = PathBuf::from(name);
            if path.exists() {
                set_mode(&path, 0o600)?;
            }
        }
    }
    Ok(())
}

fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    set_mode(dir, 0o700)
}

/// Creates `path` empty with mode 0600 (the mode is given at creation, so the file is never
/// readable by others, not even for a moment).
fn private_file(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("setting the mode of {}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> anyhow::Result<()> {
    Ok(())
}

/// Writes a key file owner-only.
pub fn write_key_file(path: &Path, key: &[u8; 32]) -> anyhow::Result<()> {
    use std::io::Write;
    if path.exists() {
        std::fs::remove_file(path).with_context(|| format!("replacing {}", path.display()))?;
    }
    let mut file = private_file(path)?;
    file.write_all(hex::encode(key).as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    file.sync_all()?;
    Ok(())
}

fn parse_key(hex_text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(hex_text.trim()).context("master key is not hex")?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("master key must be 32 bytes (64 hex characters)"))
}

/// The master key: from the settings' hex value, else from the key file, which is created
/// (0600, its directory 0700 if new) on first use.
pub fn master_key(settings: &Settings) -> anyhow::Result<[u8; 32]> {
    if let Some(k) = &settings.master_key {
        return parse_key(k);
    }
    let path = &settings.master_key_file;
    if path.exists() {
        warn_if_shared(path);
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        return parse_key(&text);
    }
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        create_private_dir(dir)?;
    }
    let key = pofuai_web::random_key();
    if create_key_file(path, &key)? {
        tracing::info!(path = %path.display(), "generated a new master key");
        return Ok(key);
    }
    // Another process starting at the same time made the key first: everyone uses that one.
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_key(&text)
}

/// Writes `key` to `path` only if no key file is there, as one step: the key goes to a file
/// of this process first and is then linked in place, which fails if another process linked
/// its key first (`false`), so a key file is never replaced, nor seen half-written.
fn create_key_file(path: &Path, key: &[u8; 32]) -> anyhow::Result<bool> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(
        ".{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    let own = PathBuf::from(name);
    write_key_file(&own, key)?;
    let linked = std::fs::hard_link(&own, path);
    let _ = std::fs::remove_file(&own);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

fn already_exists(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::AlreadyExists)
}

#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the master key file is readable by others; chmod 600 it");
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path) {}

/// Where a rotation writes the new key before the database commits.
pub fn pending_key_file(settings: &Settings) -> PathBuf {
    let mut name = settings.master_key_file.clone().into_os_string();
    name.push(".new");
    PathBuf::from(name)
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::settings::SettingsArgs;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_data_directory_and_database_are_owner_only() {
        let root = tempfile::tempdir().unwrap();
        let settings = SettingsArgs {
            data_dir: Some(root.path().join("data")),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        prepare_data_dir(&settings).unwrap();
        assert_eq!(mode(&settings.data_dir), 0o700);
        assert_eq!(mode(&settings.data_dir.join("pofuai.db")), 0o600);
        // An existing, too open directory and database are tightened.
        std::fs::set_permissions(&settings.data_dir, std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let db = settings.data_dir.join("pofuai.db");
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        prepare_data_dir(&settings).unwrap();
        assert_eq!(mode(&settings.data_dir), 0o700);
        assert_eq!(mode(&db), 0o600);
    }

    #[test]
    fn the_master_key_can_live_outside_the_data_directory() {
        let root = tempfile::tempdir().unwrap();
        let key_file = root.path().join("secrets").join("pofuai.key");
        let settings = SettingsArgs {
            data_dir: Some(root.path().join("data")),
            master_key_file: Some(key_file.clone()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        let key = master_key(&settings).unwrap();
        assert_eq!(mode(&key_file), 0o600);
        assert_eq!(mode(key_file.parent().unwrap()), 0o700);
        assert!(!settings.data_dir.join("master.key").exists());
        assert_eq!(
            master_key(&settings).unwrap(),
            key,
            "read back, not regenerated"
        );
        assert_eq!(
            pending_key_file(&settings),
            root.path().join("secrets/pofuai.key.new")
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod first_key {
    use super::*;

    #[test]
    fn processes_making_the_first_key_together_all_get_the_same_one() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("master.key");
            let keys: Vec<[u8; 32]> = std::thread::scope(|scope| {
                let makers: Vec<_> = (0..4)
                    .map(|_| {
                        let path = path.clone();
                        scope.spawn(move || {
                            let key = pofuai_web::random_key();
                            if create_key_file(&path, &key).unwrap() {
                                key
                            } else {
                                parse_key(&std::fs::read_to_string(&path).unwrap()).unwrap()
                            }
                        })
                    })
                    .collect();
                makers.into_iter().map(|m| m.join().unwrap()).collect()
            });
            assert!(keys.iter().all(|k| *k == keys[0]), "one key for everyone");
            let stored = parse_key(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(stored, keys[0]);
            // Only the key file is left behind.
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }

    #[test]
    fn a_key_file_that_exists_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let first = pofuai_web::random_key();
        assert!(create_key_file(&path, &first).unwrap());
        assert!(!create_key_file(&path, &pofuai_web::random_key()).unwrap());
        assert_eq!(
            parse_key(&std::fs::read_to_string(&path).unwrap()).unwrap(),
            first
        );
    }
}
