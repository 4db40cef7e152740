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
