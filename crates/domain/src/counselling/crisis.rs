//! Where a call-back asked for in crisis lands (SPEC §3: the request is
//! flagged for the counsellor on duty). Not the first free slot of the next
//! weeks: the counsellor on duty now, or the next to come on duty, takes it,
//! in a free slot of hers if one starts then, and otherwise as an extra
//! call-back beside what she has booked. Always by phone: it is a call-back.
//! With nobody on duty within the horizon there is nobody to take it: the
//! person is told to call a hotline.

use std::collections::HashSet;

use chrono::{DateTime, Timelike, Utc};

use super::plan::{Mode, Slot};
use crate::school_offset;

/// Where a crisis call-back goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallBack {
    /// A free slot of the duty hours, held like any booking.
    Free(Slot),
    /// A call-back by phone beside the counsellor's booked slots: it holds
    /// no slot of the plan (its key is `crisis_key`).
    Extra(Slot),
}

impl CallBack {
    pub fn slot(&self) -> &Slot {
        match self {
            CallBack::Free(slot) | CallBack::Extra(slot) => slot,
        }
    }
}

/// What marks the key of an extra call-back (the schedule every phone reads
/// leaves these out: that someone asked for help is nobody else's business).
pub const CRISIS_KEY_MARK: &str = "/crisis/";

/// The key an extra call-back is held under: never a slot of the plan, and
/// one per booking.
pub fn crisis_key(slot: &Slot, booking_id: &str) -> String {
    format!("{}{CRISIS_KEY_MARK}{booking_id}", slot.key())
}

/// Where a crisis call-back asked for at `now` goes. `duty` holds the slots
/// of every plan that have not ended by `now` (booked or not); `taken` the
/// keys of the booked ones.
///
/// - Someone is on duty now: the extra call-back starts now, with the
///   counsellor whose slot now is free if there is one (she is waiting),
///   otherwise the one with the most of her slot left.
/// - Nobody is: at the start of the next duty, in a free slot starting then
///   if there is one (made a phone call), otherwise as an extra beside the
///   first booked one.
pub fn crisis_call_back(
    duty: &[Slot],
    taken: &HashSet<String>,
    now: DateTime<Utc>,
) -> Option<CallBack> {
    let free = |slot: &Slot| !taken.contains(&slot.key());
    let mut on_now: Vec<&Slot> =
        duty.iter().filter(|s| s.starts_at() <= now && now < s.ends_at()).collect();
    on_now.sort_by(|a, b| {
        free(b)
            .cmp(&free(a))
            .then_with(|| b.ends_at().cmp(&a.ends_at()))
            .then_with(|| a.counsellor_id.cmp(&b.counsellor_id))
    });
    if let Some(current) = on_now.first() {
        let start = now.with_timezone(&school_offset()).naive_local();
        let start = start.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(start);
        return Some(CallBack::Extra(phone_call(current, start)));
    }
    let next_start = duty.iter().filter(|s| s.starts_at() > now).map(|s| s.start).min()?;
    let mut starting: Vec<&Slot> = duty.iter().filter(|s| s.start == next_start).collect();
    starting.sort_by(|a, b| a.counsellor_id.cmp(&b.counsellor_id));
    if let Some(slot) = starting.iter().find(|s| free(s)) {
        // Held under the plan slot's key (which has no mode in it).
        return Some(CallBack::Free(phone_call(slot, slot.start)));
    }
    starting.first().map(|slot| CallBack::Extra(phone_call(slot, next_start)))
}

/// A call by the counsellor of `duty`, from `start`, as long as her slot.
fn phone_call(duty: &Slot, start: chrono::NaiveDateTime) -> Slot {
    Slot {
        counsellor_id: duty.counsellor_id.clone(),
        start,
        minutes: duty.minutes,
        mode: Mode::Phone,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};

    use super::*;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, minute, 0).unwrap()
    }

    fn slot(who: &str, start: NaiveDateTime, mode: Mode) -> Slot {
        Slot { counsellor_id: who.into(), start, minutes: 50, mode }
    }

    /// The instant of a school wall-clock time (UTC+8).
    fn instant(local: NaiveDateTime) -> DateTime<Utc> {
        school_offset().from_local_datetime(&local).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn test_nobody_on_duty_takes_the_next_free_slot_starting_first() {
        let duty = vec![
            slot("C-0002", at(1, 9, 0), Mode::Online),
            slot("C-0001", at(1, 9, 0), Mode::InPerson("203".into())),
            slot("C-0001", at(1, 10, 0), Mode::Phone),
        ];
        let taken: HashSet<String> = [duty[1].key()].into();
        // 03:00: nobody on duty; at 9:00 C-0001 is booked, C-0002 is free:
        // her online slot becomes a call, held under the slot's own key.
        let landed = crisis_call_back(&duty, &taken, instant(at(1, 3, 0))).unwrap();
        assert_eq!(landed, CallBack::Free(slot("C-0002", at(1, 9, 0), Mode::Phone)));
        assert_eq!(landed.slot().key(), duty[0].key());
    }

    #[test]
    fn test_every_next_slot_booked_gives_an_extra_call_at_the_next_duty() {
        let duty = vec![
            slot("C-0001", at(1, 9, 0), Mode::InPerson("203".into())),
            slot("C-0001", at(1, 10, 0), Mode::Online),
        ];
        // 10:00 is free, but a call at 9:00 comes sooner.
        let taken: HashSet<String> = [duty[0].key()].into();
        let landed = crisis_call_back(&duty, &taken, instant(at(1, 3, 0))).unwrap();
        let expected = slot("C-0001", at(1, 9, 0), Mode::Phone);
        assert_eq!(landed, CallBack::Extra(expected.clone()));
        // Held apart from the booked 9:00 slot, one key per booking.
        assert_eq!(crisis_key(landed.slot(), "b1"), "C-0001/2026-12-01T09:00/crisis/b1");
        assert_ne!(crisis_key(landed.slot(), "b1"), crisis_key(landed.slot(), "b2"));
    }

    #[test]
    fn test_on_duty_now_the_call_starts_now_with_the_free_counsellor() {
        let duty = vec![
            slot("C-0001", at(1, 9, 0), Mode::Online),
            slot("C-0002", at(1, 9, 30), Mode::Phone),
            slot("C-0003", at(1, 11, 0), Mode::Phone),
        ];
        let now = instant(at(1, 9, 40)) + chrono::Duration::seconds(25);
        // Both on duty and booked: C-0001's slot ends at 9:50, C-0002's at
        // 10:20, so C-0002 has the most time for the call.
        let taken: HashSet<String> = [duty[0].key(), duty[1].key()].into();
        let landed = crisis_call_back(&duty, &taken, now).unwrap();
        assert_eq!(landed, CallBack::Extra(slot("C-0002", at(1, 9, 40), Mode::Phone)));
        // C-0001's slot now is free: she is waiting, so she calls.
        let taken: HashSet<String> = [duty[1].key()].into();
        let landed = crisis_call_back(&duty, &taken, now).unwrap();
        assert_eq!(landed, CallBack::Extra(slot("C-0001", at(1, 9, 40), Mode::Phone)));
    }

    #[test]
    fn test_a_slot_that_ended_is_not_duty_and_no_plan_reaches_nobody() {
        let duty = vec![slot("C-0001", at(1, 9, 0), Mode::Phone)];
        // 9:50 is its end: nobody is on duty any more, and nothing follows.
        assert_eq!(crisis_call_back(&duty, &HashSet::new(), instant(at(1, 9, 50))), None);
        assert_eq!(crisis_call_back(&[], &HashSet::new(), instant(at(1, 9, 0))), None);
    }

    #[test]
    fn test_across_midnight_in_school_time() {
        // 23:30 on 31 Dec is 15:30 UTC: the next duty is 8:00 on 1 Jan.
        let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let duty = vec![slot("C-0001", new_year, Mode::Online)];
        let now = Utc.with_ymd_and_hms(2026, 12, 31, 15, 30, 0).unwrap();
        assert_eq!(
            crisis_call_back(&duty, &HashSet::new(), now),
            Some(CallBack::Free(slot("C-0001", new_year, Mode::Phone)))
        );
    }
}
