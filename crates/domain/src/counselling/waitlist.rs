//! The waitlist (SPEC §3): when no slot suits, a person waits for a
//! counsellor (or any) and a way of meeting (or any). When a slot frees —
//! a booking cancelled or declined, new duty hours published — everyone
//! waiting for it is offered it on their next sync; the first request to
//! arrive gets it (the server decides bookings in order of arrival, as
//! ever), and the others see it gone and stay on the list. A person
//! waits in one entry at a time; booking any slot ends it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::booking::is_valid_phone;
use super::plan::{Mode, Slot};
use crate::ErrorCode;

/// At most this many new slots of a plan just published are offered to
/// one entry (the nearest first): enough to choose, not a timetable.
pub const MAX_NEW_OFFERS: usize = 3;

/// What the phone sends to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistJoin {
    /// Made on the phone (UUID): the entry's id from then on.
    pub entry_id: String,
    /// `None`: any counsellor.
    #[serde(default)]
    pub counsellor_id: Option<String>,
    /// `None`: any way of meeting (by kind: any room in person).
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Where the counsellor can call back, used for the booking made from
    /// an offer.
    pub phone: String,
    #[serde(default)]
    pub anonymous: bool,
}

/// Where an entry stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitlistState {
    Waiting,
    /// The person left the list (or withdrew their consent).
    Left,
    /// The person booked a slot: the wait is over.
    Booked {
        booking_id: String,
    },
}

/// A slot offered to an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotOffer {
    pub slot: Slot,
    pub counsellor_name: String,
    pub offered_at: DateTime<Utc>,
    /// Someone's request for it arrived first.
    #[serde(default)]
    pub gone: bool,
}

/// An entry as the person sees it (pulled after each change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistStanding {
    pub join: WaitlistJoin,
    /// The counsellor's name when one was named.
    #[serde(default)]
    pub counsellor_name: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub state: WaitlistState,
    /// In time order of the slots.
    #[serde(default)]
    pub offers: Vec<SlotOffer>,
}

impl WaitlistStanding {
    /// The offers still to take, nearest first.
    pub fn open_offers(&self) -> impl Iterator<Item = &SlotOffer> {
        self.offers.iter().filter(|o| !o.gone)
    }
}

/// Whether `slot` is one the entry waits for.
pub fn suits(join: &WaitlistJoin, slot: &Slot) -> bool {
    join.counsellor_id.as_ref().is_none_or(|c| *c == slot.counsellor_id)
        && slot.mode.suits(join.mode.as_ref())
}

/// The checks of a join on its own: the id, the counsellor's id, the
/// phone.
pub fn judge(join: &WaitlistJoin) -> Result<(), ErrorCode> {
    if !crate::sync::is_uuid(&join.entry_id) {
        return Err(ErrorCode::MalformedId);
    }
    if join.counsellor_id.as_ref().is_some_and(|c| !crate::profile::is_valid_person_id(c)) {
        return Err(ErrorCode::InvalidBooking);
    }
    if let Some(Mode::InPerson(room)) = &join.mode {
        if room.chars().count() > super::plan::MAX_ROOM_CHARS {
            return Err(ErrorCode::TextTooLong);
        }
    }
    if !is_valid_phone(&join.phone) {
        return Err(ErrorCode::InvalidPhone);
    }
    Ok(())
}

/// What the server knows when a join arrives.
#[derive(Debug, Clone, Copy)]
pub struct JoinFacts<'a> {
    /// The person's consent to the counselling service stands.
    pub consented: bool,
    /// The counsellor named is on duty (has a published plan).
    pub counsellor_on_duty: bool,
    /// The person's entry still waiting, if any.
    pub waiting: Option<&'a str>,
}

/// Whether the person may join: with the service's consent, for a
/// counsellor who publishes duty hours, once at a time.
pub fn may_join(join: &WaitlistJoin, facts: JoinFacts) -> Result<(), ErrorCode> {
    judge(join)?;
    if !facts.consented {
        return Err(ErrorCode::ConsentRequired);
    }
    if join.counsellor_id.is_some() && !facts.counsellor_on_duty {
        return Err(ErrorCode::InvalidBooking);
    }
    match facts.waiting {
        Some(_) => Err(ErrorCode::OnWaitlist),
        None => Ok(()),
    }
}

/// Whether the person may leave an entry: `owner` holds it, and it is
/// `waiting` still.
pub fn may_leave(owner: Option<&str>, waiting: bool, person_id: &str) -> Result<(), ErrorCode> {
    match owner {
        Some(owner) if owner == person_id && waiting => Ok(()),
        _ => Err(ErrorCode::NotOnWaitlist),
    }
}

/// The slots of a plan just published to offer an entry: those that
/// suit it, not offered before, nearest first, at most
/// [`MAX_NEW_OFFERS`]. `new_free` is in time order.
pub fn new_offers<'a>(
    join: &WaitlistJoin,
    new_free: &'a [Slot],
    offered: &[String],
) -> Vec<&'a Slot> {
    new_free
        .iter()
        .filter(|s| suits(join, s) && !offered.contains(&s.key()))
        .take(MAX_NEW_OFFERS)
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const ENTRY: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    fn join(counsellor: Option<&str>, mode: Option<Mode>) -> WaitlistJoin {
        WaitlistJoin {
            entry_id: ENTRY.into(),
            counsellor_id: counsellor.map(Into::into),
            mode,
            phone: "138 0000 0001".into(),
            anonymous: false,
        }
    }

    fn slot(counsellor: &str, hour: u32, mode: Mode) -> Slot {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        Slot {
            counsellor_id: counsellor.into(),
            start: day.and_hms_opt(hour, 0, 0).unwrap(),
            minutes: 50,
            mode,
        }
    }

    #[test]
    fn test_an_entry_waits_for_its_counsellor_and_way_or_any() {
        let room = |r: &str| Mode::InPerson(r.into());
        let anyone = join(None, None);
        assert!(suits(&anyone, &slot("C-0001", 9, Mode::Phone)));
        assert!(suits(&anyone, &slot("C-0002", 9, room("203"))));
        let wang_in_person = join(Some("C-0001"), Some(room("")));
        assert!(suits(&wang_in_person, &slot("C-0001", 9, room("心理中心 203"))));
        assert!(!suits(&wang_in_person, &slot("C-0001", 9, Mode::Phone)));
        assert!(!suits(&wang_in_person, &slot("C-0002", 9, room("203"))));
    }

    #[test]
    fn test_joining_needs_the_consent_a_counsellor_on_duty_and_no_other_entry() {
        let facts = JoinFacts { consented: true, counsellor_on_duty: true, waiting: None };
        assert_eq!(may_join(&join(Some("C-0001"), None), facts), Ok(()));
        let without = JoinFacts { consented: false, ..facts };
        assert_eq!(may_join(&join(None, None), without), Err(ErrorCode::ConsentRequired));
        let off_duty = JoinFacts { counsellor_on_duty: false, ..facts };
        assert_eq!(may_join(&join(Some("C-0009"), None), off_duty), Err(ErrorCode::InvalidBooking));
        assert_eq!(may_join(&join(None, None), off_duty), Ok(()), "any counsellor");
        let again = JoinFacts { waiting: Some("other"), ..facts };
        assert_eq!(may_join(&join(None, None), again), Err(ErrorCode::OnWaitlist));
        let bad_phone = WaitlistJoin { phone: "call me".into(), ..join(None, None) };
        assert_eq!(may_join(&bad_phone, facts), Err(ErrorCode::InvalidPhone));
        let bad_id = WaitlistJoin { entry_id: "1".into(), ..join(None, None) };
        assert_eq!(judge(&bad_id), Err(ErrorCode::MalformedId));
        let long_room = join(None, Some(Mode::InPerson("室".repeat(41))));
        assert_eq!(judge(&long_room), Err(ErrorCode::TextTooLong));
    }

    #[test]
    fn test_only_the_person_leaves_their_waiting_entry() {
        assert_eq!(may_leave(Some("2020-0101"), true, "2020-0101"), Ok(()));
        assert_eq!(may_leave(Some("2020-0102"), true, "2020-0101"), Err(ErrorCode::NotOnWaitlist));
        assert_eq!(may_leave(Some("2020-0101"), false, "2020-0101"), Err(ErrorCode::NotOnWaitlist));
        assert_eq!(may_leave(None, false, "2020-0101"), Err(ErrorCode::NotOnWaitlist));
    }

    #[test]
    fn test_new_duty_hours_offer_a_few_suitable_slots_not_offered_before() {
        let free: Vec<Slot> = (8..14).map(|h| slot("C-0001", h, Mode::Phone)).collect();
        let mut by_phone = join(None, Some(Mode::Phone));
        let offered = vec![free[0].key()];
        let picked: Vec<u32> = new_offers(&by_phone, &free, &offered)
            .iter()
            .map(|s| chrono::Timelike::hour(&s.start))
            .collect();
        assert_eq!(picked, [9, 10, 11], "nearest first, at most {MAX_NEW_OFFERS}");
        by_phone.mode = Some(Mode::Online);
        assert!(new_offers(&by_phone, &free, &offered).is_empty());
    }
}
