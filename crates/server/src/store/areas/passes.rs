//! The daily pass's storage: the signing keys, and the facts a person's
//! pass is made from (their declaration that day, their name and class).
//! The rules are the domain's (`anxin_domain::pass`).

use anxin_domain::campus_return::locations_needed_since;
use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::pass::verify::{from_hex, to_hex};
use chrono::{DateTime, NaiveDate, Utc};

use super::codec::{parse_json, parse_timestamp, timestamp};
use super::returns;
use crate::store::sql::{args, Sql};
use crate::store::Engine;
use crate::store::{PassFacts, PassStore, Result, StoreError, StoredPassKey};

impl<E: Engine> PassStore for E {
    fn pass_keys(&self, now: DateTime<Utc>) -> Result<Vec<StoredPassKey>> {
        self.write(|tx| {
            let keys = read_keys(tx)?;
            if !keys.is_empty() {
                return Ok(keys);
            }
            // The first start: a key of its own.
            add_key(tx, now, None)?;
            read_keys(tx)
        })
    }

    fn rotate_pass_key(&self, now: DateTime<Utc>, old_until: DateTime<Utc>) -> Result<u16> {
        self.write(|tx| add_key(tx, now, Some(old_until)))
    }

    fn pass_facts(&self, person_id: &str, day: NaiveDate) -> Result<Option<PassFacts>> {
        self.write(|tx| read_pass_facts(tx, person_id, day))
    }
}

/// What `person_id`'s pass for `day` is made from (see [`PassStore`]).
pub(in crate::store) fn read_pass_facts(
    tx: &dyn Sql,
    person_id: &str,
    day: NaiveDate,
) -> Result<Option<PassFacts>> {
    let row = tx.query_opt(
        "SELECT r.answers, p.name, p.class_name,
             EXISTS (SELECT 1 FROM isolation_observations o
                     WHERE o.person_id = r.person_id AND o.ended_at IS NULL)
         FROM declaration_revisions r
         JOIN people p ON p.person_id = r.person_id
         WHERE r.person_id = ?1 AND r.day = ?2
         ORDER BY r.number DESC LIMIT 1",
        args![person_id, day.to_string()],
    )?;
    let Some(row) = row else { return Ok(None) };
    let answers: DeclarationAnswers = parse_json(row.text(0)?)?;
    let (returns, locations) = return_facts(tx, person_id)?;
    Ok(Some(PassFacts {
        answers,
        name: row.get(1)?,
        class_name: row.get(2)?,
        in_isolation_observation: row.get(3)?,
        returns,
        locations,
    }))
}

/// The person's applications to return, and their declared locations from
/// the earliest planned return on (what `return_approved_for` judges by).
pub(in crate::store) type ReturnFacts = (
    Vec<anxin_domain::campus_return::ReturnApplication>,
    Vec<(NaiveDate, anxin_domain::declaration::LocationKind)>,
);

pub(in crate::store) fn return_facts(tx: &dyn Sql, person_id: &str) -> Result<ReturnFacts> {
    let returns = returns::applications_of(tx, person_id)?;
    let locations = match locations_needed_since(&returns) {
        Some(since) => returns::locations_since(tx, person_id, since)?,
        None => Vec::new(),
    };
    Ok((returns, locations))
}

/// The keys, the newest (the one that signs) first.
pub(in crate::store) fn read_keys(tx: &dyn Sql) -> Result<Vec<StoredPassKey>> {
    tx.query("SELECT key_id, secret_hex, valid_until FROM pass_keys ORDER BY key_id DESC", args![])?
        .iter()
        .map(|row| {
            let secret = from_hex(row.text(1)?)
                .ok_or_else(|| StoreError::Corrupt("a pass key is not 32 bytes of hex".into()))?;
            let valid_until = row.text_opt(2)?.map(parse_timestamp).transpose()?;
            Ok(StoredPassKey { id: row.get(0)?, secret, valid_until })
        })
        .collect()
}

/// A new signing key, in the caller's transaction; the ones before verify
/// until `old_until` (and no longer sign).
fn add_key(tx: &dyn Sql, now: DateTime<Utc>, old_until: Option<DateTime<Utc>>) -> Result<u16> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).expect("the operating system's random source works");
    let hex = to_hex(&secret);
    if let Some(until) = old_until {
        tx.execute(
            "UPDATE pass_keys SET valid_until = ?1 WHERE valid_until IS NULL",
            args![timestamp(until)],
        )?;
    }
    let next: u16 =
        tx.query_one("SELECT COALESCE(MAX(key_id), 0) + 1 FROM pass_keys", args![])?.get(0)?;
    tx.execute(
        "INSERT INTO pass_keys (key_id, secret_hex, created_at) VALUES (?1, ?2, ?3)",
        args![next, hex, timestamp(now)],
    )?;
    Ok(next)
}
