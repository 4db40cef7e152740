//! Sync: a push is decided inside the writer's transaction (all
//! or nothing, committed with the pushes that arrived with it); a pull
//! reads the change log by cursor.

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::ReturnApplication;
use anxin_domain::sync::decide::{
    answer_for_decided_seq, answer_for_known_id, decide_revision, place_in_sequence,
    writes_own_records, Decided, Filing, Place, RevisionFacts,
};
use anxin_domain::sync::judge::check_mutation;
use anxin_domain::sync::{
    Change, Mutation, Outcome, PulledChange, PushResult, RejectCode, Rejection,
};
use anxin_domain::Directory;
use chrono::{DateTime, Utc};

use super::change_log::append_change;
use super::codec::{parse_json, timestamp, to_json};
use super::counselling::log_bookings;
use super::visitors::VisitorAnswer;
use super::{counselling, gate, report_actions, returns, visitors};
use crate::store::sql::{args, Sql};
use crate::store::{BookingAnswer, PullPage, Result, StoreError};

/// Decides one push inside the writer's open transaction `tx` (the group
/// commit's: see `group_commit`); nothing of it stays unless that
/// transaction commits.
pub(in crate::store) fn push_within(
    tx: &dyn Sql,
    actor: &AccountPerson,
    client_id: &str,
    mutations: &[Mutation],
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<Vec<PushResult>> {
    let person_id = actor.id.as_str();
    let now = timestamp(received_at);
    let (mut decided_through, prior_sync) = client_for(tx, person_id, client_id, &now)?;
    let context = Decider { actor, client_id, received_at, directory, prior_sync };
    let mut ordered: Vec<&Mutation> = mutations.iter().collect();
    ordered.sort_by_key(|m| m.seq);
    let mut results = Vec::with_capacity(ordered.len());
    for mutation in ordered {
        let outcome = match place_in_sequence(mutation.seq, decided_through) {
            Place::Decided => earlier_outcome(tx, client_id, mutation)?,
            Place::Next => {
                let outcome = decide(tx, &context, mutation)?;
                record_decision(tx, client_id, mutation, &outcome, &now)?;
                decided_through = mutation.seq;
                outcome
            }
            Place::Ahead => Outcome::Deferred,
        };
        results.push(PushResult { seq: mutation.seq, id: mutation.id.clone(), outcome });
    }
    // A push shorter than a full batch emptied the device's queue: what
    // it files later was filed after this (a clock set back is doubted).
    let drained = anxin_domain::sync::decide::drains_queue(mutations.len());
    tx.execute(
        "UPDATE sync_clients SET decided_through = ?1, last_seen = ?2,
             last_drained = CASE WHEN ?4 = 1 THEN ?2 ELSE last_drained END
         WHERE client_id = ?3",
        args![decided_through, &now, client_id, drained],
    )?;
    Ok(results)
}

/// What every decision of one push needs.
struct Decider<'a> {
    actor: &'a AccountPerson,
    client_id: &'a str,
    received_at: DateTime<Utc>,
    directory: &'a Directory,
    /// The device's last push that emptied its queue, before this one.
    prior_sync: Option<String>,
}

/// The client's decided sequence and last drained push; registers a new
/// client for `person_id`.
fn client_for(
    tx: &dyn Sql,
    person_id: &str,
    client_id: &str,
    now: &str,
) -> Result<(u64, Option<String>)> {
    let known: Option<(String, u64, Option<String>)> = tx
        .query_opt(
            "SELECT person_id, decided_through, last_drained FROM sync_clients
             WHERE client_id = ?1",
            args![client_id],
        )?
        .map(|row| Ok::<_, StoreError>((row.get(0)?, row.get(1)?, row.get(2)?)))
        .transpose()?;
    match known {
        Some((owner, _, _)) if owner != person_id => Err(StoreError::ClientOfAnotherPerson),
        Some((_, decided_through, drained)) => Ok((decided_through, drained)),
        None => {
            tx.execute(
                "INSERT INTO sync_clients (client_id, person_id, decided_through, first_seen, last_seen)
                 VALUES (?1, ?2, 0, ?3, ?3)",
                args![client_id, person_id, now],
            )?;
            Ok((0, None))
        }
    }
}

/// A sequence decided before (see `decide::answer_for_decided_seq`).
fn earlier_outcome(tx: &dyn Sql, client_id: &str, mutation: &Mutation) -> Result<Outcome> {
    let earlier: Option<(String, String, Option<String>, Option<String>)> = tx
        .query_opt(
            "SELECT mutation_id, outcome, reject_code, reject_fields FROM sync_mutations
             WHERE client_id = ?1 AND seq = ?2",
            args![client_id, mutation.seq],
        )?
        .map(|row| Ok::<_, StoreError>((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .transpose()?;
    let earlier = match earlier {
        Some((id, outcome, code, fields)) => Some((id, stored_decision(&outcome, code, fields)?)),
        None => None,
    };
    Ok(answer_for_decided_seq(
        earlier.as_ref().map(|(id, d)| (id.as_str(), d.clone())),
        &mutation.id,
    ))
}

/// A decision as `sync_mutations` keeps it.
fn stored_decision(outcome: &str, code: Option<String>, fields: Option<String>) -> Result<Decided> {
    Ok(match outcome {
        "applied" => Decided::Applied,
        _ => Decided::Rejected {
            code: code.as_deref().and_then(RejectCode::parse).ok_or_else(|| {
                StoreError::Corrupt("a rejected mutation without a known code".into())
            })?,
            fields: fields.map(|f| parse_json(&f)).transpose()?.unwrap_or_default(),
        },
    })
}

/// Judges and, when acceptable, applies a mutation seen for the first time.
fn decide(tx: &dyn Sql, context: &Decider, mutation: &Mutation) -> Result<Outcome> {
    let person_id = context.actor.id.as_str();
    let client_id = context.client_id;
    let received_at = context.received_at;
    let notice_minutes = context.directory.cancellation_notice_minutes;
    let rejected =
        |rejection: Rejection| Outcome::Rejected { code: rejection.code, fields: rejection.fields };
    if let Err(rejection) = check_mutation(mutation, received_at) {
        return Ok(rejected(rejection));
    }
    // The same change sent again under another client id or sequence (a
    // device that renumbered its queue): the same answer as the first time.
    // Under another person's name, the id was reused.
    let earlier: Option<(String, String, Option<String>, Option<String>)> = tx
        .query_opt(
            "SELECT c.person_id, m.outcome, m.reject_code, m.reject_fields
             FROM sync_mutations m JOIN sync_clients c ON c.client_id = m.client_id
             WHERE m.mutation_id = ?1 LIMIT 1",
            args![&mutation.id],
        )?
        .map(|row| Ok::<_, StoreError>((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .transpose()?;
    if let Some((owner, outcome, code, fields)) = earlier {
        let decided = stored_decision(&outcome, code, fields)?;
        return Ok(answer_for_known_id(&owner, person_id, decided));
    }
    let own_records = writes_own_records(&mutation.change);
    if own_records && !allows(context.actor, &Action::WriteOwnRecords) {
        return Ok(rejected(RejectCode::NotYourScope.into()));
    }
    match &mutation.change {
        Change::Report(action) => {
            match report_actions::decide(tx, context.actor, action, received_at, context.directory)?
            {
                Ok(delivered) => {
                    for (person, change) in &delivered {
                        append_change(tx, person, change)?;
                    }
                }
                Err(code) => return Ok(rejected(code.into())),
            }
        }
        Change::GateRecord(record) => {
            let decided = gate::decide_record(
                tx,
                context.actor,
                record,
                mutation.device_time,
                received_at,
                &context.directory.rules,
            )?;
            if let Err(code) = decided {
                return Ok(rejected(code.into()));
            }
        }
        Change::EndObservation { person_id, reason } => {
            let ended = gate::end_observation(tx, context.actor, person_id, reason, received_at)?;
            if let Err(code) = ended {
                return Ok(rejected(code.into()));
            }
        }
        Change::VisitorRegister(_) | Change::VisitorDecide(_) | Change::VisitorAtGate(_) => {
            let answer =
                visitors::decide(tx, context.actor, mutation, received_at, context.directory)?;
            match answer {
                VisitorAnswer::Applied(delivered) => {
                    for (person, change) in &delivered {
                        append_change(tx, person, change)?;
                    }
                }
                VisitorAnswer::Duplicate => return Ok(Outcome::Duplicate),
                VisitorAnswer::Refused(code) => return Ok(rejected(code.into())),
            }
        }
        Change::DeclarationRevision { day, revision_id, answers, correction_reason } => {
            let holder: Option<String> = tx
                .query_opt(
                    "SELECT person_id FROM declaration_revisions WHERE revision_id = ?1",
                    args![revision_id],
                )?
                .map(|row| row.get(0))
                .transpose()?;
            let next_number: u32 = tx
                .query_one(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM declaration_revisions
                     WHERE person_id = ?1 AND day = ?2",
                    args![person_id, day.to_string()],
                )?
                .get(0)?;
            let facts = RevisionFacts { holder: holder.as_deref(), next_number };
            let filing = Filing {
                day: *day,
                revision_id,
                answers,
                correction_reason: correction_reason.as_deref(),
                device_time: mutation.device_time,
                received_at,
            };
            let revision = match decide_revision(person_id, facts, filing) {
                Ok(revision) => revision,
                Err(answer) => return Ok(answer),
            };
            tx.execute(
                "INSERT INTO declaration_revisions (revision_id, person_id, day, number, answers,
                     correction_reason, device_time, time_flag, received_at, client_id, seq,
                     prior_sync)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                args![
                    &revision.revision_id,
                    person_id,
                    revision.day.to_string(),
                    revision.number,
                    to_json(&revision.answers)?,
                    &revision.correction_reason,
                    timestamp(revision.device_time),
                    revision.time_flag.map(|f| to_json(&f)).transpose()?,
                    timestamp(received_at),
                    client_id,
                    mutation.seq,
                    &context.prior_sync,
                ],
            )?;
            append_change(tx, person_id, &PulledChange::DeclarationRevision(revision))?;
        }
        Change::BookingRequest(request) => {
            let (answer, changed) =
                counselling::decide_request(tx, person_id, request, received_at, notice_minutes)?;
            match answer {
                BookingAnswer::IdOfAnotherPerson => {
                    return Ok(rejected(RejectCode::IdReused.into()))
                }
                BookingAnswer::Refused(code) => return Ok(rejected(code.into())),
                BookingAnswer::Decided(_) if changed.is_empty() => return Ok(Outcome::Duplicate),
                BookingAnswer::Decided(_) => log_bookings(tx, &changed)?,
            }
        }
        Change::ReturnApply(request) => {
            match returns::apply(tx, context.actor, request, received_at)? {
                Ok(application) => log_return(tx, application)?,
                Err(code) => return Ok(rejected(code.into())),
            }
        }
        Change::ReturnDecide { application_id, approve, reason } => {
            let actor = context.actor;
            match returns::decide(tx, actor, application_id, *approve, reason, received_at)? {
                Ok(application) => log_return(tx, application)?,
                Err(code) => return Ok(rejected(code.into())),
            }
        }
        Change::BookingCancel { booking_id, reason } => {
            let cancelled = counselling::cancel(
                tx,
                person_id,
                booking_id,
                reason,
                received_at,
                notice_minutes,
            )?;
            if let Err(code) = cancelled {
                return Ok(rejected(code.into()));
            }
            log_bookings(tx, std::slice::from_ref(booking_id))?;
        }
    }
    Ok(Outcome::Applied)
}

/// Puts the application, as it now stands, in its applicant's change log.
fn log_return(tx: &dyn Sql, application: ReturnApplication) -> Result<()> {
    let person_id = application.person_id.clone();
    append_change(tx, &person_id, &PulledChange::ReturnApplication(application.standing()))
}

fn record_decision(
    tx: &dyn Sql,
    client_id: &str,
    mutation: &Mutation,
    outcome: &Outcome,
    now: &str,
) -> Result<()> {
    let (status, code, fields) = match outcome {
        Outcome::Rejected { code, fields } => (
            "rejected",
            Some(code.as_str()),
            (!fields.is_empty()).then(|| to_json(fields)).transpose()?,
        ),
        _ => ("applied", None, None),
    };
    let kind = match mutation.change {
        Change::DeclarationRevision { .. } => "declaration_revision",
        Change::BookingRequest(_) => "booking_request",
        Change::BookingCancel { .. } => "booking_cancel",
        Change::Report(_) => "report",
        Change::GateRecord(_) => "gate_record",
        Change::EndObservation { .. } => "end_observation",
        Change::ReturnApply(_) => "return_apply",
        Change::ReturnDecide { .. } => "return_decide",
        Change::VisitorRegister(_) => "visitor_register",
        Change::VisitorDecide(_) => "visitor_decide",
        Change::VisitorAtGate(_) => "visitor_at_gate",
    };
    tx.execute(
        "INSERT INTO sync_mutations (client_id, seq, mutation_id, kind, outcome, reject_code,
             reject_fields, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![client_id, mutation.seq, &mutation.id, kind, status, code, fields, now],
    )?;
    Ok(())
}

pub(in crate::store) fn pull(
    tx: &dyn Sql,
    person_id: &str,
    cursor: u64,
    limit: usize,
) -> Result<PullPage> {
    let rows = tx.query(
        "SELECT cursor, body FROM change_log WHERE person_id = ?1 AND cursor > ?2
         ORDER BY cursor LIMIT ?3",
        args![person_id, cursor, limit as u64 + 1],
    )?;
    let mut changes = Vec::new();
    let mut read = Vec::with_capacity(rows.len());
    for row in &rows {
        read.push((row.get::<u64>(0)?, row.text(1)?));
    }
    let more = read.len() > limit;
    read.truncate(limit);
    let last_cursor = read.last().map(|(cursor, _)| *cursor);
    for (cursor, body) in read {
        match parse_json(body) {
            Ok(change) => changes.push((cursor, change)),
            // One unreadable row must not stop the person's sync for good.
            Err(_) => tracing::error!(cursor, "change log row cannot be decoded; skipped"),
        }
    }
    Ok(PullPage { changes, last_cursor, more })
}
