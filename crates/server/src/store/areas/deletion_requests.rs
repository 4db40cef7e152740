//! Requests for deletion and the admin's answers. The rules are the
//! domain's (`anxin_domain::privacy::deletion`): one request waits at a
//! time, an answer needs its text and comes once; a completed request
//! deletes the optional records (the wellbeing answers). Each change goes
//! to the person's change log, so their phones learn the answer.

use anxin_domain::privacy::deletion::{
    answer, may_ask, DeletionOutcome, DeletionRequest, DeletionStanding,
};
use anxin_domain::sync::{PulledChange, RejectCode};
use anxin_domain::ErrorCode;
use chrono::{DateTime, Utc};

use super::change_log::append_change;
use super::codec::{parse_timestamp, timestamp};
use crate::store::sql::{args, Row, Sql};
use crate::store::{DeletionStore, Engine, Result, StoreError};

const COLUMNS: &str = "request_id, note, asked_at, outcome, answer, answered_at, person_id";

fn standing(row: &Row) -> Result<(String, DeletionStanding)> {
    let outcome: Option<String> = row.get(3)?;
    let outcome = outcome
        .map(|text| {
            DeletionOutcome::parse(&text)
                .ok_or_else(|| StoreError::Corrupt(format!("a deletion outcome {text}")))
        })
        .transpose()?;
    let answered_at: Option<String> = row.get(5)?;
    Ok((
        row.get(6)?,
        DeletionStanding {
            request_id: row.get(0)?,
            note: row.get(1)?,
            asked_at: parse_timestamp(row.text(2)?)?,
            outcome,
            answer: row.get(4)?,
            answered_at: answered_at.as_deref().map(parse_timestamp).transpose()?,
        },
    ))
}

/// Records the person's request, unless one of theirs still waits.
pub(in crate::store) fn record_request(
    tx: &dyn Sql,
    person_id: &str,
    request: &DeletionRequest,
    received_at: DateTime<Utc>,
) -> Result<std::result::Result<(), RejectCode>> {
    let taken = tx.query_opt(
        "SELECT person_id FROM deletion_requests WHERE request_id = ?1",
        args![&request.request_id],
    )?;
    if taken.is_some() {
        return Ok(Err(RejectCode::IdReused));
    }
    let waiting: Option<String> = tx
        .query_opt(
            "SELECT request_id FROM deletion_requests WHERE person_id = ?1 AND outcome IS NULL",
            args![person_id],
        )?
        .map(|row| row.get(0))
        .transpose()?;
    if let Err(code) = may_ask(waiting.as_deref()) {
        return Ok(Err(code));
    }
    tx.execute(
        "INSERT INTO deletion_requests (request_id, person_id, note, asked_at)
         VALUES (?1, ?2, ?3, ?4)",
        args![&request.request_id, person_id, request.note.trim(), timestamp(received_at)],
    )?;
    let standing = DeletionStanding {
        request_id: request.request_id.clone(),
        note: request.note.trim().to_owned(),
        asked_at: parse_timestamp(&timestamp(received_at))?,
        outcome: None,
        answer: String::new(),
        answered_at: None,
    };
    append_change(tx, person_id, &PulledChange::DeletionRequest(standing))?;
    Ok(Ok(()))
}

fn read(tx: &dyn Sql, request_id: &str) -> Result<Option<(String, DeletionStanding)>> {
    let sql = format!("SELECT {COLUMNS} FROM deletion_requests WHERE request_id = ?1");
    tx.query_opt(&sql, args![request_id])?.map(|row| standing(&row)).transpose()
}

/// The requests (with whose), oldest first: those waiting, or all; or one
/// person's.
fn listed(
    tx: &dyn Sql,
    person_id: Option<&str>,
    waiting_only: bool,
) -> Result<Vec<(String, DeletionStanding)>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM deletion_requests
         WHERE (CAST(?1 AS TEXT) IS NULL OR person_id = ?1) AND (?2 = 0 OR outcome IS NULL)
         ORDER BY asked_at, request_id"
    );
    tx.query(&sql, args![person_id, waiting_only])?.iter().map(standing).collect()
}

/// The person's own requests, oldest first (their export).
pub(in crate::store) fn requests_of(
    tx: &dyn Sql,
    person_id: &str,
) -> Result<Vec<DeletionStanding>> {
    Ok(listed(tx, Some(person_id), false)?.into_iter().map(|(_, standing)| standing).collect())
}

/// The admin's answer; a completed request deletes the optional records.
fn answer_request(
    tx: &dyn Sql,
    request_id: &str,
    outcome: DeletionOutcome,
    text: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<(String, DeletionStanding), ErrorCode>> {
    let Some((person_id, waiting)) = read(tx, request_id)? else {
        return Ok(Err(ErrorCode::NotFound));
    };
    let answered = match answer(&waiting, outcome, text, now) {
        Ok(answered) => answered,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "UPDATE deletion_requests SET outcome = ?1, answer = ?2, answered_by = ?3, answered_at = ?4
         WHERE request_id = ?5",
        args![outcome.as_str(), &answered.answer, by, timestamp(now), request_id],
    )?;
    if outcome == DeletionOutcome::Completed {
        tx.execute("DELETE FROM wellbeing_answers WHERE person_id = ?1", args![&person_id])?;
    }
    append_change(tx, &person_id, &PulledChange::DeletionRequest(answered.clone()))?;
    Ok(Ok((person_id, answered)))
}

impl<E: Engine> DeletionStore for E {
    fn deletion_requests(&self, waiting_only: bool) -> Result<Vec<(String, DeletionStanding)>> {
        self.read_single(1, |tx| listed(tx, None, waiting_only))
    }
    fn answer_deletion(
        &self,
        request_id: &str,
        outcome: DeletionOutcome,
        text: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<(String, DeletionStanding), ErrorCode>> {
        self.write(|tx| answer_request(tx, request_id, outcome, text, by, now))
    }
}
