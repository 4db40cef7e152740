//! The storage layer in a real browser (headless Chromium): localStorage,
//! corrupt records, quota errors.
#![cfg(target_arch = "wasm32")]

use anxin::storage::{keys, load, save, DeviceStore, KeyValueStore, LocalStore, StorageError};
use anxin_domain::Directory;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> LocalStore {
    LocalStore::open().expect("headless Chromium gives localStorage")
}

fn clear(key: &str) {
    let store = local();
    store.remove(key).unwrap();
    store.remove(&format!("{}{key}", keys::CORRUPT_PREFIX)).unwrap();
}

#[wasm_bindgen_test]
fn test_directory_round_trips_through_local_storage() {
    let key = "anxin.test.roundtrip";
    clear(key);
    let directory = Directory { app_version: "9.9.9".into(), ..Directory::default() };
    save(&local(), key, &directory).unwrap();
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(key).unwrap();
    assert!(raw.unwrap().contains("9.9.9"), "the record is really in localStorage");
    assert_eq!(load::<Directory>(&local(), key).unwrap(), Some(directory));
}

#[wasm_bindgen_test]
fn test_corrupt_json_is_reported_and_kept_aside() {
    let key = "anxin.test.corrupt";
    clear(key);
    local().write(key, "{\"hotlines\": [").unwrap();
    let err = load::<Directory>(&local(), key).unwrap_err();
    assert_eq!(err, StorageError::Corrupt { key: key.into() });
    let aside = local().read(&format!("{}{key}", keys::CORRUPT_PREFIX)).unwrap();
    assert_eq!(aside.as_deref(), Some("{\"hotlines\": ["));
    assert_eq!(load::<Directory>(&local(), key).unwrap(), None);
}

#[wasm_bindgen_test]
fn test_write_over_quota_is_quota_exceeded_and_keeps_old_value() {
    let key = "anxin.test.quota";
    clear(key);
    save(&local(), key, &"small").unwrap();
    // localStorage allows about 5 MB per origin; 12 MB of text cannot fit.
    let huge = "x".repeat(12 * 1024 * 1024);
    assert_eq!(local().write(key, &huge), Err(StorageError::QuotaExceeded));
    assert_eq!(load::<String>(&local(), key).unwrap().as_deref(), Some("small"));
}

#[wasm_bindgen_test]
fn test_device_store_uses_local_storage_when_available() {
    let key = "anxin.test.device";
    clear(key);
    assert!(DeviceStore::is_persistent());
    save(&DeviceStore, key, &42u32).unwrap();
    assert_eq!(load::<u32>(&local(), key).unwrap(), Some(42));
}

#[wasm_bindgen_test]
fn test_migration_from_version_1_layout_in_local_storage() {
    use anxin::storage::{migrate, SchemaStatus, CURRENT_SCHEMA};
    // Setup: a device as the first release left it (no schema marker).
    let store = local();
    store.remove(keys::SCHEMA).unwrap();
    store.write(keys::LANG, "\"en\"").unwrap();
    // Exec
    let status = migrate(&store).unwrap();
    // Check
    assert_eq!(status, SchemaStatus::Migrated { from: 1 });
    assert_eq!(store.read(keys::SCHEMA).unwrap(), Some(CURRENT_SCHEMA.to_string()));
    assert_eq!(load::<anxin::i18n::Lang>(&store, keys::LANG).unwrap(), Some(anxin::i18n::Lang::En));
    assert_eq!(migrate(&store).unwrap(), SchemaStatus::Current);
}

#[wasm_bindgen_test]
fn test_day_records_are_listed_newest_first_from_local_storage() {
    use anxin::storage::{DeclarationStore, StoredDay};
    use anxin_domain::revision::DayDeclaration;
    use chrono::{NaiveDate, TimeZone, Utc};

    let store = local();
    for key in store.keys_with_prefix(keys::DAY_PREFIX).unwrap() {
        store.remove(&key).unwrap();
    }
    let answers = anxin_domain::fixtures::normal_answers();
    let declarations = DeclarationStore::new(&store);
    for day in [8, 10, 9] {
        let day = NaiveDate::from_ymd_opt(2020, 2, day).unwrap();
        let filed = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let record = DayDeclaration::file("s1", day, format!("r{day}"), answers.clone(), filed);
        declarations.save_day(&StoredDay::new(record)).unwrap();
    }
    let days: Vec<String> = declarations.days().unwrap().iter().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2020-02-10", "2020-02-09", "2020-02-08"]);
    let ninth = declarations.day(NaiveDate::from_ymd_opt(2020, 2, 9).unwrap()).unwrap();
    assert_eq!(ninth.unwrap().declaration.revisions[0].id, "r2020-02-09");
}

fn grant_json(token: &str) -> String {
    use anxin_domain::account::{AccountPerson, SessionGrant};
    use anxin_domain::roster::Role;
    let grant = SessionGrant {
        token: token.into(),
        person: AccountPerson {
            id: "2020-0101".into(),
            name: "李明".into(),
            roles: [Role::Declarant].into_iter().collect(),
            category: None,
            department: "信息工程学院".into(),
            class_name: "软件2001".into(),
            advises: Default::default(),
            scope: None,
            contacts: Vec::new(),
        },
        expires_at: "2027-01-01T00:00:00Z".into(),
        password_reset: None,
    };
    serde_json::to_string(&grant).unwrap()
}

#[wasm_bindgen_test]
fn test_session_is_kept_in_local_storage_and_ending_it_keeps_the_person() {
    use anxin::storage::SessionStore;
    // Setup: signed in, as the app does with the server's answer.
    let store = local();
    store.remove(keys::SESSION_ENDED).unwrap();
    SessionStore::new(&store).save(&grant_json("tok-1")).unwrap();
    // Exec: read back as at the next start, then the server ends it.
    let read = SessionStore::new(&local()).session().unwrap().unwrap();
    let ended = SessionStore::new(&local()).end(false).unwrap().unwrap();
    // Check
    assert_eq!((read.token.as_deref(), read.person.id.as_str()), (Some("tok-1"), "2020-0101"));
    assert!(read.declares() && !read.ended());
    assert!(ended.ended());
    assert_eq!(ended.person, read.person, "the person stays: what is queued is theirs");
    let raw = store.read(keys::SESSION).unwrap().unwrap();
    assert!(raw.contains("\"expires_at\""), "the grant is kept as the server sent it");
    // Signing in again clears the end.
    SessionStore::new(&store).save(&grant_json("tok-2")).unwrap();
    let again = SessionStore::new(&store).session().unwrap().unwrap();
    assert_eq!(again.token.as_deref(), Some("tok-2"));
    store.remove(keys::SESSION).unwrap();
}

#[wasm_bindgen_test]
fn test_sign_out_wipe_leaves_only_language_and_layout_in_local_storage() {
    use anxin::storage::wipe_personal;
    // Setup: a phone in use, and a key of another app on the same origin.
    let store = local();
    for key in [
        keys::SCHEMA,
        keys::LANG,
        keys::SESSION,
        keys::SESSION_ENDED,
        keys::DIRECTORY,
        keys::DRAFT,
        keys::SYNC,
        "anxin.v1.day.2020-02-10",
        "anxin.v1.outbox.r1",
        "anxin.v1.rejected.r0",
        "anxin.corrupt.anxin.v1.day.2020-02-09",
        "another-app.setting",
    ] {
        store.write(key, "\"x\"").unwrap();
    }
    // Exec
    wipe_personal(&store).unwrap();
    // Check
    let mut left = store.keys_with_prefix("anxin.").unwrap();
    left.sort();
    assert_eq!(left, [keys::SCHEMA, keys::LANG]);
    assert_eq!(store.read("another-app.setting").unwrap().as_deref(), Some("\"x\""));
    for key in ["another-app.setting", keys::SCHEMA, keys::LANG] {
        store.remove(key).unwrap();
    }
}

#[wasm_bindgen_test]
fn test_pulled_notes_are_read_by_the_browsers_own_parser() {
    use anxin::storage::NoteKind;
    use anxin::storage::NoteStore;
    use anxin::sync::JsonText;
    use chrono::NaiveDate;

    let store = local();
    for key in store.keys_with_prefix(keys::NOTES_PREFIX).unwrap() {
        store.remove(&key).unwrap();
    }
    let day = NaiveDate::from_ymd_opt(2020, 2, 10).unwrap();
    let note = |json: &str| JsonText::from_text(json.to_owned()).unwrap();
    let notes = NoteStore::new(&store);
    let back = note(
        r#"{"send_back_id":"s1","day":"2020-02-10","revision_id":"r1","comment":"体温填错了","by_name":"张老师","at":"2020-02-10T02:45:00Z"}"#,
    );
    notes.take(NoteKind::SentBack, &back, day).unwrap();
    let sign = note(
        r#"{"reminder_id":"m2","day":"2020-02-10","kind":{"sign":{"class":"软件2001"}},"by_name":"刘主任","at":"2020-02-10T03:00:00Z"}"#,
    );
    let declare = note(
        r#"{"reminder_id":"m1","day":"2020-02-10","kind":"declare","by_name":"张老师","at":"2020-02-10T02:41:00Z"}"#,
    );
    notes.take(NoteKind::Reminder, &sign, day).unwrap();
    notes.take(NoteKind::Reminder, &declare, day).unwrap();

    let kept = notes.day(day).unwrap();
    let seen = kept.sent_back_seen();
    assert_eq!((seen[0].revision_id.as_str(), seen[0].comment.as_str()), ("r1", "体温填错了"));
    assert_eq!(seen[0].at.to_rfc3339(), "2020-02-10T02:45:00+00:00");
    let mut reminders: Vec<(bool, String)> =
        kept.reminders_seen().into_iter().map(|r| (r.to_declare, r.by_name)).collect();
    reminders.sort();
    assert_eq!(reminders, [(false, "刘主任".to_owned()), (true, "张老师".to_owned())]);
    notes.prune(day.succ_opt().unwrap()).unwrap();
    assert!(store.keys_with_prefix(keys::NOTES_PREFIX).unwrap().is_empty());
}
