//! Words for one of the person's bookings: its state, how they will be
//! reached, and its calendar file.

use anxin_domain::counselling::ics::{appointment_ics, EventText};
use anxin_domain::counselling::my_bookings::{BookingRecord, Standing};
use anxin_domain::counselling::{Mode, Slot, Urgency};

use super::booking_slots::mode_label;
use crate::declaring::device_now;
use crate::i18n::Texts;

pub fn standing_name(standing: &Standing) -> &'static str {
    match standing {
        Standing::Rejected(_) => "rejected",
        Standing::NotSent => "not_sent",
        Standing::Waiting => "waiting",
        Standing::Confirmed { .. } => "confirmed",
        Standing::SlotTaken { .. } => "slot_taken",
        Standing::FollowedUp => "followed_up",
        Standing::Declined { .. } => "declined",
        Standing::Cancelled { .. } => "cancelled",
        Standing::Completed => "completed",
        Standing::NoShow => "no_show",
    }
}

pub fn standing_words(texts: &Texts, standing: &Standing, sending: bool) -> String {
    match standing {
        Standing::Rejected(code) => format!("{}{}", texts.booking_rejected, texts.rejection(code)),
        Standing::NotSent if sending => texts.delivery_sending.to_owned(),
        Standing::NotSent => texts.booking_not_sent.to_owned(),
        Standing::Waiting => texts.booking_waiting.to_owned(),
        Standing::Confirmed { accepted: true, .. } => {
            format!("{} · {}", texts.booking_confirmed, texts.booking_accepted)
        }
        Standing::Confirmed { .. } => texts.booking_confirmed.to_owned(),
        Standing::SlotTaken { alternatives } if alternatives.is_empty() => {
            texts.booking_taken_none.to_owned()
        }
        Standing::SlotTaken { .. } => texts.booking_taken.to_owned(),
        Standing::FollowedUp => texts.booking_followed_up.to_owned(),
        Standing::Declined { reason } => match reason {
            Some(reason) => format!("{}: {reason}", texts.booking_declined),
            None => texts.booking_declined.to_owned(),
        },
        Standing::Cancelled { moved: true, .. } => texts.booking_moved.to_owned(),
        Standing::Cancelled { .. } => texts.booking_cancelled.to_owned(),
        Standing::Completed => texts.booking_completed.to_owned(),
        Standing::NoShow => texts.booking_no_show.to_owned(),
    }
}

/// How the person will be reached, for the card: anonymous, and the
/// number called back (a phone appointment, or a crisis call-back).
pub fn reach_line(record: &BookingRecord) -> Option<(bool, Option<String>)> {
    let request = &record.request;
    let by_phone = match record.slot() {
        Some(slot) => slot.mode == Mode::Phone,
        None => request.urgency == Urgency::Crisis,
    };
    let phone = (by_phone && !request.phone.is_empty()).then(|| request.phone.clone());
    (request.anonymous || phone.is_some()).then_some((request.anonymous, phone))
}

/// The calendar file of a confirmed appointment, as a link (works offline).
/// No topic in it: calendars are often synced to a cloud.
pub fn ics_href(texts: &Texts, record: &BookingRecord, slot: &Slot, counsellor: &str) -> String {
    let location = mode_label(texts, &slot.mode);
    let text = EventText {
        summary: texts.ics_summary,
        location: &location,
        description: counsellor,
        reminder: texts.ics_reminder,
    };
    let ics = appointment_ics(record.id(), slot, &text, device_now());
    format!("data:text/calendar;charset=utf-8,{}", js_sys::encode_uri_component(&ics))
}

#[cfg(test)]
mod tests {
    use anxin_domain::counselling::{Mode, Slot};
    use chrono::NaiveDate;

    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn test_a_taken_request_with_nothing_free_points_to_the_hotlines() {
        for lang in [Lang::En, Lang::ZhCn] {
            let texts = lang.texts();
            let none = Standing::SlotTaken { alternatives: vec![] };
            assert_eq!(standing_words(texts, &none, false), texts.booking_taken_none);
            let slot = Slot {
                counsellor_id: "C-0001".into(),
                start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 0, 0).unwrap(),
                minutes: 50,
                mode: Mode::Phone,
            };
            let some = Standing::SlotTaken { alternatives: vec![slot] };
            assert_eq!(standing_words(texts, &some, false), texts.booking_taken);
        }
    }
}
