//! The retention purge over 60 days of records, through the real command
//! line (SPEC §7): `anxin-server purge --dry-run` prints per kind what the
//! fixture says is due; the real run removes and masks exactly those rows
//! and prints the same; every signed report still verifies against its
//! seal (those signed before seals were kept get theirs first); a purged
//! day's report is closed, showing what was signed and no amendment,
//! while a kept day's is untouched; a second run finds nothing.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use anxin_domain::privacy::retention::RecordKind;
use anxin_domain::report::view::{build, Visibility};
use anxin_domain::report::{Covered, Scope};
use anxin_domain::sync::PulledChange;
use anxin_domain::Directory;
use anxin_server::args;
use anxin_server::store::sql::Sql;
use chrono::{Duration, NaiveDate, Utc};
use support::database::{store_at, with_sql};
use support::sync::{school_day, uuid};

const DAYS: i64 = 60;
/// The class signed each day, and who is on its list.
const CLASS: &str = "软件2001";
const PEOPLE: [(&str, &str, &str); 3] =
    [("2020-0101", "李明", CLASS), ("2020-0102", "王芳", CLASS), ("2020-0203", "陈晓", "软件2002")];
const COUNSELLOR: &str = "C-0001";

/// Shorter than the defaults, so that every kind has something due
/// within 60 days; the raw records count from the declared end.
const POLICY: &str = "raw_basis = \"after_response_end\"
raw_days = 28
booking_days = 30
note_days = 45
signed_report_days = 50
visitor_days = 28
return_days = 28
consent_audit_days = 40
";
const RESPONSE_ENDED_DAYS_AGO: i64 = 45;

fn command(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anxin-server"))
        .arg("--data-dir")
        .arg(data)
        .args(support::database::database_args(data))
        .env("ANXIN_LOG", "warn")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{text}{}", String::from_utf8_lossy(&output.stderr));
    text
}

/// Noon at the school (04:00 UTC) of `day`, as the store writes times.
fn noon(day: NaiveDate) -> String {
    format!("{day}T04:00:00.000Z")
}

/// The rows of one day `k` days ago, in every table the purge knows.
fn insert_day(tx: &dyn Sql, k: i64) -> anxin_server::store::Result<()> {
    let day = school_day(k);
    let (d, at) = (day.to_string(), noon(day));
    let n = |i: u64| uuid(1_000_000 + k as u64 * 100 + i);
    tx.execute(
        "INSERT INTO day_snapshots (day, roster_at, taken_at) VALUES (?1, ?2, ?2)",
        args![&d, &at],
    )?;
    for (i, (person, name, class)) in PEOPLE.into_iter().enumerate() {
        tx.execute(
            "INSERT INTO day_expected (day, person_id, name, category, department, class_name)
             VALUES (?1, ?2, ?3, 'student', '信息工程学院', ?4)",
            args![&d, person, name, class],
        )?;
        // The first is abnormal (38.5 °C): the class's signature names them.
        let tenths: u16 = if i == 0 { 385 } else { 366 };
        let answers = serde_json::to_string(&anxin_domain::fixtures::answers_at(tenths)).unwrap();
        let revision = n(i as u64);
        tx.execute(
            "INSERT INTO declaration_revisions (revision_id, person_id, day, number, answers,
                device_time, received_at, client_id, seq)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, ?5, ?6, ?7)",
            args![
                &revision,
                person,
                &d,
                answers,
                format!("{d}T00:30:00.000Z"),
                uuid(9),
                k * 10 + i as i64
            ],
        )?;
        tx.execute(
            "INSERT INTO change_log (person_id, kind, body, revision_id)
             VALUES (?1, 'declaration_revision', '', ?2)",
            args![person, &revision],
        )?;
    }
    let (abnormal, other, elsewhere) = (PEOPLE[0].0, PEOPLE[1].0, PEOPLE[2].0);
    tx.execute(
        "INSERT INTO missing_reasons (reason_id, person_id, day_from, day_to, kind, note,
            recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?3, 'other', '走亲戚', 'T-1001', ?4)",
        args![n(10), elsewhere, &d, &at],
    )?;
    tx.execute(
        "INSERT INTO send_backs (send_back_id, person_id, day, revision_id, comment, by_id,
            by_name, at) VALUES (?1, ?2, ?3, ?4, '请核对', 'T-1001', '张老师', ?5)",
        args![n(11), elsewhere, &d, n(2), &at],
    )?;
    tx.execute(
        "INSERT INTO reminders (reminder_id, person_id, day, kind, by_id, at)
         VALUES (?1, ?2, ?3, 'declare', 'T-1001', ?4)",
        args![n(12), other, &d, &at],
    )?;
    let reminder = PulledChange::Reminder(anxin_domain::report::ReminderNote {
        reminder_id: n(12),
        day,
        kind: anxin_domain::report::ReminderKind::Declare,
        by_name: "张老师".into(),
        at: Utc::now(),
    });
    tx.execute(
        "INSERT INTO change_log (person_id, kind, body) VALUES (?1, 'reminder', ?2)",
        args![other, serde_json::to_string(&reminder).unwrap()],
    )?;
    tx.execute(
        "INSERT INTO gate_records (record_id, guard_id, person_id, day, gate, direction, record,
            flags, device_time, received_at)
         VALUES (?1, 'G-0001', ?2, ?3, 'north', 'in', '{}', '[]', ?4, ?4)",
        args![n(13), other, &d, &at],
    )?;
    tx.execute(
        "INSERT INTO wellbeing_answers (answer_id, person_id, day, feeling, device_time,
            received_at) VALUES (?1, ?2, ?3, 'fine', ?4, ?4)",
        args![n(14), other, &d, &at],
    )?;
    tx.execute(
        "INSERT INTO bookings (booking_id, person_id, counsellor_id, slot_key, slot_start, slot,
            topic, phone, anonymous, urgency, status, requested_at, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, '{}', '睡不好', '13800000002', 0, 'normal', 'completed',
            ?6, ?6)",
        args![
            n(15),
            other,
            COUNSELLOR,
            format!("{COUNSELLOR}@{d}T10:00"),
            format!("{d}T10:00:00"),
            &at
        ],
    )?;
    tx.execute(
        "INSERT INTO counselling_notes (booking_id, author_id, sealed, updated_at)
         VALUES (?1, ?2, 'sealed', ?3)",
        args![n(15), COUNSELLOR, &at],
    )?;
    tx.execute(
        "INSERT INTO visitors (visitor_id, host_id, host_department, day, body, registered_at)
         VALUES (?1, 'T-3001', '信息工程学院', ?2, '{}', ?3)",
        args![n(16), &d, &at],
    )?;
    tx.execute(
        "INSERT INTO visitor_gate_records (record_id, guard_id, visitor_id, body, decision, day,
            device_time, received_at, flags)
         VALUES (?1, 'G-0001', ?2, '{}', 'admitted', ?3, ?4, ?4, '[]')",
        args![n(17), n(16), &d, &at],
    )?;
    tx.execute(
        "INSERT INTO return_applications (application_id, person_id, applied_at,
            has_advisor_step, request, pending) VALUES (?1, ?2, ?3, 1, '{}', 0)",
        args![n(18), other, &at],
    )?;
    tx.execute(
        "INSERT INTO return_decisions (application_id, step, approve, reason, by_id, by_name, at)
         VALUES (?1, 'advisor', 1, '', 'T-1001', '张老师', ?2)",
        args![n(18), &at],
    )?;
    // One consent, notice view and answered deletion request a day: the
    // newest (today's) is each person's standing choice.
    tx.execute(
        "INSERT INTO consents (consent_id, person_id, purpose, given, device_time, received_at,
            seq) VALUES (?1, ?2, 'counselling', 1, ?3, ?3, ?4)",
        args![n(19), abnormal, &at, DAYS - k],
    )?;
    tx.execute(
        "INSERT INTO notice_views (seen_id, person_id, version, hash, seen_at, received_at)
         VALUES (?1, ?2, '2026-1', 'hash', ?3, ?3)",
        args![n(20), abnormal, &at],
    )?;
    tx.execute(
        "INSERT INTO deletion_requests (request_id, person_id, note, asked_at, outcome, answer,
            answered_by, answered_at) VALUES (?1, ?2, '', ?3, 'kept', '依法保存', 'A-0001', ?3)",
        args![n(21), other, &at],
    )?;
    tx.execute(
        "INSERT INTO audit_log (at, event, actor, subject) VALUES (?1, 'signed_in', ?2, ?2)",
        args![&at, other],
    )?;
    tx.execute(
        "INSERT INTO staff_reads (reader_id, subject_id, kind, at, day)
         VALUES ('T-1001', ?1, 'report', ?2, ?3)",
        args![abnormal, &at, &d],
    )?;
    Ok(())
}

/// The class's report of `day` as the store makes it now.
fn class_report(data: &Path, day: NaiveDate) -> anxin_domain::report::Report {
    let store = store_at(data);
    let facts = store
        .report_facts(&Scope::Class(CLASS.into()), day, Utc::now(), &Directory::default())
        .unwrap()
        .unwrap();
    build(facts, |_| Visibility::Full)
}

/// Signs each day's class report as it stands; every other day the way
/// a signature was kept before seals were (none).
fn sign_every_day(data: &Path) {
    for k in 0..DAYS {
        let day = school_day(k);
        let covered = class_report(data, day).covered;
        assert_eq!(covered.names.len(), 1, "the abnormal person is named");
        let seal = (k % 2 == 0).then(|| covered.seal());
        with_sql(data, |tx| {
            tx.execute(
                "INSERT INTO report_signatures (day, level, scope_name, version, signature_id,
                    signer_id, signer_name, signed_at, covered, seal)
                 VALUES (?1, 'class', ?2, 1, ?3, 'T-1001', '张老师', ?4, ?5, ?6)",
                args![
                    day.to_string(),
                    CLASS,
                    uuid(2_000_000 + k as u64),
                    noon(day),
                    serde_json::to_string(&covered).unwrap(),
                    seal.clone()
                ],
            )
        });
    }
}

const TABLES: [&str; 27] = [
    "declaration_revisions",
    "change_log",
    "day_snapshots",
    "day_expected",
    "report_signatures",
    "missing_reasons",
    "send_backs",
    "reminders",
    "gate_records",
    "wellbeing_answers",
    "bookings",
    "counselling_notes",
    "visitors",
    "visitor_gate_records",
    "return_applications",
    "return_decisions",
    "consents",
    "notice_views",
    "deletion_requests",
    "audit_log",
    "staff_reads",
    "people",
    "roster_history",
    "accounts",
    "sessions",
    "pass_keys",
    "purge_runs",
];

fn row_counts(data: &Path) -> BTreeMap<&'static str, i64> {
    with_sql(data, |tx| {
        TABLES
            .into_iter()
            .map(|table| {
                let sql = format!("SELECT COUNT(*) FROM {table}");
                Ok((table, tx.query_one(&sql, args![])?.get::<i64>(0)?))
            })
            .collect()
    })
}

/// Rows due among the 60 days when `kept` days are kept: the days older.
fn due(kept: i64) -> u64 {
    (DAYS - 1 - kept) as u64
}

/// What the fixture says the run removes and masks, per kind.
fn expected() -> BTreeMap<RecordKind, (u64, u64)> {
    use RecordKind::*;
    let raw = due(28);
    let signed_removed = due(50);
    let (notes, bookings) = (due(45), due(30));
    BTreeMap::from([
        // The day lists' names are masked where the list stays.
        (Declarations, (3 * raw, 3 * (raw - signed_removed))),
        (GateRecords, (raw, 0)),
        (Reasons, (raw, 0)),
        (Reminders, (2 * raw, 0)),
        (WellbeingAnswers, (raw, 0)),
        // A booking goes with its note; masked while the note is kept.
        (Bookings, (notes, bookings - notes)),
        (Notes, (notes, 0)),
        (SignedReports, (signed_removed, raw - signed_removed)),
        (Visitors, (2 * raw, 0)),
        (ReturnApplications, (raw, 0)),
        (Consents, (3 * due(40), 0)),
        (Audit, (2 * due(40), 0)),
    ])
}

/// The printed table: kind → (removed, masked).
fn printed(text: &str) -> BTreeMap<RecordKind, (u64, u64)> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| {
            let line = text
                .lines()
                .find(|l| l.split_whitespace().next() == Some(kind.as_str()))
                .unwrap_or_else(|| panic!("no line for {}: {text}", kind.as_str()));
            let cells: Vec<u64> =
                line.split_whitespace().skip(1).take(2).map(|c| c.parse().unwrap()).collect();
            (kind, (cells[0], cells[1]))
        })
        .collect()
}

fn verified(text: &str) -> u64 {
    let line = text.lines().find(|l| l.starts_with("signed reports verified: ")).unwrap();
    line.trim_start_matches("signed reports verified: ").parse().unwrap()
}

#[test]
fn test_the_purge_removes_what_its_dry_run_printed_and_signed_reports_still_verify() {
    let data = tempfile::tempdir().unwrap();
    support::import_example_roster(data.path());
    with_sql(data.path(), |tx| (0..DAYS).try_for_each(|k| insert_day(tx, k)));
    sign_every_day(data.path());
    let policy = data.path().join("retention.toml");
    std::fs::write(&policy, POLICY).unwrap();
    let policy = policy.to_str().unwrap();

    let end = school_day(RESPONSE_ENDED_DAYS_AGO).to_string();
    let said = ok(&command(data.path(), &["response", "end", "--day", &end]));
    assert!(said.contains(&end), "{said}");
    let again = command(data.path(), &["response", "end"]);
    assert!(!again.status.success(), "declared once");
    assert!(String::from_utf8_lossy(&again.stderr).contains("declared already"));

    let before = row_counts(data.path());
    let dry = ok(&command(data.path(), &["--retention", policy, "purge", "--dry-run"]));
    assert!(dry.contains("dry run: nothing was changed"), "{dry}");
    assert_eq!(printed(&dry), expected(), "{dry}");
    assert_eq!(verified(&dry), DAYS as u64 - due(50));
    assert_eq!(row_counts(data.path()), before, "a dry run changes nothing");

    let real = ok(&command(data.path(), &["--retention", policy, "purge"]));
    assert_eq!(printed(&real), expected(), "the real run does what the dry run said: {real}");
    let after = row_counts(data.path());
    let removed = |table: &str| before[table] - after[table];
    let e = expected();
    let raw = due(28) as i64;
    assert_eq!(removed("declaration_revisions"), e[&RecordKind::Declarations].0 as i64);
    // Each purged revision's copy and reminder copy in the change logs.
    assert_eq!(removed("change_log"), 3 * raw + raw);
    assert_eq!(removed("missing_reasons"), raw);
    assert_eq!(removed("send_backs") + removed("reminders"), 2 * raw);
    assert_eq!(removed("gate_records"), raw);
    assert_eq!(removed("wellbeing_answers"), raw);
    assert_eq!(removed("counselling_notes"), e[&RecordKind::Notes].0 as i64);
    assert_eq!(removed("bookings"), e[&RecordKind::Bookings].0 as i64);
    assert_eq!(removed("report_signatures"), e[&RecordKind::SignedReports].0 as i64);
    assert_eq!(removed("day_snapshots"), e[&RecordKind::SignedReports].0 as i64);
    assert_eq!(removed("day_expected"), 3 * e[&RecordKind::SignedReports].0 as i64);
    assert_eq!(removed("visitors") + removed("visitor_gate_records"), 2 * raw);
    assert_eq!(removed("return_applications"), raw);
    assert_eq!(removed("return_decisions"), raw);
    let consents = due(40) as i64;
    assert_eq!((removed("consents"), removed("notice_views")), (consents, consents));
    assert_eq!(removed("deletion_requests"), consents);
    assert_eq!((removed("audit_log"), removed("staff_reads")), (consents, consents));
    for table in ["people", "roster_history", "accounts", "sessions", "pass_keys"] {
        assert_eq!(removed(table), 0, "{table} is not the purge's");
    }
    assert_eq!(after["purge_runs"], before["purge_runs"] + 1, "the real run is logged");

    // Every signature left verifies against its seal; the purged days'
    // show no name, the kept days' are as signed.
    let (signed, masked_days) = with_sql(data.path(), |tx| {
        let rows = tx.query("SELECT day, covered, seal FROM report_signatures", args![])?;
        let mut masked = 0;
        for row in &rows {
            let covered: Covered = serde_json::from_str(row.text(1)?).unwrap();
            let seal: Option<String> = row.get(2)?;
            assert!(covered.verifies(&seal.unwrap()), "{} verifies", row.text(0)?);
            let day: NaiveDate = row.text(0)?.parse().unwrap();
            let purged = day < school_day(28);
            assert_eq!(covered.names_shown(), !purged, "{day}");
            masked += u64::from(purged);
        }
        Ok((rows.len() as u64, masked))
    });
    assert_eq!(signed, verified(&real));
    assert_eq!(masked_days, e[&RecordKind::SignedReports].1);
    let names_left: i64 = with_sql(data.path(), |tx| {
        tx.query_one(
            "SELECT COUNT(*) FROM day_expected WHERE day < ?1 AND name <> ''",
            args![school_day(28).to_string()],
        )?
        .get(0)
    });
    assert_eq!(names_left, 0, "a purged day's list names no one");
    let masked_bookings: i64 = with_sql(data.path(), |tx| {
        tx.query_one("SELECT COUNT(*) FROM bookings WHERE topic = '' AND phone = ''", args![])?
            .get(0)
    });
    assert_eq!(masked_bookings as u64, e[&RecordKind::Bookings].1);

    // A purged day is closed: what was signed, no amendment, no one named.
    let closed = class_report(data.path(), school_day(35));
    assert!(closed.closed);
    assert!(closed.state.is_signed(), "{:?}", closed.state);
    assert_eq!(closed.amendment, None);
    assert!(closed.people.is_empty());
    assert_eq!(closed.figures.total.expected, 2);
    assert_eq!(closed.figures.total.abnormal, 1);
    assert_eq!(closed.blockers, vec![anxin_domain::report::Blocker::DayPurged]);
    // A kept day is as it was signed.
    let kept = class_report(data.path(), school_day(20));
    assert!(!kept.closed && kept.state.is_signed(), "{:?}", kept.state);
    assert_eq!(kept.people.len(), 2);
    let status = ok(&command(data.path(), &["response", "status"]));
    assert!(status.contains(&format!("kept from {}", school_day(28))), "{status}");

    // Nothing is left to do.
    let second = ok(&command(data.path(), &["--retention", policy, "purge"]));
    assert!(
        printed(&second).values().all(|&(removed, masked)| removed == 0 && masked == 0),
        "{second}"
    );
    let log = ok(&command(data.path(), &["purge-log"]));
    assert_eq!(log.lines().count(), 2, "{log}");
}

#[test]
fn test_a_bad_retention_file_is_refused_by_name_and_nothing_is_purged() {
    let data = tempfile::tempdir().unwrap();
    support::import_example_roster(data.path());
    let policy = data.path().join("retention.toml");
    std::fs::write(&policy, "visitor_days = 0\n").unwrap();
    let refused = command(data.path(), &["--retention", policy.to_str().unwrap(), "purge"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("visitor_days = 0"));
    // A day to come cannot be the end; a real run cannot pretend a day.
    let tomorrow = (Utc::now() + Duration::days(2)).date_naive().to_string();
    let future = command(data.path(), &["response", "end", "--day", &tomorrow]);
    assert!(!future.status.success());
    assert!(String::from_utf8_lossy(&future.stderr).contains("still to come"));
    let pretend = command(data.path(), &["purge", "--today", &tomorrow]);
    assert!(!pretend.status.success(), "--today needs --dry-run");
}
