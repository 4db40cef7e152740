//! What the centre decided about a booking that the person has not seen
//! yet: Today shows it as a banner until the counselling page has shown
//! it (SPEC §3). Each decision has a key; the phone keeps the key of the
//! last one seen, so a later decision about the same booking (booked,
//! then confirmed, then another time proposed) is news again.

use super::my_bookings::{BookingRecord, Standing};
use super::plan::Slot;

/// A decision worth a banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingNews {
    /// The request holds its time (decided in order of arrival).
    Booked(Slot),
    /// The counsellor confirmed the appointment.
    Accepted(Slot),
    /// The counsellor proposes another time.
    Proposed(Slot),
    /// Someone else's request took the time first.
    Taken,
    /// The counsellor declined it.
    Declined,
    /// The server refused the request for good.
    Refused,
}

impl BookingNews {
    /// Tells one decision from another (the same decision pulled twice has
    /// the same key).
    pub fn key(&self) -> String {
        match self {
            Self::Booked(slot) => format!("booked {}", slot.key()),
            Self::Accepted(slot) => format!("accepted {}", slot.key()),
            Self::Proposed(slot) => format!("proposed {}", slot.key()),
            Self::Taken => "taken".to_owned(),
            Self::Declined => "declined".to_owned(),
            Self::Refused => "refused".to_owned(),
        }
    }
}

impl BookingRecord {
    /// The centre's latest decision about this booking, when it is one the
    /// person should hear of: none while a change made on this phone is on
    /// its way, nor for what the person did themselves (a cancellation).
    pub fn news(&self, records: &[BookingRecord]) -> Option<BookingNews> {
        if self.change_pending(records) {
            return None;
        }
        match self.standing_among(records) {
            Standing::Confirmed { proposed: Some(slot), .. } => Some(BookingNews::Proposed(slot)),
            Standing::Confirmed { slot, accepted: true, .. } => Some(BookingNews::Accepted(slot)),
            Standing::Confirmed { slot, .. } => Some(BookingNews::Booked(slot)),
            Standing::SlotTaken { .. } => Some(BookingNews::Taken),
            Standing::Declined { .. } => Some(BookingNews::Declined),
            Standing::Rejected(_) => Some(BookingNews::Refused),
            _ => None,
        }
    }

    /// [`Self::news`], unless the phone has already shown it.
    pub fn unseen_news(&self, records: &[BookingRecord]) -> Option<BookingNews> {
        self.news(records).filter(|news| self.seen.as_deref() != Some(news.key().as_str()))
    }

    /// Remembers that the latest decision has been shown; `true` when
    /// that changed the record.
    pub fn mark_seen(&mut self, records: &[BookingRecord]) -> bool {
        match self.unseen_news(records) {
            Some(news) => {
                self.seen = Some(news.key());
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::counselling::appointment::{AppointmentStatus, MyBooking};
    use crate::counselling::booking::{BookingRequest, Urgency, Wanted};
    use crate::counselling::plan::Mode;
    use crate::delivery::Delivery;

    fn slot(hour: u32) -> Slot {
        Slot {
            counsellor_id: "C-0001".into(),
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(hour, 0, 0).unwrap(),
            minutes: 50,
            mode: Mode::Phone,
        }
    }

    fn record() -> BookingRecord {
        let request = BookingRequest {
            booking_id: "b1".into(),
            wanted: Wanted::Slot { counsellor_id: "C-0001".into(), start: slot(9).start },
            topic: String::new(),
            phone: "138 0000 0001".into(),
            anonymous: false,
            urgency: Urgency::Routine,
            replaces: None,
        };
        BookingRecord::new(request, Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap())
    }

    fn decided(status: AppointmentStatus, slot: Option<Slot>) -> MyBooking {
        crate::fixtures::my_booking("b1", status, slot)
    }

    #[test]
    fn test_news_follows_each_decision_once() {
        let mut record = record();
        assert_eq!(record.unseen_news(&[]), None, "not decided yet");
        record.merge(decided(AppointmentStatus::Confirmed, Some(slot(9))));
        assert_eq!(record.unseen_news(&[]), Some(BookingNews::Booked(slot(9))));
        assert!(record.mark_seen(&[]));
        assert_eq!(record.unseen_news(&[]), None, "seen");
        assert!(!record.mark_seen(&[]), "nothing new to mark");
        // The same decision pulled again stays seen.
        record.merge(decided(AppointmentStatus::Confirmed, Some(slot(9))));
        assert_eq!(record.unseen_news(&[]), None);

        let mut accepted = decided(AppointmentStatus::Confirmed, Some(slot(9)));
        accepted.accepted = true;
        record.merge(accepted.clone());
        assert_eq!(record.unseen_news(&[]), Some(BookingNews::Accepted(slot(9))));
        record.mark_seen(&[]);
        accepted.proposed = Some(slot(14));
        record.merge(accepted);
        assert_eq!(record.unseen_news(&[]), Some(BookingNews::Proposed(slot(14))));
    }

    #[test]
    fn test_refusals_are_news_and_the_persons_own_cancellation_is_not() {
        let mut taken = record();
        taken.merge(decided(AppointmentStatus::SlotTaken, None));
        assert_eq!(taken.unseen_news(&[]), Some(BookingNews::Taken));
        let mut declined = record();
        declined.merge(decided(AppointmentStatus::Declined, Some(slot(9))));
        assert_eq!(declined.unseen_news(&[]), Some(BookingNews::Declined));
        let mut refused = record();
        refused.delivery = Delivery::Rejected { code: "invalid_booking".into() };
        assert_eq!(refused.unseen_news(&[]), Some(BookingNews::Refused));
        let mut cancelled = record();
        cancelled.merge(decided(AppointmentStatus::Cancelled, Some(slot(9))));
        assert_eq!(cancelled.unseen_news(&[]), None);
    }
}
