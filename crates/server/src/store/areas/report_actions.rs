//! Advisors' and offices' actions, decided on arrival inside the push's
//! transaction: the store reads the facts, the domain decides (access,
//! `ReportAction::check`, the signing rules), the store writes the
//! outcome. Every record is appended; nothing is edited or deleted.

use std::collections::BTreeSet;

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::report::deadlines::{at_school, minutes_late};
use anxin_domain::report::signing::{decide_return, decide_sign};
use anxin_domain::report::view::{build, Visibility};
use anxin_domain::report::{
    MissingReason, ReminderKind, ReminderNote, RemindersSent, ReportAction, Scope, SentBackNote,
    Standing, MAX_REMINDERS_PER_DAY,
};
use anxin_domain::sync::PulledChange;
use anxin_domain::{local_day, Directory, ErrorCode};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::codec::{timestamp, to_json};
use super::reports::{class_department, ensure_snapshot, reminder_counts, report_facts};
use crate::store::{AuditEntry, Result};

/// Changes to put in people's change logs when the action is applied.
pub(in crate::store) type Delivered = Vec<(String, PulledChange)>;

/// `Ok(Err(code))`: refused for good, nothing stored.
pub(in crate::store) fn decide(
    tx: &Connection,
    actor: &AccountPerson,
    action: &ReportAction,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    if let Err(code) = action.check(local_day(now), directory.max_leave_days) {
        return Ok(Err(code));
    }
    if record_id_taken(tx, action)? {
        return Ok(Err(ErrorCode::IdReused));
    }
    let outcome = match action {
        ReportAction::RecordReason(reason) => record_reason(tx, actor, reason, now)?,
        ReportAction::SendBack { send_back_id, person_id, day, revision_id, comment } => {
            send_back(tx, actor, send_back_id, person_id, *day, revision_id, comment, now)?
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
fn record_id_taken(tx: &Connection, action: &ReportAction) -> Result<bool> {
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
    Ok(tx.prepare_cached(sql)?.query_row([action.record_id()], |row| row.get(0))?)
}

/// The person's department and class on the day's list (`None`: not
/// expected that day).
fn expected_place(
    tx: &Connection,
    person_id: &str,
    day: NaiveDate,
) -> Result<Option<(String, String)>> {
    Ok(tx
        .prepare_cached(
            "SELECT department, class_name FROM day_expected WHERE day = ?1 AND person_id = ?2",
        )?
        .query_row(params![day.to_string(), person_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// The department a scope's signer answers to (for the access table).
fn scope_department(tx: &Connection, scope: &Scope, day: NaiveDate) -> Result<String> {
    match scope {
        Scope::Class(class) => class_department(tx, class, day),
        Scope::Department(d) => Ok(d.clone()),
        Scope::School => Ok(String::new()),
    }
}

fn record_reason(
    tx: &Connection,
    actor: &AccountPerson,
    reason: &MissingReason,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    ensure_snapshot(tx, reason.from, now)?;
    let Some((department, class_name)) = expected_place(tx, &reason.person_id, reason.from)? else {
        return Ok(Err(ErrorCode::NotExpected));
    };
    if !allows(actor, &Action::ActFor { department: &department, class_name: &class_name }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    let declared: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM declaration_revisions WHERE day = ?1 AND person_id = ?2)",
        )?
        .query_row(params![reason.from.to_string(), reason.person_id], |row| row.get(0))?;
    if declared && reason.from == reason.to {
        return Ok(Err(ErrorCode::NotMissing));
    }
    tx.prepare_cached(
        "INSERT INTO missing_reasons (reason_id, person_id, day_from, day_to, kind, note,
             recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        reason.reason_id,
        reason.person_id,
        reason.from.to_string(),
        reason.to.to_string(),
        reason.kind.as_str(),
        reason.note.trim(),
        actor.id,
        timestamp(now)
    ])?;
    Ok(Ok(Vec::new()))
}

#[allow(clippy::too_many_arguments)]
fn send_back(
    tx: &Connection,
    actor: &AccountPerson,
    send_back_id: &str,
    person_id: &str,
    day: NaiveDate,
    revision_id: &str,
    comment: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    ensure_snapshot(tx, day, now)?;
    let Some((department, class_name)) = expected_place(tx, person_id, day)? else {
        return Ok(Err(ErrorCode::NotExpected));
    };
    if !allows(actor, &Action::ActFor { department: &department, class_name: &class_name }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    let current: Option<String> = tx
        .prepare_cached(
            "SELECT revision_id FROM declaration_revisions WHERE day = ?1 AND person_id = ?2
             ORDER BY number DESC LIMIT 1",
        )?
        .query_row(params![day.to_string(), person_id], |row| row.get(0))
        .optional()?;
    if current.as_deref() != Some(revision_id) {
        return Ok(Err(ErrorCode::NotCurrentRevision));
    }
    let already: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM send_backs WHERE day = ?1 AND revision_id = ?2)",
        )?
        .query_row(params![day.to_string(), revision_id], |row| row.get(0))?;
    if already {
        return Ok(Err(ErrorCode::AlreadySentBack));
    }
    let note = SentBackNote {
        send_back_id: send_back_id.to_owned(),
        day,
        revision_id: revision_id.to_owned(),
        comment: comment.trim().to_owned(),
        by_name: actor.name.clone(),
        at: now,
    };
    tx.prepare_cached(
        "INSERT INTO send_backs (send_back_id, person_id, day, revision_id, comment, by_id,
             by_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        note.send_back_id,
        person_id,
        day.to_string(),
        note.revision_id,
        note.comment,
        actor.id,
        note.by_name,
        timestamp(now)
    ])?;
    Ok(Ok(vec![(person_id.to_owned(), PulledChange::SentBack(note))]))
}

/// Writes one reminder per person (under the cap) and what reaches them.
fn send_reminders(
    tx: &Connection,
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
    let counts = reminder_counts(tx, day, kind_text)?;
    let mut delivered = Vec::new();
    let mut at_cap = 0;
    let mut insert = tx.prepare_cached(
        "INSERT INTO reminders (reminder_id, person_id, day, kind, by_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for person in people {
        if counts.get(person).copied().unwrap_or(0) >= MAX_REMINDERS_PER_DAY {
            at_cap += 1;
            continue;
        }
        insert.execute(params![
            reminder_id,
            person,
            day.to_string(),
            kind_text,
            actor.id,
            timestamp(now)
        ])?;
        let note = ReminderNote {
            reminder_id: reminder_id.to_owned(),
            day,
            kind: kind.clone(),
            by_name: actor.name.clone(),
            at: now,
        };
        delivered.push((person.clone(), PulledChange::Reminder(note)));
    }
    Ok((delivered, at_cap))
}

fn reminders_answer(
    actor: &AccountPerson,
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    mut delivered: Delivered,
    at_cap: u32,
) -> std::result::Result<Delivered, ErrorCode> {
    if delivered.is_empty() {
        return Err(if at_cap > 0 { ErrorCode::ReminderCap } else { ErrorCode::NobodyToRemind });
    }
    let sent = RemindersSent {
        reminder_id: reminder_id.to_owned(),
        scope: scope.clone(),
        day,
        reminded: delivered.len() as u32,
        at_cap,
    };
    delivered.push((actor.id.clone(), PulledChange::RemindersSent(sent)));
    Ok(delivered)
}

fn remind(
    tx: &Connection,
    actor: &AccountPerson,
    reminder_id: &str,
    scope: &Scope,
    day: NaiveDate,
    now: DateTime<Utc>,
    directory: &Directory,
) -> Result<std::result::Result<Delivered, ErrorCode>> {
    let department = scope_department(tx, scope, day)?;
    let class_name = match scope {
        Scope::Class(c) => c.as_str(),
        Scope::Department(_) => "",
        Scope::School => return Ok(Err(ErrorCode::NotYourScope)),
    };
    if !allows(actor, &Action::ActFor { department: &department, class_name }) {
        return Ok(Err(ErrorCode::NotYourScope));
    }
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    let missing: Vec<String> = facts
        .people
        .iter()
        .filter(|p| scope.advises(&p.expected.department, &p.expected.class_name))
        .filter(|p| p.standing == Standing::Missing)
        .map(|p| p.expected.person_id.clone())
        .collect();
    let (delivered, at_cap) =
        send_reminders(tx, actor, reminder_id, day, &ReminderKind::Declare, &missing, now)?;
    Ok(reminders_answer(actor, reminder_id, scope, day, delivered, at_cap))
}

/// Advisors of a department's unsigned classes, or the offices of the
/// school's unsigned departments.
fn remind_signers(
    tx: &Connection,
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
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    let report = build(facts, |_| Visibility::Figures);
    let unsigned: Vec<Scope> =
        report.parts.iter().filter(|p| !p.state.is_signed()).map(|p| p.scope.clone()).collect();
    let mut delivered = Vec::new();
    let mut at_cap = 0;
    for part in &unsigned {
        let signers = signers_of(tx, part)?;
        let (mut sent, capped) = send_reminders(
            tx,
            actor,
            reminder_id,
            day,
            &ReminderKind::Sign(part.clone()),
            &signers,
            now,
        )?;
        delivered.append(&mut sent);
        at_cap += capped;
    }
    Ok(reminders_answer(actor, reminder_id, scope, day, delivered, at_cap))
}

/// Who signs a class's or a department's report, by the roster now.
fn signers_of(tx: &Connection, scope: &Scope) -> Result<Vec<String>> {
    let mut statement = tx.prepare_cached(
        "SELECT person_id, roles, advises, scope FROM people WHERE active = 1
         AND (roles LIKE '%advisor%' OR roles LIKE '%office%')",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut ids = BTreeSet::new();
    for row in rows {
        let (id, roles, advises, office) = row?;
        let has = |role: &str| roles.split(';').any(|r| r == role);
        let signs = match scope {
            Scope::Class(c) => has("advisor") && advises.split(';').any(|a| a == c),
            Scope::Department(d) => {
                has("office") && office.as_deref() == Some(&format!("department:{d}"))
            }
            Scope::School => has("office") && office.as_deref() == Some("school"),
        };
        if signs {
            ids.insert(id);
        }
    }
    Ok(ids.into_iter().collect())
}

#[allow(clippy::too_many_arguments)]
fn sign(
    tx: &Connection,
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
    let Some(facts) = report_facts(tx, scope, day, now, directory, true, None)? else {
        return Ok(Err(ErrorCode::UnknownScope));
    };
    if !facts.known {
        return Ok(Err(ErrorCode::NotSignable));
    }
    let report = build(facts, |_| Visibility::Figures);
    let version = match decide_sign(&report.blockers, seen, &report.covered, &report.versions) {
        Ok(version) => version,
        Err(code) => return Ok(Err(code)),
    };
    let deadline = at_school(day, directory.deadlines.for_level(scope.level()));
    tx.prepare_cached(
        "INSERT INTO report_signatures (day, level, scope_name, version, signature_id, signer_id,
             signer_name, signed_at, late_minutes, covered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        day.to_string(),
        scope.level().as_str(),
        scope.name(),
        version,
        signature_id,
        actor.id,
        actor.name,
        timestamp(now),
        minutes_late(deadline, now),
        to_json(&report.covered)?
    ])?;
    Ok(Ok(Vec::new()))
}

#[allow(clippy::too_many_arguments)]
fn return_report(
    tx: &Connection,
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
    if let Err(code) = decide_return(&versions, version) {
        return Ok(Err(code));
    }
    tx.prepare_cached(
        "INSERT INTO report_returns (return_id, day, level, scope_name, version, by_id, by_name,
             at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        return_id,
        day.to_string(),
        scope.level().as_str(),
        scope.name(),
        version,
        actor.id,
        actor.name,
        timestamp(now),
        reason.trim()
    ])?;
    // The signer hears of it on the next sync, as a reminder to sign.
    let signers = signers_of(tx, scope)?;
    let note = |_: &String| ReminderNote {
        reminder_id: return_id.to_owned(),
        day,
        kind: ReminderKind::Sign(scope.clone()),
        by_name: actor.name.clone(),
        at: now,
    };
    Ok(Ok(signers.iter().map(|s| (s.clone(), PulledChange::Reminder(note(s)))).collect()))
}
