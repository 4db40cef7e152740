//! Return to campus (SPEC §6): applications and decisions, decided on
//! arrival inside the push's transaction. The store reads the facts (the
//! latest declaration, the person's applications, who the applicant is),
//! the domain decides (`anxin_domain::campus_return`), the store writes
//! the outcome. A decision is a row of its own, never edited.

use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::{
    apply as decide_apply, decide_application, ApplyFacts, DecideFacts, ReturnApplication,
    ReturnRequest, ReturnStep, ReturnToDecide, StepDecision,
};
use anxin_domain::declaration::{DeclarationAnswers, LocationKind};
use anxin_domain::ErrorCode;
use chrono::{DateTime, NaiveDate, Utc};

use super::codec::{parse_json, parse_timestamp, texts, timestamp, to_json};
use crate::store::sql::{args, Row, Sql, Value};
use crate::store::Engine;
use crate::store::{AuditEntry, Result, ReturnStore, StoreError};

/// `Ok(Err(code))`: refused for good, nothing stored.
type Decided = std::result::Result<ReturnApplication, ErrorCode>;

/// The actor applies: stored when the domain allows it.
pub(in crate::store) fn apply(
    tx: &dyn Sql,
    actor: &AccountPerson,
    request: &ReturnRequest,
    now: DateTime<Utc>,
) -> Result<Decided> {
    let id_taken = application(tx, &request.application_id)?.is_some();
    let latest_location = latest_location(tx, &actor.id)?;
    let applications = applications_of(tx, &actor.id)?;
    let facts = ApplyFacts { id_taken, latest_location, applications: &applications };
    let application = match decide_apply(actor, request, facts, now) {
        Ok(application) => application,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO return_applications (application_id, person_id, applied_at,
             has_advisor_step, request, pending)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        args![
            application.id(),
            &application.person_id,
            timestamp(application.applied_at),
            application.has_advisor_step,
            to_json(&application.request)?,
        ],
    )?;
    Ok(Ok(application))
}

/// The actor decides the step of `application_id` waiting for them.
pub(in crate::store) fn decide(
    tx: &dyn Sql,
    actor: &AccountPerson,
    application_id: &str,
    approve: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Decided> {
    let application = application(tx, application_id)?;
    let (department, class_name) = match &application {
        Some(a) => place_of(tx, &a.person_id)?,
        None => Default::default(),
    };
    let facts = DecideFacts { application, department: &department, class_name: &class_name };
    let decided = match decide_application(actor, facts, approve, reason, now) {
        Ok(decided) => decided,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "INSERT INTO return_decisions (application_id, step, approve, reason, by_id, by_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            application_id,
            step_text(decided.step),
            decided.decision.approve,
            &decided.decision.reason,
            &actor.id,
            &decided.decision.by_name,
            timestamp(decided.decision.at),
        ],
    )?;
    tx.execute(
        "UPDATE return_applications SET pending = ?2 WHERE application_id = ?1",
        args![application_id, decided.still_pending()],
    )?;
    super::accounts::audit(
        tx,
        &AuditEntry {
            at: now,
            event: "return_decided".into(),
            actor: Some(actor.id.clone()),
            subject: Some(decided.application.person_id.clone()),
            address: None,
            detail: Some(format!(
                "{} {}",
                step_text(decided.step),
                if decided.decision.approve { "approve" } else { "refuse" }
            )),
        },
    )?;
    Ok(Ok(decided.application))
}

fn step_text(step: ReturnStep) -> &'static str {
    match step {
        ReturnStep::Advisor => "advisor",
        ReturnStep::Office => "office",
    }
}

fn step_of(text: &str) -> Result<ReturnStep> {
    match text {
        "advisor" => Ok(ReturnStep::Advisor),
        "office" => Ok(ReturnStep::Office),
        _ => Err(StoreError::Corrupt("a return decision's step".into())),
    }
}

/// The location of the person's latest declaration (its latest revision).
fn latest_location(tx: &dyn Sql, person_id: &str) -> Result<Option<LocationKind>> {
    let row = tx.query_opt(
        "SELECT answers FROM declaration_revisions WHERE person_id = ?1
         ORDER BY day DESC, number DESC LIMIT 1",
        args![person_id],
    )?;
    row.map(|r| Ok(parse_json::<DeclarationAnswers>(r.text(0)?)?.location.kind)).transpose()
}

/// The location of the person's declaration in force on each day from
/// `since` on.
pub(in crate::store) fn locations_since(
    tx: &dyn Sql,
    person_id: &str,
    since: NaiveDate,
) -> Result<Vec<(NaiveDate, LocationKind)>> {
    let rows = tx.query(
        "SELECT day, answers FROM declaration_revisions r WHERE person_id = ?1 AND day >= ?2
         AND number = (SELECT MAX(number) FROM declaration_revisions
                       WHERE person_id = r.person_id AND day = r.day)",
        args![person_id, since.to_string()],
    )?;
    let mut locations = Vec::with_capacity(rows.len());
    for row in &rows {
        let day = row.text(0)?.parse().map_err(|_| StoreError::Corrupt("a stored day".into()))?;
        locations.push((day, parse_json::<DeclarationAnswers>(row.text(1)?)?.location.kind));
    }
    Ok(locations)
}

/// The roster's department and class of a person.
fn place_of(tx: &dyn Sql, person_id: &str) -> Result<(String, String)> {
    let row = tx.query_opt(
        "SELECT department, class_name FROM people WHERE person_id = ?1",
        args![person_id],
    )?;
    Ok(match row {
        Some(row) => (row.get(0)?, row.get(1)?),
        None => Default::default(),
    })
}

const COLUMNS: &str = "SELECT application_id, person_id, applied_at, has_advisor_step, request
                       FROM return_applications";

fn application(tx: &dyn Sql, id: &str) -> Result<Option<ReturnApplication>> {
    let sql = format!("{COLUMNS} WHERE application_id = ?1");
    let mut found = read(tx, &sql, args![id])?;
    Ok(found.pop())
}

/// The person's applications, oldest first.
pub(in crate::store) fn applications_of(
    tx: &dyn Sql,
    person_id: &str,
) -> Result<Vec<ReturnApplication>> {
    let sql = format!("{COLUMNS} WHERE person_id = ?1 ORDER BY applied_at, application_id");
    read(tx, &sql, args![person_id])
}

fn read(tx: &dyn Sql, sql: &str, parameters: &[Value]) -> Result<Vec<ReturnApplication>> {
    let rows = tx.query(sql, parameters)?;
    let mut applications = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut application = ReturnApplication::new(
            row.text(1)?,
            &parse_json(row.text(4)?)?,
            row.get(3)?,
            parse_timestamp(row.text(2)?)?,
        );
        for (step, decision) in decisions_of(tx, application.id())? {
            application = application.with_decision(step, decision);
        }
        applications.push(application);
    }
    Ok(applications)
}

fn decisions_of(tx: &dyn Sql, application_id: &str) -> Result<Vec<(ReturnStep, StepDecision)>> {
    let rows = tx.query(
        "SELECT step, approve, reason, by_name, at FROM return_decisions
         WHERE application_id = ?1",
        args![application_id],
    )?;
    rows.iter().map(decision_of).collect()
}

fn decision_of(row: &Row) -> Result<(ReturnStep, StepDecision)> {
    let [reason, by_name] = texts::<2>(row, 2)?;
    let decision =
        StepDecision { approve: row.get(1)?, reason, by_name, at: parse_timestamp(row.text(4)?)? };
    Ok((step_of(row.text(0)?)?, decision))
}

impl<E: Engine> ReturnStore for E {
    fn pending_returns(&self) -> Result<Vec<ReturnToDecide>> {
        self.read(1, |tx| {
            let sql = format!("{COLUMNS} WHERE pending = 1 ORDER BY applied_at, application_id");
            let mut pending = Vec::new();
            for application in read(tx, &sql, args![])? {
                let row = tx.query_opt(
                    "SELECT name, department, class_name FROM people WHERE person_id = ?1",
                    args![&application.person_id],
                )?;
                let [name, department, class_name] = match row {
                    Some(row) => texts::<3>(&row, 0)?,
                    None => Default::default(),
                };
                pending.push(ReturnToDecide { application, name, class_name, department });
            }
            Ok(pending)
        })
    }
}
