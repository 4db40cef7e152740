//! The retention purge, applied (the rules are the domain's:
//! `anxin_domain::privacy::{retention, purge}`): in one transaction, each
//! kind's records dated before its cutoff are deleted or masked, their
//! copies in the phones' change logs go with them, every signed report is
//! verified against its seal, and the run is logged. A dry run does the
//! same and rolls back, so that what it prints is what the real run does.
//! Also the declared end of the epidemic response, and the first day
//! whose raw records are kept (the days before are closed).

use std::sync::Mutex;

use anxin_domain::local_day;
use anxin_domain::privacy::purge::{Cutoffs, PurgeCounts, PurgeRun};
use anxin_domain::privacy::retention::{
    check_response_end, RecordKind, ResponseEndError, RetentionPolicy,
};
use anxin_domain::report::Covered;
use anxin_domain::sync::PulledChange;
use chrono::{DateTime, Days, NaiveDate, Utc};

use super::codec::{parse_json, timestamp, to_json};
use crate::store::sql::{args, Sql};
use crate::store::{AuditEntry, Engine, Result, RetentionStore, StoreError};

const RESPONSE_END: &str = "response_end";
/// The first day whose raw records a real run kept.
const KEPT_FROM: &str = "raw_kept_from";
/// The school day of the last daily run (one a day, whichever process).
const LAST_DAILY: &str = "last_daily_purge";
/// What the next daily run will remove, rehearsed after the last one.
const NEXT_RUN: &str = "next_purge";

fn meta(tx: &dyn Sql, key: &str) -> Result<Option<String>> {
    tx.query_opt("SELECT value FROM server_meta WHERE key = ?1", args![key])?
        .map(|row| row.get(0))
        .transpose()
}

fn set_meta(tx: &dyn Sql, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO server_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        args![key, value],
    )?;
    Ok(())
}

fn meta_day(tx: &dyn Sql, key: &str) -> Result<Option<NaiveDate>> {
    meta(tx, key)?
        .map(|text| text.parse().map_err(|_| StoreError::Corrupt(format!("the {key} day"))))
        .transpose()
}

/// The first day whose raw records are kept (`None`: none was purged).
pub(in crate::store) fn kept_from(tx: &dyn Sql) -> Result<Option<NaiveDate>> {
    meta_day(tx, KEPT_FROM)
}

/// Rows changed by a statement, as the counts keep them.
fn run(tx: &dyn Sql, sql: &str, params: &[crate::store::sql::Value]) -> Result<u64> {
    Ok(tx.execute(sql, params)? as u64)
}

/// Bookings dated before a day: by their slot's day (school time), or,
/// for a call-back without a slot, by when it was asked.
const BOOKING_DUE: &str = "((slot_start IS NOT NULL AND slot_start < ?1)
    OR (slot_start IS NULL AND requested_at < ?2))";

/// Every signature gets its seal before anything is masked (those signed
/// before seals were kept get theirs from what they still cover).
fn seal_unsealed(tx: &dyn Sql) -> Result<()> {
    let rows = tx
        .query("SELECT signature_id, covered FROM report_signatures WHERE seal IS NULL", args![])?;
    for row in &rows {
        let covered: Covered = parse_json(row.text(1)?)?;
        tx.execute(
            "UPDATE report_signatures SET seal = ?1 WHERE signature_id = ?2",
            args![covered.seal(), row.text(0)?],
        )?;
    }
    Ok(())
}

/// The raw records of the days before `day`: deleted, and the names of
/// those days' lists and signatures masked.
fn purge_raw(tx: &dyn Sql, day: NaiveDate, counts: &mut PurgeCounts) -> Result<()> {
    let (day_text, start) =
        (day.to_string(), timestamp(anxin_domain::school_time::start_of_day(day)));
    tx.execute(
        "DELETE FROM change_log WHERE revision_id IN
            (SELECT revision_id FROM declaration_revisions WHERE day < ?1)",
        args![&day_text],
    )?;
    let removed = run(tx, "DELETE FROM declaration_revisions WHERE day < ?1", args![&day_text])?;
    counts.remove(RecordKind::Declarations, removed);
    let masked = run(
        tx,
        "UPDATE day_expected SET name = ''
         WHERE day < ?1 AND name <> ''",
        args![&day_text],
    )?;
    counts.mask(RecordKind::Declarations, masked);
    let signed = tx.query(
        "SELECT signature_id, covered FROM report_signatures WHERE day < ?1",
        args![&day_text],
    )?;
    for row in &signed {
        let covered: Covered = parse_json(row.text(1)?)?;
        if covered.names_shown() {
            tx.execute(
                "UPDATE report_signatures SET covered = ?1 WHERE signature_id = ?2",
                args![to_json(&covered.masked())?, row.text(0)?],
            )?;
            counts.mask(RecordKind::SignedReports, 1);
        }
    }
    for sql in ["DELETE FROM reminders WHERE day < ?1", "DELETE FROM send_backs WHERE day < ?1"] {
        counts.remove(RecordKind::Reminders, run(tx, sql, args![&day_text])?);
    }
    let reasons = run(tx, "DELETE FROM missing_reasons WHERE day_to < ?1", args![&day_text])?;
    counts.remove(RecordKind::Reasons, reasons);
    let gate = run(tx, "DELETE FROM gate_records WHERE day < ?1", args![&day_text])?;
    let observations = run(
        tx,
        "DELETE FROM isolation_observations WHERE ended_at IS NOT NULL AND ended_at < ?1",
        args![&start],
    )?;
    counts.remove(RecordKind::GateRecords, gate + observations);
    let wellbeing = run(tx, "DELETE FROM wellbeing_answers WHERE day < ?1", args![&day_text])?;
    counts.remove(RecordKind::WellbeingAnswers, wellbeing);
    if kept_from(tx)?.is_none_or(|kept| kept < day) {
        set_meta(tx, KEPT_FROM, &day_text)?;
    }
    Ok(())
}

/// Bookings and notes: a note goes at its own cutoff; a booking at its
/// cutoff, deleted, or masked while its note is still kept.
fn purge_counselling(tx: &dyn Sql, cutoffs: &Cutoffs, counts: &mut PurgeCounts) -> Result<()> {
    let bounds = |kind| {
        cutoffs.day(kind).map(|day| {
            (format!("{day}T00:00:00"), timestamp(anxin_domain::school_time::start_of_day(day)))
        })
    };
    if let Some((day, start)) = bounds(RecordKind::Notes) {
        let sql = format!(
            "DELETE FROM counselling_notes WHERE booking_id IN
                (SELECT booking_id FROM bookings WHERE {BOOKING_DUE})"
        );
        counts.remove(RecordKind::Notes, run(tx, &sql, args![&day, &start])?);
    }
    if let Some((day, start)) = bounds(RecordKind::Bookings) {
        let deleted = format!(
            "DELETE FROM bookings WHERE {BOOKING_DUE}
             AND booking_id NOT IN (SELECT booking_id FROM counselling_notes)"
        );
        counts.remove(RecordKind::Bookings, run(tx, &deleted, args![&day, &start])?);
        let masked = format!(
            "UPDATE bookings SET topic = '', phone = '', reason = NULL, alternatives = NULL,
                proposed = NULL
             WHERE {BOOKING_DUE} AND (topic <> '' OR phone <> '')"
        );
        counts.mask(RecordKind::Bookings, run(tx, &masked, args![&day, &start])?);
        // Waitlist entries whose wait is over, kept as long as bookings.
        tx.execute(
            "DELETE FROM waitlist_offers WHERE entry_id IN
                (SELECT entry_id FROM waitlist WHERE state <> 'waiting' AND joined_at < ?1)",
            args![&start],
        )?;
        let entries = run(
            tx,
            "DELETE FROM waitlist WHERE state <> 'waiting' AND joined_at < ?1",
            args![&start],
        )?;
        counts.remove(RecordKind::Bookings, entries);
    }
    Ok(())
}

/// The kinds dated by a day or a time alone.
fn purge_the_rest(tx: &dyn Sql, cutoffs: &Cutoffs, counts: &mut PurgeCounts) -> Result<()> {
    if let Some(day) = cutoffs.day(RecordKind::SignedReports) {
        let day = day.to_string();
        let signed = run(tx, "DELETE FROM report_signatures WHERE day < ?1", args![&day])?;
        counts.remove(RecordKind::SignedReports, signed);
        for sql in [
            "DELETE FROM report_returns WHERE day < ?1",
            "DELETE FROM day_expected WHERE day < ?1",
            "DELETE FROM day_snapshots WHERE day < ?1",
        ] {
            tx.execute(sql, args![&day])?;
        }
    }
    if let Some(day) = cutoffs.day(RecordKind::Visitors) {
        let day = day.to_string();
        for sql in [
            "DELETE FROM visitor_gate_records WHERE day < ?1",
            "DELETE FROM visitors WHERE day < ?1",
        ] {
            counts.remove(RecordKind::Visitors, run(tx, sql, args![&day])?);
        }
    }
    if let Some(start) = cutoffs.instant(RecordKind::ReturnApplications) {
        let start = timestamp(start);
        // Decided ones only: one still waiting is kept until it is decided.
        tx.execute(
            "DELETE FROM return_decisions WHERE application_id IN
                (SELECT application_id FROM return_applications
                 WHERE pending = 0 AND applied_at < ?1)",
            args![&start],
        )?;
        let removed = run(
            tx,
            "DELETE FROM return_applications WHERE pending = 0 AND applied_at < ?1",
            args![&start],
        )?;
        counts.remove(RecordKind::ReturnApplications, removed);
    }
    if let Some(start) = cutoffs.instant(RecordKind::Consents) {
        let start = timestamp(start);
        // Each person's latest choice per purpose, and the notice they saw
        // last, stand for as long as they do: never purged.
        for sql in [
            "DELETE FROM consents WHERE received_at < ?1 AND consent_id NOT IN
                (SELECT c.consent_id FROM consents c WHERE c.seq =
                    (SELECT MAX(l.seq) FROM consents l
                     WHERE l.person_id = c.person_id AND l.purpose = c.purpose))",
            "DELETE FROM notice_views WHERE received_at < ?1 AND seen_id NOT IN
                (SELECT v.seen_id FROM notice_views v WHERE v.received_at =
                    (SELECT MAX(l.received_at) FROM notice_views l WHERE l.person_id = v.person_id))",
            "DELETE FROM deletion_requests WHERE answered_at IS NOT NULL AND answered_at < ?1",
        ] {
            counts.remove(RecordKind::Consents, run(tx, sql, args![&start])?);
        }
    }
    if let Some(start) = cutoffs.instant(RecordKind::Audit) {
        let start = timestamp(start);
        for sql in ["DELETE FROM audit_log WHERE at < ?1", "DELETE FROM staff_reads WHERE at < ?1"]
        {
            counts.remove(RecordKind::Audit, run(tx, sql, args![&start])?);
        }
    }
    Ok(())
}

/// The copies of purged records in the phones' change logs (a revision's
/// copy went with it): each read back and dated by the domain.
fn purge_change_copies(tx: &dyn Sql, cutoffs: &Cutoffs) -> Result<()> {
    let rows =
        tx.query("SELECT cursor, body FROM change_log WHERE revision_id IS NULL", args![])?;
    for row in &rows {
        // A copy that cannot be read is skipped by pulls too: left alone.
        let Ok(change) = parse_json::<PulledChange>(row.text(1)?) else { continue };
        if cutoffs.change_is_due(&change) {
            let cursor: i64 = row.get(0)?;
            tx.execute("DELETE FROM change_log WHERE cursor = ?1", args![cursor])?;
        }
    }
    Ok(())
}

/// Every signed version verifies against its seal.
fn verify_signed(tx: &dyn Sql) -> Result<u64> {
    let rows = tx.query("SELECT covered, seal FROM report_signatures", args![])?;
    for row in &rows {
        let covered: Covered = parse_json(row.text(0)?)?;
        let seal: Option<String> = row.get(1)?;
        if !seal.is_some_and(|seal| covered.verifies(&seal)) {
            return Err(StoreError::Corrupt(
                "a signed report does not verify against its seal".into(),
            ));
        }
    }
    Ok(rows.len() as u64)
}

/// The purge on `today`, in the caller's transaction.
fn purge_in(
    tx: &dyn Sql,
    policy: &RetentionPolicy,
    today: NaiveDate,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PurgeRun> {
    let cutoffs = Cutoffs::of(policy, meta_day(tx, RESPONSE_END)?, today);
    let mut counts = PurgeCounts::default();
    seal_unsealed(tx)?;
    // What goes for good first, so that nothing is masked only to be
    // deleted in the same run.
    purge_the_rest(tx, &cutoffs, &mut counts)?;
    purge_counselling(tx, &cutoffs, &mut counts)?;
    if let Some(day) = cutoffs.day(RecordKind::Declarations) {
        purge_raw(tx, day, &mut counts)?;
    }
    purge_change_copies(tx, &cutoffs)?;
    let reports_verified = verify_signed(tx)?;
    let run = PurgeRun { today, at: now, dry_run, cutoffs, counts, reports_verified };
    if !dry_run {
        tx.execute(
            "INSERT INTO purge_runs (at, today, run) VALUES (?1, ?2, ?3)",
            args![timestamp(now), today.to_string(), to_json(&run)?],
        )?;
    }
    Ok(run)
}

/// The purge rehearsed: run, then rolled back.
fn rehearse<E: Engine>(
    engine: &E,
    policy: &RetentionPolicy,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<PurgeRun> {
    let rehearsed = Mutex::new(None);
    let outcome = engine.write(|tx| {
        let run = purge_in(tx, policy, today, now, true)?;
        *rehearsed.lock().unwrap_or_else(|p| p.into_inner()) = Some(run);
        Err::<(), _>(StoreError::RolledBack)
    });
    match outcome {
        Err(StoreError::RolledBack) => {
            rehearsed.into_inner().unwrap_or_else(|p| p.into_inner()).ok_or(StoreError::RolledBack)
        }
        Err(other) => Err(other),
        Ok(()) => Err(StoreError::RolledBack),
    }
}

impl<E: Engine> RetentionStore for E {
    fn response_end(&self) -> Result<Option<NaiveDate>> {
        self.read_single(0, |tx| meta_day(tx, RESPONSE_END))
    }

    fn declare_response_end(
        &self,
        day: NaiveDate,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<(), ResponseEndError>> {
        self.write(|tx| {
            if let Err(refused) =
                check_response_end(day, local_day(now), meta_day(tx, RESPONSE_END)?)
            {
                return Ok(Err(refused));
            }
            set_meta(tx, RESPONSE_END, &day.to_string())?;
            let entry = AuditEntry {
                at: now,
                event: "response_ended".into(),
                actor: Some(by.to_owned()),
                subject: None,
                address: None,
                detail: Some(day.to_string()),
            };
            super::accounts::audit(tx, &entry)?;
            Ok(Ok(()))
        })
    }

    fn purge(
        &self,
        policy: &RetentionPolicy,
        today: NaiveDate,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<PurgeRun> {
        if dry_run {
            rehearse(self, policy, today, now)
        } else {
            self.write(|tx| purge_in(tx, policy, today, now, false))
        }
    }

    fn daily_purge(
        &self,
        policy: &RetentionPolicy,
        now: DateTime<Utc>,
    ) -> Result<Option<PurgeRun>> {
        let today = local_day(now);
        let done = self.write(|tx| {
            if meta_day(tx, LAST_DAILY)?.is_some_and(|last| last >= today) {
                return Ok(None);
            }
            let run = purge_in(tx, policy, today, now, false)?;
            set_meta(tx, LAST_DAILY, &today.to_string())?;
            Ok(Some(run))
        })?;
        if done.is_some() {
            // What tomorrow's run will remove, for the school office.
            let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
            let next = rehearse(self, policy, tomorrow, now)?;
            self.write(|tx| set_meta(tx, NEXT_RUN, &to_json(&next)?))?;
        }
        Ok(done)
    }

    fn next_purge(&self) -> Result<Option<PurgeRun>> {
        self.read_single(0, |tx| meta(tx, NEXT_RUN)?.map(|text| parse_json(&text)).transpose())
    }

    fn purge_runs(&self, limit: usize) -> Result<Vec<PurgeRun>> {
        self.read_single(0, |tx| {
            let rows = tx.query(
                "SELECT run FROM purge_runs ORDER BY run_id DESC LIMIT ?1",
                args![limit as i64],
            )?;
            let mut runs: Vec<PurgeRun> =
                rows.iter().map(|row| parse_json(row.text(0)?)).collect::<Result<_>>()?;
            runs.reverse();
            Ok(runs)
        })
    }

    fn kept_from(&self) -> Result<Option<NaiveDate>> {
        self.read_single(0, kept_from)
    }
}
