//! PostgreSQL, when `--database postgres://…` says so: a pool of blocking
//! connections (the store runs on the blocking pool, as SQLite's does),
//! writes serialized across every server process by one advisory lock
//! held from before the transaction begins until after it commits — so
//! the change log's cursors are handed out in commit order and a pull
//! never skips a change committed late — and reads beside them in
//! REPEATABLE READ snapshots. `synchronous_commit` stays on.

use std::cell::RefCell;
use std::time::Duration;

use ::postgres::NoTls;

use super::engine::Engine;
use super::group_commit::PushQueue;
use super::migrations_postgres::MIGRATIONS_POSTGRES;
use super::postgres_sql::{PgConnection, PgTransaction};
use super::sql::Sql;
use super::{Result, StoreError};

/// The advisory lock every write holds: one writer at a time, whichever
/// server process it runs in ("anxin" in ASCII).
const WRITE_LOCK: i64 = 0x61_6e_78_69_6e;

/// How many times a transaction refused for another one is run.
const ATTEMPTS: u32 = 6;

/// Connections per server process; reads spread over `LANES` of them.
const POOL_SIZE: u32 = 16;
const LANES: usize = 4;

pub struct PostgresStore {
    /// Always `Some` until dropped.
    pool: Option<r2d2::Pool<Manager>>,
    /// The connection every write of this process runs on, one at a time
    /// (they would wait for the write lock anyway): its statements stay
    /// prepared and planned. `None` until the first write, or after it
    /// broke.
    writer: std::sync::Mutex<Option<PgConnection>>,
    connect: Manager,
    pushes: PushQueue,
}

thread_local! {
    /// Set while the thread runs a call that may block (see `may_block`).
    static MAY_BLOCK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` marking the thread as one where store calls may block: the
/// server's handlers call the store this way, on tokio's blocking pool.
pub fn may_block<T>(f: impl FnOnce() -> T) -> T {
    let before = MAY_BLOCK.with(|flag| flag.replace(true));
    let out = f();
    MAY_BLOCK.with(|flag| flag.set(before));
    out
}

/// Runs `f` where the blocking client may block. The `postgres` crate runs
/// a small runtime of its own for each connection, and tokio refuses to
/// block (or to drop a runtime) inside async code. On the blocking pool
/// (`may_block`) and outside any runtime `f` runs here; from anywhere else
/// in a runtime's context it runs on a thread of its own, joined before
/// returning.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if MAY_BLOCK.with(|flag| flag.get()) || tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // Closing the connections drops their runtimes.
        let pool = self.pool.take();
        let writer = self.writer.get_mut().ok().and_then(Option::take);
        off_runtime(move || drop((pool, writer)));
    }
}

#[derive(Clone)]
struct Manager {
    config: ::postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = ::postgres::Error;

    fn connect(&self) -> std::result::Result<PgConnection, ::postgres::Error> {
        let mut client = self.config.connect(NoTls)?;
        // Durability is not traded for speed, whatever the server's default.
        client.batch_execute("SET synchronous_commit = on; SET TIME ZONE 'UTC';")?;
        Ok(PgConnection::new(client))
    }

    fn is_valid(
        &self,
        connection: &mut PgConnection,
    ) -> std::result::Result<(), ::postgres::Error> {
        connection.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, connection: &mut PgConnection) -> bool {
        connection.client.is_closed()
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`)
    /// and brings its schema up to date.
    pub fn open(url: &str) -> Result<Self> {
        let mut config: ::postgres::Config = url
            .parse()
            .map_err(|_| StoreError::Unreachable("the database address cannot be read".into()))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        let connect = Manager { config };
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(5))
            // No test query per checkout (a round trip each time): a
            // connection the database closed meanwhile is found by its
            // first statement and replaced (`answering`).
            .test_on_check_out(false)
            // Errors reach the caller; r2d2 would also print them.
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build(connect.clone())
            .map_err(|err| StoreError::Unreachable(err.to_string()))?;
        let store = PostgresStore {
            pool: Some(pool),
            writer: std::sync::Mutex::new(None),
            connect,
            pushes: PushQueue::default(),
        };
        off_runtime(|| store.migrate())?;
        Ok(store)
    }

    fn connection(&self) -> Result<r2d2::PooledConnection<Manager>> {
        let pool = self.pool.as_ref().ok_or(StoreError::Poisoned)?;
        pool.get().map_err(|err| StoreError::Unreachable(err.to_string()))
    }

    /// A pooled connection that has run `first`. One the database closed
    /// while it sat in the pool (a restart) fails before anything of the
    /// call ran, and is replaced by a fresh one, once.
    fn answering(&self, first: &str) -> Result<r2d2::PooledConnection<Manager>> {
        let mut connection = self.connection()?;
        match connection.client.batch_execute(first) {
            Ok(()) => Ok(connection),
            Err(_) if connection.client.is_closed() => {
                // Returned broken, it leaves the pool.
                drop(connection);
                let mut connection = self.connection()?;
                connection.client.batch_execute(first)?;
                Ok(connection)
            }
            Err(err) => Err(err.into()),
        }
    }

    fn migrate(&self) -> Result<()> {
        let mut connection = self.answering(TAKE_WRITE_LOCK)?;
        let supported = MIGRATIONS_POSTGRES.len() as u32;
        holding_write_lock(&mut connection, |c| {
            c.client.batch_execute(
                "CREATE TABLE IF NOT EXISTS anxin_schema (level BIGINT NOT NULL);
                 INSERT INTO anxin_schema (level)
                     SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM anxin_schema);",
            )?;
            let current = level_of(c)?;
            if current > supported {
                return Err(StoreError::SchemaTooNew { found: current, supported });
            }
            for (index, sql) in MIGRATIONS_POSTGRES.iter().enumerate().skip(current as usize) {
                let level = index as i64 + 1;
                let mut tx = c.client.transaction()?;
                tx.batch_execute(sql)?;
                tx.execute("UPDATE anxin_schema SET level = $1", &[&level])?;
                tx.commit()?;
                tracing::info!(version = level, "applied database migration");
            }
            Ok(())
        })
    }
}

fn level_of(connection: &mut PgConnection) -> Result<u32> {
    let level: i64 = connection.client.query_one("SELECT level FROM anxin_schema", &[])?.get(0);
    u32::try_from(level).map_err(|_| StoreError::Corrupt("the schema level".into()))
}

/// Takes the write lock: before any transaction begins (a REPEATABLE READ
/// snapshot taken while waiting for it would miss what the writer before
/// committed).
const TAKE_WRITE_LOCK: &str = "SELECT pg_advisory_lock(418465212782)";

/// Begins a write. A write holds the lock every other waits for, and
/// looks rows up by key: it is planned so. A table filled since autovacuum
/// last analyzed it (a new deployment's first minutes, a busy morning) has
/// no statistics, and PostgreSQL would then scan all of it, and hash it,
/// to look up a few keys (2 ms instead of 0.06 ms for a push's mutation
/// ids at 13,000 rows, and growing).
const BEGIN_WRITE: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ;
     SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off;";

/// Runs `f` on a connection holding the write lock (`TAKE_WRITE_LOCK`),
/// and lets go of it afterwards whatever happened. A connection that broke
/// lets go of it with its session.
fn holding_write_lock<T>(
    connection: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    let out = f(connection);
    let unlocked = connection.client.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK]);
    match (out, unlocked) {
        (Ok(value), Ok(_)) => Ok(value),
        (Ok(_), Err(err)) => Err(err.into()),
        (Err(err), _) => Err(err),
    }
}

/// Runs `f` in the transaction begun on `connection`: committed on `Ok`,
/// rolled back on an error.
fn in_transaction<T>(
    connection: &mut PgConnection,
    f: impl FnOnce(&dyn Sql) -> Result<T>,
) -> Result<T> {
    let out = {
        let tx = PgTransaction { connection: RefCell::new(&mut *connection) };
        f(&tx)
    };
    match out {
        Ok(value) => {
            connection.client.batch_execute("COMMIT")?;
            Ok(value)
        }
        Err(err) => {
            // A broken connection rolls back by itself.
            let _ = connection.client.batch_execute("ROLLBACK");
            Err(err)
        }
    }
}

/// Runs `f` on `connection` outside any transaction (each statement is
/// its own).
fn unwrapped<T>(
    connection: &mut PgConnection,
    f: &mut impl FnMut(&dyn Sql) -> Result<T>,
) -> Result<T> {
    let tx = PgTransaction { connection: RefCell::new(connection) };
    f(&tx)
}

/// A short random pause before a retry, longer each time, so that two
/// writers refused together do not collide again.
fn back_off(attempt: u32) {
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    let ms = (5u64 << attempt.min(6)) + u64::from(byte[0]) % 20;
    std::thread::sleep(Duration::from_millis(ms));
}

impl Engine for PostgresStore {
    fn write<T: Send>(&self, f: impl FnMut(&dyn Sql) -> Result<T> + Send) -> Result<T> {
        off_runtime(|| self.write_here(f))
    }

    fn read<T: Send>(
        &self,
        _lane: usize,
        f: impl FnOnce(&dyn Sql) -> Result<T> + Send,
    ) -> Result<T> {
        off_runtime(|| {
            let mut connection =
                self.answering("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
            in_transaction(&mut connection, f)
        })
    }

    fn read_single<T: Send>(
        &self,
        _lane: usize,
        mut f: impl FnMut(&dyn Sql) -> Result<T> + Send,
    ) -> Result<T> {
        off_runtime(|| {
            // One statement is its own transaction. A connection the
            // database closed while it sat in the pool fails at it, having
            // done nothing, and is replaced, once.
            let mut connection = self.connection()?;
            match unwrapped(&mut connection, &mut f) {
                Err(_) if connection.client.is_closed() => {
                    drop(connection);
                    unwrapped(&mut *self.connection()?, &mut f)
                }
                other => other,
            }
        })
    }

    fn lanes(&self) -> usize {
        LANES
    }

    fn pushes(&self) -> &PushQueue {
        &self.pushes
    }

    fn migration_level(&self) -> Result<u32> {
        off_runtime(|| level_of(&mut *self.connection()?))
    }
}

impl PostgresStore {
    fn write_here<T>(&self, mut f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T> {
        let mut held = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut attempt = 1;
        loop {
            // Out of the slot while in use: should `f` panic, the
            // connection closes, which rolls back and lets go of the lock.
            let mut connection = self.locked_writer(held.take())?;
            let out = holding_write_lock(&mut connection, |c| {
                c.client.batch_execute(BEGIN_WRITE)?;
                in_transaction(c, &mut f)
            });
            if !connection.client.is_closed() {
                *held = Some(connection);
            }
            match out {
                Err(err) if err.is_retryable() && attempt < ATTEMPTS => {
                    back_off(attempt);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// The writer connection `kept` (or a new one) holding the write lock.
    /// One the database closed since its last write (a restart) fails
    /// before anything ran, and is replaced by a fresh one, once.
    fn locked_writer(&self, kept: Option<PgConnection>) -> Result<PgConnection> {
        use r2d2::ManageConnection;
        let connect =
            || self.connect.connect().map_err(|err| StoreError::Unreachable(err.to_string()));
        let mut connection = match kept {
            Some(connection) => connection,
            None => connect()?,
        };
        match connection.client.batch_execute(TAKE_WRITE_LOCK) {
            Ok(()) => Ok(connection),
            Err(_) if connection.client.is_closed() => {
                let mut fresh = connect()?;
                fresh.client.batch_execute(TAKE_WRITE_LOCK)?;
                Ok(fresh)
            }
            Err(err) => Err(err.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_the_lock_taken_is_the_lock_let_go() {
        assert!(super::TAKE_WRITE_LOCK.contains(&format!("({})", super::WRITE_LOCK)));
    }
}
