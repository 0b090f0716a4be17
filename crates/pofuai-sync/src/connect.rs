//! From a stored integration to a connector: opens the sealed credentials, picks the base URL
//! for the environment and checks it is a place we may send credentials to.

use std::collections::BTreeMap;

use pofuai_channels::{Connector, Endpoint};
use pofuai_core::FieldError;
use pofuai_store::integrations::Integration;

use crate::Engine;

/// Why an integration cannot become a connector.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// A setting of the integration is wrong; `field` names it (`config.base_url`).
    #[error(transparent)]
    Field(#[from] FieldError),
    /// The stored credentials could not be opened (wrong master key, corrupt data).
    #[error("the stored credentials could not be opened: {0}")]
    Credentials(String),
}

fn field(name: &str, message: impl Into<String>) -> ConnectError {
    ConnectError::Field(FieldError::new(name, message))
}

/// Production and stage hosts; `sandbox` comes from the settings, anything else needs an
/// explicit base URL.
fn default_base_url(engine: &Engine, i: &Integration) -> Option<String> {
    match (i.integration_name.as_str(), i.environment.as_str()) {
        (name, "sandbox") => engine.config.sandbox_urls.get(name).cloned(),
        ("trendyol", "production") => Some("https://apigw.trendyol.com".into()),
        ("trendyol", "stage") => Some("https://stageapigw.trendyol.com".into()),
        // The Hepsiburada connector maps these markers to its per-service hosts.
        ("hepsiburada", "production") => Some("https://hepsiburada.com".into()),
        ("hepsiburada", "stage") => Some("sit".into()),
        _ => None,
    }
}

/// The seller id, user name and password of a platform, from its settings and secrets.
fn credentials(platform: &str, values: &BTreeMap<String, String>) -> (String, String, String) {
    let take = |k: &str| values.get(k).cloned().unwrap_or_default();
    match platform {
        "trendyol" => (take("seller_id"), take("api_key"), take("api_secret")),
        _ => (take("merchant_id"), take("username"), take("password")),
    }
}

impl Engine {
    /// Builds the integration's connector. `None` when we have no connector for its system.
    pub async fn connector_for(&self, i: &Integration) -> Result<Option<Connector>, ConnectError> {
        if !crate::has_connector(&i.integration_name) {
            return Ok(None);
        }
        let mut values: BTreeMap<String, String> = i.config.clone();
        if let Some(sealed) = &i.secrets {
            let opened = self
                .secrets
                .open(sealed)
                .map_err(|e| ConnectError::Credentials(e.to_string()))?;
            let secret: BTreeMap<String, String> = serde_json::from_str(&opened)
                .map_err(|e| ConnectError::Credentials(e.to_string()))?;
            values.extend(secret);
        }
        let (seller_id, username, password) = credentials(&i.integration_name, &values);
        let sandboxed = i.environment == "sandbox" && i.base_url.is_none();
        let base_url = i
            .base_url
            .clone()
            .or_else(|| default_base_url(self, i))
            .ok_or_else(|| {
                field(
                    "config.base_url",
                    format!(
                        "is needed: no {} host is known for {}",
                        i.environment, i.integration_name
                    ),
                )
            })?;
        // Credentials go only to public https hosts (or the test's own exceptions); the
        // sandbox URL comes from our own settings, not from the seller.
        let pinned = if sandboxed || base_url == "sit" {
            None
        } else {
            let url = url::Url::parse(&base_url)
                .map_err(|_| field("config.base_url", "is not a valid URL"))?;
            let addr = self
                .hosts
                .checked_address(&url)
                .await
                .map_err(|e| field("config.base_url", e.to_string()))?;
            Some(addr)
        };
        let endpoint = Endpoint {
            base_url: base_url.trim_end_matches('/').to_string(),
            seller_id,
            username,
            password,
            integrator: "PofuAi".into(),
            timeout: self.config.call_timeout,
            pinned,
        };
        let connector = Connector::for_platform(&i.integration_name, endpoint)
            .map_err(|e| field("config", e.to_string()))?
            .map(|c| c.with_pacer(self.pacer.clone()));
        Ok(match (connector, values.get("cargo_company_id")) {
            (Some(Connector::Trendyol(t)), Some(cargo)) => {
                let id: i64 = cargo.trim().parse().ok().filter(|id| *id > 0).ok_or_else(|| {
                    field(
                        "config.cargo_company_id",
                        "must be Trendyol's carrier id, a positive whole number (17 = Trendyol Express)",
                    )
                })?;
                Some(Connector::Trendyol(t.with_cargo_company_id(id)))
            }
            (connector, _) => connector,
        })
    }
}
