//! Report benchmark: the school's daily report and its 14-day trend for
//! 30,000 people in 60 departments and 1,000 classes, computed by the
//! server's store and rules from the raw rows (no precomputed totals),
//! on a real SQLite file in a temp folder. Prints milliseconds (median
//! of repeated runs), and, as a baseline measured in the same run, the
//! time to only read the day's revision rows (no rules, no JSON).
//! Run with `make bench-reports`.

use anxin_server::store::prelude::*;
use std::time::{Duration, Instant};

use anxin_domain::fixtures::answers_at;
use anxin_domain::profile::PersonCategory;
use anxin_domain::report::view::{build, trend_day, TrendDay, Visibility};
use anxin_domain::report::Scope;
use anxin_domain::roster::{OfficeScope, Role, RosterPerson};
use anxin_domain::{local_day, Directory};
use anxin_server::store::SqliteStore;
use chrono::{Days, Utc};

const PEOPLE: usize = 30_000;
const DEPARTMENTS: usize = 60;
const CLASSES: usize = 1_000;
const DAYS: u64 = 14;
const RUNS: usize = 5;

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn roster() -> Vec<RosterPerson> {
    let mut people: Vec<RosterPerson> = (0..PEOPLE)
        .map(|n| {
            let class = n % CLASSES;
            // Staff: one in twenty, per department, no class.
            let staff = n % 20 == 19;
            RosterPerson {
                id: format!("P-{n:05}"),
                name: format!("学生{n}"),
                roles: [Role::Declarant].into(),
                category: Some(if staff { PersonCategory::Staff } else { PersonCategory::Student }),
                department: format!("学院{:02}", class % DEPARTMENTS),
                class_name: if staff { String::new() } else { format!("班{class:04}") },
                phone: "13800000000".into(),
                advises: Default::default(),
                scope: None,
            }
        })
        .collect();
    people.push(RosterPerson {
        id: "O-SCHOOL".into(),
        name: "校防控办".into(),
        roles: [Role::Office].into(),
        category: None,
        department: String::new(),
        class_name: String::new(),
        phone: String::new(),
        advises: Default::default(),
        scope: Some(OfficeScope::School),
    });
    people
}

/// 95 % declare each day, one in thirty abnormal; raw rows, as the push
/// writes them.
fn fill(data_dir: &std::path::Path, today: chrono::NaiveDate) {
    let mut c = rusqlite::Connection::open(data_dir.join("anxin.sqlite3")).unwrap();
    let tx = c.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO declaration_revisions (revision_id, person_id, day, number, answers,
                     correction_reason, device_time, time_flag, received_at, client_id, seq)
                 VALUES (?1, ?2, ?3, 1, ?4, NULL, ?5, NULL, ?5, ?6, ?7)",
            )
            .unwrap();
        let normal = serde_json::to_string(&answers_at(365)).unwrap();
        let fever = serde_json::to_string(&answers_at(385)).unwrap();
        let mut n = 0u64;
        for back in 0..=DAYS {
            let day = today.checked_sub_days(Days::new(back)).unwrap();
            let at = anxin_domain::report::snapshot::day_start(day) + chrono::Duration::hours(8);
            let at = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            for p in 0..PEOPLE {
                if (p + back as usize) % 20 == 0 {
                    continue;
                }
                n += 1;
                let answers = if (p + back as usize) % 30 == 1 { &fever } else { &normal };
                insert
                    .execute(rusqlite::params![
                        uuid(n),
                        format!("P-{p:05}"),
                        day.to_string(),
                        answers,
                        at,
                        uuid(p as u64),
                        n
                    ])
                    .unwrap();
            }
        }
    }
    tx.commit().unwrap();
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let data = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_in(data.path()).unwrap();
    let now = Utc::now();
    let today = local_day(now);
    // The roster exists from 20 days back: every day of the trend has a list.
    store.import_roster(&roster(), now - chrono::Duration::days(20)).unwrap();
    let start = Instant::now();
    fill(data.path(), today);
    println!(
        "filled {} people, {} classes, {} departments, {} days of declarations in {:.1} s",
        PEOPLE,
        CLASSES,
        DEPARTMENTS,
        DAYS + 1,
        start.elapsed().as_secs_f64()
    );
    let directory = Directory::default();
    let office = store.account("O-SCHOOL").unwrap().unwrap().person;
    let days: Vec<_> =
        (0..DAYS).rev().map(|b| today.checked_sub_days(Days::new(b)).unwrap()).collect();

    // First read of each day freezes its list (30,000 rows a day).
    let start = Instant::now();
    let first =
        store.report_facts_of_days(&Scope::School, &days, now, &directory).unwrap().unwrap();
    println!(
        "first read of 14 days (freezes each day's list): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(first.len(), DAYS as usize);

    let see = |p: &anxin_domain::report::PersonDay| {
        anxin_domain::access::visibility(&office, &p.expected.department, &p.expected.class_name)
    };
    let mut report_ms = Vec::new();
    let mut trend_ms = Vec::new();
    let mut read_ms = Vec::new();
    let mut baseline_ms = Vec::new();
    let mut class_ms = Vec::new();
    let mut figures = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let facts =
            store.report_facts(&Scope::School, today, Utc::now(), &directory).unwrap().unwrap();
        let report = build(facts, see);
        report_ms.push(start.elapsed());
        figures = Some((report.figures.total, report.parts.len(), report.people.len()));

        let start = Instant::now();
        let all = store
            .report_facts_of_days(&Scope::School, &days, Utc::now(), &directory)
            .unwrap()
            .unwrap();
        read_ms.push(start.elapsed());
        let trend: Vec<TrendDay> = all.iter().map(trend_day).collect();
        trend_ms.push(start.elapsed());
        assert_eq!(trend.len(), DAYS as usize);

        let start = Instant::now();
        let facts = store
            .report_facts(&Scope::Class("班0007".into()), today, Utc::now(), &directory)
            .unwrap()
            .unwrap();
        let _ = build(facts, |_| Visibility::Full);
        class_ms.push(start.elapsed());

        // Baseline: only read the day's revision rows, nothing judged.
        let c = rusqlite::Connection::open(data.path().join("anxin.sqlite3")).unwrap();
        let start = Instant::now();
        let mut statement = c
            .prepare(
                "SELECT person_id, answers, device_time FROM declaration_revisions WHERE day = ?1",
            )
            .unwrap();
        let rows = statement
            .query_map([today.to_string()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
            })
            .unwrap()
            .count();
        baseline_ms.push(start.elapsed());
        assert!(rows > 0);
    }
    let (total, parts, named) = figures.unwrap();
    println!(
        "school today: expected {}, declared {}, abnormal {}, not received {}; {} departments, {} named",
        total.expected,
        total.declared(),
        total.abnormal,
        total.missing + total.excused,
        parts,
        named
    );
    println!(
        "school report (one day, 30,000 people):      {:8.1} ms median of {RUNS}",
        median(report_ms)
    );
    println!(
        "school trend (14 days, from the raw rows):   {:8.1} ms median of {RUNS}",
        median(trend_ms)
    );
    println!("  of which reading the 14 days' rows:        {:8.1} ms", median(read_ms));
    println!(
        "one class's report:                          {:8.1} ms median of {RUNS}",
        median(class_ms)
    );
    println!(
        "baseline: read one day's revision rows only: {:8.1} ms median of {RUNS}",
        median(baseline_ms)
    );
}
