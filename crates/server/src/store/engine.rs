//! What an engine gives the store's areas: transactions over [`Sql`], and
//! the queue where pushes wait to be committed together. Every area trait
//! is implemented once, for any engine (`areas.rs`); an engine only opens,
//! commits and retries.

use super::group_commit::PushQueue;
use super::sql::Sql;
use super::Result;

pub trait Engine: Send + Sync + 'static {
    /// Runs `f` in a write transaction, committed when it returns `Ok`; on
    /// an error nothing of it stays. Writes are serialized (on PostgreSQL,
    /// across server processes too), so the change log's cursors are
    /// handed out in commit order. Where the database refuses a
    /// transaction only for one that ran beside it, `f` runs again (a
    /// bounded number of times).
    fn write<T: Send>(&self, f: impl FnMut(&dyn Sql) -> Result<T> + Send) -> Result<T>;

    /// Runs `f` in a read-only transaction (one consistent view of what is
    /// committed), beside the writer. `lane` spreads reads made at once
    /// over connections.
    fn read<T: Send>(&self, lane: usize, f: impl FnOnce(&dyn Sql) -> Result<T> + Send)
        -> Result<T>;

    /// Runs `f`, which reads with one statement and so needs no snapshot
    /// of its own: where opening and closing a transaction costs round
    /// trips (PostgreSQL), it runs without one. A session lookup, made on
    /// every request, is one.
    fn read_single<T: Send>(
        &self,
        lane: usize,
        f: impl FnMut(&dyn Sql) -> Result<T> + Send,
    ) -> Result<T> {
        self.read(lane, f)
    }

    /// How many reads can run at once.
    fn lanes(&self) -> usize;

    /// Where pushes wait for the writer (group commit).
    fn pushes(&self) -> &PushQueue;

    /// The migration level of the database; also proves it can be read.
    fn migration_level(&self) -> Result<u32>;
}
