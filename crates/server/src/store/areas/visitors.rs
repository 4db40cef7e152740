//! Visitors in SQLite: the three visitor mutations decided inside the
//! push's transaction (the rules are the domain's, `anxin_domain::visitor`),
//! and the reads of the office's and the guard's lists.

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::local_day;
use anxin_domain::sync::{judge_device_time, Change, Mutation, PulledChange, RejectCode};
use anxin_domain::visitor::gate::gate_flags;
use anxin_domain::visitor::{
    decide as decide_visit, VisitorGateRecord, VisitorRegistration, VisitorRequest,
};
use anxin_domain::Directory;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::codec::{parse_json, parse_timestamp, timestamp, to_json};
use crate::store::SqliteStore;
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
    tx: &Connection,
    actor: &AccountPerson,
    mutation: &Mutation,
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<VisitorAnswer> {
    match &mutation.change {
        Change::VisitorRegister(request) => register(tx, actor, request, received_at),
        Change::VisitorDecide(decision) => {
            let Some(registration) = registration(tx, &decision.visitor_id)? else {
                return Ok(VisitorAnswer::Refused(RejectCode::UnknownVisitor));
            };
            let department = registration.host_department.as_str();
            if !allows(actor, &Action::DecideVisitor { department }) {
                return Ok(VisitorAnswer::Refused(RejectCode::NotYourScope));
            }
            let today = local_day(received_at);
            let decided =
                match decide_visit(&registration, decision, today, &actor.name, received_at) {
                    Ok(decided) => decided,
                    Err(code) => return Ok(VisitorAnswer::Refused(code)),
                };
            tx.execute(
                "UPDATE visitors SET body = ?2 WHERE visitor_id = ?1",
                params![decided.request.visitor_id, to_json(&decided)?],
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
    tx: &Connection,
    actor: &AccountPerson,
    request: &VisitorRequest,
    received_at: DateTime<Utc>,
) -> Result<VisitorAnswer> {
    if !allows(actor, &Action::RegisterVisitor) {
        return Ok(VisitorAnswer::Refused(RejectCode::NotYourScope));
    }
    if let Some(earlier) = registration(tx, &request.visitor_id)? {
        return Ok(if earlier.host_id == actor.id {
            VisitorAnswer::Duplicate
        } else {
            VisitorAnswer::Refused(RejectCode::IdReused)
        });
    }
    let registration = VisitorRegistration::new(request, actor, received_at);
    tx.execute(
        "INSERT INTO visitors (visitor_id, host_id, host_department, day, body, registered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            registration.request.visitor_id,
            registration.host_id,
            registration.host_department,
            registration.request.day.to_string(),
            to_json(&registration)?,
            timestamp(received_at),
        ],
    )?;
    Ok(VisitorAnswer::Applied(vec![(actor.id.clone(), PulledChange::Visitor(registration))]))
}

/// A guard's record is a fact of the gate: kept whatever it says, with
/// what the rules find wrong with it (the registration it names, the day
/// by the guard's phone, judged like every device time).
fn at_gate(
    tx: &Connection,
    actor: &AccountPerson,
    mutation: &Mutation,
    record: &VisitorGateRecord,
    received_at: DateTime<Utc>,
    directory: &Directory,
) -> Result<VisitorAnswer> {
    if !allows(actor, &Action::RecordAtGate) {
        return Ok(VisitorAnswer::Refused(RejectCode::NotYourScope));
    }
    let earlier: Option<String> = tx
        .query_row(
            "SELECT guard_id FROM visitor_gate_records WHERE record_id = ?1",
            [record.record_id()],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(guard) = earlier {
        return Ok(if guard == actor.id {
            VisitorAnswer::Duplicate
        } else {
            VisitorAnswer::Refused(RejectCode::IdReused)
        });
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
        params![
            record.record_id(),
            actor.id,
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

fn registration(c: &Connection, visitor_id: &str) -> Result<Option<VisitorRegistration>> {
    let body: Option<String> = c
        .query_row("SELECT body FROM visitors WHERE visitor_id = ?1", [visitor_id], |row| {
            row.get(0)
        })
        .optional()?;
    body.map(|b| parse_json(&b)).transpose()
}

fn registrations(
    c: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<VisitorRegistration>> {
    let mut statement = c.prepare_cached(sql)?;
    let bodies = statement.query_map(args, |row| row.get::<_, String>(0))?;
    let mut out = Vec::new();
    for body in bodies {
        out.push(parse_json(&body?)?);
    }
    Ok(out)
}

impl VisitorStore for SqliteStore {
    fn pending_visitors(
        &self,
        department: &str,
        today: NaiveDate,
    ) -> Result<Vec<VisitorRegistration>> {
        self.with_connection(|c| {
            let mut found = registrations(
                c,
                "SELECT body FROM visitors WHERE host_department = ?1 AND day >= ?2
                 ORDER BY day, registered_at",
                params![department, today.to_string()],
            )?;
            found.retain(|r| r.awaits_decision(today));
            Ok(found)
        })
    }

    fn visitors_of_day(&self, day: NaiveDate) -> Result<Vec<VisitorRegistration>> {
        self.with_connection(|c| {
            registrations(
                c,
                "SELECT body FROM visitors WHERE day = ?1 ORDER BY registered_at",
                [day.to_string()],
            )
        })
    }

    fn visitor(&self, visitor_id: &str) -> Result<Option<VisitorRegistration>> {
        self.with_connection(|c| registration(c, visitor_id))
    }

    fn visitor_gate_records(&self, day: NaiveDate) -> Result<Vec<StoredVisitorGateRecord>> {
        self.with_connection(|c| {
            let mut statement = c.prepare_cached(
                "SELECT guard_id, body, flags, device_time, received_at
                 FROM visitor_gate_records WHERE day = ?1 ORDER BY received_at, record_id",
            )?;
            let rows =
                statement.query_map([day.to_string()], |row| super::codec::texts::<5>(row, 0))?;
            let mut out = Vec::new();
            for row in rows {
                let [guard_id, body, flags, device_time, received_at] = row?;
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
