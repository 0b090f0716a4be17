-- Periodic tasks (order imports, stale-stock sweeps) run once per period across every node on
-- this database: the node whose conditional upsert moves `next_run_at` past now runs it.
CREATE TABLE periodic_tasks (
    name TEXT PRIMARY KEY,
    next_run_at BIGINT NOT NULL,
    run_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
