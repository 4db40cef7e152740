//! The person's place on the counselling waitlist (SPEC §3), on the
//! booking page: the entry as last pulled (or as joined here until the
//! server's word comes), and the commands — join, leave, book a slot
//! offered. Each is stored and queued in the one outbox; the server
//! decides in order of arrival. The views read these signals and call
//! these commands; none of them touches storage or the sync engine.

use anxin_domain::counselling::waitlist::{judge, WaitlistJoin, WaitlistStanding, WaitlistState};
use anxin_domain::counselling::{BookingRequest, Slot, Urgency, Wanted};
use anxin_domain::ErrorCode;
use leptos::prelude::*;

use super::bookings::Bookings;
use super::{use_storage_status, StorageStatus};
use crate::declaring::{device_now, new_id};
use crate::storage::{DeviceStore, WaitlistNote};
use crate::sync::{use_sync, DeviceChange, JsonText, SyncEngine};

/// Why a join was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinProblem {
    /// The phone number (said next to its field).
    Phone,
    /// Not stored on this phone.
    NotSaved,
}

#[derive(Clone, Copy)]
pub struct Waitlist {
    /// The latest entry, as pulled or as joined here.
    pub entry: RwSignal<Option<WaitlistStanding>>,
    sync: SyncEngine,
    storage: StorageStatus,
}

/// `{"entry_id": …}` and the like as the device keeps a change.
fn body_of<T: serde::Serialize>(value: &T) -> Option<JsonText> {
    serde_json::to_string(value).ok().and_then(JsonText::from_text)
}

impl Waitlist {
    /// Whether the person waits (as far as this phone knows: a join the
    /// server refused does not wait).
    pub fn waiting(&self) -> bool {
        self.entry.with(|e| e.as_ref().is_some_and(|e| e.state == WaitlistState::Waiting))
            && self.refusal().is_none()
    }

    /// The server's refusal of the latest entry's join.
    pub fn refusal(&self) -> Option<ErrorCode> {
        let id = self.entry.with(|e| e.as_ref().map(|e| e.join.entry_id.clone()))?;
        self.sync
            .rejected
            .with(|all| all.iter().rev().find(|q| q.mutation.id == id).map(|q| q.code))
    }

    /// Joins, for `counsellor_id` (or any, named `counsellor_name` in the
    /// schedule) and `mode` (or any).
    pub fn join(
        &self,
        join: WaitlistJoin,
        counsellor_name: Option<String>,
    ) -> Result<(), JoinProblem> {
        if judge(&join).is_err() {
            return Err(JoinProblem::Phone);
        }
        let change = body_of(&join).ok_or(JoinProblem::NotSaved)?;
        let standing = WaitlistStanding {
            join: join.clone(),
            counsellor_name,
            joined_at: device_now(),
            state: WaitlistState::Waiting,
            offers: Vec::new(),
        };
        let kept = body_of(&standing).ok_or(JoinProblem::NotSaved)?;
        let note = WaitlistNote::new(&DeviceStore);
        self.storage.record(note.take(&kept)).ok_or(JoinProblem::NotSaved)?;
        let queued = self.sync.queue(DeviceChange::WaitlistJoin(change), join.entry_id.clone());
        self.storage.record(queued).ok_or(JoinProblem::NotSaved)?;
        self.entry.set(Some(standing));
        Ok(())
    }

    /// Leaves the list (the entry shows "left" at once).
    pub fn leave(&self) -> bool {
        let Some(mut standing) = self.entry.get_untracked() else { return false };
        let body = serde_json::json!({ "entry_id": standing.join.entry_id });
        let Some(change) = body_of(&body) else { return false };
        standing.state = WaitlistState::Left;
        let Some(kept) = body_of(&standing) else { return false };
        let id = new_id();
        if self.storage.record(WaitlistNote::new(&DeviceStore).take(&kept)).is_none()
            || self
                .storage
                .record(self.sync.queue(DeviceChange::WaitlistLeave(change), id))
                .is_none()
        {
            return false;
        }
        self.entry.set(Some(standing));
        true
    }

    /// Books `slot`, offered to the entry, with the entry's phone and
    /// anonymity: an ordinary request, decided in order of arrival.
    pub fn book(&self, bookings: &Bookings, slot: &Slot) -> bool {
        let Some(standing) = self.entry.get_untracked() else { return false };
        bookings.request(BookingRequest {
            booking_id: new_id(),
            wanted: Wanted::Slot { counsellor_id: slot.counsellor_id.clone(), start: slot.start },
            topic: String::new(),
            phone: standing.join.phone.clone(),
            anonymous: standing.join.anonymous,
            urgency: Urgency::Routine,
            replaces: None,
        })
    }

    fn read(&self) {
        let kept = self.storage.record(WaitlistNote::new(&DeviceStore).get()).flatten();
        let entry = kept.and_then(|text| text.decode::<WaitlistStanding>());
        if entry != self.entry.get_untracked() {
            self.entry.set(entry);
        }
    }
}

pub fn provide_waitlist() -> Waitlist {
    let sync = use_sync();
    let waitlist = Waitlist { entry: RwSignal::new(None), sync, storage: use_storage_status() };
    waitlist.read();
    // A sync (or another tab) changed what is stored: read it again.
    Effect::new(move |first: Option<()>| {
        sync.records_changed.track();
        if first.is_some() {
            waitlist.read();
        }
    });
    provide_context(waitlist);
    waitlist
}

pub fn use_waitlist() -> Waitlist {
    expect_context::<Waitlist>()
}
