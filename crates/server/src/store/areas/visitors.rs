//! Visitors: the three visitor mutations decided inside the push's
//! transaction (the rules are the domain's, `anxin_domain::visitor`), and
//! the reads of the office's and the guard's lists.

use anxin_domain::account::AccountPerson;
use anxin_domain::gate::Taken;
use anxin_domain::local_day;
use anxin_domain::sync::{judge_device_time, Change, Mutation, PulledChange, RejectCode};
use anxin_domain::visitor::gate::gate_flags;
use anxin_domain::visitor::{
    decide_as, register as decide_register, take_visitor_record, Registering, VisitorGateRecord,
    VisitorRegistration, VisitorRequest,
};
use anxin_domain::Directory;
use chrono::{DateTime, NaiveDate, Utc};

use super::codec::{parse_json, parse_timestamp, texts, timestamp, to_json};
use crate::store::sql::{args, Sql, Value};
use crate::store::Engine;
use crate::store::{Result, StoredVisitorGateRecord, VisitorStore};

/// What became of a visitor mutation.
pub(in crate::store) enum VisitorAnswer {
    /// Stored; these changes go to these people's logs.
    Applied(Vec<(String, PulledChange)>),
    /// The same record again (another mutation id): nothing changed.
    Duplicate,
    Refused(RejectCode),
}

/// Decides a visitor mutation of `actor`, received at `received_at`.
pub(in crate::store) fn decide(
    tx: &dyn Sql,
    actor: &AccountPerson,
    mutation: &Mutation,
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<VisitorAnswer> {
    match &mutation.change {
        Change::VisitorRegister(request) => register(tx, actor, request, received_at),
        Change::VisitorDecide(decision) => {
            let registration = registration(tx, &decision.visitor_id)?;
            let today = local_day(received_at);
            let decided =
                match decide_as(actor, registration.as_ref(), decision, today, received_at) {
                    Ok(decided) => decided,
                    Err(code) => return Ok(VisitorAnswer::Refused(code)),
                };
            tx.execute(
                "UPDATE visitors SET body = ?2 WHERE visitor_id = ?1",
                args![&decided.request.visitor_id, to_json(&decided)?],
            )?;
            Ok(VisitorAnswer::Applied(vec![(
                decided.host_id.clone(),
                PulledChange::Visitor(decided),
            )]))
        }
        Change::VisitorAtGate(record) => {
            at_gate(tx, actor, mutation, record, received_at, directory)
        }
        _ => Ok(VisitorAnswer::Refused(RejectCode::NotYourScope)),
    }
}

fn register(
    tx: &dyn Sql,
    actor: &AccountPerson,
    request: &VisitorRequest,
    received_at: DateTime<Utc>,
) -> Result<VisitorAnswer> {
    let earlier = registration(tx, &request.visitor_id)?;
    let registration = match decide_register(actor, request, earlier.as_ref(), received_at) {
        Ok(Registering::New(registration)) => *registration,
        Ok(Registering::Again) => return Ok(VisitorAnswer::Duplicate),
        Err(code) => return Ok(VisitorAnswer::Refused(code)),
    };
    tx.execute(
        "INSERT INTO visitors (visitor_id, host_id, host_department, day, body, registered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            &registration.request.visitor_id,
            &registration.host_id,
            &registration.host_department,
            registration.request.day.to_string(),
            to_json(&registration)?,
            timestamp(registration.registered_at),
        ],
    )?;
    Ok(VisitorAnswer::Applied(vec![(actor.id.clone(), PulledChange::Visitor(registration))]))
}

/// A guard's record is a fact of the gate: kept whatever it says, with
/// what the rules find wrong with it (the registration it names, the day
/// by the guard's phone, judged like every device time).
fn at_gate(
    tx: &dyn Sql,
    actor: &AccountPerson,
    mutation: &Mutation,
    record: &VisitorGateRecord,
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<VisitorAnswer> {
    let kept_by = tx
        .query_opt(
            "SELECT guard_id FROM visitor_gate_records WHERE record_id = ?1",
            args![record.record_id()],
        )?
        .map(|row| row.get::<String>(0))
        .transpose()?;
    match take_visitor_record(actor, kept_by.as_deref()) {
        Ok(Taken::New) => {}
        Ok(Taken::Again) => return Ok(VisitorAnswer::Duplicate),
        Err(code) => return Ok(VisitorAnswer::Refused(code)),
    }
    let visitor_id = match record {
        VisitorGateRecord::Visitor { visitor_id, .. } => Some(visitor_id.as_str()),
        VisitorGateRecord::Unregistered { .. } => None,
    };
    let registration = visitor_id.map(|id| registration(tx, id)).transpose()?.flatten();
    let (device_time, time_flag) = judge_device_time(mutation.device_time, received_at);
    let day = local_day(device_time);
    let flags = gate_flags(record, registration.as_ref(), day, &directory.rules);
    tx.execute(
        "INSERT INTO visitor_gate_records (record_id, guard_id, visitor_id, body, decision, day,
             device_time, time_flag, received_at, flags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            record.record_id(),
            &actor.id,
            visitor_id,
            to_json(record)?,
            to_json(&record.decision())?,
            day.to_string(),
            timestamp(device_time),
            time_flag.map(|f| to_json(&f)).transpose()?,
            timestamp(received_at),
            to_json(&flags)?,
        ],
    )?;
    Ok(VisitorAnswer::Applied(Vec::new()))
}

fn registration(tx: &dyn Sql, visitor_id: &str) -> Result<Option<VisitorRegistration>> {
    let row = tx.query_opt("SELECT body FROM visitors WHERE visitor_id = ?1", args![visitor_id])?;
    row.map(|r| parse_json(r.text(0)?)).transpose()
}

fn registrations(tx: &dyn Sql, sql: &str, args: &[Value]) -> Result<Vec<VisitorRegistration>> {
    tx.query(sql, args)?.iter().map(|row| parse_json(row.text(0)?)).collect()
}

impl<E: Engine> VisitorStore for E {
    fn pending_visitors(
        &self,
        department: &str,
        today: NaiveDate,
    ) -> Result<Vec<VisitorRegistration>> {
        self.read(1, |tx| {
            let mut found = registrations(
                tx,
                "SELECT body FROM visitors WHERE host_department = ?1 AND day >= ?2
                 ORDER BY day, registered_at",
                args![department, today.to_string()],
            )?;
            found.retain(|r| r.awaits_decision(today));
            Ok(found)
        })
    }

    fn visitors_of_day(&self, day: NaiveDate) -> Result<Vec<VisitorRegistration>> {
        self.read(1, |tx| {
            registrations(
                tx,
                "SELECT body FROM visitors WHERE day = ?1 ORDER BY registered_at",
                args![day.to_string()],
            )
        })
    }

    fn visitor(&self, visitor_id: &str) -> Result<Option<VisitorRegistration>> {
        self.read(1, |tx| registration(tx, visitor_id))
    }

    fn visitor_gate_records(&self, day: NaiveDate) -> Result<Vec<StoredVisitorGateRecord>> {
        self.read(1, |tx| {
            let rows = tx.query(
                "SELECT guard_id, body, flags, device_time, received_at
                 FROM visitor_gate_records WHERE day = ?1 ORDER BY received_at, record_id",
                args![day.to_string()],
            )?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let [guard_id, body, flags, device_time, received_at] = texts::<5>(row, 0)?;
                out.push(StoredVisitorGateRecord {
                    guard_id,
                    record: parse_json(&body)?,
                    flags: parse_json(&flags)?,
                    device_time: parse_timestamp(&device_time)?,
                    received_at: parse_timestamp(&received_at)?,
                });
            }
            Ok(out)
        })
    }
}
