//! Server storage behind a trait, so that a PostgreSQL backend can be added
//! when one machine is not enough. SQLite is the embedded default.

mod migrations;
mod sqlite;
mod sqlite_roster;
mod sqlite_sync;

pub use sqlite::SqliteStore;

use anxin_domain::roster::RosterPerson;
use anxin_domain::sync::{Mutation, PulledChange, PushResult};
use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: std::path::PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database schema version {found} is newer than this server ({supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("the database lock was poisoned by an earlier failure")]
    Poisoned,
    #[error("a stored record cannot be read back: {0}")]
    Corrupt(String),
    /// The client id was first used by another person.
    #[error("the client id belongs to another person")]
    ClientOfAnotherPerson,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One page of a pull: `(cursor, change)` oldest first, and whether more
/// follow.
pub struct PullPage {
    pub changes: Vec<(u64, PulledChange)>,
    /// The cursor of the last row read, even one that could not be decoded
    /// (skipped, so that it cannot hold the person's sync back).
    pub last_cursor: Option<u64>,
    pub more: bool,
}

/// What a roster import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Active before, absent from this file: deactivated, history kept.
    pub deactivated: usize,
}

/// What the handlers need from storage.
pub trait Store: Send + Sync + 'static {
    /// The migration level of the database; also proves it can be read.
    fn schema_version(&self) -> Result<u32>;

    /// Decides each mutation of `client_id` (made by `person_id`) exactly
    /// once, in sequence order, all in one transaction: on an error nothing
    /// is stored. Results are in sequence order.
    fn push(
        &self,
        person_id: &str,
        client_id: &str,
        mutations: &[Mutation],
        received_at: DateTime<Utc>,
    ) -> Result<Vec<PushResult>>;

    /// What changed for `person_id` after `cursor`, at most `limit`.
    fn pull(&self, person_id: &str, cursor: u64, limit: usize) -> Result<PullPage>;

    /// Replaces the roster with `people`, in one transaction: new people
    /// added, changed ones updated, absent ones deactivated (never deleted).
    fn import_roster(&self, people: &[RosterPerson], now: DateTime<Utc>) -> Result<ImportSummary>;
}
