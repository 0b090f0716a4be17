-- Channel sync: reservations, durable job checkpoints, cursors, lookups, claims, call metrics.

ALTER TABLE product_variants ADD COLUMN stock_reserved BIGINT NOT NULL DEFAULT 0;

-- 'reserved' while the line holds stock, 'released' once cancelled, 'deducted' once shipped.
ALTER TABLE order_lines ADD COLUMN stock_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE order_lines ADD COLUMN stock_code TEXT;
ALTER TABLE orders ADD COLUMN platform_status TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN invoice_number TEXT;

ALTER TABLE product_mappings ADD COLUMN pushed_quantity BIGINT;
ALTER TABLE product_mappings ADD COLUMN pushed_sale_price BIGINT;
ALTER TABLE product_mappings ADD COLUMN pushed_list_price BIGINT;
ALTER TABLE product_mappings ADD COLUMN last_error TEXT;
CREATE INDEX product_mappings_integration ON product_mappings(integration_id, barcode);

ALTER TABLE jobs ADD COLUMN checkpoint TEXT;
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
ALTER TABLE jobs ADD COLUMN finished_at BIGINT;
-- At most one queued job per key: stock pushes for one integration coalesce into it.
CREATE UNIQUE INDEX jobs_dedupe_queued ON jobs(dedupe_key) WHERE state = 'queued';

CREATE TABLE integration_cursors (
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (integration_id, kind)
);

CREATE TABLE channel_lookups (
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    lookup_key TEXT NOT NULL,
    value TEXT NOT NULL,
    fetched_at BIGINT NOT NULL,
    PRIMARY KEY (integration_id, lookup_key)
);

CREATE TABLE category_mappings (
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    remote_category_id TEXT NOT NULL,
    remote_name TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (integration_id, category)
);

-- Bodies of price and stock requests, for Trendyol's rule against identical requests within 15 minutes.
CREATE TABLE channel_requests (
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    body_hash TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (integration_id, body_hash)
);

CREATE TABLE channel_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    operation TEXT NOT NULL,
    ok BOOLEAN NOT NULL,
    duration_ms BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX channel_calls_integration ON channel_calls(integration_id, at);

CREATE TABLE order_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    remote_claim_id TEXT NOT NULL,
    order_number TEXT NOT NULL,
    status TEXT NOT NULL,
    lines TEXT NOT NULL,
    remote_updated_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (integration_id, remote_claim_id)
);
CREATE INDEX order_claims_owner ON order_claims(owner_id, id);

CREATE TABLE webhook_deliveries (
    webhook_id BIGINT NOT NULL REFERENCES integration_webhooks(id) ON DELETE CASCADE,
    delivery_key TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (webhook_id, delivery_key)
);
ALTER TABLE integration_webhooks ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'basic';
ALTER TABLE integration_webhooks ADD COLUMN username TEXT;
