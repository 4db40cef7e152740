//! The gate in SQLite: a guard's record decided with the domain's rules
//! (`anxin_domain::gate`) in the push's transaction, isolation
//! observations begun there and ended by an office, and the reads around
//! them (the gate list, a day's records).

use anxin_domain::access::{allows, Action};
use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::return_approved_for;
use anxin_domain::gate::{
    gate_figures, judge_gate_record, GateFacts, GateFigures, GateRecord, Identified,
};
use anxin_domain::pass::verify::{verify, GateClock, PassKey};
use anxin_domain::pass::wire::from_text;
use anxin_domain::pass::{pseudonym_hex, status_of_day, EntryStatus};
use anxin_domain::sync::{judge_device_time, RejectCode};
use anxin_domain::{local_day, AbnormalRules};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::codec::{parse_json, parse_timestamp, timestamp, to_json};
use super::passes::{read_keys, read_pass_facts, return_facts};
use crate::accounts::audit::AuditEvent;
use crate::store::SqliteStore;
use crate::store::{AuditEntry, GateListFacts, GateStore, Result, StoredGateRecord, StoredPassKey};

/// A refusal of the mutation, or `Ok` once stored.
type Decided = std::result::Result<(), RejectCode>;

/// Decides a guard's record: refused when it breaks a rule (nothing
/// stored); otherwise stored with the server's flags, and an isolation
/// observation begun when a fever or a cough was found.
pub(in crate::store) fn decide_record(
    tx: &Connection,
    actor: &AccountPerson,
    record: &GateRecord,
    device_time: DateTime<Utc>,
    received_at: DateTime<Utc>,
    rules: &AbnormalRules,
) -> Result<Decided> {
    if !allows(actor, &Action::RecordAtGate) {
        return Ok(Err(RejectCode::NotYourScope));
    }
    if let Some(problem) = record.problems(rules).first() {
        return Ok(Err(problem.code()));
    }
    let kept_by: Option<String> = tx
        .query_row(
            "SELECT guard_id FROM gate_records WHERE record_id = ?1",
            [&record.record_id],
            |r| r.get(0),
        )
        .optional()?;
    match kept_by {
        Some(guard) if guard == actor.id => return Ok(Ok(())),
        Some(_) => return Ok(Err(RejectCode::IdReused)),
        None => {}
    }
    let (at, _) = judge_device_time(device_time, received_at);
    let day = local_day(at);
    let (pass, person_id) = match &record.who {
        Identified::Pass(text) => {
            let keys = server_keys(tx)?;
            let clock =
                GateClock { keys: &keys, keys_fetched_at: at, device_now: at, server_seen: None };
            let verified = verify(text, &clock);
            // Only a genuine pass names its person (a changed one could
            // name anybody).
            let genuine = verified.is_ok()
                || matches!(
                    verified,
                    Err(anxin_domain::pass::verify::PassError::EarlierDay
                        | anxin_domain::pass::verify::PassError::LaterDay
                        | anxin_domain::pass::verify::PassError::Expired)
                );
            let person = match from_text(text) {
                Ok((claims, _, _)) if genuine => person_of_pseudonym(tx, &claims.pseudonym)?,
                _ => None,
            };
            (Some(verified), person)
        }
        Identified::ById(id) => (None, active_person(tx, id)?),
    };
    let (status_now, in_observation) = match &person_id {
        Some(id) => status_of(tx, id, day, rules)?,
        None => (EntryStatus::Check, false),
    };
    let last_same_direction = match &person_id {
        Some(id) => nearest_record(tx, id, &record.direction, at)?,
        None => None,
    };
    let judged = judge_gate_record(&GateFacts {
        record,
        rules,
        pass,
        person_known: person_id.is_some(),
        status_now,
        in_observation,
        last_same_direction,
        at,
    });
    tx.prepare_cached(
        "INSERT INTO gate_records (record_id, guard_id, person_id, day, gate, direction, record,
             flags, device_time, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        record.record_id,
        actor.id,
        person_id,
        day.to_string(),
        record.gate.trim(),
        to_json(&record.direction)?,
        to_json(record)?,
        to_json(&judged.flags)?,
        timestamp(at),
        timestamp(received_at),
    ])?;
    if let (true, Some(id)) = (judged.begins_observation, &person_id) {
        tx.execute(
            "INSERT INTO isolation_observations (person_id, started_at, started_by, gate_record_id)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, timestamp(at), actor.id, record.record_id],
        )?;
    }
    Ok(Ok(()))
}

/// An office ends a person's observation, with its reason.
pub(in crate::store) fn end_observation(
    tx: &Connection,
    actor: &AccountPerson,
    person_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Decided> {
    let department: Option<String> = tx
        .query_row("SELECT department FROM people WHERE person_id = ?1", [person_id], |r| r.get(0))
        .optional()?;
    let Some(department) = department else { return Ok(Err(RejectCode::NotYourScope)) };
    if !allows(actor, &Action::EndObservation { department: &department }) {
        return Ok(Err(RejectCode::NotYourScope));
    }
    let ended = tx.execute(
        "UPDATE isolation_observations SET ended_at = ?2, ended_by = ?3, end_reason = ?4
         WHERE person_id = ?1 AND ended_at IS NULL",
        params![person_id, timestamp(now), actor.id, reason.trim()],
    )?;
    if ended == 0 {
        return Ok(Err(RejectCode::NotUnderObservation));
    }
    let entry = AuditEntry {
        at: now,
        event: AuditEvent::ObservationEnded.as_str().to_owned(),
        actor: Some(actor.id.clone()),
        subject: Some(person_id.to_owned()),
        address: None,
        detail: None,
    };
    super::accounts::audit(tx, &entry)?;
    Ok(Ok(()))
}

/// Each gate's figures of `day`, by the domain's count.
pub(in crate::store) fn figures_of(
    connection: &Connection,
    day: NaiveDate,
    rules: &AbnormalRules,
) -> Result<Vec<GateFigures>> {
    let mut statement =
        connection.prepare_cached("SELECT record FROM gate_records WHERE day = ?1")?;
    let rows = statement.query_map([day.to_string()], |r| r.get::<_, String>(0))?;
    let mut records: Vec<GateRecord> = Vec::new();
    for row in rows {
        records.push(parse_json(&row?)?);
    }
    Ok(gate_figures(&records, rules))
}

/// The public keys, as a guard's phone has them.
fn server_keys(connection: &Connection) -> Result<Vec<PassKey>> {
    Ok(read_keys(connection)?.iter().map(StoredPassKey::public).collect())
}

fn person_of_pseudonym(connection: &Connection, pseudonym: &[u8; 8]) -> Result<Option<String>> {
    Ok(connection
        .prepare_cached("SELECT person_id FROM pass_pseudonyms WHERE pseudonym = ?1")?
        .query_row([pseudonym_hex(pseudonym)], |r| r.get(0))
        .optional()?)
}

fn active_person(connection: &Connection, typed: &str) -> Result<Option<String>> {
    Ok(connection
        .prepare_cached(
            "SELECT person_id FROM people WHERE person_id = ?1 COLLATE NOCASE AND active = 1",
        )?
        .query_row([typed.trim()], |r| r.get(0))
        .optional()?)
}

fn in_observation(connection: &Connection, person_id: &str) -> Result<bool> {
    Ok(connection
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM isolation_observations
                            WHERE person_id = ?1 AND ended_at IS NULL)",
        )?
        .query_row([person_id], |r| r.get(0))?)
}

/// The person's status for `day` as the server holds it, and whether they
/// are under observation.
fn status_of(
    connection: &Connection,
    person_id: &str,
    day: NaiveDate,
    rules: &AbnormalRules,
) -> Result<(EntryStatus, bool)> {
    let facts = read_pass_facts(connection, person_id, day)?;
    let (observed, approved) = match &facts {
        Some(f) => (f.in_isolation_observation, return_approved_for(&f.returns, day, &f.locations)),
        None => (in_observation(connection, person_id)?, false),
    };
    let answers = facts.as_ref().map(|f| &f.answers);
    Ok((status_of_day(answers, rules, observed, approved), observed))
}

/// The person's record in the same direction closest to `at`, within the
/// window the domain judges (records arrive in any order from several
/// phones).
fn nearest_record(
    connection: &Connection,
    person_id: &str,
    direction: &anxin_domain::gate::Direction,
    at: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let window = Duration::minutes(anxin_domain::gate::SEEN_TWICE_MINUTES);
    let found: Option<String> = connection
        .prepare_cached(
            "SELECT device_time FROM gate_records
             WHERE person_id = ?1 AND direction = ?2 AND device_time > ?3 AND device_time < ?4
             LIMIT 1",
        )?
        .query_row(
            params![person_id, to_json(direction)?, timestamp(at - window), timestamp(at + window)],
            |r| r.get(0),
        )
        .optional()?;
    found.map(|t| parse_timestamp(&t)).transpose()
}

impl GateStore for SqliteStore {
    fn remember_pseudonym(&self, person_id: &str, pseudonym: &str) -> Result<()> {
        self.with_connection(|c| {
            c.prepare_cached(
                "INSERT INTO pass_pseudonyms (pseudonym, person_id) VALUES (?1, ?2)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![pseudonym, person_id])?;
            Ok(())
        })
    }

    fn gate_list_facts(
        &self,
        day: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<GateListFacts>, usize)> {
        self.with_connection(|c| {
            let total: usize =
                c.query_row("SELECT COUNT(*) FROM people WHERE active = 1", [], |r| r.get(0))?;
            let mut statement = c.prepare_cached(
                "SELECT p.person_id, p.name, p.class_name,
                     (SELECT r.answers FROM declaration_revisions r
                      WHERE r.person_id = p.person_id AND r.day = ?1
                      ORDER BY r.number DESC LIMIT 1),
                     EXISTS (SELECT 1 FROM isolation_observations o
                             WHERE o.person_id = p.person_id AND o.ended_at IS NULL)
                 FROM people p WHERE p.active = 1
                 ORDER BY p.person_id LIMIT ?2 OFFSET ?3",
            )?;
            let rows = statement.query_map(params![day.to_string(), limit, offset], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Option<String>>(3)?, r.get(4)?))
            })?;
            let mut facts = Vec::new();
            for row in rows {
                let (person_id, name, class_name, answers, in_isolation_observation) = row?;
                let answers = answers.map(|a| parse_json(&a)).transpose()?;
                facts.push(GateListFacts {
                    person_id,
                    name,
                    class_name,
                    answers,
                    in_isolation_observation,
                    return_approved: false,
                });
            }
            drop(statement);
            // Only those who applied to return can have it approved: one
            // query for who did, not one per person of the part.
            let applicants: std::collections::HashSet<String> = c
                .prepare_cached("SELECT DISTINCT person_id FROM return_applications")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for person in &mut facts {
                if person.answers.is_some() && applicants.contains(&person.person_id) {
                    let (returns, locations) = return_facts(c, &person.person_id)?;
                    person.return_approved = return_approved_for(&returns, day, &locations);
                }
            }
            Ok((facts, total))
        })
    }

    fn gate_records_of_day(&self, day: NaiveDate) -> Result<Vec<StoredGateRecord>> {
        self.with_connection(|c| {
            let mut statement = c.prepare_cached(
                "SELECT record, guard_id, person_id, flags, device_time FROM gate_records
                 WHERE day = ?1 ORDER BY device_time, record_id",
            )?;
            let rows = statement.query_map([day.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            let mut records = Vec::new();
            for row in rows {
                let (record, guard_id, person_id, flags, device_time) = row?;
                records.push(StoredGateRecord {
                    record: parse_json(&record)?,
                    guard_id,
                    person_id,
                    flags: parse_json(&flags)?,
                    device_time: parse_timestamp(&device_time)?,
                });
            }
            Ok(records)
        })
    }
}
