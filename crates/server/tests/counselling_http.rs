//! Counselling over HTTP: what a counsellor's views show of an anonymous
//! visitor (a pseudonym and a phone, never who they are), and private
//! notes (ciphertext only, their author alone reads them, every read
//! audited).

mod support;

use anxin_server::args;

use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{Appointment, DutyPlan, Mode, Visitor};
use chrono::{Days, Utc};
use reqwest::StatusCode;
use support::{token_of, TestServer};

fn daily_plan() -> DutyPlan {
    anxin_domain::fixtures::daily_plan("C-0001", &[10], Mode::Online)
}

fn booking(n: u64, person_day: u64, anonymous: bool) -> BookingRequest {
    let day = anxin_domain::local_day(Utc::now()) + Days::new(person_day);
    BookingRequest {
        booking_id: format!("00000000-0000-4000-8000-{n:012x}"),
        wanted: Wanted::Slot {
            counsellor_id: "C-0001".into(),
            start: day.and_hms_opt(10, 0, 0).unwrap(),
        },
        topic: "考试焦虑".into(),
        phone: "13800000001".into(),
        anonymous,
        urgency: Urgency::Soon,
        replaces: None,
    }
}

#[tokio::test]
async fn test_an_anonymous_visitor_is_a_pseudonym_in_every_counsellor_view() {
    let server = TestServer::start().await;
    let store = support::store_at(server.data_dir.path());
    store.publish_plan(&daily_plan(), Utc::now()).unwrap();
    support::consent_to_counselling(server.data_dir.path(), ["2020-0101", "2020-0102"]);
    // 李明 books twice anonymously, 王芳 once by name.
    store.request_booking("2020-0101", &booking(1, 1, true), Utc::now(), 120).unwrap();
    store.request_booking("2020-0101", &booking(2, 2, true), Utc::now(), 120).unwrap();
    store.request_booking("2020-0102", &booking(3, 3, false), Utc::now(), 120).unwrap();

    let today = anxin_domain::local_day(Utc::now());
    let url = server
        .url(&format!("/api/v1/counselling/appointments?from={today}&to={}", today + Days::new(7)));
    let http = reqwest::Client::new();
    let text =
        http.get(&url).bearer_auth(token_of("C-0001")).send().await.unwrap().text().await.unwrap();
    for identity in ["2020-0101", "李明"] {
        assert!(!text.contains(identity), "{identity} in {text}");
    }
    let seen: Vec<Appointment> = serde_json::from_str(&text).unwrap();
    assert_eq!(seen.len(), 3);
    let (Visitor::Anonymous { pseudonym: first }, Visitor::Anonymous { pseudonym: second }) =
        (&seen[0].visitor, &seen[1].visitor)
    else {
        panic!("{seen:?}")
    };
    assert_eq!(first, second, "a returning visitor keeps the pseudonym");
    assert_eq!(seen[0].phone, "13800000001");
    assert_eq!(
        seen[2].visitor,
        Visitor::Named { person_id: "2020-0102".into(), name: "王芳".into() }
    );

    // Another counsellor sees none of them.
    let other = http.get(&url).bearer_auth(token_of("C-0002")).send().await.unwrap();
    let theirs: Vec<Appointment> = other.json().await.unwrap();
    assert!(theirs.is_empty());

    // Nor does any other answer she gets: the schedule, her actions on
    // the bookings, the audit of them.
    let mut answers = Vec::new();
    let schedule = server.url("/api/v1/counselling/schedule");
    answers.push(http.get(&schedule).bearer_auth(token_of("C-0001")).send().await.unwrap());
    for action in [serde_json::json!("accept"), serde_json::json!({"decline": {"reason": "出差"}})]
    {
        let id = &seen[0].booking_id;
        let status = server.url(&format!("/api/v1/counselling/appointments/{id}/status"));
        answers.push(
            http.post(&status).bearer_auth(token_of("C-0001")).json(&action).send().await.unwrap(),
        );
    }
    for answer in answers {
        assert!(answer.status().is_success());
        let text = answer.text().await.unwrap();
        for identity in ["2020-0101", "李明"] {
            assert!(!text.contains(identity), "{identity} in {text}");
        }
    }
    let audit = store.audit_log(Some("C-0001"), 100).unwrap();
    assert!(!format!("{audit:?}").contains("2020-0101"), "{audit:?}");
}

fn sealed() -> SealedNote {
    anxin_domain::fixtures::sealed_note()
}

#[tokio::test]
async fn test_a_note_is_stored_sealed_read_by_its_author_alone_and_every_read_audited() {
    let server = TestServer::start().await;
    let store = support::store_at(server.data_dir.path());
    store.publish_plan(&daily_plan(), Utc::now()).unwrap();
    support::consent_to_counselling(server.data_dir.path(), ["2020-0101"]);
    store.request_booking("2020-0101", &booking(9, 1, false), Utc::now(), 120).unwrap();
    let id = "00000000-0000-4000-8000-000000000009";
    let url = server.url(&format!("/api/v1/counselling/appointments/{id}/note"));
    let http = reqwest::Client::new();

    // Plain text is refused: the server takes sealed notes only.
    let plain = SealedNote { ciphertext: "来访者说最近睡不好".into(), ..sealed() };
    let refused =
        http.post(&url).bearer_auth(token_of("C-0001")).json(&plain).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    let written =
        http.post(&url).bearer_auth(token_of("C-0001")).json(&sealed()).send().await.unwrap();
    assert_eq!(written.status(), StatusCode::NO_CONTENT);
    let stored: String = support::with_sql(server.data_dir.path(), |tx| {
        tx.query_one("SELECT sealed FROM counselling_notes WHERE booking_id = ?1", args![&id])?
            .get(0)
    });
    assert_eq!(serde_json::from_str::<SealedNote>(&stored).unwrap(), sealed());

    for (who, expected) in [
        ("C-0001", StatusCode::OK),
        ("C-0001", StatusCode::OK),
        ("C-0002", StatusCode::FORBIDDEN),
        ("2020-0101", StatusCode::FORBIDDEN),
        ("A-0001", StatusCode::FORBIDDEN),
    ] {
        let response = http.get(&url).bearer_auth(token_of(who)).send().await.unwrap();
        assert_eq!(response.status(), expected, "{who}");
    }
    let log = store.audit_log(None, 100).unwrap();
    let reads = log.iter().filter(|e| e.event == "note_read").count();
    assert_eq!(reads, 2, "each of the author's reads");
    let denied: Vec<_> = log
        .iter()
        .filter(|e| e.event == "access_denied")
        .filter_map(|e| e.actor.as_deref())
        .collect();
    assert_eq!(denied, ["C-0002", "2020-0101", "A-0001"]);
}
