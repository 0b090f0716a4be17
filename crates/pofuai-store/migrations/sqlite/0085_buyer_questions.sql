-- Buyers' product questions imported from a channel (Trendyol's questions API), with the
-- answer we draft from the product's data, the seller's edits and the sending state:
-- new → drafted → approved → sending → answered | failed. One row per (integration, the
-- channel's question id): re-imports update the platform's side only.
CREATE TABLE buyer_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    integration_id BIGINT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL,
    product_id BIGINT REFERENCES products(id) ON DELETE SET NULL,
    barcode TEXT,
    product_name TEXT NOT NULL,
    question TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    platform_status TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    draft TEXT NOT NULL,
    needs_seller BOOLEAN NOT NULL DEFAULT FALSE,
    facts TEXT NOT NULL DEFAULT '[]',
    answer TEXT,
    error TEXT,
    job_id BIGINT,
    answered_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (integration_id, remote_id)
);
CREATE INDEX buyer_questions_owner ON buyer_questions(owner_id, id);
CREATE INDEX buyer_questions_open ON buyer_questions(owner_id, status, asked_at);
