//! The counsellor's desk over real HTTP: "completed" and "no-show" taken
//! back within ten minutes (and not after), a move shown as a move, and a
//! block of duty hours booked by its sessions.

mod support;

use anxin_server::args;

use anxin_domain::counselling::booking::{BookingRequest, Replacing, Urgency, Wanted};
use anxin_domain::counselling::{Appointment, AppointmentStatus, Mode, Slot, WeeklySlot};
use anxin_domain::school_offset;
use anxin_domain::sync::{Change, Mutation, Outcome};
use chrono::{Datelike, Days, Duration, NaiveDateTime, SecondsFormat, Timelike, Utc};
use reqwest::StatusCode;
use support::sync::{push, uuid};
use support::{add_students, student, token_of, TestServer};

const COUNSELLOR: &str = "C-0001";

fn tomorrow_at(hour: u32, minute: u32) -> NaiveDateTime {
    let tomorrow = anxin_domain::local_day(Utc::now()) + Days::new(1);
    tomorrow.and_hms_opt(hour, minute, 0).unwrap()
}

fn request(n: u64, start: NaiveDateTime) -> BookingRequest {
    BookingRequest {
        booking_id: uuid(n),
        wanted: Wanted::Slot { counsellor_id: COUNSELLOR.into(), start },
        topic: String::new(),
        phone: "13800000000".into(),
        anonymous: false,
        urgency: Urgency::Routine,
        replaces: None,
    }
}

fn mutation(seq: u64, change: Change) -> Mutation {
    Mutation { id: uuid(5000 + seq), seq, device_time: Utc::now(), change }
}

async fn start(plan: anxin_domain::counselling::DutyPlan) -> (TestServer, reqwest::Client, String) {
    let server = TestServer::start().await;
    add_students(server.data_dir.path(), 2);
    support::consent_to_counselling(server.data_dir.path(), support::everyone(2));
    support::store_at(server.data_dir.path()).publish_plan(&plan, Utc::now()).unwrap();
    let base = server.url("");
    (server, reqwest::Client::new(), base)
}

/// Her appointments from yesterday to a week ahead.
async fn desk(http: &reqwest::Client, base: &str) -> Vec<Appointment> {
    let today = anxin_domain::local_day(Utc::now());
    let url = format!(
        "{base}/api/v1/counselling/appointments?from={}&to={}",
        today - Days::new(1),
        today + Days::new(7)
    );
    let response = http.get(url).bearer_auth(token_of(COUNSELLOR)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Her action; the status code and the error code, if any.
async fn act(http: &reqwest::Client, base: &str, id: &str, action: &str) -> (StatusCode, String) {
    let url = format!("{base}/api/v1/counselling/appointments/{id}/status");
    let response = http
        .post(url)
        .bearer_auth(token_of(COUNSELLOR))
        .json(&serde_json::json!(action))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    (status, body["error"]["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn test_a_mark_is_undone_within_ten_minutes_and_not_after() {
    // Setup: a booking whose time began an hour ago (written into the
    // database, as the clock cannot be moved).
    let plan = anxin_domain::fixtures::daily_plan(COUNSELLOR, &[10], Mode::Phone);
    let (server, http, base) = start(plan).await;
    let book = Change::BookingRequest(request(1, tomorrow_at(10, 0)));
    push(&http, &base, &student(0), &uuid(901), vec![mutation(1, book)]).await;
    let begun = (Utc::now() - Duration::hours(1)).with_timezone(&school_offset()).naive_local();
    let begun = begun.with_second(0).unwrap().with_nanosecond(0).unwrap();
    let slot =
        Slot { counsellor_id: COUNSELLOR.into(), start: begun, minutes: 50, mode: Mode::Phone };
    let data = server.data_dir.path();
    let moved_back = support::with_sql(data, |tx| {
        tx.execute(
            "UPDATE bookings SET slot = ?2, slot_start = ?3, slot_key = ?4 WHERE booking_id = ?1",
            args![
                uuid(1),
                serde_json::to_string(&slot).unwrap(),
                begun.format("%Y-%m-%dT%H:%M").to_string(),
                slot.key()
            ],
        )
    });
    assert_eq!(moved_back, 1);
    let id = uuid(1);

    // Exec / Check: completed, then undone: booked again.
    assert_eq!(act(&http, &base, &id, "complete").await.0, StatusCode::OK);
    let marked = desk(&http, &base).await.into_iter().find(|a| a.booking_id == id).unwrap();
    assert_eq!(marked.status, AppointmentStatus::Completed);
    let marked_at = marked.decided_at.expect("when it was marked");
    assert!((Utc::now() - marked_at).num_seconds().abs() < 60, "{marked_at}");
    assert_eq!(act(&http, &base, &id, "undo").await.0, StatusCode::OK);
    let undone = desk(&http, &base).await.into_iter().find(|a| a.booking_id == id).unwrap();
    assert_eq!(undone.status, AppointmentStatus::Confirmed);
    // Nothing left to undo.
    assert_eq!(act(&http, &base, &id, "undo").await, (StatusCode::CONFLICT, "not_marked".into()));

    // A no-show marked eleven minutes ago stays a no-show.
    assert_eq!(act(&http, &base, &id, "no_show").await.0, StatusCode::OK);
    let long_ago =
        (Utc::now() - Duration::minutes(11)).to_rfc3339_opts(SecondsFormat::Millis, true);
    support::with_sql(data, |tx| {
        tx.execute(
            "UPDATE bookings SET decided_at = ?2 WHERE booking_id = ?1",
            args![&id, &long_ago],
        )
    });
    assert_eq!(
        act(&http, &base, &id, "undo").await,
        (StatusCode::CONFLICT, "too_late_to_undo".into())
    );
    let kept = desk(&http, &base).await.into_iter().find(|a| a.booking_id == id).unwrap();
    assert_eq!(kept.status, AppointmentStatus::NoShow);
}

#[tokio::test]
async fn test_a_block_is_booked_by_its_sessions_and_a_move_shows_where_to() {
    // Setup: every day 14:00 for 180 minutes, sessions of 50 with 10 between.
    let today = anxin_domain::local_day(Utc::now());
    let weekly = (0..7)
        .map(|d| WeeklySlot {
            weekday: (today + Days::new(d)).weekday(),
            start: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            minutes: 180,
            mode: Mode::Phone,
            session_minutes: Some(50),
            gap_minutes: 10,
        })
        .collect();
    let plan = anxin_domain::counselling::DutyPlan {
        counsellor_id: COUNSELLOR.into(),
        weekly,
        leaves: vec![],
    };
    let (_server, http, base) = start(plan).await;
    let (person, client) = (student(0), uuid(901));

    // Exec: 15:00 is a session; 14:30 is not. Then 15:00 moves to 16:00.
    let first = Change::BookingRequest(request(1, tomorrow_at(15, 0)));
    let off_session = Change::BookingRequest(request(2, tomorrow_at(14, 30)));
    let answer =
        push(&http, &base, &person, &client, vec![mutation(1, first), mutation(2, off_session)])
            .await;
    assert_eq!(answer.results[0].outcome, Outcome::Applied);
    let moved = BookingRequest {
        replaces: Some(Replacing { booking_id: uuid(1), reason: "下午有课".into() }),
        ..request(3, tomorrow_at(16, 0))
    };
    push(&http, &base, &person, &client, vec![mutation(3, Change::BookingRequest(moved))]).await;

    // Check: the desk shows each at its session's time and length, and the
    // first as moved to 16:00, not merely cancelled.
    let list = desk(&http, &base).await;
    let by_id = |n: u64| list.iter().find(|a| a.booking_id == uuid(n));
    let old = by_id(1).expect("the moved booking");
    assert_eq!(old.status, AppointmentStatus::Cancelled);
    let to = old.moved_to.as_ref().expect("where it moved to");
    assert_eq!((to.start, to.minutes), (tomorrow_at(16, 0), 50));
    let new = by_id(3).expect("the new booking");
    assert_eq!(
        (new.status, new.slot.minutes, new.moved_to.clone()),
        (AppointmentStatus::Confirmed, 50, None)
    );
    assert!(
        by_id(2).is_none_or(|a| a.status != AppointmentStatus::Confirmed),
        "14:30 is not a session: {:?}",
        by_id(2)
    );
}
