//! A pull never skips a change: cursors are handed out in commit order,
//! whatever the engine. On PostgreSQL a sequence value is taken at insert,
//! not at commit — the transaction holding 10 could commit after the one
//! holding 11, and a phone that pulled past 11 would never see 10 — so the
//! store serializes its writers from before they begin until they commit.

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anxin_domain::sync::{Outcome, PulledChange};
use anxin_domain::Directory;
use anxin_server::args;
use anxin_server::store::{Engine, PostgresStore};
use chrono::Utc;
use support::sync::{revision, school_day, uuid};

const WRITERS: usize = 6;
const EACH: u64 = 40;

/// One person's six phones file at once while a seventh pulls after its
/// cursor over and over: the puller sees every change, once.
#[test]
fn test_a_pull_beside_concurrent_writers_never_skips_a_change() {
    let data = tempfile::tempdir().unwrap();
    support::prepare_data(data.path());
    let person = support::sync::PERSON;
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let store = support::store_at(data.path());
            std::thread::spawn(move || {
                let actor = store.account(person).unwrap().unwrap().person;
                let client = uuid(80_000 + w as u64);
                for seq in 1..=EACH {
                    let n = 1_000_000 * (w as u64 + 1) + seq;
                    // The 14 days a declaration may be for, filed and then
                    // corrected again and again.
                    let day = school_day((w as u64 * EACH + seq) as i64 % 14);
                    let mutation = revision(seq, n, day, 366, Some("measured again"));
                    let at = Utc::now();
                    let results =
                        store.push(&actor, &client, &[mutation], at, &Directory::default());
                    assert_eq!(results.unwrap()[0].outcome, Outcome::Applied);
                }
            })
        })
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let puller = {
        let store = support::store_at(data.path());
        let done = done.clone();
        std::thread::spawn(move || {
            let (mut cursor, mut seen) = (0u64, Vec::new());
            loop {
                let finished = done.load(Ordering::SeqCst);
                let page = store.pull(person, cursor, 50).unwrap();
                for (at, change) in page.changes {
                    assert!(at > cursor, "cursors only grow");
                    if let PulledChange::DeclarationRevision(r) = change {
                        seen.push(r.revision_id);
                    }
                    cursor = at;
                }
                if finished && !page.more {
                    return seen;
                }
            }
        })
    };
    for writer in writers {
        writer.join().unwrap();
    }
    done.store(true, Ordering::SeqCst);
    let seen = puller.join().unwrap();
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a change pulled twice");
    assert_eq!(seen.len(), WRITERS * EACH as usize, "a change the pull skipped");
}

/// Two writers on PostgreSQL: while the first is open (its change log row
/// written, not committed), the second does not begin, so it cannot take
/// a cursor and commit before it.
#[test]
fn test_on_postgres_a_writer_waits_until_the_one_before_commits() {
    let data = tempfile::tempdir().unwrap();
    let Some(url) = support::database::database_url(data.path()) else {
        eprintln!("skipped: this test runs on PostgreSQL (ANXIN_TEST_BACKEND=postgres)");
        return;
    };
    let first = PostgresStore::open(&url).unwrap();
    let second = PostgresStore::open(&url).unwrap();
    let append = "INSERT INTO change_log (person_id, kind, body) VALUES ('p', 'k', '{}')
                  RETURNING cursor";
    let (opened, open) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let began = Arc::new(AtomicBool::new(false));
    let released = std::sync::Mutex::new(released);
    let holder = std::thread::spawn(move || {
        first
            .write(|tx| {
                let cursor: i64 = tx.query_one(append, args![])?.get(0)?;
                opened.send(()).unwrap();
                released.lock().unwrap().recv().unwrap();
                Ok(cursor)
            })
            .unwrap()
    });
    open.recv().unwrap();
    let waiter = {
        let began = began.clone();
        std::thread::spawn(move || {
            second
                .write(|tx| {
                    began.store(true, Ordering::SeqCst);
                    tx.query_one(append, args![])?.get::<i64>(0)
                })
                .unwrap()
        })
    };
    // However long the first stays open, the second has not begun.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!began.load(Ordering::SeqCst), "a second writer began beside an open one");
    release.send(()).unwrap();
    let (a, b) = (holder.join().unwrap(), waiter.join().unwrap());
    assert!(b > a, "the later commit has the later cursor ({a}, {b})");
}

/// A declaration's log entry names its revision rather than keeping a
/// second copy: pulled, it is the revision as stored. An entry written
/// before (its body the whole revision) still pulls the same.
#[test]
fn test_a_declaration_is_pulled_from_its_revision_and_an_older_entry_from_its_body() {
    let data = tempfile::tempdir().unwrap();
    support::prepare_data(data.path());
    let person = support::sync::PERSON;
    let store = support::store_at(data.path());
    let actor = store.account(person).unwrap().unwrap().person;
    let mutation = revision(1, 7, school_day(1), 366, None);
    let pushed = store.push(&actor, &uuid(90_000), &[mutation], Utc::now(), &Directory::default());
    assert_eq!(pushed.unwrap()[0].outcome, Outcome::Applied);
    let stored = store.declarations_of(person).unwrap().remove(0);
    let older = serde_json::to_string(&PulledChange::DeclarationRevision(stored.clone())).unwrap();
    let bodies: Vec<String> = support::database::with_sql(data.path(), |tx| {
        tx.execute(
            "INSERT INTO change_log (person_id, kind, body) VALUES (?1, 'declaration_revision', ?2)",
            args![person, &older],
        )?;
        let rows = tx.query("SELECT body FROM change_log ORDER BY cursor", args![])?;
        rows.iter().map(|row| row.get(0)).collect()
    });
    assert_eq!(bodies, ["", older.as_str()], "the new entry keeps no copy");
    let pulled: Vec<PulledChange> =
        store.pull(person, 0, 50).unwrap().changes.into_iter().map(|(_, c)| c).collect();
    let expected = PulledChange::DeclarationRevision(stored);
    assert_eq!(pulled, [expected.clone(), expected]);
}
