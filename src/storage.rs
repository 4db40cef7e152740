//! The only code that touches browser storage.
//!
//! Everything goes through [`KeyValueStore`], so the app can fall back to
//! memory where storage is disabled (some in-app browsers, private modes)
//! and tests can exercise the rules on any store. Keys carry a schema
//! version (`anxin.v1.…`); one record per key.
//!
//! A stored value that no longer parses is never thrown away: it is moved
//! to `anxin.corrupt.<key>` (kept for export) and reported as
//! [`StorageError::Corrupt`].

mod bookings;
mod declarations;
mod gate;
mod notes;
mod outbox;
mod pass;
mod persistence;
mod reports;
mod returns;
mod schema;
mod session;
mod visitors;
mod waitlist;

use crate::sync::Refused;
pub use bookings::{BookingStore, StoredSchedule};
pub use declarations::{DeclarationStore, StoredDay, StoredDraft};
pub use gate::{GateListMeta, GateSettings, GateStorage, Seen};
pub use notes::{DayNotes, NoteKind, NoteStore, ReminderSeen, SentBackSeen};
pub use outbox::{OutboxStore, QueuedMutation, SyncMeta, UndeliveredExport};
pub use pass::{PassStore, StoredPass};
pub use persistence::{human_bytes, request_persistence, storage_report, StorageReport};
pub use reports::{ActionRecord, ActionStore, ReportCache, StoredReport};
pub use returns::{ReturnStore, StoredReturn};
pub use schema::{migrate, SchemaStatus, CURRENT_SCHEMA};
pub use session::{wipe_personal, Oversight, SessionStore, StoredSession};
pub use visitors::VisitorNotes;
pub use waitlist::WaitlistNote;

use std::cell::RefCell;
use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

/// Storage keys, versioned so that a new layout can migrate from the old.
pub mod keys {
    /// The layout version of everything below (see `schema`).
    pub const SCHEMA: &str = "anxin.schema";
    pub const LANG: &str = "anxin.v1.lang";
    pub const DIRECTORY: &str = "anxin.v1.directory";
    /// The signed-in account: the server's grant (token, person, expiry).
    pub const SESSION: &str = "anxin.v1.session";
    /// Present once the server ended the session (expired, revoked):
    /// `password_reset` when someone else reset the password.
    pub const SESSION_ENDED: &str = "anxin.v1.session_ended";
    /// When the last password reset this device has told of happened (so
    /// that it is told once here).
    pub const RESET_SEEN: &str = "anxin.v1.reset_seen";
    /// Present once anyone signed in on this device (nothing personal:
    /// kept by sign-out): its sign-in form then leads with the password,
    /// a new phone's with the one-time code.
    pub const SIGNED_IN_HERE: &str = "anxin.v1.signed_in_here";
    pub const DRAFT: &str = "anxin.v1.draft";
    /// One record per school day: `anxin.v1.day.2020-02-10`.
    pub const DAY_PREFIX: &str = "anxin.v1.day.";
    /// One record per counselling booking: `anxin.v1.booking.<id>`.
    pub const BOOKING_PREFIX: &str = "anxin.v1.booking.";
    /// The counselling centre's schedule, as last fetched.
    pub const SCHEDULE: &str = "anxin.v1.schedule";
    /// One record per change not yet delivered: `anxin.v1.outbox.<id>`.
    pub const OUTBOX_PREFIX: &str = "anxin.v1.outbox.";
    /// Changes the server refused, kept for export.
    pub const REJECTED_PREFIX: &str = "anxin.v1.rejected.";
    /// One record per note pulled (sent back, reminders):
    /// `anxin.v1.notes.2020-02-10.sent_back.0`.
    pub const NOTES_PREFIX: &str = "anxin.v1.notes.";
    /// One record per report action made here: `anxin.v1.action.<id>`
    /// (its delivery is the outbox's and the refused records').
    pub const ACTION_PREFIX: &str = "anxin.v1.action.";
    /// The last report fetched of each scope overseen:
    /// `anxin.v1.report.class-软件2001`.
    pub const REPORT_PREFIX: &str = "anxin.v1.report.";
    /// The latest pulled state of each visitor the person hosts:
    /// `anxin.v1.visitor.<visitor id>`.
    pub const VISITOR_PREFIX: &str = "anxin.v1.visitor.";
    /// Client id, sequence counter, pull cursor, last sync.
    pub const SYNC: &str = "anxin.v1.sync";
    /// Today's daily pass, as the last sync brought it.
    pub const PASS: &str = "anxin.v1.pass";
    /// A guard's phone: the gate it stands at, the latest server time seen.
    pub const GATE: &str = "anxin.v1.gate";
    /// A guard's phone: the day's gate list, one record per part:
    /// `anxin.v1.gate_list.0`, … (and `anxin.v1.gate_list` says which day).
    pub const GATE_LIST: &str = "anxin.v1.gate_list";
    /// A guard's phone: who passed today, which way and when (no health
    /// data), to flag the same pass twice.
    pub const GATE_SEEN: &str = "anxin.v1.gate_seen";
    /// A guard's phone: the day's approved visitors (no reasons).
    pub const GATE_VISITORS: &str = "anxin.v1.gate_visitors";
    /// The person's latest application to return to campus.
    pub const RETURN: &str = "anxin.v1.return";
    /// The notice acknowledged and the consents given (`state::privacy`).
    pub const PRIVACY: &str = "anxin.v1.privacy";
    /// The person's latest counselling waitlist entry (`storage::waitlist`).
    pub const WAITLIST: &str = "anxin.v1.waitlist";
    /// Where an unreadable record is moved, followed by its original key.
    pub const CORRUPT_PREFIX: &str = "anxin.corrupt.";
    /// Every key of the app starts with this.
    pub const ALL_PREFIX: &str = "anxin.";
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("browser storage is not available")]
    Unavailable,
    #[error("browser storage is full")]
    QuotaExceeded,
    #[error("the stored record {key} could not be read and was kept aside")]
    Corrupt { key: String },
    #[error("the record {key} could not be encoded")]
    Encode { key: String },
    #[error("browser storage refused the write: {0}")]
    Write(String),
    #[error("the record {key} is larger than one record may be")]
    TooLarge { key: String },
    #[error("the changes waiting on this device are another person's")]
    OtherPersonsChanges,
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// A string key-value store (localStorage's shape).
pub trait KeyValueStore {
    fn read(&self, key: &str) -> Result<Option<String>>;
    fn write(&self, key: &str, value: &str) -> Result<()>;
    fn remove(&self, key: &str) -> Result<()>;
    /// Every key that starts with `prefix`, in no particular order.
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>>;
}

/// The largest record written (in UTF-16 units, as browsers count): one
/// record per key keeps every write small and fast.
pub const MAX_RECORD_CHARS: usize = 256 * 1024;

/// Reads and decodes a record. A record that does not decode is moved aside
/// and reported; the next load then finds nothing.
pub fn load<T: DeserializeOwned>(store: &dyn KeyValueStore, key: &str) -> Result<Option<T>> {
    let Some(raw) = store.read(key)? else { return Ok(None) };
    match serde_json::from_str(&raw) {
        Ok(value) => Ok(Some(value)),
        Err(_) => {
            let aside = format!("{}{key}", keys::CORRUPT_PREFIX);
            // Keep the original bytes; only drop the key once they are safe.
            if store.write(&aside, &raw).is_ok() {
                let _ = store.remove(key);
            }
            Err(StorageError::Corrupt { key: key.to_owned() })
        }
    }
}

/// Encodes and writes a record.
pub fn save<T: Serialize>(store: &dyn KeyValueStore, key: &str, value: &T) -> Result<()> {
    let raw =
        serde_json::to_string(value).map_err(|_| StorageError::Encode { key: key.to_owned() })?;
    if raw.encode_utf16().count() > MAX_RECORD_CHARS {
        return Err(StorageError::TooLarge { key: key.to_owned() });
    }
    store.write(key, &raw)
}

/// In-memory store: the fallback when the browser gives no storage.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<HashMap<String, String>>,
}

impl KeyValueStore for MemoryStore {
    fn read(&self, key: &str) -> Result<Option<String>> {
        Ok(self.entries.borrow().get(key).cloned())
    }
    fn write(&self, key: &str, value: &str) -> Result<()> {
        self.entries.borrow_mut().insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<()> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        Ok(self.entries.borrow().keys().filter(|k| k.starts_with(prefix)).cloned().collect())
    }
}

/// The browser's `localStorage`, through gloo-storage.
pub struct LocalStore {
    storage: web_sys::Storage,
}

impl LocalStore {
    /// `None` where the browser refuses storage (it may throw on access;
    /// gloo's `LocalStorage::raw` would throw too).
    pub fn open() -> Option<Self> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Some(Self { storage })
    }
}

impl KeyValueStore for LocalStore {
    fn read(&self, key: &str) -> Result<Option<String>> {
        // The text as stored, not gloo's typed `get`: a record that does
        // not parse is kept aside as it is (see `load`).
        self.storage.get_item(key).map_err(|_| StorageError::Unavailable)
    }
    fn write(&self, key: &str, value: &str) -> Result<()> {
        use gloo_storage::Storage;
        // A JSON record goes through gloo as it is (a raw value is written
        // unchanged: the stored layout stays); anything else (a record
        // kept aside) as plain text.
        match serde_json::value::RawValue::from_string(value.to_owned()) {
            Ok(json) => gloo_storage::LocalStorage::set(key, json).map_err(gloo_error),
            Err(_) => self.storage.set_item(key, value).map_err(write_error),
        }
    }
    fn remove(&self, key: &str) -> Result<()> {
        self.storage.remove_item(key).map_err(|_| StorageError::Unavailable)
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        // One call for every key: reading them one by one with `key(i)`
        // costs a trip into the browser each, a few ms with a year stored.
        let keys = js_sys::Object::keys(&self.storage);
        Ok(keys
            .iter()
            .filter_map(|key| key.as_string())
            .filter(|key| key.starts_with(prefix))
            .collect())
    }
}

fn gloo_error(err: gloo_storage::errors::StorageError) -> StorageError {
    use gloo_storage::errors::StorageError as Gloo;
    match err {
        Gloo::JsError(e) if e.name == "QuotaExceededError" => StorageError::QuotaExceeded,
        Gloo::JsError(e) => StorageError::Write(e.name),
        Gloo::SerdeError(_) | Gloo::KeyNotFound(_) => StorageError::Write("encode".into()),
    }
}

fn write_error(err: wasm_bindgen::JsValue) -> StorageError {
    match err.dyn_ref::<web_sys::DomException>().map(|e| e.name()) {
        Some(name) if name == "QuotaExceededError" => StorageError::QuotaExceeded,
        Some(name) => StorageError::Write(name),
        None => StorageError::Write("unknown".into()),
    }
}

thread_local! {
    static FALLBACK: MemoryStore = MemoryStore::default();
}

/// The device's store: `localStorage` when the browser allows it, else
/// memory for as long as the page is open.
pub struct DeviceStore;

impl DeviceStore {
    /// Whether records survive closing the page.
    pub fn is_persistent() -> bool {
        LocalStore::open().is_some()
    }

    fn with<T>(f: impl FnOnce(&dyn KeyValueStore) -> T) -> T {
        match LocalStore::open() {
            Some(local) => f(&local),
            None => FALLBACK.with(|memory| f(memory)),
        }
    }
}

impl KeyValueStore for DeviceStore {
    fn read(&self, key: &str) -> Result<Option<String>> {
        Self::with(|s| s.read(key))
    }
    fn write(&self, key: &str, value: &str) -> Result<()> {
        Self::with(|s| s.write(key, value))
    }
    fn remove(&self, key: &str) -> Result<()> {
        Self::with(|s| s.remove(key))
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        Self::with(|s| s.keys_with_prefix(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_load_round_trips_a_record() {
        let store = MemoryStore::default();
        save(&store, "anxin.v1.x", &vec![1, 2, 3]).unwrap();
        assert_eq!(load::<Vec<i32>>(&store, "anxin.v1.x").unwrap(), Some(vec![1, 2, 3]));
    }

    #[test]
    fn test_load_missing_is_none() {
        let store = MemoryStore::default();
        assert_eq!(load::<String>(&store, "anxin.v1.none").unwrap(), None);
    }

    #[test]
    fn test_save_refuses_a_record_over_256_kb() {
        let store = MemoryStore::default();
        let huge = "x".repeat(MAX_RECORD_CHARS);
        assert_eq!(
            save(&store, "anxin.v1.big", &huge),
            Err(StorageError::TooLarge { key: "anxin.v1.big".into() })
        );
        assert_eq!(store.read("anxin.v1.big").unwrap(), None);
    }

    #[test]
    fn test_load_corrupt_keeps_it_aside() {
        let store = MemoryStore::default();
        store.write("anxin.v1.x", "{not json").unwrap();
        let err = load::<Vec<i32>>(&store, "anxin.v1.x").unwrap_err();
        assert_eq!(err, StorageError::Corrupt { key: "anxin.v1.x".into() });
        assert_eq!(store.read("anxin.corrupt.anxin.v1.x").unwrap().as_deref(), Some("{not json"));
        assert_eq!(load::<Vec<i32>>(&store, "anxin.v1.x").unwrap(), None);
    }
}
