-- PofuAi schema, SQLite flavour. Times are BIGINT milliseconds since the Unix epoch (UTC), money
-- is BIGINT minor units, JSON is TEXT: both backends then compare, sort and decode them alike.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'seller', 'premium', 'normal')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    template_quota_override BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE login_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX login_tokens_user ON login_tokens(user_id);

CREATE TABLE uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX uploads_owner ON uploads(owner_id, id);

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    brand TEXT NOT NULL,
    attributes TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX products_owner ON products(owner_id, id);
CREATE INDEX products_category ON products(category, id);
CREATE INDEX products_brand ON products(brand, id);

CREATE TABLE product_variants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    barcode TEXT NOT NULL,
    stock_code TEXT NOT NULL,
    attributes TEXT NOT NULL,
    stock_on_hand BIGINT NOT NULL,
    list_price BIGINT NOT NULL,
    sale_price BIGINT NOT NULL,
    currency TEXT NOT NULL,
    vat_rate BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (owner_id, barcode),
    UNIQUE (owner_id, stock_code)
);
CREATE INDEX product_variants_product ON product_variants(product_id, id);

CREATE TABLE product_images (
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    upload_path TEXT NOT NULL REFERENCES uploads(path),
    PRIMARY KEY (product_id, position)
);
CREATE INDEX product_images_path ON product_images(upload_path);

CREATE TABLE user_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    product_id BIGINT,
    query TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX user_activities_user ON user_activities(user_id, created_at);
CREATE INDEX user_activities_product ON user_activities(product_id);

CREATE TABLE user_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    language TEXT NOT NULL DEFAULT 'tr',
    preferences TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL
);

CREATE TABLE user_ai_quotas (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    used BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, period)
);

CREATE TABLE ai_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id BIGINT REFERENCES products(id) ON DELETE SET NULL,
    template_type TEXT NOT NULL,
    request TEXT NOT NULL,
    texts TEXT NOT NULL,
    image_path TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    format TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    render_ms BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_templates_user ON ai_templates(user_id, id);

CREATE TABLE ai_usage_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    feature TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_usage_logs_user ON ai_usage_logs(user_id, created_at);

CREATE TABLE ai_product_edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    admin_id BIGINT NOT NULL REFERENCES users(id),
    options TEXT NOT NULL,
    before_state TEXT NOT NULL,
    after_state TEXT NOT NULL,
    reverted_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_product_edits_product ON ai_product_edits(product_id, id);

CREATE TABLE ai_model_metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    feature TEXT NOT NULL,
    latency_ms BIGINT NOT NULL,
    prompt_tokens BIGINT,
    completion_tokens BIGINT,
    outcome TEXT NOT NULL,
    error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_model_metrics_time ON ai_model_metrics(created_at);

CREATE TABLE integrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    integration_type TEXT NOT NULL,
    integration_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    config TEXT NOT NULL,
    secrets BLOB,
    environment TEXT NOT NULL,
    base_url TEXT,
    active BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX integrations_owner ON integrations(owner_id, id);

CREATE TABLE product_mappings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    remote_id TEXT,
    barcode TEXT NOT NULL,
    stock_code TEXT NOT NULL,
    merchant_sku TEXT,
    status TEXT NOT NULL,
    last_pushed_hash TEXT,
    last_synced_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (integration_id, variant_id)
);
CREATE INDEX product_mappings_variant ON product_mappings(variant_id);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    integration_id BIGINT REFERENCES integrations(id) ON DELETE SET NULL,
    remote_order_number TEXT NOT NULL,
    remote_package_id TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    cargo_tracking_number TEXT,
    ordered_at BIGINT NOT NULL,
    remote_updated_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (integration_id, remote_package_id)
);
CREATE INDEX orders_owner ON orders(owner_id, id);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    variant_id BIGINT REFERENCES product_variants(id) ON DELETE SET NULL,
    remote_line_id TEXT NOT NULL,
    barcode TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    status TEXT NOT NULL,
    UNIQUE (order_id, remote_line_id)
);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    owner_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    integration_id BIGINT REFERENCES integrations(id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'dead')),
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    locked_by TEXT,
    locked_until BIGINT,
    last_error TEXT,
    items_done BIGINT NOT NULL DEFAULT 0,
    items_failed BIGINT NOT NULL DEFAULT 0,
    items_total BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_ready ON jobs(state, run_at);

CREATE TABLE sync_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    job_id BIGINT REFERENCES jobs(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    items_total BIGINT NOT NULL DEFAULT 0,
    items_ok BIGINT NOT NULL DEFAULT 0,
    items_failed BIGINT NOT NULL DEFAULT 0,
    duration_ms BIGINT NOT NULL DEFAULT 0,
    message TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX sync_logs_integration ON sync_logs(integration_id, started_at);

CREATE TABLE integration_webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    endpoint_token TEXT NOT NULL UNIQUE,
    auth_secret BLOB,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_received_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE integration_error_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    job_id BIGINT REFERENCES jobs(id) ON DELETE SET NULL,
    operation TEXT NOT NULL,
    item_ref TEXT,
    platform_code TEXT,
    message TEXT NOT NULL,
    resolved BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX integration_error_logs_integration ON integration_error_logs(integration_id, resolved);
