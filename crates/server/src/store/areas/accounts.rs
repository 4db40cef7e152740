//! Accounts, one-time codes, sessions and the audit log in SQLite. Codes and
//! tokens arrive here already hashed: neither is ever stored as typed.

use anxin_domain::account::{AccountPerson, SESSION_IDLE_DAYS};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::codec::{parse_timestamp, timestamp};
use super::roster::{person_of, PERSON_COLUMNS};
use crate::store::{Account, AuditEntry, LiveSession, Result};

/// A session's last use is written at most this often: reads stay reads.
const TOUCH_EVERY_MINUTES: i64 = 60;

pub(in crate::store) fn account(
    connection: &Connection,
    person_id: &str,
) -> Result<Option<Account>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.active, a.password_hash
         FROM people p LEFT JOIN accounts a ON a.person_id = p.person_id
         WHERE p.person_id = ?1"
    );
    let found = connection
        .prepare_cached(&sql)?
        .query_row(params![person_id], |row| {
            Ok(Account {
                person: person_of(row, 0)?,
                active: row.get::<_, i64>(8)? == 1,
                password_hash: row.get(9)?,
            })
        })
        .optional()?;
    Ok(found)
}

pub(in crate::store) fn class_members_without_password(
    connection: &Connection,
    class_name: &str,
) -> Result<Vec<(String, String)>> {
    let mut statement = connection.prepare_cached(
        "SELECT p.person_id, p.name FROM people p
         LEFT JOIN accounts a ON a.person_id = p.person_id
         WHERE p.class_name = ?1 AND p.active = 1 AND p.roles = 'declarant'
           AND a.person_id IS NULL
         ORDER BY p.rowid",
    )?;
    let rows = statement.query_map([class_name], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(in crate::store) fn contact_staff(
    connection: &Connection,
) -> Result<Vec<(AccountPerson, String)>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.phone FROM people p
         WHERE p.active = 1 AND p.phone != ''
           AND (';' || p.roles || ';' LIKE '%;advisor;%' OR ';' || p.roles || ';' LIKE '%;office;%')
         ORDER BY p.rowid"
    );
    let mut statement = connection.prepare_cached(&sql)?;
    let rows = statement.query_map([], |row| Ok((person_of(row, 0)?, row.get(8)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(in crate::store) fn issue_code(
    connection: &Connection,
    person_id: &str,
    code_hash: &str,
    issued_by: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    // A new code replaces any earlier one.
    connection.execute(
        "INSERT INTO one_time_codes (person_id, code_hash, issued_at, expires_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id) DO UPDATE SET code_hash = excluded.code_hash,
             issued_at = excluded.issued_at, expires_at = excluded.expires_at,
             issued_by = excluded.issued_by",
        params![person_id, code_hash, timestamp(now), timestamp(expires_at), issued_by],
    )?;
    Ok(())
}

/// Uses the code (once) to set the password, ending every session of the
/// person, all in one transaction. `false` (and nothing changed) when the
/// code is wrong, used or expired.
pub(in crate::store) fn set_password_with_code(
    connection: &mut Connection,
    person_id: &str,
    code_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let stored: Option<(String, String)> = tx
        .query_row(
            "SELECT code_hash, expires_at FROM one_time_codes WHERE person_id = ?1",
            params![person_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((stored_hash, expires_at)) = stored else { return Ok(false) };
    let expired = parse_timestamp(&expires_at)? <= now;
    if expired {
        // An expired code is of no further use.
        tx.execute("DELETE FROM one_time_codes WHERE person_id = ?1", params![person_id])?;
        tx.commit()?;
        return Ok(false);
    }
    if !constant_time_eq(stored_hash.as_bytes(), code_hash.as_bytes()) {
        return Ok(false);
    }
    let now = timestamp(now);
    tx.execute("DELETE FROM one_time_codes WHERE person_id = ?1", params![person_id])?;
    tx.execute(
        "INSERT INTO accounts (person_id, password_hash, password_set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash,
             password_set_at = excluded.password_set_at",
        params![person_id, password_hash, now],
    )?;
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
        params![person_id, now],
    )?;
    tx.commit()?;
    Ok(true)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(in crate::store) fn create_session(
    connection: &Connection,
    token_hash: &str,
    person_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    connection.execute(
        "INSERT INTO sessions (token_hash, person_id, created_at, last_used_at, expires_at)
         VALUES (?1, ?2, ?3, ?3, ?4)",
        params![token_hash, person_id, timestamp(now), timestamp(expires_at)],
    )?;
    Ok(())
}

/// The session of `token_hash` if it is live at `now`: not revoked, used
/// within the idle limit, before its absolute end, and its person still on
/// the roster. Records the use.
/// The live session of a token, and whether its last use is due to be
/// noted (see [`touch_session`]).
pub(in crate::store) fn session(
    connection: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(LiveSession, bool)>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.active, s.last_used_at, s.expires_at, s.revoked_at
         FROM sessions s JOIN people p ON p.person_id = s.person_id
         WHERE s.token_hash = ?1"
    );
    let found = connection
        .prepare_cached(&sql)?
        .query_row(params![token_hash], |row| {
            Ok((
                person_of(row, 0)?,
                row.get::<_, i64>(8)? == 1,
                row.get::<_, String>(9)?,
                row.get::<_, String>(10)?,
                row.get::<_, Option<String>>(11)?,
            ))
        })
        .optional()?;
    let Some((person, active, last_used, expires_at, revoked)) = found else { return Ok(None) };
    let last_used = parse_timestamp(&last_used)?;
    let expires_at = parse_timestamp(&expires_at)?;
    let idle_end = last_used + Duration::days(SESSION_IDLE_DAYS);
    if !active || revoked.is_some() || now >= expires_at || now >= idle_end {
        return Ok(None);
    }
    let touch = now - last_used >= Duration::minutes(TOUCH_EVERY_MINUTES);
    Ok(Some((LiveSession { person, expires_at }, touch)))
}

/// Notes that a session was used now (at most every few minutes, so that
/// a lookup is a read).
pub(in crate::store) fn touch_session(
    connection: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    connection
        .prepare_cached("UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, timestamp(now)])?;
    Ok(())
}

pub(in crate::store) fn revoke_session(
    connection: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    connection.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        params![token_hash, timestamp(now)],
    )?;
    Ok(())
}

pub(in crate::store) fn audit(connection: &Connection, entry: &AuditEntry) -> Result<()> {
    connection.execute(
        "INSERT INTO audit_log (at, event, actor, subject, address, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            timestamp(entry.at),
            entry.event,
            entry.actor,
            entry.subject,
            entry.address,
            entry.detail
        ],
    )?;
    Ok(())
}

/// The newest `limit` entries (about `person`, as actor or subject, when
/// given), oldest first.
pub(in crate::store) fn audit_log(
    connection: &Connection,
    person: Option<&str>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let mut statement = connection.prepare(
        "SELECT at, event, actor, subject, address, detail FROM audit_log
         WHERE ?1 IS NULL OR actor = ?1 OR subject = ?1
         ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = statement.query_map(params![person, limit as u64], |row| {
        Ok((
            row.get::<_, String>(0)?,
            AuditEntry {
                at: DateTime::<Utc>::MIN_UTC,
                event: row.get(1)?,
                actor: row.get(2)?,
                subject: row.get(3)?,
                address: row.get(4)?,
                detail: row.get(5)?,
            },
        ))
    })?;
    let mut entries = Vec::new();
    for row in rows {
        let (at, mut entry) = row?;
        entry.at = parse_timestamp(&at)?;
        entries.push(entry);
    }
    entries.reverse();
    Ok(entries)
}
