//! The daily pass's storage: the signing keys, and the facts a person's
//! pass is made from (their declaration that day, their name and class).
//! The rules are the domain's (`anxin_domain::pass`).

use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::pass::verify::{from_hex, to_hex};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::codec::{parse_json, parse_timestamp, timestamp};
use super::returns;
use crate::store::SqliteStore;
use crate::store::{PassFacts, PassStore, Result, StoreError, StoredPassKey};

impl PassStore for SqliteStore {
    fn pass_keys(&self, now: DateTime<Utc>) -> Result<Vec<StoredPassKey>> {
        self.with_connection(|c| {
            let keys = read_keys(c)?;
            if !keys.is_empty() {
                return Ok(keys);
            }
            // The first start: a key of its own.
            add_key(c, now, None)?;
            read_keys(c)
        })
    }

    fn rotate_pass_key(&self, now: DateTime<Utc>, old_until: DateTime<Utc>) -> Result<u16> {
        self.with_connection(|c| add_key(c, now, Some(old_until)))
    }

    fn pass_facts(&self, person_id: &str, day: NaiveDate) -> Result<Option<PassFacts>> {
        self.with_connection(|c| read_pass_facts(c, person_id, day))
    }
}

/// What `person_id`'s pass for `day` is made from (see [`PassStore`]).
pub(in crate::store) fn read_pass_facts(
    connection: &Connection,
    person_id: &str,
    day: NaiveDate,
) -> Result<Option<PassFacts>> {
    let row: Option<(String, String, String, bool)> = connection
        .prepare_cached(
            "SELECT r.answers, p.name, p.class_name,
                 EXISTS (SELECT 1 FROM isolation_observations o
                         WHERE o.person_id = r.person_id AND o.ended_at IS NULL)
             FROM declaration_revisions r
             JOIN people p ON p.person_id = r.person_id
             WHERE r.person_id = ?1 AND r.day = ?2
             ORDER BY r.number DESC LIMIT 1",
        )?
        .query_row(params![person_id, day.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((answers, name, class_name, in_isolation_observation)) = row else {
        return Ok(None);
    };
    let answers: DeclarationAnswers = parse_json(&answers)?;
    let (returns, locations) = return_facts(connection, person_id)?;
    Ok(Some(PassFacts { answers, name, class_name, in_isolation_observation, returns, locations }))
}

/// The person's applications to return, and their declared locations from
/// the earliest planned return on (what `return_approved_for` judges by).
pub(in crate::store) type ReturnFacts = (
    Vec<anxin_domain::campus_return::ReturnApplication>,
    Vec<(NaiveDate, anxin_domain::declaration::LocationKind)>,
);

pub(in crate::store) fn return_facts(
    connection: &Connection,
    person_id: &str,
) -> Result<ReturnFacts> {
    let returns = returns::applications_of(connection, person_id)?;
    let earliest = returns.iter().map(|r| r.request.planned_on).min();
    let locations = match earliest {
        Some(since) => returns::locations_since(connection, person_id, since)?,
        None => Vec::new(),
    };
    Ok((returns, locations))
}

/// The keys, the newest (the one that signs) first.
pub(in crate::store) fn read_keys(connection: &Connection) -> Result<Vec<StoredPassKey>> {
    let mut statement = connection.prepare_cached(
        "SELECT key_id, secret_hex, valid_until FROM pass_keys ORDER BY key_id DESC",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((r.get::<_, u16>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    let mut keys = Vec::new();
    for row in rows {
        let (id, secret, until) = row?;
        let secret = from_hex(&secret)
            .ok_or_else(|| StoreError::Corrupt("a pass key is not 32 bytes of hex".into()))?;
        let valid_until = until.map(|u| parse_timestamp(&u)).transpose()?;
        keys.push(StoredPassKey { id, secret, valid_until });
    }
    Ok(keys)
}

/// A new signing key; the ones before verify until `old_until` (and
/// no longer sign).
fn add_key(
    connection: &mut Connection,
    now: DateTime<Utc>,
    old_until: Option<DateTime<Utc>>,
) -> Result<u16> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).expect("the operating system's random source works");
    let hex = to_hex(&secret);
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(until) = old_until {
        tx.execute(
            "UPDATE pass_keys SET valid_until = ?1 WHERE valid_until IS NULL",
            params![timestamp(until)],
        )?;
    }
    let next: u16 =
        tx.query_row("SELECT COALESCE(MAX(key_id), 0) + 1 FROM pass_keys", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO pass_keys (key_id, secret_hex, created_at) VALUES (?1, ?2, ?3)",
        params![next, hex, timestamp(now)],
    )?;
    tx.commit()?;
    Ok(next)
}
