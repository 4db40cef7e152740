//! SQLite: one file under the data folder, WAL mode, full sync.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use super::areas;
use super::engine::Engine;
use super::group_commit::PushQueue;
use super::migrations::MIGRATIONS;
use super::sql::Sql;
use super::{Result, StoreError};

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "anxin.sqlite3";

pub struct SqliteStore {
    connection: Mutex<Connection>,
    /// Read-only connections for session lookups, pulls and the daily
    /// report's reads: in WAL mode they read beside the writer, so neither
    /// a report of 30,000 people nor a lookup waits for a push's commit,
    /// and a trend reads its days on several at once.
    readers: [Mutex<Connection>; READERS],
    /// Pushes waiting for the writer, decided together (group commit).
    pushes: PushQueue,
}

const READERS: usize = 4;

/// Settings of every connection: a large page cache and memory-mapped
/// reads (a report reads a whole day's rows).
const READ_PRAGMAS: &str = "PRAGMA busy_timeout = 30000;
     PRAGMA cache_size = -65536;
     PRAGMA mmap_size = 1073741824;";

/// How many prepared statements the writer keeps (the push path and the
/// areas it decides use a few dozen).
const WRITER_STATEMENTS: usize = 128;

impl SqliteStore {
    /// Opens (creating if needed) `anxin.sqlite3` in `data_dir` and brings
    /// its schema up to date.
    pub fn open_in(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::DataDir { path: data_dir.into(), source })?;
        let mut connection = Connection::open(data_dir.join(DATABASE_FILE))?;
        // A writer waits up to 30 s for another connection's transaction
        // (an import run beside the server, many connections in a test).
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )?;
        connection.execute_batch(READ_PRAGMAS)?;
        // Every statement of the push path stays prepared (SQLite parsing
        // SQL was most of a batched push's time).
        connection.set_prepared_statement_cache_capacity(WRITER_STATEMENTS);
        migrate(&mut connection)?;
        let reader = || -> Result<Mutex<Connection>> {
            let c = Connection::open_with_flags(
                data_dir.join(DATABASE_FILE),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            c.execute_batch(READ_PRAGMAS)?;
            Ok(Mutex::new(c))
        };
        let readers = [reader()?, reader()?, reader()?, reader()?];
        Ok(Self { connection: Mutex::new(connection), readers, pushes: PushQueue::default() })
    }

    /// Runs `f` in a read transaction (a consistent view of the committed
    /// data) on a free reader, else on reader `n` once it is free.
    fn reading<T>(&self, n: usize, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let free = self.readers.iter().find_map(|reader| reader.try_lock().ok());
        let mut connection = match free {
            Some(connection) => connection,
            None => self.readers[n % READERS].lock().map_err(|_| StoreError::Poisoned)?,
        };
        let tx = connection.transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// `EXPLAIN QUERY PLAN` of each query the daily report makes. SQLite
    /// only (the statement is SQLite's, and so are the named indexes it
    /// checks): it stays on `SqliteStore`, outside the shared interface.
    pub fn report_query_plans(&self) -> Result<Vec<(String, String)>> {
        self.read(0, areas::reports::query_plans)
    }

    pub(super) fn with_connection<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        let mut connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        f(&mut connection)
    }
}

fn migrate(connection: &mut Connection) -> Result<()> {
    let supported = MIGRATIONS.len() as u32;
    let current: u32 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > supported {
        return Err(StoreError::SchemaTooNew { found: current, supported });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = connection.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "applied database migration");
    }
    Ok(())
}

impl Engine for SqliteStore {
    fn write<T: Send>(&self, mut f: impl FnMut(&dyn Sql) -> Result<T> + Send) -> Result<T> {
        // One writer: SQLite never refuses a transaction for another.
        self.with_connection(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&*tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    fn read<T: Send>(
        &self,
        lane: usize,
        f: impl FnOnce(&dyn Sql) -> Result<T> + Send,
    ) -> Result<T> {
        self.reading(lane, |c| f(c))
    }

    fn lanes(&self) -> usize {
        READERS
    }

    fn pushes(&self) -> &PushQueue {
        &self.pushes
    }

    fn migration_level(&self) -> Result<u32> {
        self.with_connection(|c| Ok(c.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_open_in_creates_file_and_migrates() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_in(&dir.path().join("nested")).unwrap();
        assert!(dir.path().join("nested").join(DATABASE_FILE).is_file());
        assert_eq!(store.migration_level().unwrap(), MIGRATIONS.len() as u32);
    }

    #[test]
    fn test_reopen_keeps_data_and_skips_applied_migrations() {
        let dir = tempfile::tempdir().unwrap();
        drop(SqliteStore::open_in(dir.path()).unwrap());
        let store = SqliteStore::open_in(dir.path()).unwrap();
        let created: String = store
            .with_connection(|c| {
                Ok(c.query_row(
                    "SELECT value FROM server_meta WHERE key = 'created_at'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert!(created.ends_with('Z'));
    }

    #[test]
    fn test_open_refuses_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let connection = Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();
        drop(connection);
        let err = SqliteStore::open_in(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::SchemaTooNew { found: 99, .. }));
    }

    #[test]
    fn test_open_uses_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_in(dir.path()).unwrap();
        let mode: String = store
            .with_connection(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
