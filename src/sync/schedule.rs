//! Counselling through the sync engine: the centre's schedule fetched in
//! each sync round (after the pull) and kept for offline use, and the
//! person's booking requests and cancellations, stored on the device at
//! once and queued like every other change. The server decides requests
//! in order of arrival; its answer comes back in the pull.

use anxin_domain::counselling::my_bookings::{BookingRecord, LocalCancel};
use anxin_domain::counselling::{BookingRequest, Schedule};
use anxin_domain::delivery::Delivery;
use leptos::prelude::Update;

use super::http::{get_json_signed, HttpError};
use super::{DeviceChange, SyncEngine};
use crate::declaring::{device_now, new_id};
use crate::storage::{BookingStore, DeviceStore, Result as StorageResult, StoredSchedule};

pub const SCHEDULE_PATH: &str = "/api/v1/counselling/schedule";

/// Fetches the schedule and keeps it; what is stored stays on failure.
pub(super) async fn refresh_schedule(token: &str) -> Result<(), HttpError> {
    let schedule = get_json_signed::<Schedule>(SCHEDULE_PATH, token).await?;
    let stored = StoredSchedule { schedule, fetched_at: device_now() };
    // A full storage keeps the older copy; the next round tries again.
    let _ = BookingStore::new(&DeviceStore).save_schedule(&stored);
    Ok(())
}

impl SyncEngine {
    /// Stores a booking request on the device ("not yet sent") and queues
    /// it; the booking's id is also its mutation's. A request that moves a
    /// booking marks that one as being moved.
    pub fn request_booking(&self, request: BookingRequest) -> StorageResult<()> {
        let bookings = BookingStore::new(&DeviceStore);
        let id = request.booking_id.clone();
        let moving = request.replaces.as_ref().map(|r| r.booking_id.clone());
        bookings.save(&BookingRecord::new(request.clone(), device_now()))?;
        let queued = match &moving {
            Some(moving) => bookings.update(moving, |r| r.moved_to = Some(id.clone())),
            None => Ok(()),
        }
        .and_then(|()| self.queue(DeviceChange::BookingRequest(request), id.clone()));
        if let Err(err) = queued {
            // Nothing half-written: the person is told, and the form keeps
            // what they typed. (Should the tab end between the two writes,
            // the next round queues the stored request: see
            // `queue_missing_bookings`.)
            let _ = bookings.remove(&id);
            if let Some(moving) = &moving {
                let _ = bookings.update(moving, |r| r.moved_to = None);
            }
            return Err(err);
        }
        self.records_changed.update(|n| *n += 1);
        Ok(())
    }

    /// A follow-up of booking `from` (an alternative, a new time, the
    /// proposal), requested like any other; `from` is marked as being
    /// moved too when the request replaces an earlier booking, so it
    /// offers no second follow-up meanwhile.
    pub fn request_follow_up(&self, request: BookingRequest, from: &str) -> StorageResult<()> {
        let id = request.booking_id.clone();
        let replaces_from = request.replaces.as_ref().is_some_and(|r| r.booking_id == from);
        self.request_booking(request)?;
        if !replaces_from {
            BookingStore::new(&DeviceStore).update(from, |r| r.moved_to = Some(id.clone()))?;
            self.records_changed.update(|n| *n += 1);
        }
        Ok(())
    }

    /// Stores a cancellation with its reason and queues it.
    pub fn cancel_booking(&self, booking_id: &str, reason: &str) -> StorageResult<()> {
        let reason = reason.trim().to_owned();
        let bookings = BookingStore::new(&DeviceStore);
        let mut before = None;
        bookings.update(booking_id, |r| {
            before = r.cancel.take();
            r.cancel =
                Some(LocalCancel { reason: reason.clone(), delivery: Delivery::SavedOnDevice });
        })?;
        let change = DeviceChange::BookingCancel { booking_id: booking_id.to_owned(), reason };
        if let Err(err) = self.queue(change, new_id()) {
            // Nothing half-written: the booking stands as it was.
            let _ = bookings.update(booking_id, |r| r.cancel = before);
            return Err(err);
        }
        self.records_changed.update(|n| *n += 1);
        Ok(())
    }
}
