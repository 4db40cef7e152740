//! Booking decisions on a real SQLite file: many phones asking for one
//! slot at once get it exactly once (each with its own connection, so the
//! database, not a lock in this process, decides), and the slot is held by
//! a unique index that even a write around the code cannot break.

mod support;

use anxin_server::args;

use std::sync::{Arc, Barrier};

use anxin_domain::counselling::booking::{BookingRequest, BookingState, Urgency, Wanted};
use anxin_domain::counselling::{DutyPlan, Mode, Slot};
use anxin_domain::profile::PersonCategory;
use anxin_domain::roster::{Role, RosterPerson};
use anxin_server::store::BookingAnswer;
use chrono::{Days, Utc};

const STUDENTS: usize = 50;

fn student(n: usize) -> String {
    format!("2026-{n:04}")
}

fn roster() -> Vec<RosterPerson> {
    let mut people: Vec<RosterPerson> = (0..STUDENTS)
        .map(|n| RosterPerson {
            id: student(n),
            name: format!("学生{n}"),
            roles: [Role::Declarant].into(),
            category: Some(PersonCategory::Student),
            department: "信息工程学院".into(),
            class_name: "软件2601".into(),
            phone: String::new(),
            advises: Default::default(),
            scope: None,
        })
        .collect();
    people.push(RosterPerson {
        id: "C-0001".into(),
        name: "孙老师".into(),
        roles: [Role::Counsellor].into(),
        category: None,
        department: "心理健康教育与咨询中心".into(),
        class_name: String::new(),
        phone: String::new(),
        advises: Default::default(),
        scope: None,
    });
    people
}

/// Every day of the week at 9, 10, 11, 14 and 15, by phone.
fn plan() -> DutyPlan {
    anxin_domain::fixtures::daily_plan("C-0001", &[9, 10, 11, 14, 15], Mode::Phone)
}

fn setup() -> (tempfile::TempDir, Slot) {
    let dir = tempfile::tempdir().unwrap();
    let store = support::store_at(dir.path());
    store.import_roster(&roster(), Utc::now()).unwrap();
    store.publish_plan(&plan(), Utc::now()).unwrap();
    support::consent_to_counselling(dir.path(), (0..STUDENTS).map(student));
    let tomorrow = anxin_domain::local_day(Utc::now()) + Days::new(1);
    let slot = plan().slots_between(tomorrow, tomorrow)[1].clone();
    (dir, slot)
}

fn request(n: usize, wanted: Wanted) -> BookingRequest {
    BookingRequest {
        booking_id: format!("00000000-0000-4000-8000-{n:012x}"),
        wanted,
        topic: String::new(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency: Urgency::Routine,
        replaces: None,
    }
}

fn for_slot(slot: &Slot) -> Wanted {
    Wanted::Slot { counsellor_id: slot.counsellor_id.clone(), start: slot.start }
}

#[test]
fn test_fifty_phones_one_slot_exactly_one_confirmed() {
    let (dir, slot) = setup();
    let barrier = Arc::new(Barrier::new(STUDENTS));
    let threads: Vec<_> = (0..STUDENTS)
        .map(|n| {
            let (path, barrier, wanted) = (dir.path().to_owned(), barrier.clone(), for_slot(&slot));
            std::thread::spawn(move || {
                let store = support::store_at(&path);
                barrier.wait();
                store.request_booking(&student(n), &request(n, wanted), Utc::now(), 120).unwrap()
            })
        })
        .collect();
    let answers: Vec<BookingAnswer> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let confirmed = answers
        .iter()
        .filter(|a| matches!(a, BookingAnswer::Decided(BookingState::Confirmed(s)) if s.key() == slot.key()))
        .count();
    assert_eq!(confirmed, 1);
    for answer in &answers {
        if let BookingAnswer::Decided(BookingState::SlotTaken { alternatives }) = answer {
            assert_eq!(alternatives.len(), 3);
            assert!(alternatives.iter().all(|a| a.key() != slot.key()));
        }
    }
    let taken = answers
        .iter()
        .filter(|a| matches!(a, BookingAnswer::Decided(BookingState::SlotTaken { .. })))
        .count();
    assert_eq!(taken, STUDENTS - 1);
}

#[test]
fn test_the_database_refuses_a_second_holder_of_a_slot() {
    let (dir, slot) = setup();
    let store = support::store_at(dir.path());
    let first =
        store.request_booking(&student(0), &request(0, for_slot(&slot)), Utc::now(), 120).unwrap();
    assert!(matches!(first, BookingAnswer::Decided(BookingState::Confirmed(_))));
    let written_around_the_code = support::with_sql(dir.path(), |tx| {
        Ok(tx
            .execute(
                "INSERT INTO bookings (booking_id, person_id, slot_key, topic, phone, anonymous,
                     urgency, status, requested_at, decided_at)
                 VALUES ('x', ?1, ?2, '', '', 0, '\"routine\"', 'confirmed', '', '')",
                args![student(1), slot.key()],
            )
            .map_err(|err| err.to_string()))
    });
    let err = written_around_the_code.unwrap_err().to_lowercase();
    assert!(err.contains("unique") || err.contains("duplicate key"), "{err}");
}

#[test]
fn test_a_request_is_decided_once_and_its_id_is_its_own() {
    let (dir, slot) = setup();
    let store = support::store_at(dir.path());
    let first =
        store.request_booking(&student(0), &request(7, for_slot(&slot)), Utc::now(), 120).unwrap();
    let again =
        store.request_booking(&student(0), &request(7, for_slot(&slot)), Utc::now(), 120).unwrap();
    assert_eq!(first, again);
    let stolen =
        store.request_booking(&student(1), &request(7, for_slot(&slot)), Utc::now(), 120).unwrap();
    assert_eq!(stolen, BookingAnswer::IdOfAnotherPerson);
}

#[test]
fn test_first_available_takes_the_earliest_free_slot() {
    let (dir, slot) = setup();
    let store = support::store_at(dir.path());
    let from = slot.start - chrono::Duration::hours(1);
    // The slot one hour before `slot` (a tomorrow's first slot) is taken first.
    let first = store
        .request_booking(
            &student(0),
            &request(1, Wanted::FirstAvailable { from, mode: None }),
            Utc::now(),
            120,
        )
        .unwrap();
    let BookingAnswer::Decided(BookingState::Confirmed(first)) = first else { panic!("{first:?}") };
    assert_eq!(first.start, from);
    let second = store
        .request_booking(
            &student(1),
            &request(2, Wanted::FirstAvailable { from, mode: None }),
            Utc::now(),
            120,
        )
        .unwrap();
    let BookingAnswer::Decided(BookingState::Confirmed(second)) = second else {
        panic!("{second:?}")
    };
    assert_eq!(second.key(), slot.key());
}

#[test]
fn test_the_schedule_names_counsellors_and_booked_slots_only() {
    let (dir, slot) = setup();
    let store = support::store_at(dir.path());
    store.request_booking(&student(3), &request(3, for_slot(&slot)), Utc::now(), 120).unwrap();
    let schedule = store.schedule(Utc::now()).unwrap();
    assert_eq!(schedule.counsellors.len(), 1);
    assert_eq!(schedule.counsellors[0].name, "孙老师");
    assert_eq!(schedule.taken, [slot.key()]);
    let text = serde_json::to_string(&schedule).unwrap();
    assert!(!text.contains(&student(3)), "who booked is not in the schedule");
    let tomorrow = slot.start.date();
    let free = schedule.free_slots(tomorrow, tomorrow);
    assert_eq!(free.len(), 4);
    assert!(free.iter().all(|s| s.key() != slot.key()));
}
