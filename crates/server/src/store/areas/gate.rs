//! The gate: a guard's record decided with the domain's rules
//! (`anxin_domain::gate`) in the push's transaction, isolation
//! observations begun there and ended by an office, and the reads around
//! them (the gate list, a day's records). SQL and mapping only: whether a
//! record is taken, what its pass says, its flags and who ends an
//! observation are the domain's.

use anxin_domain::account::AccountPerson;
use anxin_domain::campus_return::return_approved_for;
use anxin_domain::gate::{
    end_observation as decide_end, gate_figures, judge_gate_record, recheck_pass, take_gate_record,
    GateFacts, GateFigures, GateRecord, Identified, ObservationFacts, Taken,
};
use anxin_domain::pass::verify::PassKey;
use anxin_domain::pass::{pseudonym_hex, status_of_day, EntryStatus};
use anxin_domain::sync::{judge_device_time, RejectCode};
use anxin_domain::{local_day, AbnormalRules};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::codec::{parse_json, parse_timestamp, texts, timestamp, to_json};
use super::passes::{read_keys, read_pass_facts, return_facts};
use crate::accounts::audit::AuditEvent;
use crate::store::sql::{args, Sql};
use crate::store::Engine;
use crate::store::{AuditEntry, GateListFacts, GateStore, Result, StoredGateRecord, StoredPassKey};

/// A refusal of the mutation, or `Ok` once stored.
type Decided = std::result::Result<(), RejectCode>;

/// Decides a guard's record: refused when it breaks a rule (nothing
/// stored); otherwise stored with the server's flags, and an isolation
/// observation begun when a fever or a cough was found.
pub(in crate::store) fn decide_record(
    tx: &dyn Sql,
    actor: &AccountPerson,
    record: &GateRecord,
    device_time: DateTime<Utc>,
    received_at: DateTime<Utc>,
    rules: &AbnormalRules,
) -> Result<Decided> {
    let kept_by = tx
        .query_opt(
            "SELECT guard_id FROM gate_records WHERE record_id = ?1",
            args![&record.record_id],
        )?
        .map(|row| row.get::<String>(0))
        .transpose()?;
    match take_gate_record(actor, record, rules, kept_by.as_deref()) {
        Ok(Taken::New) => {}
        Ok(Taken::Again) => return Ok(Ok(())),
        Err(code) => return Ok(Err(code)),
    }
    let (at, _) = judge_device_time(device_time, received_at);
    let day = local_day(at);
    let (pass, person_id) = match &record.who {
        Identified::Pass(text) => {
            let rechecked = recheck_pass(text, &server_keys(tx)?, at);
            let person = match &rechecked.pseudonym {
                Some(pseudonym) => person_of_pseudonym(tx, pseudonym)?,
                None => None,
            };
            (Some(rechecked.verified), person)
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
    tx.execute(
        "INSERT INTO gate_records (record_id, guard_id, person_id, day, gate, direction, record,
             flags, device_time, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            &record.record_id,
            &actor.id,
            person_id.as_deref(),
            day.to_string(),
            record.gate.trim(),
            to_json(&record.direction)?,
            to_json(record)?,
            to_json(&judged.flags)?,
            timestamp(at),
            timestamp(received_at),
        ],
    )?;
    if let (true, Some(id)) = (judged.begins_observation, &person_id) {
        tx.execute(
            "INSERT INTO isolation_observations (person_id, started_at, started_by, gate_record_id)
             VALUES (?1, ?2, ?3, ?4)",
            args![id, timestamp(at), &actor.id, &record.record_id],
        )?;
    }
    Ok(Ok(()))
}

/// An office ends a person's observation, with its reason.
pub(in crate::store) fn end_observation(
    tx: &dyn Sql,
    actor: &AccountPerson,
    person_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Decided> {
    let department = tx
        .query_opt("SELECT department FROM people WHERE person_id = ?1", args![person_id])?
        .map(|row| row.get::<String>(0))
        .transpose()?;
    let under_observation = in_observation(tx, person_id)?;
    let facts = ObservationFacts { department: department.as_deref(), under_observation };
    let reason = match decide_end(actor, facts, reason) {
        Ok(reason) => reason,
        Err(code) => return Ok(Err(code)),
    };
    tx.execute(
        "UPDATE isolation_observations SET ended_at = ?2, ended_by = ?3, end_reason = ?4
         WHERE person_id = ?1 AND ended_at IS NULL",
        args![person_id, timestamp(now), &actor.id, reason],
    )?;
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
    tx: &dyn Sql,
    day: NaiveDate,
    rules: &AbnormalRules,
) -> Result<Vec<GateFigures>> {
    let mut records: Vec<GateRecord> = Vec::new();
    for row in tx.query("SELECT record FROM gate_records WHERE day = ?1", args![day.to_string()])? {
        records.push(parse_json(row.text(0)?)?);
    }
    Ok(gate_figures(&records, rules))
}

/// The public keys, as a guard's phone has them.
fn server_keys(tx: &dyn Sql) -> Result<Vec<PassKey>> {
    Ok(read_keys(tx)?.iter().map(StoredPassKey::public).collect())
}

fn person_of_pseudonym(tx: &dyn Sql, pseudonym: &[u8; 8]) -> Result<Option<String>> {
    tx.query_opt(
        "SELECT person_id FROM pass_pseudonyms WHERE pseudonym = ?1",
        args![pseudonym_hex(pseudonym)],
    )?
    .map(|row| row.get(0))
    .transpose()
}

/// The active person of a typed id, whatever its case. Ids are letters,
/// digits and dashes kept mostly in capitals: the id as typed or in
/// capitals is found through the primary key on either engine; only an id
/// found neither way is compared in lower case (a scan, as a
/// case-insensitive comparison always was).
fn active_person(tx: &dyn Sql, typed: &str) -> Result<Option<String>> {
    let typed = typed.trim();
    let found = tx.query_opt(
        "SELECT person_id FROM people WHERE person_id IN (?1, ?2) AND active = 1
         ORDER BY person_id = ?1 DESC LIMIT 1",
        args![typed, typed.to_ascii_uppercase()],
    )?;
    let found = match found {
        Some(row) => Some(row),
        None => tx.query_opt(
            "SELECT person_id FROM people WHERE lower(person_id) = ?1 AND active = 1
             ORDER BY person_id LIMIT 1",
            args![typed.to_ascii_lowercase()],
        )?,
    };
    found.map(|row| row.get(0)).transpose()
}

fn in_observation(tx: &dyn Sql, person_id: &str) -> Result<bool> {
    tx.query_one(
        "SELECT EXISTS (SELECT 1 FROM isolation_observations
                        WHERE person_id = ?1 AND ended_at IS NULL)",
        args![person_id],
    )?
    .get(0)
}

/// The person's status for `day` as the server holds it, and whether they
/// are under observation.
fn status_of(
    tx: &dyn Sql,
    person_id: &str,
    day: NaiveDate,
    rules: &AbnormalRules,
) -> Result<(EntryStatus, bool)> {
    let facts = read_pass_facts(tx, person_id, day)?;
    let (observed, approved) = match &facts {
        Some(f) => (f.in_isolation_observation, return_approved_for(&f.returns, day, &f.locations)),
        None => (in_observation(tx, person_id)?, false),
    };
    let answers = facts.as_ref().map(|f| &f.answers);
    Ok((status_of_day(answers, rules, observed, approved), observed))
}

/// The person's record in the same direction closest to `at`, within the
/// window the domain judges (records arrive in any order from several
/// phones).
fn nearest_record(
    tx: &dyn Sql,
    person_id: &str,
    direction: &anxin_domain::gate::Direction,
    at: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let window = Duration::minutes(anxin_domain::gate::SEEN_TWICE_MINUTES);
    let found = tx.query_opt(
        "SELECT device_time FROM gate_records
         WHERE person_id = ?1 AND direction = ?2 AND device_time > ?3 AND device_time < ?4
         LIMIT 1",
        args![person_id, to_json(direction)?, timestamp(at - window), timestamp(at + window)],
    )?;
    found.map(|row| parse_timestamp(row.text(0)?)).transpose()
}

impl<E: Engine> GateStore for E {
    fn remember_pseudonym(&self, person_id: &str, pseudonym: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO pass_pseudonyms (pseudonym, person_id) VALUES (?1, ?2)
                 ON CONFLICT DO NOTHING",
                args![pseudonym, person_id],
            )?;
            Ok(())
        })
    }

    fn gate_list_facts(
        &self,
        day: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<GateListFacts>, usize)> {
        self.read(0, |tx| {
            let total: usize =
                tx.query_one("SELECT COUNT(*) FROM people WHERE active = 1", args![])?.get(0)?;
            let rows = tx.query(
                "SELECT p.person_id, p.name, p.class_name,
                     (SELECT r.answers FROM declaration_revisions r
                      WHERE r.person_id = p.person_id AND r.day = ?1
                      ORDER BY r.number DESC LIMIT 1),
                     EXISTS (SELECT 1 FROM isolation_observations o
                             WHERE o.person_id = p.person_id AND o.ended_at IS NULL)
                 FROM people p WHERE p.active = 1
                 ORDER BY p.person_id LIMIT ?2 OFFSET ?3",
                args![day.to_string(), limit, offset],
            )?;
            let mut facts = Vec::with_capacity(rows.len());
            for row in &rows {
                let [person_id, name, class_name] = texts::<3>(row, 0)?;
                let answers = row.text_opt(3)?.map(parse_json).transpose()?;
                facts.push(GateListFacts {
                    person_id,
                    name,
                    class_name,
                    answers,
                    in_isolation_observation: row.get(4)?,
                    return_approved: false,
                });
            }
            // Only those who applied to return can have it approved: one
            // query for who did, not one per person of the part.
            let mut applicants = std::collections::HashSet::new();
            for row in tx.query("SELECT DISTINCT person_id FROM return_applications", args![])? {
                applicants.insert(row.get::<String>(0)?);
            }
            for person in &mut facts {
                if person.answers.is_some() && applicants.contains(&person.person_id) {
                    let (returns, locations) = return_facts(tx, &person.person_id)?;
                    person.return_approved = return_approved_for(&returns, day, &locations);
                }
            }
            Ok((facts, total))
        })
    }

    fn gate_records_of_day(&self, day: NaiveDate) -> Result<Vec<StoredGateRecord>> {
        self.read(0, |tx| {
            let rows = tx.query(
                "SELECT record, guard_id, person_id, flags, device_time FROM gate_records
                 WHERE day = ?1 ORDER BY device_time, record_id",
                args![day.to_string()],
            )?;
            let mut records = Vec::with_capacity(rows.len());
            for row in &rows {
                records.push(StoredGateRecord {
                    record: parse_json(row.text(0)?)?,
                    guard_id: row.get(1)?,
                    person_id: row.get(2)?,
                    flags: parse_json(row.text(3)?)?,
                    device_time: parse_timestamp(row.text(4)?)?,
                });
            }
            Ok(records)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    fn person(tx: &dyn Sql, id: &str, active: bool) {
        tx.execute(
            "INSERT INTO people (person_id, name, roles, category, department, class_name, phone,
                 advises, scope, active, created_at, updated_at)
             VALUES (?1, '李明', '[]', NULL, '信息工程学院', '', '', '[]', NULL, ?2, '', '')",
            args![id, active],
        )
        .unwrap();
    }

    #[test]
    fn test_a_typed_id_is_found_whatever_its_case_through_the_primary_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_in(dir.path()).unwrap();
        store
            .write(|tx| {
                person(tx, "T-1001", true);
                person(tx, "Ab-7", true);
                person(tx, "T-2002", false);
                let found = |typed: &str| active_person(tx, typed).unwrap();
                assert_eq!(found("T-1001").as_deref(), Some("T-1001"));
                assert_eq!(found(" t-1001 ").as_deref(), Some("T-1001"));
                assert_eq!(
                    found("aB-7").as_deref(),
                    Some("Ab-7"),
                    "mixed case, found in lower case"
                );
                assert_eq!(found("t-2002"), None, "not active");
                assert_eq!(found("T-9999"), None);
                // The usual lookup is a search by the primary key.
                let plan = tx
                    .query(
                        "EXPLAIN QUERY PLAN SELECT person_id FROM people
                         WHERE person_id IN (?1, ?2) AND active = 1
                         ORDER BY person_id = ?1 DESC LIMIT 1",
                        args!["t-1", "T-1"],
                    )
                    .unwrap();
                let details: Vec<String> = plan.iter().map(|r| r.get(3).unwrap()).collect();
                assert!(details.iter().any(|d| d.contains("USING INDEX")), "{details:?}");
                assert!(!details.iter().any(|d| d.starts_with("SCAN people")), "{details:?}");
                Ok(())
            })
            .unwrap();
    }
}
