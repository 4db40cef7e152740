//! Sync: a push is decided inside the writer's transaction (all
//! or nothing, committed with the pushes that arrived with it); a pull
//! reads the change log by cursor.

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::ReturnApplication;
use anxin_domain::sync::decide::{
    answer_for_decided_seq, answer_for_known_id, decide_revision, place_in_sequence,
    writes_own_records, Filing, Place, RevisionFacts,
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
use super::oversight::{revision_columns_of, revision_of};
use super::push_group::PushGroup;
use super::visitors::VisitorAnswer;
use super::{counselling, gate, privacy, report_actions, returns, visitors, waitlist};
use crate::store::sql::{args, Sql};
use crate::store::{BookingAnswer, PullPage, Result, StoreError};

/// Whether a mutation decided before is answered as then. Only the
/// `broken-duplicate-check` feature turns this off: a deliberately broken
/// build, never made for use, that the sync simulation must catch (it
/// decides a retried mutation again, as if it were new).
const CHECKS_DUPLICATES: bool = !cfg!(feature = "broken-duplicate-check");

/// Decides one push inside the writer's open transaction `tx` (the group
/// commit's: see `group_commit`), with the facts `group` read for the
/// pushes decided with it; nothing of it stays unless that transaction
/// commits.
pub(in crate::store) fn push_within(
    tx: &dyn Sql,
    group: &mut PushGroup,
    actor: &AccountPerson,
    client_id: &str,
    mutations: &[Mutation],
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<Vec<PushResult>> {
    let person_id = actor.id.as_str();
    let now = timestamp(received_at);
    let (mut decided_through, prior_sync) = match group.device(tx, client_id)? {
        Some(device) if device.person_id != person_id => {
            return Err(StoreError::ClientOfAnotherPerson)
        }
        Some(device) => (device.decided_through, device.last_drained),
        None => (0, None),
    };
    // A new device is registered before anything of it is decided.
    group.seen(client_id, person_id, decided_through, &now, false);
    let context = Decider { actor, client_id, received_at, directory, prior_sync };
    let mut ordered: Vec<&Mutation> = mutations.iter().collect();
    ordered.sort_by_key(|m| m.seq);
    let mut results = Vec::with_capacity(ordered.len());
    for mutation in ordered {
        let outcome = match place_in_sequence(mutation.seq, decided_through) {
            Place::Decided if CHECKS_DUPLICATES => earlier_outcome(tx, group, client_id, mutation)?,
            Place::Decided => decide(tx, group, &context, mutation)?,
            Place::Next => {
                let outcome = decide(tx, group, &context, mutation)?;
                group.add_decision(client_id, person_id, mutation, &outcome, &now)?;
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
    group.seen(client_id, person_id, decided_through, &now, drained);
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

/// A sequence decided before (see `decide::answer_for_decided_seq`).
fn earlier_outcome(
    tx: &dyn Sql,
    group: &PushGroup,
    client_id: &str,
    mutation: &Mutation,
) -> Result<Outcome> {
    let earlier = group.decided_seq(tx, client_id, mutation.seq)?;
    Ok(answer_for_decided_seq(
        earlier.as_ref().map(|(id, d)| (id.as_str(), d.clone())),
        &mutation.id,
    ))
}

/// Judges and, when acceptable, applies a mutation seen for the first time.
fn decide(
    tx: &dyn Sql,
    group: &mut PushGroup,
    context: &Decider,
    mutation: &Mutation,
) -> Result<Outcome> {
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
    if CHECKS_DUPLICATES {
        if let Some((owner, decided)) = group.known_id(tx, &mutation.id)? {
            return Ok(answer_for_known_id(&owner, person_id, decided));
        }
    }
    let own_records = writes_own_records(&mutation.change);
    if own_records && !allows(context.actor, &Action::WriteOwnRecords) {
        return Ok(rejected(RejectCode::NotYourScope.into()));
    }
    if !matches!(mutation.change, Change::DeclarationRevision { .. }) {
        // The other areas read and write the tables themselves.
        group.flush(tx)?;
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
            let day_text = day.to_string();
            let holder = group.holder(tx, revision_id)?;
            let next_number = group.next_number(tx, person_id, &day_text)?;
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
            let row = vec![
                revision.revision_id.as_str().into(),
                person_id.into(),
                day_text.as_str().into(),
                revision.number.into(),
                to_json(&revision.answers)?.into(),
                (&revision.correction_reason).into(),
                timestamp(revision.device_time).into(),
                revision.time_flag.map(|f| to_json(&f)).transpose()?.into(),
                timestamp(received_at).into(),
                client_id.into(),
                mutation.seq.into(),
                (&context.prior_sync).into(),
            ];
            group.add_revision(&revision.revision_id, person_id, &day_text, revision.number, row);
            group.add_change(person_id, &PulledChange::DeclarationRevision(revision))?;
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
        Change::NoticeSeen(seen) => {
            let recorded =
                privacy::record_seen(tx, person_id, seen, mutation.device_time, received_at)?;
            if let Err(code) = recorded {
                return Ok(rejected(code.into()));
            }
        }
        Change::Consent(consent) => {
            let device_time = mutation.device_time;
            match privacy::record_consent(tx, person_id, consent, device_time, received_at)? {
                Ok(cancelled) => log_bookings(tx, &cancelled)?,
                Err(code) => return Ok(rejected(code.into())),
            }
        }
        Change::DeletionRequest(request) => {
            let recorded =
                super::deletion_requests::record_request(tx, person_id, request, received_at)?;
            if let Err(code) = recorded {
                return Ok(rejected(code.into()));
            }
        }
        Change::Wellbeing(answer) => {
            let device_time = mutation.device_time;
            let recorded =
                privacy::record_wellbeing(tx, person_id, answer, device_time, received_at)?;
            if let Err(code) = recorded {
                return Ok(rejected(code.into()));
            }
        }
        Change::WaitlistJoin(join) => {
            if let Err(code) = waitlist::join(tx, person_id, join, received_at)? {
                return Ok(rejected(code.into()));
            }
        }
        Change::WaitlistLeave { entry_id } => {
            if let Err(code) = waitlist::leave(tx, person_id, entry_id, received_at)? {
                return Ok(rejected(code.into()));
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

pub(in crate::store) fn pull(
    tx: &dyn Sql,
    person_id: &str,
    cursor: u64,
    limit: usize,
) -> Result<PullPage> {
    // A declaration's entry names its revision (see `change_log`).
    let sql = format!(
        "SELECT l.cursor, l.body, {} FROM change_log l
         LEFT JOIN declaration_revisions d ON d.revision_id = l.revision_id
         WHERE l.person_id = ?1 AND l.cursor > ?2
         ORDER BY l.cursor LIMIT ?3",
        revision_columns_of("d")
    );
    let mut rows = tx.query(&sql, args![person_id, cursor, limit as u64 + 1])?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let mut changes = Vec::with_capacity(rows.len());
    let mut last_cursor = None;
    for row in &rows {
        let at: u64 = row.get(0)?;
        last_cursor = Some(at);
        let change = match row.text_opt(3)? {
            Some(_) => revision_of(row, 2).map(PulledChange::DeclarationRevision),
            None => parse_json(row.text(1)?),
        };
        match change {
            Ok(change) => changes.push((at, change)),
            // One unreadable row must not stop the person's sync for good.
            Err(_) => tracing::error!(cursor = at, "change log row cannot be decoded; skipped"),
        }
    }
    Ok(PullPage { changes, last_cursor, more })
}
