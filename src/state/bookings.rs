//! The person's counselling bookings on the phone (SPEC §3): the records
//! and the centre's schedule as stored (read again whenever a sync or
//! another tab changed them), and the commands the booking page calls —
//! request, follow up, cancel, mark the centre's news seen. Every change is
//! stored at once and queued in the one outbox; the server decides
//! requests in order of arrival and its word comes back in the pull. The
//! views read these signals and call these commands; none of them touches
//! storage or the sync engine.

use anxin_domain::counselling::booking_news::BookingNews;
use anxin_domain::counselling::my_bookings::BookingRecord;
use anxin_domain::counselling::BookingRequest;
use leptos::prelude::*;

use super::{use_storage_status, StorageStatus};
use crate::storage::{BookingStore, DeviceStore, StoredSchedule};
use crate::sync::{use_sync, SyncEngine};

#[derive(Clone, Copy)]
pub struct Bookings {
    /// The person's bookings kept on this phone.
    pub records: RwSignal<Vec<BookingRecord>>,
    /// The centre's duty hours as last fetched (`None`: never on this phone).
    pub schedule: RwSignal<Option<StoredSchedule>>,
    sync: SyncEngine,
    storage: StorageStatus,
}

impl Bookings {
    /// Asks for an appointment; `false` when the phone could not store it.
    pub fn request(&self, request: BookingRequest) -> bool {
        self.done(self.sync.request_booking(request))
    }

    /// Asks for another time for booking `from` (an alternative, a new
    /// time, the counsellor's proposal).
    pub fn follow_up(&self, request: BookingRequest, from: &str) -> bool {
        self.done(self.sync.request_follow_up(request, from))
    }

    /// Cancels a booking, with the reason the counsellor reads.
    pub fn cancel(&self, booking_id: &str, reason: &str) -> bool {
        self.done(self.sync.cancel_booking(booking_id, reason))
    }

    /// The centre's decisions the person has not seen yet, with their
    /// booking, newest request first.
    pub fn unseen_news(&self) -> Vec<(BookingRecord, BookingNews)> {
        self.records.with(|all| {
            all.iter().filter_map(|r| r.unseen_news(all).map(|news| (r.clone(), news))).collect()
        })
    }

    /// The counselling page showed every booking: their news is seen.
    pub fn mark_seen(&self) {
        let all = self.records.get_untracked();
        let store = BookingStore::new(&DeviceStore);
        let mut changed = false;
        for record in &all {
            let mut seen = record.clone();
            if seen.mark_seen(&all) {
                changed |= self.storage.record(store.save(&seen)).is_some();
            }
        }
        if changed {
            self.read();
        }
    }

    /// The phone number of the person's latest booking, to fill in the next.
    pub fn last_phone(&self) -> String {
        self.records.with_untracked(|all| {
            all.iter()
                .filter(|r| !r.request.phone.is_empty())
                .max_by_key(|r| r.requested_at)
                .map(|r| r.request.phone.clone())
                .unwrap_or_default()
        })
    }

    fn done(&self, result: crate::storage::Result<()>) -> bool {
        let stored = self.storage.record(result).is_some();
        self.read();
        stored
    }

    /// Reads what is stored, setting only what changed (a list drawn again
    /// would close what the person opened).
    fn read(&self) {
        let store = BookingStore::new(&DeviceStore);
        let records = self.storage.record(store.all()).unwrap_or_default();
        let schedule = self.storage.record(store.schedule()).flatten();
        if records != self.records.get_untracked() {
            self.records.set(records);
        }
        if schedule != self.schedule.get_untracked() {
            self.schedule.set(schedule);
        }
    }
}

pub fn provide_bookings() -> Bookings {
    let sync = use_sync();
    let bookings = Bookings {
        records: RwSignal::new(Vec::new()),
        schedule: RwSignal::new(None),
        sync,
        storage: use_storage_status(),
    };
    bookings.read();
    // A sync (or another tab) changed what is stored: read it again.
    Effect::new(move |first: Option<()>| {
        sync.records_changed.track();
        if first.is_some() {
            bookings.read();
        }
    });
    provide_context(bookings);
    bookings
}

pub fn use_bookings() -> Bookings {
    expect_context::<Bookings>()
}
