//! `pofuai keys rotate` with the master key kept outside the data directory: in a file named by
//! the settings, and in the environment. Stored secrets open under the new key only.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use pofuai_core::secrets::SecretBox;
use pofuai_store::Store;
use pofuai_store::ai::ProviderConfig;

const SECRET: &str = "sk-rotate-me-9876";

fn pofuai(data_dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_pofuai"))
        .args(args)
        .env("POFUAI_DATA_DIR", data_dir)
        .env_remove("POFUAI_MASTER_KEY")
        .env_remove("POFUAI_MASTER_KEY_FILE")
        .env_remove("POFUAI_DATABASE_URL")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn database_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("pofuai.db").display())
}

/// Migrates the database and stores one secret sealed under `key`.
async fn seed(data_dir: &Path, env: &[(&str, &str)], key: &[u8; 32]) {
    pofuai(data_dir, env, &["migrate"]);
    let store = Store::connect(&database_url(data_dir)).await.unwrap();
    store
        .put_ai_provider(&ProviderConfig {
            name: "default".into(),
            base_url: "http://127.0.0.1:9/v1".into(),
            model: "m".into(),
            api_key_sealed: Some(SecretBox::new(key).seal(SECRET)),
            api_key_hint: None,
            timeout_ms: 1000,
            enabled: true,
            updated_at: 0,
        })
        .await
        .unwrap();
    store.close().await;
}

async fn sealed_secret(data_dir: &Path) -> Vec<u8> {
    let store = Store::connect(&database_url(data_dir)).await.unwrap();
    let sealed = store
        .ai_provider("default")
        .await
        .unwrap()
        .unwrap()
        .api_key_sealed
        .unwrap();
    store.close().await;
    sealed
}

fn parse_hex_key(text: &str) -> [u8; 32] {
    hex::decode(text.trim()).unwrap().try_into().unwrap()
}

#[tokio::test]
async fn rotation_rewrites_a_key_file_kept_outside_the_data_directory() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let key_file = root.path().join("etc").join("master.key");
    std::fs::create_dir_all(key_file.parent().unwrap()).unwrap();
    let old_key = [7u8; 32];
    std::fs::write(&key_file, hex::encode(old_key)).unwrap();
    let key_setting = key_file.to_str().unwrap();
    let env = [("POFUAI_MASTER_KEY_FILE", key_setting)];
    seed(&data, &env, &old_key).await;

    let out = pofuai(&data, &env, &["keys", "rotate"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("re-sealed 1 secrets"), "{said}");

    let new_key = parse_hex_key(&std::fs::read_to_string(&key_file).unwrap());
    assert_ne!(new_key, old_key);
    assert!(
        !said.contains(&hex::encode(new_key)),
        "a file-kept key is never printed"
    );
    assert!(
        !key_file.with_extension("key.new").exists(),
        "the pending key was moved into place"
    );
    assert!(
        !data.join("master.key").exists(),
        "no key lands in the data directory"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let sealed = sealed_secret(&data).await;
    assert_eq!(SecretBox::new(&new_key).open(&sealed).unwrap(), SECRET);
    assert!(SecretBox::new(&old_key).open(&sealed).is_err());

    // The flag works as the environment does, and a second rotation starts from the new key.
    let out = pofuai(
        &data,
        &[],
        &["--master-key-file", key_setting, "keys", "rotate"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("re-sealed 1 secrets"));
    let newer_key = parse_hex_key(&std::fs::read_to_string(&key_file).unwrap());
    assert_ne!(newer_key, new_key);
    let sealed = sealed_secret(&data).await;
    assert_eq!(SecretBox::new(&newer_key).open(&sealed).unwrap(), SECRET);
}

#[tokio::test]
async fn rotation_with_the_key_in_the_environment_prints_the_new_key_once() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let old_key = [9u8; 32];
    let old_hex = hex::encode(old_key);
    let env = [("POFUAI_MASTER_KEY", old_hex.as_str())];
    seed(&data, &env, &old_key).await;

    let out = pofuai(&data, &env, &["keys", "rotate"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("POFUAI_MASTER_KEY"), "{said}");
    let new_key = parse_hex_key(said.lines().last().unwrap());
    assert_ne!(new_key, old_key);
    assert!(!data.join("master.key").exists(), "no key file is written");
    let sealed = sealed_secret(&data).await;
    assert_eq!(SecretBox::new(&new_key).open(&sealed).unwrap(), SECRET);
    assert!(SecretBox::new(&old_key).open(&sealed).is_err());
}
