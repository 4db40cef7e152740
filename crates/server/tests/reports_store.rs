//! The report's store reads against each other: a trend (days read in
//! order on two connections, each day's answers serving as the next
//! day's "yesterday") gives exactly the figures of each day read alone.

mod support;

use anxin_domain::report::view::trend_day;
use anxin_domain::report::Scope;
use anxin_domain::sync::{Change, Mutation, Outcome};
use anxin_domain::Directory;
use chrono::{Duration, Utc};
use support::reports::ROSTER;
use support::sync::{answers, school_day, uuid};

#[test]
fn test_a_trend_equals_each_day_read_alone() {
    // Setup: the roster since a week ago; four days of filings, some the
    // same as the day before, one person new on the roster two days ago.
    let data = tempfile::tempdir().unwrap();
    let store = support::store_at(data.path());
    let now = Utc::now();
    let people = anxin_server::roster_file::parse_roster_csv(ROSTER.as_bytes()).unwrap();
    let (early, late): (Vec<_>, Vec<_>) = people.into_iter().partition(|p| p.id != "S-05");
    store.import_roster(&early, now - Duration::days(7)).unwrap();
    let everyone: Vec<_> = early.iter().chain(late.iter()).cloned().collect();
    store.import_roster(&everyone, now - Duration::days(3)).unwrap();
    let directory = Directory::default();
    let mut n = 0;
    for (who, temps) in [
        ("S-01", [365, 365, 365, 365]),
        ("S-02", [365, 366, 366, 390]),
        ("S-03", [0, 365, 0, 365]),
        ("S-05", [365, 365, 366, 366]),
        ("T-01", [370, 370, 0, 0]),
    ] {
        let person = store.account(who).unwrap().unwrap().person;
        for (back, tenths) in (0..4).rev().zip(temps) {
            if tenths == 0 {
                continue;
            }
            n += 1;
            let mutation = Mutation {
                id: uuid(10_000 + n),
                seq: 1,
                device_time: now - Duration::days(back),
                change: Change::DeclarationRevision {
                    day: school_day(back),
                    revision_id: uuid(20_000 + n),
                    answers: answers(tenths),
                    correction_reason: None,
                },
            };
            let client = uuid(30_000 + n);
            let results = store.push(&person, &client, &[mutation], now, &directory).unwrap();
            assert_eq!(results[0].outcome, Outcome::Applied);
        }
    }
    let days: Vec<_> = (0..5).rev().map(school_day).collect();
    for scope in
        [Scope::School, Scope::Department("信息工程学院".into()), Scope::Class("软件2001".into())]
    {
        // Exec
        let together = store.report_facts_of_days(&scope, &days, now, &directory).unwrap().unwrap();
        // Check
        assert_eq!(together.len(), 5);
        let mut identical = 0;
        for (day, read) in days.iter().zip(&together) {
            let alone = store.report_facts(&scope, *day, now, &directory).unwrap().unwrap();
            assert_eq!(trend_day(read), trend_day(&alone), "{scope:?} {day}");
            let flags = |f: &anxin_domain::report::view::ReportFacts| {
                f.people
                    .iter()
                    .map(|p| (p.expected.person_id.clone(), p.identical))
                    .collect::<Vec<_>>()
            };
            assert_eq!(flags(read), flags(&alone), "{scope:?} {day}");
            identical += alone.people.iter().filter(|p| p.identical).count();
        }
        assert!(identical > 0, "the test has identical days to compare");
        assert!(!together[0].known || together[0].people.iter().all(|p| p.filing.is_none()));
    }
}
