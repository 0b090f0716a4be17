//! `pofuai`: serve the API (default), run job workers, run the sandbox simulators, migrate the
//! database, manage users.

mod demo;
mod demo_channels;
#[cfg(test)]
mod demo_copy;
mod demo_history;
mod keys;
mod logging;
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
use tokio::sync::watch;

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
        /// Run no job worker or periodic task here: `pofuai worker` processes run them.
        #[arg(long, env = "POFUAI_NO_WORKER")]
        no_worker: bool,
    },
    /// Run the sync job workers and periodic tasks (order imports, stale-stock sweeps), with
    /// no HTTP server: for nodes that only process jobs.
    Worker,
    /// Run the Trendyol and Hepsiburada simulators as a standalone server: the control API
    /// on `--bind`, Trendyol on the next port, Hepsiburada on the one after (any free ports
    /// for port 0). Prints the addresses.
    Sandbox {
        /// Seed of the simulators' random choices and faults.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
    logging::init(&settings.log, settings.log_format);
    let command = cli.command.unwrap_or(Command::Serve {
        demo: false,
        no_worker: false,
    });
    match command {
        Command::Serve { demo, no_worker } => serve(settings, demo, !no_worker).await,
        Command::Worker => worker(settings).await,
        Command::Sandbox { seed } => sandbox(&settings, seed).await,
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

/// The sync settings every process that runs jobs or queues them shares.
fn sync_config(settings: &Settings, demo: bool) -> pofuai_sync::SyncConfig {
    pofuai_sync::SyncConfig {
        // The simulators check image URLs but never download them; a real channel needs
        // the panel's public https address in `public_url`.
        public_url: if demo && !settings.public_url.starts_with("https://") {
            "https://demo.pofuai.local".to_string()
        } else {
            settings.public_url.clone()
        },
        sandbox_urls: settings.sandbox_urls.clone(),
        lease: settings.job_lease,
        shutdown_grace: settings.shutdown_grace,
        ..Default::default()
    }
}

/// This process's name in job leases and periodic-task turns: host and process id.
fn node_name(role: &str) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".to_string());
    format!("{role}-{host}-{}", std::process::id())
}

/// A shutdown switch: flipped once by SIGTERM or ctrl-c; every part of the process waits on
/// its own receiver.
fn shutdown_switch() -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = tx.send(true);
    });
    rx
}

async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// The job worker and the periodic tasks; the worker's handle ends once it has finished or
/// released its job after shutdown.
fn start_jobs(
    engine: &pofuai_sync::Engine,
    stop: &watch::Receiver<bool>,
    import_every: Duration,
) -> tokio::task::JoinHandle<()> {
    let node = node_name("worker");
    let worker = tokio::spawn(
        pofuai_sync::Worker::new(engine.clone(), node.clone()).run(stopped(stop.clone())),
    );
    use pofuai_sync::Periodic;
    // The backstop for webhooks, and for a stock change whose push job was lost in a crash;
    // each runs on one node per period however many run it.
    for (task, every) in [
        (Periodic::OrderImports, import_every),
        (Periodic::QuestionImports, import_every),
        (Periodic::StaleSweep, Duration::from_secs(60)),
    ] {
        let scheduled = pofuai_sync::schedule(engine.clone(), node.clone(), task, every);
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = scheduled => {}
                () = stopped(stop) => {}
            }
        });
    }
    worker
}

/// Waits for a stopping worker, at most the grace period and a little for the release.
async fn join_worker(worker: tokio::task::JoinHandle<()>, settings: &Settings) {
    let limit = settings.shutdown_grace + Duration::from_secs(5);
    if tokio::time::timeout(limit, worker).await.is_err() {
        tracing::warn!("the job worker did not stop in time; its lease will run out");
    }
}

/// `pofuai worker`: jobs and periodic tasks, no HTTP.
async fn worker(settings: Settings) -> anyhow::Result<()> {
    tracing::info!(settings = ?settings, "starting worker");
    let store = open_store(&settings).await?;
    let fetcher = Arc::new(pofuai_web::fetch::Fetcher::new(
        pofuai_web::fetch::FetchPolicy {
            offline: settings.offline,
            ..Default::default()
        },
    ));
    let engine = pofuai_sync::Engine::new(
        store.clone(),
        Arc::new(SystemClock),
        pofuai_web::secrets::SecretBox::new(&keys::master_key(&settings)?),
        sync_config(&settings, false),
        fetcher,
    );
    let stop = shutdown_switch();
    let worker = start_jobs(&engine, &stop, Duration::from_secs(300));
    println!("PofuAi worker running");
    stopped(stop).await;
    join_worker(worker, &settings).await;
    store.close().await;
    Ok(())
}

/// `pofuai sandbox`: the simulators with their control API, until stopped.
async fn sandbox(settings: &Settings, seed: u64) -> anyhow::Result<()> {
    let control: std::net::SocketAddr = settings.bind.parse().with_context(|| {
        format!(
            "bind must be an address like 127.0.0.1:9000, not {}",
            settings.bind
        )
    })?;
    let running = pofuai_sandbox::control::start(pofuai_sandbox::control::StandaloneOptions::at(
        control, seed,
    ))
    .await
    .with_context(|| format!("starting the sandbox on {control}"))?;
    // One line a script can read: where each part listens.
    println!(
        "PofuAi sandbox: control=http://{} trendyol={} hepsiburada={}",
        running.control.addr,
        running.sims.trendyol.base_url(),
        running.sims.hepsiburada.base_url()
    );
    shutdown_signal().await;
    Ok(())
}

async fn serve(settings: Settings, demo: bool, run_worker: bool) -> anyhow::Result<()> {
    tracing::info!(settings = ?settings, run_worker, "starting");
    let store = open_store(&settings).await?;
    ensure_admin(&store, &settings).await?;
    // The demo's simulators run in-process unless the settings name external ones.
    let sandboxes = if demo && settings.sandbox_urls.is_empty() {
        Some(demo_channels::Sandboxes::start().await?)
    } else {
        None
    };
    let mut sync = sync_config(&settings, demo);
    if let Some(s) = &sandboxes {
        sync.sandbox_urls = s.urls();
    }
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
        sync,
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
        // In-process simulators start empty, so the seller is connected afresh; external
        // ones keep their listings across our restarts, and so does the seller.
        demo_channels::connect(&state, demo::SELLER_EMAIL, sandboxes.is_some()).await?;
        // Eighteen months of sales history, imported in the background on the first start
        // so the server is up at once; analytics fill in as it lands.
        let history = state.clone();
        tokio::spawn(async move {
            match demo_history::seed(&history, demo::SELLER_EMAIL, 548, 2026).await {
                Ok(0) => {}
                Ok(n) => {
                    // The warm-up fit ran before these orders landed.
                    let now = history.now_ms();
                    if let Err(e) = history.recommender.refit(&history.store, now).await {
                        tracing::warn!(error = %e, "recommendation refit failed");
                    }
                    println!("demo history: {n} orders over 18 months imported");
                }
                Err(e) => tracing::warn!(error = %e, "demo history not imported"),
            }
        });
    }
    let stop = shutdown_switch();
    let import_every = if demo {
        Duration::from_secs(15)
    } else {
        Duration::from_secs(300)
    };
    // Jobs run beside the API unless worker processes run them; a job whose worker dies
    // with the process is taken over after its lease by the next start (or another node).
    let worker = run_worker.then(|| start_jobs(&state.engine, &stop, import_every));
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
    let app = Application::bind(&settings.bind, state.clone())
        .await
        .with_context(|| format!("binding {}", settings.bind))?;
    let addr = app.local_addr()?;
    println!("PofuAi serving on http://{addr}  (API docs: http://{addr}/api/docs)");
    // After the signal the server takes no new connection and lets running requests finish,
    // for the grace period at most.
    let grace = settings.shutdown_grace;
    let deadline = {
        let stop = stop.clone();
        async move {
            stopped(stop).await;
            tokio::time::sleep(grace).await;
        }
    };
    tokio::select! {
        served = app.serve(stopped(stop.clone())) => served?,
        () = deadline => tracing::warn!("requests still running at the shutdown deadline"),
    }
    if let Some(worker) = worker {
        join_worker(worker, &settings).await;
    }
    // Activities still queued for their batch are written before the database closes.
    state.activities.flush().await;
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
