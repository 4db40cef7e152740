//! Building pushes and reading pulls the way the app does, with the wire
//! types of the domain crate.

use anxin_domain::counselling::MyBooking;
use anxin_domain::sync::{
    Change, Mutation, PullResponse, PulledChange, PushRequest, PushResponse, ServerRevision,
    PROTOCOL_VERSION,
};
use chrono::{Duration, NaiveDate, Utc};
use reqwest::StatusCode;

pub const PERSON: &str = "2020-0101";
pub const OTHER_PERSON: &str = "2020-0102";

/// A UUID made from a number, so tests can name ids.
pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

pub use anxin_domain::fixtures::answers_at as answers;

/// `days_ago` days before today at the school.
pub fn school_day(days_ago: i64) -> NaiveDate {
    anxin_domain::local_day(Utc::now()) - Duration::days(days_ago)
}

/// Mutation `seq` filing (or, with a reason, correcting) a day. Its
/// mutation id is `uuid(1000 + n)` and its revision id `uuid(n)`.
pub fn revision(seq: u64, n: u64, day: NaiveDate, tenths: u16, reason: Option<&str>) -> Mutation {
    Mutation {
        id: uuid(1000 + n),
        seq,
        device_time: Utc::now(),
        change: Change::DeclarationRevision {
            day,
            revision_id: uuid(n),
            answers: answers(tenths),
            correction_reason: reason.map(str::to_owned),
        },
    }
}

pub fn push_body(client_id: &str, mutations: Vec<Mutation>) -> PushRequest {
    PushRequest { protocol_version: PROTOCOL_VERSION, client_id: client_id.into(), mutations }
}

pub async fn push_raw(
    http: &reqwest::Client,
    base: &str,
    person: &str,
    body: &PushRequest,
) -> reqwest::Result<reqwest::Response> {
    http.post(format!("{base}/api/v1/sync/push"))
        .bearer_auth(super::token_of(person))
        .json(body)
        .send()
        .await
}

/// Pushes and expects a 200 with results.
pub async fn push(
    http: &reqwest::Client,
    base: &str,
    person: &str,
    client_id: &str,
    mutations: Vec<Mutation>,
) -> PushResponse {
    let response = push_raw(http, base, person, &push_body(client_id, mutations)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Every change for `person`, page by page from cursor 0.
pub async fn pull_all(http: &reqwest::Client, base: &str, person: &str) -> Vec<PulledChange> {
    let mut cursor = 0;
    let mut changes = Vec::new();
    loop {
        let page: PullResponse = http
            .get(format!(
                "{base}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}&cursor={cursor}&limit=7"
            ))
            .bearer_auth(super::token_of(person))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        changes.extend(page.changes);
        cursor = page.cursor;
        if !page.more {
            return changes;
        }
    }
}

/// The declaration revisions among pulled changes, in order.
pub fn revisions(changes: Vec<PulledChange>) -> Vec<ServerRevision> {
    changes
        .into_iter()
        .filter_map(|change| match change {
            PulledChange::DeclarationRevision(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// The bookings among pulled changes, in order (a booking comes again
/// after each of its changes).
pub fn bookings(changes: Vec<PulledChange>) -> Vec<MyBooking> {
    changes
        .into_iter()
        .filter_map(|change| match change {
            PulledChange::Booking(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// The revision ids the server holds for `person`.
pub async fn revision_ids(http: &reqwest::Client, base: &str, person: &str) -> Vec<String> {
    revisions(pull_all(http, base, person).await).into_iter().map(|r| r.revision_id).collect()
}
