//! Sync benchmark: prints what the push endpoint accepts per second with 1,
//! 16 and 64 devices pushing at once (one mutation per request, the worst
//! case: one committed transaction each), with request latency p50/p99, and
//! how long one device takes to deliver 1,000 queued declarations.
//!
//! Real HTTP on 127.0.0.1 and a real SQLite file (WAL, synchronous = FULL)
//! in a temp folder. Run with `make bench-sync`.

use anxin_server::store::prelude::*;
use std::time::{Duration, Instant};

use anxin_domain::fixtures::normal_answers;
use anxin_domain::profile::PersonCategory;
use anxin_domain::roster::{Role, RosterPerson};
use anxin_domain::sync::{
    Change, Mutation, Outbox, PushRequest, PushResponse, MAX_BATCH_MUTATIONS, PROTOCOL_VERSION,
};
use anxin_server::accounts::secrets::secret_hash;
use anxin_server::store::SqliteStore;
use anxin_server::{app, AppState, Config};
use chrono::{Duration as Days, Utc};

const REQUESTS_PER_LEVEL: usize = 1_920;
const QUEUED: u64 = 1_000;

fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// Record `n`'s id as a phone makes one (`crypto.randomUUID`): random,
/// so that consecutive records land on scattered index pages, unlike
/// [`uuid`]'s ordered ones. Reproducible: mixed from `n`.
fn random_uuid(n: u64) -> String {
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let high = mix(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let low = mix(high ^ n);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_le_bytes());
    bytes[8..].copy_from_slice(&low.to_le_bytes());
    anxin_domain::sync::uuid_v4_from_bytes(bytes)
}

/// How a level's devices name their records.
#[derive(Clone, Copy)]
enum Ids {
    Ordered,
    Random,
}

impl Ids {
    fn of(self, n: u64) -> String {
        match self {
            Ids::Ordered => uuid(n),
            Ids::Random => random_uuid(n),
        }
    }
}

/// Record `n`: a declaration for one of the 14 days a declaration may be
/// for (today and the 13 before), so most are later revisions of a day.
fn change(n: u64, ids: Ids) -> Change {
    Change::DeclarationRevision {
        day: anxin_domain::local_day(Utc::now()) - Days::days((n % 14) as i64),
        revision_id: ids.of(n),
        answers: normal_answers(),
        correction_reason: None,
    }
}

async fn push(
    http: &reqwest::Client,
    base: &str,
    person: &str,
    client_id: &str,
    mutations: Vec<Mutation>,
) -> PushResponse {
    let request =
        PushRequest { protocol_version: PROTOCOL_VERSION, client_id: client_id.into(), mutations };
    let response = http
        .post(format!("{base}/api/v1/sync/push"))
        .bearer_auth(token_of(person))
        .json(&request)
        .send()
        .await
        .expect("push sent");
    assert!(response.status().is_success(), "push failed: {}", response.status());
    response.json().await.expect("push answer")
}

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let index = ((sorted.len() as f64 * q) as usize).min(sorted.len() - 1);
    sorted[index].as_secs_f64() * 1000.0
}

async fn concurrent(base: &str, clients: usize, first_record: u64, ids: Ids) {
    let per_client = REQUESTS_PER_LEVEL / clients;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let base = base.to_owned();
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let person = format!("bench-{}-{c}", first_record);
            let client_id = ids.of(first_record + c as u64 * 100_000);
            let mut latencies = Vec::with_capacity(per_client);
            for seq in 1..=per_client as u64 {
                let n = first_record + c as u64 * 100_000 + seq;
                let mutation = Mutation {
                    id: ids.of(n + 50_000),
                    seq,
                    device_time: Utc::now(),
                    change: change(n, ids),
                };
                let sent = Instant::now();
                let answer = push(&http, &base, &person, &client_id, vec![mutation]).await;
                latencies.push(sent.elapsed());
                assert!(answer.results[0].outcome.is_delivered());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("client task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let named = match ids {
        Ids::Ordered => "",
        Ids::Random => ", random ids",
    };
    println!(
        "{clients:>3} concurrent devices{named}: {:>7.0} mutations/s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} pushes)",
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.len()
    );
}

async fn deliver_queue(base: &str) {
    let http = reqwest::Client::new();
    let mut outbox = Outbox::default();
    for n in 1..=QUEUED {
        outbox.enqueue(uuid(90_000_000 + n), Utc::now(), change(80_000_000 + n, Ids::Ordered));
    }
    let client_id = uuid(70_000_000);
    let started = Instant::now();
    let mut requests = 0;
    while !outbox.is_empty() {
        let batch = outbox.batch(MAX_BATCH_MUTATIONS).to_vec();
        let answer = push(&http, base, "bench-queue", &client_id, batch).await;
        outbox.acknowledge(&answer.results);
        requests += 1;
    }
    println!(
        "deliver {QUEUED} queued declarations from one device: {:.0} ms ({requests} pushes of up to {MAX_BATCH_MUTATIONS})",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// The levels measured: devices pushing at once, and how they name their
/// records (ordered ids as the other levels, then random as phones make
/// them, at 64 devices: what scattered keys cost).
const LEVELS: [(usize, Ids); 4] =
    [(1, Ids::Ordered), (16, Ids::Ordered), (64, Ids::Ordered), (64, Ids::Random)];

/// Every device of the benchmark: `bench-{level}-{client}` and the queue.
fn bench_people() -> Vec<String> {
    let mut ids = vec!["bench-queue".to_owned()];
    for (level, (clients, _)) in LEVELS.into_iter().enumerate() {
        let first_record = (level as u64 + 1) * 10_000_000;
        ids.extend((0..clients).map(|c| format!("bench-{first_record}-{c}")));
    }
    ids
}

fn token_of(person: &str) -> String {
    format!("bench-session-{person}")
}

/// The benchmark's people on the roster, each signed in (a session made
/// in the store, so that sign-in's deliberate cost is not measured here).
fn prepare(data: &std::path::Path) {
    let store = SqliteStore::open_in(data).expect("database");
    let people: Vec<RosterPerson> = bench_people()
        .into_iter()
        .map(|id| RosterPerson {
            name: id.clone(),
            id,
            roles: [Role::Declarant].into(),
            category: Some(PersonCategory::Student),
            department: "bench".into(),
            class_name: "bench".into(),
            phone: String::new(),
            advises: Default::default(),
            scope: None,
        })
        .collect();
    store.import_roster(&people, Utc::now()).expect("roster");
    let now = Utc::now();
    for person in &people {
        let hash = secret_hash(&token_of(&person.id));
        store.create_session(&hash, &person.id, now, now + Days::days(1)).expect("session");
    }
}

#[tokio::main]
async fn main() {
    let data = tempfile::tempdir().expect("temp folder");
    prepare(data.path());
    let state = AppState::open(&Config::new(data.path(), data.path().join("no-dist")))
        .expect("server state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app(state)).await.expect("serve") });

    println!("push endpoint, one mutation per request, SQLite WAL with synchronous = FULL:");
    for (level, (clients, ids)) in LEVELS.into_iter().enumerate() {
        concurrent(&base, clients, (level as u64 + 1) * 10_000_000, ids).await;
    }
    deliver_queue(&base).await;
}
