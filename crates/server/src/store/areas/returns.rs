//! Return to campus in SQLite (SPEC §6): applications and decisions,
//! decided on arrival inside the push's transaction. The store reads the
//! facts (the latest declaration, the person's applications, who the
//! applicant is), the domain decides (`anxin_domain::campus_return`), the
//! store writes the outcome. A decision is a row of its own, never edited.

use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::{
    decide as decide_step, may_apply, Deciders, ReturnApplication, ReturnRequest, ReturnStep,
    ReturnToDecide, StepDecision,
};
use anxin_domain::declaration::{DeclarationAnswers, LocationKind};
use anxin_domain::{local_day, ErrorCode};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::codec::{parse_json, parse_timestamp, timestamp, to_json};
use crate::store::SqliteStore;
use crate::store::{AuditEntry, Result, ReturnStore};

/// `Ok(Err(code))`: refused for good, nothing stored.
type Decided = std::result::Result<ReturnApplication, ErrorCode>;

/// The actor applies: stored when the domain allows it.
pub(in crate::store) fn apply(
    tx: &Connection,
    actor: &AccountPerson,
    request: &ReturnRequest,
    now: DateTime<Utc>,
) -> Result<Decided> {
    if application(tx, &request.application_id)?.is_some() {
        return Ok(Err(ErrorCode::IdReused));
    }
    let latest = latest_location(tx, &actor.id)?;
    let earlier = applications_of(tx, &actor.id)?;
    if let Err(code) = may_apply(request, local_day(now), latest, &earlier) {
        return Ok(Err(code));
    }
    let application = ReturnApplication::new(&actor.id, request, !actor.class_name.is_empty(), now);
    tx.execute(
        "INSERT INTO return_applications (application_id, person_id, applied_at,
             has_advisor_step, request, pending)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        params![
            application.id(),
            actor.id,
            timestamp(now),
            application.has_advisor_step,
            to_json(&application.request)?,
        ],
    )?;
    Ok(Ok(application))
}

/// The actor decides the step of `application_id` waiting for them.
pub(in crate::store) fn decide(
    tx: &Connection,
    actor: &AccountPerson,
    application_id: &str,
    approve: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Decided> {
    let Some(application) = application(tx, application_id)? else {
        return Ok(Err(ErrorCode::UnknownReturn));
    };
    let (department, class_name) = place_of(tx, &application.person_id)?;
    let deciders = Deciders::of(actor, &department, &class_name);
    let (step, decision) =
        match decide_step(&application, deciders, approve, reason, &actor.name, now) {
            Ok(decided) => decided,
            Err(code) => return Ok(Err(code)),
        };
    tx.execute(
        "INSERT INTO return_decisions (application_id, step, approve, reason, by_id, by_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            application_id,
            step_text(step),
            decision.approve,
            decision.reason,
            actor.id,
            decision.by_name,
            timestamp(now),
        ],
    )?;
    let application = application.with_decision(step, decision);
    tx.execute(
        "UPDATE return_applications SET pending = ?2 WHERE application_id = ?1",
        params![application_id, application.pending_step().is_some()],
    )?;
    super::accounts::audit(
        tx,
        &AuditEntry {
            at: now,
            event: "return_decided".into(),
            actor: Some(actor.id.clone()),
            subject: Some(application.person_id.clone()),
            address: None,
            detail: Some(format!(
                "{} {}",
                step_text(step),
                if approve { "approve" } else { "refuse" }
            )),
        },
    )?;
    Ok(Ok(application))
}

fn step_text(step: ReturnStep) -> &'static str {
    match step {
        ReturnStep::Advisor => "advisor",
        ReturnStep::Office => "office",
    }
}

/// The location of the person's latest declaration (its latest revision).
fn latest_location(connection: &Connection, person_id: &str) -> Result<Option<LocationKind>> {
    let answers: Option<String> = connection
        .prepare_cached(
            "SELECT answers FROM declaration_revisions WHERE person_id = ?1
             ORDER BY day DESC, number DESC LIMIT 1",
        )?
        .query_row([person_id], |row| row.get(0))
        .optional()?;
    answers.map(|a| Ok(parse_json::<DeclarationAnswers>(&a)?.location.kind)).transpose()
}

/// The location of the person's declaration in force on each day from
/// `since` on.
pub(in crate::store) fn locations_since(
    connection: &Connection,
    person_id: &str,
    since: NaiveDate,
) -> Result<Vec<(NaiveDate, LocationKind)>> {
    let mut statement = connection.prepare_cached(
        "SELECT day, answers FROM declaration_revisions r WHERE person_id = ?1 AND day >= ?2
         AND number = (SELECT MAX(number) FROM declaration_revisions
                       WHERE person_id = r.person_id AND day = r.day)",
    )?;
    let rows = statement.query_map(params![person_id, since.to_string()], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut locations = Vec::new();
    for row in rows {
        let (day, answers) = row?;
        let day =
            day.parse().map_err(|_| crate::store::StoreError::Corrupt("a stored day".into()))?;
        locations.push((day, parse_json::<DeclarationAnswers>(&answers)?.location.kind));
    }
    Ok(locations)
}

/// The roster's department and class of a person.
fn place_of(connection: &Connection, person_id: &str) -> Result<(String, String)> {
    Ok(connection
        .prepare_cached("SELECT department, class_name FROM people WHERE person_id = ?1")?
        .query_row([person_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .unwrap_or_default())
}

const COLUMNS: &str = "SELECT application_id, person_id, applied_at, has_advisor_step, request
                       FROM return_applications";

fn application(connection: &Connection, id: &str) -> Result<Option<ReturnApplication>> {
    let sql = format!("{COLUMNS} WHERE application_id = ?1");
    let mut found = read(connection, &sql, [id])?;
    Ok(found.pop())
}

/// The person's applications, oldest first.
pub(in crate::store) fn applications_of(
    connection: &Connection,
    person_id: &str,
) -> Result<Vec<ReturnApplication>> {
    let sql = format!("{COLUMNS} WHERE person_id = ?1 ORDER BY applied_at, application_id");
    read(connection, &sql, [person_id])
}

fn read(
    connection: &Connection,
    sql: &str,
    parameters: impl rusqlite::Params,
) -> Result<Vec<ReturnApplication>> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement.query_map(parameters, |row| {
        Ok((
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    let mut applications = Vec::new();
    for row in rows {
        let (person_id, applied_at, has_advisor_step, request) = row?;
        let mut application = ReturnApplication::new(
            &person_id,
            &parse_json(&request)?,
            has_advisor_step,
            parse_timestamp(&applied_at)?,
        );
        for (step, decision) in decisions_of(connection, application.id())? {
            application = application.with_decision(step, decision);
        }
        applications.push(application);
    }
    Ok(applications)
}

fn decisions_of(
    connection: &Connection,
    application_id: &str,
) -> Result<Vec<(ReturnStep, StepDecision)>> {
    let mut statement = connection.prepare_cached(
        "SELECT step, approve, reason, by_name, at FROM return_decisions
         WHERE application_id = ?1",
    )?;
    let rows = statement.query_map([application_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, bool>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    let mut decisions = Vec::new();
    for row in rows {
        let (step, approve, reason, by_name, at) = row?;
        let step = match step.as_str() {
            "advisor" => ReturnStep::Advisor,
            "office" => ReturnStep::Office,
            _ => return Err(crate::store::StoreError::Corrupt("a return decision's step".into())),
        };
        let at = parse_timestamp(&at)?;
        decisions.push((step, StepDecision { approve, reason, by_name, at }));
    }
    Ok(decisions)
}

impl ReturnStore for SqliteStore {
    fn pending_returns(&self) -> Result<Vec<ReturnToDecide>> {
        self.with_connection(|c| {
            let sql = format!("{COLUMNS} WHERE pending = 1 ORDER BY applied_at, application_id");
            let mut pending = Vec::new();
            for application in read(c, &sql, [])? {
                let (name, department, class_name) = c
                    .prepare_cached(
                        "SELECT name, department, class_name FROM people WHERE person_id = ?1",
                    )?
                    .query_row([&application.person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?
                    .unwrap_or_default();
                pending.push(ReturnToDecide { application, name, class_name, department });
            }
            Ok(pending)
        })
    }
}
