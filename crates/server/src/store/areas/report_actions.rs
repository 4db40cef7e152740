//! Advisors' and offices' actions, decided on arrival inside the push's
//! transaction: the store reads the facts, the domain decides (access,
//! `ReportAction::check`, `report::person_actions`, `report::reminding`,
//! `report::sign_decision`), the store writes the outcome. Every record
//! is appended; nothing is edited or deleted.

use std::collections::BTreeSet;

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::report::person_actions::{
    decide_reason, decide_send_back, Place, SendBack, SendBackFacts,
};
use anxin_domain::report::reminding::{
    may_remind, missing_of, reminders_sent, signs, under_cap, unsigned_parts,
};
use anxin_domain::report::sign_decision::{decide_returned, decide_signature};
use anxin_domain::report::view::{build, Visibility};
use anxin_domain::report::{MissingReason, ReminderKind, ReminderNote, ReportAction, Scope};
use anxin_domain::roster::{OfficeScope, Role};
use anxin_domain::sync::PulledChange;
use anxin_domain::{local_day, Directory, ErrorCode};
use chrono::{DateTime, NaiveDate, Utc};

use anxin_domain::privacy::purge::is_closed;

use super::codec::{timestamp, to_json};
use super::reports::{class_department, ensure_snapshot, reminder_counts, report_facts};
use super::retention::kept_from;
use crate::store::sql::{args, Row, Sql};
use crate::store::{AuditEntry, Result};

/// Changes to put in people's change logs when the action is applied.
pub(in crate::store) type Delivered = Vec<(String, PulledChange)>;

/// `Ok(Err(code))`: refused for good, nothing stored.
pub(in crate::store) fn decide(
    tx: &dyn Sql,
    actor: &AccountPerson,
    action: &ReportAction,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    if let Err(code) = action.check(local_day(now), directory.max_leave_days) {
        return Ok(Err(code));
    }
    if is_closed(action.day(), kept_from(tx)?) {
        return Ok(Err(ErrorCode::DayPurged));
    }
    if record_id_taken(tx, action)? {
        return Ok(Err(ErrorCode::IdReused));
    }
    let outcome = match action {
        ReportAction::RecordReason(reason) => record_reason(tx, actor, reason, now)?,
        ReportAction::SendBack { send_back_id, person_id, day, revision_id, comment } => {
            let asked = SendBack { send_back_id, day: *day, revision_id, comment };
            send_back(tx, actor, person_id, &asked, now)?
        }
        ReportAction::Remind { reminder_id, scope, day } => {
            remind(tx, actor, reminder_id, scope, *day, now, directory)?
        }
        ReportAction::RemindSigners { reminder_id, scope, day } => {
            remind_signers(tx, actor, reminder_id, scope, *day, now, directory)?
        }
        ReportAction::Sign { signature_id, scope, day, covered } => {
            sign(tx, actor, signature_id, scope, *day, covered, now, directory)?
        }
        ReportAction::Return { return_id, scope, day, version, reason } => {
            return_report(tx, actor, return_id, scope, *day, *version, reason, now)?
        }
    };
    if outcome.is_ok() {
        let subject = match action {
            ReportAction::RecordReason(r) => r.person_id.clone(),
            ReportAction::SendBack { person_id, .. } => person_id.clone(),
            ReportAction::Remind { scope, .. }
            | ReportAction::RemindSigners { scope, .. }
            | ReportAction::Sign { scope, .. }
            | ReportAction::Return { scope, .. } => scope.label(),
        };
        let event = match action {
            ReportAction::RecordReason(_) => "report_reason_recorded",
            ReportAction::SendBack { .. } => "report_sent_back",
            ReportAction::Remind { .. } => "report_reminded",
            ReportAction::RemindSigners { .. } => "report_signers_reminded",
            ReportAction::Sign { .. } => "report_signed",
            ReportAction::Return { .. } => "report_returned",
        };
        super::accounts::audit(
            tx,
            &AuditEntry {
                at: now,
                event: event.to_owned(),
                actor: Some(actor.id.clone()),
                subject: Some(subject),
                address: None,
                detail: Some(action.day().to_string()),
            },
        )?;
    }
    Ok(outcome)
}

/// Whether the id the device gave this record is already another's.
fn record_id_taken(tx: &dyn Sql, action: &ReportAction) -> Result<bool> {
    let sql = match action {
        ReportAction::RecordReason(_) => {
            "SELECT EXISTS (SELECT 1 FROM missing_reasons WHERE reason_id = ?1)"
        }
        ReportAction::SendBack { .. } => {
            "SELECT EXISTS (SELECT 1 FROM send_backs WHERE send_back_id = ?1)"
        }
        ReportAction::Remind { .. } | ReportAction::RemindSigners { .. } => {
            "SELECT EXISTS (SELECT 1 FROM reminders WHERE reminder_id = ?1)"
        }
        ReportAction::Sign { .. } => {
            "SELECT EXISTS (SELECT 1 FROM report_signatures WHERE signature_id = ?1)"
        }
        ReportAction::Return { .. } => {
            "SELECT EXISTS (SELECT 1 FROM report_returns WHERE return_id = ?1)"
        }
    };
    tx.query_one(sql, args![action.record_id()])?.get(0)
}

/// The person's department and class on the day's list (`None`: not
/// expected that day), the list frozen first if it is due.
fn expected_place(
    tx: &dyn Sql,
    person_id: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Place>> {
    ensure_snapshot(tx, day, now)?;
    let row = tx.query_opt(
        "SELECT department, class_name FROM day_expected WHERE day = ?1 AND person_id = ?2",
        args![day.to_string(), person_id],
    )?;
    row.map(|r| Ok(Place { department: r.get(0)?, class_name: r.get(1)? })).transpose()
}

/// The department a scope's signer answers to (for the access table).
fn scope_department(tx: &dyn Sql, scope: &Scope, day: NaiveDate) -> Result<String> {
    match scope {
        Scope::Class(class) => class_department(tx, class, day),
        Scope::Department(d) => Ok(d.clone()),
        Scope::School => Ok(String::new()),
    }
}

fn record_reason(
    tx: &dyn Sql,
    actor: &AccountPerson,
    reason: &MissingReason,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let place = expected_place(tx, &reason.person_id, reason.from, now)?;
    let declared: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM declaration_revisions WHERE day = ?1 AND person_id = ?2)",
            args![reason.from.to_string(), &reason.person_id],
        )?
        .get(0)?;
    let kept = match decide_reason(actor, reason, place.as_ref(), declared, now) {
        Ok(kept) => kept,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO missing_reasons (reason_id, person_id, day_from, day_to, kind, note,
             recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            &kept.reason_id,
            &kept.person_id,
            kept.from.to_string(),
            kept.to.to_string(),
            kept.kind.as_str(),
            &kept.note,
            &kept.recorded_by,
            timestamp(now)
        ],
    )?;
    Ok(Ok(Vec::new()))
}

fn send_back(
    tx: &dyn Sql,
    actor: &AccountPerson,
    person_id: &str,
    asked: &SendBack<'_>,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let day = asked.day.to_string();
    let place = expected_place(tx, person_id, asked.day, now)?;
    let current = tx.query_opt(
        "SELECT revision_id FROM declaration_revisions WHERE day = ?1 AND person_id = ?2
         ORDER BY number DESC LIMIT 1",
        args![&day, person_id],
    )?;
    let already: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM send_backs WHERE day = ?1 AND revision_id = ?2)",
            args![&day, asked.revision_id],
        )?
        .get(0)?;
    let facts = SendBackFacts {
        place,
        current_revision: current.map(|r| r.get(0)).transpose()?,
        already_sent_back: already,
    };
    let note = match decide_send_back(actor, asked, &facts, now) {
        Ok(note) => note,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO send_backs (send_back_id, person_id, day, revision_id, comment, by_id,
             by_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            &note.send_back_id,
            person_id,
            &day,
            &note.revision_id,
            &note.comment,
            &actor.id,
            &note.by_name,
            timestamp(now)
        ],
    )?;
    Ok(Ok(vec![(person_id.to_owned(), PulledChange::SentBack(note))]))
}

/// Writes one reminder to each of `people` the cap leaves, and what
/// reaches them; how many were at the cap.
fn send_reminders(
    tx: &dyn Sql,
    actor: &AccountPerson,
    reminder_id: &str,
    day: NaiveDate,
    kind: &ReminderKind,
    people: &[String],
    now: DateTime<Utc>,
) -> Result<(Delivered, u32)> {
    let kind_text = match kind {
        ReminderKind::Declare => "declare",
        ReminderKind::Sign(_) => "sign",
    };
    let (to_remind, at_cap) = under_cap(people, &reminder_counts(tx, day, kind_text)?);
    let mut delivered = Vec::with_capacity(to_remind.len());
    for person in to_remind {
        tx.execute(
            "INSERT INTO reminders (reminder_id, person_id, day, kind, by_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![reminder_id, &person, day.to_string(), kind_text, &actor.id, timestamp(now)],
        )?;
        let note = ReminderNote {
            reminder_id: reminder_id.to_owned(),
            day,
            kind: kind.clone(),
            by_name: actor.name.clone(),
            at: now,
        };
        delivered.push((person, PulledChange::Reminder(note)));
    }
    Ok((delivered, at_cap))
}

/// What reaches the reminded, and the sender's answer in their own log.
fn reminders_answer(
    actor: &AccountPerson,
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    mut delivered: Delivered,
    at_cap: u32,
) -> std::result::Result<Delivered, ErrorCode> {
    let sent = reminders_sent(reminder_id, scope, day, delivered.len(), at_cap)?;
    delivered.push((actor.id.clone(), PulledChange::RemindersSent(sent)));
    Ok(delivered)
}

fn remind(
    tx: &dyn Sql,
    actor: &AccountPerson,
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let department = scope_department(tx, scope, day)?;
    if let Err(code) = may_remind(actor, scope, &department) {
        return Ok(Err(code));
    }
    ensure_snapshot(tx, day, now)?;
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    let missing = missing_of(scope, &facts.people);
    let (delivered, at_cap) =
        send_reminders(tx, actor, reminder_id, day, &ReminderKind::Declare, &missing, now)?;
    Ok(reminders_answer(actor, reminder_id, scope, day, delivered, at_cap))
}

/// Advisors of a department's unsigned classes, or the offices of the
/// school's unsigned departments.
fn remind_signers(
    tx: &dyn Sql,
    actor: &AccountPerson,
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    if !allows(actor, &Action::RemindSigners { scope }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    ensure_snapshot(tx, day, now)?;
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    let report = build(facts, |_| Visibility::Figures);
    let mut delivered = Vec::new();
    let mut at_cap = 0;
    // One reminder per person and action: an advisor of two unsigned
    // classes hears of the first (the report shows both).
    let mut reminded = BTreeSet::new();
    for part in unsigned_parts(&report) {
        let mut signers = signers_of(tx, &part)?;
        signers.retain(|person| reminded.insert(person.clone()));
        let kind = ReminderKind::Sign(part);
        let (mut sent, capped) = send_reminders(tx, actor, reminder_id, day, &kind, &signers, now)?;
        delivered.append(&mut sent);
        at_cap += capped;
    }
    Ok(reminders_answer(actor, reminder_id, scope, day, delivered, at_cap))
}

/// A `people` row of a possible signer (`person_id, name, roles,
/// advises, scope`) as far as signing goes: roles, classes, office.
fn signer_of(row: &Row) -> Result<AccountPerson> {
    let list = |text: &str| -> BTreeSet<String> {
        text.split(';').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    Ok(AccountPerson {
        id: row.get(0)?,
        name: row.get(1)?,
        roles: row
            .text(2)?
            .split(';')
            .filter_map(|r| Role::ALL.into_iter().find(|k| k.as_str() == r))
            .collect(),
        category: None,
        department: String::new(),
        class_name: String::new(),
        advises: list(row.text(3)?),
        scope: row.text_opt(4)?.map(|s| match s.strip_prefix("department:") {
            Some(d) => OfficeScope::Department(d.to_owned()),
            None => OfficeScope::School,
        }),
        contacts: Vec::new(),
    })
}

/// Who signs a class's or a department's report, by the roster now.
fn signers_of(tx: &dyn Sql, scope: &Scope) -> Result<Vec<String>> {
    let rows = tx.query(
        "SELECT person_id, name, roles, advises, scope FROM people WHERE active = 1
         AND (roles LIKE '%advisor%' OR roles LIKE '%office%')",
        args![],
    )?;
    let mut ids = BTreeSet::new();
    for row in &rows {
        let person = signer_of(row)?;
        if signs(&person, scope) {
            ids.insert(person.id);
        }
    }
    Ok(ids.into_iter().collect())
}

#[allow(clippy::too_many_arguments)]
fn sign(
    tx: &dyn Sql,
    actor: &AccountPerson,
    signature_id: &str,
    scope: &Scope,
    day: NaiveDate,
    seen: &anxin_domain::report::Covered,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let department = scope_department(tx, scope, day)?;
    if !allows(actor, &Action::SignReport { scope, department: &department }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    ensure_snapshot(tx, day, now)?;
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    let report = build(facts, |_| Visibility::Figures);
    let signature = match decide_signature(&report, seen, now) {
        Ok(signature) => signature,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO report_signatures (day, level, scope_name, version, signature_id, signer_id,
             signer_name, signed_at, late_minutes, covered, seal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        args![
            day.to_string(),
            scope.level().as_str(),
            scope.name(),
            signature.version,
            signature_id,
            &actor.id,
            &actor.name,
            timestamp(now),
            signature.late_minutes,
            to_json(&signature.covered)?,
            signature.covered.seal()
        ],
    )?;
    Ok(Ok(Vec::new()))
}

#[allow(clippy::too_many_arguments)]
fn return_report(
    tx: &dyn Sql,
    actor: &AccountPerson,
    return_id: &str,
    scope: &Scope,
    day: NaiveDate,
    version: u32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let department = scope_department(tx, scope, day)?;
    if !allows(actor, &Action::ReturnReport { scope, department: &department }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    let versions = super::reports::signatures(tx, day)?.remove(scope).unwrap_or_default();
    let note = match decide_returned(&versions, version, actor, reason, now) {
        Ok(note) => note,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO report_returns (return_id, day, level, scope_name, version, by_id, by_name,
             at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        args![
            return_id,
            day.to_string(),
            scope.level().as_str(),
            scope.name(),
            version,
            &note.by_id,
            &note.by_name,
            timestamp(note.at),
            &note.reason
        ],
    )?;
    // The signer hears of it on the next sync, as a reminder to sign.
    let signers = signers_of(tx, scope)?;
    let note = ReminderNote {
        reminder_id: return_id.to_owned(),
        day,
        kind: ReminderKind::Sign(scope.clone()),
        by_name: actor.name.clone(),
        at: now,
    };
    Ok(Ok(signers.into_iter().map(|s| (s, PulledChange::Reminder(note.clone()))).collect()))
}
