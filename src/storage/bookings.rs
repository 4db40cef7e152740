//! The person's counselling bookings on the device, one record per booking
//! (`anxin.v1.booking.<booking id>`), and the counselling centre's schedule
//! as last fetched (`anxin.v1.schedule`), so the form works offline.
//! Both are personal to the signed-in session and go at sign-out.

use anxin_domain::counselling::my_bookings::BookingRecord;
use anxin_domain::counselling::{MyBooking, Schedule};
use anxin_domain::delivery::Delivery;
use anxin_domain::sync::round;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Result};

/// The schedule and when this device fetched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSchedule {
    pub schedule: Schedule,
    pub fetched_at: DateTime<Utc>,
}

pub struct BookingStore<'a> {
    store: &'a dyn KeyValueStore,
}

fn booking_key(id: &str) -> String {
    format!("{}{id}", keys::BOOKING_PREFIX)
}

impl<'a> BookingStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    /// Every booking on the device, the latest first.
    pub fn all(&self) -> Result<Vec<BookingRecord>> {
        let mut records = Vec::new();
        for key in self.store.keys_with_prefix(keys::BOOKING_PREFIX)? {
            // An unreadable record is kept aside by `load`; go on.
            if let Ok(Some(record)) = load::<BookingRecord>(self.store, &key) {
                records.push(record);
            }
        }
        anxin_domain::order::sort_by_key(&mut records, |r| std::cmp::Reverse(r.sort_key()));
        Ok(records)
    }

    pub fn get(&self, id: &str) -> Result<Option<BookingRecord>> {
        load(self.store, &booking_key(id))
    }

    pub fn save(&self, record: &BookingRecord) -> Result<()> {
        save(self.store, &booking_key(record.id()), record)
    }

    /// Forgets a booking made here (its request could not be queued).
    pub fn remove(&self, id: &str) -> Result<()> {
        self.store.remove(&booking_key(id))
    }

    /// Changes a stored booking; nothing when it is not here.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut BookingRecord)) -> Result<()> {
        if let Some(mut record) = self.get(id)? {
            change(&mut record);
            self.save(&record)?;
        }
        Ok(())
    }

    /// The server's answer to a request sent from here
    /// (`sync::round::mark_booking`).
    pub fn mark(&self, id: &str, delivery: Delivery) -> Result<()> {
        self.update(id, |r| round::mark_booking(r, delivery))
    }

    /// The server's answer to a cancellation sent from here
    /// (`sync::round::mark_cancel`).
    pub fn mark_cancel(&self, id: &str, delivery: Delivery) -> Result<()> {
        self.update(id, |r| round::mark_cancel(r, delivery))
    }

    /// Takes in the server's record of a booking (made here or elsewhere),
    /// unless it is older than the device keeps.
    pub fn merge_server(&self, booking: &MyBooking, today: NaiveDate) -> Result<()> {
        let record = round::merge_booking(self.get(&booking.booking_id)?, booking);
        if record.keep(today) {
            self.save(&record)
        } else {
            self.store.remove(&booking_key(record.id()))
        }
    }

    /// Removes what is older than the device keeps.
    pub fn prune(&self, today: NaiveDate) -> Result<()> {
        for record in self.all()? {
            if !record.keep(today) {
                self.store.remove(&booking_key(record.id()))?;
            }
        }
        Ok(())
    }

    pub fn schedule(&self) -> Result<Option<StoredSchedule>> {
        load(self.store, keys::SCHEDULE)
    }

    pub fn save_schedule(&self, schedule: &StoredSchedule) -> Result<()> {
        save(self.store, keys::SCHEDULE, schedule)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use anxin_domain::counselling::my_bookings::{LocalCancel, Standing};
    use anxin_domain::counselling::{AppointmentStatus, BookingRequest, Urgency, Wanted};
    use chrono::TimeZone;

    use super::*;
    use crate::storage::{wipe_personal, MemoryStore};

    /// A crisis request made on this phone, not yet sent.
    pub(in crate::storage) fn record(id: &str) -> BookingRecord {
        let request = BookingRequest {
            booking_id: id.into(),
            wanted: Wanted::FirstAvailable {
                from: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                mode: None,
            },
            topic: String::new(),
            phone: "13800000001".into(),
            anonymous: false,
            urgency: Urgency::Crisis,
            replaces: None,
        };
        BookingRecord::new(request, Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap())
    }

    fn taken(id: &str) -> MyBooking {
        anxin_domain::fixtures::my_booking(id, AppointmentStatus::SlotTaken, None)
    }

    #[test]
    fn test_bookings_round_trip_merge_and_go_at_sign_out() {
        let store = MemoryStore::default();
        let bookings = BookingStore::new(&store);
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        bookings.save(&record("b1")).unwrap();
        bookings.mark("b1", Delivery::Delivered).unwrap();
        assert_eq!(bookings.get("b1").unwrap().unwrap().standing(), Standing::Waiting);
        bookings.merge_server(&taken("b1"), today).unwrap();
        bookings.merge_server(&taken("b9"), today).unwrap();
        let all = bookings.all().unwrap();
        assert_eq!(all.len(), 2, "one made elsewhere is added");
        assert!(all.iter().all(|r| matches!(r.standing(), Standing::SlotTaken { .. })));
        // An answer after the pulled decision does not undo it.
        bookings.mark("b1", Delivery::Rejected { code: "x".into() }).unwrap();
        assert_eq!(bookings.get("b1").unwrap().unwrap().delivery, Delivery::Delivered);
        // Long after: pruned.
        bookings.prune(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).unwrap();
        assert_eq!(bookings.all().unwrap(), []);

        bookings.save(&record("b2")).unwrap();
        wipe_personal(&store).unwrap();
        assert_eq!(bookings.all().unwrap(), []);
    }

    #[test]
    fn test_a_refused_cancellation_stays_on_the_booking() {
        let store = MemoryStore::default();
        let bookings = BookingStore::new(&store);
        let mut held = record("b1");
        let mut confirmed = taken("b1");
        confirmed.status = AppointmentStatus::Confirmed;
        confirmed.slot = Some(anxin_domain::counselling::Slot {
            counsellor_id: "C-0001".into(),
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            minutes: 50,
            mode: anxin_domain::counselling::Mode::Phone,
        });
        held.merge(confirmed.clone());
        held.cancel = Some(LocalCancel { reason: "考试".into(), delivery: Delivery::Sending });
        bookings.save(&held).unwrap();
        let refused = Delivery::Rejected { code: "too_late_to_change".into() };
        bookings.mark_cancel("b1", refused.clone()).unwrap();
        let stored = bookings.get("b1").unwrap().unwrap();
        assert_eq!(stored.cancel_refused(), Some("too_late_to_change"));
        assert!(!stored.change_pending(&[]));

        // Cancelled by a pull before the answer came: the answer is older.
        confirmed.status = AppointmentStatus::Cancelled;
        bookings.merge_server(&confirmed, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()).unwrap();
        bookings.mark_cancel("b1", refused).unwrap();
        let stored = bookings.get("b1").unwrap().unwrap();
        assert_eq!(stored.cancel.unwrap().delivery, Delivery::Delivered);
    }
}
