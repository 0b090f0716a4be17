-- Insight: daily sales rollups kept by the order import, forecasts and customer insights
-- computed off the request path, replenishment policies and purchase orders.

-- One row per seller, day (Istanbul date as days since 1970-01-01), channel and variant.
-- product_id and variant_id are 0 for lines that match no variant of ours.
CREATE TABLE sales_daily (
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    channel TEXT NOT NULL,
    product_id BIGINT NOT NULL,
    variant_id BIGINT NOT NULL,
    units BIGINT NOT NULL DEFAULT 0,
    revenue_minor BIGINT NOT NULL DEFAULT 0,
    lines BIGINT NOT NULL DEFAULT 0,
    returned_units BIGINT NOT NULL DEFAULT 0,
    returned_minor BIGINT NOT NULL DEFAULT 0,
    cancelled_units BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, day, channel, product_id, variant_id)
);
CREATE INDEX sales_daily_variant ON sales_daily(owner_id, variant_id, day);
CREATE INDEX sales_daily_day ON sales_daily(day);

-- One row per seller, day and channel: what orders (not lines) add up to.
CREATE TABLE sales_daily_orders (
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    channel TEXT NOT NULL,
    orders BIGINT NOT NULL DEFAULT 0,
    units BIGINT NOT NULL DEFAULT 0,
    revenue_minor BIGINT NOT NULL DEFAULT 0,
    returned_orders BIGINT NOT NULL DEFAULT 0,
    returned_units BIGINT NOT NULL DEFAULT 0,
    cancelled_orders BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, day, channel)
);
CREATE INDEX sales_daily_orders_day ON sales_daily_orders(day);

-- SHA-256 of (seller, channel, buyer): a buyer's orders group without a name being stored
-- in analytics, and no two sellers share a key.
ALTER TABLE orders ADD COLUMN buyer_hash TEXT;
CREATE INDEX orders_buyer ON orders(owner_id, buyer_hash);

-- Bumped by every import that changes a seller's sales; the refresher recomputes a seller
-- whose version moved past what it last computed, holding a lease while it works.
CREATE TABLE insight_runs (
    owner_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sales_version BIGINT NOT NULL DEFAULT 0,
    computed_version BIGINT NOT NULL DEFAULT -1,
    locked_by TEXT,
    locked_until BIGINT,
    computed_at BIGINT,
    customers TEXT,
    last_error TEXT
);

CREATE TABLE insight_forecasts (
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    item_key TEXT NOT NULL,
    model TEXT NOT NULL,
    detail TEXT NOT NULL,
    mase DOUBLE PRECISION,
    body TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    PRIMARY KEY (owner_id, level, item_key)
);

-- Replenishment: per product, per supplier, or the seller's default ('default', '').
CREATE TABLE stock_policies (
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope TEXT NOT NULL CHECK (scope IN ('default', 'supplier', 'product')),
    scope_key TEXT NOT NULL,
    lead_time_days BIGINT NOT NULL,
    review_period_days BIGINT NOT NULL,
    service_level DOUBLE PRECISION NOT NULL,
    min_order BIGINT NOT NULL,
    pack_size BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (owner_id, scope, scope_key)
);

CREATE TABLE product_suppliers (
    product_id BIGINT PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    supplier TEXT NOT NULL
);

CREATE TABLE purchase_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    quantity BIGINT NOT NULL,
    supplier TEXT,
    expected_at BIGINT,
    status TEXT NOT NULL CHECK (status IN ('open', 'received', 'cancelled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX purchase_orders_owner ON purchase_orders(owner_id, status, variant_id);

-- Orders imported before this migration enter the rollups once.
INSERT INTO sales_daily (owner_id, day, channel, product_id, variant_id, units, revenue_minor, lines,
    returned_units, returned_minor, cancelled_units)
SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'),
    COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0),
    SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity END),
    SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE l.quantity * l.unit_price_minor END),
    SUM(CASE WHEN l.status = 'cancelled' THEN 0 ELSE 1 END),
    SUM(CASE WHEN l.status = 'returned' THEN l.quantity ELSE 0 END),
    SUM(CASE WHEN l.status = 'returned' THEN l.quantity * l.unit_price_minor ELSE 0 END),
    SUM(CASE WHEN l.status = 'cancelled' THEN l.quantity ELSE 0 END)
FROM order_lines l JOIN orders o ON o.id = l.order_id
LEFT JOIN integrations i ON i.id = o.integration_id
LEFT JOIN product_variants v ON v.id = l.variant_id
GROUP BY o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'),
    COALESCE(v.product_id, 0), COALESCE(l.variant_id, 0);

INSERT INTO sales_daily_orders (owner_id, day, channel, orders, units, revenue_minor, returned_orders,
    returned_units, cancelled_orders)
SELECT o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual'),
    SUM(CASE WHEN o.status = 'cancelled' THEN 0 ELSE 1 END),
    SUM(COALESCE(t.units, 0)), SUM(COALESCE(t.revenue, 0)),
    SUM(CASE WHEN o.status = 'returned' THEN 1 ELSE 0 END),
    SUM(COALESCE(t.returned, 0)),
    SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END)
FROM orders o LEFT JOIN integrations i ON i.id = o.integration_id
LEFT JOIN (SELECT order_id,
        SUM(CASE WHEN status = 'cancelled' THEN 0 ELSE quantity END) AS units,
        SUM(CASE WHEN status = 'cancelled' THEN 0 ELSE quantity * unit_price_minor END) AS revenue,
        SUM(CASE WHEN status = 'returned' THEN quantity ELSE 0 END) AS returned
    FROM order_lines GROUP BY order_id) t ON t.order_id = o.id
GROUP BY o.owner_id, (o.ordered_at + 10800000) / 86400000, COALESCE(i.integration_name, 'manual');
