//! The daily report's facts: the day's frozen list of who is expected,
//! and what was filed, excused, sent back, reminded and signed that day.
//! Every judgement is the domain's (`anxin_domain::report`); this file
//! only reads rows and hands them over.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::profile::PersonCategory;
use anxin_domain::report::deadlines::at_school;
use anxin_domain::report::signing::{ReturnNote, SignedVersion};
use anxin_domain::report::snapshot::{expected_at, list_due, snapshot_instant, RosterState};
use anxin_domain::report::standing::{person_day, PersonFacts};
use anxin_domain::report::view::ReportFacts;
use anxin_domain::report::{
    Expected, Filing, Level, MissingReason, ReasonKind, Scope, SentBackNote,
};
use anxin_domain::roster::category_name;
use anxin_domain::{local_day, Directory};
use chrono::{DateTime, Days, NaiveDate, Utc};

use super::codec::{parse_json, parse_timestamp, texts, timestamp};
use super::gate;
use crate::store::sql::{args, Dialect, Row, Sql, Value};
use crate::store::{Result, StoreError};

fn parse_day(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|_| StoreError::Corrupt("a stored day could not be read".into()))
}

fn parse_category(text: &str) -> Result<PersonCategory> {
    PersonCategory::ALL
        .into_iter()
        .find(|c| category_name(*c) == text)
        .ok_or_else(|| StoreError::Corrupt("a stored category is unknown".into()))
}

/// Text column `i` of a row, moved out of it: a report reads a whole
/// day's rows, and copying each text again doubled its time.
fn take_text(row: &mut Row, i: usize) -> Result<String> {
    match row.0.get_mut(i).map(|cell| std::mem::replace(cell, Value::Null)) {
        Some(Value::Text(text)) => Ok(text),
        _ => Err(StoreError::Corrupt(format!("column {i} of a row is not text"))),
    }
}

/// The first `N` text columns of a row, moved out of it.
fn take_texts<const N: usize>(row: &mut Row) -> Result<[String; N]> {
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    for (i, cell) in out.iter_mut().enumerate() {
        *cell = take_text(row, i)?;
    }
    Ok(out)
}

pub(in crate::store) fn parse_reason_kind(text: &str) -> Result<ReasonKind> {
    ReasonKind::ALL
        .into_iter()
        .find(|k| k.as_str() == text)
        .ok_or_else(|| StoreError::Corrupt("a stored reason kind is unknown".into()))
}

pub(in crate::store) fn parse_level(text: &str) -> Option<Level> {
    [Level::Class, Level::Department, Level::School].into_iter().find(|l| l.as_str() == text)
}

pub(in crate::store) fn scope_of(level: Level, name: String) -> Scope {
    match level {
        Level::Class => Scope::Class(name),
        Level::Department => Scope::Department(name),
        Level::School => Scope::School,
    }
}

/// Freezes `day`'s expected list if it is not yet (at its first read):
/// the roster as it stood at the day's start (or at the end of the very
/// first import, on that day). `false` when the day has no list: it is
/// in the future, or no roster existed yet. On the writer.
pub(in crate::store) fn ensure_snapshot(
    tx: &dyn Sql,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool> {
    match snapshot_state(tx, day, now)? {
        Some(known) => Ok(known),
        None => freeze(tx, day, now),
    }
}

/// Whether `day` has its list (`Some(true)`), cannot have one yet or ever
/// (`Some(false)`: in the future, or before any roster), or is to be
/// frozen now (`None`). Reads only.
pub(in crate::store) fn snapshot_state(
    tx: &dyn Sql,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<bool>> {
    let frozen =
        tx.query_opt("SELECT 1 FROM day_snapshots WHERE day = ?1", args![day.to_string()])?;
    if frozen.is_some() {
        return Ok(Some(true));
    }
    let first = tx.query_one("SELECT MIN(effective_at) FROM roster_history", args![])?;
    let first = first.text_opt(0)?.map(parse_timestamp).transpose()?;
    // (Text order and time order agree but for two writes in one second.)
    let first = first.map(|f| f - chrono::Duration::seconds(1));
    Ok(if list_due(day, local_day(now), first) { None } else { Some(false) })
}

/// Freezes the list of `day` from the roster's history.
fn freeze(tx: &dyn Sql, day: NaiveDate, now: DateTime<Utc>) -> Result<bool> {
    let key = day.to_string();
    let rows = tx.query(
        "SELECT person_id, effective_at, name, category, department, class_name, declarant,
                active FROM roster_history",
        args![],
    )?;
    let mut history = Vec::with_capacity(rows.len());
    for mut row in rows {
        history.push(RosterState {
            effective_at: parse_timestamp(row.text(1)?)?,
            category: row.text_opt(3)?.map(parse_category).transpose()?,
            declarant: row.get(6)?,
            active: row.get(7)?,
            person_id: take_text(&mut row, 0)?,
            name: take_text(&mut row, 2)?,
            department: take_text(&mut row, 4)?,
            class_name: take_text(&mut row, 5)?,
        });
    }
    let first = history.iter().map(|s| s.effective_at).min();
    let Some(instant) = snapshot_instant(day, first) else { return Ok(false) };
    for e in expected_at(&history, instant) {
        tx.execute(
            "INSERT INTO day_expected (day, person_id, name, category, department, class_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![&key, e.person_id, e.name, category_name(e.category), e.department, e.class_name],
        )?;
    }
    tx.execute(
        "INSERT INTO day_snapshots (day, roster_at, taken_at) VALUES (?1, ?2, ?3)",
        args![&key, timestamp(instant), timestamp(now)],
    )?;
    Ok(true)
}

/// ` INDEXED BY index` on SQLite, which is given the index that serves a
/// query (it has no statistics to choose by); nothing on PostgreSQL,
/// whose planner chooses by its own.
fn indexed_by(dialect: Dialect, index: &str) -> String {
    match dialect {
        Dialect::Sqlite => format!(" INDEXED BY {index}"),
        Dialect::Postgres => String::new(),
    }
}

/// `day_expected e` for a scope, on the index that serves it, and its
/// condition (the scope's name is ?2).
fn scope_filter(scope: &Scope, dialect: Dialect) -> String {
    match scope {
        Scope::Class(_) => format!(
            "day_expected e{} WHERE e.day = ?1 AND e.class_name = ?2",
            indexed_by(dialect, "day_expected_by_class")
        ),
        Scope::Department(_) => format!(
            "day_expected e{} WHERE e.day = ?1 AND e.department = ?2",
            indexed_by(dialect, "day_expected_by_scope")
        ),
        Scope::School => "day_expected e WHERE e.day = ?1 AND CAST(?2 AS TEXT) = ''".to_owned(),
    }
}

fn expected_sql(scope: &Scope, dialect: Dialect) -> String {
    format!(
        "SELECT e.person_id, e.name, e.category, e.department, e.class_name,
                COALESCE((SELECT p.phone FROM people p WHERE p.person_id = e.person_id), '')
         FROM {} ORDER BY e.person_id",
        scope_filter(scope, dialect)
    )
}

/// What a filing is made of.
const FILING_COLUMNS: &str = "r.person_id, r.revision_id, r.number, r.answers, r.device_time,
    r.time_flag, r.received_at, r.prior_sync";

/// The day before's answers only (the identical flag).
const ANSWERS_COLUMNS: &str = "r.person_id, r.answers";

/// The `columns` of the revisions on day ?3 of the people on the scope's
/// list of day ?1, by person and number.
fn filings_sql(scope: &Scope, dialect: Dialect, columns: &str) -> String {
    let by_day = indexed_by(dialect, "declaration_revisions_by_day");
    if *scope == Scope::School {
        // Everyone: the day's rows in index order, no list to match (a
        // filer not on the list is skipped when the figures are made).
        // (?1 and ?2 are there to be bound alike in every scope.)
        return format!(
            "SELECT {columns} FROM declaration_revisions r{by_day}
             WHERE r.day = ?3 AND CAST(?1 AS TEXT) <> CAST(?2 AS TEXT)
             ORDER BY r.person_id, r.number"
        );
    }
    format!(
        "SELECT {columns} FROM declaration_revisions r{by_day}
         WHERE r.day = ?3 AND r.person_id IN (SELECT e.person_id FROM {})
         ORDER BY r.person_id, r.number",
        scope_filter(scope, dialect)
    )
}

/// The day's list without phones (the trend names nobody).
fn expected_plain_sql(scope: &Scope, dialect: Dialect) -> String {
    format!(
        "SELECT e.person_id, e.name, e.category, e.department, e.class_name, CAST('' AS TEXT)
         FROM {} ORDER BY e.person_id",
        scope_filter(scope, dialect)
    )
}

const REASONS_SQL: &str = "SELECT reason_id, person_id, day_from, day_to, kind, note, recorded_by,
        recorded_at
     FROM missing_reasons WHERE day_from BETWEEN ?2 AND ?1 AND day_to >= ?1";

const SEND_BACKS_SQL: &str = "SELECT send_back_id, person_id, revision_id, comment, by_name, at
     FROM send_backs WHERE day = ?1 ORDER BY at";

const REMINDERS_SQL: &str = "SELECT person_id, COUNT(*) FROM reminders WHERE day = ?1 AND kind = ?2
     GROUP BY person_id";

const RETURNS_SQL: &str = "SELECT level, scope_name, version, by_id, by_name, at, reason
     FROM report_returns WHERE day = ?1";

const SIGNATURES_SQL: &str = "SELECT level, scope_name, version, signer_id, signer_name, signed_at,
        late_minutes, covered
     FROM report_signatures WHERE day = ?1 ORDER BY version";

/// `EXPLAIN QUERY PLAN` of every query a report makes, with its SQL: the
/// tests check that none scans a whole table of records. SQLite only
/// (`EXPLAIN QUERY PLAN` is SQLite's statement, and the indexes it checks
/// are the ones SQLite is told to use): only `SqliteStore` calls it.
pub(in crate::store) fn query_plans(tx: &dyn Sql) -> Result<Vec<(String, String)>> {
    if tx.dialect() != Dialect::Sqlite {
        return Err(StoreError::Corrupt("query plans are read on SQLite only".into()));
    }
    let mut queries: Vec<(String, usize)> = Vec::new();
    for scope in [Scope::Class("c".into()), Scope::Department("d".into()), Scope::School] {
        queries.push((expected_sql(&scope, Dialect::Sqlite), 2));
        queries.push((expected_plain_sql(&scope, Dialect::Sqlite), 2));
        queries.push((filings_sql(&scope, Dialect::Sqlite, FILING_COLUMNS), 3));
        queries.push((filings_sql(&scope, Dialect::Sqlite, ANSWERS_COLUMNS), 3));
    }
    queries.extend(
        [
            (REASONS_SQL, 2),
            (SEND_BACKS_SQL, 1),
            (REMINDERS_SQL, 2),
            (RETURNS_SQL, 1),
            (SIGNATURES_SQL, 1),
        ]
        .map(|(sql, n)| (sql.to_owned(), n)),
    );
    let mut plans = Vec::new();
    for (sql, params) in queries {
        let values: Vec<Value> = (0..params).map(|_| Value::Text(String::new())).collect();
        let rows = tx.query(&format!("EXPLAIN QUERY PLAN {sql}"), &values)?;
        let details = rows.iter().map(|row| row.get::<String>(3)).collect::<Result<Vec<_>>>()?;
        plans.push((sql, details.join("\n")));
    }
    Ok(plans)
}

/// One person on the day's list, and their phone for a tap-to-call link.
pub(in crate::store) fn expected_of(
    tx: &dyn Sql,
    scope: &Scope,
    day: NaiveDate,
    phones: bool,
) -> Result<Vec<(Expected, String)>> {
    let sql = if phones {
        expected_sql(scope, tx.dialect())
    } else {
        expected_plain_sql(scope, tx.dialect())
    };
    let mut list = Vec::new();
    tx.query_each(&sql, args![day.to_string(), scope.name()], &mut |row| {
        let [person_id, name, category, department, class_name, phone] = texts(row, 0)?;
        let category = parse_category(&category)?;
        list.push((Expected { person_id, name, category, department, class_name }, phone));
        Ok(())
    })?;
    Ok(list)
}

/// The day's filings of the scope's expected people (with the day
/// before's answers in force when `with_yesterday`, for the identical
/// flag). Rows come by person and number: the first of a person's day is
/// its first revision, the last the one in force.
fn filings(
    tx: &dyn Sql,
    scope: &Scope,
    day: NaiveDate,
    known_yesterday: Option<&Yesterday<'_>>,
) -> Result<HashMap<String, Filing>> {
    let day_text = day.to_string();
    let before = day.checked_sub_days(Days::new(1)).unwrap_or(day).to_string();
    let mut yesterday: HashMap<String, String> = HashMap::new();
    if known_yesterday.is_none() {
        let sql = filings_sql(scope, tx.dialect(), ANSWERS_COLUMNS);
        tx.query_each(&sql, args![&day_text, scope.name(), &before], &mut |row| {
            // By number: the last one read is the one in force.
            yesterday.insert(row.get(0)?, row.get(1)?);
            Ok(())
        })?;
    }
    let sql = filings_sql(scope, tx.dialect(), FILING_COLUMNS);
    let mut out: HashMap<String, Filing> = HashMap::new();
    tx.query_each(&sql, args![&day_text, scope.name(), &day_text], &mut |row| {
        let number: u32 = row.get(2)?;
        let current = parse_json(row.text(3)?)?;
        if let Some(filing) = out.get_mut(row.text(0)?) {
            filing.current_revision_id = row.get(1)?;
            filing.current_number = number;
            filing.current = current;
            return Ok(());
        }
        let person: String = row.get(0)?;
        let answers_before = match known_yesterday.map(|k| k.get(person.as_str())) {
            // On yesterday's list: what they filed then, if anything.
            Some(Some(known)) => known.cloned(),
            // Not on yesterday's list (new on the roster): looked up.
            Some(None) => answers_on(tx, &person, &before)?,
            None => yesterday.remove(&person).map(|a| parse_json(&a)).transpose()?,
        };
        let filing = Filing {
            first_device_time: parse_timestamp(row.text(4)?)?,
            first_time_flag: row.text_opt(5)?.map(parse_json).transpose()?,
            first_received_at: parse_timestamp(row.text(6)?)?,
            first_prior_sync: row.text_opt(7)?.map(parse_timestamp).transpose()?,
            current_revision_id: row.get(1)?,
            current_number: number,
            current,
            yesterday: answers_before,
        };
        out.insert(person, filing);
        Ok(())
    })?;
    Ok(out)
}

/// The day before's answers in force of each person on its list, taken
/// from that day's facts (a trend reads its days in order).
pub(in crate::store) type Yesterday<'a> = HashMap<&'a str, Option<&'a DeclarationAnswers>>;

pub(in crate::store) fn yesterday_of(facts: &ReportFacts) -> Yesterday<'_> {
    facts
        .people
        .iter()
        .map(|p| (p.expected.person_id.as_str(), p.filing.as_ref().map(|f| &f.current)))
        .collect()
}

/// One person's answers in force on a day.
fn answers_on(tx: &dyn Sql, person: &str, day: &str) -> Result<Option<DeclarationAnswers>> {
    let row = tx.query_opt(
        "SELECT answers FROM declaration_revisions WHERE day = ?1 AND person_id = ?2
         ORDER BY number DESC LIMIT 1",
        args![day, person],
    )?;
    row.map(|r| parse_json(r.text(0)?)).transpose()
}

/// Reasons recorded for anyone covering `day` (a leave started at most
/// `max_days` before).
fn reasons(tx: &dyn Sql, day: NaiveDate, max_days: u32) -> Result<Vec<MissingReason>> {
    let earliest = day.checked_sub_days(Days::new(u64::from(max_days))).unwrap_or(day);
    let rows = tx.query(REASONS_SQL, args![day.to_string(), earliest.to_string()])?;
    let mut list = Vec::with_capacity(rows.len());
    for mut row in rows {
        let [reason_id, person_id, from, to, kind, note, recorded_by, recorded_at] =
            take_texts(&mut row)?;
        list.push(MissingReason {
            reason_id,
            person_id,
            from: parse_day(&from)?,
            to: parse_day(&to)?,
            kind: parse_reason_kind(&kind)?,
            note,
            recorded_by,
            recorded_at: Some(parse_timestamp(&recorded_at)?),
        });
    }
    Ok(list)
}

/// The latest send-back of each person that day.
pub(in crate::store) fn send_backs(
    tx: &dyn Sql,
    day: NaiveDate,
) -> Result<HashMap<String, SentBackNote>> {
    let mut out = HashMap::new();
    for row in &tx.query(SEND_BACKS_SQL, args![day.to_string()])? {
        let [send_back_id, person, revision_id, comment, by_name, at] = texts(row, 0)?;
        let at = parse_timestamp(&at)?;
        out.insert(person, SentBackNote { send_back_id, day, revision_id, comment, by_name, at });
    }
    Ok(out)
}

/// How many reminders of `kind` each person had that day.
pub(in crate::store) fn reminder_counts(
    tx: &dyn Sql,
    day: NaiveDate,
    kind: &str,
) -> Result<HashMap<String, u8>> {
    let mut out = HashMap::new();
    for row in &tx.query(REMINDERS_SQL, args![day.to_string(), kind])? {
        let count: u64 = row.get(1)?;
        out.insert(row.get(0)?, u8::try_from(count).unwrap_or(u8::MAX));
    }
    Ok(out)
}

/// Every version signed that day, by scope, with its return if any.
pub(in crate::store) fn signatures(
    tx: &dyn Sql,
    day: NaiveDate,
) -> Result<BTreeMap<Scope, Vec<SignedVersion>>> {
    let mut returns: HashMap<(String, String, u32), ReturnNote> = HashMap::new();
    for row in &tx.query(RETURNS_SQL, args![day.to_string()])? {
        let note = ReturnNote {
            by_id: row.get(3)?,
            by_name: row.get(4)?,
            at: parse_timestamp(row.text(5)?)?,
            reason: row.get(6)?,
        };
        returns.insert((row.get(0)?, row.get(1)?, row.get(2)?), note);
    }
    let mut out: BTreeMap<Scope, Vec<SignedVersion>> = BTreeMap::new();
    for row in &tx.query(SIGNATURES_SQL, args![day.to_string()])? {
        let level_text: String = row.get(0)?;
        let Some(level) = parse_level(&level_text) else { continue };
        let name: String = row.get(1)?;
        let version: u32 = row.get(2)?;
        let returned = returns.remove(&(level_text, name.clone(), version));
        out.entry(scope_of(level, name)).or_default().push(SignedVersion {
            version,
            signer_id: row.get(3)?,
            signer_name: row.get(4)?,
            signed_at: parse_timestamp(row.text(5)?)?,
            late_minutes: row.get(6)?,
            covered: parse_json(row.text(7)?)?,
            returned,
        });
    }
    Ok(out)
}

/// Whether the roster has (or had that day) the class or department.
pub(in crate::store) fn scope_exists(tx: &dyn Sql, scope: &Scope, day: NaiveDate) -> Result<bool> {
    let sql = match scope {
        Scope::School => return Ok(true),
        Scope::Class(_) => {
            "SELECT EXISTS (SELECT 1 FROM day_expected WHERE day = ?1 AND class_name = ?2)
                 OR EXISTS (SELECT 1 FROM people WHERE class_name = ?2)"
        }
        Scope::Department(_) => {
            "SELECT EXISTS (SELECT 1 FROM day_expected WHERE day = ?1 AND department = ?2)
                 OR EXISTS (SELECT 1 FROM people WHERE department = ?2)"
        }
    };
    tx.query_one(sql, args![day.to_string(), scope.name()])?.get(0)
}

/// The department a class belongs to on `day` (by its list, else the
/// roster now; the import keeps a class in one department).
pub(in crate::store) fn class_department(
    tx: &dyn Sql,
    class: &str,
    day: NaiveDate,
) -> Result<String> {
    let on_day = tx.query_opt(
        "SELECT department FROM day_expected WHERE day = ?1 AND class_name = ?2 LIMIT 1",
        args![day.to_string(), class],
    )?;
    match on_day {
        Some(row) => row.get(0),
        None => super::oversight::class_department(tx, class),
    }
}

/// Everything the report of `scope` on `day` is made of; `None` for a
/// class or department the roster never had. Reads only: a day due to
/// be frozen (see [`ensure_snapshot`], which the writer runs first) has
/// no list yet.
/// `detail`: the phones, for a report that names
/// people (the trend does not).
pub(in crate::store) fn report_facts(
    tx: &dyn Sql,
    scope: &Scope,
    day: NaiveDate,
    now: DateTime<Utc>,
    directory: &Directory,
    detail: bool,
    yesterday: Option<&Yesterday<'_>>,
) -> Result<Option<ReportFacts>> {
    // Not frozen: on a reader, the day became due after the writer froze
    // the ones asked for (midnight passed); no list yet.
    let known = snapshot_state(tx, day, now)?.unwrap_or(false);
    if !scope_exists(tx, scope, day)? {
        return Ok(None);
    }
    let expected = if known { expected_of(tx, scope, day, detail)? } else { Vec::new() };
    // The day before too, always: a signature covers the identical flags.
    // (Given when the caller has just read that day.)
    let mut filings = if known { filings(tx, scope, day, yesterday)? } else { HashMap::new() };
    let all_reasons = if known { reasons(tx, day, directory.max_leave_days)? } else { Vec::new() };
    let mut reasons_of: HashMap<&str, Vec<&MissingReason>> = HashMap::new();
    for reason in &all_reasons {
        reasons_of.entry(reason.person_id.as_str()).or_default().push(reason);
    }
    let mut sent_back = if known { send_backs(tx, day)? } else { HashMap::new() };
    let reminders = if known { reminder_counts(tx, day, "declare")? } else { HashMap::new() };
    let deadline = at_school(day, directory.deadlines.declarations);
    let mut phones = HashMap::new();
    let people = expected
        .into_iter()
        .map(|(e, phone)| {
            let id = e.person_id.clone();
            let facts = PersonFacts {
                filing: filings.remove(&id),
                reasons: reasons_of.remove(id.as_str()).unwrap_or_default(),
                sent_back: sent_back.remove(&id),
                reminders: reminders.get(&id).copied().unwrap_or(0),
            };
            phones.insert(id, phone);
            person_day(e, facts, &directory.rules, deadline)
        })
        .collect();
    Ok(Some(ReportFacts {
        scope: scope.clone(),
        day,
        today: local_day(now),
        now,
        known,
        closed: anxin_domain::privacy::purge::is_closed(day, super::retention::kept_from(tx)?),
        people,
        signatures: if known { signatures(tx, day)? } else { BTreeMap::new() },
        deadlines: directory.deadlines,
        phones,
        observed: if detail { observed_on(tx, day)? } else { BTreeSet::new() },
        gate: match scope {
            Scope::Class(_) => Vec::new(),
            _ if detail => gate::figures_of(tx, day, &directory.rules)?,
            _ => Vec::new(),
        },
    }))
}

/// Who was under medical isolation observation at some time on `day`.
fn observed_on(tx: &dyn Sql, day: NaiveDate) -> Result<BTreeSet<String>> {
    let start = timestamp(at_school(day, chrono::NaiveTime::MIN));
    let end = timestamp(at_school(day + Days::new(1), chrono::NaiveTime::MIN));
    tx.query(
        "SELECT DISTINCT person_id FROM isolation_observations
         WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at >= ?1)",
        args![start, end],
    )?
    .iter()
    .map(|row| row.get(0))
    .collect()
}
