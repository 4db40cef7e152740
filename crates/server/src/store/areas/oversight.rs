//! Reads for advisors and offices: declarations as stored, by person or by
//! class and day. Access is decided before these run; which revision is
//! in force is the domain's rule (`anxin_domain::oversight::class_day_of`).

use anxin_domain::oversight::{class_day_of, ClassDay};
use anxin_domain::sync::ServerRevision;
use chrono::NaiveDate;

use super::codec::{parse_json, parse_timestamp, texts};
use crate::store::sql::{args, Row, Sql};
use crate::store::{Result, StoreError};

const REVISION_COLUMNS: &str =
    "day, revision_id, number, answers, correction_reason, device_time, received_at, time_flag";

/// [`REVISION_COLUMNS`], each of table `alias`.
pub(in crate::store) fn revision_columns_of(alias: &str) -> String {
    let columns: Vec<String> =
        REVISION_COLUMNS.split(", ").map(|column| format!("{alias}.{column}")).collect();
    columns.join(", ")
}

/// The [`REVISION_COLUMNS`] of a row, starting at column `at`.
pub(in crate::store) fn revision_of(row: &Row, at: usize) -> Result<ServerRevision> {
    Ok(ServerRevision {
        day: row
            .text(at)?
            .parse()
            .map_err(|_| StoreError::Corrupt("a stored day could not be read".into()))?,
        revision_id: row.get(at + 1)?,
        number: row.get(at + 2)?,
        answers: parse_json(row.text(at + 3)?)?,
        correction_reason: row.get(at + 4)?,
        device_time: parse_timestamp(row.text(at + 5)?)?,
        received_at: parse_timestamp(row.text(at + 6)?)?,
        time_flag: row.text_opt(at + 7)?.map(parse_json).transpose()?,
    })
}

/// Every revision of the person, oldest first.
pub(in crate::store) fn declarations_of(
    tx: &dyn Sql,
    person_id: &str,
) -> Result<Vec<ServerRevision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM declaration_revisions WHERE person_id = ?1
         ORDER BY day, number"
    );
    tx.query(&sql, args![person_id])?.iter().map(|row| revision_of(row, 0)).collect()
}

/// The active members of `class_name` and each one's revision in force on
/// `day`, in id order.
pub(in crate::store) fn class_day(
    tx: &dyn Sql,
    class_name: &str,
    day: NaiveDate,
) -> Result<ClassDay> {
    let sql = format!(
        "SELECT r.person_id, {REVISION_COLUMNS} FROM declaration_revisions r
         JOIN people p ON p.person_id = r.person_id
         WHERE p.class_name = ?1 AND p.active = 1 AND r.day = ?2 ORDER BY r.number"
    );
    let revisions = tx
        .query(&sql, args![class_name, day.to_string()])?
        .iter()
        .map(|row| Ok((row.get(0)?, revision_of(row, 1)?)))
        .collect::<Result<Vec<_>>>()?;
    let members = tx
        .query(
            "SELECT person_id, name FROM people WHERE class_name = ?1 AND active = 1
             ORDER BY person_id",
            args![class_name],
        )?
        .iter()
        .map(|row| {
            let [person_id, name] = texts(row, 0)?;
            Ok((person_id, name))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(class_day_of(class_name, day, members, revisions))
}

/// The department of a class, as its members' roster rows say (empty when
/// the class has nobody).
pub(in crate::store) fn class_department(tx: &dyn Sql, class_name: &str) -> Result<String> {
    let row = tx.query_opt(
        "SELECT department FROM people WHERE class_name = ?1 AND class_name <> ''
         ORDER BY active DESC LIMIT 1",
        args![class_name],
    )?;
    Ok(match row {
        Some(row) => row.get(0)?,
        None => String::new(),
    })
}
