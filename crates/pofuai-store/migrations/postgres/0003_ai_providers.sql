-- The admin's OpenAI-compatible text provider. The API key is sealed (AES-256-GCM) before it
-- reaches this table.
CREATE TABLE ai_providers (
    name TEXT PRIMARY KEY,
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    api_key_sealed BYTEA,
    api_key_hint TEXT,
    timeout_ms BIGINT NOT NULL,
    enabled BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ai_model_metrics_feature ON ai_model_metrics(provider, feature, created_at);
