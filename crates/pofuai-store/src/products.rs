//! Products, their variants and images, scoped to what the caller may see.

use std::collections::{BTreeMap, HashMap};

use pofuai_core::FieldError;
use pofuai_core::product::{
    LOW_STOCK, ListingFilter, NewProduct, NewVariant, ProductChanges, ProductSort, StockFilter,
    VariantChanges,
};
use pofuai_core::search::{fold, turkish_sort_text};
use serde::Serialize;

use crate::paging::PageRequest;
use crate::{Page, Store, StoreError, on_pool, on_writer, to_json};

/// Whose products an operation may touch: all (admins; viewers of the catalogue) or one owner's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    All,
    Owner(i64),
}

impl Scope {
    pub(crate) fn owner(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Owner(id) => Some(id),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub description: String,
    pub category: String,
    pub brand: String,
    pub attributes: BTreeMap<String, String>,
    pub images: Vec<String>,
    pub variants: Vec<Variant>,
    /// Grows by one with every change of the product's own fields (not its variants').
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub id: i64,
    pub product_id: i64,
    pub barcode: String,
    pub stock_code: String,
    pub attributes: BTreeMap<String, String>,
    pub stock_on_hand: i64,
    /// Held by imported orders that have not shipped or been cancelled.
    pub stock_reserved: i64,
    pub list_price: i64,
    pub sale_price: i64,
    pub currency: String,
    pub vat_rate: i64,
    /// Grows by one with every change of the variant, stock moved by orders included.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Variant {
    /// What can still be sold: on hand minus reserved, never below zero. This is what every
    /// channel is told.
    pub fn available(&self) -> i64 {
        (self.stock_on_hand - self.stock_reserved).max(0)
    }
}

/// JSON kept in a TEXT column: both backends decode it as a string, we parse it here.
fn parse_attributes(text: &str) -> Result<BTreeMap<String, String>, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("attributes: {e}")))
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    product_id: i64,
    barcode: String,
    stock_code: String,
    attributes: String,
    stock_on_hand: i64,
    stock_reserved: i64,
    list_price: i64,
    sale_price: i64,
    currency: String,
    vat_rate: i64,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<VariantRow> for Variant {
    type Error = StoreError;
    fn try_from(r: VariantRow) -> Result<Variant, StoreError> {
        Ok(Variant {
            attributes: parse_attributes(&r.attributes)?,
            id: r.id,
            product_id: r.product_id,
            barcode: r.barcode,
            stock_code: r.stock_code,
            stock_on_hand: r.stock_on_hand,
            stock_reserved: r.stock_reserved,
            list_price: r.list_price,
            sale_price: r.sale_price,
            currency: r.currency,
            vat_rate: r.vat_rate,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    owner_id: i64,
    name: String,
    description: String,
    category: String,
    brand: String,
    attributes: String,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

/// A product row with its variants and image paths as JSON arrays, aggregated by the query
/// itself (see [`nested_columns`]): a page of products costs one query.
#[derive(sqlx::FromRow)]
struct NestedProductRow {
    #[sqlx(flatten)]
    product: ProductRow,
    variants_json: String,
    images_json: String,
}

/// A variant as [`nested_columns`] aggregates it: [`VARIANT_COLUMNS`] in order.
type VariantTuple = (
    i64,
    i64,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
    i64,
    i64,
    i64,
);

/// The select-list items that aggregate a product's (`p`) variants, by id, and image paths,
/// by position, into JSON arrays, in the backend's dialect.
fn nested_columns(dialect: crate::Dialect) -> String {
    let v = VARIANT_COLUMNS
        .split(", ")
        .map(|c| format!("v.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    match dialect {
        crate::Dialect::Sqlite => format!(
            "(SELECT json_group_array(json_array({v}) ORDER BY v.id) \
               FROM product_variants v WHERE v.product_id = p.id) AS variants_json, \
             (SELECT json_group_array(i.upload_path ORDER BY i.position) \
               FROM product_images i WHERE i.product_id = p.id) AS images_json"
        ),
        crate::Dialect::Postgres => format!(
            "COALESCE((SELECT json_agg(json_build_array({v}) ORDER BY v.id)::text \
               FROM product_variants v WHERE v.product_id = p.id), '[]') AS variants_json, \
             COALESCE((SELECT json_agg(i.upload_path ORDER BY i.position)::text \
               FROM product_images i WHERE i.product_id = p.id), '[]') AS images_json"
        ),
    }
}

impl TryFrom<NestedProductRow> for Product {
    type Error = StoreError;
    fn try_from(r: NestedProductRow) -> Result<Product, StoreError> {
        let corrupt =
            |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("{what}: {e}"));
        let variants: Vec<VariantTuple> =
            serde_json::from_str(&r.variants_json).map_err(|e| corrupt("variants", e))?;
        let images: Vec<String> =
            serde_json::from_str(&r.images_json).map_err(|e| corrupt("images", e))?;
        let variants = variants
            .into_iter()
            .map(|t| {
                Variant::try_from(VariantRow {
                    id: t.0,
                    product_id: t.1,
                    barcode: t.2,
                    stock_code: t.3,
                    attributes: t.4,
                    stock_on_hand: t.5,
                    stock_reserved: t.6,
                    list_price: t.7,
                    sale_price: t.8,
                    currency: t.9,
                    vat_rate: t.10,
                    version: t.11,
                    created_at: t.12,
                    updated_at: t.13,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let p = r.product;
        Ok(Product {
            attributes: parse_attributes(&p.attributes)?,
            id: p.id,
            owner_id: p.owner_id,
            name: p.name,
            description: p.description,
            category: p.category,
            brand: p.brand,
            images,
            variants,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ImageRow {
    product_id: i64,
    upload_path: String,
}

#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Matched, folded, against name, brand, category, barcodes and stock codes.
    pub text: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub stock: Option<StockFilter>,
    /// The listing on one integration (its id), for sellers who fix one channel at a time.
    pub listing: Option<(i64, ListingFilter)>,
}

/// How a product list is ordered: by which column, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProductOrder {
    pub sort: ProductSort,
    pub descending: bool,
}

impl ProductOrder {
    /// Newest first, by id: the order of [`Store::list_products`].
    pub const NEWEST: ProductOrder = ProductOrder {
        sort: ProductSort::Newest,
        descending: true,
    };
}

/// Where a page of an ordered product list starts: after the row with this sort value and
/// id. The value is part of the cursor because the id alone says nothing of where a row stands
/// in another column's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCursor {
    num: i64,
    text: String,
    id: i64,
}

impl ProductCursor {
    /// The cursor as the API hands it out: the id alone for the default order (as every
    /// other list pages), else the order, the value and the id, hex-encoded.
    pub fn encode(&self, order: ProductOrder) -> String {
        if order == ProductOrder::NEWEST {
            return self.id.to_string();
        }
        let dir = if order.descending { "d" } else { "a" };
        hex::encode(format!(
            "{}.{dir}.{}.{}.{}",
            order.sort.as_str(),
            self.num,
            self.id,
            self.text
        ))
    }

    /// A cursor [`ProductCursor::encode`] made for `order`; `None` for anything else,
    /// including a cursor of another order.
    pub fn decode(cursor: &str, order: ProductOrder) -> Option<ProductCursor> {
        if order == ProductOrder::NEWEST {
            let id = cursor.parse::<i64>().ok().filter(|id| *id > 0)?;
            return Some(ProductCursor {
                num: 0,
                text: String::new(),
                id,
            });
        }
        let raw = String::from_utf8(hex::decode(cursor).ok()?).ok()?;
        let mut parts = raw.splitn(5, '.');
        let sort = ProductSort::parse(parts.next()?)?;
        let descending = match parts.next()? {
            "d" => true,
            "a" => false,
            _ => return None,
        };
        if (ProductOrder { sort, descending }) != order {
            return None;
        }
        let num = parts.next()?.parse().ok()?;
        let id = parts.next()?.parse().ok()?;
        let text = parts.next()?.to_string();
        Some(ProductCursor { num, text, id })
    }
}

/// A product row with the value it is ordered by (see [`Store::list_products_ordered`]).
#[derive(sqlx::FromRow)]
struct OrderedProductRow {
    #[sqlx(flatten)]
    nested: NestedProductRow,
    sort_num: i64,
    sort_text: String,
}

const PRODUCT_COLUMNS: &str = "id, owner_id, name, description, category, brand, attributes, version, \
     created_at, updated_at";
const VARIANT_COLUMNS: &str = "id, product_id, barcode, stock_code, attributes, stock_on_hand, stock_reserved, \
     list_price, sale_price, currency, vat_rate, version, created_at, updated_at";
const VARIANT_UNIQUE: &[(&str, &str)] = &[("barcode", "barcode"), ("stock_code", "stock_code")];

fn search_text(p: &ProductRow, variants: &[(String, String)]) -> String {
    let mut s = format!("{} {} {}", p.name, p.brand, p.category);
    for (barcode, stock_code) in variants {
        s.push(' ');
        s.push_str(barcode);
        s.push(' ');
        s.push_str(stock_code);
    }
    fold(&s)
}

/// Rewrites a variant-level conflict so it names the variant in the request.
fn variant_conflict(err: StoreError, index: Option<usize>) -> StoreError {
    match (err, index) {
        (StoreError::Conflict { field }, Some(i)) => StoreError::Invalid(FieldError::new(
            format!("variants[{i}].{field}"),
            "already used by another of your variants",
        )),
        (StoreError::Conflict { field }, None) => StoreError::Invalid(FieldError::new(
            field,
            "already used by another of your variants",
        )),
        (e, _) => e,
    }
}

impl Store {
    pub async fn create_product(
        &self,
        owner_id: i64,
        new: &NewProduct,
        now: i64,
    ) -> Result<Product, StoreError> {
        let id: i64 = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = create_product_in(&mut tx, owner_id, new, now).await?;
            tx.commit().await?;
            id
        });
        self.product(id, Scope::All).await
    }

    /// One product with its variants and images, in one query.
    pub async fn product(&self, id: i64, scope: Scope) -> Result<Product, StoreError> {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS}, {} FROM products p WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)",
            nested_columns(self.dialect())
        );
        let row: Option<NestedProductRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Products newest first, paged by id.
    pub async fn list_products(
        &self,
        scope: Scope,
        filter: &ProductFilter,
        page: PageRequest,
    ) -> Result<Page<Product>, StoreError> {
        let after = page.before_id.map(|id| ProductCursor {
            num: 0,
            text: String::new(),
            id,
        });
        self.list_products_ordered(
            scope,
            filter,
            ProductOrder::NEWEST,
            after.as_ref(),
            page.limit,
        )
        .await
    }

    /// Products in `order`, from after `after`, at most `limit`. Each order pages by its
    /// value and then the id, so rows with equal values are neither skipped nor repeated.
    pub async fn list_products_ordered(
        &self,
        scope: Scope,
        filter: &ProductFilter,
        order: ProductOrder,
        after: Option<&ProductCursor>,
        limit: i64,
    ) -> Result<Page<Product>, StoreError> {
        // The sort value as a number or as text (the other one constant), then the id.
        let (num, text) = match order.sort {
            ProductSort::Newest => (None, None),
            ProductSort::Name => (None, Some("p.name_sort")),
            ProductSort::Price => (
                Some(
                    "CAST(COALESCE((SELECT MIN(v.sale_price) FROM product_variants v WHERE v.product_id = p.id), 0) AS BIGINT)",
                ),
                None,
            ),
            ProductSort::Stock => (
                Some(
                    "CAST(COALESCE((SELECT SUM(v.stock_on_hand - v.stock_reserved) FROM product_variants v WHERE v.product_id = p.id), 0) AS BIGINT)",
                ),
                None,
            ),
            ProductSort::Updated => (Some("p.updated_at"), None),
        };
        let (dir, cmp) = if order.descending {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        let key: Vec<&str> = [num, text, Some("p.id")].into_iter().flatten().collect();
        let keyset = if after.is_some() {
            let params: Vec<String> = (0..key.len()).map(|i| format!("${}", 10 + i)).collect();
            format!("AND ({}) {cmp} ({})", key.join(", "), params.join(", "))
        } else {
            String::new()
        };
        let order_by = key
            .iter()
            .map(|k| format!("{k} {dir}"))
            .collect::<Vec<_>>()
            .join(", ");
        let num = num.unwrap_or("CAST(0 AS BIGINT)");
        let text = text.unwrap_or("CAST('' AS TEXT)");
        let mapped = |status: &str| {
            format!(
                "EXISTS (SELECT 1 FROM product_mappings m WHERE m.product_id = p.id \
                 AND m.integration_id = $8 AND m.status IN ({status}))"
            )
        };
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS}, {num} AS sort_num, {text} AS sort_text, {} FROM products p \
             WHERE ($1 IS NULL OR p.owner_id = $1) \
               AND ($2 IS NULL OR p.search_text LIKE $2 ESCAPE '\\') \
               AND ($3 IS NULL OR p.category = $3) \
               AND ($4 IS NULL OR p.brand = $4) \
               AND ($5 IS NULL \
                    OR ($5 = 'in_stock' AND EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.stock_on_hand > 0)) \
                    OR ($5 = 'out_of_stock' AND NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.stock_on_hand > 0)) \
                    OR ($5 = 'low' AND (SELECT CAST(COALESCE(SUM(v.stock_on_hand), 0) AS BIGINT) FROM product_variants v WHERE v.product_id = p.id) BETWEEN 1 AND $6)) \
               AND ($9 IS NULL \
                    OR ($9 = 'listed' AND {listed}) \
                    OR ($9 = 'pending' AND {pending}) \
                    OR ($9 = 'failed' AND {failed}) \
                    OR ($9 = 'not_listed' AND NOT EXISTS (SELECT 1 FROM product_mappings m WHERE m.product_id = p.id AND m.integration_id = $8))) \
               {keyset} \
             ORDER BY {order_by} LIMIT $7",
            nested_columns(self.dialect()),
            listed = mapped("'synced', 'channel_managed'"),
            pending = mapped("'pending'"),
            failed = mapped("'failed'"),
        );
        let pattern = filter
            .text
            .as_deref()
            .map(|t| crate::like_pattern(&fold(t.trim())));
        let (integration, listing) = match filter.listing {
            Some((id, l)) => (Some(id), Some(l.as_str())),
            None => (None, None),
        };
        let rows: Vec<OrderedProductRow> = on_pool!(self, |pool| {
            let mut q = sqlx::query_as::<_, OrderedProductRow>(&sql)
                .bind(scope.owner())
                .bind(pattern.as_deref())
                .bind(filter.category.as_deref())
                .bind(filter.brand.as_deref())
                .bind(filter.stock.map(StockFilter::as_str))
                .bind(LOW_STOCK)
                .bind(limit + 1)
                .bind(integration)
                .bind(listing);
            if let Some(c) = after {
                match order.sort {
                    ProductSort::Newest => {}
                    ProductSort::Name => q = q.bind(c.text.as_str()),
                    _ => q = q.bind(c.num),
                }
                q = q.bind(c.id);
            }
            q.fetch_all(pool).await?
        });
        // Variants and images come in the same rows: a page costs one query, whatever its size.
        let page_rows = Page::from_rows(rows, limit, |r| r.nested.product.id);
        let next_cursor = match (&page_rows.next_cursor, page_rows.items.last()) {
            (Some(_), Some(last)) => Some(
                ProductCursor {
                    num: last.sort_num,
                    text: last.sort_text.clone(),
                    id: last.nested.product.id,
                }
                .encode(order),
            ),
            _ => None,
        };
        let items = page_rows
            .items
            .into_iter()
            .map(|r| Product::try_from(r.nested))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// Fills the name sort key of rows written before it existed (migration 0096), a
    /// batch per transaction; a no-op once every row has one.
    pub(crate) async fn backfill_name_sort(&self) -> Result<(), StoreError> {
        loop {
            let rows: Vec<(i64, String)> = on_pool!(self, |pool| {
                sqlx::query_as(
                    "SELECT id, name FROM products WHERE name_sort = '' AND name <> '' LIMIT 500",
                )
                .fetch_all(pool)
                .await?
            });
            if rows.is_empty() {
                return Ok(());
            }
            on_writer!(self, |pool| {
                let mut tx = pool.begin_write().await?;
                for (id, name) in &rows {
                    sqlx::query("UPDATE products SET name_sort = $2 WHERE id = $1")
                        .bind(*id)
                        .bind(turkish_sort_text(name))
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
            });
        }
    }

    /// Attaches variants and images to product rows, with one query for each.
    async fn assemble(&self, rows: Vec<ProductRow>) -> Result<Vec<Product>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let placeholders = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let variant_sql = format!(
            "SELECT {VARIANT_COLUMNS} FROM product_variants WHERE product_id IN ({placeholders}) ORDER BY id"
        );
        let image_sql = format!(
            "SELECT product_id, upload_path FROM product_images WHERE product_id IN ({placeholders}) ORDER BY product_id, position"
        );
        let (variants, images): (Vec<VariantRow>, Vec<ImageRow>) = on_pool!(self, |pool| {
            let mut vq = sqlx::query_as(&variant_sql);
            let mut iq = sqlx::query_as(&image_sql);
            for id in &ids {
                vq = vq.bind(*id);
                iq = iq.bind(*id);
            }
            (vq.fetch_all(pool).await?, iq.fetch_all(pool).await?)
        });
        let mut by_product: HashMap<i64, (Vec<Variant>, Vec<String>)> = HashMap::new();
        for v in variants {
            let v = Variant::try_from(v)?;
            by_product.entry(v.product_id).or_default().0.push(v);
        }
        for i in images {
            by_product
                .entry(i.product_id)
                .or_default()
                .1
                .push(i.upload_path);
        }
        rows.into_iter()
            .map(|r| {
                let (variants, images) = by_product.remove(&r.id).unwrap_or_default();
                Ok(Product {
                    id: r.id,
                    owner_id: r.owner_id,
                    name: r.name,
                    description: r.description,
                    category: r.category,
                    brand: r.brand,
                    attributes: parse_attributes(&r.attributes)?,
                    images,
                    variants,
                    version: r.version,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                })
            })
            .collect()
    }

    /// Writes only the fields `changes` names, in one statement that also takes the row's
    /// lock, so concurrent changes of other fields all survive; the search column is then
    /// recomputed under that lock. With `if_version`, a product at another version is left
    /// alone and the answer is [`StoreError::Stale`].
    pub async fn update_product(
        &self,
        id: i64,
        scope: Scope,
        changes: &ProductChanges,
        if_version: Option<i64>,
        now: i64,
    ) -> Result<Product, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            update_product_in(&mut tx, id, scope, changes, if_version, now).await?;
            tx.commit().await?;
        });
        self.product(id, Scope::All).await
    }

    pub async fn delete_product(&self, id: i64, scope: Scope) -> Result<(), StoreError> {
        let n = on_writer!(self, |pool| {
            sqlx::query("DELETE FROM products WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)")
                .bind(id)
                .bind(scope.owner())
                .execute(pool)
                .await?
                .rows_affected()
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn add_variant(
        &self,
        product_id: i64,
        scope: Scope,
        new: &NewVariant,
        now: i64,
    ) -> Result<Variant, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let v = add_variant_in(&mut tx, product_id, scope, new, now).await?;
            tx.commit().await?;
            Variant::try_from(v)
        })
    }

    /// Writes only the fields `changes` names, in one statement: stock as an absolute count
    /// or as a delta added to whatever is on hand when the statement runs (so an order's
    /// deduction landing meanwhile is kept), and the price rule checked against the values
    /// the row has at that moment. With `if_version`, a variant at another version is left
    /// alone and the answer is [`StoreError::Stale`].
    pub async fn update_variant(
        &self,
        product_id: i64,
        variant_id: i64,
        scope: Scope,
        changes: &VariantChanges,
        if_version: Option<i64>,
        now: i64,
    ) -> Result<Variant, StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let row = update_variant_in(
                &mut tx, product_id, variant_id, scope, changes, if_version, now,
            )
            .await?;
            tx.commit().await?;
            Variant::try_from(row)
        })
    }

    /// Deletes a variant; the last variant of a product cannot go (delete the product instead).
    pub async fn delete_variant(
        &self,
        product_id: i64,
        variant_id: i64,
        scope: Scope,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM product_variants WHERE id = $1 AND product_id = $2 AND ($3 IS NULL OR owner_id = $3)",
            )
            .bind(variant_id)
            .bind(product_id)
            .bind(scope.owner())
            .fetch_optional(&mut *tx)
            .await?;
            found.ok_or(StoreError::NotFound)?;
            let count: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE product_id = $1")
                    .bind(product_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if count <= 1 {
                return Err(StoreError::Invalid(FieldError::new(
                    "variant_id",
                    "a product keeps at least one variant; delete the product instead",
                )));
            }
            sqlx::query("DELETE FROM product_variants WHERE id = $1")
                .bind(variant_id)
                .execute(&mut *tx)
                .await?;
            refresh_search(&mut tx, product_id, now).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records what a user did (view, search, create, edit, delete); recommendations learn from it.
    pub async fn variant(&self, id: i64, scope: Scope) -> Result<Variant, StoreError> {
        let sql = format!(
            "SELECT {VARIANT_COLUMNS} FROM product_variants WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
        );
        let row: Option<VariantRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(id)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    pub async fn variant_by_barcode(
        &self,
        barcode: &str,
        scope: Scope,
    ) -> Result<Variant, StoreError> {
        let sql = format!(
            "SELECT {VARIANT_COLUMNS} FROM product_variants WHERE barcode = $1 AND ($2 IS NULL OR owner_id = $2) ORDER BY id LIMIT 1"
        );
        let row: Option<VariantRow> = on_pool!(self, |pool| {
            sqlx::query_as(&sql)
                .bind(barcode)
                .bind(scope.owner())
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    /// Sets stock on hand of several variants in one transaction; returns how many changed.
    pub async fn set_stock_on_hand(
        &self,
        rows: &[(i64, i64)],
        now: i64,
    ) -> Result<usize, StoreError> {
        let changed = on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut changed = 0;
            for (id, quantity) in rows {
                changed += sqlx::query(
                    "UPDATE product_variants SET stock_on_hand = $2, version = version + 1, updated_at = $3 \
                     WHERE id = $1 AND stock_on_hand <> $2",
                )
                .bind(id)
                .bind(quantity)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
            changed
        });
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub async fn record_activity(
        &self,
        user_id: i64,
        kind: &str,
        product_id: Option<i64>,
        query: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        on_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO user_activities (user_id, kind, product_id, query, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(user_id)
            .bind(kind)
            .bind(product_id)
            .bind(query)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records many activities in one transaction, in the given order (a few multi-row
    /// inserts): the activity recorder's batches.
    pub async fn record_activities(&self, rows: &[NewActivity]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        const CHUNK: usize = 100;
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            for chunk in rows.chunks(CHUNK) {
                let values = (0..chunk.len())
                    .map(|i| {
                        let b = i * 5;
                        format!(
                            "(${}, ${}, ${}, ${}, ${})",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "INSERT INTO user_activities (user_id, kind, product_id, query, created_at) VALUES {values}"
                );
                let mut q = sqlx::query(&sql);
                for a in chunk {
                    q = q
                        .bind(a.user_id)
                        .bind(a.kind.as_str())
                        .bind(a.product_id)
                        .bind(a.query.as_deref())
                        .bind(a.created_at);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The user's most recent activities, newest first.
    pub async fn activities(&self, user_id: i64, limit: i64) -> Result<Vec<Activity>, StoreError> {
        let rows: Vec<Activity> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, kind, product_id, query, created_at FROM user_activities \
                 WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }
}

/// An activity to record.
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub user_id: i64,
    pub kind: String,
    pub product_id: Option<i64>,
    pub query: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Activity {
    pub id: i64,
    pub kind: String,
    pub product_id: Option<i64>,
    pub query: Option<String>,
    pub created_at: i64,
}

/// Inserts one variant; returns its id.
async fn insert_variant_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    owner_id: i64,
    v: &NewVariant,
    now: i64,
) -> Result<i64, sqlx::Error>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
{
    sqlx::query_scalar(
        "INSERT INTO product_variants (product_id, owner_id, barcode, stock_code, attributes, stock_on_hand, \
         list_price, sale_price, currency, vat_rate, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(product_id)
    .bind(owner_id)
    .bind(v.barcode.as_str())
    .bind(v.stock_code.as_str())
    .bind(to_json(&v.attributes))
    .bind(v.stock)
    .bind(v.prices.list_price)
    .bind(v.prices.sale_price)
    .bind(v.prices.currency.as_str())
    .bind(v.vat_rate)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Sets a product's images, in order, replacing any it had.
pub(crate) async fn replace_images<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    images: &[String],
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    sqlx::query("DELETE FROM product_images WHERE product_id = $1")
        .bind(product_id)
        .execute(&mut **tx)
        .await?;
    for (pos, path) in images.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_images (product_id, position, upload_path) VALUES ($1, $2, $3)",
        )
        .bind(product_id)
        .bind(pos as i64)
        .bind(path.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Why an update of a variant matched no row: it is not there (for this caller), the caller's
/// version is stale, or the change breaks a rule that needs the row's current values.
fn unchanged_variant(
    current: Option<VariantRow>,
    changes: &VariantChanges,
    if_version: Option<i64>,
) -> StoreError {
    let Some(v) = current else {
        return StoreError::NotFound;
    };
    if if_version.is_some_and(|want| want != v.version) {
        return StoreError::Stale;
    }
    let list = changes.list_price.unwrap_or(v.list_price);
    let sale = changes.sale_price.unwrap_or(v.sale_price);
    if sale > list {
        let (field, code) = if changes.sale_price.is_some() {
            ("sale_price", "above_list_price")
        } else {
            ("list_price", "below_sale_price")
        };
        return StoreError::Invalid(FieldError::coded(
            field,
            code,
            format!("sale_price ({sale}) must not be above list_price ({list})"),
        ));
    }
    let max = pofuai_core::product::MAX_STOCK;
    let (field, stock) = match changes.stock {
        Some(n) => ("stock", n),
        None => (
            "stock_delta",
            v.stock_on_hand + changes.stock_delta.unwrap_or(0),
        ),
    };
    if !(0..=max).contains(&stock) {
        return StoreError::Invalid(FieldError::new(
            field,
            format!(
                "would make stock {stock}; it must stay between 0 and {max} ({} on hand)",
                v.stock_on_hand
            ),
        ));
    }
    // Changed between the update and this look: the caller may simply try again.
    StoreError::Busy
}

/// Recomputes a product's search column after its variants' codes changed. The product row
/// is locked first (by an update), so this and a concurrent change of the product's name
/// cannot each write a search text missing the other's change.
async fn refresh_search<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> ProductRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let lock =
        format!("UPDATE products SET updated_at = $2 WHERE id = $1 RETURNING {PRODUCT_COLUMNS}");
    let row: ProductRow = sqlx::query_as(&lock)
        .bind(product_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
    write_search(tx, &row).await
}

/// Writes the search column of `row`, whose lock the transaction holds, from its fields and
/// its variants' codes as they are now.
async fn write_search<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    row: &ProductRow,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
{
    let codes: Vec<(String, String)> = sqlx::query_as(
        "SELECT barcode, stock_code FROM product_variants WHERE product_id = $1 ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query("UPDATE products SET search_text = $2, name_sort = $3 WHERE id = $1")
        .bind(row.id)
        .bind(search_text(row, &codes))
        .bind(turkish_sort_text(&row.name))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// The owner's other products in `category` with their brand, attributes and lowest sale
    /// price: what a price suggestion compares with (at most 1,000).
    pub async fn category_price_points(
        &self,
        owner_id: i64,
        category: &str,
        except_product: i64,
    ) -> Result<Vec<pofuai_core::suggest::PricePoint>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT p.brand, p.attributes, MIN(v.sale_price) FROM products p \
                 JOIN product_variants v ON v.product_id = p.id \
                 WHERE p.owner_id = $1 AND p.category = $2 AND p.id <> $3 \
                 GROUP BY p.id, p.brand, p.attributes ORDER BY p.id LIMIT 1000",
            )
            .bind(owner_id)
            .bind(category)
            .bind(except_product)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|(brand, attributes, sale_price)| {
                Ok(pofuai_core::suggest::PricePoint {
                    brand,
                    attributes: parse_attributes(&attributes)?,
                    sale_price,
                })
            })
            .collect()
    }
}

// ---- the operations, inside a caller's transaction ----
//
// Each public method above is one of these in a transaction of its own; the catalogue import
// (`import.rs`) runs many of them in one transaction, so both apply the same statements and
// the same rules.

/// Inserts a product with its variants and images; returns its id.
async fn create_product_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    owner_id: i64,
    new: &NewProduct,
    now: i64,
) -> Result<i64, StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
{
    let codes: Vec<(String, String)> = new
        .variants
        .iter()
        .map(|v| (v.barcode.clone(), v.stock_code.clone()))
        .collect();
    let search = fold(&format!(
        "{} {} {} {}",
        new.name,
        new.brand,
        new.category,
        codes
            .iter()
            .map(|(b, s)| format!("{b} {s}"))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (owner_id, name, description, category, brand, attributes, search_text, name_sort, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8, $8) RETURNING id",
    )
    .bind(owner_id)
    .bind(new.name.as_str())
    .bind(new.description.as_str())
    .bind(new.category.as_str())
    .bind(new.brand.as_str())
    .bind(to_json(&new.attributes))
    .bind(search)
    .bind(now)
    .bind(turkish_sort_text(&new.name))
    .fetch_one(&mut **tx)
    .await?;
    for (i, v) in new.variants.iter().enumerate() {
        insert_variant_in(tx, id, owner_id, v, now)
            .await
            .map_err(|e| variant_conflict(StoreError::on_unique(e, VARIANT_UNIQUE), Some(i)))?;
    }
    replace_images(tx, id, &new.images).await?;
    Ok(id)
}

/// Writes the named fields of a product (see [`Store::update_product`]).
async fn update_product_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    id: i64,
    scope: Scope,
    changes: &ProductChanges,
    if_version: Option<i64>,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
    for<'r> ProductRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
{
    let update = format!(
        "UPDATE products SET name = COALESCE($3, name), description = COALESCE($4, description), \
         category = COALESCE($5, category), brand = COALESCE($6, brand), \
         attributes = COALESCE($7, attributes), seo = COALESCE($10, seo), \
         version = version + 1, updated_at = $8 \
         WHERE id = $1 AND ($2 IS NULL OR owner_id = $2) AND ($9 IS NULL OR version = $9) \
         RETURNING {PRODUCT_COLUMNS}"
    );
    // Stored as the one SEO shape `product_seo` reads and AI edits write.
    let seo = changes.seo.as_ref().map(|s| {
        to_json(&crate::edits::ProductSeo {
            meta_title: s.meta_title.clone(),
            meta_description: s.meta_description.clone(),
            keywords: s.keywords.clone(),
        })
    });
    let row: Option<ProductRow> = sqlx::query_as(&update)
        .bind(id)
        .bind(scope.owner())
        .bind(changes.name.as_deref())
        .bind(changes.description.as_deref())
        .bind(changes.category.as_deref())
        .bind(changes.brand.as_deref())
        .bind(changes.attributes.as_ref().map(to_json))
        .bind(now)
        .bind(if_version)
        .bind(seo)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        let current: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM products WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)",
        )
        .bind(id)
        .bind(scope.owner())
        .fetch_optional(&mut **tx)
        .await?;
        return Err(match current {
            Some(_) => StoreError::Stale,
            None => StoreError::NotFound,
        });
    };
    write_search(tx, &row).await?;
    if let Some(images) = &changes.images {
        replace_images(tx, id, images).await?;
    }
    Ok(())
}

/// Adds a variant to a product the scope may change (see [`Store::add_variant`]).
async fn add_variant_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    scope: Scope,
    new: &NewVariant,
    now: i64,
) -> Result<VariantRow, StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
    for<'r> ProductRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> VariantRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
{
    let select = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1 AND ($2 IS NULL OR owner_id = $2)"
    );
    let variant_sql = format!("SELECT {VARIANT_COLUMNS} FROM product_variants WHERE id = $1");
    let product: ProductRow = sqlx::query_as(&select)
        .bind(product_id)
        .bind(scope.owner())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM product_variants WHERE product_id = $1")
            .bind(product_id)
            .fetch_one(&mut **tx)
            .await?;
    if count >= pofuai_core::product::MAX_VARIANTS as i64 {
        return Err(StoreError::Invalid(FieldError::new(
            "variants",
            format!(
                "a product has at most {} variants",
                pofuai_core::product::MAX_VARIANTS
            ),
        )));
    }
    let id = insert_variant_in(tx, product_id, product.owner_id, new, now)
        .await
        .map_err(|e| variant_conflict(StoreError::on_unique(e, VARIANT_UNIQUE), None))?;
    refresh_search(tx, product_id, now).await?;
    let v: VariantRow = sqlx::query_as(&variant_sql)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(v)
}

/// Writes the named fields of a variant (see [`Store::update_variant`]).
async fn update_variant_in<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    product_id: i64,
    variant_id: i64,
    scope: Scope,
    changes: &VariantChanges,
    if_version: Option<i64>,
    now: i64,
) -> Result<VariantRow, StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> ProductRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> VariantRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
{
    let update = format!(
        "UPDATE product_variants SET barcode = COALESCE($4, barcode), \
         stock_code = COALESCE($5, stock_code), attributes = COALESCE($6, attributes), \
         stock_on_hand = COALESCE($7, stock_on_hand + $8), \
         list_price = COALESCE($9, list_price), sale_price = COALESCE($10, sale_price), \
         currency = COALESCE($11, currency), vat_rate = COALESCE($12, vat_rate), \
         version = version + 1, updated_at = $13 \
         WHERE id = $1 AND product_id = $2 AND ($3 IS NULL OR owner_id = $3) \
           AND ($14 IS NULL OR version = $14) \
           AND COALESCE($10, sale_price) <= COALESCE($9, list_price) \
           AND COALESCE($7, stock_on_hand + $8) BETWEEN 0 AND $15 \
         RETURNING {VARIANT_COLUMNS}"
    );
    let select = format!(
        "SELECT {VARIANT_COLUMNS} FROM product_variants \
         WHERE id = $1 AND product_id = $2 AND ($3 IS NULL OR owner_id = $3)"
    );
    let codes_change = changes.barcode.is_some() || changes.stock_code.is_some();
    let row: Option<VariantRow> = sqlx::query_as(&update)
        .bind(variant_id)
        .bind(product_id)
        .bind(scope.owner())
        .bind(changes.barcode.as_deref())
        .bind(changes.stock_code.as_deref())
        .bind(changes.attributes.as_ref().map(to_json))
        .bind(changes.stock)
        .bind(changes.stock_delta.unwrap_or(0))
        .bind(changes.list_price)
        .bind(changes.sale_price)
        .bind(changes.currency.map(|c| c.as_str()))
        .bind(changes.vat_rate)
        .bind(now)
        .bind(if_version)
        .bind(pofuai_core::product::MAX_STOCK)
        .fetch_optional(&mut **tx)
        .await
        .map_err(|e| variant_conflict(StoreError::on_unique(e, VARIANT_UNIQUE), None))?;
    let Some(row) = row else {
        let current: Option<VariantRow> = sqlx::query_as(&select)
            .bind(variant_id)
            .bind(product_id)
            .bind(scope.owner())
            .fetch_optional(&mut **tx)
            .await?;
        return Err(unchanged_variant(current, changes, if_version));
    };
    if codes_change {
        refresh_search(tx, product_id, now).await?;
    }
    Ok(row)
}

// ---- catalogue import ----

/// One change of a catalogue import, already validated by the same rules as the single
/// operations' requests.
#[derive(Debug, Clone)]
pub enum ImportOp {
    Create(NewProduct),
    UpdateProduct {
        product_id: i64,
        changes: ProductChanges,
    },
    UpdateVariant {
        product_id: i64,
        variant_id: i64,
        changes: VariantChanges,
    },
    AddVariant {
        product_id: i64,
        variant: NewVariant,
    },
}

/// What an import did: the operations refused (by index, with why), and whether anything
/// was kept.
#[derive(Debug)]
pub struct ImportApplied {
    pub failures: Vec<(usize, StoreError)>,
    pub committed: bool,
}

/// A variant's identity within its owner's catalogue: what an import matches rows on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VariantCodes {
    pub id: i64,
    pub product_id: i64,
    pub barcode: String,
    pub stock_code: String,
}

impl Store {
    /// Applies an import's operations, all in one transaction and each under a savepoint, so
    /// that a refused operation leaves the others standing and every refusal is reported.
    /// Commits only when not `dry_run` and either nothing was refused or `keep_valid` is
    /// set; otherwise nothing is written. The operations only reach the owner's products.
    pub async fn import_products(
        &self,
        owner_id: i64,
        ops: &[ImportOp],
        keep_valid: bool,
        dry_run: bool,
        now: i64,
    ) -> Result<ImportApplied, StoreError> {
        let scope = Scope::Owner(owner_id);
        on_writer!(self, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut failures = Vec::new();
            for (i, op) in ops.iter().enumerate() {
                let mut savepoint = sqlx::Acquire::begin(&mut tx).await?;
                match apply_import_op(&mut savepoint, owner_id, scope, op, now).await {
                    Ok(()) => savepoint.commit().await?,
                    Err(
                        e @ (StoreError::Invalid(_)
                        | StoreError::Conflict { .. }
                        | StoreError::NotFound
                        | StoreError::Stale),
                    ) => {
                        savepoint.rollback().await?;
                        failures.push((i, e));
                    }
                    Err(e) => return Err(e),
                }
            }
            let committed = !dry_run && (failures.is_empty() || keep_valid);
            if committed {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok(ImportApplied {
                failures,
                committed,
            })
        })
    }

    /// Codes of every variant of the owner (what an import matches its rows against).
    pub async fn variant_codes(&self, owner_id: i64) -> Result<Vec<VariantCodes>, StoreError> {
        let rows: Vec<VariantCodes> = on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id, product_id, barcode, stock_code FROM product_variants \
                 WHERE owner_id = $1 ORDER BY id",
            )
            .bind(owner_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows)
    }

    /// The products with these ids that the scope may see, with variants and images.
    pub async fn products_by_ids(
        &self,
        scope: Scope,
        ids: &[i64],
    ) -> Result<Vec<Product>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        // Bounded batches keep each statement under both backends' parameter limits.
        for chunk in ids.chunks(500) {
            let placeholders = (2..chunk.len() + 2)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {PRODUCT_COLUMNS} FROM products \
                 WHERE ($1 IS NULL OR owner_id = $1) AND id IN ({placeholders}) ORDER BY id"
            );
            let rows: Vec<ProductRow> = on_pool!(self, |pool| {
                let mut q = sqlx::query_as(&sql).bind(scope.owner());
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(pool).await?
            });
            out.extend(self.assemble(rows).await?);
        }
        Ok(out)
    }
}

async fn apply_import_op<DB: sqlx::Database>(
    tx: &mut sqlx::Transaction<'_, DB>,
    owner_id: i64,
    scope: Scope,
    op: &ImportOp,
    now: i64,
) -> Result<(), StoreError>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
    for<'r> ProductRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> VariantRow: sqlx::FromRow<'r, DB::Row>,
    for<'r> (String, String): sqlx::FromRow<'r, DB::Row>,
{
    match op {
        ImportOp::Create(new) => {
            create_product_in(tx, owner_id, new, now).await?;
        }
        ImportOp::UpdateProduct {
            product_id,
            changes,
        } => update_product_in(tx, *product_id, scope, changes, None, now).await?,
        ImportOp::UpdateVariant {
            product_id,
            variant_id,
            changes,
        } => {
            update_variant_in(tx, *product_id, *variant_id, scope, changes, None, now).await?;
        }
        ImportOp::AddVariant {
            product_id,
            variant,
        } => {
            add_variant_in(tx, *product_id, scope, variant, now).await?;
        }
    }
    Ok(())
}
