//! The person's return to campus on the phone (SPEC §6): their latest
//! application as stored (read again whenever a sync or another tab
//! changed it), whether their latest declaration is off campus, and the
//! command the pass page calls to apply. The application is stored at
//! once and queued in the one outbox; the server's decisions come back in
//! the pull.

use anxin_domain::campus_return::ReturnRequest;
use anxin_domain::declaration::LocationKind;
use leptos::prelude::*;

use super::{use_storage_status, StorageStatus};
use crate::storage::{DeclarationStore, DeviceStore, ReturnStore, StoredReturn};
use crate::sync::{use_sync, DeviceChange, JsonText, SyncEngine};

#[derive(Clone, Copy)]
pub struct ReturnToCampus {
    pub stored: RwSignal<StoredReturn>,
    /// The latest declaration on this phone says off campus.
    pub off_campus: RwSignal<bool>,
    sync: SyncEngine,
    storage: StorageStatus,
}

impl ReturnToCampus {
    /// Stores and queues an application; `false` when the phone could
    /// not store it.
    pub fn apply(&self, request: ReturnRequest) -> bool {
        let Some(json) = serde_json::to_string(&request).ok().and_then(JsonText::from_text) else {
            return false;
        };
        let id = request.application_id.clone();
        let stored = ReturnStore::new(&DeviceStore)
            .keep_sent(&id)
            .and_then(|()| self.sync.queue(DeviceChange::ReturnApply(json), id));
        let done = self.storage.record(stored).is_some();
        self.sync.records_changed.update(|n| *n += 1);
        done
    }

    /// Reads what is stored (the pass page on opening: a declaration
    /// filed since may have changed where the person is).
    pub fn read(&self) {
        let stored = self.storage.record(ReturnStore::new(&DeviceStore).get()).unwrap_or_default();
        if stored != self.stored.get_untracked() {
            self.stored.set(stored);
        }
        let days = DeclarationStore::new(&DeviceStore);
        let latest = days.days().ok().and_then(|d| d.first().and_then(|day| days.day(*day).ok()));
        let off = latest.flatten().is_some_and(|d| {
            d.declaration.current().answers.location.kind != LocationKind::OnCampus
        });
        if off != self.off_campus.get_untracked() {
            self.off_campus.set(off);
        }
    }
}

pub fn provide_returns() -> ReturnToCampus {
    let sync = use_sync();
    let returns = ReturnToCampus {
        stored: RwSignal::new(StoredReturn::default()),
        off_campus: RwSignal::new(false),
        sync,
        storage: use_storage_status(),
    };
    returns.read();
    Effect::new(move |first: Option<()>| {
        sync.records_changed.track();
        if first.is_some() {
            returns.read();
        }
    });
    provide_context(returns);
    returns
}

pub fn use_returns() -> ReturnToCampus {
    expect_context::<ReturnToCampus>()
}
