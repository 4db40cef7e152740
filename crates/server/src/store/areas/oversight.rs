//! Reads for advisors and offices: declarations as stored, by person or by
//! class and day. Access is decided before these run.

use std::collections::HashMap;

use anxin_domain::oversight::{ClassDay, ClassMemberDay};
use anxin_domain::sync::ServerRevision;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::codec::{parse_json, parse_timestamp};
use crate::store::Result;

const REVISION_COLUMNS: &str =
    "day, revision_id, number, answers, correction_reason, device_time, received_at, time_flag";

type RevisionRow = (String, String, u32, String, Option<String>, String, String, Option<String>);

/// The [`REVISION_COLUMNS`] of a row, starting at column `at`.
fn revision_row(row: &Row, at: usize) -> rusqlite::Result<RevisionRow> {
    Ok((
        row.get(at)?,
        row.get(at + 1)?,
        row.get(at + 2)?,
        row.get(at + 3)?,
        row.get(at + 4)?,
        row.get(at + 5)?,
        row.get(at + 6)?,
        row.get(at + 7)?,
    ))
}

fn revision_of(row: RevisionRow) -> Result<ServerRevision> {
    let (day, revision_id, number, answers, correction_reason, device_time, received_at, flag) =
        row;
    Ok(ServerRevision {
        day: day.parse().map_err(|_| {
            crate::store::StoreError::Corrupt("a stored day could not be read".into())
        })?,
        revision_id,
        number,
        answers: parse_json(&answers)?,
        correction_reason,
        device_time: parse_timestamp(&device_time)?,
        received_at: parse_timestamp(&received_at)?,
        time_flag: flag.map(|f| parse_json(&f)).transpose()?,
    })
}

/// Every revision of the person, oldest first.
pub(in crate::store) fn declarations_of(
    connection: &Connection,
    person_id: &str,
) -> Result<Vec<ServerRevision>> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {REVISION_COLUMNS} FROM declaration_revisions WHERE person_id = ?1
         ORDER BY day, number"
    ))?;
    let rows = statement.query_map(params![person_id], |row| revision_row(row, 0))?;
    rows.map(|row| revision_of(row?)).collect()
}

/// The active members of `class_name` and each one's revision in force on
/// `day`, in id order.
pub(in crate::store) fn class_day(
    connection: &Connection,
    class_name: &str,
    day: NaiveDate,
) -> Result<ClassDay> {
    let mut latest: HashMap<String, ServerRevision> = HashMap::new();
    {
        let mut statement = connection.prepare_cached(&format!(
            "SELECT r.person_id, {REVISION_COLUMNS} FROM declaration_revisions r
             JOIN people p ON p.person_id = r.person_id
             WHERE p.class_name = ?1 AND p.active = 1 AND r.day = ?2 ORDER BY r.number"
        ))?;
        let rows = statement.query_map(params![class_name, day.to_string()], |row| {
            let person: String = row.get(0)?;
            let shifted = revision_row(row, 1)?;
            Ok((person, shifted))
        })?;
        for row in rows {
            let (person, revision) = row?;
            // Ordered by number: the last one read is the one in force.
            latest.insert(person, revision_of(revision)?);
        }
    }
    let mut statement = connection.prepare_cached(
        "SELECT person_id, name FROM people WHERE class_name = ?1 AND active = 1
         ORDER BY person_id",
    )?;
    let members = statement
        .query_map(params![class_name], |row| Ok((row.get(0)?, row.get(1)?)))?
        .map(|row| {
            let (person_id, name): (String, String) = row?;
            let current = latest.remove(&person_id);
            Ok(ClassMemberDay { person_id, name, current })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ClassDay { class_name: class_name.to_owned(), day, members })
}

/// The department of a class, as its members' roster rows say (empty when
/// the class has nobody).
pub(in crate::store) fn class_department(
    connection: &Connection,
    class_name: &str,
) -> Result<String> {
    let department = connection
        .query_row(
            "SELECT department FROM people WHERE class_name = ?1 AND class_name <> ''
             ORDER BY active DESC LIMIT 1",
            params![class_name],
            |row| row.get(0),
        )
        .optional()?;
    Ok(department.unwrap_or_default())
}
