//! Accounts, one-time codes, sessions and the audit log. Codes and tokens
//! arrive here already hashed: neither is ever stored as typed. Whether a
//! code or a session holds is the domain's rule (`anxin_domain::account`).

use anxin_domain::account::{
    check_session, tells_of_reset, use_code, AccountPerson, CodeUse, SessionCheck, StoredSession,
};
use chrono::{DateTime, Utc};

use super::codec::{parse_timestamp, texts, timestamp};
use super::roster::{person_of, PERSON_COLUMNS};
use crate::store::sql::{args, Sql};
use crate::store::{Account, AuditEntry, LiveSession, PasswordResetBy, Result};

/// `sessions.revoked_reason` of the sessions a reset by someone else ended.
const REVOKED_BY_RESET: &str = "password_reset";

pub(in crate::store) fn account(tx: &dyn Sql, person_id: &str) -> Result<Option<Account>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.active, a.password_hash, a.reset_by, a.reset_at, r.name
         FROM people p LEFT JOIN accounts a ON a.person_id = p.person_id
         LEFT JOIN people r ON r.person_id = a.reset_by
         WHERE p.person_id = ?1"
    );
    let Some(row) = tx.query_opt(&sql, args![person_id])? else { return Ok(None) };
    let password_reset = match (row.text_opt(10)?, row.text_opt(11)?) {
        (Some(by), Some(at)) => Some(PasswordResetBy {
            by: by.to_owned(),
            by_name: row.get(12)?,
            at: parse_timestamp(at)?,
        }),
        _ => None,
    };
    Ok(Some(Account {
        person: person_of(&row, 0)?,
        active: row.get(8)?,
        password_hash: row.get(9)?,
        password_reset,
    }))
}

pub(in crate::store) fn class_members_without_password(
    tx: &dyn Sql,
    class_name: &str,
) -> Result<Vec<(String, String)>> {
    tx.query(
        "SELECT p.person_id, p.name FROM people p
         LEFT JOIN accounts a ON a.person_id = p.person_id
         WHERE p.class_name = ?1 AND p.active = 1 AND p.roles = 'declarant'
           AND a.person_id IS NULL
         ORDER BY p.rowid",
        args![class_name],
    )?
    .iter()
    .map(|row| {
        let [id, name] = texts(row, 0)?;
        Ok((id, name))
    })
    .collect()
}

pub(in crate::store) fn contact_staff(tx: &dyn Sql) -> Result<Vec<(AccountPerson, String)>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.phone FROM people p
         WHERE p.active = 1 AND p.phone != ''
           AND (';' || p.roles || ';' LIKE '%;advisor;%' OR ';' || p.roles || ';' LIKE '%;office;%')
         ORDER BY p.rowid"
    );
    tx.query(&sql, args![])?.iter().map(|row| Ok((person_of(row, 0)?, row.get(8)?))).collect()
}

pub(in crate::store) fn issue_code(
    tx: &dyn Sql,
    person_id: &str,
    code_hash: &str,
    issued_by: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    // A new code replaces any earlier one.
    tx.execute(
        "INSERT INTO one_time_codes (person_id, code_hash, issued_at, expires_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_id) DO UPDATE SET code_hash = excluded.code_hash,
             issued_at = excluded.issued_at, expires_at = excluded.expires_at,
             issued_by = excluded.issued_by",
        args![person_id, code_hash, timestamp(now), timestamp(expires_at), issued_by],
    )?;
    Ok(())
}

/// Uses the code (once) to set the password, ending every session of the
/// person, in the caller's transaction. `false` (and nothing changed but
/// an expired code's removal) when the code is wrong, used or expired.
pub(in crate::store) fn set_password_with_code(
    tx: &dyn Sql,
    person_id: &str,
    code_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let stored = tx.query_opt(
        "SELECT c.code_hash, c.expires_at, c.issued_by, a.person_id
         FROM one_time_codes c LEFT JOIN accounts a ON a.person_id = c.person_id
         WHERE c.person_id = ?1",
        args![person_id],
    )?;
    let issued = match &stored {
        Some(row) => Some((row.text(0)?, parse_timestamp(row.text(1)?)?)),
        None => None,
    };
    match use_code(issued, code_hash, now) {
        CodeUse::Missing | CodeUse::Wrong => return Ok(false),
        CodeUse::Expired => {
            // An expired code is of no further use.
            tx.execute("DELETE FROM one_time_codes WHERE person_id = ?1", args![person_id])?;
            return Ok(false);
        }
        CodeUse::Accepted => {}
    }
    let row = stored.as_ref().expect("an accepted code was issued");
    let issued_by = row.text(2)?.to_owned();
    let reset = tells_of_reset(person_id, &issued_by, row.text_opt(3)?.is_some());
    let now = timestamp(now);
    tx.execute("DELETE FROM one_time_codes WHERE person_id = ?1", args![person_id])?;
    if reset {
        tx.execute(
            "UPDATE accounts SET password_hash = ?2, password_set_at = ?3, reset_by = ?4,
                 reset_at = ?3
             WHERE person_id = ?1",
            args![person_id, password_hash, &now, &issued_by],
        )?;
    } else {
        tx.execute(
            "INSERT INTO accounts (person_id, password_hash, password_set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash,
                 password_set_at = excluded.password_set_at",
            args![person_id, password_hash, &now],
        )?;
    }
    let reason = reset.then_some(REVOKED_BY_RESET);
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2, revoked_reason = ?3
         WHERE person_id = ?1 AND revoked_at IS NULL",
        args![person_id, &now, reason],
    )?;
    Ok(true)
}

pub(in crate::store) fn create_session(
    tx: &dyn Sql,
    token_hash: &str,
    person_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sessions (token_hash, person_id, created_at, last_used_at, expires_at)
         VALUES (?1, ?2, ?3, ?3, ?4)",
        args![token_hash, person_id, timestamp(now), timestamp(expires_at)],
    )?;
    Ok(())
}

/// What the server holds of a token's session, and the check of it at
/// `now` (see [`check_session`](anxin_domain::account::check_session)).
fn checked_session(
    tx: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(crate::store::sql::Row, StoredSession, SessionCheck)>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS}, p.active, s.last_used_at, s.expires_at, s.revoked_at,
             s.revoked_reason
         FROM sessions s JOIN people p ON p.person_id = s.person_id
         WHERE s.token_hash = ?1"
    );
    let Some(row) = tx.query_opt(&sql, args![token_hash])? else { return Ok(None) };
    let stored = StoredSession {
        person_active: row.get(8)?,
        last_used_at: parse_timestamp(row.text(9)?)?,
        expires_at: parse_timestamp(row.text(10)?)?,
        revoked: row.text_opt(11)?.is_some(),
        revoked_by_reset: row.text_opt(12)? == Some(REVOKED_BY_RESET),
    };
    let check = check_session(&stored, now);
    Ok(Some((row, stored, check)))
}

/// The live session of a token at `now`, and whether its last use is due
/// to be noted (see [`touch_session`]). A read only.
pub(in crate::store) fn session(
    tx: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(LiveSession, bool)>> {
    let Some((row, stored, check)) = checked_session(tx, token_hash, now)? else {
        return Ok(None);
    };
    match check {
        SessionCheck::Ended | SessionCheck::EndedByReset => Ok(None),
        SessionCheck::Live { touch } => Ok(Some((
            LiveSession { person: person_of(&row, 0)?, expires_at: stored.expires_at },
            touch,
        ))),
    }
}

/// Whether a token's session ended because someone else reset the
/// password (asked only of a token refused).
pub(in crate::store) fn ended_by_reset(
    tx: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let checked = checked_session(tx, token_hash, now)?;
    Ok(matches!(checked, Some((_, _, SessionCheck::EndedByReset))))
}

/// Notes that a session was used now (only when [`session`] says it is
/// due, so that a lookup is a read).
pub(in crate::store) fn touch_session(
    tx: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1",
        args![token_hash, timestamp(now)],
    )?;
    Ok(())
}

pub(in crate::store) fn revoke_session(
    tx: &dyn Sql,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        args![token_hash, timestamp(now)],
    )?;
    Ok(())
}

pub(in crate::store) fn audit(tx: &dyn Sql, entry: &AuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, event, actor, subject, address, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            timestamp(entry.at),
            &entry.event,
            entry.actor.as_deref(),
            entry.subject.as_deref(),
            entry.address.as_deref(),
            entry.detail.as_deref()
        ],
    )?;
    Ok(())
}

/// The newest `limit` entries (about `person`, as actor or subject, when
/// given), oldest first.
pub(in crate::store) fn audit_log(
    tx: &dyn Sql,
    person: Option<&str>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let rows = tx.query(
        "SELECT at, event, actor, subject, address, detail FROM audit_log
         WHERE CAST(?1 AS TEXT) IS NULL OR actor = ?1 OR subject = ?1
         ORDER BY id DESC LIMIT ?2",
        args![person, limit],
    )?;
    let mut entries = rows
        .iter()
        .map(|row| {
            Ok(AuditEntry {
                at: parse_timestamp(row.text(0)?)?,
                event: row.get(1)?,
                actor: row.get(2)?,
                subject: row.get(3)?,
                address: row.get(4)?,
                detail: row.get(5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    entries.reverse();
    Ok(entries)
}
