//! Privacy's storage: the notice versions published, who saw which, and
//! the consents given or withdrawn. The rules are the domain's
//! (`anxin_domain::privacy`).

use anxin_domain::counselling::wellbeing::{may_answer, Feeling, StoredAnswer, WellbeingAnswer};
use anxin_domain::privacy::consent::{cancelled_by_withdrawal, WITHDRAWN_REASON};
use anxin_domain::privacy::notice::judge_seen;
use anxin_domain::privacy::own_data::{GateEntry, OwnData};
use anxin_domain::privacy::staff_reads::{ReadKind, StaffRead};
use anxin_domain::privacy::{Consent, NoticeSeen, Purpose};
use anxin_domain::sync::RejectCode;
use chrono::{DateTime, Utc};

use super::codec::{parse_json, parse_timestamp, timestamp};
use super::counselling;
use crate::store::sql::{args, Sql};
use crate::store::Engine;
use crate::store::{PrivacyStore, Result, StoredConsent, StoredNoticeView};

/// The newest reads of a person's records that their export lists.
const READS_EXPORTED: usize = 10_000;

impl<E: Engine> PrivacyStore for E {
    fn publish_notice(
        &self,
        version: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        self.write(|tx| publish(tx, version, hash, now))
    }
    fn notice_views(&self, person_id: &str) -> Result<Vec<StoredNoticeView>> {
        self.read_single(1, |tx| notice_views(tx, person_id))
    }
    fn consents(&self, person_id: &str) -> Result<Vec<StoredConsent>> {
        self.read_single(1, |tx| consents(tx, person_id))
    }
    fn own_data(&self, person_id: &str, now: DateTime<Utc>) -> Result<OwnData> {
        self.read_single(1, |tx| {
            let booking_ids: Vec<String> = tx
                .query(
                    "SELECT booking_id FROM bookings WHERE person_id = ?1
                     ORDER BY requested_at, booking_id",
                    args![person_id],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect::<Result<_>>()?;
            let bookings = booking_ids
                .iter()
                .map(|id| counselling::my_booking(tx, id))
                .collect::<Result<_>>()?;
            let gate_records = tx
                .query(
                    "SELECT record, received_at FROM gate_records WHERE person_id = ?1
                     ORDER BY received_at, record_id",
                    args![person_id],
                )?
                .iter()
                .map(|row| {
                    Ok(GateEntry { record: parse_json(row.text(0)?)?, received_at: row.get(1)? })
                })
                .collect::<Result<_>>()?;
            Ok(OwnData {
                person_id: person_id.to_owned(),
                exported_at: now,
                declarations: super::oversight::declarations_of(tx, person_id)?,
                bookings,
                gate_records,
                notice_views: notice_views(tx, person_id)?,
                consents: consents(tx, person_id)?,
                read_by: staff_reads(tx, Some(person_id), None, READS_EXPORTED)?,
                wellbeing: wellbeing_answers(tx, person_id)?,
                deletion_requests: super::deletion_requests::requests_of(tx, person_id)?,
                waitlist: super::waitlist::entries_of(tx, person_id)?,
            })
        })
    }
    fn log_staff_reads(&self, reads: &[StaffRead]) -> Result<()> {
        if reads.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for read in reads {
                // The first of the day is kept (the unique index), and
                // every read with a reason.
                tx.execute(
                    "INSERT INTO staff_reads (reader_id, subject_id, kind, reason, at, day)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    args![
                        &read.reader_id,
                        &read.subject_id,
                        read.kind.as_str(),
                        read.reason.as_deref(),
                        timestamp(read.at),
                        read.day().to_string()
                    ],
                )?;
            }
            Ok(())
        })
    }
    fn staff_reads(
        &self,
        subject: Option<&str>,
        reader: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StaffRead>> {
        self.read_single(1, |tx| staff_reads(tx, subject, reader, limit))
    }
    fn record_consent(
        &self,
        person_id: &str,
        consent: &Consent,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<Vec<String>, RejectCode>> {
        self.write(|tx| {
            let recorded = record_consent(tx, person_id, consent, now, now)?;
            if let Ok(cancelled) = &recorded {
                counselling::log_bookings(tx, cancelled)?;
            }
            Ok(recorded)
        })
    }
}

/// Records `version` as published with `hash`; a version published before
/// keeps its hash, and another text under it is refused (the hash it
/// has is given back): a new text needs a new version.
fn publish(tx: &dyn Sql, version: &str, hash: &str, now: DateTime<Utc>) -> Result<Option<String>> {
    if let Some(known) = published_hash(tx, version)? {
        return Ok((known != hash).then_some(known));
    }
    tx.execute(
        "INSERT INTO privacy_notices (version, hash, published_at) VALUES (?1, ?2, ?3)",
        args![version, hash, timestamp(now)],
    )?;
    Ok(None)
}

fn published_hash(tx: &dyn Sql, version: &str) -> Result<Option<String>> {
    tx.query_opt("SELECT hash FROM privacy_notices WHERE version = ?1", args![version])?
        .map(|row| row.get(0))
        .transpose()
}

/// The owner of a record id, if it is taken, in `table`'s `id_column`.
fn owner_of(tx: &dyn Sql, table: &str, id_column: &str, id: &str) -> Result<Option<String>> {
    let sql = format!("SELECT person_id FROM {table} WHERE {id_column} = ?1");
    tx.query_opt(&sql, args![id])?.map(|row| row.get(0)).transpose()
}

/// Records that `person_id` saw the notice `seen` names, at `seen_at`.
pub(in crate::store) fn record_seen(
    tx: &dyn Sql,
    person_id: &str,
    seen: &NoticeSeen,
    seen_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Result<std::result::Result<(), RejectCode>> {
    if owner_of(tx, "notice_views", "seen_id", &seen.seen_id)?.is_some() {
        return Ok(Err(RejectCode::IdReused));
    }
    if let Err(code) = judge_seen(seen, published_hash(tx, &seen.version)?.as_deref()) {
        return Ok(Err(code));
    }
    tx.execute(
        "INSERT INTO notice_views (seen_id, person_id, version, hash, seen_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            &seen.seen_id,
            person_id,
            &seen.version,
            &seen.hash,
            timestamp(seen_at),
            timestamp(received_at)
        ],
    )?;
    Ok(Ok(()))
}

/// Records a consent given or withdrawn. A withdrawal of the counselling
/// consent cancels the person's upcoming appointments (crisis call-backs
/// aside): their ids are given back, for the change logs.
pub(in crate::store) fn record_consent(
    tx: &dyn Sql,
    person_id: &str,
    consent: &Consent,
    device_time: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Result<std::result::Result<Vec<String>, RejectCode>> {
    if owner_of(tx, "consents", "consent_id", &consent.consent_id)?.is_some() {
        return Ok(Err(RejectCode::IdReused));
    }
    let purpose = consent.purpose.as_str();
    let seq: u64 = tx
        .query_one(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM consents WHERE person_id = ?1 AND purpose = ?2",
            args![person_id, purpose],
        )?
        .get(0)?;
    tx.execute(
        "INSERT INTO consents (consent_id, person_id, purpose, given, device_time, received_at, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            &consent.consent_id,
            person_id,
            purpose,
            consent.given,
            timestamp(device_time),
            timestamp(received_at),
            seq
        ],
    )?;
    if consent.given {
        return Ok(Ok(Vec::new()));
    }
    if consent.purpose == Purpose::Wellbeing {
        // Turned off: the answers go with the consent (PIPL art. 47).
        tx.execute("DELETE FROM wellbeing_answers WHERE person_id = ?1", args![person_id])?;
        return Ok(Ok(Vec::new()));
    }
    let confirmed = counselling::confirmed_bookings(tx, person_id, None)?;
    let cancelled: Vec<String> =
        cancelled_by_withdrawal(&confirmed, received_at).into_iter().map(str::to_owned).collect();
    for booking_id in &cancelled {
        counselling::mark_cancelled(tx, booking_id, WITHDRAWN_REASON, received_at)?;
    }
    // Nor do they wait for a slot any more.
    super::waitlist::leave_all(tx, person_id, received_at)?;
    Ok(Ok(cancelled))
}

/// The person's latest consent to `purpose` (`None`: never asked).
pub(in crate::store) fn latest_consent(
    tx: &dyn Sql,
    person_id: &str,
    purpose: Purpose,
) -> Result<Option<bool>> {
    tx.query_opt(
        "SELECT given FROM consents WHERE person_id = ?1 AND purpose = ?2
         ORDER BY seq DESC LIMIT 1",
        args![person_id, purpose.as_str()],
    )?
    .map(|row| row.get(0))
    .transpose()
}

fn notice_views(tx: &dyn Sql, person_id: &str) -> Result<Vec<StoredNoticeView>> {
    tx.query(
        "SELECT version, hash, seen_at, received_at FROM notice_views
         WHERE person_id = ?1 ORDER BY received_at, seen_id",
        args![person_id],
    )?
    .iter()
    .map(|row| {
        Ok(StoredNoticeView {
            version: row.get(0)?,
            hash: row.get(1)?,
            seen_at: row.get(2)?,
            received_at: row.get(3)?,
        })
    })
    .collect()
}

fn consents(tx: &dyn Sql, person_id: &str) -> Result<Vec<StoredConsent>> {
    tx.query(
        "SELECT purpose, given, device_time, received_at FROM consents
         WHERE person_id = ?1 ORDER BY purpose, seq",
        args![person_id],
    )?
    .iter()
    .map(|row| {
        Ok(StoredConsent {
            purpose: row.get(0)?,
            given: row.get(1)?,
            at: row.get(2)?,
            received_at: row.get(3)?,
        })
    })
    .collect()
}

/// The logged reads about `subject` and/or by `reader`, oldest first: the
/// newest `limit`.
fn staff_reads(
    tx: &dyn Sql,
    subject: Option<&str>,
    reader: Option<&str>,
    limit: usize,
) -> Result<Vec<StaffRead>> {
    let rows = tx.query(
        "SELECT reader_id, subject_id, kind, reason, at FROM staff_reads
         WHERE (CAST(?1 AS TEXT) IS NULL OR subject_id = ?1)
           AND (CAST(?2 AS TEXT) IS NULL OR reader_id = ?2)
         ORDER BY read_id DESC LIMIT ?3",
        args![subject, reader, limit],
    )?;
    let mut reads = rows
        .iter()
        .map(|row| {
            let kind = row.text(2)?;
            Ok(StaffRead {
                reader_id: row.get(0)?,
                subject_id: row.get(1)?,
                kind: ReadKind::parse(kind).ok_or_else(|| {
                    crate::store::StoreError::Corrupt(format!("unknown read kind {kind}"))
                })?,
                reason: row.get(3)?,
                at: parse_timestamp(row.text(4)?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    reads.reverse();
    Ok(reads)
}

/// Keeps an answer to the wellbeing question, if the person's wellbeing
/// consent is in force.
pub(in crate::store) fn record_wellbeing(
    tx: &dyn Sql,
    person_id: &str,
    answer: &WellbeingAnswer,
    device_time: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Result<std::result::Result<(), RejectCode>> {
    if owner_of(tx, "wellbeing_answers", "answer_id", &answer.answer_id)?.is_some() {
        return Ok(Err(RejectCode::IdReused));
    }
    if let Err(code) = may_answer(latest_consent(tx, person_id, Purpose::Wellbeing)?) {
        return Ok(Err(code));
    }
    tx.execute(
        "INSERT INTO wellbeing_answers (answer_id, person_id, day, feeling, device_time, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            &answer.answer_id,
            person_id,
            answer.day.to_string(),
            answer.feeling.as_str(),
            timestamp(device_time),
            timestamp(received_at)
        ],
    )?;
    Ok(Ok(()))
}

/// The person's answers, oldest first (their own export only).
fn wellbeing_answers(tx: &dyn Sql, person_id: &str) -> Result<Vec<StoredAnswer>> {
    tx.query(
        "SELECT day, feeling, received_at FROM wellbeing_answers
         WHERE person_id = ?1 ORDER BY day, received_at, answer_id",
        args![person_id],
    )?
    .iter()
    .map(|row| {
        let day = row.text(0)?;
        let feeling = row.text(1)?;
        Ok(StoredAnswer {
            day: day.parse().map_err(|_| {
                crate::store::StoreError::Corrupt(format!("a wellbeing answer's day {day}"))
            })?,
            feeling: Feeling::parse(feeling).ok_or_else(|| {
                crate::store::StoreError::Corrupt(format!("unknown feeling {feeling}"))
            })?,
            received_at: row.get(2)?,
        })
    })
    .collect()
}
