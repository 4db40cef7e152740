//! The signed-in account: who the person is, for declaring and for sync.
//!
//! Read from the device at start (after one online sign-in the app works
//! offline) and kept in step with storage, which another tab may change.
//! When the server ends the session the person stays known, without a
//! token: what they queued waits for them to sign in again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{use_storage_status, StorageStatus};
use crate::storage::{wipe_personal, DeviceStore, OutboxStore, SessionStore, StoredSession};
use crate::sync::lock::run_when_free;
use crate::sync::{end_session, Granted};

#[derive(Clone, Copy)]
pub struct Account {
    pub session: RwSignal<Option<StoredSession>>,
    /// Whose declarations these are: the signed-in declarant, also after
    /// the session ended. The one place the app learns the person.
    pub person_id: Memo<Option<String>>,
    /// A session the server takes, for a person with changes to sync (a
    /// declarant, an advisor, an office): sync may run.
    pub can_sync: Memo<bool>,
    storage: StorageStatus,
}

/// The account, for the sync engine to hold (see [`use_account`]).
pub fn provide_account() -> Account {
    let storage = use_storage_status();
    let session =
        RwSignal::new(storage.record(SessionStore::new(&DeviceStore).session()).flatten());
    let account = Account {
        session,
        person_id: Memo::new(move |_| {
            session.with(|s| s.as_ref().filter(|s| s.declares()).map(|s| s.person.id.clone()))
        }),
        can_sync: Memo::new(move |_| {
            session.with(|s| s.as_ref().is_some_and(|s| s.syncs() && !s.ended()))
        }),
        storage,
    };
    account
}

/// The account is held by the sync engine's context (one context less in
/// the wasm); the counselling desk, which runs no sync engine, provides it
/// on its own.
pub fn use_account() -> Account {
    use_context::<Account>().unwrap_or_else(|| crate::sync::use_sync().account)
}

impl Account {
    /// The server's grant: kept on the device, and in use at once. Refused
    /// (and the new session ended) when the changes waiting on the device
    /// are another person's: a form left open from before can only sign in
    /// the person whose records these are.
    pub fn signed_in(&self, granted: Granted) {
        let sessions = SessionStore::new(&DeviceStore);
        let previous = sessions.session().ok().flatten().map(|s| s.person.id);
        let waiting = OutboxStore::new(&DeviceStore).count().unwrap_or(0) > 0;
        if waiting && previous.is_some_and(|id| id != granted.session.person.id) {
            if let Some(token) = &granted.session.token {
                end_session(token);
            }
            let _ = window().location().replace("/");
            return;
        }
        self.storage.record(sessions.save(&granted.json));
        self.session.set(Some(granted.session));
    }

    /// The server no longer takes the token (401): keep the person and
    /// everything queued; ask them to sign in again (`by_reset`: telling
    /// them someone else reset the password).
    pub fn end(&self, by_reset: bool) {
        let ended = self.storage.record(SessionStore::new(&DeviceStore).end(by_reset)).flatten();
        self.session.set(ended);
    }

    /// Reads the session again: another tab may have signed in or out.
    /// Signed out there, or now someone else: this page holds the previous
    /// person's answers in memory, so it starts afresh.
    pub fn reload(&self) {
        let stored = self.storage.record(SessionStore::new(&DeviceStore).session()).flatten();
        let current = self.session.get_untracked();
        let person = |s: &Option<StoredSession>| s.as_ref().map(|s| s.person.id.clone());
        if current.is_some() && person(&stored) != person(&current) {
            let _ = window().location().replace("/");
            return;
        }
        if stored != current {
            self.session.set(stored);
        }
    }

    /// Removes every personal record from the device, asks the server to
    /// revoke the token (if it is reachable), and starts afresh at `/`. The
    /// caller has warned about undelivered changes.
    pub fn sign_out(&self) {
        let token = self.session.get_untracked().and_then(|s| s.token);
        spawn_local(async move {
            // The phone first: nothing of the person stays, whatever the
            // network does.
            run_when_free(|| async {
                let _ = wipe_personal(&DeviceStore);
            })
            .await;
            if let Some(token) = token {
                end_session(&token);
            }
            let _ = window().location().replace("/");
        });
    }
}
