//! SQLite: one file under the data folder, WAL mode, full sync.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use super::BookingSlot;
use anxin_domain::account::AccountPerson;
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{AppointmentStatus, BookingRequest, DutyPlan, Schedule, Slot};
use anxin_domain::oversight::ClassDay;
use anxin_domain::report::view::ReportFacts;
use anxin_domain::report::Scope;
use anxin_domain::roster::RosterPerson;
use anxin_domain::sync::{Mutation, PushResult, ServerRevision};
use anxin_domain::Directory;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::areas;
use super::engine::Engine;
use super::group_commit::{push_grouped, PushQueue, WaitingPush};
use super::migrations::MIGRATIONS;
use super::sql::Sql;
use super::{
    Account, AccountStore, AppointmentRow, AuditEntry, BookingAnswer, CounsellingStore,
    ImportSummary, LiveSession, OversightStore, PullPage, ReportStore, Result, Store, StoreError,
    SyncStore,
};

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

    /// Runs `f` in a write transaction on the writer (begun immediately, so
    /// it never fails halfway for another writer), committed when it
    /// returns `Ok`; on an error nothing of it stays.
    pub(super) fn write<T>(&self, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        self.with_connection(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&*tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` in a read transaction on a free reader (see [`Self::reading`]).
    pub(super) fn read<T>(&self, lane: usize, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
        self.reading(lane, |c| f(c))
    }

    /// Freezes the lists of those `days` that are due (on the writer, at
    /// a day's first read).
    fn freeze_days(&self, days: &[NaiveDate], now: DateTime<Utc>) -> Result<()> {
        let due: Vec<NaiveDate> = self.read(0, |tx| {
            let mut due = Vec::new();
            for day in days {
                if areas::reports::snapshot_state(tx, *day, now)?.is_none() {
                    due.push(*day);
                }
            }
            Ok(due)
        })?;
        if due.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for day in &due {
                areas::reports::ensure_snapshot(tx, *day, now)?;
            }
            Ok(())
        })
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

impl ReportStore for SqliteStore {
    fn report_facts(
        &self,
        scope: &Scope,
        day: NaiveDate,
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<ReportFacts>> {
        // A write at the day's first read: its list is frozen then.
        self.freeze_days(&[day], now)?;
        self.read(0, |tx| areas::reports::report_facts(tx, scope, day, now, directory, true, None))
    }

    fn report_facts_of_days(
        &self,
        scope: &Scope,
        days: &[NaiveDate],
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<Vec<ReportFacts>>> {
        self.freeze_days(days, now)?;
        // Half the days on each reader, at once.
        let half = days.len().div_ceil(READERS);
        let read = |n: usize, part: &[NaiveDate]| -> Result<Option<Vec<ReportFacts>>> {
            self.read(n, |tx| {
                let mut all: Vec<ReportFacts> = Vec::with_capacity(part.len());
                for day in part {
                    // The day before was just read: its answers serve.
                    let before = all.last().filter(|f| f.known && f.day.succ_opt() == Some(*day));
                    let yesterday = before.map(areas::reports::yesterday_of);
                    let facts = areas::reports::report_facts(
                        tx,
                        scope,
                        *day,
                        now,
                        directory,
                        false,
                        yesterday.as_ref(),
                    )?;
                    match facts {
                        Some(facts) => all.push(facts),
                        None => return Ok(None),
                    }
                }
                Ok(Some(all))
            })
        };
        let parts: Vec<Result<Option<Vec<ReportFacts>>>> = std::thread::scope(|s| {
            let running: Vec<_> = days
                .chunks(half.max(1))
                .enumerate()
                .map(|(n, part)| s.spawn(move || read(n, part)))
                .collect();
            running.into_iter().map(|h| h.join().unwrap_or(Err(StoreError::Poisoned))).collect()
        });
        let mut all = Vec::with_capacity(days.len());
        for part in parts {
            match part? {
                Some(mut facts) => all.append(&mut facts),
                None => return Ok(None),
            }
        }
        Ok(Some(all))
    }

    fn scope_department(&self, scope: &Scope, day: NaiveDate) -> Result<String> {
        self.read(0, |tx| match scope {
            Scope::Class(class) => areas::reports::class_department(tx, class, day),
            Scope::Department(d) => Ok(d.clone()),
            Scope::School => Ok(String::new()),
        })
    }
}

impl Store for SqliteStore {
    fn schema_version(&self) -> Result<u32> {
        self.with_connection(|c| Ok(c.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }
}

impl SyncStore for SqliteStore {
    fn push(
        &self,
        actor: &AccountPerson,
        client_id: &str,
        mutations: &[Mutation],
        received_at: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Vec<PushResult>> {
        let (push, answered) =
            WaitingPush::new(actor, client_id, mutations, received_at, directory);
        push_grouped(self, push, answered)
    }
    fn pull(&self, person_id: &str, cursor: u64, limit: usize) -> Result<PullPage> {
        self.reading(1, |c| areas::sync::pull(c, person_id, cursor, limit))
    }
}

impl AccountStore for SqliteStore {
    fn import_roster(&self, people: &[RosterPerson], now: DateTime<Utc>) -> Result<ImportSummary> {
        self.write(|tx| areas::roster::import(tx, people, now))
    }
    fn account(&self, person_id: &str) -> Result<Option<Account>> {
        self.write(|tx| areas::accounts::account(tx, person_id))
    }
    fn class_members_without_password(&self, class_name: &str) -> Result<Vec<(String, String)>> {
        self.write(|tx| areas::accounts::class_members_without_password(tx, class_name))
    }
    fn contact_staff(&self) -> Result<Vec<(AccountPerson, String)>> {
        self.write(|tx| areas::accounts::contact_staff(tx))
    }
    fn issue_code(
        &self,
        person_id: &str,
        code_hash: &str,
        issued_by: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            areas::accounts::issue_code(tx, person_id, code_hash, issued_by, now, expires_at)
        })
    }
    fn set_password_with_code(
        &self,
        person_id: &str,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| {
            areas::accounts::set_password_with_code(tx, person_id, code_hash, password_hash, now)
        })
    }
    fn create_session(
        &self,
        token_hash: &str,
        person_id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| areas::accounts::create_session(tx, token_hash, person_id, now, expires_at))
    }
    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<LiveSession>> {
        // On a reader: lookups do not queue behind the writer's commits.
        let Some((session, touch)) =
            self.read(1, |tx| areas::accounts::session(tx, token_hash, now))?
        else {
            return Ok(None);
        };
        if touch {
            self.write(|tx| areas::accounts::touch_session(tx, token_hash, now))?;
        }
        Ok(Some(session))
    }
    fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| areas::accounts::revoke_session(tx, token_hash, now))
    }
    fn audit(&self, entry: &AuditEntry) -> Result<()> {
        self.write(|tx| areas::accounts::audit(tx, entry))
    }
    fn audit_log(&self, person: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>> {
        self.write(|tx| areas::accounts::audit_log(tx, person, limit))
    }
}

impl OversightStore for SqliteStore {
    fn declarations_of(&self, person_id: &str) -> Result<Vec<ServerRevision>> {
        self.write(|tx| areas::oversight::declarations_of(tx, person_id))
    }
    fn class_day(&self, class_name: &str, day: NaiveDate) -> Result<ClassDay> {
        self.write(|tx| areas::oversight::class_day(tx, class_name, day))
    }
    fn class_department(&self, class_name: &str) -> Result<String> {
        self.write(|tx| areas::oversight::class_department(tx, class_name))
    }
}

impl CounsellingStore for SqliteStore {
    fn publish_plan(&self, plan: &DutyPlan, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| areas::counselling::publish_plan(tx, plan, now))
    }
    fn plans(&self) -> Result<Vec<DutyPlan>> {
        self.read(0, |tx| areas::counselling::plans(tx))
    }
    fn schedule(&self, now: DateTime<Utc>) -> Result<Schedule> {
        self.read(0, |tx| areas::counselling::schedule(tx, now))
    }
    fn pseudonym_key(&self) -> Result<String> {
        self.read(0, |tx| areas::counselling::pseudonym_key(tx))
    }
    fn appointments_of(
        &self,
        counsellor_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AppointmentRow>> {
        self.read(0, |tx| areas::counselling::appointments_of(tx, counsellor_id, from, to))
    }
    fn booking_slot(&self, booking_id: &str) -> Result<Option<BookingSlot>> {
        self.read(0, |tx| areas::counselling::booking_slot(tx, booking_id))
    }
    fn set_status(
        &self,
        booking_id: &str,
        from: AppointmentStatus,
        to: AppointmentStatus,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| areas::counselling::set_status(tx, booking_id, from, to, reason, now))
    }
    fn accept(&self, booking_id: &str, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| areas::counselling::accept(tx, booking_id, now))
    }
    fn propose(
        &self,
        booking_id: &str,
        counsellor_id: &str,
        start: NaiveDateTime,
        now: DateTime<Utc>,
    ) -> Result<Option<Slot>> {
        self.write(|tx| areas::counselling::propose(tx, booking_id, counsellor_id, start, now))
    }
    fn save_note(
        &self,
        booking_id: &str,
        author_id: &str,
        sealed: &SealedNote,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| areas::counselling::save_note(tx, booking_id, author_id, sealed, now))
    }
    fn note(&self, booking_id: &str) -> Result<Option<(String, SealedNote)>> {
        self.read(0, |tx| areas::counselling::note(tx, booking_id))
    }
    fn request_booking(
        &self,
        person_id: &str,
        request: &BookingRequest,
        now: DateTime<Utc>,
        notice_minutes: u32,
    ) -> Result<BookingAnswer> {
        self.write(|tx| {
            areas::counselling::request_booking(tx, person_id, request, now, notice_minutes)
        })
    }
}

impl Engine for SqliteStore {
    fn write<T>(&self, mut f: impl FnMut(&dyn Sql) -> Result<T>) -> Result<T> {
        // One writer: SQLite never refuses a transaction for another.
        self.with_connection(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&*tx)?;
            tx.commit()?;
            Ok(out)
        })
    }

    fn read<T>(&self, lane: usize, f: impl FnOnce(&dyn Sql) -> Result<T>) -> Result<T> {
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
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
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
