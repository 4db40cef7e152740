//! A phone's storage failing under the app, in a real browser (headless
//! Chromium) on its real localStorage: full (the browser's own
//! QuotaExceededError, not a stand-in), and a record turned to garbage.
//! Whatever fails, nothing is half-written: a declaration, a booking
//! request or a cancellation is stored and queued together, or neither.
//!
//! Each test starts from an empty localStorage (this file's page is its
//! own) and fills it with filler keys until not one more character fits.
#![cfg(target_arch = "wasm32")]

use anxin::account::provide_account;
use anxin::declaring::{device_now, provide_declaring, school_now, Declaring};
use anxin::school_clock::provide_school_clock;
use anxin::state::{provide_storage_status, Connectivity, StorageStatus};
use anxin::storage::{
    keys, BookingStore, DeclarationStore, KeyValueStore, LocalStore, OutboxStore, SessionStore,
    StorageError, StoredDay, StoredDraft,
};
use anxin::sync::SyncEngine;
use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::my_bookings::{BookingRecord, LocalCancel};
use anxin_domain::declaration::DeclarationDraft;
use anxin_domain::delivery::Delivery;
use anxin_domain::revision::DayDeclaration;
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PERSON: &str = "2020-0101";
/// The filler key freed to leave room for exactly one record.
const RESERVE: &str = "filler.reserve";
/// Room left beyond the record the test makes room for: far less than any
/// queued change (a few hundred characters), more than the few characters
/// a record's timestamps may vary by.
const SLACK: usize = 24;

fn raw() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn local() -> LocalStore {
    LocalStore::open().expect("headless Chromium gives localStorage")
}

/// Fills localStorage with filler keys, halving the filler's size each
/// time the browser refuses, until a one-character filler is refused too.
/// With `reserve`, a filler of that many characters is written first, for
/// [`free_reserve`] to free afterwards.
fn fill(reserve: usize) -> Vec<String> {
    let storage = raw();
    let mut fillers = Vec::new();
    if reserve > 0 {
        storage.set_item(RESERVE, &"x".repeat(reserve)).expect("the reserve fits");
    }
    let mut size = 1 << 20;
    let mut n = 0;
    loop {
        let key = format!("filler.{n}");
        match storage.set_item(&key, &"x".repeat(size)) {
            Ok(()) => {
                fillers.push(key);
                n += 1;
            }
            Err(err) => {
                let name =
                    wasm_bindgen::JsCast::dyn_ref::<web_sys::DomException>(&err).map(|e| e.name());
                assert_eq!(
                    name.as_deref(),
                    Some("QuotaExceededError"),
                    "the browser's own refusal"
                );
                if size == 1 {
                    break;
                }
                size /= 2;
            }
        }
    }
    assert!(fillers.len() > 10, "localStorage really filled up");
    assert!(storage.set_item("filler.more", "x").is_err(), "not one more character fits");
    fillers
}

/// Frees the reserve: room for about `reserve` characters (key and value).
fn free_reserve() {
    raw().remove_item(RESERVE).unwrap();
}

fn free(fillers: &[String]) {
    let storage = raw();
    for key in fillers {
        storage.remove_item(key).unwrap();
    }
    let _ = storage.remove_item(RESERVE);
}

/// The reserve that leaves room for a record of `chars` characters
/// (key and value) and [`SLACK`] more. Every record here is ASCII: the
/// browser counts each character alike.
fn reserve_for(chars: usize) -> usize {
    chars + SLACK - RESERVE.len()
}

fn grant_json() -> String {
    use anxin_domain::account::{AccountPerson, SessionGrant};
    use anxin_domain::roster::Role;
    let grant = SessionGrant {
        token: "tok-faults".into(),
        person: AccountPerson {
            id: PERSON.into(),
            name: "Li Ming".into(),
            roles: [Role::Declarant].into_iter().collect(),
            category: None,
            department: "Information Engineering".into(),
            class_name: "Software 2001".into(),
            advises: Default::default(),
            scope: None,
            contacts: Vec::new(),
        },
        expires_at: "2027-01-01T00:00:00Z".into(),
        password_reset: None,
    };
    serde_json::to_string(&grant).unwrap()
}

/// An empty localStorage with a declarant's session, ended by the server:
/// the records are the person's, and nothing is sent (no server here).
fn fresh_phone() {
    raw().clear().unwrap();
    let store = local();
    let sessions = SessionStore::new(&store);
    sessions.save(&grant_json()).unwrap();
    sessions.end(false).unwrap();
}

struct App {
    /// Holds the app's reactive state alive for the test.
    _owner: Owner,
    declaring: Declaring,
    sync: SyncEngine,
    status: StorageStatus,
}

/// The app's state as it starts on the phone, offline.
fn start_app() -> App {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let status = provide_storage_status();
    let account = provide_account();
    let (online, _) = signal(false);
    let connectivity = Connectivity { online };
    provide_school_clock();
    let declaring = provide_declaring(connectivity, account);
    let sync = expect_context::<SyncEngine>();
    App { _owner: owner, declaring, sync, status }
}

/// Today's form, fully answered, as the form keeps it while typed.
fn typed_draft(remarks: &str) -> StoredDraft {
    let (day, local_now) = school_now();
    let mut answers = anxin_domain::fixtures::normal_answers();
    answers.remarks = remarks.into();
    let mut draft = DeclarationDraft::for_correction(&answers);
    draft.measured_at = anxin_domain::clock_text::hh_mm(&local_now);
    StoredDraft { day, draft, correcting: false }
}

/// The length (key and value) of the day record a submit of `draft` writes.
fn day_record_chars(draft: &StoredDraft) -> usize {
    let (_, local_now) = school_now();
    let answers = draft.draft.validate(local_now).expect("the typed draft is valid");
    let id = "00000000-0000-4000-8000-000000000000";
    let day = StoredDay::new(DayDeclaration::file(PERSON, draft.day, id, answers, device_now()));
    let json = serde_json::to_string(&day).unwrap();
    assert!(json.is_ascii());
    format!("{}{}", keys::DAY_PREFIX, draft.day).len() + json.len()
}

/// What a submit may touch, as stored: today's record, the outbox, the draft.
fn declaration_state(day: NaiveDate) -> (Option<String>, Vec<String>, Option<String>) {
    let store = local();
    let mut outbox = store.keys_with_prefix(keys::OUTBOX_PREFIX).unwrap();
    outbox.sort();
    (
        store.read(&format!("{}{day}", keys::DAY_PREFIX)).unwrap(),
        outbox,
        store.read(keys::DRAFT).unwrap(),
    )
}

/// Submits as the form's button does.
fn submit(app: &App) {
    app.declaring.submit();
}

/// After the storage is freed: the same submit files and queues the day.
fn assert_filed_and_queued(app: &App, draft: &StoredDraft) {
    let store = local();
    let stored = DeclarationStore::new(&store).day(draft.day).unwrap().expect("today is stored");
    let revision = stored.declaration.current();
    assert_eq!(revision.answers.remarks, draft.draft.remarks, "what was typed is filed");
    assert_eq!(stored.current_delivery(), Delivery::SavedOnDevice);
    let queued = OutboxStore::new(&store).queued().unwrap();
    let ids: Vec<&str> = queued.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [revision.id.as_str()], "its one change is queued");
    assert_eq!(store.read(keys::DRAFT).unwrap(), None, "the draft is done with");
    assert_eq!(app.status.last_error.get_untracked(), None);
    assert_eq!(app.sync.pending.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn test_a_declaration_on_a_full_phone_is_refused_whole_then_saved_once_freed() {
    // Setup: a typed form, then a phone with no room left at all.
    fresh_phone();
    let draft = typed_draft("full phone");
    DeclarationStore::new(&local()).save_draft(&draft).unwrap();
    let app = start_app();
    let fillers = fill(0);
    let before = declaration_state(draft.day);
    // Exec
    submit(&app);
    // Check: told that storage is full, nothing changed, the form kept.
    assert_eq!(app.status.last_error.get_untracked(), Some(StorageError::QuotaExceeded));
    assert_eq!(declaration_state(draft.day), before);
    assert_eq!(before.0, None);
    assert!(before.2.is_some(), "the draft as typed is still stored");
    assert_eq!(app.declaring.draft.get_untracked(), draft, "the form keeps what was typed");
    assert_eq!(app.sync.pending.get_untracked(), 0);
    // Exec: space freed, the same button again.
    free(&fillers);
    submit(&app);
    assert_filed_and_queued(&app, &draft);
}

#[wasm_bindgen_test]
fn test_a_declaration_stored_but_not_queued_is_taken_back() {
    // Setup: room for today's record, not for its queued change.
    fresh_phone();
    let draft = typed_draft("room for the day only");
    DeclarationStore::new(&local()).save_draft(&draft).unwrap();
    let app = start_app();
    let fillers = fill(reserve_for(day_record_chars(&draft)));
    free_reserve();
    let before = declaration_state(draft.day);
    // Exec
    submit(&app);
    // Check: the day written a moment ago is taken back with the draft kept.
    assert_eq!(app.status.last_error.get_untracked(), Some(StorageError::QuotaExceeded));
    assert_eq!(declaration_state(draft.day), before, "nothing half-written");
    assert_eq!(app.declaring.draft.get_untracked(), draft);
    assert_eq!(app.sync.pending.get_untracked(), 0);
    // Exec: freed, again.
    free(&fillers);
    submit(&app);
    assert_filed_and_queued(&app, &draft);
}

fn booking_request(id: &str) -> BookingRequest {
    let (_, local_now) = school_now();
    BookingRequest {
        booking_id: id.into(),
        wanted: Wanted::FirstAvailable { from: local_now, mode: None },
        topic: "exam stress".into(),
        phone: "13800000001".into(),
        anonymous: false,
        urgency: Urgency::Routine,
        replaces: None,
    }
}

fn booking_key(id: &str) -> String {
    format!("{}{id}", keys::BOOKING_PREFIX)
}

fn outbox_keys() -> Vec<String> {
    let mut keys = local().keys_with_prefix(keys::OUTBOX_PREFIX).unwrap();
    keys.sort();
    keys
}

#[wasm_bindgen_test]
fn test_a_booking_request_on_a_full_phone_leaves_nothing_behind() {
    let id = "6f1c2b9e-0c53-4d0e-9a51-2f3f7f6f0001";
    fresh_phone();
    let app = start_app();
    let record = BookingRecord::new(booking_request(id), device_now());
    let json = serde_json::to_string(&record).unwrap();
    assert!(json.is_ascii());
    for reserve in [0, reserve_for(booking_key(id).len() + json.len())] {
        // Setup: no room at all; then room for the booking, not its change.
        let fillers = fill(reserve);
        if reserve > 0 {
            free_reserve();
        }
        // Exec
        let result = app.sync.request_booking(booking_request(id));
        // Check
        assert_eq!(result, Err(StorageError::QuotaExceeded), "reserve {reserve}");
        assert_eq!(local().read(&booking_key(id)).unwrap(), None, "no booking left behind");
        assert!(outbox_keys().is_empty(), "no change left behind");
        assert_eq!(app.sync.pending.get_untracked(), 0);
        free(&fillers);
    }
    // Freed: the same request is stored and queued.
    app.sync.request_booking(booking_request(id)).unwrap();
    assert_eq!(BookingStore::new(&local()).get(id).unwrap().unwrap().request.booking_id, id);
    assert_eq!(outbox_keys(), [format!("{}{id}", keys::OUTBOX_PREFIX)]);
}

#[wasm_bindgen_test]
fn test_a_cancellation_on_a_full_phone_leaves_the_booking_as_it_was() {
    let id = "6f1c2b9e-0c53-4d0e-9a51-2f3f7f6f0002";
    let reason = "the exam moved to that morning";
    fresh_phone();
    let app = start_app();
    let mut record = BookingRecord::new(booking_request(id), device_now());
    record.delivery = Delivery::Delivered;
    BookingStore::new(&local()).save(&record).unwrap();
    let stored_before = local().read(&booking_key(id)).unwrap().unwrap();
    let mut cancelled = record.clone();
    cancelled.cancel =
        Some(LocalCancel { reason: reason.into(), delivery: Delivery::SavedOnDevice });
    let grown = serde_json::to_string(&cancelled).unwrap().len() - stored_before.len();
    assert!(stored_before.is_ascii());
    for reserve in [0, reserve_for(grown)] {
        // Setup: no room at all; then room for the cancelled booking only.
        let fillers = fill(reserve);
        if reserve > 0 {
            free_reserve();
        }
        // Exec
        let result = app.sync.cancel_booking(id, reason);
        // Check
        assert_eq!(result, Err(StorageError::QuotaExceeded), "reserve {reserve}");
        assert_eq!(
            local().read(&booking_key(id)).unwrap().as_deref(),
            Some(stored_before.as_str()),
            "the booking stands as it was"
        );
        assert!(outbox_keys().is_empty(), "no change left behind");
        free(&fillers);
    }
    // Freed: the cancellation is stored and queued.
    app.sync.cancel_booking(id, reason).unwrap();
    let now = BookingStore::new(&local()).get(id).unwrap().unwrap();
    assert_eq!(now.cancel.map(|c| c.reason).as_deref(), Some(reason));
    assert_eq!(outbox_keys().len(), 1);
}

#[wasm_bindgen_test]
fn test_garbage_records_are_set_aside_and_the_rest_still_works() {
    // Setup: yesterday's record and one booking's turned to garbage, next
    // to a readable day and a readable booking.
    fresh_phone();
    let (today, _) = school_now();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    let earlier = today.checked_sub_days(Days::new(2)).unwrap();
    let store = local();
    let answers = anxin_domain::fixtures::normal_answers();
    let filed = DayDeclaration::file(PERSON, earlier, "r-earlier", answers, device_now());
    DeclarationStore::new(&store).save_day(&StoredDay::new(filed)).unwrap();
    let bad_day = format!("{}{yesterday}", keys::DAY_PREFIX);
    store.write(&bad_day, "{\"declaration\":{\"person_id\":\"2020-01").unwrap();
    let good = "6f1c2b9e-0c53-4d0e-9a51-2f3f7f6f0003";
    BookingStore::new(&store)
        .save(&BookingRecord::new(booking_request(good), device_now()))
        .unwrap();
    let bad_booking = booking_key("6f1c2b9e-0c53-4d0e-9a51-2f3f7f6f0004");
    store.write(&bad_booking, "\u{0}\u{fffd}garbage").unwrap();

    // Exec / Check: the stores read what they can and keep the rest aside.
    let days = DeclarationStore::new(&store);
    assert_eq!(days.day(yesterday), Err(StorageError::Corrupt { key: bad_day.clone() }));
    let aside = |key: &str| store.read(&format!("{}{key}", keys::CORRUPT_PREFIX)).unwrap();
    assert_eq!(aside(&bad_day).as_deref(), Some("{\"declaration\":{\"person_id\":\"2020-01"));
    assert_eq!(store.read(&bad_day).unwrap(), None);
    assert_eq!(days.day(earlier).unwrap().unwrap().declaration.revisions[0].id, "r-earlier");
    let bookings = BookingStore::new(&store).all().unwrap();
    let ids: Vec<&str> = bookings.iter().map(|b| b.id()).collect();
    assert_eq!(ids, [good]);
    assert_eq!(aside(&bad_booking).as_deref(), Some("\u{0}\u{fffd}garbage"));
    assert_eq!(store.read(&bad_booking).unwrap(), None);

    // Exec: the app starts and today's declaration is filed.
    let draft = typed_draft("after garbage");
    DeclarationStore::new(&store).save_draft(&draft).unwrap();
    let app = start_app();
    submit(&app);
    // Check
    assert_filed_and_queued(&app, &draft);
    assert_eq!(days.days().unwrap(), [today, earlier]);
    assert!(aside(&bad_day).is_some() && aside(&bad_booking).is_some(), "kept for export");
}

#[wasm_bindgen_test]
fn test_records_are_stored_as_their_json_text_and_garbage_as_it_is() {
    // The layout the first releases wrote, unchanged by the store's library.
    raw().clear().unwrap();
    let draft = typed_draft("layout");
    DeclarationStore::new(&local()).save_draft(&draft).unwrap();
    let stored = raw().get_item(keys::DRAFT).unwrap().unwrap();
    assert_eq!(stored, serde_json::to_string(&draft).unwrap());
    local().write("anxin.test.text", "not json {").unwrap();
    assert_eq!(raw().get_item("anxin.test.text").unwrap().as_deref(), Some("not json {"));
    raw().clear().unwrap();
}
