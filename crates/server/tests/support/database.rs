//! The database a test runs on. By default SQLite, in the test's data
//! folder. With `ANXIN_TEST_BACKEND=postgres` (run under
//! `scripts/with-postgres.sh`, which starts a throwaway cluster and names
//! it in `ANXIN_TEST_DATABASE_URL`), a fresh PostgreSQL database for each
//! data folder: the same tests, unchanged, on the other engine.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use anxin_server::store::sql::Sql;
use anxin_server::store::{Engine, PostgresStore, SqliteStore, Store};

/// Where a data folder keeps the address of its PostgreSQL database.
pub const URL_FILE: &str = "test-database-url";

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// Runs `f` on a thread of its own: the blocking PostgreSQL client may
/// not run inside an async test's runtime.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("no panic"))
}

/// The suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("ANXIN_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// The PostgreSQL database of `data_dir` (made at its first use), when
/// the suite runs on PostgreSQL.
pub fn database_url(data_dir: &Path) -> Option<String> {
    if !on_postgres() {
        return None;
    }
    let file = data_dir.join(URL_FILE);
    if let Ok(url) = std::fs::read_to_string(&file) {
        return Some(url);
    }
    let admin = std::env::var("ANXIN_TEST_DATABASE_URL")
        .expect("ANXIN_TEST_BACKEND=postgres runs under scripts/with-postgres.sh");
    let name =
        format!("anxin_test_{}_{}", std::process::id(), DATABASES.fetch_add(1, Ordering::Relaxed));
    off_runtime(|| {
        let mut client =
            postgres::Client::connect(&admin, postgres::NoTls).expect("the test cluster");
        client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    });
    let (server, _) = admin.rsplit_once('/').expect("a database address");
    let url = format!("{server}/{name}");
    std::fs::create_dir_all(data_dir).unwrap();
    std::fs::write(&file, &url).unwrap();
    Some(url)
}

/// The store of `data_dir`, on the suite's engine.
pub fn store_at(data_dir: &Path) -> Arc<dyn Store> {
    match database_url(data_dir) {
        Some(url) => Arc::new(PostgresStore::open(&url).expect("the test database opens")),
        None => Arc::new(SqliteStore::open_in(data_dir).expect("the test database opens")),
    }
}

/// Runs raw SQL on `data_dir`'s database, in one write transaction: for a
/// test that sets up what no endpoint can (a slot long past, a corrupt
/// row). The SQL is the store's own dialect (`?1` placeholders).
pub fn with_sql<T: Send>(
    data_dir: &Path,
    f: impl FnMut(&dyn Sql) -> anxin_server::store::Result<T> + Send,
) -> T {
    match database_url(data_dir) {
        Some(url) => PostgresStore::open(&url).unwrap().write(f).unwrap(),
        None => SqliteStore::open_in(data_dir).unwrap().write(f).unwrap(),
    }
}

/// The server's flags that choose `data_dir`'s database.
pub fn database_args(data_dir: &Path) -> Vec<String> {
    match database_url(data_dir) {
        Some(url) => vec!["--database".into(), url],
        None => vec![],
    }
}

/// A server config on `data_dir`'s database (see [`database_url`]).
pub fn config(data_dir: &Path, dist: &Path) -> anxin_server::Config {
    let mut config = anxin_server::Config::new(data_dir, dist);
    config.database = database_url(data_dir);
    config
}
