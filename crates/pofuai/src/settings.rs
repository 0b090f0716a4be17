//! Settings from flags, `POFUAI_*` environment variables and an optional TOML file, in that
//! order of precedence, then defaults. Secrets are redacted from `Debug`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use serde::Deserialize;

/// Options every command shares. Each flag also reads `POFUAI_<NAME>` and the TOML key of
/// the same name (e.g. `database_url = "postgres://…"`).
#[derive(Debug, Clone, Args, Default)]
pub struct SettingsArgs {
    /// TOML settings file [default: ./pofuai.toml if present]
    #[arg(long, env = "POFUAI_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Address to serve on [default: 127.0.0.1:8080]
    #[arg(long, env = "POFUAI_BIND", global = true)]
    pub bind: Option<String>,
    /// Directory for the embedded database, uploads and generated images [default: ./data]
    #[arg(long, env = "POFUAI_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// `sqlite://path` or `postgres://user@host/db` [default: sqlite://<data-dir>/pofuai.db]
    #[arg(
        long,
        env = "POFUAI_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// E-mail of the admin created on first start [default: admin@pofuai.local]
    #[arg(long, env = "POFUAI_ADMIN_EMAIL", global = true)]
    pub admin_email: Option<String>,
    /// Password of the admin created on first start [default: generated and printed once]
    #[arg(
        long,
        env = "POFUAI_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// Lifetime of login tokens in hours [default: 720]
    #[arg(long, env = "POFUAI_TOKEN_TTL_HOURS", global = true)]
    pub token_ttl_hours: Option<u64>,
    /// Largest upload in megabytes [default: 10]
    #[arg(long, env = "POFUAI_MAX_UPLOAD_MB", global = true)]
    pub max_upload_mb: Option<u64>,
    /// Largest uploaded image in megapixels [default: 40]
    #[arg(long, env = "POFUAI_MAX_UPLOAD_MEGAPIXELS", global = true)]
    pub max_upload_megapixels: Option<u64>,
    /// Master key sealing secrets at rest, 64 hex characters [default: generated once into
    /// <data-dir>/master.key]
    #[arg(long, env = "POFUAI_MASTER_KEY", global = true, hide_env_values = true)]
    pub master_key: Option<String>,
    /// File holding the master key (64 hex characters), e.g. outside the data directory;
    /// created with mode 0600 if missing [default: <data-dir>/master.key]
    #[arg(long, env = "POFUAI_MASTER_KEY_FILE", global = true)]
    pub master_key_file: Option<PathBuf>,
    /// Seconds a client has to send a request's headers (also ends idle keep-alives) [default: 10]
    #[arg(long, env = "POFUAI_HEADER_READ_TIMEOUT_SECS", global = true)]
    pub header_read_timeout_secs: Option<u64>,
    /// Seconds a client has to send a request's body once its headers arrived [default: 60]
    #[arg(long, env = "POFUAI_BODY_READ_TIMEOUT_SECS", global = true)]
    pub body_read_timeout_secs: Option<u64>,
    /// Seconds a connection may sit with no bytes moving and no request running [default: 60]
    #[arg(long, env = "POFUAI_IDLE_TIMEOUT_SECS", global = true)]
    pub idle_timeout_secs: Option<u64>,
    /// Open connections at most; one more is answered 503 [default: 1024]
    #[arg(long, env = "POFUAI_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<usize>,
    /// API requests per second for all clients together (burst: twice that) [default: 500]
    #[arg(long, env = "POFUAI_RATE_LIMIT_GLOBAL", global = true)]
    pub rate_limit_global: Option<u32>,
    /// API requests per second per client address (burst: twice that) [default: 50]
    #[arg(long, env = "POFUAI_RATE_LIMIT_PER_IP", global = true)]
    pub rate_limit_per_ip: Option<u32>,
    /// API requests per second per token (burst: twice that) [default: 20]
    #[arg(long, env = "POFUAI_RATE_LIMIT_PER_TOKEN", global = true)]
    pub rate_limit_per_token: Option<u32>,
    /// Header in which a trusted reverse proxy passes the client address, e.g.
    /// `X-Forwarded-For` [default: none, the connection's peer is the client]
    #[arg(long, env = "POFUAI_CLIENT_IP_HEADER", global = true)]
    pub client_ip_header: Option<String>,
    /// Log filter, e.g. `info` or `info,pofuai_web::front=debug` (a line per request) [default: info]
    #[arg(long, env = "POFUAI_LOG", global = true)]
    pub log: Option<String>,
    /// Public https address of this panel; channels fetch product images from it
    /// [default: http://<bind>]
    #[arg(long, env = "POFUAI_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Open no outbound connection: image URLs, channel hosts (but the demo's local
    /// sandboxes) and the AI text provider are refused or skipped, without a DNS lookup
    #[arg(long, env = "POFUAI_OFFLINE", global = true)]
    pub offline: bool,
    /// Log lines as `json`, `text`, or `auto`: text on a terminal, JSON lines otherwise
    /// [default: auto]
    #[arg(long, env = "POFUAI_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Seconds a stopping node gives running requests and jobs before it stops them (a job
    /// is then released for another worker) [default: 10]
    #[arg(long, env = "POFUAI_SHUTDOWN_GRACE_SECS", global = true)]
    pub shutdown_grace_secs: Option<u64>,
    /// Seconds a claimed job stays a worker's without a heartbeat; a worker that dies is
    /// taken over after this [default: 60]
    #[arg(long, env = "POFUAI_JOB_LEASE_SECS", global = true)]
    pub job_lease_secs: Option<u64>,
    /// Base URL of an external simulator for integrations in the `sandbox` environment, as
    /// `platform=URL` (repeatable, e.g. `trendyol=http://127.0.0.1:9001`; comma-separated in
    /// the environment variable)
    #[arg(
        long = "sandbox-url",
        env = "POFUAI_SANDBOX_URL",
        global = true,
        value_delimiter = ','
    )]
    pub sandbox_url: Vec<String>,
    /// Keep uploads and rendered images in this S3-compatible bucket instead of the data
    /// directory (what several nodes need) [default: none, the data directory]
    #[arg(long, env = "POFUAI_S3_BUCKET", global = true)]
    pub s3_bucket: Option<String>,
    /// The S3 endpoint, e.g. `http://127.0.0.1:9000` for a local server [default: AWS]
    #[arg(long, env = "POFUAI_S3_ENDPOINT", global = true)]
    pub s3_endpoint: Option<String>,
    /// The bucket's region [default: us-east-1]
    #[arg(long, env = "POFUAI_S3_REGION", global = true)]
    pub s3_region: Option<String>,
    /// Access key id [default: AWS_ACCESS_KEY_ID]
    #[arg(long, env = "POFUAI_S3_ACCESS_KEY_ID", global = true)]
    pub s3_access_key_id: Option<String>,
    /// Secret access key, never logged [default: AWS_SECRET_ACCESS_KEY]
    #[arg(
        long,
        env = "POFUAI_S3_SECRET_ACCESS_KEY",
        global = true,
        hide_env_values = true
    )]
    pub s3_secret_access_key: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    admin_email: Option<String>,
    admin_password: Option<String>,
    token_ttl_hours: Option<u64>,
    max_upload_mb: Option<u64>,
    max_upload_megapixels: Option<u64>,
    master_key: Option<String>,
    master_key_file: Option<PathBuf>,
    header_read_timeout_secs: Option<u64>,
    body_read_timeout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
    rate_limit_global: Option<u32>,
    rate_limit_per_ip: Option<u32>,
    rate_limit_per_token: Option<u32>,
    client_ip_header: Option<String>,
    log: Option<String>,
    public_url: Option<String>,
    offline: Option<bool>,
    log_format: Option<String>,
    shutdown_grace_secs: Option<u64>,
    job_lease_secs: Option<u64>,
    /// `[sandbox_urls]` with `trendyol = "http://…"`.
    sandbox_urls: Option<std::collections::BTreeMap<String, String>>,
    s3_bucket: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_access_key_id: Option<String>,
    s3_secret_access_key: Option<String>,
}

#[derive(Clone)]
pub struct Settings {
    pub bind: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub admin_email: String,
    pub admin_password: Option<String>,
    pub token_ttl: Duration,
    pub max_upload_bytes: usize,
    pub max_upload_pixels: u64,
    pub master_key: Option<String>,
    pub master_key_file: PathBuf,
    pub server: pofuai_web::server::ServerLimits,
    pub rate_limits: pofuai_web::limits::RateLimits,
    pub client_ip_header: Option<String>,
    pub log: String,
    pub public_url: String,
    pub offline: bool,
    pub log_format: crate::logging::LogFormat,
    pub shutdown_grace: Duration,
    pub job_lease: Duration,
    /// External simulators by platform (empty: the demo starts its own in-process).
    pub sandbox_urls: std::collections::BTreeMap<String, String>,
    /// Files in an S3-compatible bucket rather than the data directory.
    pub s3: Option<pofuai_web::blobs::S3Settings>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url(&self.database_url))
            .field("admin_email", &self.admin_email)
            .field(
                "admin_password",
                &self.admin_password.as_ref().map(|_| "***"),
            )
            .field("public_url", &self.public_url)
            .field("token_ttl", &self.token_ttl)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("max_upload_pixels", &self.max_upload_pixels)
            .field("master_key", &self.master_key.as_ref().map(|_| "***"))
            .field("master_key_file", &self.master_key_file)
            .field("server", &self.server)
            .field("rate_limits", &self.rate_limits)
            .field("client_ip_header", &self.client_ip_header)
            .field("offline", &self.offline)
            .field("log_format", &self.log_format)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("job_lease", &self.job_lease)
            .field("sandbox_urls", &self.sandbox_urls)
            .field("s3", &self.s3)
            .finish()
    }
}

/// The URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl SettingsArgs {
    pub fn resolve(&self) -> anyhow::Result<Settings> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None if Path::new("pofuai.toml").exists() => read_file(Path::new("pofuai.toml"))?,
            None => FileSettings::default(),
        };
        let data_dir = self
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = self
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("pofuai.db").display()));
        let mb = self.max_upload_mb.or(file.max_upload_mb).unwrap_or(10);
        let mp = self
            .max_upload_megapixels
            .or(file.max_upload_megapixels)
            .unwrap_or(40);
        if !(1..=100).contains(&mb) {
            anyhow::bail!("max_upload_mb must be between 1 and 100, not {mb}");
        }
        if !(1..=200).contains(&mp) {
            anyhow::bail!("max_upload_megapixels must be between 1 and 200, not {mp}");
        }
        let hours = self.token_ttl_hours.or(file.token_ttl_hours).unwrap_or(720);
        if hours == 0 {
            anyhow::bail!("token_ttl_hours must be at least 1");
        }
        let bind = self
            .bind
            .clone()
            .or(file.bind)
            .unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let public_url = self
            .public_url
            .clone()
            .or(file.public_url)
            .unwrap_or_else(|| format!("http://{bind}"));
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            anyhow::bail!("public_url must start with https:// or http://, not {public_url}");
        }
        let secs = |flag: Option<u64>, file: Option<u64>, default: u64, name: &str| {
            let v = flag.or(file).unwrap_or(default);
            if v == 0 {
                anyhow::bail!("{name} must be at least 1");
            }
            Ok(Duration::from_secs(v))
        };
        let server = pofuai_web::server::ServerLimits {
            header_read_timeout: secs(
                self.header_read_timeout_secs,
                file.header_read_timeout_secs,
                10,
                "header_read_timeout_secs",
            )?,
            body_read_timeout: secs(
                self.body_read_timeout_secs,
                file.body_read_timeout_secs,
                60,
                "body_read_timeout_secs",
            )?,
            idle_timeout: secs(
                self.idle_timeout_secs,
                file.idle_timeout_secs,
                60,
                "idle_timeout_secs",
            )?,
            max_connections: self
                .max_connections
                .or(file.max_connections)
                .unwrap_or(1024)
                .max(1),
        };
        let defaults = pofuai_web::limits::RateLimits::default();
        let rate_limits = pofuai_web::limits::RateLimits {
            global_per_sec: self
                .rate_limit_global
                .or(file.rate_limit_global)
                .unwrap_or(defaults.global_per_sec),
            per_ip_per_sec: self
                .rate_limit_per_ip
                .or(file.rate_limit_per_ip)
                .unwrap_or(defaults.per_ip_per_sec),
            per_token_per_sec: self
                .rate_limit_per_token
                .or(file.rate_limit_per_token)
                .unwrap_or(defaults.per_token_per_sec),
        };
        let master_key_file = self
            .master_key_file
            .clone()
            .or(file.master_key_file)
            .unwrap_or_else(|| data_dir.join("master.key"));
        let format_text = self
            .log_format
            .clone()
            .or(file.log_format)
            .unwrap_or_else(|| "auto".to_string());
        let log_format = crate::logging::LogFormat::parse(&format_text).ok_or_else(|| {
            anyhow::anyhow!("log_format must be json, text or auto, not {format_text}")
        })?;
        let shutdown_grace = secs(
            self.shutdown_grace_secs,
            file.shutdown_grace_secs,
            10,
            "shutdown_grace_secs",
        )?;
        let job_lease = secs(
            self.job_lease_secs,
            file.job_lease_secs,
            60,
            "job_lease_secs",
        )?;
        let mut sandbox_urls = file.sandbox_urls.unwrap_or_default();
        for entry in &self.sandbox_url {
            let (platform, url) = entry
                .split_once('=')
                .ok_or_else(|| anyhow::anyhow!("sandbox_url must be platform=URL, not {entry}"))?;
            sandbox_urls.insert(platform.trim().to_string(), url.trim().to_string());
        }
        for (platform, url) in &sandbox_urls {
            if !matches!(platform.as_str(), "trendyol" | "hepsiburada") {
                anyhow::bail!("sandbox_url: no simulator for {platform} (trendyol, hepsiburada)");
            }
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                anyhow::bail!("sandbox_url for {platform} must start with http:// or https://");
            }
        }
        let s3 = match self.s3_bucket.clone().or(file.s3_bucket) {
            None => None,
            Some(bucket) => Some(pofuai_web::blobs::S3Settings {
                bucket,
                endpoint: self.s3_endpoint.clone().or(file.s3_endpoint),
                region: self
                    .s3_region
                    .clone()
                    .or(file.s3_region)
                    .unwrap_or_else(|| "us-east-1".to_string()),
                access_key_id: self.s3_access_key_id.clone().or(file.s3_access_key_id),
                secret_access_key: self
                    .s3_secret_access_key
                    .clone()
                    .or(file.s3_secret_access_key),
            }),
        };
        Ok(Settings {
            s3,
            log_format,
            shutdown_grace,
            job_lease,
            sandbox_urls,
            offline: self.offline || file.offline.unwrap_or(false),
            master_key_file,
            server,
            rate_limits,
            client_ip_header: self.client_ip_header.clone().or(file.client_ip_header),
            bind,
            public_url,
            data_dir,
            database_url,
            admin_email: self
                .admin_email
                .clone()
                .or(file.admin_email)
                .unwrap_or_else(|| "admin@pofuai.local".to_string()),
            admin_password: self.admin_password.clone().or(file.admin_password),
            token_ttl: Duration::from_secs(hours * 3600),
            max_upload_bytes: usize::try_from(mb * 1024 * 1024)?,
            max_upload_pixels: mp * 1_000_000,
            master_key: self.master_key.clone().or(file.master_key),
            log: self
                .log
                .clone()
                .or(file.log)
                .unwrap_or_else(|| "info".to_string()),
        })
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading settings file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing settings file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_and_defaults_fill_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9\"\nmax_upload_mb = 5\n").unwrap();
        let args = SettingsArgs {
            config: Some(file),
            bind: Some("127.0.0.1:1".into()),
            ..Default::default()
        };
        let s = args.resolve().unwrap();
        assert_eq!(s.bind, "127.0.0.1:1");
        assert_eq!(s.max_upload_bytes, 5 * 1024 * 1024);
        assert_eq!(s.database_url, "sqlite://./data/pofuai.db");
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        std::fs::write(&file, "bnd = \"x\"\n").unwrap();
        let args = SettingsArgs {
            config: Some(file),
            ..Default::default()
        };
        assert!(args.resolve().is_err());
    }

    #[test]
    fn sandbox_urls_come_from_flags_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        std::fs::write(
            &file,
            "[sandbox_urls]\ntrendyol = \"http://a:1\"\nhepsiburada = \"http://b:2\"\n",
        )
        .unwrap();
        let s = SettingsArgs {
            config: Some(file),
            sandbox_url: vec!["trendyol=http://127.0.0.1:9001".into()],
            ..Default::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(s.sandbox_urls["trendyol"], "http://127.0.0.1:9001");
        assert_eq!(s.sandbox_urls["hepsiburada"], "http://b:2");
        for bad in ["trendyol", "amazon=http://x", "trendyol=ftp://x"] {
            let args = SettingsArgs {
                sandbox_url: vec![bad.into()],
                ..Default::default()
            };
            assert!(args.resolve().is_err(), "{bad}");
        }
        let args = SettingsArgs {
            log_format: Some("yaml".into()),
            ..Default::default()
        };
        assert!(args.resolve().is_err());
    }

    #[test]
    fn passwords_never_reach_debug_output() {
        let s = SettingsArgs {
            database_url: Some("postgres://app:hunter2@db/pofuai".into()),
            admin_password: Some("s3cret-pass".into()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("s3cret-pass"), "{shown}");
    }
}
