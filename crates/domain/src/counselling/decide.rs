//! The server's booking decisions (SPEC §3), as pure functions over the
//! facts a store reads: a request in order of arrival, a move, a
//! cancellation, and the slot a counsellor proposes. The store reads the
//! facts inside its write transaction, calls these, and writes what they
//! say; the slot itself stays held by the store's unique index.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};

use super::alternatives::nearest_free;
use super::appointment::AppointmentStatus;
use super::booking::{BookingRequest, BookingState, Urgency, Wanted, MAX_UPCOMING_BOOKINGS};
use super::crisis::{crisis_call_back, crisis_key, CallBack};
use super::notice::check_notice;
use super::plan::{DutyPlan, Mode, Slot};
use crate::sync::RejectCode;
use crate::{local_day, school_offset};

/// Slots are offered this many days ahead.
pub const HORIZON_DAYS: u64 = 28;

/// Alternatives offered for a taken slot.
pub const ALTERNATIVES: usize = 3;

/// A booking as stored: what a decision about it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub person_id: String,
    pub status: AppointmentStatus,
    /// `None` for a request whose slot was taken.
    pub slot: Option<Slot>,
    /// What was offered instead of a taken slot.
    pub alternatives: Vec<Slot>,
    /// The booking that moved this one, if one did.
    pub replaced_by: Option<String>,
}

/// The answer to a booking id sent again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Again {
    /// The same answer as the first time.
    Decided(BookingState),
    /// The id was first used by another person.
    IdOfAnotherPerson,
}

/// The answer to a request whose booking id is already `held`, sent by
/// `person_id`: the first answer again, never a second decision.
pub fn answer_again(held: &Held, person_id: &str) -> Again {
    if held.person_id != person_id {
        return Again::IdOfAnotherPerson;
    }
    match (held.status, &held.slot) {
        (AppointmentStatus::SlotTaken, _) | (_, None) => {
            Again::Decided(BookingState::SlotTaken { alternatives: held.alternatives.clone() })
        }
        (_, Some(slot)) => Again::Decided(BookingState::Confirmed(slot.clone())),
    }
}

/// What a store knows when a new request arrives.
#[derive(Debug, Clone, Copy)]
pub struct RequestFacts<'a> {
    pub person_id: &'a str,
    /// A request whose booking id is not stored yet (see [`answer_again`]).
    pub request: &'a BookingRequest,
    /// The booking the request moves, as stored (`None`: no such booking,
    /// or the request moves nothing).
    pub moving: Option<&'a Held>,
    /// The person's confirmed bookings: their ids and slots.
    pub confirmed: &'a [(String, Slot)],
    /// The plans of the counsellors still on the roster.
    pub plans: &'a [DutyPlan],
    /// The keys of every held slot.
    pub taken: &'a HashSet<String>,
    pub now: DateTime<Utc>,
    /// The centre's notice for changes.
    pub notice_minutes: u32,
    /// The person's latest counselling consent (`None`: never given).
    pub consented: Option<bool>,
    /// The person's confirmed crisis call-backs: their ids and slots.
    pub call_backs: &'a [(String, Slot)],
}

/// What becomes of a new request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestOutcome {
    /// Nothing is written: the move is not allowed, or the person holds too
    /// many appointments.
    Refused(RejectCode),
    /// A new booking is written (confirmed or "slot taken").
    Booked(NewBooking),
}

/// The booking a request makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    pub state: BookingState,
    /// The key the slot is held under (`None` when the slot was taken).
    pub slot_key: Option<String>,
    /// The counsellor it is with, or was asked of.
    pub counsellor_id: Option<String>,
    /// The booking it moves, and what becomes of it.
    pub moved: Option<Moved>,
}

/// The earlier booking of a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub booking_id: String,
    pub change: MoveChange,
}

/// What a move does to the earlier booking. Its slot is given up only
/// when the new one is held; a taken request is followed up either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveChange {
    /// It held a slot, and the new one is held: cancelled, with the reason.
    Cancel { reason: String },
    /// It was a taken request: marked as followed up by the new one.
    FollowedUp,
    /// It holds its slot still (the new request's slot was taken).
    Kept,
}

/// Decides a new request, in order of arrival: the person's consent to the
/// service (a crisis needs none), and one open crisis call-back at a time;
/// a move only of the person's own booking, while the notice allows it; at
/// most
/// [`MAX_UPCOMING_BOOKINGS`] upcoming appointments (a crisis is never held
/// back); then the slot asked for if free, the counsellor on duty in
/// crisis, or the first free slot; otherwise "slot taken" with the nearest
/// free alternatives.
pub fn decide_request(facts: &RequestFacts<'_>) -> RequestOutcome {
    let RequestFacts { person_id, request, now, .. } = *facts;
    if let Err(code) = crate::privacy::consent::may_book(request.urgency, facts.consented) {
        return RequestOutcome::Refused(code);
    }
    if request.urgency == Urgency::Crisis && open_call_back(facts.call_backs, now).is_some() {
        return RequestOutcome::Refused(RejectCode::CallBackOpen);
    }
    if request.replaces.is_some() {
        if let Err(code) = may_move(facts.moving, person_id, now, facts.notice_minutes) {
            return RequestOutcome::Refused(code);
        }
    }
    if request.urgency != Urgency::Crisis {
        let moving = request.replaces.as_ref().map(|r| r.booking_id.as_str());
        if upcoming(facts.confirmed, moving, now) >= MAX_UPCOMING_BOOKINGS {
            return RequestOutcome::Refused(RejectCode::TooManyBookings);
        }
    }
    let slots = open_slots(facts.plans, now);
    let chosen = choose_slot(request, facts.plans, &slots, facts.taken, now);
    let (state, slot_key, counsellor_id) = match chosen {
        Some((slot, key)) => {
            let counsellor = Some(slot.counsellor_id.clone());
            (BookingState::Confirmed(slot), Some(key), counsellor)
        }
        None => {
            let alternatives = alternatives_for(&request.wanted, &slots, facts.taken, now);
            let counsellor = match &request.wanted {
                Wanted::Slot { counsellor_id, .. } => Some(counsellor_id.clone()),
                Wanted::FirstAvailable { .. } => None,
            };
            (BookingState::SlotTaken { alternatives }, None, counsellor)
        }
    };
    let moved = request.replaces.as_ref().map(|replacing| {
        let confirmed = matches!(state, BookingState::Confirmed(_));
        let was = facts.moving.map(|held| held.status);
        let change = match was {
            Some(AppointmentStatus::SlotTaken) => MoveChange::FollowedUp,
            _ if confirmed => MoveChange::Cancel { reason: replacing.reason.trim().to_owned() },
            _ => MoveChange::Kept,
        };
        Moved { booking_id: replacing.booking_id.clone(), change }
    });
    RequestOutcome::Booked(NewBooking { state, slot_key, counsellor_id, moved })
}

/// The person's crisis call-back still open at `now` (not yet ended): a
/// second request is answered with it, never a second call on the desk.
pub fn open_call_back(call_backs: &[(String, Slot)], now: DateTime<Utc>) -> Option<&str> {
    call_backs.iter().find(|(_, slot)| slot.ends_at() > now).map(|(id, _)| id.as_str())
}

/// Whether the booking `moving` may be moved by `person_id` at `now`: their
/// own, not moved before, holding a slot at least the notice ahead (or a
/// request whose slot was taken).
pub fn may_move(
    moving: Option<&Held>,
    person_id: &str,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<(), RejectCode> {
    let Some(held) = moving else { return Err(RejectCode::UnknownBooking) };
    if held.person_id != person_id || held.replaced_by.is_some() {
        return Err(RejectCode::UnknownBooking);
    }
    match (held.status, &held.slot) {
        (AppointmentStatus::SlotTaken, _) => Ok(()),
        (AppointmentStatus::Confirmed, Some(slot)) => {
            check_notice(slot.starts_at(), now, notice_minutes)
                .map_err(|_| RejectCode::TooLateToChange)
        }
        _ => Err(RejectCode::UnknownBooking),
    }
}

/// Whether `person_id` may cancel the booking `held` at `now`: their own
/// confirmed booking, at least the notice before its start.
pub fn may_cancel(
    held: Option<&Held>,
    person_id: &str,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<(), RejectCode> {
    let Some(held) = held else { return Err(RejectCode::UnknownBooking) };
    let (AppointmentStatus::Confirmed, Some(slot)) = (held.status, &held.slot) else {
        return Err(RejectCode::UnknownBooking);
    };
    if held.person_id != person_id {
        return Err(RejectCode::UnknownBooking);
    }
    check_notice(slot.starts_at(), now, notice_minutes).map_err(|_| RejectCode::TooLateToChange)
}

/// How many of the `confirmed` appointments start from `now`'s minute on,
/// not counting the one being moved.
pub fn upcoming(confirmed: &[(String, Slot)], moving: Option<&str>, now: DateTime<Utc>) -> usize {
    let from = minute_of(now);
    confirmed.iter().filter(|(id, slot)| Some(id.as_str()) != moving && slot.start >= from).count()
}

/// `now` on the school's wall clock, to the minute (as slots start).
fn minute_of(now: DateTime<Utc>) -> NaiveDateTime {
    let local = now.with_timezone(&school_offset()).naive_local();
    local.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(local)
}

/// The slot a request gets, and the key it is held under; `None` when
/// nothing it asks for is free.
fn choose_slot(
    request: &BookingRequest,
    plans: &[DutyPlan],
    slots: &[Slot],
    taken: &HashSet<String>,
    now: DateTime<Utc>,
) -> Option<(Slot, String)> {
    let free = |slot: &&Slot| !taken.contains(&slot.key());
    match &request.wanted {
        Wanted::Slot { .. } => {
            let key = request.wanted.key();
            slots.iter().filter(free).find(|s| Some(s.key()) == key).cloned().map(keyed)
        }
        // A call-back in crisis: the counsellor on duty, not the first free
        // slot of the weeks to come.
        Wanted::FirstAvailable { .. } if request.urgency == Urgency::Crisis => {
            match crisis_call_back(&duty_slots(plans, now), taken, now)? {
                CallBack::Free(slot) => Some(keyed(slot)),
                CallBack::Extra(slot) => {
                    let key = crisis_key(&slot, &request.booking_id);
                    Some((slot, key))
                }
            }
        }
        Wanted::FirstAvailable { from, .. } => slots
            .iter()
            .filter(free)
            .find(|s| s.start >= *from && s.mode.suits(request.wanted.way()))
            .cloned()
            .map(keyed),
    }
}

/// The nearest free slots to what was asked for, in the way of meeting
/// asked for if one was.
fn alternatives_for(
    wanted: &Wanted,
    slots: &[Slot],
    taken: &HashSet<String>,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let (counsellor_id, start) = match wanted {
        Wanted::Slot { counsellor_id, start } => (counsellor_id.clone(), *start),
        Wanted::FirstAvailable { from, .. } => (String::new(), *from),
    };
    let around = Slot { counsellor_id, start, minutes: 0, mode: Mode::Phone };
    let candidates: Vec<Slot> =
        slots.iter().filter(|s| s.mode.suits(wanted.way())).cloned().collect();
    nearest_free(&around, &candidates, taken, now, 0, ALTERNATIVES)
}

/// A slot of the plan, held under its own key.
fn keyed(slot: Slot) -> (Slot, String) {
    let key = slot.key();
    (slot, key)
}

/// Every slot of every plan starting after `now`, to the horizon, in time
/// order (then by counsellor).
pub fn open_slots(plans: &[DutyPlan], now: DateTime<Utc>) -> Vec<Slot> {
    let today = local_day(now);
    let last = today + chrono::Days::new(HORIZON_DAYS);
    let mut slots: Vec<Slot> = plans
        .iter()
        .flat_map(|plan| plan.slots_between(today, last))
        .filter(|slot| slot.starts_at() > now)
        .collect();
    crate::order::sort_by(&mut slots, |a, b| {
        a.start.cmp(&b.start).then_with(|| a.counsellor_id.cmp(&b.counsellor_id))
    });
    slots
}

/// Every slot of every plan that has not ended by `now` (booked or not),
/// to the horizon: who is on duty now, and who comes on next.
pub fn duty_slots(plans: &[DutyPlan], now: DateTime<Utc>) -> Vec<Slot> {
    let today = local_day(now);
    // From yesterday: a slot may run past midnight.
    let from = today.pred_opt().unwrap_or(today);
    let last = today + chrono::Days::new(HORIZON_DAYS);
    plans
        .iter()
        .flat_map(|plan| plan.slots_between(from, last))
        .filter(|slot| slot.ends_at() > now)
        .collect()
}

/// The slot a counsellor may propose instead: one of her own free slots of
/// the published plan, starting at `start`, after `now` and within the
/// horizon; `None` when she has no such slot.
pub fn proposal(
    plans: &[DutyPlan],
    taken: &HashSet<String>,
    counsellor_id: &str,
    start: NaiveDateTime,
    now: DateTime<Utc>,
) -> Option<Slot> {
    let hers: Vec<DutyPlan> =
        plans.iter().filter(|p| p.counsellor_id == counsellor_id).cloned().collect();
    let wanted = Wanted::Slot { counsellor_id: counsellor_id.to_owned(), start }.key();
    open_slots(&hers, now)
        .into_iter()
        .find(|s| Some(s.key()) == wanted && !taken.contains(&s.key()))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::counselling::booking::Replacing;
    use crate::counselling::my_bookings::tests::{at, slot};

    /// On weekdays at 9:00 and 10:00, by phone, 50 minutes.
    fn plan(counsellor: &str) -> DutyPlan {
        crate::counselling::alternatives::tests::plan(counsellor, &[9, 10])
    }

    fn instant(local: NaiveDateTime) -> DateTime<Utc> {
        school_offset().from_local_datetime(&local).unwrap().with_timezone(&Utc)
    }

    fn request(wanted: Wanted) -> BookingRequest {
        BookingRequest {
            booking_id: "new".into(),
            wanted,
            topic: String::new(),
            phone: "138 0000 0001".into(),
            anonymous: false,
            urgency: Urgency::Routine,
            replaces: None,
        }
    }

    fn named(day: u32, hour: u32) -> Wanted {
        Wanted::Slot { counsellor_id: "C-0001".into(), start: at(day, hour) }
    }

    fn held(status: AppointmentStatus, slot: Option<Slot>) -> Held {
        Held { person_id: "S-1".into(), status, slot, alternatives: vec![], replaced_by: None }
    }

    /// Monday 7 Dec 2026, 07:00 at school.
    fn monday_morning() -> DateTime<Utc> {
        instant(at(7, 7))
    }

    fn decide(
        request: &BookingRequest,
        moving: Option<&Held>,
        confirmed: &[(String, Slot)],
        taken: &HashSet<String>,
    ) -> RequestOutcome {
        decide_request(&RequestFacts {
            person_id: "S-1",
            request,
            moving,
            confirmed,
            plans: &[plan("C-0001")],
            taken,
            now: monday_morning(),
            notice_minutes: 120,
            consented: Some(true),
            call_backs: &[],
        })
    }

    fn booked(outcome: RequestOutcome) -> NewBooking {
        match outcome {
            RequestOutcome::Booked(booking) => booking,
            other => panic!("not booked: {other:?}"),
        }
    }

    #[test]
    fn test_a_free_slot_is_confirmed_under_its_key() {
        let booking = booked(decide(&request(named(8, 9)), None, &[], &HashSet::new()));
        assert_eq!(booking.state, BookingState::Confirmed(slot(8, 9)));
        assert_eq!(booking.slot_key.as_deref(), Some("C-0001/2026-12-08T09:00"));
        assert_eq!(booking.counsellor_id.as_deref(), Some("C-0001"));
        assert_eq!(booking.moved, None);
    }

    #[test]
    fn test_a_taken_slot_offers_the_nearest_free_ones() {
        let taken: HashSet<String> = [slot(8, 9).key()].into();
        let booking = booked(decide(&request(named(8, 9)), None, &[], &taken));
        let BookingState::SlotTaken { alternatives } = booking.state else { panic!() };
        // 10:00 is an hour after; Monday's 10:00 and 9:00 next (earlier on a tie).
        assert_eq!(alternatives, [slot(7, 9), slot(7, 10), slot(8, 10)]);
        assert_eq!(booking.slot_key, None);
        assert_eq!(booking.counsellor_id.as_deref(), Some("C-0001"), "the one asked of");
    }

    #[test]
    fn test_first_available_takes_the_first_free_slot_from_then() {
        let wanted = Wanted::FirstAvailable { from: at(7, 8), mode: None };
        let taken: HashSet<String> = [slot(7, 9).key()].into();
        let booking = booked(decide(&request(wanted), None, &[], &taken));
        assert_eq!(booking.state, BookingState::Confirmed(slot(7, 10)));
        // Online asked for, none offered: taken, no counsellor asked of.
        let online = Wanted::FirstAvailable { from: at(7, 8), mode: Some(Mode::Online) };
        let booking = booked(decide(&request(online), None, &[], &taken));
        assert_eq!(booking.state, BookingState::SlotTaken { alternatives: vec![] });
        assert_eq!(booking.counsellor_id, None);
    }

    #[test]
    fn test_a_crisis_goes_to_the_next_duty_even_when_it_is_booked() {
        let wanted = Wanted::FirstAvailable { from: at(7, 7), mode: None };
        let crisis = BookingRequest { urgency: Urgency::Crisis, ..request(wanted) };
        let taken: HashSet<String> = [slot(7, 9).key()].into();
        let full: Vec<(String, Slot)> = (8..11).map(|d| (format!("b{d}"), slot(d, 9))).collect();
        let booking = booked(decide(&crisis, None, &full, &taken));
        assert_eq!(booking.state, BookingState::Confirmed(slot(7, 9)));
        assert_eq!(booking.slot_key.as_deref(), Some("C-0001/2026-12-07T09:00/crisis/new"));
    }

    fn decide_with(
        request: &BookingRequest,
        consented: Option<bool>,
        call_backs: &[(String, Slot)],
    ) -> RequestOutcome {
        decide_request(&RequestFacts {
            person_id: "S-1",
            request,
            moving: None,
            confirmed: &[],
            plans: &[plan("C-0001")],
            taken: &HashSet::new(),
            now: monday_morning(),
            notice_minutes: 120,
            consented,
            call_backs,
        })
    }

    #[test]
    fn test_a_booking_without_consent_is_refused_but_a_crisis_is_not() {
        let routine = request(named(8, 9));
        for consent in [None, Some(false)] {
            let refused = decide_with(&routine, consent, &[]);
            assert_eq!(refused, RequestOutcome::Refused(RejectCode::ConsentRequired));
        }
        let wanted = Wanted::FirstAvailable { from: at(7, 7), mode: None };
        let crisis = BookingRequest { urgency: Urgency::Crisis, ..request(wanted) };
        assert!(matches!(decide_with(&crisis, None, &[]), RequestOutcome::Booked(_)));
    }

    #[test]
    fn test_a_second_crisis_call_back_while_one_is_open_is_refused() {
        let wanted = Wanted::FirstAvailable { from: at(7, 7), mode: None };
        let crisis = BookingRequest { urgency: Urgency::Crisis, ..request(wanted) };
        let open = vec![("first".to_string(), slot(7, 9))];
        let refused = decide_with(&crisis, Some(true), &open);
        assert_eq!(refused, RequestOutcome::Refused(RejectCode::CallBackOpen));
        // Ended (yesterday's): a new one is taken.
        let ended = vec![("old".to_string(), slot(6, 9))];
        assert!(matches!(decide_with(&crisis, Some(true), &ended), RequestOutcome::Booked(_)));
        // A routine booking beside an open call-back is not held back.
        let routine = decide_with(&request(named(8, 9)), Some(true), &open);
        assert!(matches!(routine, RequestOutcome::Booked(_)));
        assert_eq!(open_call_back(&open, monday_morning()), Some("first"));
    }

    #[test]
    fn test_at_most_three_upcoming_and_the_moved_one_does_not_count() {
        let mut confirmed: Vec<(String, Slot)> =
            (8..11).map(|d| (format!("b{d}"), slot(d, 9))).collect();
        let taken: HashSet<String> = confirmed.iter().map(|(_, s)| s.key()).collect();
        assert_eq!(
            decide(&request(named(11, 9)), None, &confirmed, &taken),
            RequestOutcome::Refused(RejectCode::TooManyBookings)
        );
        // One of them moved: two others, room for the new one.
        let moving = held(AppointmentStatus::Confirmed, Some(slot(8, 9)));
        let moves = BookingRequest {
            replaces: Some(Replacing { booking_id: "b8".into(), reason: " exam ".into() }),
            ..request(named(11, 9))
        };
        let booking = booked(decide(&moves, Some(&moving), &confirmed, &taken));
        assert_eq!(
            booking.moved,
            Some(Moved {
                booking_id: "b8".into(),
                change: MoveChange::Cancel { reason: "exam".into() }
            })
        );
        // A past one does not count (the current minute still does).
        confirmed[0].1 = slot(4, 9);
        assert_eq!(upcoming(&confirmed, None, monday_morning()), 2);
        confirmed[0].1 = slot(7, 7);
        assert_eq!(upcoming(&confirmed, None, monday_morning() + Duration::seconds(30)), 3);
    }

    #[test]
    fn test_a_move_is_refused_unless_own_unmoved_and_before_the_notice() {
        let now = monday_morning();
        let mine = held(AppointmentStatus::Confirmed, Some(slot(8, 9)));
        assert_eq!(may_move(Some(&mine), "S-1", now, 120), Ok(()));
        assert_eq!(may_move(None, "S-1", now, 120), Err(RejectCode::UnknownBooking));
        assert_eq!(may_move(Some(&mine), "S-2", now, 120), Err(RejectCode::UnknownBooking));
        let moved = Held { replaced_by: Some("b2".into()), ..mine.clone() };
        assert_eq!(may_move(Some(&moved), "S-1", now, 120), Err(RejectCode::UnknownBooking));
        let soon = held(AppointmentStatus::Confirmed, Some(slot(7, 8)));
        assert_eq!(may_move(Some(&soon), "S-1", now, 120), Err(RejectCode::TooLateToChange));
        let taken = held(AppointmentStatus::SlotTaken, None);
        assert_eq!(may_move(Some(&taken), "S-1", now, 120), Ok(()));
        let done = held(AppointmentStatus::Completed, Some(slot(8, 9)));
        assert_eq!(may_move(Some(&done), "S-1", now, 120), Err(RejectCode::UnknownBooking));
        // Refused before anything is chosen.
        let moves = BookingRequest {
            replaces: Some(Replacing { booking_id: "b".into(), reason: "x".into() }),
            ..request(named(8, 10))
        };
        assert_eq!(
            decide(&moves, Some(&soon), &[], &HashSet::new()),
            RequestOutcome::Refused(RejectCode::TooLateToChange)
        );
    }

    #[test]
    fn test_a_move_gives_up_the_old_slot_only_when_the_new_one_is_held() {
        let moves = |wanted| BookingRequest {
            replaces: Some(Replacing { booking_id: "old".into(), reason: "r".into() }),
            ..request(wanted)
        };
        let taken: HashSet<String> = [slot(8, 9).key()].into();
        let confirmed = held(AppointmentStatus::Confirmed, Some(slot(9, 9)));
        let kept = booked(decide(&moves(named(8, 9)), Some(&confirmed), &[], &taken));
        assert_eq!(kept.moved.unwrap().change, MoveChange::Kept);
        let was_taken = held(AppointmentStatus::SlotTaken, None);
        for wanted in [named(8, 9), named(8, 10)] {
            let followed = booked(decide(&moves(wanted), Some(&was_taken), &[], &taken));
            assert_eq!(followed.moved.unwrap().change, MoveChange::FollowedUp);
        }
    }

    #[test]
    fn test_the_same_id_again_gets_the_first_answer() {
        let confirmed = held(AppointmentStatus::Confirmed, Some(slot(8, 9)));
        assert_eq!(
            answer_again(&confirmed, "S-1"),
            Again::Decided(BookingState::Confirmed(slot(8, 9)))
        );
        assert_eq!(answer_again(&confirmed, "S-2"), Again::IdOfAnotherPerson);
        let taken =
            Held { alternatives: vec![slot(8, 10)], ..held(AppointmentStatus::SlotTaken, None) };
        assert_eq!(
            answer_again(&taken, "S-1"),
            Again::Decided(BookingState::SlotTaken { alternatives: vec![slot(8, 10)] })
        );
        // Cancelled since: still the slot it was given.
        let cancelled = held(AppointmentStatus::Cancelled, Some(slot(8, 9)));
        assert_eq!(
            answer_again(&cancelled, "S-1"),
            Again::Decided(BookingState::Confirmed(slot(8, 9)))
        );
    }

    #[test]
    fn test_a_cancellation_of_ones_own_confirmed_booking_before_the_notice() {
        let now = monday_morning();
        let mine = held(AppointmentStatus::Confirmed, Some(slot(8, 9)));
        assert_eq!(may_cancel(Some(&mine), "S-1", now, 120), Ok(()));
        assert_eq!(may_cancel(Some(&mine), "S-2", now, 120), Err(RejectCode::UnknownBooking));
        assert_eq!(may_cancel(None, "S-1", now, 120), Err(RejectCode::UnknownBooking));
        let taken = held(AppointmentStatus::SlotTaken, None);
        assert_eq!(may_cancel(Some(&taken), "S-1", now, 120), Err(RejectCode::UnknownBooking));
        let soon = held(AppointmentStatus::Confirmed, Some(slot(7, 8)));
        assert_eq!(may_cancel(Some(&soon), "S-1", now, 120), Err(RejectCode::TooLateToChange));
    }

    #[test]
    fn test_a_proposal_is_one_of_her_own_free_future_slots() {
        let plans = [plan("C-0001"), plan("C-0002")];
        let now = monday_morning();
        let none = HashSet::new();
        assert_eq!(proposal(&plans, &none, "C-0001", at(8, 10), now), Some(slot(8, 10)));
        let taken: HashSet<String> = [slot(8, 10).key()].into();
        assert_eq!(proposal(&plans, &taken, "C-0001", at(8, 10), now), None, "booked");
        assert_eq!(proposal(&plans, &none, "C-0001", at(8, 11), now), None, "not in her plan");
        assert_eq!(proposal(&plans, &none, "C-0001", at(4, 9), now), None, "past");
        assert_eq!(proposal(&plans, &none, "C-0003", at(8, 10), now), None, "no plan");
        let beyond = at(7, 9) + Duration::days(HORIZON_DAYS as i64 + 1);
        assert_eq!(proposal(&plans, &none, "C-0001", beyond, now), None, "beyond the horizon");
    }

    #[test]
    fn test_open_and_duty_slots() {
        let plans = [plan("C-0002"), plan("C-0001")];
        // Monday 9:30: the 9:00 slots run still, the 10:00 ones are open.
        let now = instant(at(7, 9)) + Duration::minutes(30);
        let open = open_slots(&plans, now);
        assert_eq!(open[0].start, at(7, 10));
        assert_eq!(open[0].counsellor_id, "C-0001");
        assert_eq!(open[1].counsellor_id, "C-0002");
        let duty = duty_slots(&plans, now);
        assert!(duty.iter().any(|s| s.start == at(7, 9)));
        assert!(!open.iter().any(|s| s.start == at(7, 9)));
    }
}
