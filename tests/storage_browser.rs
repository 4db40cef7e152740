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
