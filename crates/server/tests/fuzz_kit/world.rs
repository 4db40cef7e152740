//! The router in process on a real database in a temp folder: the
//! example roster, a session for everyone, two counsellors on duty and a
//! booking with each, so that requests can reach the rules.

use std::cell::Cell;

use anxin_domain::counselling::booking::{BookingRequest, Urgency, Wanted};
use anxin_domain::counselling::Mode;
use anxin_server::accounts::secrets::secret_hash;
use anxin_server::{app, AppState};
use axum::body::{to_bytes, Body};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, Request};
use axum::Router;
use chrono::{Duration, Utc};
use proptest::prelude::*;
use tempfile::TempDir;
use tower::ServiceExt;

use super::Answer;
use crate::support;

/// The bookings of the world: with C-0001 and with C-0002, both by
/// 2020-0101, tomorrow at 10:00.
pub const BOOKINGS: [&str; 2] =
    ["00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c2"];

/// Who asks: a role's person with a live session, or a token that is not
/// one.
#[derive(Debug, Clone)]
pub enum Session {
    None,
    /// The session of one of `json::PEOPLE` (the index picks).
    Of(usize),
    /// A token nobody was given.
    Unknown(String),
    /// Bytes that are not a bearer token.
    Header(Vec<u8>),
}

pub fn session() -> impl Strategy<Value = Session> {
    prop_oneof![
        2 => Just(Session::None),
        12 => any::<usize>().prop_map(Session::Of),
        1 => "[!-~]{1,200}".prop_map(Session::Unknown),
        1 => proptest::collection::vec(any::<u8>(), 0..160).prop_map(Session::Header),
    ]
}

/// What the body says it is.
#[derive(Debug, Clone, Copy)]
pub enum MediaType {
    Json,
    None,
    Text,
    JsonUtf16,
    Form,
}

pub fn media_type() -> impl Strategy<Value = MediaType> {
    prop_oneof![
        16 => Just(MediaType::Json),
        1 => Just(MediaType::None),
        1 => Just(MediaType::Text),
        1 => Just(MediaType::JsonUtf16),
        1 => Just(MediaType::Form),
    ]
}

impl MediaType {
    fn header(self) -> Option<&'static str> {
        match self {
            MediaType::Json => Some("application/json"),
            MediaType::None => None,
            MediaType::Text => Some("text/plain"),
            MediaType::JsonUtf16 => Some("application/json; charset=utf-16"),
            MediaType::Form => Some("application/x-www-form-urlencoded"),
        }
    }
}

pub struct World {
    pub router: Router,
    runtime: tokio::runtime::Runtime,
    pub data: TempDir,
    _dist: TempDir,
    /// Throwaway sessions made so far (see [`World::throwaway_token`]).
    throwaways: Cell<u64>,
}

impl World {
    pub fn new() -> Self {
        let data = tempfile::tempdir().unwrap();
        let dist = tempfile::tempdir().unwrap();
        support::write_dist(dist.path());
        support::prepare_data(data.path());
        book_both(data.path());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let config = support::database::config(data.path(), dist.path());
        let router = runtime.block_on(async { app(AppState::open(&config).expect("state opens")) });
        Self { router, runtime, data, _dist: dist, throwaways: Cell::new(0) }
    }

    /// A session of its own for `person`: for a request that may end the
    /// session it is made with (signing out).
    pub fn throwaway_token(&self, person: &str) -> String {
        let n = self.throwaways.get() + 1;
        self.throwaways.set(n);
        let token = format!("fuzz-throwaway-{n}-{person}");
        let store = support::store_at(self.data.path());
        let now = Utc::now();
        store.create_session(&secret_hash(&token), person, now, now + Duration::days(1)).unwrap();
        token
    }

    /// The `Authorization` header for `session` (none when it has none).
    pub fn authorization(&self, session: &Session, throwaway: bool) -> Option<HeaderValue> {
        match session {
            Session::None => None,
            Session::Of(i) => {
                let person = super::json::PEOPLE[i % super::json::PEOPLE.len()];
                // (Nobody of the roster has the last id: no session to make.)
                let token = if throwaway && person != "X-9999" {
                    self.throwaway_token(person)
                } else {
                    support::token_of(person)
                };
                HeaderValue::from_str(&format!("Bearer {token}")).ok()
            }
            Session::Unknown(token) => HeaderValue::from_str(&format!("Bearer {token}")).ok(),
            Session::Header(bytes) => HeaderValue::from_bytes(bytes).ok(),
        }
    }

    /// Sends one request; `None` when the parts make no HTTP request (a
    /// URI no client could send).
    pub fn send(
        &self,
        method: &str,
        uri: &str,
        authorization: Option<HeaderValue>,
        media_type: MediaType,
        body: Vec<u8>,
    ) -> Option<Answer> {
        let method = Method::from_bytes(method.as_bytes()).ok()?;
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(value) = authorization {
            builder = builder.header(AUTHORIZATION, value);
        }
        if let Some(value) = media_type.header() {
            builder = builder.header(CONTENT_TYPE, value);
        }
        let request = builder.body(Body::from(body)).ok()?;
        let router = self.router.clone();
        Some(self.runtime.block_on(async move {
            let response = router.oneshot(request).await.expect("the router never fails");
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body = to_bytes(response.into_body(), usize::MAX).await.expect("a body").to_vec();
            Answer { status, content_type, body }
        }))
    }
}

/// Both counsellors on duty every day at 10:00; the student books each
/// for tomorrow.
fn book_both(data: &std::path::Path) {
    support::consent_to_counselling(data, ["2020-0101"]);
    let store = support::store_at(data);
    let tomorrow = anxin_domain::local_day(Utc::now()) + Duration::days(1);
    for (counsellor, booking_id) in [("C-0001", BOOKINGS[0]), ("C-0002", BOOKINGS[1])] {
        let plan = anxin_domain::fixtures::daily_plan(counsellor, &[10], Mode::Phone);
        store.publish_plan(&plan, Utc::now()).unwrap();
        let request = BookingRequest {
            booking_id: booking_id.into(),
            wanted: Wanted::Slot {
                counsellor_id: counsellor.into(),
                start: tomorrow.and_hms_opt(10, 0, 0).unwrap(),
            },
            topic: String::new(),
            phone: "13800000001".into(),
            anonymous: false,
            urgency: Urgency::Routine,
            replaces: None,
        };
        store.request_booking("2020-0101", &request, Utc::now(), 120).unwrap();
    }
}
