//! What the assistant may offer to do, checked before it is offered and carried out only
//! when its owner confirms it: open a product, set a variant's stock or price, generate a
//! template. Proposals name only the owner's own products and variants; confirmation checks
//! them again, with the user's own permissions, at the moment it runs.

use pofuai_core::Feature;
use pofuai_core::product::VariantChanges;
use pofuai_store::StoreError;
use pofuai_store::products::Scope;
use pofuai_text::Language;
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};

use super::tools::{ProductFacts, Tools};

/// How long a proposal can be confirmed.
pub const VALID_FOR_MS: i64 = 30 * 60 * 1000;
/// Most proposals in one answer.
pub const MAX_PER_ANSWER: usize = 3;
/// Bounds of what an action may set.
pub const MAX_STOCK: i64 = 1_000_000;
pub const MAX_PRICE_MINOR: i64 = 10_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OpenProduct,
    SetStock,
    SetPrice,
    GenerateTemplate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OpenProduct => "open_product",
            Kind::SetStock => "set_stock",
            Kind::SetPrice => "set_price",
            Kind::GenerateTemplate => "generate_template",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::OpenProduct,
            Kind::SetStock,
            Kind::SetPrice,
            Kind::GenerateTemplate,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// An action the assistant offers, before it is stored.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub kind: Kind,
    pub params: Value,
    pub label: String,
}

pub const TEMPLATE_TYPES: [&str; 7] = [
    "instagram_post",
    "instagram_story",
    "facebook_post",
    "twitter_post",
    "linkedin_post",
    "telegram_post",
    "whatsapp_status",
];

fn tr(lang: Language, tr: &str, en: &str) -> String {
    if lang == Language::Tr {
        tr.to_string()
    } else {
        en.to_string()
    }
}

/// Builds a proposal after checking that its product (and variant) is the owner's and its
/// values are in range; `Err` says why not, for the model or the answer.
pub async fn propose(
    tools: &Tools,
    lang: Language,
    kind: Kind,
    product_id: i64,
    variant_id: Option<i64>,
    value: Option<f64>,
    template_type: Option<&str>,
) -> Result<Result<Proposal, String>, StoreError> {
    let Some(p) = tools.product(product_id).await? else {
        return Ok(Err("no such product".into()));
    };
    let variant = |p: &ProductFacts| match variant_id {
        Some(id) => p.variants.iter().find(|v| v.variant_id == id).cloned(),
        None if p.variants.len() == 1 => p.variants.first().cloned(),
        None => None,
    };
    Ok(match kind {
        Kind::OpenProduct => Ok(Proposal {
            kind,
            params: json!({"product_id": p.product_id, "url": p.url}),
            label: format!("{}: {}", tr(lang, "Ürünü aç", "Open product"), p.name),
        }),
        Kind::GenerateTemplate => {
            let t = template_type.unwrap_or("instagram_post");
            if !TEMPLATE_TYPES.contains(&t) {
                return Ok(Err("unknown template_type".into()));
            }
            Ok(Proposal {
                kind,
                params: json!({"product_id": p.product_id, "template_type": t}),
                label: format!(
                    "{}: {} · {}",
                    tr(lang, "Şablon oluştur", "Generate template"),
                    p.name,
                    t
                ),
            })
        }
        Kind::SetStock | Kind::SetPrice => {
            let Some(v) = variant(&p) else {
                return Ok(Err("name the variant (variant_id)".into()));
            };
            let Some(value) = value.filter(|n| n.is_finite() && *n >= 0.0) else {
                return Ok(Err("a value of 0 or more is needed".into()));
            };
            if kind == Kind::SetStock {
                if value.fract() != 0.0 || value > MAX_STOCK as f64 {
                    return Ok(Err(format!(
                        "stock must be a whole number up to {MAX_STOCK}"
                    )));
                }
                let stock = value as i64;
                Ok(Proposal {
                    kind,
                    params: json!({"product_id": p.product_id, "variant_id": v.variant_id, "stock": stock}),
                    label: format!(
                        "{}: {} ({}) {} → {}",
                        tr(lang, "Stoğu ayarla", "Set stock"),
                        p.name,
                        v.stock_code,
                        v.on_hand,
                        stock
                    ),
                })
            } else {
                let minor = (value * 100.0).round();
                if minor < 1.0 || minor > MAX_PRICE_MINOR as f64 {
                    return Ok(Err("price out of range".into()));
                }
                let minor = minor as i64;
                let money = |m: i64| {
                    let currency = pofuai_text::money::Currency::from_code(&v.currency)
                        .unwrap_or(pofuai_text::money::Currency::Try);
                    pofuai_text::money::Money::new(m, currency).format(lang)
                };
                Ok(Proposal {
                    kind,
                    params: json!({"product_id": p.product_id, "variant_id": v.variant_id, "sale_price_minor": minor}),
                    label: format!(
                        "{}: {} ({}) {} → {}",
                        tr(lang, "Fiyatı ayarla", "Set price"),
                        p.name,
                        v.stock_code,
                        money(v.sale_price_minor),
                        money(minor)
                    ),
                })
            }
        }
    })
}

fn param(params: &Value, key: &str) -> ApiResult<i64> {
    params[key]
        .as_i64()
        .ok_or_else(|| ApiError::internal(std::io::Error::other(format!("action without {key}"))))
}

/// Carries out a confirmed action as the user who confirmed it, on the user's own data only.
pub async fn execute(
    state: &AppState,
    auth: &Auth,
    kind: Kind,
    params: &Value,
) -> ApiResult<Value> {
    let own = Scope::Owner(auth.user.id);
    let product_id = param(params, "product_id")?;
    // Still the user's product: it may have been deleted or never been theirs.
    let product = state.store.product(product_id, own).await?;
    let now = state.now_ms();
    match kind {
        Kind::OpenProduct => Ok(json!({"url": format!("/products/{}", product.id)})),
        Kind::SetStock | Kind::SetPrice => {
            auth.require(Feature::ProductManage)?;
            let variant_id = param(params, "variant_id")?;
            let changes = if kind == Kind::SetStock {
                VariantChanges {
                    stock: Some(param(params, "stock")?),
                    ..VariantChanges::default()
                }
            } else {
                let sale = param(params, "sale_price_minor")?;
                let list = product
                    .variants
                    .iter()
                    .find(|v| v.id == variant_id)
                    .map_or(sale, |v| v.list_price);
                VariantChanges {
                    sale_price: Some(sale),
                    // A list price below the new sale price would be refused; it rises with it.
                    list_price: (sale > list).then_some(sale),
                    ..VariantChanges::default()
                }
            };
            let v = state
                .store
                .update_variant(product_id, variant_id, own, &changes, None, now)
                .await?;
            if let Err(e) = state.engine.enqueue_stock_push(auth.user.id).await {
                tracing::warn!(error = %e, "could not queue a stock push");
            }
            Ok(json!({
                "product_id": product_id, "variant_id": v.id, "stock": v.stock_on_hand,
                "sale_price_minor": v.sale_price, "list_price_minor": v.list_price,
                "url": format!("/products/{product_id}"),
            }))
        }
        Kind::GenerateTemplate => {
            auth.require(Feature::TemplateBasic)?;
            let t = params["template_type"].as_str().unwrap_or("instagram_post");
            let id = crate::routes::generate_for_product(state, auth, t, product_id).await?;
            Ok(json!({
                "template_id": id,
                "image_url": format!("/api/ai/templates/{id}/image"),
                "url": "/templates",
            }))
        }
    }
}
