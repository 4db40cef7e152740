//! The daily report's facts in SQLite: the day's frozen list of who is
//! expected, and what was filed, excused, sent back, reminded and signed
//! that day. Every judgement is the domain's (`anxin_domain::report`);
//! this file only reads rows and hands them over.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::profile::PersonCategory;
use anxin_domain::report::deadlines::at_school;
use anxin_domain::report::signing::{ReturnNote, SignedVersion};
use anxin_domain::report::snapshot::{expected_at, snapshot_instant, RosterState};
use anxin_domain::report::standing::{person_day, PersonFacts};
use anxin_domain::report::view::ReportFacts;
use anxin_domain::report::{
    Expected, Filing, Level, MissingReason, ReasonKind, Scope, SentBackNote,
};
use anxin_domain::roster::category_name;
use anxin_domain::{local_day, Directory};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::codec::{parse_json, parse_timestamp, texts, timestamp};
use super::gate;
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
/// in the future, or no roster existed yet.
pub(in crate::store) fn ensure_snapshot(
    c: &Connection,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool> {
    match snapshot_state(c, day, now)? {
        Some(known) => Ok(known),
        None => freeze(c, day, now),
    }
}

/// Whether `day` has its list (`Some(true)`), cannot have one yet or ever
/// (`Some(false)`: in the future, or before any roster), or is to be
/// frozen now (`None`). Reads only.
pub(in crate::store) fn snapshot_state(
    c: &Connection,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<bool>> {
    let frozen: Option<i64> = c
        .prepare_cached("SELECT 1 FROM day_snapshots WHERE day = ?1")?
        .query_row([day.to_string()], |row| row.get(0))
        .optional()?;
    if frozen.is_some() {
        return Ok(Some(true));
    }
    if day > local_day(now) {
        return Ok(Some(false));
    }
    let first: Option<String> = c
        .prepare_cached("SELECT MIN(effective_at) FROM roster_history")?
        .query_row([], |row| row.get(0))?;
    let first = first.as_deref().map(parse_timestamp).transpose()?;
    // (Text order and time order agree but for two writes in one second.)
    let first = first.map(|f| f - chrono::Duration::seconds(1));
    Ok(if snapshot_instant(day, first).is_none() { Some(false) } else { None })
}

/// Freezes the list of `day` from the roster's history.
fn freeze(c: &Connection, day: NaiveDate, now: DateTime<Utc>) -> Result<bool> {
    let key = day.to_string();
    let mut history = Vec::new();
    {
        let mut statement = c.prepare_cached(
            "SELECT person_id, effective_at, name, category, department, class_name, declarant,
                    active FROM roster_history",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, bool>(6)?,
                row.get::<_, bool>(7)?,
            ))
        })?;
        for row in rows {
            let (person_id, at, name, category, department, class_name, declarant, active) = row?;
            history.push(RosterState {
                person_id,
                name,
                category: category.as_deref().map(parse_category).transpose()?,
                department,
                class_name,
                declarant,
                active,
                effective_at: parse_timestamp(&at)?,
            });
        }
    }
    let first = history.iter().map(|s| s.effective_at).min();
    let Some(instant) = snapshot_instant(day, first) else { return Ok(false) };
    let list = expected_at(&history, instant);
    let mut insert = c.prepare_cached(
        "INSERT INTO day_expected (day, person_id, name, category, department, class_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in &list {
        insert.execute(params![
            key,
            e.person_id,
            e.name,
            category_name(e.category),
            e.department,
            e.class_name
        ])?;
    }
    c.execute(
        "INSERT INTO day_snapshots (day, roster_at, taken_at) VALUES (?1, ?2, ?3)",
        params![key, timestamp(instant), timestamp(now)],
    )?;
    Ok(true)
}

/// `day_expected e` for a scope, on the index that serves it (named:
/// the planner has no statistics to choose by), and its condition (the
/// scope's name is ?2).
fn scope_filter(scope: &Scope) -> &'static str {
    match scope {
        Scope::Class(_) => {
            "day_expected e INDEXED BY day_expected_by_class WHERE e.day = ?1 AND e.class_name = ?2"
        }
        Scope::Department(_) => {
            "day_expected e INDEXED BY day_expected_by_scope WHERE e.day = ?1 AND e.department = ?2"
        }
        Scope::School => "day_expected e WHERE e.day = ?1 AND ?2 = ''",
    }
}

fn expected_sql(scope: &Scope) -> String {
    format!(
        "SELECT e.person_id, e.name, e.category, e.department, e.class_name,
                COALESCE((SELECT p.phone FROM people p WHERE p.person_id = e.person_id), '')
         FROM {} ORDER BY e.person_id",
        scope_filter(scope)
    )
}

/// The revisions on day ?3 of the people on the scope's list of day ?1,
/// by person and number.
fn filings_sql(scope: &Scope) -> String {
    if *scope == Scope::School {
        // Everyone: the day's rows in index order, no list to match (a
        // filer not on the list is skipped when the figures are made).
        return "SELECT r.person_id, r.revision_id, r.number, r.answers, r.device_time,
                    r.time_flag, r.received_at, r.prior_sync
                FROM declaration_revisions r INDEXED BY declaration_revisions_by_day
                WHERE r.day = ?3 AND ?1 <> ?2 ORDER BY r.person_id, r.number"
            .to_owned();
    }
    format!(
        "SELECT r.person_id, r.revision_id, r.number, r.answers, r.device_time, r.time_flag,
                r.received_at, r.prior_sync
         FROM declaration_revisions r INDEXED BY declaration_revisions_by_day
         WHERE r.day = ?3 AND r.person_id IN (SELECT e.person_id FROM {})
         ORDER BY r.person_id, r.number",
        scope_filter(scope)
    )
}

/// The day's list without phones (the trend names nobody).
fn expected_plain_sql(scope: &Scope) -> String {
    format!(
        "SELECT e.person_id, e.name, e.category, e.department, e.class_name, ''
         FROM {} ORDER BY e.person_id",
        scope_filter(scope)
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
/// tests check that none scans a whole table of records.
pub(in crate::store) fn query_plans(c: &Connection) -> Result<Vec<(String, String)>> {
    let mut queries: Vec<(String, usize)> = Vec::new();
    for scope in [Scope::Class("c".into()), Scope::Department("d".into()), Scope::School] {
        queries.push((expected_sql(&scope), 2));
        queries.push((expected_plain_sql(&scope), 2));
        queries.push((filings_sql(&scope), 3));
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
        let values: Vec<String> = (0..params).map(|_| String::new()).collect();
        let mut statement = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), |row| row.get::<_, String>(3))?;
        let plan = rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n");
        plans.push((sql, plan));
    }
    Ok(plans)
}

/// One person on the day's list, and their phone for a tap-to-call link.
pub(in crate::store) fn expected_of(
    c: &Connection,
    scope: &Scope,
    day: NaiveDate,
    phones: bool,
) -> Result<Vec<(Expected, String)>> {
    let sql = if phones { expected_sql(scope) } else { expected_plain_sql(scope) };
    let mut statement = c.prepare_cached(&sql)?;
    let rows = statement.query_map(params![day.to_string(), scope.name()], |row| texts(row, 0))?;
    let mut list = Vec::new();
    for row in rows {
        let [person_id, name, category, department, class_name, phone] = row?;
        let category = parse_category(&category)?;
        list.push((Expected { person_id, name, category, department, class_name }, phone));
    }
    Ok(list)
}

/// The day's filings of the scope's expected people (with the day
/// before's answers in force when `with_yesterday`, for the identical
/// flag). Rows come by person and number: the first of a person's day is
/// its first revision, the last the one in force.
fn filings(
    c: &Connection,
    scope: &Scope,
    day: NaiveDate,
    known_yesterday: Option<&Yesterday<'_>>,
) -> Result<HashMap<String, Filing>> {
    let day_text = day.to_string();
    let before = day.checked_sub_days(Days::new(1)).unwrap_or(day).to_string();
    let mut statement = c.prepare_cached(&filings_sql(scope))?;
    let mut yesterday: HashMap<String, String> = HashMap::new();
    if known_yesterday.is_none() {
        let mut rows = statement.query(params![day_text, scope.name(), before])?;
        while let Some(row) = rows.next()? {
            // By number: the last one read is the one in force.
            yesterday.insert(row.get(0)?, row.get(3)?);
        }
    }
    let mut out: HashMap<String, Filing> = HashMap::new();
    let mut rows = statement.query(params![day_text, scope.name(), day_text])?;
    while let Some(row) = rows.next()? {
        let person = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let revision_id: String = row.get(1)?;
        let number: u32 = row.get(2)?;
        let answers = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        if let Some(filing) = out.get_mut(person) {
            filing.current_revision_id = revision_id;
            filing.current_number = number;
            filing.current = parse_json(answers)?;
            continue;
        }
        let device: String = row.get(4)?;
        let flag: Option<String> = row.get(5)?;
        let received: String = row.get(6)?;
        let prior: Option<String> = row.get(7)?;
        let person = person.to_owned();
        let answers_before = match known_yesterday.map(|k| k.get(person.as_str())) {
            // On yesterday's list: what they filed then, if anything.
            Some(Some(known)) => known.cloned(),
            // Not on yesterday's list (new on the roster): looked up.
            Some(None) => answers_on(c, &person, &before)?,
            None => yesterday.remove(&person).map(|a| parse_json(&a)).transpose()?,
        };
        let filing = Filing {
            first_device_time: parse_timestamp(&device)?,
            first_time_flag: flag.as_deref().map(parse_json).transpose()?,
            first_received_at: parse_timestamp(&received)?,
            first_prior_sync: prior.as_deref().map(parse_timestamp).transpose()?,
            current_revision_id: revision_id,
            current_number: number,
            current: parse_json(answers)?,
            yesterday: answers_before,
        };
        out.insert(person, filing);
    }
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
fn answers_on(c: &Connection, person: &str, day: &str) -> Result<Option<DeclarationAnswers>> {
    let text: Option<String> = c
        .prepare_cached(
            "SELECT answers FROM declaration_revisions WHERE day = ?1 AND person_id = ?2
             ORDER BY number DESC LIMIT 1",
        )?
        .query_row(params![day, person], |row| row.get(0))
        .optional()?;
    text.map(|t| parse_json(&t)).transpose()
}

/// Reasons recorded for anyone covering `day` (a leave started at most
/// `max_days` before).
fn reasons(c: &Connection, day: NaiveDate, max_days: u32) -> Result<Vec<MissingReason>> {
    let earliest = day.checked_sub_days(Days::new(u64::from(max_days))).unwrap_or(day);
    let mut statement = c.prepare_cached(REASONS_SQL)?;
    let rows =
        statement.query_map(params![day.to_string(), earliest.to_string()], |row| texts(row, 0))?;
    let mut list = Vec::new();
    for row in rows {
        let [reason_id, person_id, from, to, kind, note, recorded_by, recorded_at] = row?;
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
    c: &Connection,
    day: NaiveDate,
) -> Result<HashMap<String, SentBackNote>> {
    let mut statement = c.prepare_cached(SEND_BACKS_SQL)?;
    let rows = statement.query_map([day.to_string()], |row| texts(row, 0))?;
    let mut out = HashMap::new();
    for row in rows {
        let [send_back_id, person, revision_id, comment, by_name, at] = row?;
        let at = parse_timestamp(&at)?;
        out.insert(person, SentBackNote { send_back_id, day, revision_id, comment, by_name, at });
    }
    Ok(out)
}

/// How many reminders of `kind` each person had that day.
pub(in crate::store) fn reminder_counts(
    c: &Connection,
    day: NaiveDate,
    kind: &str,
) -> Result<HashMap<String, u8>> {
    let mut statement = c.prepare_cached(REMINDERS_SQL)?;
    let rows = statement.query_map(params![day.to_string(), kind], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (person, count) = row?;
        out.insert(person, u8::try_from(count).unwrap_or(u8::MAX));
    }
    Ok(out)
}

/// Every version signed that day, by scope, with its return if any.
pub(in crate::store) fn signatures(
    c: &Connection,
    day: NaiveDate,
) -> Result<BTreeMap<Scope, Vec<SignedVersion>>> {
    let mut returns: HashMap<(String, String, u32), ReturnNote> = HashMap::new();
    {
        let mut statement = c.prepare_cached(RETURNS_SQL)?;
        let rows = statement.query_map([day.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u32>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        for row in rows {
            let (level, name, version, by_id, by_name, at, reason) = row?;
            let at = parse_timestamp(&at)?;
            returns.insert((level, name, version), ReturnNote { by_id, by_name, at, reason });
        }
    }
    let mut statement = c.prepare_cached(SIGNATURES_SQL)?;
    let rows = statement.query_map([day.to_string()], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, u32>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, String>(5)?,
            row.get::<_, Option<u32>>(6)?,
            row.get::<_, String>(7)?,
        ))
    })?;
    let mut out: BTreeMap<Scope, Vec<SignedVersion>> = BTreeMap::new();
    for row in rows {
        let (level_text, name, version, signer_id, signer_name, signed_at, late, covered) = row?;
        let Some(level) = parse_level(&level_text) else { continue };
        let returned = returns.remove(&(level_text, name.clone(), version));
        out.entry(scope_of(level, name)).or_default().push(SignedVersion {
            version,
            signer_id,
            signer_name,
            signed_at: parse_timestamp(&signed_at)?,
            late_minutes: late,
            covered: parse_json(&covered)?,
            returned,
        });
    }
    Ok(out)
}

/// Whether the roster has (or had that day) the class or department.
pub(in crate::store) fn scope_exists(
    c: &Connection,
    scope: &Scope,
    day: NaiveDate,
) -> Result<bool> {
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
    Ok(c.prepare_cached(sql)?
        .query_row(params![day.to_string(), scope.name()], |row| row.get(0))?)
}

/// The department a class belongs to on `day` (by its list, else the
/// roster now; the import keeps a class in one department).
pub(in crate::store) fn class_department(
    c: &Connection,
    class: &str,
    day: NaiveDate,
) -> Result<String> {
    let on_day: Option<String> = c
        .prepare_cached(
            "SELECT department FROM day_expected WHERE day = ?1 AND class_name = ?2 LIMIT 1",
        )?
        .query_row(params![day.to_string(), class], |row| row.get(0))
        .optional()?;
    match on_day {
        Some(d) => Ok(d),
        None => super::oversight::class_department(c, class),
    }
}

/// Everything the report of `scope` on `day` is made of; `None` for a
/// class or department the roster never had.
/// `detail`: the phones, for a report that names
/// people (the trend does not).
pub(in crate::store) fn report_facts(
    c: &Connection,
    scope: &Scope,
    day: NaiveDate,
    now: DateTime<Utc>,
    directory: &Directory,
    detail: bool,
    yesterday: Option<&Yesterday<'_>>,
) -> Result<Option<ReportFacts>> {
    let known = match snapshot_state(c, day, now)? {
        Some(known) => known,
        // A reader cannot freeze: the day was due after the writer froze
        // the ones asked for (midnight passed); no list yet.
        None if c.is_readonly(rusqlite::MAIN_DB)? => false,
        None => freeze(c, day, now)?,
    };
    if !scope_exists(c, scope, day)? {
        return Ok(None);
    }
    let expected = if known { expected_of(c, scope, day, detail)? } else { Vec::new() };
    // The day before too, always: a signature covers the identical flags.
    // (Given when the caller has just read that day.)
    let mut filings = if known { filings(c, scope, day, yesterday)? } else { HashMap::new() };
    let all_reasons = if known { reasons(c, day, directory.max_leave_days)? } else { Vec::new() };
    let mut reasons_of: HashMap<&str, Vec<&MissingReason>> = HashMap::new();
    for reason in &all_reasons {
        reasons_of.entry(reason.person_id.as_str()).or_default().push(reason);
    }
    let mut sent_back = if known { send_backs(c, day)? } else { HashMap::new() };
    let reminders = if known { reminder_counts(c, day, "declare")? } else { HashMap::new() };
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
        people,
        signatures: if known { signatures(c, day)? } else { BTreeMap::new() },
        deadlines: directory.deadlines,
        phones,
        observed: if detail { observed_on(c, day)? } else { BTreeSet::new() },
        gate: match scope {
            Scope::Class(_) => Vec::new(),
            _ if detail => gate::figures_of(c, day, &directory.rules)?,
            _ => Vec::new(),
        },
    }))
}

/// Who was under medical isolation observation at some time on `day`.
fn observed_on(c: &Connection, day: NaiveDate) -> Result<BTreeSet<String>> {
    let start = timestamp(at_school(day, chrono::NaiveTime::MIN));
    let end = timestamp(at_school(day + Days::new(1), chrono::NaiveTime::MIN));
    let mut statement = c.prepare_cached(
        "SELECT DISTINCT person_id FROM isolation_observations
         WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at >= ?1)",
    )?;
    let rows = statement.query_map(params![start, end], |r| r.get::<_, String>(0))?;
    rows.collect::<rusqlite::Result<_>>().map_err(Into::into)
}
