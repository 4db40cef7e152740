//! Server storage: one trait per area (sync, accounts, oversight,
//! counselling, reports, passes, gate, returns, visitors), each implemented
//! once (`areas.rs`) for any [`Engine`]: SQLite, the embedded default (one
//! file, no setup), or PostgreSQL (`--database postgres://…`), for several
//! server processes and a standby. The rules are the domain's; the areas
//! read facts, ask the domain, and write the outcome, in one transaction.

mod areas;
mod engine;
mod group_commit;
mod migrations;
mod migrations_postgres;
mod postgres_copy;
mod postgres_sql;
mod postgres_store;
pub mod sql;
mod sql_batch;
mod sqlite;
mod sqlite_sql;
#[cfg(test)]
mod test_postgres;

pub use engine::Engine;
pub use postgres_store::{may_block, PostgresStore};
pub use sqlite::SqliteStore;

use anxin_domain::account::AccountPerson;
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{
    AppointmentStatus, BookingRequest, BookingState, DutyPlan, Schedule, Slot, Urgency,
};
use anxin_domain::oversight::ClassDay;
use anxin_domain::report::view::ReportFacts;
use anxin_domain::report::Scope;
use anxin_domain::roster::RosterPerson;
use anxin_domain::sync::{Mutation, PulledChange, PushResult, ServerRevision};
use anxin_domain::visitor::VisitorRegistration;
use anxin_domain::Directory;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: std::path::PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL's error code and message (never its detail, which can
    /// quote a row's values: store errors are logged).
    #[error("database error: {}", postgres_error(.0))]
    Postgres(#[from] postgres::Error),
    /// No connection to the database could be had in time.
    #[error("the database cannot be reached: {0}")]
    Unreachable(String),
    #[error("the database schema version {found} is newer than this server ({supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("the database lock was poisoned by an earlier failure")]
    Poisoned,
    #[error("a stored record cannot be read back: {0}")]
    Corrupt(String),
    /// A group commit could not store a push (nothing of it was kept).
    #[error("the commit failed: {0}")]
    Commit(String),
    /// The client id was first used by another person.
    #[error("the client id belongs to another person")]
    ClientOfAnotherPerson,
    /// A rehearsal (the purge's dry run) rolled back on purpose.
    #[error("rolled back: a dry run")]
    RolledBack,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Opens the server's database: PostgreSQL at `database` when it is a
/// `postgres://` address, otherwise SQLite in `data_dir`.
pub fn open(
    database: Option<&str>,
    data_dir: &std::path::Path,
) -> Result<std::sync::Arc<dyn Store>> {
    match database {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(std::sync::Arc::new(PostgresStore::open(url)?))
        }
        Some(other) => Err(StoreError::Unreachable(format!(
            "the database must be a postgres:// address, not {:?}",
            other.split(':').next().unwrap_or_default()
        ))),
        None => Ok(std::sync::Arc::new(SqliteStore::open_in(data_dir)?)),
    }
}

fn postgres_error(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => format!("{} {}", db.code().code(), db.message()),
        None => err.to_string(),
    }
}

impl StoreError {
    /// The database refused a transaction only because another ran beside
    /// it (a serialization failure or a deadlock; a unique key two writers
    /// both took): running it again decides it against what the other
    /// wrote, so it is retried, a bounded number of times.
    pub fn is_retryable(&self) -> bool {
        use postgres::error::SqlState;
        match self {
            StoreError::Postgres(err) => err.code().is_some_and(|code| {
                [
                    SqlState::T_R_SERIALIZATION_FAILURE,
                    SqlState::T_R_DEADLOCK_DETECTED,
                    SqlState::UNIQUE_VIOLATION,
                ]
                .contains(code)
            }),
            _ => false,
        }
    }
}

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

/// A person of the roster and their password, if set.
#[derive(Debug, Clone)]
pub struct Account {
    pub person: AccountPerson,
    pub active: bool,
    /// Argon2id, PHC string; `None` until the first sign-in sets it.
    pub password_hash: Option<String>,
    /// The last reset of the password by someone else, if any.
    pub password_reset: Option<PasswordResetBy>,
}

/// Who reset a person's password (a code they issued was used) and when.
#[derive(Debug, Clone)]
pub struct PasswordResetBy {
    /// A person's id, or `anxin_domain::account::ISSUED_AT_THE_SERVER`.
    pub by: String,
    /// Their name, if they are on the roster.
    pub by_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// A session in force: whose, and when it ends at the latest.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub person: AccountPerson,
    pub expires_at: DateTime<Utc>,
}

/// One line of the audit log. Never a password, code, token or any health
/// or counselling content: ids, an event name, an address, and a detail
/// such as the endpoint refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub event: String,
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub address: Option<String>,
    pub detail: Option<String>,
}

/// A booking request's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingAnswer {
    /// As decided now, or the first time the id was sent.
    Decided(BookingState),
    /// The booking id was first used by another person.
    IdOfAnotherPerson,
    /// The booking it would move cannot move: not the person's, no longer
    /// booked, or too close to its start.
    Refused(anxin_domain::sync::RejectCode),
}

/// A booking that holds a slot, as stored.
#[derive(Debug, Clone)]
pub struct AppointmentRow {
    pub slot: Slot,
    pub booking: BookingRow,
}

/// A booking as stored, with who made it, but for its slot: the handler
/// decides what of it the asker may see (an anonymous visitor's identity
/// never reaches the counsellor).
#[derive(Debug, Clone)]
pub struct BookingRow {
    pub booking_id: String,
    pub person_id: String,
    pub name: String,
    pub anonymous: bool,
    pub status: AppointmentStatus,
    pub phone: String,
    pub topic: String,
    pub urgency: Urgency,
    pub requested_at: DateTime<Utc>,
    pub accepted: bool,
    pub proposed: Option<Slot>,
    pub reason: Option<String>,
    /// When it was last decided (for a mark: when it was made).
    pub decided_at: DateTime<Utc>,
    /// Moved by the person: the new time.
    pub moved_to: Option<Slot>,
}

/// What a counsellor's decision on a booking is judged on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingSlot {
    pub counsellor_id: String,
    pub status: AppointmentStatus,
    pub slot: Slot,
    pub decided_at: DateTime<Utc>,
}

/// The daily report's reads (SPEC §2); its writes arrive as mutations
/// through [`Store::push`].
pub trait ReportStore {
    /// The facts of `scope`'s report on `day` (freezing that day's list of
    /// who is expected at its first read); `None` for a class or
    /// department the roster never had.
    fn report_facts(
        &self,
        scope: &Scope,
        day: NaiveDate,
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<ReportFacts>>;

    /// The facts of each of `days`, in one read (the 14-day trend).
    fn report_facts_of_days(
        &self,
        scope: &Scope,
        days: &[NaiveDate],
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<Vec<ReportFacts>>>;

    /// The department a scope belongs to on `day` (a class's; a
    /// department's own name; empty for the school).
    fn scope_department(&self, scope: &Scope, day: NaiveDate) -> Result<String>;
}

/// A signing key of daily passes.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredPassKey {
    pub id: u16,
    pub secret: [u8; 32],
    /// Set once a newer key signs: its passes verify until then.
    pub valid_until: Option<DateTime<Utc>>,
}

impl StoredPassKey {
    /// The key as every phone receives it: its id, public half, validity.
    pub fn public(&self) -> anxin_domain::pass::verify::PassKey {
        anxin_domain::pass::verify::PassKey {
            id: self.id,
            public_hex: anxin_domain::pass::verify::public_hex(&self.secret),
            valid_until: self.valid_until,
        }
    }
}

impl std::fmt::Debug for StoredPassKey {
    // Never the secret, in a log or a test's output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredPassKey")
            .field("id", &self.id)
            .field("valid_until", &self.valid_until)
            .finish()
    }
}

/// What a person's daily pass is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassFacts {
    /// Their current declaration of the day.
    pub answers: anxin_domain::declaration::DeclarationAnswers,
    pub name: String,
    pub class_name: String,
    /// Under medical isolation observation (begun at the gate, ended only
    /// by an office).
    pub in_isolation_observation: bool,
    /// Their applications to return to campus.
    pub returns: Vec<anxin_domain::campus_return::ReturnApplication>,
    /// The location of their declaration in force per day, from the
    /// earliest planned return on (what uses an approval up).
    pub locations: Vec<(NaiveDate, anxin_domain::declaration::LocationKind)>,
}

/// One person of the day's gate list, as stored: the status is the
/// domain's (`anxin_domain::pass::status_of_day`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateListFacts {
    pub person_id: String,
    pub name: String,
    pub class_name: String,
    /// Their declaration in force that day, if any.
    pub answers: Option<anxin_domain::declaration::DeclarationAnswers>,
    pub in_isolation_observation: bool,
    /// Their return to campus is approved for that day.
    pub return_approved: bool,
}

/// A guard's record as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGateRecord {
    pub record: anxin_domain::gate::GateRecord,
    pub guard_id: String,
    /// Whom it is about, when the server could tell.
    pub person_id: Option<String>,
    pub flags: Vec<anxin_domain::gate::GateFlag>,
    pub device_time: DateTime<Utc>,
}

/// The gate's storage (SPEC §6): guards' records are decided in the sync
/// push; these are the reads around them.
pub trait GateStore {
    /// Keeps the pseudonym a person's passes carry (hex), so a scanned pass
    /// names its person; nothing changes once kept.
    fn remember_pseudonym(&self, person_id: &str, pseudonym: &str) -> Result<()>;

    /// The active people in id order, `limit` from `offset`, with their
    /// declaration in force on `day`; and how many there are in all.
    fn gate_list_facts(
        &self,
        day: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<GateListFacts>, usize)>;

    /// The guards' records of `day`, in the order they were made.
    fn gate_records_of_day(&self, day: NaiveDate) -> Result<Vec<StoredGateRecord>>;
}

/// Return to campus's reads (SPEC §6); its writes arrive as mutations
/// through [`Store::push`].
pub trait ReturnStore {
    /// Every application still waiting for a decision, with who applied,
    /// oldest first (the handler keeps those of the asker's step).
    fn pending_returns(&self) -> Result<Vec<anxin_domain::campus_return::ReturnToDecide>>;
}

/// The daily pass's storage (SPEC §6).
pub trait PassStore {
    /// The signing keys, the one that signs first; the first call makes one.
    fn pass_keys(&self, now: DateTime<Utc>) -> Result<Vec<StoredPassKey>>;

    /// A new signing key (its id); the older ones verify until `old_until`.
    fn rotate_pass_key(&self, now: DateTime<Utc>, old_until: DateTime<Utc>) -> Result<u16>;

    /// What `person_id`'s pass for `day` is made from; `None` without a
    /// declaration that day.
    fn pass_facts(&self, person_id: &str, day: NaiveDate) -> Result<Option<PassFacts>>;
}

/// A guard's record of a visitor at the gate, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVisitorGateRecord {
    pub guard_id: String,
    pub record: anxin_domain::visitor::VisitorGateRecord,
    /// What the server's check found wrong (empty: nothing).
    pub flags: Vec<anxin_domain::visitor::VisitorFlag>,
    /// The guard's phone's time, judged like every device time.
    pub device_time: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
}

/// Visitors and vehicles (SPEC §6); the writes arrive as mutations
/// through [`Store::push`].
pub trait VisitorStore {
    /// The registrations of hosts of `department` that wait for the
    /// office's decision on `today`, soonest visit first.
    fn pending_visitors(
        &self,
        department: &str,
        today: NaiveDate,
    ) -> Result<Vec<VisitorRegistration>>;

    /// Every registration for a visit on `day`, whatever its state.
    fn visitors_of_day(&self, day: NaiveDate) -> Result<Vec<VisitorRegistration>>;

    /// One registration.
    fn visitor(&self, visitor_id: &str) -> Result<Option<VisitorRegistration>>;

    /// The guards' records of visitors made on `day`, in order of arrival.
    fn visitor_gate_records(&self, day: NaiveDate) -> Result<Vec<StoredVisitorGateRecord>>;
}

pub use anxin_domain::privacy::own_data::{
    ConsentRecord as StoredConsent, NoticeView as StoredNoticeView,
};

/// Privacy (SPEC §7): the notice versions and the consents; the writes
/// arrive as mutations through [`Store::push`].
pub trait PrivacyStore {
    /// Records the notice `version` as published with `hash`. A version
    /// published before with another hash is refused: its hash is given
    /// back (a new text needs a new version).
    fn publish_notice(
        &self,
        version: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>>;
    /// Which notices the person saw, in order of arrival.
    fn notice_views(&self, person_id: &str) -> Result<Vec<StoredNoticeView>>;
    /// The person's consents given and withdrawn, by purpose, in order.
    fn consents(&self, person_id: &str) -> Result<Vec<StoredConsent>>;
    /// Everything the server holds about the person, for their export.
    fn own_data(
        &self,
        person_id: &str,
        now: DateTime<Utc>,
    ) -> Result<anxin_domain::privacy::own_data::OwnData>;
    /// Logs staff reads of named health data (one per person shown).
    fn log_staff_reads(
        &self,
        reads: &[anxin_domain::privacy::staff_reads::StaffRead],
    ) -> Result<()>;
    /// The logged reads of a person's records (`subject`), or by a reader,
    /// oldest first, at most `limit` of the newest.
    fn staff_reads(
        &self,
        subject: Option<&str>,
        reader: Option<&str>,
        limit: usize,
    ) -> Result<Vec<anxin_domain::privacy::staff_reads::StaffRead>>;
    /// Records a consent as its mutation would (the bookings a withdrawal
    /// cancelled are given back), for imports and tests.
    fn record_consent(
        &self,
        person_id: &str,
        consent: &anxin_domain::privacy::Consent,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<Vec<String>, anxin_domain::ErrorCode>>;
}

/// Requests for deletion (PIPL art. 47): they arrive as mutations through
/// [`Store::push`]; the admin lists and answers them on the command line.
pub trait DeletionStore {
    /// The requests (with whose), oldest first: those waiting, or all.
    fn deletion_requests(
        &self,
        waiting_only: bool,
    ) -> Result<Vec<(String, anxin_domain::privacy::deletion::DeletionStanding)>>;
    /// Answers a waiting request (`by`: the admin, as the audit log names
    /// them); the person's phones learn it with their next sync.
    fn answer_deletion(
        &self,
        request_id: &str,
        outcome: anxin_domain::privacy::deletion::DeletionOutcome,
        text: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<
        std::result::Result<
            (String, anxin_domain::privacy::deletion::DeletionStanding),
            anxin_domain::ErrorCode,
        >,
    >;
}

/// The retention purge (SPEC §7) and the declared end of the epidemic
/// response.
pub trait RetentionStore {
    fn response_end(&self) -> Result<Option<NaiveDate>>;
    /// Records the end of the epidemic response (`by`: the admin, as the
    /// audit log names them), once.
    fn declare_response_end(
        &self,
        day: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<(), anxin_domain::privacy::retention::ResponseEndError>>;
    /// Deletes and masks what is due on `today`, or (`dry_run`) does it and
    /// rolls back: the counts are the same.
    fn purge(
        &self,
        policy: &anxin_domain::privacy::retention::RetentionPolicy,
        today: NaiveDate,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<anxin_domain::privacy::purge::PurgeRun>;
    /// The daily run: once a school day whichever process asks first
    /// (`None`: done already today); then tomorrow's is rehearsed and kept
    /// for the school office's warning.
    fn daily_purge(
        &self,
        policy: &anxin_domain::privacy::retention::RetentionPolicy,
        now: DateTime<Utc>,
    ) -> Result<Option<anxin_domain::privacy::purge::PurgeRun>>;
    /// What the next daily run will remove, as rehearsed after the last.
    fn next_purge(&self) -> Result<Option<anxin_domain::privacy::purge::PurgeRun>>;
    /// The latest real runs, oldest first.
    fn purge_runs(&self, limit: usize) -> Result<Vec<anxin_domain::privacy::purge::PurgeRun>>;
    /// The first day whose raw records are kept: the days before are closed.
    fn kept_from(&self) -> Result<Option<NaiveDate>>;
}

/// Every area's trait, for code that holds a concrete store (a backend's
/// own tests, the command line, the benchmarks): `use …::store::prelude::*`.
pub mod prelude {
    pub use super::{
        AccountStore, CounsellingStore, DeletionStore, GateStore, OversightStore, PassStore,
        PrivacyStore, ReportStore, RetentionStore, ReturnStore, Store, SyncStore, VisitorStore,
    };
}

/// What the handlers need from storage: a backend implements each area.
pub trait Store:
    SyncStore
    + AccountStore
    + OversightStore
    + CounsellingStore
    + ReportStore
    + PassStore
    + GateStore
    + ReturnStore
    + VisitorStore
    + PrivacyStore
    + DeletionStore
    + RetentionStore
    + Send
    + Sync
    + 'static
{
    /// The migration level of the database; also proves it can be read.
    fn schema_version(&self) -> Result<u32>;
}

/// Sync: deciding pushes and reading the change log (SPEC §5).
pub trait SyncStore {
    /// Decides each mutation of `client_id` (made by `actor`) exactly
    /// once, in sequence order, all in one transaction: on an error nothing
    /// is stored. Results are in sequence order.
    fn push(
        &self,
        actor: &AccountPerson,
        client_id: &str,
        mutations: &[Mutation],
        received_at: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Vec<PushResult>>;
    /// What changed for `person_id` after `cursor`, at most `limit`.
    fn pull(&self, person_id: &str, cursor: u64, limit: usize) -> Result<PullPage>;
}

/// Accounts: the roster, sign-in codes, passwords, sessions and the audit log.
pub trait AccountStore {
    /// Replaces the roster with `people`, in one transaction: new people
    /// added, changed ones updated, absent ones deactivated (never deleted).
    fn import_roster(&self, people: &[RosterPerson], now: DateTime<Utc>) -> Result<ImportSummary>;
    /// The roster person `person_id` and their password hash.
    fn account(&self, person_id: &str) -> Result<Option<Account>>;
    /// The active members of `class_name` who only declare and have no
    /// password yet, as (id, name), in roster order: those a class's list
    /// of codes is for.
    fn class_members_without_password(&self, class_name: &str) -> Result<Vec<(String, String)>>;
    /// The active advisors and offices with their phone numbers, in roster
    /// order: those among whom `anxin_domain::contact::contacts_for`
    /// finds a person's contacts.
    fn contact_staff(&self) -> Result<Vec<(AccountPerson, String)>>;
    /// Stores a one-time code's hash for the person, replacing any earlier.
    fn issue_code(
        &self,
        person_id: &str,
        code_hash: &str,
        issued_by: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()>;
    /// Spends the code to set the password and end the person's sessions,
    /// in one transaction; `false` when the code is wrong, used or expired.
    fn set_password_with_code(
        &self,
        person_id: &str,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    fn create_session(
        &self,
        token_hash: &str,
        person_id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()>;
    /// The session if it is in force at `now` (not revoked, not idle too
    /// long, not past its end, its person active); records the use.
    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<LiveSession>>;
    /// Whether a token's session ended because someone else reset the
    /// password (asked of a token [`session`](Self::session) refused).
    fn session_ended_by_reset(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool>;
    fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()>;
    fn audit(&self, entry: &AuditEntry) -> Result<()>;
    /// The newest `limit` entries, oldest first; only those naming `person`
    /// (as actor or subject) when given.
    fn audit_log(&self, person: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>>;
}

/// Oversight: a person's or a class's declarations, for those allowed to see them.
pub trait OversightStore {
    /// Every declaration revision of the person, oldest first.
    fn declarations_of(&self, person_id: &str) -> Result<Vec<ServerRevision>>;
    /// A class's active members and their declaration in force on `day`.
    fn class_day(&self, class_name: &str, day: NaiveDate) -> Result<ClassDay>;
    /// The department a class belongs to (empty for an unknown class).
    fn class_department(&self, class_name: &str) -> Result<String>;
}

/// Counselling: duty plans, the schedule, bookings, the desk and its sealed notes.
pub trait CounsellingStore {
    /// Publishes (or replaces) a counsellor's duty plan.
    fn publish_plan(&self, plan: &DutyPlan, now: DateTime<Utc>) -> Result<()>;
    /// Every published plan.
    fn plans(&self) -> Result<Vec<DutyPlan>>;
    /// The plans of active counsellors, with names, and the slots booked
    /// from today on.
    fn schedule(&self, now: DateTime<Utc>) -> Result<Schedule>;
    /// Decides a booking request in its own transaction, in order of
    /// arrival: the slot if it is free, otherwise the nearest free ones.
    fn request_booking(
        &self,
        person_id: &str,
        request: &BookingRequest,
        now: DateTime<Utc>,
        notice_minutes: u32,
    ) -> Result<BookingAnswer>;
    /// The secret that anonymous visitors' pseudonyms are made with.
    fn pseudonym_key(&self) -> Result<String>;
    /// The counsellor's bookings with a slot between the two school days.
    fn appointments_of(
        &self,
        counsellor_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AppointmentRow>>;
    /// A booking that holds a slot: its counsellor, status, slot and last decision.
    fn booking_slot(&self, booking_id: &str) -> Result<Option<BookingSlot>>;
    /// Moves a booking from `from` to `to`; `false` if it had moved on.
    fn set_status(
        &self,
        booking_id: &str,
        from: AppointmentStatus,
        to: AppointmentStatus,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// The counsellor confirms a confirmed booking; `false` if it is not.
    fn accept(&self, booking_id: &str, now: DateTime<Utc>) -> Result<bool>;
    /// Proposes the counsellor's free slot at `start` instead; `None` when
    /// she has no free slot then.
    fn propose(
        &self,
        booking_id: &str,
        counsellor_id: &str,
        start: NaiveDateTime,
        now: DateTime<Utc>,
    ) -> Result<Option<Slot>>;
    /// Keeps the sealed note of a booking (replacing the author's own).
    fn save_note(
        &self,
        booking_id: &str,
        author_id: &str,
        sealed: &SealedNote,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The sealed note of a booking, and who wrote it.
    fn note(&self, booking_id: &str) -> Result<Option<(String, SealedNote)>>;
}
