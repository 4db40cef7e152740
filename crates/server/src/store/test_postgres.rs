//! For the store's own tests: a fresh PostgreSQL database on the cluster
//! the suite runs beside (`scripts/with-postgres.sh`), when it runs on
//! PostgreSQL (`ANXIN_TEST_BACKEND=postgres`).

use super::PostgresStore;

/// A store on a new, empty database; `None` unless the suite runs on
/// PostgreSQL.
pub fn fresh_store() -> Option<PostgresStore> {
    if std::env::var("ANXIN_TEST_BACKEND").as_deref() != Ok("postgres") {
        return None;
    }
    let admin = std::env::var("ANXIN_TEST_DATABASE_URL").ok()?;
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap();
    let name = format!("anxin_unit_{}_{}", std::process::id(), u32::from_le_bytes(bytes));
    let mut client = ::postgres::Client::connect(&admin, ::postgres::NoTls).unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let (server, _) = admin.rsplit_once('/').unwrap();
    Some(PostgresStore::open(&format!("{server}/{name}")).unwrap())
}
