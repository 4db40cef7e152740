//! Server storage behind a trait, so that a PostgreSQL backend can be added
//! when one machine is not enough. SQLite is the embedded default.

mod migrations;
mod sqlite;

pub use sqlite::SqliteStore;

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
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What the handlers need from storage.
pub trait Store: Send + Sync + 'static {
    /// The migration level of the database; also proves it can be read.
    fn schema_version(&self) -> Result<u32>;
}
