//! The person's own bookings as the phone keeps them: the request as it
//! was made (so an alternative or a new time is booked with the same
//! topic, phone and urgency), its delivery, the server's latest word, and a
//! cancellation on its way. Also the free slots the booking form offers.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::{AppointmentStatus, MyBooking};
use super::booking::{BookingRequest, Replacing, Wanted};
use super::notice::{check_notice, NoticeError};
use super::plan::Slot;
use super::schedule::Schedule;
use crate::delivery::Delivery;
use crate::school_time::local_day;

/// Bookings are kept on the phone this many days after their day.
pub const KEEP_DAYS: u64 = 14;

/// A booking on the phone (`anxin.v1.booking.<booking id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRecord {
    pub request: BookingRequest,
    /// By the device's clock (display and order only).
    pub requested_at: DateTime<Utc>,
    /// The request's way to the server.
    pub delivery: Delivery,
    /// The server's latest word on it (`None` until decided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<MyBooking>,
    /// A cancellation asked for on this phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<LocalCancel>,
    /// The request made on this phone to move it (an alternative, a new
    /// time, the counsellor's proposal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// The key of the centre's last decision the person has seen (see
    /// `booking_news`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
}

/// A move asked for on this phone (`moved_to`), as its request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveState {
    /// None asked for, or its request was refused (or is gone).
    None,
    /// Not yet sent, sending, or waiting for the centre's decision.
    Pending,
    /// The centre decided the request (confirmed or taken).
    Decided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalCancel {
    pub reason: String,
    pub delivery: Delivery,
}

/// Where a booking stands, in the words the person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Refused by the server for good (its code).
    Rejected(String),
    /// On this phone only.
    NotSent,
    /// Delivered; the server's answer not yet pulled.
    Waiting,
    Confirmed {
        slot: Slot,
        accepted: bool,
        proposed: Option<Slot>,
    },
    SlotTaken {
        alternatives: Vec<Slot>,
    },
    /// Its time was taken, and another request (an alternative, a new
    /// time) followed it up: settled, the other booking tells the rest.
    FollowedUp,
    Declined {
        reason: Option<String>,
    },
    /// Cancelled (by the person, or moved to another booking).
    Cancelled {
        reason: Option<String>,
        moved: bool,
    },
    Completed,
    NoShow,
}

impl BookingRecord {
    pub fn new(request: BookingRequest, now: DateTime<Utc>) -> Self {
        Self {
            request,
            requested_at: now,
            delivery: Delivery::SavedOnDevice,
            server: None,
            cancel: None,
            moved_to: None,
            seen: None,
        }
    }

    /// A booking made on another phone (or before this one lost its
    /// storage), rebuilt from the server's record.
    pub fn from_server(booking: MyBooking) -> Self {
        let wanted = match &booking.slot {
            Some(slot) => {
                Wanted::Slot { counsellor_id: slot.counsellor_id.clone(), start: slot.start }
            }
            None => Wanted::FirstAvailable {
                from: booking.requested_at.with_timezone(&crate::school_offset()).naive_local(),
                mode: None,
            },
        };
        let request = BookingRequest {
            booking_id: booking.booking_id.clone(),
            wanted,
            topic: booking.topic.clone(),
            phone: booking.phone.clone(),
            anonymous: booking.anonymous,
            urgency: booking.urgency,
            replaces: None,
        };
        Self {
            request,
            requested_at: booking.requested_at,
            delivery: Delivery::Delivered,
            server: Some(booking),
            cancel: None,
            moved_to: None,
            seen: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.request.booking_id
    }

    /// Takes in the server's latest record of this booking.
    pub fn merge(&mut self, booking: MyBooking) {
        self.delivery = Delivery::Delivered;
        if let Some(cancel) = &mut self.cancel {
            if booking.status == AppointmentStatus::Cancelled {
                cancel.delivery = Delivery::Delivered;
            }
        }
        self.server = Some(booking);
    }

    /// The slot it holds or held, as the server decided.
    pub fn slot(&self) -> Option<&Slot> {
        self.server.as_ref().and_then(|b| b.slot.as_ref())
    }

    pub fn standing(&self) -> Standing {
        if let Delivery::Rejected { code } = &self.delivery {
            return Standing::Rejected(code.clone());
        }
        let Some(server) = &self.server else {
            return match self.delivery {
                Delivery::Delivered => Standing::Waiting,
                _ => Standing::NotSent,
            };
        };
        match (server.status, &server.slot) {
            (AppointmentStatus::Confirmed, Some(slot)) => Standing::Confirmed {
                slot: slot.clone(),
                accepted: server.accepted,
                proposed: server.proposed.clone(),
            },
            (AppointmentStatus::SlotTaken, _) | (AppointmentStatus::Confirmed, None) => {
                match server.replaced_by {
                    Some(_) => Standing::FollowedUp,
                    None => Standing::SlotTaken { alternatives: server.alternatives.clone() },
                }
            }
            (AppointmentStatus::Declined, _) => {
                Standing::Declined { reason: server.reason.clone() }
            }
            (AppointmentStatus::Cancelled, _) => Standing::Cancelled {
                reason: server.reason.clone(),
                moved: server.replaced_by.is_some(),
            },
            (AppointmentStatus::Completed, _) => Standing::Completed,
            (AppointmentStatus::NoShow, _) => Standing::NoShow,
        }
    }

    /// A confirmed booking that can still be cancelled or moved at `now`
    /// (none on its way already).
    pub fn can_change(&self, now: DateTime<Utc>, notice_minutes: u32) -> Result<(), NoticeError> {
        match self.standing() {
            Standing::Confirmed { slot, .. } => check_notice(slot.starts_at(), now, notice_minutes),
            _ => Err(NoticeError::Started),
        }
    }

    /// The move asked for on this phone (`moved_to`), as it stands among
    /// the person's `records`.
    pub fn move_state(&self, records: &[BookingRecord]) -> MoveState {
        let Some(next) = self.moved_to.as_deref() else { return MoveState::None };
        match records.iter().find(|r| r.id() == next).map(BookingRecord::standing) {
            Some(Standing::NotSent | Standing::Waiting) => MoveState::Pending,
            // Refused (or no longer on the phone): this one stands as it was.
            Some(Standing::Rejected(_)) | None => MoveState::None,
            Some(_) => MoveState::Decided,
        }
    }

    /// Where it stands among the person's `records`: a taken one whose
    /// follow-up made on this phone was decided is settled even when the
    /// server left it as it was (the follow-up moved an earlier booking).
    pub fn standing_among(&self, records: &[BookingRecord]) -> Standing {
        match self.standing() {
            Standing::SlotTaken { .. } if self.move_state(records) == MoveState::Decided => {
                Standing::FollowedUp
            }
            standing => standing,
        }
    }

    /// A cancellation asked for on this phone, not yet delivered.
    pub fn cancelling(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.delivery.is_undelivered())
            && !matches!(self.standing(), Standing::Cancelled { .. })
    }

    /// A move asked for on this phone whose request is not yet decided
    /// (not sent, sending, or waiting for the centre), of a booking that
    /// still holds or wants a time.
    pub fn moving(&self, records: &[BookingRecord]) -> bool {
        self.move_state(records) == MoveState::Pending
            && matches!(self.standing(), Standing::Confirmed { .. } | Standing::SlotTaken { .. })
    }

    /// A cancellation or a move asked for on this phone and not yet
    /// settled by the server: no other change is offered meanwhile.
    pub fn change_pending(&self, records: &[BookingRecord]) -> bool {
        self.cancelling() || self.moving(records)
    }

    /// Why the server refused this phone's cancellation of a booking that
    /// therefore still holds its time (a rejection code).
    pub fn cancel_refused(&self) -> Option<&str> {
        match (&self.cancel, self.standing()) {
            (
                Some(LocalCancel { delivery: Delivery::Rejected { code }, .. }),
                Standing::Confirmed { .. },
            ) => Some(code),
            _ => None,
        }
    }

    /// The booking a follow-up of this one replaces: the earlier booking a
    /// taken move was moving while that one still holds its time (so it
    /// is given up only when the new time is held), otherwise this one.
    pub fn moves<'a>(&'a self, records: &'a [BookingRecord]) -> &'a str {
        let earlier = match (self.standing(), &self.request.replaces) {
            (Standing::SlotTaken { .. }, Some(earlier)) => {
                records.iter().find(|r| r.id() == earlier.booking_id)
            }
            _ => None,
        };
        match earlier {
            Some(earlier) if matches!(earlier.standing(), Standing::Confirmed { .. }) => {
                earlier.id()
            }
            _ => self.id(),
        }
    }

    /// A new request for `wanted`, with this booking's topic, phone,
    /// anonymity and urgency, replacing the booking [`Self::moves`] names.
    pub fn follow_up(
        &self,
        records: &[BookingRecord],
        booking_id: String,
        wanted: Wanted,
        reason: &str,
    ) -> BookingRequest {
        BookingRequest {
            booking_id,
            wanted,
            topic: self.request.topic.clone(),
            phone: self.request.phone.clone(),
            anonymous: self.request.anonymous,
            urgency: self.request.urgency,
            replaces: Some(Replacing {
                booking_id: self.moves(records).to_owned(),
                reason: reason.trim().to_owned(),
            }),
        }
    }

    /// Kept on the phone: undecided, or its day (or the school day of its
    /// request when it holds no slot or was refused) within [`KEEP_DAYS`]
    /// of `today`, or later.
    pub fn keep(&self, today: NaiveDate) -> bool {
        let from = today.checked_sub_days(Days::new(KEEP_DAYS)).unwrap_or(today);
        let refused = matches!(self.delivery, Delivery::Rejected { .. });
        let day = match self.slot() {
            Some(slot) => slot.start.date(),
            None if self.server.is_none() && !refused => return true,
            None => local_day(self.requested_at),
        };
        day >= from
    }

    /// Newest first: future and undecided ones by their time, then the rest.
    pub fn sort_key(&self) -> (Option<NaiveDateTime>, DateTime<Utc>) {
        (self.slot().map(|s| s.start), self.requested_at)
    }
}

/// The wanted slot of a named request as a slot key, or what the record
/// holds now: the keys this person's bookings keep from the form.
pub fn held_keys(records: &[BookingRecord]) -> Vec<String> {
    records
        .iter()
        .filter_map(|r| match r.standing() {
            Standing::NotSent | Standing::Waiting => r.request.wanted.key(),
            Standing::Confirmed { slot, .. } => Some(slot.key()),
            _ => None,
        })
        .collect()
}

/// The free slots the form offers: from `now` (school wall clock) on,
/// for `days` days, of one counsellor or all, without the ones in `held`.
pub fn bookable_slots(
    schedule: &Schedule,
    now: NaiveDateTime,
    days: u64,
    counsellor_id: Option<&str>,
    held: &[String],
) -> Vec<Slot> {
    let today = now.date();
    let last = today.checked_add_days(Days::new(days.saturating_sub(1))).unwrap_or(today);
    schedule
        .free_slots(today, last)
        .into_iter()
        .filter(|slot| slot.start > now)
        .filter(|slot| counsellor_id.is_none_or(|id| slot.counsellor_id == id))
        .filter(|slot| !held.contains(&slot.key()))
        .collect()
}

/// Slots (in time order) grouped by their day.
pub fn by_day(slots: Vec<Slot>) -> Vec<(NaiveDate, Vec<Slot>)> {
    let mut days: Vec<(NaiveDate, Vec<Slot>)> = Vec::new();
    for slot in slots {
        let day = slot.start.date();
        match days.last_mut() {
            Some((last, group)) if *last == day => group.push(slot),
            _ => days.push((day, vec![slot])),
        }
    }
    days
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{NaiveTime, TimeZone, Weekday};

    use super::*;
    use crate::counselling::booking::Urgency;
    use crate::counselling::plan::{DutyPlan, Mode, WeeklySlot};
    use crate::counselling::schedule::CounsellorPlan;

    pub(crate) fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
    }

    pub(crate) fn slot(day: u32, hour: u32) -> Slot {
        Slot {
            counsellor_id: "C-0001".into(),
            start: at(day, hour),
            minutes: 50,
            mode: Mode::Phone,
        }
    }

    fn request(id: &str) -> BookingRequest {
        BookingRequest {
            booking_id: id.into(),
            wanted: Wanted::Slot { counsellor_id: "C-0001".into(), start: at(7, 9) },
            topic: "考试焦虑".into(),
            phone: "138 0000 0001".into(),
            anonymous: true,
            urgency: Urgency::Soon,
            replaces: None,
        }
    }

    fn server(id: &str, status: AppointmentStatus, slot: Option<Slot>) -> MyBooking {
        MyBooking {
            booking_id: id.into(),
            status,
            slot,
            alternatives: vec![],
            counsellor_name: Some("孙老师".into()),
            topic: "考试焦虑".into(),
            phone: "138 0000 0001".into(),
            anonymous: true,
            urgency: Urgency::Soon,
            requested_at: Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap(),
            accepted: false,
            proposed: None,
            reason: None,
            replaced_by: None,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap()
    }

    #[test]
    fn test_standing_follows_delivery_then_the_server() {
        let mut record = BookingRecord::new(request("b1"), now());
        assert_eq!(record.standing(), Standing::NotSent);
        record.delivery = Delivery::Delivered;
        assert_eq!(record.standing(), Standing::Waiting);
        record.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        assert!(matches!(record.standing(), Standing::Confirmed { accepted: false, .. }));
        let mut taken = server("b1", AppointmentStatus::SlotTaken, None);
        taken.alternatives = vec![slot(7, 14)];
        record.merge(taken);
        assert_eq!(record.standing(), Standing::SlotTaken { alternatives: vec![slot(7, 14)] });
        record.delivery = Delivery::Rejected { code: "invalid_booking".into() };
        assert_eq!(record.standing(), Standing::Rejected("invalid_booking".into()));
    }

    #[test]
    fn test_cancel_is_delivered_when_the_server_says_cancelled() {
        let mut record = BookingRecord::new(request("b1"), now());
        record.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        record.cancel =
            Some(LocalCancel { reason: "考试".into(), delivery: Delivery::SavedOnDevice });
        assert!(record.change_pending(&[]));
        let mut cancelled = server("b1", AppointmentStatus::Cancelled, Some(slot(7, 9)));
        cancelled.reason = Some("考试".into());
        record.merge(cancelled);
        assert_eq!(record.cancel.as_ref().unwrap().delivery, Delivery::Delivered);
        assert!(!record.change_pending(&[]));
        assert_eq!(
            record.standing(),
            Standing::Cancelled { reason: Some("考试".into()), moved: false }
        );
    }

    #[test]
    fn test_change_only_within_the_notice() {
        let mut record = BookingRecord::new(request("b1"), now());
        assert_eq!(record.can_change(now(), 120), Err(NoticeError::Started), "not confirmed");
        record.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        assert_eq!(record.can_change(now(), 120), Ok(()));
        // 9:00 school time on the 7th is 01:00 UTC.
        let close = Utc.with_ymd_and_hms(2026, 12, 6, 23, 30, 0).unwrap();
        assert_eq!(record.can_change(close, 120), Err(NoticeError::TooLate { minutes: 120 }));
    }

    #[test]
    fn test_follow_up_keeps_the_request_and_moves_the_right_booking() {
        let mut record = BookingRecord::new(request("b1"), now());
        record.merge(server("b1", AppointmentStatus::SlotTaken, None));
        let wanted = Wanted::Slot { counsellor_id: "C-0001".into(), start: at(7, 14) };
        let next = record.follow_up(&[], "b2".into(), wanted.clone(), " 换个时间 ");
        assert_eq!(next.booking_id, "b2");
        assert_eq!(
            (next.topic.as_str(), next.anonymous, next.urgency),
            ("考试焦虑", true, Urgency::Soon)
        );
        assert_eq!(
            next.replaces,
            Some(Replacing { booking_id: "b1".into(), reason: "换个时间".into() })
        );
        assert!(next.problems().is_empty());

        // b1 taken → b2 (replacing b1) taken too: the server marked b1 as
        // followed up, so b2's alternative replaces b2 itself.
        let mut followed = server("b1", AppointmentStatus::SlotTaken, None);
        followed.replaced_by = Some("b2".into());
        record.merge(followed);
        let mut second = BookingRecord::new(next, now());
        second.merge(server("b2", AppointmentStatus::SlotTaken, None));
        let records = [record.clone(), second.clone()];
        let again = second.follow_up(&records, "b3".into(), wanted.clone(), "换个时间");
        assert_eq!(again.replaces.unwrap().booking_id, "b2");
        // Without b1 on the phone, the same.
        let again = second.follow_up(&[], "b3".into(), wanted, "换个时间");
        assert_eq!(again.replaces.unwrap().booking_id, "b2");
    }

    #[test]
    fn test_follow_up_of_a_taken_move_moves_the_booking_still_held() {
        // b1 confirmed, moved to b2, whose time was taken: b1 still holds
        // its time, so b2's alternative moves b1 (given up only when the
        // new time is held).
        let mut held = BookingRecord::new(request("b1"), now());
        held.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        let wanted = Wanted::Slot { counsellor_id: "C-0001".into(), start: at(8, 9) };
        let mut moving =
            BookingRecord::new(held.follow_up(&[], "b2".into(), wanted.clone(), "考试"), now());
        held.moved_to = Some("b2".into());
        moving.merge(server("b2", AppointmentStatus::SlotTaken, None));
        let records = [held.clone(), moving.clone()];
        assert_eq!(moving.moves(&records), "b1");
        let again = moving.follow_up(&records, "b3".into(), wanted, "考试");
        assert_eq!(again.replaces.unwrap().booking_id, "b1");
        // Once b1 is cancelled (moved elsewhere), a follow-up replaces b2.
        let mut gone = server("b1", AppointmentStatus::Cancelled, Some(slot(7, 9)));
        gone.replaced_by = Some("b9".into());
        held.merge(gone);
        assert_eq!(moving.moves(&[held, moving.clone()]), "b2");
    }

    #[test]
    fn test_a_taken_request_followed_up_is_settled() {
        let mut taken = BookingRecord::new(request("b1"), now());
        let mut first = server("b1", AppointmentStatus::SlotTaken, None);
        first.alternatives = vec![slot(7, 14)];
        taken.merge(first.clone());
        let mut next = BookingRecord::new(
            taken.follow_up(
                &[],
                "b2".into(),
                Wanted::FirstAvailable { from: at(7, 9), mode: None },
                "x",
            ),
            now(),
        );
        taken.moved_to = Some("b2".into());
        // The follow-up not sent, sending, then waiting: moving.
        for delivery in [Delivery::SavedOnDevice, Delivery::Sending, Delivery::Delivered] {
            next.delivery = delivery;
            let records = [taken.clone(), next.clone()];
            assert_eq!(taken.move_state(&records), MoveState::Pending);
            assert!(taken.change_pending(&records));
            assert!(matches!(taken.standing_among(&records), Standing::SlotTaken { .. }));
        }
        // Refused: the alternatives are offered again.
        next.delivery = Delivery::Rejected { code: "invalid_booking".into() };
        let records = [taken.clone(), next.clone()];
        assert_eq!(taken.move_state(&records), MoveState::None);
        assert!(!taken.change_pending(&records));
        assert_eq!(
            taken.standing_among(&records),
            Standing::SlotTaken { alternatives: vec![slot(7, 14)] }
        );
        // Decided (before this one's own update is pulled): settled.
        next.merge(server("b2", AppointmentStatus::Confirmed, Some(slot(7, 14))));
        let records = [taken.clone(), next.clone()];
        assert_eq!(taken.move_state(&records), MoveState::Decided);
        assert!(!taken.change_pending(&records));
        assert_eq!(taken.standing_among(&records), Standing::FollowedUp);
        // The server's word: followed up, on any phone.
        first.replaced_by = Some("b2".into());
        taken.merge(first);
        taken.moved_to = None;
        assert_eq!(taken.standing(), Standing::FollowedUp);
        assert!(!taken.change_pending(&[]));
        assert_eq!(held_keys(&[taken]), Vec::<String>::new());
    }

    #[test]
    fn test_a_confirmed_booking_being_moved_offers_no_other_change() {
        let mut held = BookingRecord::new(request("b1"), now());
        held.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        assert!(!held.change_pending(&[]));
        let wanted = Wanted::Slot { counsellor_id: "C-0001".into(), start: at(8, 9) };
        let mut next = BookingRecord::new(held.follow_up(&[], "b2".into(), wanted, "考试"), now());
        held.moved_to = Some("b2".into());
        assert!(held.moving(&[held.clone(), next.clone()]));
        assert!(held.change_pending(&[held.clone(), next.clone()]));
        assert!(!held.cancelling());
        // Its new time taken: the booking holds its time and can change again.
        next.merge(server("b2", AppointmentStatus::SlotTaken, None));
        let records = [held.clone(), next.clone()];
        assert!(!held.change_pending(&records));
        assert!(matches!(held.standing_among(&records), Standing::Confirmed { .. }));
    }

    #[test]
    fn test_a_refused_cancellation_is_told_on_the_booking() {
        let mut record = BookingRecord::new(request("b1"), now());
        record.merge(server("b1", AppointmentStatus::Confirmed, Some(slot(7, 9))));
        record.cancel = Some(LocalCancel {
            reason: "考试".into(),
            delivery: Delivery::Rejected { code: "too_late_to_change".into() },
        });
        assert!(!record.change_pending(&[]));
        assert_eq!(record.cancel_refused(), Some("too_late_to_change"));
        record.merge(server("b1", AppointmentStatus::Completed, Some(slot(7, 9))));
        assert_eq!(record.cancel_refused(), None);
    }

    #[test]
    fn test_keep_the_last_fourteen_days_and_the_undecided() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        let mut record = BookingRecord::new(request("b1"), now());
        assert!(record.keep(today), "undecided");
        record.merge(server("b1", AppointmentStatus::Completed, Some(slot(7, 9))));
        assert!(record.keep(today), "14 days ago");
        assert!(!record.keep(today.succ_opt().unwrap()), "15 days ago");
    }

    #[test]
    fn test_a_refused_request_goes_fourteen_school_days_after_it_was_made() {
        // 17:00 UTC on 30 Nov is 01:00 on 1 Dec at school.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap();
        let mut record = BookingRecord::new(request("b1"), late);
        record.delivery = Delivery::Rejected { code: "invalid_booking".into() };
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(record.keep(day(15)), "14 days after 1 Dec");
        assert!(!record.keep(day(16)), "15 days after 1 Dec");
        // Not sent yet: kept, however old.
        record.delivery = Delivery::SavedOnDevice;
        assert!(record.keep(day(31)));
    }

    fn schedule() -> Schedule {
        let weekly = |weekday, hour| WeeklySlot {
            weekday,
            start: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
            minutes: 50,
            mode: Mode::Phone,
            session_minutes: None,
            gap_minutes: 0,
        };
        let plan = |id: &str| DutyPlan {
            counsellor_id: id.into(),
            weekly: vec![weekly(Weekday::Mon, 9), weekly(Weekday::Tue, 14)],
            leaves: vec![],
        };
        Schedule {
            counsellors: vec![
                CounsellorPlan { name: "孙老师".into(), plan: plan("C-0001") },
                CounsellorPlan { name: "钱老师".into(), plan: plan("C-0002") },
            ],
            taken: vec!["C-0002/2026-12-07T09:00".into()],
            horizon_days: 28,
        }
    }

    #[test]
    fn test_bookable_slots_are_future_free_and_within_the_days() {
        // Mon 7 Dec 2026, 10:00: the 9:00 slots have passed.
        let slots = bookable_slots(&schedule(), at(7, 10), 14, None, &[]);
        let keys: Vec<String> = slots.iter().map(Slot::key).collect();
        assert_eq!(
            keys[..3],
            ["C-0001/2026-12-08T14:00", "C-0002/2026-12-08T14:00", "C-0001/2026-12-14T09:00"]
        );
        // Days 7..=20: Tue 8, Mon 14, Tue 15, Mon 14... never the 21st.
        assert_eq!(slots.len(), 6);
        let one = bookable_slots(
            &schedule(),
            at(6, 10),
            14,
            Some("C-0002"),
            &["C-0002/2026-12-08T14:00".into()],
        );
        let keys: Vec<String> = one.iter().map(Slot::key).collect();
        assert_eq!(keys, ["C-0002/2026-12-14T09:00", "C-0002/2026-12-15T14:00"]);
    }

    #[test]
    fn test_by_day_groups_in_order() {
        let days = by_day(vec![slot(7, 9), slot(7, 14), slot(8, 9)]);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].1.len(), 2);
        assert_eq!(days[1].0, NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
    }

    #[test]
    fn test_held_keys_hide_the_persons_own_slots() {
        let waiting = BookingRecord::new(request("b1"), now());
        let mut taken = BookingRecord::new(request("b2"), now());
        taken.merge(server("b2", AppointmentStatus::SlotTaken, None));
        assert_eq!(held_keys(&[waiting, taken]), ["C-0001/2026-12-07T09:00"]);
    }
}
