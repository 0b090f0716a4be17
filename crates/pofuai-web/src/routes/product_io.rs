//! The catalogue as a spreadsheet: export (CSV or XLSX, one row per variant) and import with
//! a per-row report. An import is turned into the product API's own requests, validated by
//! their own rules, and applied by the store's own operations, all in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::Json;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pofuai_core::product::{self, Problems, StockFilter};
use pofuai_core::{Feature, FieldError};
use pofuai_store::StoreError;
use pofuai_store::products::{ImportOp, Product, ProductFilter, Scope, VariantCodes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::page_request;
use super::products::{
    CreateProductRequest, UpdateProductRequest, UpdateVariantRequest, VariantInput, new_variant,
};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiMultipart, ApiQuery};
use crate::tabular::{self, Cell};

pub fn router(body_limit: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_products))
        .routes(routes!(import_products).layer(DefaultBodyLimit::max(body_limit)))
}

/// The columns of the file, in the order export writes them. Import takes them in any order
/// and needs only `barcode` or `stock_code`; a column left out leaves that field as it is.
pub const COLUMNS: [&str; 14] = [
    "product_key",
    "name",
    "brand",
    "category",
    "description",
    "attributes",
    "barcode",
    "stock_code",
    "variant_attributes",
    "stock",
    "list_price",
    "sale_price",
    "currency",
    "vat_rate",
];

/// The Turkish header of each column, as a Turkish seller's own sheet names it; import reads
/// either name, compared with case, Turkish letters, spaces, `_` and `-` folded.
pub const TURKISH_COLUMNS: [(&str, &str); 14] = [
    ("product_key", "ürün anahtarı"),
    ("name", "ürün adı"),
    ("brand", "marka"),
    ("category", "kategori"),
    ("description", "açıklama"),
    ("attributes", "özellikler"),
    ("barcode", "barkod"),
    ("stock_code", "stok kodu"),
    ("variant_attributes", "varyant özellikleri"),
    ("stock", "stok"),
    ("list_price", "liste fiyatı"),
    ("sale_price", "satış fiyatı"),
    ("currency", "para birimi"),
    ("vat_rate", "kdv oranı"),
];

/// The column a header names, in English or Turkish.
fn column_named(header: &str) -> Option<&'static str> {
    let key = |s: &str| -> String {
        pofuai_core::search::fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let wanted = key(header);
    COLUMNS
        .iter()
        .find(|c| key(c) == wanted)
        .copied()
        .or_else(|| {
            TURKISH_COLUMNS
                .iter()
                .find(|(_, tr)| key(tr) == wanted)
                .map(|(c, _)| *c)
        })
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ---- export ----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (default) or `xlsx`.
    format: Option<String>,
    /// As in `GET /api/products`.
    q: Option<String>,
    category: Option<String>,
    brand: Option<String>,
    /// `in_stock`, `out_of_stock` or `low`.
    #[param(value_type = Option<String>)]
    stock: Option<StockFilter>,
}

fn attributes_cell(map: &BTreeMap<String, String>) -> String {
    if map.is_empty() {
        String::new()
    } else {
        serde_json::to_string(map).unwrap_or_default()
    }
}

fn export_rows(products: &[Product]) -> Vec<Vec<Cell>> {
    let mut rows = vec![
        COLUMNS
            .iter()
            .map(|c| Cell::Text((*c).to_string()))
            .collect(),
    ];
    for p in products {
        for v in &p.variants {
            rows.push(vec![
                Cell::Text(p.id.to_string()),
                Cell::Text(p.name.clone()),
                Cell::Text(p.brand.clone()),
                Cell::Text(p.category.clone()),
                Cell::Text(p.description.clone()),
                Cell::Text(attributes_cell(&p.attributes)),
                Cell::Text(v.barcode.clone()),
                Cell::Text(v.stock_code.clone()),
                Cell::Text(attributes_cell(&v.attributes)),
                Cell::Int(v.stock_on_hand),
                Cell::Money(v.list_price),
                Cell::Money(v.sale_price),
                Cell::Text(v.currency.clone()),
                Cell::Int(v.vat_rate),
            ]);
        }
    }
    rows
}

/// Downloads your products as a spreadsheet, one row per variant, with the list's filters.
/// Amounts are dot-decimal lira (`1299.90`); `product_key` groups the rows of one product.
#[utoipa::path(get, path = "/api/products/export", tag = "products", params(ExportQuery),
    responses((status = 200, description = "The catalogue, one row per variant",
                content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn export_products(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    auth.require(Feature::ProductManage)?;
    let xlsx = match q.format.as_deref().unwrap_or("csv") {
        "csv" => false,
        "xlsx" => true,
        _ => return Err(ApiError::coded("format", "one_of", "must be csv or xlsx")),
    };
    for (field, value) in [("q", &q.q), ("category", &q.category), ("brand", &q.brand)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > 200) {
            return Err(ApiError::coded_args(
                field,
                "too_long",
                "must be at most 200 characters",
                &[("max", 200)],
            ));
        }
    }
    let filter = ProductFilter {
        text: q.q.filter(|t| !t.trim().is_empty()),
        category: q.category,
        brand: q.brand,
        stock: q.stock,
        listing: None,
    };
    let scope = Scope::Owner(auth.user.id);
    let mut products = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = page_request(Some(100), cursor.as_deref())?;
        let got = state.store.list_products(scope, &filter, page).await?;
        products.extend(got.items);
        match got.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    // Oldest first, so a file imported into an empty account keeps the catalogue's order.
    products.reverse();
    let rows = export_rows(&products);
    let (body, ctype, name) = if xlsx {
        let bytes = state
            .cpu
            .run(move || tabular::write_xlsx("products", &rows))
            .await?
            .map_err(|e| ApiError::internal(std::io::Error::other(e)))?;
        (bytes, XLSX_TYPE, "urunler.xlsx")
    } else {
        (
            tabular::write_csv(&rows),
            "text/csv; charset=utf-8",
            "urunler.csv",
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

// ---- import ----

/// The multipart form of an import.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form; the handler reads the fields one by one
pub struct ImportForm {
    /// A CSV (comma or semicolon separated, UTF-8) or XLSX file with a header row.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `all_or_nothing` (default): nothing is written when any row is wrong.
    /// `valid_rows`: the good rows are written, the wrong ones reported.
    mode: Option<String>,
    /// `true`: check everything, write nothing.
    dry_run: Option<bool>,
}

#[derive(Serialize, ToSchema, Debug, Clone)]
pub struct ImportRowError {
    /// Row number as a spreadsheet shows it: the header is row 1.
    pub row: usize,
    /// The column at fault.
    pub field: String,
    /// `invalid`, `required`, `not_a_number`, `duplicate_in_file`, `conflict`,
    /// `inconsistent`, `unknown_column`, `missing_column`, `skipped` or `changed`.
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema, Debug, Default)]
pub struct ImportReport {
    /// `all_or_nothing` or `valid_rows`.
    pub mode: String,
    pub dry_run: bool,
    /// Whether anything was saved: never on a dry run, and not when a row is wrong in
    /// `all_or_nothing` mode.
    pub written: bool,
    /// Data rows read (blank rows and the header not counted).
    pub rows: usize,
    /// What was done (or, on a dry run, would be done).
    pub created_products: usize,
    pub created_variants: usize,
    pub updated_products: usize,
    pub updated_variants: usize,
    /// Rows that matched a variant and changed nothing.
    pub unchanged_rows: usize,
    pub errors: Vec<ImportRowError>,
}

struct ImportRequest {
    bytes: Vec<u8>,
    keep_valid: bool,
    dry_run: bool,
}

async fn read_form(
    mut multipart: axum::extract::Multipart,
    limit: usize,
) -> ApiResult<ImportRequest> {
    let too_large = || ApiError::FileTooLarge {
        field: "file".into(),
        limit,
    };
    let map_err = |e: axum::extract::multipart::MultipartError| {
        if crate::server::is_body_timeout(&e) {
            ApiError::RequestTimeout
        } else if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest {
                code: "malformed_multipart",
                message: e.body_text(),
                field: None,
            }
        }
    };
    let mut bytes = None;
    let mut mode = None;
    let mut dry_run = None;
    while let Some(mut field) = multipart.next_field().await.map_err(map_err)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let mut buf = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(map_err)? {
                    if buf.len() + chunk.len() > limit {
                        return Err(too_large());
                    }
                    buf.extend_from_slice(&chunk);
                }
                bytes = Some(buf);
            }
            "mode" | "dry_run" => {
                let text = field.text().await.map_err(map_err)?;
                if text.len() > 20 {
                    return Err(ApiError::field(name, "is too long"));
                }
                if name == "mode" {
                    mode = Some(text);
                } else {
                    dry_run = Some(text);
                }
            }
            other => {
                return Err(ApiError::field(
                    if other.is_empty() { "body" } else { other },
                    "is not a known field; send file, mode and dry_run",
                ));
            }
        }
    }
    let keep_valid = match mode.as_deref().map(str::trim) {
        None | Some("all_or_nothing") => false,
        Some("valid_rows") => true,
        Some(_) => {
            return Err(ApiError::coded(
                "mode",
                "one_of",
                "must be all_or_nothing or valid_rows",
            ));
        }
    };
    let dry_run = match dry_run.as_deref().map(str::trim) {
        None | Some("false") | Some("0") | Some("") => false,
        Some("true") | Some("1") | Some("on") => true,
        Some(_) => {
            return Err(ApiError::coded(
                "dry_run",
                "one_of",
                "must be true or false",
            ));
        }
    };
    let bytes = bytes.ok_or_else(|| ApiError::coded("file", "required", "is required"))?;
    if bytes.is_empty() {
        return Err(ApiError::coded("file", "required", "is empty"));
    }
    Ok(ImportRequest {
        bytes,
        keep_valid,
        dry_run,
    })
}

/// Imports products from a CSV or XLSX file with a header row of the export's columns.
/// A row whose `barcode` (else `stock_code`) is one of your variants updates it and its
/// product; other rows create products, grouped by `product_key` (a key that an updated row
/// also has adds the variant to that row's product). Amounts may be written `1299.90` or
/// `1.299,90`. Every row is checked by the product API's rules; the answer lists each wrong
/// row and field. Another seller's products are never touched.
#[utoipa::path(post, path = "/api/products/import", tag = "products",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "What was (or, on a dry run or when a row is wrong, was not) written, and every wrong row",
                body = ImportReport),
              (status = 403, body = ErrorEnvelope),
              (status = 413, description = "The file is larger than the import limit (`fields.file`)", body = ErrorEnvelope),
              (status = 415, description = "Not multipart/form-data", body = ErrorEnvelope),
              (status = 422, description = "No file, an unreadable one, too many rows, or a bad `mode`/`dry_run`", body = ErrorEnvelope)),
    security(("bearer" = [])))]
async fn import_products(
    State(state): State<AppState>,
    auth: Auth,
    ApiMultipart(multipart): ApiMultipart,
) -> ApiResult<Json<ImportReport>> {
    auth.require(Feature::ProductManage)?;
    let limits = state.config.import;
    let req = read_form(multipart, limits.max_bytes).await?;
    let max_rows = limits.max_rows;
    let bytes = req.bytes;
    // The header row comes on top of the data rows allowed.
    let table = state
        .cpu
        .run(move || tabular::read(&bytes, max_rows + 1))
        .await?
        .map_err(|e| match e {
            tabular::ReadError::TooManyRows(_) => ApiError::coded_args(
                "file",
                "too_many_rows",
                format!("has more than {max_rows} rows; split it into several files"),
                &[("max", max_rows as i64)],
            ),
            other => ApiError::field("file", other.to_string()),
        })?;
    let owner = auth.user.id;
    let codes = state.store.variant_codes(owner).await?;
    let mut plan = Plan::read(table, &codes);
    let ids: Vec<i64> = plan.existing_products();
    let products = state
        .store
        .products_by_ids(Scope::Owner(owner), &ids)
        .await?;
    plan.build(&products);
    let mut report = ImportReport {
        mode: if req.keep_valid {
            "valid_rows"
        } else {
            "all_or_nothing"
        }
        .into(),
        dry_run: req.dry_run,
        rows: plan.data_rows,
        unchanged_rows: plan.unchanged,
        ..ImportReport::default()
    };
    let wrong_input = !plan.errors.is_empty();
    if wrong_input && !req.keep_valid {
        report.errors = plan.sorted_errors();
        return Ok(Json(report));
    }
    let ops: Vec<ImportOp> = plan.ops.iter().map(|(op, _)| op.clone()).collect();
    let applied = state
        .store
        .import_products(owner, &ops, req.keep_valid, req.dry_run, state.now_ms())
        .await?;
    let failed: HashSet<usize> = applied.failures.iter().map(|(i, _)| *i).collect();
    for (i, e) in applied.failures {
        let rows = plan.ops[i].1.clone();
        plan.store_error(&rows, e);
    }
    report.written = applied.committed;
    if applied.committed || req.dry_run {
        let mut stock_changed = false;
        for (i, (op, rows)) in plan.ops.iter().enumerate() {
            if failed.contains(&i) {
                continue;
            }
            match op {
                ImportOp::Create(new) => {
                    report.created_products += 1;
                    report.created_variants += rows.len();
                    stock_changed |= new.variants.iter().any(|v| v.stock > 0);
                }
                ImportOp::UpdateProduct { .. } => report.updated_products += 1,
                ImportOp::UpdateVariant { .. } => {
                    report.updated_variants += 1;
                    stock_changed = true;
                }
                ImportOp::AddVariant { .. } => {
                    report.created_variants += 1;
                    stock_changed = true;
                }
            }
        }
        // Channels hear about new stock and prices as after a single edit; a queueing
        // failure must not undo the import.
        if applied.committed
            && stock_changed
            && let Err(e) = state.engine.enqueue_stock_push(owner).await
        {
            tracing::warn!(error = %e, "could not queue a stock push after an import");
        }
    }
    report.errors = plan.sorted_errors();
    Ok(Json(report))
}

/// One data row, its cells parsed; `None` is a column left out or a blank cell.
#[derive(Default, Clone)]
struct Row {
    row: usize,
    key: Option<String>,
    name: Option<String>,
    brand: Option<String>,
    category: Option<String>,
    description: Option<String>,
    attributes: Option<BTreeMap<String, String>>,
    barcode: Option<String>,
    stock_code: Option<String>,
    variant_attributes: Option<BTreeMap<String, String>>,
    stock: Option<i64>,
    list_price: Option<i64>,
    sale_price: Option<i64>,
    currency: Option<String>,
    vat_rate: Option<i64>,
    /// The caller's variant this row matched: (product id, variant id).
    existing: Option<(i64, i64)>,
}

/// An import worked out: the rows, their errors, and the operations.
struct Plan {
    rows: Vec<Row>,
    data_rows: usize,
    errors: Vec<ImportRowError>,
    bad_rows: HashSet<usize>,
    /// Each operation with the rows it comes from (for `Create`, one per variant in order).
    ops: Vec<(ImportOp, Vec<usize>)>,
    unchanged: usize,
}

impl Plan {
    fn error(&mut self, row: usize, field: &str, code: &str, message: impl Into<String>) {
        self.bad_rows.insert(row);
        self.errors.push(ImportRowError {
            row,
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        });
    }

    fn sorted_errors(&self) -> Vec<ImportRowError> {
        let mut e = self.errors.clone();
        e.sort_by_key(|e| e.row);
        e
    }

    /// Reads the header and the rows, and matches rows to the caller's variants.
    fn read(table: tabular::Table, codes: &[VariantCodes]) -> Plan {
        let mut plan = Plan {
            rows: Vec::new(),
            data_rows: 0,
            errors: Vec::new(),
            bad_rows: HashSet::new(),
            ops: Vec::new(),
            unchanged: 0,
        };
        let mut lines = table
            .rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let Some((header_row, header)) = lines.next() else {
            plan.error(1, "file", "missing_column", "the file has no header row");
            return plan;
        };
        let mut columns: Vec<Option<&'static str>> = Vec::new();
        let mut seen = HashSet::new();
        for name in &header {
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                columns.push(None);
                continue;
            }
            match column_named(&name) {
                Some(c) if seen.insert(c) => columns.push(Some(c)),
                Some(c) => {
                    plan.error(
                        header_row,
                        c,
                        "duplicate_in_file",
                        "this column appears twice",
                    );
                    columns.push(None);
                }
                None => {
                    plan.error(
                        header_row,
                        &name,
                        "unknown_column",
                        format!(
                            "is not a column; the columns are {} (or in Turkish: {})",
                            COLUMNS.join(", "),
                            TURKISH_COLUMNS.map(|(_, tr)| tr).join(", ")
                        ),
                    );
                    columns.push(None);
                }
            }
        }
        if !seen.contains("barcode") && !seen.contains("stock_code") {
            plan.error(
                header_row,
                "barcode",
                "missing_column",
                "the file needs a barcode or a stock_code column",
            );
        }
        if !plan.errors.is_empty() {
            return plan;
        }
        let by_barcode: HashMap<&str, &VariantCodes> =
            codes.iter().map(|c| (c.barcode.as_str(), c)).collect();
        let by_code: HashMap<&str, &VariantCodes> =
            codes.iter().map(|c| (c.stock_code.as_str(), c)).collect();
        let mut barcodes_seen: HashMap<String, usize> = HashMap::new();
        let mut codes_seen: HashMap<String, usize> = HashMap::new();
        for (n, cells) in lines {
            plan.data_rows += 1;
            let mut row = Row {
                row: n,
                ..Row::default()
            };
            for (i, col) in columns.iter().enumerate() {
                let Some(col) = col else { continue };
                let Some(text) = cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty()) else {
                    continue;
                };
                plan.cell(&mut row, col, text);
            }
            // Duplicates within the file, then the match against the caller's variants.
            if let Some(b) = &row.barcode
                && let Some(first) = barcodes_seen.insert(b.clone(), n)
            {
                plan.error(
                    n,
                    "barcode",
                    "duplicate_in_file",
                    format!("also in row {first}"),
                );
            }
            if let Some(c) = &row.stock_code
                && let Some(first) = codes_seen.insert(c.clone(), n)
            {
                plan.error(
                    n,
                    "stock_code",
                    "duplicate_in_file",
                    format!("also in row {first}"),
                );
            }
            let hit_b = row.barcode.as_deref().and_then(|b| by_barcode.get(b));
            let hit_s = row.stock_code.as_deref().and_then(|s| by_code.get(s));
            if let (Some(b), Some(s)) = (hit_b, hit_s)
                && b.id != s.id
            {
                plan.error(
                    n,
                    "stock_code",
                    "conflict",
                    format!(
                        "is the stock code of your variant with barcode {}, not of this row's barcode",
                        s.barcode
                    ),
                );
            }
            row.existing = hit_b.or(hit_s).map(|v| (v.product_id, v.id));
            plan.rows.push(row);
        }
        plan
    }

    fn cell(&mut self, row: &mut Row, col: &str, text: &str) {
        let n = row.row;
        let json = |plan: &mut Plan| -> Option<BTreeMap<String, String>> {
            match serde_json::from_str(text) {
                Ok(map) => Some(map),
                Err(_) => {
                    plan.error(
                        n,
                        col,
                        "invalid",
                        "must be a JSON object of texts, e.g. {\"Renk\": \"Kırmızı\"}",
                    );
                    None
                }
            }
        };
        let money = |plan: &mut Plan| match product::decimal_minor(col, text) {
            Ok(v) => Some(v),
            Err(e) => {
                plan.error(n, col, "not_a_number", e.message);
                None
            }
        };
        let whole = |plan: &mut Plan| match product::whole_number(col, text) {
            Ok(v) => Some(v),
            Err(e) => {
                plan.error(n, col, "not_a_number", e.message);
                None
            }
        };
        let text = text.to_string();
        match col {
            "product_key" => row.key = Some(text),
            "name" => row.name = Some(text),
            "brand" => row.brand = Some(text),
            "category" => row.category = Some(text),
            "description" => row.description = Some(text),
            "attributes" => row.attributes = json(self),
            "barcode" => row.barcode = Some(text),
            "stock_code" => row.stock_code = Some(text),
            "variant_attributes" => row.variant_attributes = json(self),
            "stock" => row.stock = whole(self),
            "list_price" => row.list_price = money(self),
            "sale_price" => row.sale_price = money(self),
            "currency" => row.currency = Some(text.to_uppercase()),
            "vat_rate" => row.vat_rate = whole(self),
            _ => {}
        }
    }

    fn existing_products(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .rows
            .iter()
            .filter_map(|r| r.existing.map(|(p, _)| p))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Turns the rows into operations: one product's rows share its product-level cells.
    fn build(&mut self, products: &[Product]) {
        let by_id: HashMap<i64, &Product> = products.iter().map(|p| (p.id, p)).collect();
        // Rows of existing products, by product; the keys those rows carry.
        let mut existing: BTreeMap<i64, Vec<Row>> = BTreeMap::new();
        let mut key_product: HashMap<String, i64> = HashMap::new();
        let mut new_groups: Vec<(String, Vec<Row>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for row in std::mem::take(&mut self.rows) {
            if let Some((pid, _)) = row.existing {
                if let Some(k) = &row.key {
                    key_product.entry(k.clone()).or_insert(pid);
                }
                existing.entry(pid).or_default().push(row);
            } else {
                let key = row
                    .key
                    .clone()
                    .unwrap_or_else(|| format!("\u{0}row {}", row.row));
                match group_of.get(&key) {
                    Some(&g) => new_groups[g].1.push(row),
                    None => {
                        group_of.insert(key.clone(), new_groups.len());
                        new_groups.push((key, vec![row]));
                    }
                }
            }
        }
        for (pid, rows) in &existing {
            let Some(product) = by_id.get(pid) else {
                continue;
            };
            self.update_product(product, rows);
        }
        for (key, rows) in new_groups {
            match key_product.get(&key) {
                Some(&pid) => {
                    for row in rows {
                        self.add_variant(pid, row);
                    }
                }
                None => self.create_product(rows),
            }
        }
    }

    /// The product-level values of a group of rows: each from the first row that has it;
    /// a later row with another value is an error.
    fn product_cells(&mut self, rows: &[Row]) -> (Row, HashMap<&'static str, usize>) {
        let mut out = Row::default();
        let mut from: HashMap<&'static str, usize> = HashMap::new();
        for r in rows {
            self.take(&mut out.name, &mut from, "name", &r.name, r.row);
            self.take(&mut out.brand, &mut from, "brand", &r.brand, r.row);
            self.take(&mut out.category, &mut from, "category", &r.category, r.row);
            self.take(
                &mut out.description,
                &mut from,
                "description",
                &r.description,
                r.row,
            );
            self.take(
                &mut out.attributes,
                &mut from,
                "attributes",
                &r.attributes,
                r.row,
            );
        }
        (out, from)
    }

    fn take<T: Clone + PartialEq>(
        &mut self,
        out: &mut Option<T>,
        from: &mut HashMap<&'static str, usize>,
        col: &'static str,
        value: &Option<T>,
        row: usize,
    ) {
        let Some(v) = value else { return };
        match out {
            None => {
                *out = Some(v.clone());
                from.insert(col, row);
            }
            Some(first) if first != v => {
                let first_row = from.get(col).copied().unwrap_or(row);
                self.error(
                    row,
                    col,
                    "inconsistent",
                    format!("differs from row {first_row} of the same product"),
                );
            }
            Some(_) => {}
        }
    }

    fn update_product(&mut self, p: &Product, rows: &[Row]) {
        let (cells, from) = self.product_cells(rows);
        let differs = |new: &Option<String>, old: &str| {
            new.as_deref().filter(|v| *v != old).map(str::to_string)
        };
        let req = UpdateProductRequest {
            name: differs(&cells.name, &p.name),
            description: differs(&cells.description, &p.description),
            category: differs(&cells.category, &p.category),
            brand: differs(&cells.brand, &p.brand),
            attributes: cells.attributes.clone().filter(|a| *a != p.attributes),
            images: None,
            seo: None,
        };
        let changes_any = req.name.is_some()
            || req.description.is_some()
            || req.category.is_some()
            || req.brand.is_some()
            || req.attributes.is_some();
        if changes_any {
            let first = rows.first().map_or(0, |r| r.row);
            let row_of = |field: &str| {
                let col = field.split('.').next().unwrap_or(field);
                from.get(col).copied().unwrap_or(first)
            };
            match req.validate() {
                Ok(changes) => {
                    let row = ["name", "description", "category", "brand", "attributes"]
                        .iter()
                        .find_map(|c| from.get(c).copied())
                        .unwrap_or(first);
                    if !self.bad_rows.contains(&row) {
                        self.ops.push((
                            ImportOp::UpdateProduct {
                                product_id: p.id,
                                changes,
                            },
                            vec![row],
                        ));
                    }
                }
                Err(errors) => {
                    for e in errors {
                        let row = row_of(&e.field);
                        self.field_error(row, &e);
                    }
                }
            }
        }
        for r in rows {
            let Some((_, vid)) = r.existing else { continue };
            let Some(v) = p.variants.iter().find(|v| v.id == vid) else {
                continue;
            };
            let req = UpdateVariantRequest {
                barcode: r.barcode.clone().filter(|b| *b != v.barcode),
                stock_code: r.stock_code.clone().filter(|s| *s != v.stock_code),
                attributes: r.variant_attributes.clone().filter(|a| *a != v.attributes),
                stock: r.stock.filter(|s| *s != v.stock_on_hand),
                stock_delta: None,
                list_price: r.list_price.filter(|x| *x != v.list_price),
                sale_price: r.sale_price.filter(|x| *x != v.sale_price),
                currency: r.currency.clone().filter(|c| *c != v.currency),
                vat_rate: r.vat_rate.filter(|x| *x != v.vat_rate),
            };
            let any = req.barcode.is_some()
                || req.stock_code.is_some()
                || req.attributes.is_some()
                || req.stock.is_some()
                || req.list_price.is_some()
                || req.sale_price.is_some()
                || req.currency.is_some()
                || req.vat_rate.is_some();
            if !any {
                if !self.bad_rows.contains(&r.row) {
                    self.unchanged += 1;
                }
                continue;
            }
            match req.validate() {
                Ok(changes) if !self.bad_rows.contains(&r.row) => self.ops.push((
                    ImportOp::UpdateVariant {
                        product_id: p.id,
                        variant_id: vid,
                        changes,
                    },
                    vec![r.row],
                )),
                Ok(_) => {}
                Err(errors) => {
                    for e in errors {
                        self.field_error(r.row, &variant_field(e));
                    }
                }
            }
        }
    }

    fn variant_input(r: &Row) -> VariantInput {
        VariantInput {
            barcode: r.barcode.clone().unwrap_or_default(),
            stock_code: r.stock_code.clone().unwrap_or_default(),
            attributes: r.variant_attributes.clone().unwrap_or_default(),
            stock: r.stock.unwrap_or(0),
            list_price: r.list_price.unwrap_or(0),
            sale_price: r.sale_price,
            currency: r.currency.clone(),
            vat_rate: r.vat_rate,
        }
    }

    /// A new variant needs a price: 0 would pass the range check but is never meant.
    fn require_price(&mut self, r: &Row) {
        if r.list_price.is_none() && !self.bad_rows.contains(&r.row) {
            self.error(
                r.row,
                "list_price",
                "required",
                "a new variant needs a list price",
            );
        }
    }

    fn add_variant(&mut self, product_id: i64, r: Row) {
        self.require_price(&r);
        let mut p = Problems::default();
        let v = new_variant(&mut p, "", Self::variant_input(&r));
        match p.finish(|| v) {
            Ok(Some(variant)) if !self.bad_rows.contains(&r.row) => self.ops.push((
                ImportOp::AddVariant {
                    product_id,
                    variant,
                },
                vec![r.row],
            )),
            Ok(_) => {}
            Err(errors) => {
                for e in errors {
                    self.field_error(r.row, &variant_field(e));
                }
            }
        }
    }

    fn create_product(&mut self, rows: Vec<Row>) {
        let (cells, from) = self.product_cells(&rows);
        for r in &rows {
            self.require_price(r);
        }
        // Rows already wrong stay out; in all-or-nothing mode nothing is written anyway, but
        // the product's other rows are still checked so the report is complete.
        let good: Vec<&Row> = rows
            .iter()
            .filter(|r| !self.bad_rows.contains(&r.row))
            .collect();
        let first = rows.first().map_or(0, |r| r.row);
        if good.is_empty() {
            return;
        }
        let req = CreateProductRequest {
            name: cells.name.clone().unwrap_or_default(),
            description: cells.description.clone().unwrap_or_default(),
            category: cells.category.clone().unwrap_or_default(),
            brand: cells.brand.clone().unwrap_or_default(),
            attributes: cells.attributes.clone().unwrap_or_default(),
            images: Vec::new(),
            variants: good.iter().map(|r| Self::variant_input(r)).collect(),
        };
        let good_rows: Vec<usize> = good.iter().map(|r| r.row).collect();
        match req.validate() {
            Ok(new) => self.ops.push((ImportOp::Create(new), good_rows)),
            Err(errors) => {
                let mut product_level = false;
                for e in errors {
                    let (row, fe) = split_variant_field(&e, &good_rows, |col| {
                        from.get(col).copied().unwrap_or(first)
                    });
                    product_level |= !e.field.starts_with("variants[");
                    self.field_error(row, &fe);
                }
                if product_level {
                    for r in good_rows.iter().filter(|r| !self.bad_rows.contains(r)) {
                        self.errors.push(ImportRowError {
                            row: *r,
                            field: "product_key".into(),
                            code: "skipped".into(),
                            message: "not imported: another row of the same product is wrong"
                                .into(),
                        });
                    }
                    self.bad_rows.extend(good_rows);
                }
            }
        }
    }

    /// Records a rule's refusal on a row, the field named as the file's column.
    fn field_error(&mut self, row: usize, e: &FieldError) {
        let col = column_of(&e.field);
        let code = if e.message.contains("required") || e.message == "must not be empty" {
            "required"
        } else {
            "invalid"
        };
        self.error(row, col, code, e.message.clone());
    }

    /// Records an operation the store refused.
    fn store_error(&mut self, rows: &[usize], e: StoreError) {
        let first = rows.first().copied().unwrap_or(0);
        match e {
            StoreError::Invalid(fe) => {
                let (row, fe) = split_variant_field(&fe, rows, |_| first);
                self.field_error(row, &fe);
            }
            StoreError::Conflict { field } => self.error(
                first,
                column_of(field),
                "conflict",
                "is already used by another of your variants",
            ),
            _ => self.error(
                first,
                "barcode",
                "changed",
                "the product changed or was deleted during the import; try again",
            ),
        }
    }
}

/// `variants[2].sale_price` of a new product → the row of its third variant and
/// `sale_price`; product-level fields go to the row they were read from.
fn split_variant_field(
    e: &FieldError,
    rows: &[usize],
    product_row: impl Fn(&str) -> usize,
) -> (usize, FieldError) {
    if let Some(rest) = e.field.strip_prefix("variants[")
        && let Some((i, field)) = rest.split_once("].")
        && let Ok(i) = i.parse::<usize>()
        && let Some(row) = rows.get(i)
    {
        return (
            *row,
            variant_field(FieldError::new(field, e.message.clone())),
        );
    }
    let col = column_of(&e.field);
    let field = if col == "variants" {
        "product_key"
    } else {
        col
    };
    (
        product_row(field),
        FieldError::new(field, e.message.clone()),
    )
}

/// A variant's `attributes` are the file's `variant_attributes`.
fn variant_field(e: FieldError) -> FieldError {
    match e.field.strip_prefix("attributes") {
        Some(rest) => FieldError {
            field: format!("variant_attributes{rest}"),
            ..e
        },
        None => e,
    }
}

/// The file's column for an API field path: `attributes.Renk` is the `attributes` column,
/// a variant's `attributes` the `variant_attributes` one.
fn column_of(field: &str) -> &str {
    let head = field.split('.').next().unwrap_or(field);
    head.split('[').next().unwrap_or(head)
}
