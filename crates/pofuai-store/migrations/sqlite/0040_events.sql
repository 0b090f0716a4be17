-- What happened to a seller's integrations and orders, in order: the source of live panel
-- updates (server-sent events). Rows are written in the transaction of the change they
-- describe; a client that reconnects asks for the rows after the last id it saw.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_owner ON events(owner_id, id);
CREATE INDEX events_created ON events(created_at);
