-- Covering indexes for the rollups: a period's rows are read from the index alone (an
-- index-only scan once vacuum has marked the pages visible), not fetched one by one from
-- wherever the heap put them. SQLite makes the same tables clustered instead.
CREATE INDEX sales_daily_cover ON sales_daily (owner_id, day)
    INCLUDE (channel, product_id, variant_id, units, revenue_minor, lines, returned_units);
CREATE INDEX sales_monthly_cover ON sales_monthly (owner_id, month)
    INCLUDE (channel, product_id, units, revenue_minor, lines, returned_units);
