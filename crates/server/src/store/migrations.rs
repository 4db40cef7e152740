//! Schema migrations, applied in order at start, each in one transaction.
//! The level is kept in SQLite's `user_version`. Never edit a shipped
//! migration: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: facts about this server's database itself.
    "CREATE TABLE server_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;
    INSERT INTO server_meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));",
];
