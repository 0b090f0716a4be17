-- The revocation log: one row per change that may end or alter a user's sessions (logout,
-- disabling, a role or password change), written in the same transaction. Every node reads
-- the rows after the last id it saw and drops its cached token lookups of those users.
-- AUTOINCREMENT: ids never come back after pruning, so a reader never skips a new row.
CREATE TABLE auth_revocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX auth_revocations_created ON auth_revocations(created_at);
