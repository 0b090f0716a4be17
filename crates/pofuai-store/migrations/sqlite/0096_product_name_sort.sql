-- The product name as a Turkish dictionary sort key (pofuai_core::search::turkish_sort_text),
-- written with the search column, so product lists can page by name. Rows older than this
-- column are filled in by `Store::migrate` (the key is computed in Rust).
ALTER TABLE products ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
CREATE INDEX products_owner_name_sort ON products(owner_id, name_sort, id);
CREATE INDEX product_mappings_product ON product_mappings(product_id, integration_id);
