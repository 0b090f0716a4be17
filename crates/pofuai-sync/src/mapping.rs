//! Our catalogue in a channel's terms: category, brand and attributes mapped to the platform's
//! references, with its lookups cached in the database, and required attributes checked before
//! anything is sent, so a refusal names what is missing.

use std::collections::{BTreeMap, HashMap};

use pofuai_channels::{
    ListingAttribute, ListingItem, RemoteAttribute, RemoteBrand, RemoteCategory,
};
use pofuai_core::search::fold;
use pofuai_store::products::{Product, Variant};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::millis;
use crate::worker::{JobCtx, JobError};

pub(crate) struct Mapper {
    mapped: HashMap<String, Option<(String, String)>>,
    categories: Option<Lookup<Vec<RemoteCategory>>>,
    attributes: HashMap<String, Lookup<Vec<RemoteAttribute>>>,
    brands: HashMap<String, Lookup<Option<RemoteBrand>>>,
}

/// A lookup's answer, or why the platform could not give it: a failed lookup fails only the
/// products that need it, not the whole push.
type Lookup<T> = Result<T, String>;

/// Reads a lookup from the cache, or fetches and caches it.
async fn cached<T, F, Fut>(ctx: &JobCtx<'_>, key: &str, fetch: F) -> Result<Lookup<T>, JobError>
where
    T: Serialize + DeserializeOwned,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, pofuai_channels::ChannelError>>,
{
    let store = &ctx.engine.store;
    let fresh_after = ctx.now() - millis(ctx.engine.config.lookup_ttl);
    if let Some(text) = store.lookup(ctx.integration.id, key, fresh_after).await?
        && let Ok(value) = serde_json::from_str(&text)
    {
        return Ok(Ok(value));
    }
    let value = match ctx.call_retrying(key, fetch).await {
        Ok(value) => value,
        Err(e) => return Ok(Err(format!("looking up {key} failed: {e}"))),
    };
    if let Ok(text) = serde_json::to_string(&value) {
        store
            .put_lookup(ctx.integration.id, key, &text, ctx.now())
            .await?;
    }
    Ok(Ok(value))
}

impl Mapper {
    pub fn new() -> Mapper {
        Mapper {
            mapped: HashMap::new(),
            categories: None,
            attributes: HashMap::new(),
            brands: HashMap::new(),
        }
    }

    /// The channel category for ours: the seller's mapping, else the leaf with the same
    /// (Turkish-folded) name, which is then remembered as the mapping.
    async fn category(
        &mut self,
        ctx: &JobCtx<'_>,
        ours: &str,
    ) -> Result<Lookup<Option<(String, String)>>, JobError> {
        if let Some(found) = self.mapped.get(ours) {
            return Ok(Ok(found.clone()));
        }
        let found = self.find_category(ctx, ours).await?;
        if let Ok(found) = &found {
            self.mapped.insert(ours.to_string(), found.clone());
        }
        Ok(found)
    }

    async fn find_category(
        &mut self,
        ctx: &JobCtx<'_>,
        ours: &str,
    ) -> Result<Lookup<Option<(String, String)>>, JobError> {
        let store = &ctx.engine.store;
        if let Some(found) = store.category_mapping(ctx.integration.id, ours).await? {
            return Ok(Ok(Some(found)));
        }
        if self.categories.is_none() {
            let connector = ctx.connector.clone();
            let all = cached(ctx, "categories", || {
                let c = connector.clone();
                async move { c.categories().await }
            })
            .await?;
            self.categories = Some(all);
        }
        let categories = match &self.categories {
            Some(Ok(all)) => all,
            Some(Err(e)) => return Ok(Err(e.clone())),
            None => return Ok(Ok(None)),
        };
        let wanted = fold(ours);
        let hit = categories
            .iter()
            .find(|c| c.leaf && fold(&c.name) == wanted)
            .map(|c| (c.id.clone(), c.name.clone()));
        if let Some((id, name)) = &hit {
            store
                .set_category_mapping(ctx.integration.id, ours, id, name, ctx.now())
                .await?;
        }
        Ok(Ok(hit))
    }

    async fn attributes(
        &mut self,
        ctx: &JobCtx<'_>,
        category_id: &str,
    ) -> Result<Lookup<Vec<RemoteAttribute>>, JobError> {
        if let Some(found) = self.attributes.get(category_id) {
            return Ok(found.clone());
        }
        let connector = ctx.connector.clone();
        let id = category_id.to_string();
        let attrs = cached(ctx, &format!("attributes:{category_id}"), || {
            let (c, id) = (connector.clone(), id.clone());
            async move { c.category_attributes(&id).await }
        })
        .await?;
        self.attributes
            .insert(category_id.to_string(), attrs.clone());
        Ok(attrs)
    }

    async fn brand(
        &mut self,
        ctx: &JobCtx<'_>,
        name: &str,
    ) -> Result<Lookup<Option<RemoteBrand>>, JobError> {
        if let Some(found) = self.brands.get(name) {
            return Ok(found.clone());
        }
        let connector = ctx.connector.clone();
        let n = name.to_string();
        let brand = cached(ctx, &format!("brand:{}", fold(name)), || {
            let (c, n) = (connector.clone(), n.clone());
            async move { c.brand(&n).await }
        })
        .await?;
        self.brands.insert(name.to_string(), brand.clone());
        Ok(brand)
    }

    /// The listing for one variant, or the problems that keep it from the channel.
    pub async fn listing(
        &mut self,
        ctx: &JobCtx<'_>,
        p: &Product,
        v: &Variant,
    ) -> Result<Result<ListingItem, Vec<String>>, JobError> {
        let mut problems = Vec::new();
        let category = match self.category(ctx, &p.category).await? {
            Ok(category) => category,
            Err(failed) => return Ok(Err(vec![failed])),
        };
        if category.is_none() {
            problems.push(format!(
                "category '{}' has no match on {}; map it with PUT /api/integrations/{}/category-mappings",
                p.category, ctx.integration.integration_name, ctx.integration.id
            ));
        }
        let (brand, brand_failed) = match self.brand(ctx, &p.brand).await? {
            Ok(brand) => (brand, false),
            Err(failed) => {
                problems.push(failed);
                (None, true)
            }
        };
        if brand.is_none() && !brand_failed {
            problems.push(format!(
                "brand '{}' is unknown on {}",
                p.brand, ctx.integration.integration_name
            ));
        }
        let mut ours: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (k, value) in p.attributes.iter().chain(v.attributes.iter()) {
            ours.insert(fold(k), (k.clone(), value.clone()));
        }
        let mut attributes = Vec::new();
        if let Some((category_id, _)) = &category {
            let remote_attributes = match self.attributes(ctx, category_id).await? {
                Ok(all) => all,
                Err(failed) => {
                    problems.push(failed);
                    Vec::new()
                }
            };
            for remote in remote_attributes {
                let Some((_, value)) = ours.get(&fold(&remote.name)) else {
                    if remote.required {
                        problems.push(format!("missing required attribute '{}'", remote.name));
                    }
                    continue;
                };
                let known = remote.values.iter().find(|x| fold(&x.name) == fold(value));
                match known {
                    Some(x) => attributes.push(ListingAttribute {
                        attribute_id: remote.id.clone(),
                        value_id: Some(x.id.clone()),
                        value: x.name.clone(),
                    }),
                    None if remote.allow_custom || remote.values.is_empty() => {
                        attributes.push(ListingAttribute {
                            attribute_id: remote.id.clone(),
                            value_id: None,
                            value: value.clone(),
                        })
                    }
                    None => {
                        let allowed: Vec<_> = remote
                            .values
                            .iter()
                            .take(12)
                            .map(|x| x.name.as_str())
                            .collect();
                        problems.push(format!(
                            "attribute '{}' value '{}' is not one of {}",
                            remote.name,
                            value,
                            allowed.join(", ")
                        ));
                    }
                }
            }
        }
        let (Some((category_id, _)), Some(brand)) = (category, brand) else {
            return Ok(Err(problems));
        };
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let public = ctx.engine.config.public_url.trim_end_matches('/');
        if !p.images.is_empty() && !public.starts_with("https://") {
            // Channels fetch images themselves and accept only https addresses.
            return Ok(Err(vec![format!(
                "images need this panel's public https address; set public_url (POFUAI_PUBLIC_URL), now {public}"
            )]));
        }
        let images = p
            .images
            .iter()
            .map(|path| format!("{public}{path}"))
            .collect();
        let group_code = format!("P{}", p.id);
        let item = ListingItem {
            barcode: v.barcode.clone(),
            stock_code: v.stock_code.clone(),
            group_code,
            title: p.name.clone(),
            description: p.description.clone(),
            brand,
            category_id,
            attributes,
            images,
            quantity: v.available(),
            sale_price_minor: v.sale_price,
            list_price_minor: v.list_price.max(v.sale_price),
            vat_rate: u8::try_from(v.vat_rate).unwrap_or(20),
            currency: v.currency.clone(),
            dimensional_weight: 1,
            listed: None,
        };
        // What the platform would refuse is reported here, by field, and never sent.
        let problems = ctx.connector.listing_problems(&item);
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        Ok(Ok(item))
    }
}
