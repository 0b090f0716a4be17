-- One row per seller, month (year * 12 + month - 1, Istanbul calendar), channel and product:
-- the whole months of a long period are read from here, so a year of sales is 12 rows per
-- product and channel instead of 365 per variant. Kept by the order import beside
-- sales_daily, in the same transaction.
CREATE TABLE sales_monthly (
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    month BIGINT NOT NULL,
    channel TEXT NOT NULL,
    product_id BIGINT NOT NULL,
    units BIGINT NOT NULL DEFAULT 0,
    revenue_minor BIGINT NOT NULL DEFAULT 0,
    lines BIGINT NOT NULL DEFAULT 0,
    returned_units BIGINT NOT NULL DEFAULT 0,
    returned_minor BIGINT NOT NULL DEFAULT 0,
    cancelled_units BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (owner_id, month, channel, product_id)
);

INSERT INTO sales_monthly (owner_id, month, channel, product_id, units, revenue_minor, lines,
    returned_units, returned_minor, cancelled_units)
SELECT owner_id,
       CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
         + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1,
       channel, product_id, SUM(units), SUM(revenue_minor), SUM(lines), SUM(returned_units),
       SUM(returned_minor), SUM(cancelled_units)
FROM sales_daily
GROUP BY 1, 2, 3, 4;
