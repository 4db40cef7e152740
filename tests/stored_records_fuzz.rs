//! The records the app keeps on the phone, fuzzed natively on the
//! in-memory store (the same `KeyValueStore` trait as the browser's): a
//! phone's records with some of them replaced by bytes that are not what
//! was stored (cut short, edited, any text, JSON of the wrong shape), and
//! records of their own under the app's keys. Every store then reads:
//! nothing panics, what does not read is set aside under
//! `anxin.corrupt.<key>` exactly as it was, the records left alone read as
//! they were saved, and a second read finds nothing wrong.
//!
//! `ANXIN_FUZZ_CASES` cases (200 unless it says); `decided` counts the
//! cases in which a record was found unreadable and set aside.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};

use anxin::storage::{
    keys, load, BookingStore, DeclarationStore, GateStorage, KeyValueStore, MemoryStore, NoteStore,
    OutboxStore, PassStore, QueuedMutation, ReturnStore, SessionStore, StoredDay, SyncMeta,
    VisitorNotes,
};
use anxin::sync::wire::DeviceChange;
use anxin_domain::counselling::my_bookings::BookingRecord;
use anxin_domain::counselling::AppointmentStatus;
use anxin_domain::fixtures::{my_booking, normal_answers};
use anxin_domain::revision::DayDeclaration;
use anxin_domain::Directory;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + Duration::days(n)
}

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A phone's records: three days, three bookings, three changes waiting,
/// the sync state. Each key with the text it was saved as.
fn phone() -> (MemoryStore, Vec<(String, String)>) {
    let store = MemoryStore::default();
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 0, 30, 0).unwrap();
    let days = DeclarationStore::new(&store);
    for n in 0..3 {
        let declaration =
            DayDeclaration::file("2020-0101", day(n), uuid(n as u64), normal_answers(), at);
        days.save_day(&StoredDay::new(declaration)).unwrap();
    }
    let bookings = BookingStore::new(&store);
    for n in 0..3 {
        let booking = my_booking(&uuid(100 + n), AppointmentStatus::Confirmed, None);
        bookings.save(&BookingRecord::from_server(booking)).unwrap();
    }
    let outbox = OutboxStore::new(&store);
    for n in 0..3 {
        outbox
            .queue(&QueuedMutation {
                id: uuid(200 + n),
                seq: (n > 0).then_some(n),
                device_time: at,
                change: DeviceChange::DeclarationRevision {
                    day: day(n as i64),
                    revision_id: uuid(300 + n),
                    answers: normal_answers(),
                    correction_reason: None,
                },
            })
            .unwrap();
    }
    let meta = SyncMeta {
        client_id: Some(uuid(400)),
        person_id: Some("2020-0101".into()),
        next_seq: 3,
        cursor: 41,
        last_sync: Some(at),
    };
    outbox.save_meta(&meta).unwrap();
    let mut saved: Vec<(String, String)> = store
        .keys_with_prefix(keys::ALL_PREFIX)
        .unwrap()
        .into_iter()
        .map(|key| {
            let text = store.read(&key).unwrap().unwrap();
            (key, text)
        })
        .collect();
    saved.sort();
    (store, saved)
}

/// Where a bad record goes: over a record of the phone, or under a key of
/// the app's that held nothing.
#[derive(Debug, Clone)]
enum Place {
    Saved(usize),
    Key(usize, String),
}

/// Keys the app reads that the phone above did not write (the suffix is
/// the fuzzer's, for the families of keys).
const OTHER_KEYS: [&str; 14] = [
    keys::SESSION,
    keys::SESSION_ENDED,
    keys::PASS,
    keys::SCHEDULE,
    keys::DRAFT,
    keys::DIRECTORY,
    keys::RETURN,
    keys::GATE,
    keys::GATE_SEEN,
    keys::DAY_PREFIX,
    keys::BOOKING_PREFIX,
    keys::OUTBOX_PREFIX,
    keys::VISITOR_PREFIX,
    keys::NOTES_PREFIX,
];

/// What is written there.
#[derive(Debug, Clone)]
enum Bad {
    /// The record there (or the first of the phone's) cut short.
    Cut(usize),
    /// ... with a byte changed.
    Byte(usize, u8),
    /// ... with its first value of a kind replaced.
    Swap(usize, &'static str),
    Text(String),
    Json(&'static str),
    Huge(usize),
}

const JSON: [&str; 9] =
    ["null", "{}", "[]", "0", "\"\"", "true", "{\"a\":1}", "[[[[[[[[[[1]]]]]]]]]]", "-1e400"];
const SWAPS: [&str; 6] = ["null", "-1", "\"\"", "18446744073709551616", "[]", "\"2026-02-30\""];

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        3 => any::<usize>().prop_map(Place::Saved),
        2 => (any::<usize>(), prop_oneof![Just(String::new()), "[0-9a-f-]{1,36}", any::<String>()])
            .prop_map(|(k, s)| Place::Key(k, s)),
    ]
}

fn bad() -> impl Strategy<Value = Bad> {
    prop_oneof![
        3 => any::<usize>().prop_map(Bad::Cut),
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Bad::Byte(at, b)),
        3 => (any::<usize>(), prop::sample::select(SWAPS.to_vec())).prop_map(|(at, s)| Bad::Swap(at, s)),
        2 => any::<String>().prop_map(Bad::Text),
        2 => prop::sample::select(JSON.to_vec()).prop_map(Bad::Json),
        1 => (1usize..300_000).prop_map(Bad::Huge),
    ]
}

impl Bad {
    /// The text written, from the text saved there (or near).
    fn text(&self, saved: &str) -> String {
        let cut_at = |n: usize| {
            let mut at = n % saved.len().max(1);
            while !saved.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        match self {
            Bad::Cut(n) => saved[..cut_at(*n)].to_owned(),
            Bad::Byte(n, byte) => {
                let mut bytes = saved.as_bytes().to_vec();
                if !bytes.is_empty() {
                    let at = n % bytes.len();
                    bytes[at] = *byte;
                }
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Bad::Swap(n, with) => swap_value(saved, *n, with),
            Bad::Text(text) => text.clone(),
            Bad::Json(json) => (*json).to_owned(),
            Bad::Huge(n) => "字".repeat(*n),
        }
    }
}

/// `saved` with its `n`-th value after a `:` replaced by `with`.
fn swap_value(saved: &str, n: usize, with: &str) -> String {
    let colons: Vec<usize> = saved.match_indices("\":").map(|(i, _)| i + 2).collect();
    let Some(&start) = colons.get(n % colons.len().max(1)) else { return with.to_owned() };
    let rest = &saved[start..];
    let end = rest.find([',', '}']).map_or(saved.len(), |e| start + e);
    format!("{}{with}{}", &saved[..start], &saved[end..])
}

/// Reads every record through every store; `Err` names each read that
/// failed.
fn read_all(store: &dyn KeyValueStore) -> Result<(), String> {
    let mut failed = Vec::new();
    let mut note = |what: &str, result: anxin::storage::Result<()>| {
        if let Err(err) = result {
            failed.push(format!("{what}: {err}"));
        }
    };
    let days = DeclarationStore::new(store);
    match days.days() {
        Ok(list) => {
            for d in list {
                note("a day", days.day(d).map(drop));
            }
        }
        Err(err) => note("days", Err(err)),
    }
    note("draft", days.draft().map(drop));
    let bookings = BookingStore::new(store);
    note("bookings", bookings.all().map(drop));
    note("schedule", bookings.schedule().map(drop));
    let outbox = OutboxStore::new(store);
    note("outbox", outbox.queued().map(drop));
    note("sync meta", outbox.meta().map(drop));
    note("rejected", outbox.rejected().map(drop));
    let session = SessionStore::new(store);
    note("session", session.session().map(drop));
    note("oversight", session.oversight().map(drop));
    note("pass", PassStore::new(store).get().map(drop));
    note("return", ReturnStore::new(store).get().map(drop));
    let gate = GateStorage::new(store);
    note("gate", gate.settings().map(drop));
    note("gate seen", gate.seen(day(0)).map(drop));
    note("visitors", VisitorNotes::new(store).all().map(drop));
    note("notes", NoteStore::new(store).day(day(0)).map(drop));
    note("directory", load::<Directory>(store, keys::DIRECTORY).map(drop));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// `Ok(true)` when a record was set aside.
fn case(places: Vec<(Place, Bad)>) -> Result<bool, String> {
    let (store, saved) = phone();
    let mut written: Vec<(String, String)> = Vec::new();
    for (place, bad) in &places {
        let (key, before) = match place {
            Place::Saved(i) => saved[i % saved.len()].clone(),
            Place::Key(k, suffix) => {
                let key = OTHER_KEYS[k % OTHER_KEYS.len()];
                let key =
                    if key.ends_with('.') { format!("{key}{suffix}") } else { key.to_owned() };
                (key, saved[0].1.clone())
            }
        };
        let text = bad.text(&before);
        store.write(&key, &text).unwrap();
        written.retain(|(k, _)| *k != key);
        written.push((key, text));
    }
    // The first read may find what is wrong (and set it aside) ...
    let _ = read_all(&store);
    // ... the second finds nothing.
    read_all(&store).map_err(|why| format!("a second read still fails: {why}"))?;
    let mut set_aside = false;
    for (key, text) in &written {
        let aside = store.read(&format!("{}{key}", keys::CORRUPT_PREFIX)).unwrap();
        match store.read(key).unwrap() {
            // Still there as written: it read (or no store reads it).
            Some(kept) if kept == *text => {}
            None if aside.as_deref() == Some(text.as_str()) => set_aside = true,
            other => {
                return Err(format!("{key}: neither kept nor set aside as written: {other:?}"))
            }
        }
    }
    for (key, text) in &saved {
        if written.iter().any(|(k, _)| k == key) {
            continue;
        }
        if store.read(key).unwrap().as_deref() != Some(text.as_str()) {
            return Err(format!("{key}, left alone, changed or went"));
        }
    }
    Ok(set_aside)
}

#[test]
fn fuzz_stored_records() {
    let cases = match std::env::var("ANXIN_FUZZ_CASES") {
        Ok(text) => text.trim().parse().expect("ANXIN_FUZZ_CASES is a whole number"),
        Err(_) => 200,
    };
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let (ran, decided, panics) =
        (std::cell::Cell::new(0u64), std::cell::Cell::new(0u64), std::cell::Cell::new(0u64));
    let result = TestRunner::new(config).run(&vec((place(), bad()), 1..5), |places| {
        ran.set(ran.get() + 1);
        match catch_unwind(AssertUnwindSafe(|| case(places))) {
            Ok(Ok(set_aside)) => {
                if set_aside {
                    decided.set(decided.get() + 1);
                }
                Ok(())
            }
            Ok(Err(why)) => Err(TestCaseError::fail(why)),
            Err(_) => {
                panics.set(panics.get() + 1);
                Err(TestCaseError::fail("panicked"))
            }
        }
    });
    println!(
        "fuzz target=stored_records cases={} decided={} panics={} 5xx=0",
        ran.get(),
        decided.get(),
        panics.get()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, input)) => {
            panic!("stored_records: {why}\nsmallest failing input: {input:#?}")
        }
        Err(TestError::Abort(why)) => panic!("stored_records: aborted: {why}"),
    }
}
