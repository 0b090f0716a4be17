-- Optimistic concurrency: every change of a product's own fields, or of a variant, adds one to
-- its version; the API shows it as the ETag and honours If-Match against it.
ALTER TABLE products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE product_variants ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
