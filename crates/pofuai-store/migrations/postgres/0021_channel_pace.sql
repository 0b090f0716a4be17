-- Request pacing shared by every node on this database: per (platform, seller, endpoint), the
-- earliest moment (database clock, epoch ms) the next request may go. Two worker nodes pacing
-- in memory would each spend the platform's whole per-endpoint budget.
CREATE TABLE channel_pace (
    pace_key TEXT PRIMARY KEY,
    next_at BIGINT NOT NULL
);
