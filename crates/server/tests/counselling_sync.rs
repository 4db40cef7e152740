//! Bookings through sync, over real HTTP: requests made offline arrive as
//! pushes and are decided in order of arrival; the person's phone hears
//! every decision (its own, the counsellor's) through the pull.

mod support;

use anxin_domain::counselling::booking::{BookingRequest, Replacing, Urgency, Wanted};
use anxin_domain::counselling::{
    Appointment, AppointmentStatus, DutyPlan, Mode, MyBooking, Slot, WeeklySlot,
};
use anxin_domain::school_offset;
use anxin_domain::sync::{Change, Mutation, Outcome, RejectCode};
use chrono::{Datelike, Days, Duration, NaiveDateTime, Timelike, Utc};
use reqwest::StatusCode;
use support::sync::{bookings, pull_all, push, uuid};
use support::{add_students, student, token_of, TestServer};

const COUNSELLOR: &str = "C-0001";

/// Every day at 9, 10, 11, 14 and 15, by phone.
fn plan() -> DutyPlan {
    anxin_domain::fixtures::daily_plan(COUNSELLOR, &[9, 10, 11, 14, 15], Mode::Phone)
}

fn tomorrow_at(hour: u32) -> NaiveDateTime {
    let tomorrow = anxin_domain::local_day(Utc::now()) + Days::new(1);
    tomorrow.and_hms_opt(hour, 0, 0).unwrap()
}

fn request(n: u64, start: NaiveDateTime) -> BookingRequest {
    BookingRequest {
        booking_id: uuid(n),
        wanted: Wanted::Slot { counsellor_id: COUNSELLOR.into(), start },
        topic: "考试焦虑".into(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency: Urgency::Soon,
        replaces: None,
    }
}

fn mutation(seq: u64, n: u64, change: Change) -> Mutation {
    Mutation { id: uuid(5000 + n), seq, device_time: Utc::now(), change }
}

/// The person's booking as their phone last pulled it.
async fn latest(http: &reqwest::Client, base: &str, person: &str, id: &str) -> MyBooking {
    let all = bookings(pull_all(http, base, person).await);
    all.into_iter().rev().find(|b| b.booking_id == id).expect("the booking was pulled")
}

async fn start() -> (TestServer, reqwest::Client, String) {
    let server = TestServer::start().await;
    add_students(server.data_dir.path(), 50);
    support::consent_to_counselling(server.data_dir.path(), support::everyone(50));
    let store = support::store_at(server.data_dir.path());
    store.publish_plan(&plan(), Utc::now()).unwrap();
    let base = server.url("");
    (server, reqwest::Client::new(), base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn test_fifty_pushes_for_one_slot_confirm_exactly_one() {
    let (_server, http, base) = start().await;
    let wanted = tomorrow_at(10);
    let pushes = (0..50u64).map(|n| {
        let (http, base) = (http.clone(), base.clone());
        tokio::spawn(async move {
            let person = student(n as usize);
            let change = Change::BookingRequest(request(n + 1, wanted));
            let client = uuid(900 + n);
            let answer = push(&http, &base, &person, &client, vec![mutation(1, n, change)]).await;
            assert_eq!(answer.results[0].outcome, Outcome::Applied);
            latest(&http, &base, &person, &uuid(n + 1)).await
        })
    });
    let mut decided = Vec::new();
    for push in pushes {
        decided.push(push.await.unwrap());
    }
    let confirmed: Vec<&MyBooking> =
        decided.iter().filter(|b| b.status == AppointmentStatus::Confirmed).collect();
    assert_eq!(confirmed.len(), 1, "{decided:?}");
    assert_eq!(confirmed[0].slot.as_ref().map(|s| s.start), Some(wanted));
    assert_eq!(confirmed[0].counsellor_name.as_deref(), Some("孙老师"));
    let taken: Vec<&MyBooking> =
        decided.iter().filter(|b| b.status == AppointmentStatus::SlotTaken).collect();
    assert_eq!(taken.len(), 49);
    for booking in taken {
        assert!(booking.slot.is_none());
        assert_eq!(booking.alternatives.len(), 3, "{booking:?}");
        assert!(booking.alternatives.iter().all(|s| s.start != wanted));
    }
}

#[tokio::test]
async fn test_a_taken_request_takes_an_alternative_in_one_request() {
    let (_server, http, base) = start().await;
    let (first, second) = (student(0), student(1));
    let wanted = tomorrow_at(9);
    let change = Change::BookingRequest(request(1, wanted));
    push(&http, &base, &first, &uuid(901), vec![mutation(1, 1, change)]).await;
    let change = Change::BookingRequest(request(2, wanted));
    push(&http, &base, &second, &uuid(902), vec![mutation(1, 2, change)]).await;
    let lost = latest(&http, &base, &second, &uuid(2)).await;
    assert_eq!(lost.status, AppointmentStatus::SlotTaken);
    let alternative: &Slot = &lost.alternatives[0];

    let take = BookingRequest {
        booking_id: uuid(3),
        wanted: Wanted::Slot { counsellor_id: COUNSELLOR.into(), start: alternative.start },
        replaces: Some(Replacing { booking_id: uuid(2), reason: "换一个时间".into() }),
        ..request(3, wanted)
    };
    let answer =
        push(&http, &base, &second, &uuid(902), vec![mutation(2, 3, Change::BookingRequest(take))])
            .await;
    assert_eq!(answer.results[0].outcome, Outcome::Applied);
    let taken = latest(&http, &base, &second, &uuid(3)).await;
    assert_eq!(taken.status, AppointmentStatus::Confirmed);
    assert_eq!(taken.slot.as_ref(), Some(alternative));
    let followed = latest(&http, &base, &second, &uuid(2)).await;
    assert_eq!(followed.replaced_by.as_deref(), Some(uuid(3).as_str()));
}

async fn appointments(http: &reqwest::Client, base: &str) -> Vec<Appointment> {
    let today = anxin_domain::local_day(Utc::now());
    let url =
        format!("{base}/api/v1/counselling/appointments?from={today}&to={}", today + Days::new(7));
    let response = http.get(url).bearer_auth(token_of(COUNSELLOR)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn act(
    http: &reqwest::Client,
    base: &str,
    id: &str,
    action: serde_json::Value,
) -> StatusCode {
    let url = format!("{base}/api/v1/counselling/appointments/{id}/status");
    http.post(url).bearer_auth(token_of(COUNSELLOR)).json(&action).send().await.unwrap().status()
}

#[tokio::test]
async fn test_cancel_and_move_need_a_reason_and_the_notice_and_the_counsellor_sees_why() {
    let (_server, http, base) = start().await;
    let person = student(0);
    let client = uuid(901);
    let at_ten = tomorrow_at(10);
    let first = Change::BookingRequest(request(1, at_ten));
    push(&http, &base, &person, &client, vec![mutation(1, 1, first)]).await;

    // Moved to 14:00 with a reason: the 10:00 slot is given up.
    let moved = BookingRequest {
        replaces: Some(Replacing { booking_id: uuid(1), reason: "上午有考试".into() }),
        ..request(2, tomorrow_at(14))
    };
    let cancel_unknown =
        Change::BookingCancel { booking_id: uuid(77), reason: "不需要了".into() };
    let blank_reason = Change::BookingCancel { booking_id: uuid(2), reason: " ".into() };
    let answer = push(
        &http,
        &base,
        &person,
        &client,
        vec![
            mutation(2, 2, Change::BookingRequest(moved)),
            mutation(3, 3, cancel_unknown),
            mutation(4, 4, blank_reason),
        ],
    )
    .await;
    let outcomes: Vec<&Outcome> = answer.results.iter().map(|r| &r.outcome).collect();
    assert_eq!(outcomes[0], &Outcome::Applied);
    assert!(matches!(outcomes[1], Outcome::Rejected { code: RejectCode::UnknownBooking, .. }));
    assert!(matches!(outcomes[2], Outcome::Rejected { code: RejectCode::InvalidBooking, .. }));
    let old = latest(&http, &base, &person, &uuid(1)).await;
    assert_eq!(old.status, AppointmentStatus::Cancelled);
    assert_eq!(old.reason.as_deref(), Some("上午有考试"));

    // The counsellor confirms it and proposes 15:00; the phone hears both.
    let moved_id = uuid(2);
    assert_eq!(act(&http, &base, &moved_id, serde_json::json!("accept")).await, StatusCode::OK);
    let propose = |at: NaiveDateTime| serde_json::json!({ "propose": { "start": at } });
    // Noon is not in her plan; 10:00 is free again but 14:00 is this one.
    let refused = act(&http, &base, &moved_id, propose(tomorrow_at(12))).await;
    assert_eq!(refused, StatusCode::CONFLICT);
    assert_eq!(act(&http, &base, &moved_id, propose(tomorrow_at(14))).await, StatusCode::CONFLICT);
    let propose = propose(tomorrow_at(15));
    assert_eq!(act(&http, &base, &moved_id, propose).await, StatusCode::OK);
    let seen = latest(&http, &base, &person, &moved_id).await;
    assert!(seen.accepted);
    assert_eq!(seen.proposed.as_ref().map(|s| s.start), Some(tomorrow_at(15)));

    // Cancelled with a reason: the counsellor sees why.
    let cancel =
        Change::BookingCancel { booking_id: moved_id.clone(), reason: "已经好多了".into() };
    let answer = push(&http, &base, &person, &client, vec![mutation(5, 5, cancel)]).await;
    assert_eq!(answer.results[0].outcome, Outcome::Applied);
    let list = appointments(&http, &base).await;
    let cancelled = list.iter().find(|a| a.booking_id == moved_id).unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(cancelled.reason.as_deref(), Some("已经好多了"));
    assert_eq!(latest(&http, &base, &person, &moved_id).await.status, AppointmentStatus::Cancelled);
}

#[tokio::test]
async fn test_too_close_to_the_start_a_booking_cannot_be_cancelled() {
    let server = TestServer::start().await;
    add_students(server.data_dir.path(), 1);
    support::consent_to_counselling(server.data_dir.path(), [student(0)]);
    // A slot every day starting within the next hour (two hours' notice).
    let soon = (Utc::now() + Duration::minutes(61)).with_timezone(&school_offset()).naive_local();
    let start = soon.with_second(0).unwrap().with_nanosecond(0).unwrap();
    let mut plan = plan();
    plan.weekly = vec![WeeklySlot {
        weekday: start.weekday(),
        start: start.time(),
        minutes: 15,
        mode: Mode::Phone,
        session_minutes: None,
        gap_minutes: 0,
    }];
    let store = support::store_at(server.data_dir.path());
    store.publish_plan(&plan, Utc::now()).unwrap();
    let (http, base, person) = (reqwest::Client::new(), server.url(""), student(0));
    let book = Change::BookingRequest(request(1, start));
    push(&http, &base, &person, &uuid(901), vec![mutation(1, 1, book)]).await;
    assert_eq!(latest(&http, &base, &person, &uuid(1)).await.status, AppointmentStatus::Confirmed);
    let cancel = Change::BookingCancel { booking_id: uuid(1), reason: "临时有课".into() };
    let answer = push(&http, &base, &person, &uuid(901), vec![mutation(2, 2, cancel)]).await;
    assert!(matches!(
        answer.results[0].outcome,
        Outcome::Rejected { code: RejectCode::TooLateToChange, .. }
    ));
    assert_eq!(latest(&http, &base, &person, &uuid(1)).await.status, AppointmentStatus::Confirmed);

    // Nor can the counsellor propose another time: it could not be taken.
    let url = format!("{base}/api/v1/counselling/appointments/{}/status", uuid(1));
    let propose = serde_json::json!({ "propose": { "start": tomorrow_at(9) } });
    let response =
        http.post(url).bearer_auth(token_of(COUNSELLOR)).json(&propose).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_late_to_propose", "{body}");
}

#[tokio::test]
async fn test_a_booking_id_of_another_person_is_refused_and_nothing_leaks() {
    let (_server, http, base) = start().await;
    let change = Change::BookingRequest(request(1, tomorrow_at(11)));
    push(&http, &base, &student(0), &uuid(901), vec![mutation(1, 1, change.clone())]).await;
    let answer = push(&http, &base, &student(1), &uuid(902), vec![mutation(1, 2, change)]).await;
    assert!(matches!(
        answer.results[0].outcome,
        Outcome::Rejected { code: RejectCode::IdReused, .. }
    ));
    assert!(bookings(pull_all(&http, &base, &student(1)).await).is_empty());
}

#[tokio::test]
async fn test_a_person_holds_three_upcoming_appointments_at_most_but_a_crisis_always_goes_in() {
    let (_server, http, base) = start().await;
    let person = student(0);
    let client = uuid(901);
    let hours = [9, 10, 11, 14];
    let mutations = hours
        .iter()
        .zip(1u64..)
        .map(|(hour, n)| mutation(n, n, Change::BookingRequest(request(n, tomorrow_at(*hour)))))
        .collect();
    let answer = push(&http, &base, &person, &client, mutations).await;
    let outcomes: Vec<&Outcome> = answer.results.iter().map(|r| &r.outcome).collect();
    assert_eq!(outcomes[..3], [&Outcome::Applied; 3]);
    assert!(matches!(outcomes[3], Outcome::Rejected { code: RejectCode::TooManyBookings, .. }));

    // Moving one of the three is not a fourth.
    let moved = BookingRequest {
        replaces: Some(Replacing { booking_id: uuid(1), reason: "改到下午".into() }),
        ..request(5, tomorrow_at(15))
    };
    let crisis = BookingRequest {
        urgency: Urgency::Crisis,
        wanted: Wanted::FirstAvailable { from: tomorrow_at(0), mode: None },
        ..request(6, tomorrow_at(0))
    };
    let answer = push(
        &http,
        &base,
        &person,
        &client,
        vec![
            mutation(5, 5, Change::BookingRequest(moved)),
            mutation(6, 6, Change::BookingRequest(crisis)),
        ],
    )
    .await;
    assert_eq!(answer.results[0].outcome, Outcome::Applied);
    assert_eq!(answer.results[1].outcome, Outcome::Applied);
    let crisis = latest(&http, &base, &person, &uuid(6)).await;
    assert_eq!(crisis.status, AppointmentStatus::Confirmed, "{crisis:?}");
}

#[tokio::test]
async fn test_a_counsellor_who_left_the_roster_is_given_no_bookings() {
    let (server, http, base) = start().await;
    let store = support::store_at(server.data_dir.path());
    let example = std::fs::read_to_string(support::example_roster()).unwrap();
    let without: String =
        example.lines().filter(|l| !l.starts_with(COUNSELLOR)).map(|l| format!("{l}\n")).collect();
    let file = server.data_dir.path().join("roster.csv");
    std::fs::write(&file, without).unwrap();
    let people = anxin_server::roster_file::read_roster(&file).unwrap();
    store.import_roster(&people, Utc::now()).unwrap();

    let person = "2020-0101";
    let first = BookingRequest {
        wanted: Wanted::FirstAvailable { from: tomorrow_at(0), mode: None },
        ..request(1, tomorrow_at(0))
    };
    let change = Change::BookingRequest(first);
    push(&http, &base, person, &uuid(901), vec![mutation(1, 1, change)]).await;
    let left = latest(&http, &base, person, &uuid(1)).await;
    assert_eq!(left.status, AppointmentStatus::SlotTaken, "{left:?}");
    assert!(left.alternatives.is_empty());
}

/// The next slot of `plan()` that has not started at `now`.
fn next_duty_start(now: chrono::DateTime<Utc>) -> NaiveDateTime {
    let today = anxin_domain::local_day(now);
    plan()
        .slots_between(today, today + Days::new(2))
        .into_iter()
        .find(|s| s.starts_at() > now)
        .expect("a slot within two days")
        .start
}

#[tokio::test]
async fn test_a_crisis_call_back_goes_to_the_counsellor_on_duty_even_when_booked() {
    let (server, http, base) = start().await;
    // Her slots are online: a call-back is a phone call all the same.
    let online = anxin_domain::fixtures::daily_plan(COUNSELLOR, &[9, 10, 11, 14, 15], Mode::Online);
    let store = support::store_at(server.data_dir.path());
    store.publish_plan(&online, Utc::now()).unwrap();
    let asked_at = Utc::now();
    // Someone holds the next slot of the duty hours; later ones are free.
    let next = next_duty_start(asked_at);
    let held = request(1, next);
    push(&http, &base, &student(0), &uuid(901), vec![mutation(1, 1, Change::BookingRequest(held))])
        .await;
    assert_eq!(
        latest(&http, &base, &student(0), &uuid(1)).await.status,
        AppointmentStatus::Confirmed
    );

    // Two people in crisis ask to be called back.
    for (n, person) in [(2u64, student(1)), (3, student(2))] {
        let crisis = BookingRequest {
            urgency: Urgency::Crisis,
            wanted: Wanted::FirstAvailable { from: asked_at.naive_utc(), mode: None },
            anonymous: true,
            ..request(n, next)
        };
        let change = Change::BookingRequest(crisis);
        push(&http, &base, &person, &uuid(900 + n), vec![mutation(1, n, change)]).await;
        let landed = latest(&http, &base, &person, &uuid(n)).await;
        assert_eq!(landed.status, AppointmentStatus::Confirmed, "{landed:?}");
        let slot = landed.slot.expect("a time to be called back");
        // By the counsellor on duty now, or at the start of her next duty:
        // never the first free slot after it.
        assert_eq!(slot.counsellor_id, COUNSELLOR);
        assert_eq!(slot.mode, Mode::Phone);
        assert!(slot.start <= next, "{slot:?} after the next duty at {next}");
        let now_local = asked_at.with_timezone(&school_offset()).naive_local();
        assert!(slot.start >= now_local - Duration::minutes(1), "{slot:?} before {now_local}");
    }
    // The booked slot is still its holder's, and both calls are on her desk,
    // flagged as crisis, the first person's appointment beside them.
    assert_eq!(
        latest(&http, &base, &student(0), &uuid(1)).await.status,
        AppointmentStatus::Confirmed
    );
    let desk = appointments(&http, &base).await;
    let crisis: Vec<&Appointment> = desk.iter().filter(|a| a.urgency == Urgency::Crisis).collect();
    assert_eq!(crisis.len(), 2, "{desk:?}");
    assert!(crisis.iter().all(|a| a.status == AppointmentStatus::Confirmed));
    assert!(desk.iter().any(|a| a.booking_id == uuid(1) && a.slot.start == next));

    // Every phone's schedule shows the held slot, and nothing of the calls:
    // that someone asked for help is nobody else's business.
    let url = format!("{base}/api/v1/counselling/schedule");
    let response = http.get(url).bearer_auth(token_of(&student(3))).send().await.unwrap();
    let schedule: anxin_domain::counselling::Schedule = response.json().await.unwrap();
    let held =
        Slot { counsellor_id: COUNSELLOR.into(), start: next, minutes: 50, mode: Mode::Online };
    assert_eq!(schedule.taken, [held.key()], "{schedule:?}");
}

#[tokio::test]
async fn test_the_first_free_time_in_a_way_of_meeting_offers_alternatives_that_way_only() {
    let (_server, http, base) = start().await;
    // Every slot is by phone: nothing online to give, and no phone times
    // offered instead.
    let online = BookingRequest {
        wanted: Wanted::FirstAvailable { from: tomorrow_at(0), mode: Some(Mode::Online) },
        ..request(1, tomorrow_at(0))
    };
    let person = student(0);
    push(&http, &base, &person, &uuid(901), vec![mutation(1, 1, Change::BookingRequest(online))])
        .await;
    let refused = latest(&http, &base, &person, &uuid(1)).await;
    assert_eq!(refused.status, AppointmentStatus::SlotTaken, "{refused:?}");
    assert!(refused.alternatives.is_empty(), "{refused:?}");
    // By phone, the first free one.
    let phone = BookingRequest {
        wanted: Wanted::FirstAvailable { from: tomorrow_at(0), mode: Some(Mode::Phone) },
        ..request(2, tomorrow_at(0))
    };
    push(&http, &base, &person, &uuid(901), vec![mutation(2, 2, Change::BookingRequest(phone))])
        .await;
    let booked = latest(&http, &base, &person, &uuid(2)).await;
    assert_eq!(booked.slot.as_ref().map(|s| s.start), Some(tomorrow_at(9)), "{booked:?}");
}

#[tokio::test]
async fn test_with_no_duty_hours_a_crisis_call_back_reaches_nobody_and_says_so() {
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let crisis = BookingRequest {
        urgency: Urgency::Crisis,
        wanted: Wanted::FirstAvailable { from: Utc::now().naive_utc(), mode: None },
        ..request(1, tomorrow_at(9))
    };
    let person = "2020-0101";
    push(&http, &base, person, &uuid(901), vec![mutation(1, 1, Change::BookingRequest(crisis))])
        .await;
    let landed = latest(&http, &base, person, &uuid(1)).await;
    assert_eq!(landed.status, AppointmentStatus::SlotTaken, "{landed:?}");
    assert!(landed.alternatives.is_empty());
}
