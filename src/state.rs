//! App-wide contexts: each a named type with a `provide_*` / `use_*` pair;
//! one context per area in `state/`.

pub mod bookings;
pub mod decision_drafts;
pub mod desk;
pub mod gate;
pub mod privacy;
pub mod reports;
pub mod retention;
pub mod return_decisions;
pub mod returns;
pub mod visitors;
pub mod waitlist;

use anxin_domain::Directory;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Texts};
use crate::storage::{keys, load, save, DeviceStore, StorageError};

/// The UI language, remembered on the device.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    storage: StorageStatus,
}

impl I18n {
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The strings of the current language (tracks the language signal).
    pub fn texts(&self) -> &'static Texts {
        self.lang.get().texts()
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        self.storage.record(save(&DeviceStore, keys::LANG, &lang));
    }
}

pub fn provide_i18n() -> I18n {
    let storage = use_storage_status();
    let stored = load::<Lang>(&DeviceStore, keys::LANG);
    // Until the person chooses (remembered from then on), the browser's.
    let first_visit = || Lang::for_browser(window().navigator().language().as_deref());
    let lang = RwSignal::new(storage.record(stored).flatten().unwrap_or_else(first_visit));
    // Keep <html lang> right for screen readers and fonts.
    Effect::new(move |_| {
        let tag = lang.get().tag();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", tag);
        }
    });
    let i18n = I18n { lang, storage };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The directory as last fetched, kept on the device for offline use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDirectory {
    pub directory: Directory,
    /// ISO 8601 time of the fetch, as the device saw it (display only).
    pub fetched_at: String,
}

#[derive(Clone, Copy)]
pub struct DirectoryState {
    pub directory: RwSignal<Directory>,
    /// `None` until the first successful fetch on this device.
    pub fetched_at: RwSignal<Option<String>>,
    storage: StorageStatus,
}

impl DirectoryState {
    /// Uses a freshly fetched directory and keeps it for offline use.
    pub fn replace(&self, directory: Directory, fetched_at: String) {
        let stored = StoredDirectory { directory, fetched_at };
        self.storage.record(save(&DeviceStore, keys::DIRECTORY, &stored));
        self.directory.set(stored.directory);
        self.fetched_at.set(Some(stored.fetched_at));
    }
}

pub fn provide_directory() -> DirectoryState {
    let storage = use_storage_status();
    let stored = storage.record(load::<StoredDirectory>(&DeviceStore, keys::DIRECTORY)).flatten();
    let (directory, fetched_at) = match stored {
        Some(s) => (s.directory, Some(s.fetched_at)),
        None => (Directory::default(), None),
    };
    let state = DirectoryState {
        directory: RwSignal::new(directory),
        fetched_at: RwSignal::new(fetched_at),
        storage,
    };
    provide_context(state);
    state
}

pub fn use_directory() -> DirectoryState {
    expect_context::<DirectoryState>()
}

/// Whether the browser says it is online, from its `online` / `offline`
/// events.
#[derive(Clone, Copy)]
pub struct Connectivity {
    pub online: ReadSignal<bool>,
}

pub fn provide_connectivity() -> Connectivity {
    let initial = window().navigator().on_line();
    let (online, set_online) = signal(initial);
    // App-lifetime listeners: the handles are deliberately never removed.
    let _ = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    let connectivity = Connectivity { online };
    provide_context(connectivity);
    connectivity
}

pub fn use_connectivity() -> Connectivity {
    expect_context::<Connectivity>()
}

/// The last storage failure, shown to the person until the next success.
#[derive(Clone, Copy)]
pub struct StorageStatus {
    pub last_error: RwSignal<Option<StorageError>>,
}

impl StorageStatus {
    /// Notes the outcome of a storage call and passes its value on.
    pub fn record<T>(&self, result: Result<T, StorageError>) -> Option<T> {
        match result {
            Ok(value) => {
                if self.last_error.get_untracked().is_some() {
                    self.last_error.set(None);
                }
                Some(value)
            }
            Err(err) => {
                self.last_error.set(Some(err));
                None
            }
        }
    }
}

pub fn provide_storage_status() -> StorageStatus {
    let status = StorageStatus { last_error: RwSignal::new(None) };
    provide_context(status);
    status
}

pub fn use_storage_status() -> StorageStatus {
    expect_context::<StorageStatus>()
}
