-- Issue 10: stock the seller can see, and Hepsiburada's invoice link.
-- The invoice link Hepsiburada wants with the invoice number.
ALTER TABLE orders ADD COLUMN invoice_link TEXT;

-- A variant with more reserved than on hand: found when an order import left it so, open
-- until an import or a stock change brings reserved back within on hand. One open row per
-- variant; the orders involved are the variant's lines that still hold stock.
CREATE TABLE stock_oversells (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES product_variants(id) ON DELETE CASCADE,
    -- The order whose import found it.
    order_id BIGINT REFERENCES orders(id) ON DELETE SET NULL,
    on_hand BIGINT NOT NULL,
    reserved BIGINT NOT NULL,
    detected_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE UNIQUE INDEX stock_oversells_open ON stock_oversells(variant_id) WHERE resolved_at IS NULL;
CREATE INDEX stock_oversells_owner ON stock_oversells(owner_id, id);
