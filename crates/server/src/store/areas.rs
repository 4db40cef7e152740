//! The store's areas, written once over [`Sql`](super::sql::Sql) so that
//! they run on either engine: each reads the facts its decision needs,
//! lets the domain decide, and writes the outcome, in the caller's
//! transaction.

pub(super) mod accounts;
pub(super) mod change_log;
pub(super) mod codec;
pub(super) mod counselling;
pub(super) mod deletion_requests;
pub(super) mod gate;
pub(super) mod oversight;
pub(super) mod passes;
pub(super) mod privacy;
pub(super) mod push_group;
pub(super) mod report_actions;
pub(super) mod reports;
pub(super) mod retention;
pub(super) mod returns;
pub(super) mod roster;
pub(super) mod sync;
pub(super) mod visitors;
pub(super) mod waitlist;

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

use super::engine::Engine;
use super::group_commit::{push_grouped, WaitingPush};
use super::{
    Account, AccountStore, AppointmentRow, AuditEntry, BookingAnswer, BookingSlot,
    CounsellingStore, ImportSummary, LiveSession, OversightStore, PullPage, ReportStore, Result,
    Store, StoreError, SyncStore,
};

impl<E: Engine> Store for E {
    fn schema_version(&self) -> Result<u32> {
        self.migration_level()
    }
}

impl<E: Engine> SyncStore for E {
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
        self.read(1, |c| sync::pull(c, person_id, cursor, limit))
    }
}

impl<E: Engine> AccountStore for E {
    fn import_roster(&self, people: &[RosterPerson], now: DateTime<Utc>) -> Result<ImportSummary> {
        self.write(|tx| roster::import(tx, people, now))
    }
    fn account(&self, person_id: &str) -> Result<Option<Account>> {
        self.write(|tx| accounts::account(tx, person_id))
    }
    fn class_members_without_password(&self, class_name: &str) -> Result<Vec<(String, String)>> {
        self.write(|tx| accounts::class_members_without_password(tx, class_name))
    }
    fn contact_staff(&self) -> Result<Vec<(AccountPerson, String)>> {
        self.write(|tx| accounts::contact_staff(tx))
    }
    fn issue_code(
        &self,
        person_id: &str,
        code_hash: &str,
        issued_by: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| accounts::issue_code(tx, person_id, code_hash, issued_by, now, expires_at))
    }
    fn set_password_with_code(
        &self,
        person_id: &str,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| {
            accounts::set_password_with_code(tx, person_id, code_hash, password_hash, now)
        })
    }
    fn create_session(
        &self,
        token_hash: &str,
        person_id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| accounts::create_session(tx, token_hash, person_id, now, expires_at))
    }
    fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<LiveSession>> {
        // On a reader: lookups do not queue behind the writer's commits.
        let Some((session, touch)) =
            self.read_single(1, |tx| accounts::session(tx, token_hash, now))?
        else {
            return Ok(None);
        };
        if touch {
            self.write(|tx| accounts::touch_session(tx, token_hash, now))?;
        }
        Ok(Some(session))
    }
    fn session_ended_by_reset(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        self.read_single(1, |tx| accounts::ended_by_reset(tx, token_hash, now))
    }
    fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| accounts::revoke_session(tx, token_hash, now))
    }
    fn audit(&self, entry: &AuditEntry) -> Result<()> {
        self.write(|tx| accounts::audit(tx, entry))
    }
    fn audit_log(&self, person: Option<&str>, limit: usize) -> Result<Vec<AuditEntry>> {
        self.write(|tx| accounts::audit_log(tx, person, limit))
    }
}

impl<E: Engine> OversightStore for E {
    fn declarations_of(&self, person_id: &str) -> Result<Vec<ServerRevision>> {
        self.write(|tx| oversight::declarations_of(tx, person_id))
    }
    fn class_day(&self, class_name: &str, day: NaiveDate) -> Result<ClassDay> {
        self.write(|tx| oversight::class_day(tx, class_name, day))
    }
    fn class_department(&self, class_name: &str) -> Result<String> {
        self.write(|tx| oversight::class_department(tx, class_name))
    }
}

impl<E: Engine> CounsellingStore for E {
    fn publish_plan(&self, plan: &DutyPlan, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| counselling::publish_plan(tx, plan, now))
    }
    fn plans(&self) -> Result<Vec<DutyPlan>> {
        self.read(0, |tx| counselling::plans(tx))
    }
    fn schedule(&self, now: DateTime<Utc>) -> Result<Schedule> {
        self.read(0, |tx| counselling::schedule(tx, now))
    }
    fn pseudonym_key(&self) -> Result<String> {
        self.read(0, |tx| counselling::pseudonym_key(tx))
    }
    fn appointments_of(
        &self,
        counsellor_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AppointmentRow>> {
        self.read(0, |tx| counselling::appointments_of(tx, counsellor_id, from, to))
    }
    fn booking_slot(&self, booking_id: &str) -> Result<Option<BookingSlot>> {
        self.read(0, |tx| counselling::booking_slot(tx, booking_id))
    }
    fn set_status(
        &self,
        booking_id: &str,
        from: AppointmentStatus,
        to: AppointmentStatus,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| counselling::set_status(tx, booking_id, from, to, reason, now))
    }
    fn accept(&self, booking_id: &str, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| counselling::accept(tx, booking_id, now))
    }
    fn propose(
        &self,
        booking_id: &str,
        counsellor_id: &str,
        start: NaiveDateTime,
        now: DateTime<Utc>,
    ) -> Result<Option<Slot>> {
        self.write(|tx| counselling::propose(tx, booking_id, counsellor_id, start, now))
    }
    fn save_note(
        &self,
        booking_id: &str,
        author_id: &str,
        sealed: &SealedNote,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| counselling::save_note(tx, booking_id, author_id, sealed, now))
    }
    fn note(&self, booking_id: &str) -> Result<Option<(String, SealedNote)>> {
        self.read(0, |tx| counselling::note(tx, booking_id))
    }
    fn request_booking(
        &self,
        person_id: &str,
        request: &BookingRequest,
        now: DateTime<Utc>,
        notice_minutes: u32,
    ) -> Result<BookingAnswer> {
        self.write(|tx| counselling::request_booking(tx, person_id, request, now, notice_minutes))
    }
}

impl<E: Engine> ReportStore for E {
    fn report_facts(
        &self,
        scope: &Scope,
        day: NaiveDate,
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<ReportFacts>> {
        // A write at the day's first read: its list is frozen then.
        freeze_days(self, &[day], now)?;
        self.read(0, |tx| reports::report_facts(tx, scope, day, now, directory, true, None))
    }

    fn report_facts_of_days(
        &self,
        scope: &Scope,
        days: &[NaiveDate],
        now: DateTime<Utc>,
        directory: &Directory,
    ) -> Result<Option<Vec<ReportFacts>>> {
        freeze_days(self, days, now)?;
        // The days spread over the read lanes, read at once.
        let half = days.len().div_ceil(self.lanes());
        let read = |n: usize, part: &[NaiveDate]| -> Result<Option<Vec<ReportFacts>>> {
            self.read(n, |tx| {
                let mut all: Vec<ReportFacts> = Vec::with_capacity(part.len());
                for day in part {
                    // The day before was just read: its answers serve.
                    let before = all.last().filter(|f| f.known && f.day.succ_opt() == Some(*day));
                    let yesterday = before.map(reports::yesterday_of);
                    let facts = reports::report_facts(
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
            Scope::Class(class) => reports::class_department(tx, class, day),
            Scope::Department(d) => Ok(d.clone()),
            Scope::School => Ok(String::new()),
        })
    }
}

/// Freezes the lists of those `days` that are due (on the writer, at
/// a day's first read).
fn freeze_days(engine: &impl Engine, days: &[NaiveDate], now: DateTime<Utc>) -> Result<()> {
    let due: Vec<NaiveDate> = engine.read(0, |tx| {
        let mut due = Vec::new();
        for day in days {
            if reports::snapshot_state(tx, *day, now)?.is_none() {
                due.push(*day);
            }
        }
        Ok(due)
    })?;
    if due.is_empty() {
        return Ok(());
    }
    engine.write(|tx| {
        for day in &due {
            reports::ensure_snapshot(tx, *day, now)?;
        }
        Ok(())
    })
}
