//! The device's outbox state machine against the real server in process
//! (the real router and a real database, no socket), through a network
//! that drops requests, drops responses, duplicates, reorders and delivers
//! stale answers. Seeded, so a failure names its seed and replays.
//!
//! After a final clean sync the server holds exactly the device's valid
//! records, none twice; the device shows every one delivered and every
//! invalid one rejected.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use anxin_domain::sync::{Outbox, OutboxEvent, PushResponse, MAX_BATCH_MUTATIONS};
use anxin_server::{app, AppState};
use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::Utc;
use support::sync::*;
use tower::ServiceExt;

const SEEDS: u64 = 48;
const STEPS: usize = 40;

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    SavedOnDevice,
    Delivered,
    Rejected,
}

async fn send(
    router: &Router,
    client_id: &str,
    mutations: Vec<anxin_domain::sync::Mutation>,
) -> PushResponse {
    let body = serde_json::to_vec(&push_body(client_id, mutations)).unwrap();
    let request = Request::post("/api/v1/sync/push")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {}", support::token_of(PERSON)))
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    serde_json::from_slice(&to_bytes(response.into_body(), 1 << 20).await.unwrap()).unwrap()
}

async fn server_revisions(router: &Router) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = 0;
    loop {
        let request = Request::get(format!("/api/v1/sync/pull?protocol_version=1&cursor={cursor}"))
            .header("authorization", format!("Bearer {}", support::token_of(PERSON)))
            .body(Body::empty())
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let page: anxin_domain::sync::PullResponse =
            serde_json::from_slice(&to_bytes(response.into_body(), 1 << 24).await.unwrap())
                .unwrap();
        for change in page.changes {
            if let anxin_domain::sync::PulledChange::DeclarationRevision(r) = change {
                ids.push(r.revision_id);
            }
        }
        cursor = page.cursor;
        if !page.more {
            return ids;
        }
    }
}

fn note(shown: &mut BTreeMap<String, Shown>, events: Vec<OutboxEvent>) {
    for event in events {
        match event {
            OutboxEvent::Delivered(m) => {
                shown.insert(m.change.record_id().to_owned(), Shown::Delivered);
            }
            OutboxEvent::Rejected(q) => {
                shown.insert(q.mutation.change.record_id().to_owned(), Shown::Rejected);
            }
        }
    }
}

async fn run(seed: u64) {
    let data = tempfile::tempdir().unwrap();
    let dist = tempfile::tempdir().unwrap();
    support::prepare_data(data.path());
    let router = app(AppState::open(&support::database::config(data.path(), dist.path())).unwrap());
    let mut rng = Rng::new(seed);
    let client_id = uuid(seed);
    let mut outbox = Outbox::default();
    let mut shown: BTreeMap<String, Shown> = BTreeMap::new();
    let mut invalid: BTreeSet<String> = BTreeSet::new();
    let mut stale: Vec<PushResponse> = Vec::new();
    let mut next_record = seed * 10_000;

    for _ in 0..STEPS {
        match rng.below(10) {
            // The person files or corrects a day; one in eight is invalid.
            0..=3 => {
                next_record += 1;
                let bad = rng.below(8) == 0;
                let day = school_day(rng.below(5) as i64);
                let reason = (rng.below(3) == 0).then_some("measured again");
                let template = revision(0, next_record, day, if bad { 460 } else { 365 }, reason);
                let record_id = template.change.record_id().to_owned();
                outbox.enqueue(template.id, Utc::now(), template.change);
                shown.insert(record_id.clone(), Shown::SavedOnDevice);
                if bad {
                    invalid.insert(record_id);
                }
            }
            fate => {
                let batch = outbox.batch(1 + rng.below(6) as usize).to_vec();
                if batch.is_empty() {
                    continue;
                }
                match fate {
                    // The request is lost.
                    4 => {}
                    // The server applies it; the answer is lost.
                    5 => {
                        send(&router, &client_id, batch).await;
                    }
                    // Sent twice (a retry crossing the first answer).
                    6 => {
                        let first = send(&router, &client_id, batch.clone()).await;
                        let second = send(&router, &client_id, batch).await;
                        note(&mut shown, outbox.acknowledge(&second.results));
                        stale.push(first);
                    }
                    // Reordered: the later half arrives first.
                    7 => {
                        let (early, late) = batch.split_at(batch.len() / 2);
                        let late_answer = send(&router, &client_id, late.to_vec()).await;
                        let early_answer = send(&router, &client_id, early.to_vec()).await;
                        note(&mut shown, outbox.acknowledge(&late_answer.results));
                        note(&mut shown, outbox.acknowledge(&early_answer.results));
                    }
                    // An old answer turns up late.
                    8 if !stale.is_empty() => {
                        let old = stale.remove(rng.below(stale.len() as u64) as usize);
                        note(&mut shown, outbox.acknowledge(&old.results));
                    }
                    // A clean round trip.
                    _ => {
                        let answer = send(&router, &client_id, batch).await;
                        note(&mut shown, outbox.acknowledge(&answer.results));
                    }
                }
            }
        }
    }

    // The final clean sync.
    for _ in 0..100 {
        if outbox.is_empty() {
            break;
        }
        let answer = send(&router, &client_id, outbox.batch(MAX_BATCH_MUTATIONS).to_vec()).await;
        note(&mut shown, outbox.acknowledge(&answer.results));
    }
    assert!(outbox.is_empty(), "seed {seed}: the outbox never emptied");

    let held = server_revisions(&router).await;
    let held_set: BTreeSet<String> = held.iter().cloned().collect();
    assert_eq!(held.len(), held_set.len(), "seed {seed}: a record is held twice");
    let valid: BTreeSet<String> =
        shown.keys().filter(|id| !invalid.contains(*id)).cloned().collect();
    assert_eq!(held_set, valid, "seed {seed}: the server holds exactly the valid records");
    for (id, state) in &shown {
        let expected = if invalid.contains(id) { Shown::Rejected } else { Shown::Delivered };
        assert_eq!(*state, expected, "seed {seed}: record {id}");
    }
}

#[tokio::test]
async fn test_outbox_against_a_faulty_network_ends_exactly_once() {
    for seed in 1..=SEEDS {
        run(seed).await;
    }
}
