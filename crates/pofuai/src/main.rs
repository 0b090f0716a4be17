//! `pofuai`: serve the API (default), migrate the database, manage users.

mod demo;
mod demo_channels;
#[cfg(test)]
mod demo_copy;
mod demo_history;
mod keys;
mod settings;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use pofuai_core::Role;
use pofuai_store::Store;
use pofuai_store::users::NewUser;
use pofuai_web::{AppState, Application, Clock, SystemClock, WebConfig};
use rand::Rng;
use rand::distributions::Alphanumeric;
use settings::{Settings, SettingsArgs};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "pofuai",
    version,
    about = "PofuAi: multichannel e-commerce with AI content"
)]
struct Cli {
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and panel (the default command).
    Serve {
        /// Load demo data: one user per role and a Turkish catalogue; credentials are printed.
        #[arg(long, env = "POFUAI_DEMO")]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Forecast series from a CSV file (`series_id,date,value`) with the server's engine;
    /// prints `series_id,date,forecast,lower,upper,model` to standard output.
    Forecast {
        /// The input CSV: a header, then rows at a regular daily, weekly, monthly or
        /// quarterly step per series.
        #[arg(long)]
        input: std::path::PathBuf,
        /// Steps to forecast, continuing each series' step.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=366))]
        horizon: u32,
        /// Season length in steps [default: 7 for days, 52 weeks, 12 months, 4 quarters].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=366))]
        season: Option<u32>,
    },
    /// Manage the master key that seals stored secrets.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Re-seal every stored secret under a new master key, all or nothing.
    Rotate,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account with any role; prints a generated password unless one is given.
    Create {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long)]
        email: String,
        /// At least 10 characters [default: generated and printed]
        #[arg(long, env = "POFUAI_NEW_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "one of admin, seller, premium, normal".to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = cli.settings.resolve()?;
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(settings, demo).await,
        Command::Migrate => {
            let store = open_store(&settings).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::Rotate,
        } => rotate_keys(&settings).await,
        Command::Forecast {
            input,
            horizon,
            season,
        } => forecast_file(&input, horizon, season),
        Command::User {
            command:
                UserCommand::Create {
                    role,
                    email,
                    password,
                    name,
                },
        } => {
            let store = open_store(&settings).await?;
            let generated = password.is_none();
            let password = password.unwrap_or_else(generate_password);
            create_user(&store, role, &email, &password, name.as_deref()).await?;
            println!("created {role} {email}");
            if generated {
                println!("password (shown once): {password}");
            }
            store.close().await;
            Ok(())
        }
    }
}

/// The forecast command: the same engine as the server, on a seller's own export.
fn forecast_file(input: &std::path::Path, horizon: u32, season: Option<u32>) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let opts = pofuai_insight::ForecastOptions {
        horizon: horizon as usize,
        season: season.map(|s| s as usize),
        ..Default::default()
    };
    let out = pofuai_insight::csv::forecast_csv(&text, &opts)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    use std::io::Write;
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    keys::prepare_data_dir(settings)?;
    let store = Store::connect(&settings.database_url)
        .await
        .with_context(|| {
            format!(
                "connecting to {}",
                settings::redact_url(&settings.database_url)
            )
        })?;
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

fn generate_password() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

pub(crate) async fn create_user(
    store: &Store,
    role: Role,
    email: &str,
    password: &str,
    name: Option<&str>,
) -> anyhow::Result<()> {
    if password.chars().count() < 10 {
        anyhow::bail!("password must be at least 10 characters");
    }
    let email = email.trim().to_lowercase();
    let hash = pofuai_web::password::hash(password.to_string())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let display = name.map_or_else(
        || email.split('@').next().unwrap_or("user").to_string(),
        str::to_string,
    );
    store
        .create_user(
            NewUser {
                email: &email,
                password_hash: &hash,
                display_name: &display,
                role,
            },
            SystemClock.now_ms(),
        )
        .await
        .with_context(|| format!("creating user {email}"))?;
    Ok(())
}

/// Creates the first admin when the database has none.
async fn ensure_admin(store: &Store, settings: &Settings) -> anyhow::Result<()> {
    if store.count_users_with_role(Role::Admin).await? > 0 {
        return Ok(());
    }
    let (password, generated) = match &settings.admin_password {
        Some(p) => (p.clone(), false),
        None => (generate_password(), true),
    };
    create_user(
        store,
        Role::Admin,
        &settings.admin_email,
        &password,
        Some("Yönetici"),
    )
    .await?;
    println!("created admin {}", settings.admin_email);
    if generated {
        println!("admin password (shown once, keep it): {password}");
    }
    Ok(())
}

async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    tracing::info!(settings = ?settings, "starting");
    let store = open_store(&settings).await?;
    ensure_admin(&store, &settings).await?;
    let sandboxes = if demo {
        Some(demo_channels::Sandboxes::start().await?)
    } else {
        None
    };
    let config = WebConfig {
        master_key: pofuai_web::secrets::MasterKey(keys::master_key(&settings)?),
        secure_cookies: settings.public_url.starts_with("https://"),
        client_ip_header: settings.client_ip_header.clone(),
        server: settings.server.clone(),
        rate_limits: settings.rate_limits,
        token_ttl: settings.token_ttl,
        max_upload_bytes: settings.max_upload_bytes,
        max_upload_pixels: settings.max_upload_pixels,
        data_dir: settings.data_dir.clone(),
        object_store: settings
            .s3
            .as_ref()
            .map(pofuai_web::blobs::BlobStore::s3)
            .transpose()
            .map_err(anyhow::Error::msg)?,
        fetch_policy: pofuai_web::fetch::FetchPolicy {
            offline: settings.offline,
            ..Default::default()
        },
        sync: pofuai_sync::SyncConfig {
            // The simulators check image URLs but never download them; a real channel needs
            // the panel's public https address in `public_url`.
            public_url: if demo && !settings.public_url.starts_with("https://") {
                "https://demo.pofuai.local".to_string()
            } else {
                settings.public_url.clone()
            },
            sandbox_urls: sandboxes.as_ref().map(|s| s.urls()).unwrap_or_default(),
            ..Default::default()
        },
        ..WebConfig::default()
    };
    let state = AppState::new(store.clone(), Arc::new(SystemClock), config);
    {
        // Recommendation models are fitted in the background, so the first request finds one.
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = state.recommender.refit(&state.store, state.now_ms()).await {
                tracing::warn!(error = %e, "recommendation warm-up failed");
            }
        });
    }
    if demo {
        demo::seed(&state).await?;
        demo_channels::connect(&state, demo::SELLER_EMAIL).await?;
        // Eighteen months of sales history, imported in the background on the first start
        // so the server is up at once; analytics fill in as it lands.
        let history = state.clone();
        tokio::spawn(async move {
            match demo_history::seed(&history, demo::SELLER_EMAIL, 548, 2026).await {
                Ok(0) => {}
                Ok(n) => println!("demo history: {n} orders over 18 months imported"),
                Err(e) => tracing::warn!(error = %e, "demo history not imported"),
            }
        });
    }
    // Jobs run beside the API; a job whose worker dies with the process is taken over after
    // its lease by the next start (or another node).
    let worker_id = format!("{}-{}", settings.bind, std::process::id());
    tokio::spawn(
        pofuai_sync::Worker::new(state.engine.clone(), worker_id).run(std::future::pending()),
    );
    let import_every = if demo {
        Duration::from_secs(15)
    } else {
        Duration::from_secs(300)
    };
    tokio::spawn(pofuai_sync::schedule_order_imports(
        state.engine.clone(),
        import_every,
    ));
    // The backstop for a stock change whose push job was lost in a crash.
    tokio::spawn(pofuai_sync::schedule_stale_sweeps(
        state.engine.clone(),
        Duration::from_secs(60),
    ));
    // Forecasts and customer insights are recomputed off the request path when sales change.
    tokio::spawn(
        pofuai_web::insight::Refresher::new(
            state.clone(),
            format!("insight-{}", std::process::id()),
        )
        .run(import_every),
    );
    if let Some(s) = sandboxes {
        tokio::spawn(demo_channels::buyers(s, Duration::from_secs(20)));
    }
    let app = Application::bind(&settings.bind, state)
        .await
        .with_context(|| format!("binding {}", settings.bind))?;
    let addr = app.local_addr()?;
    println!("PofuAi serving on http://{addr}  (API docs: http://{addr}/api/docs)");
    app.serve(shutdown_signal()).await?;
    store.close().await;
    Ok(())
}

/// Re-seals all secrets under a fresh key. With a file-kept key, the new key is written beside
/// the old one first and moved into place only after the database has committed, so a crash
/// leaves either the old state or the new key in `<key file>.new`, never a lost key.
async fn rotate_keys(settings: &Settings) -> anyhow::Result<()> {
    use pofuai_web::secrets::SecretBox;
    let store = open_store(settings).await?;
    let old = SecretBox::new(&keys::master_key(settings)?);
    let new_key = pofuai_web::random_key();
    let new = SecretBox::new(&new_key);
    let pending = keys::pending_key_file(settings);
    if settings.master_key.is_none() {
        keys::write_key_file(&pending, &new_key)?;
    }
    let count = store
        .reseal_secrets(|sealed| old.open(sealed).map(|plain| new.seal(&plain)))
        .await?;
    store.close().await;
    if settings.master_key.is_none() {
        std::fs::rename(&pending, &settings.master_key_file)?;
        println!(
            "re-sealed {count} secrets; the new key is in {}",
            settings.master_key_file.display()
        );
    } else {
        println!("re-sealed {count} secrets; set POFUAI_MASTER_KEY to the new key (shown once):");
        println!("{}", hex::encode(new_key));
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
