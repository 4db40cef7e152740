//! Push and pull over real HTTP with a real SQLite file: nothing lost,
//! nothing doubled, whatever the client repeats or reorders.

mod support;

use anxin_domain::sync::{Outcome, RejectCode, TimeFlag};
use anxin_domain::ErrorBody;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use support::sync::*;
use support::TestServer;

fn outcomes(response: &anxin_domain::sync::PushResponse) -> Vec<(u64, Outcome)> {
    response.results.iter().map(|r| (r.seq, r.outcome.clone())).collect()
}

#[tokio::test]
async fn test_same_batch_pushed_ten_times_stores_each_record_once() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let client = uuid(1);
    let batch = vec![
        revision(1, 11, school_day(2), 365, None),
        revision(2, 12, school_day(1), 366, None),
        revision(3, 13, school_day(1), 367, Some("measured again")),
    ];
    for attempt in 0..10 {
        let response = push(&http, &base, PERSON, &client, batch.clone()).await;
        let expected = if attempt == 0 { Outcome::Applied } else { Outcome::Duplicate };
        assert!(outcomes(&response).iter().all(|(_, o)| *o == expected), "attempt {attempt}");
    }
    let mut ids = revision_ids(&http, &base, PERSON).await;
    ids.sort();
    assert_eq!(ids, [uuid(11), uuid(12), uuid(13)]);
    // The correction is the day's second revision, by the server's count.
    let changes = revisions(pull_all(&http, &base, PERSON).await);
    let last = changes.last().unwrap();
    assert_eq!((last.number, last.correction_reason.as_deref()), (2, Some("measured again")));
}

#[tokio::test]
async fn test_sequences_out_of_order_are_applied_in_order_exactly_once() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let client = uuid(2);
    // Within a batch the server sorts by sequence.
    let response = push(
        &http,
        &base,
        PERSON,
        &client,
        vec![
            revision(3, 23, school_day(3), 365, None),
            revision(1, 21, school_day(5), 365, None),
            revision(2, 22, school_day(4), 365, None),
        ],
    )
    .await;
    assert_eq!(
        outcomes(&response),
        [(1, Outcome::Applied), (2, Outcome::Applied), (3, Outcome::Applied)]
    );
    // Across batches, a sequence after a gap waits for the one missing.
    let early =
        push(&http, &base, PERSON, &client, vec![revision(5, 25, school_day(1), 365, None)]).await;
    assert_eq!(outcomes(&early), [(5, Outcome::Deferred)]);
    let gap =
        push(&http, &base, PERSON, &client, vec![revision(4, 24, school_day(2), 365, None)]).await;
    assert_eq!(outcomes(&gap), [(4, Outcome::Applied)]);
    let late =
        push(&http, &base, PERSON, &client, vec![revision(5, 25, school_day(1), 365, None)]).await;
    assert_eq!(outcomes(&late), [(5, Outcome::Applied)]);
    assert_eq!(revision_ids(&http, &base, PERSON).await.len(), 5);
}

#[tokio::test]
async fn test_rejected_mutation_between_good_ones_does_not_block_them() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let client = uuid(3);
    let batch = vec![
        revision(1, 31, school_day(2), 365, None),
        revision(2, 32, school_day(1), 460, None), // 46.0 °C: not a body temperature
        revision(3, 33, school_day(0), 365, None),
    ];
    for attempt in 0..2 {
        let response = push(&http, &base, PERSON, &client, batch.clone()).await;
        let got = outcomes(&response);
        let delivered = if attempt == 0 { Outcome::Applied } else { Outcome::Duplicate };
        assert_eq!(got[0], (1, delivered.clone()));
        assert_eq!(got[2], (3, delivered));
        // The same refusal, with its field, on every retry.
        match &got[1].1 {
            Outcome::Rejected { code, fields } => {
                assert_eq!(*code, RejectCode::InvalidAnswers);
                assert_eq!(fields.len(), 1);
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
    }
    let mut ids = revision_ids(&http, &base, PERSON).await;
    ids.sort();
    assert_eq!(ids, [uuid(31), uuid(33)]);
}

#[tokio::test]
async fn test_second_filing_of_a_day_from_another_device_is_a_revision() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let day = school_day(0);
    push(&http, &base, PERSON, &uuid(41), vec![revision(1, 41, day, 365, None)]).await;
    push(&http, &base, PERSON, &uuid(42), vec![revision(1, 42, day, 372, None)]).await;
    let numbers: Vec<u32> =
        revisions(pull_all(&http, &base, PERSON).await).into_iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2]);
}

#[tokio::test]
async fn test_reused_ids_future_days_and_days_too_old_are_rejected_with_their_codes() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    push(&http, &base, PERSON, &uuid(5), vec![revision(1, 51, school_day(1), 365, None)]).await;
    // Another person's mutation carrying the same revision id; a day that
    // has not begun at the school.
    let mut reused = revision(1, 51, school_day(0), 365, None);
    reused.id = uuid(9999);
    let response = push(
        &http,
        &base,
        OTHER_PERSON,
        &uuid(50),
        vec![
            reused,
            revision(2, 53, school_day(-2), 365, None),
            revision(3, 54, school_day(14), 365, None),
            revision(4, 55, chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), 365, None),
            revision(5, 56, school_day(13), 365, None),
        ],
    )
    .await;
    // Days before the 13 before today could change days long signed.
    let (refused, last) = response.results.split_at(4);
    let codes: Vec<_> = refused
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Rejected { code, .. } => *code,
            other => panic!("expected a rejection, got {other:?}"),
        })
        .collect();
    assert_eq!(
        codes,
        [
            RejectCode::IdReused,
            RejectCode::DayInFuture,
            RejectCode::DayTooOld,
            RejectCode::DayTooOld
        ]
    );
    assert_eq!(last[0].outcome, Outcome::Applied, "the oldest day still taken");
}

#[tokio::test]
async fn test_a_renumbered_queue_gets_the_first_answers_again() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let first =
        vec![revision(1, 54, school_day(1), 365, None), revision(2, 55, school_day(0), 460, None)];
    push(&http, &base, PERSON, &uuid(54), first.clone()).await;
    // The device lost track (its answer never came) and starts a new client
    // id, numbering the same changes from 1 again.
    let again = push(&http, &base, PERSON, &uuid(55), first).await;
    assert_eq!(again.results[0].outcome, Outcome::Duplicate);
    assert!(matches!(
        again.results[1].outcome,
        Outcome::Rejected { code: RejectCode::InvalidAnswers, .. }
    ));
    assert_eq!(revision_ids(&http, &base, PERSON).await, [uuid(54)]);
}

#[tokio::test]
async fn test_device_time_in_the_future_is_clamped_and_flagged() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let mut mutation = revision(1, 61, school_day(0), 365, None);
    mutation.device_time = Utc::now() + Duration::days(3);
    push(&http, &base, PERSON, &uuid(6), vec![mutation]).await;
    let stored = revisions(pull_all(&http, &base, PERSON).await).pop().unwrap();
    assert_eq!(stored.time_flag, Some(TimeFlag::InFuture));
    assert_eq!(stored.device_time, stored.received_at);
    assert!(stored.received_at <= Utc::now());
}

#[tokio::test]
async fn test_a_person_pulls_only_their_own_records() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    push(&http, &base, PERSON, &uuid(7), vec![revision(1, 71, school_day(0), 365, None)]).await;
    assert_eq!(revision_ids(&http, &base, PERSON).await, [uuid(71)]);
    assert!(revision_ids(&http, &base, OTHER_PERSON).await.is_empty());
}

async fn error_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: ErrorBody = response.json().await.expect("a JSON error body");
    (status, body.error.code)
}

#[tokio::test]
async fn test_bad_pushes_get_specific_json_errors_and_store_nothing() {
    let server = TestServer::start().await;
    let base = server.url("");
    let http = reqwest::Client::new();
    let url = format!("{base}/api/v1/sync/push");
    let good = push_body(&uuid(8), vec![revision(1, 81, school_day(0), 365, None)]);

    // No person: 401.
    let response = http.post(&url).json(&good).send().await.unwrap();
    assert_eq!(error_of(response).await, (StatusCode::UNAUTHORIZED, "unauthenticated".into()));

    // Another protocol version: refused by name, whatever else it holds.
    let newer = serde_json::json!({ "protocol_version": 99, "client_id": uuid(8), "mutations": [{ "kind": "from_the_future" }] });
    let response =
        http.post(&url).bearer_auth(support::token_of(PERSON)).json(&newer).send().await.unwrap();
    assert_eq!(error_of(response).await, (StatusCode::BAD_REQUEST, "unsupported_protocol".into()));

    // A client id that is not a UUID; too many mutations; sequence 0.
    let mut bad_client = good.clone();
    bad_client.client_id = "phone".into();
    let many = push_body(
        &uuid(8),
        (1..=101).map(|n| revision(n, 100 + n, school_day(0), 365, None)).collect(),
    );
    let mut zero = good.clone();
    zero.mutations[0].seq = 0;
    for body in [bad_client, many, zero] {
        let response = push_raw(&http, &base, PERSON, &body).await.unwrap();
        assert_eq!(error_of(response).await, (StatusCode::BAD_REQUEST, "bad_request".into()));
    }

    // Not JSON at all: 400 with the position, never the content.
    let response = http
        .post(&url)
        .bearer_auth(support::token_of(PERSON))
        .header("content-type", "application/json")
        .body("{\"protocol_version\": 1, \"client_id\": \"38.9 fever")
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!body.error.message.contains("fever"), "{}", body.error.message);

    // Over the body limit: 413 JSON.
    let huge = format!("{{\"protocol_version\":1,\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let response = http
        .post(&url)
        .bearer_auth(support::token_of(PERSON))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(response).await,
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into())
    );

    // The client id is the first person's: another person may not use it.
    push(&http, &base, PERSON, &uuid(8), good.mutations.clone()).await;
    let response = push_raw(&http, &base, OTHER_PERSON, &good).await.unwrap();
    assert_eq!(error_of(response).await, (StatusCode::CONFLICT, "client_of_another_person".into()));

    assert_eq!(revision_ids(&http, &base, PERSON).await, [uuid(81)]);
    assert!(revision_ids(&http, &base, OTHER_PERSON).await.is_empty());
}

/// `GET /api/v1/sync/pull?{query}` as `person`.
async fn pull_as(
    http: &reqwest::Client,
    server: &TestServer,
    person: &str,
    query: &str,
) -> reqwest::Response {
    let url = server.url(&format!("/api/v1/sync/pull?{query}"));
    http.get(url).bearer_auth(support::token_of(person)).send().await.unwrap()
}

#[tokio::test]
async fn test_pull_refuses_another_protocol_and_needs_a_person() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let response = pull_as(&http, &server, PERSON, "protocol_version=2").await;
    assert_eq!(error_of(response).await, (StatusCode::BAD_REQUEST, "unsupported_protocol".into()));
    let response =
        http.get(server.url("/api/v1/sync/pull?protocol_version=1")).send().await.unwrap();
    assert_eq!(error_of(response).await, (StatusCode::UNAUTHORIZED, "unauthenticated".into()));
}

/// A cursor the server never hands out (they are positive 64-bit signed
/// integers) is bad input, answered as such (it was clamped and answered
/// as an empty page).
#[tokio::test]
async fn test_a_pull_with_a_cursor_beyond_any_handed_out_is_a_400() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    for cursor in ["9223372036854775808", "18446744073709551615", "-1", "1e3"] {
        let query = format!("protocol_version=1&cursor={cursor}");
        let response = pull_as(&http, &server, PERSON, &query).await;
        assert_eq!(
            error_of(response).await,
            (StatusCode::BAD_REQUEST, "bad_request".into()),
            "{cursor}"
        );
    }
    // The largest there could be is a cursor still: nothing after it.
    let largest = pull_as(&http, &server, PERSON, "protocol_version=1&cursor=9223372036854775807");
    assert_eq!(largest.await.status(), StatusCode::OK);
}

/// An on-campus declaration asks no city or district: whatever a client
/// sends along in them is not stored (nor served to advisors), and the rest
/// is stored exactly as checked (trimmed).
#[tokio::test]
async fn test_what_is_stored_is_what_was_checked_not_a_long_city_sent_along() {
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let mut mutation = revision(1, 21, school_day(0), 365, None);
    if let anxin_domain::sync::Change::DeclarationRevision { answers, .. } = &mut mutation.change {
        answers.location.city = "海".repeat(60_000);
        answers.location.district = "美兰区".into();
        answers.remarks = "  fine  ".into();
    }
    let response = push(&http, &base, PERSON, &uuid(2), vec![mutation]).await;
    assert_eq!(outcomes(&response), [(1, Outcome::Applied)]);
    let stored = revisions(pull_all(&http, &base, PERSON).await);
    let location = &stored[0].answers.location;
    // (Lengths: a failure should not print 60,000 characters.)
    assert_eq!((location.city.chars().count(), location.district.chars().count()), (0, 0));
    assert_eq!(stored[0].answers.remarks, "fine");
}
