//! The push and the pull, fuzzed in process: pushes of every kind of
//! change with wrong kinds, days, revisions, answers, sequences and ids,
//! from every role and from nobody; pulls with cursors and limits of every
//! size and type. Never a 5xx; every 4xx a JSON error with a code; a 200
//! push answers each mutation once, and a 200 pull keeps to its limit and
//! never moves its cursor back.

mod fuzz_kit;
mod support;

use std::cell::RefCell;
use std::collections::HashMap;

use anxin_domain::sync::{Outcome, PullResponse, PushResponse, MAX_PULL_CHANGES};
use fuzz_kit::changes::{self, Knobs, KINDS};
use fuzz_kit::json::{self, Wrong, PEOPLE};
use fuzz_kit::text::{self, QueryCase, RawBody};
use fuzz_kit::world::{self, MediaType, Session, World};
use fuzz_kit::{judge, Tally, Verdict};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};

/// A mutation's sequence: the next one the client owes, or not.
#[derive(Debug, Clone)]
enum Seq {
    Next,
    /// The next but this many ahead (a gap: deferred).
    Ahead(u64),
    Again,
    Any(u64),
}

#[derive(Debug, Clone)]
struct MutationCase {
    kind: usize,
    seq: Seq,
    id: changes::Id,
    /// The device's clock, minutes from now.
    device_minutes: i64,
    knobs: Knobs,
    edits: Vec<(usize, Wrong)>,
}

fn mutation_case() -> impl Strategy<Value = MutationCase> {
    let seq = prop_oneof![
        12 => Just(Seq::Next),
        1 => (1u64..5).prop_map(Seq::Ahead),
        1 => Just(Seq::Again),
        1 => prop_oneof![Just(0u64), Just(u64::MAX), Just(i64::MAX as u64 + 1), any::<u64>()].prop_map(Seq::Any),
    ];
    let minutes = prop_oneof![8 => -120i64..30, 1 => any::<i64>().prop_map(|m| m / 1_000_000)];
    let edits = prop_oneof![12 => Just(vec![]), 1 => json::edits(2)];
    // The declaration, the push's everyday change, more often than the rest.
    let kind = prop_oneof![1 => Just(0usize), 2 => 0..KINDS.len()];
    let id = prop_oneof![
        20 => any::<u128>().prop_map(changes::Id::Fresh),
        1 => changes::id(),
    ];
    (kind, seq, id, minutes, changes::knobs(), edits).prop_map(
        |(kind, seq, id, device_minutes, knobs, edits)| MutationCase {
            kind,
            seq,
            id,
            device_minutes,
            knobs,
            edits,
        },
    )
}

#[derive(Debug, Clone)]
enum Body {
    Mutations(Vec<MutationCase>),
    /// The same mutation this many times (over the batch limit, often).
    Many(Box<MutationCase>, usize),
    Raw(Vec<MutationCase>, RawBody),
}

#[derive(Debug, Clone)]
struct PushCase {
    session: Session,
    /// Which of a few client ids (or, past them, not a UUID).
    client: usize,
    version: Option<Wrong>,
    body: Body,
    /// Edits of the whole body.
    edits: Vec<(usize, Wrong)>,
    media_type: MediaType,
}

const CLIENTS: u128 = 6;

fn push_case() -> impl Strategy<Value = PushCase> {
    let body = prop_oneof![
        16 => proptest::collection::vec(mutation_case(), 0..6).prop_map(Body::Mutations),
        1 => (mutation_case(), 95usize..110).prop_map(|(m, n)| Body::Many(Box::new(m), n)),
        2 => (proptest::collection::vec(mutation_case(), 1..3), text::raw_body())
            .prop_map(|(m, r)| Body::Raw(m, r)),
    ];
    let edits = prop_oneof![6 => Just(vec![]), 1 => json::edits(3)];
    (
        world::session(),
        0..CLIENTS as usize + 1,
        prop::option::weighted(0.05, json::wrong()),
        body,
        edits,
        world::media_type(),
    )
        .prop_map(|(session, client, version, body, edits, media_type)| PushCase {
            session,
            client,
            version,
            body,
            edits,
            media_type,
        })
}

/// The sequence each client id owes next, as the pushes so far left it.
#[derive(Default)]
struct Sequences(RefCell<HashMap<String, u64>>);

impl Sequences {
    fn next(&self, client: &str) -> u64 {
        *self.0.borrow().get(client).unwrap_or(&1)
    }

    /// What the server answered moves each client on.
    fn answered(&self, client: &str, response: &PushResponse) {
        let mut map = self.0.borrow_mut();
        let next = map.entry(client.to_owned()).or_insert(1);
        for result in &response.results {
            if !matches!(result.outcome, Outcome::Deferred) && result.seq >= *next {
                *next = result.seq.saturating_add(1);
            }
        }
    }
}

/// One of a few client ids of the person asking (a client id is one
/// person's: another's gets a 409), or not a UUID.
fn client_id(session: &Session, client: usize) -> String {
    if client as u128 >= CLIENTS {
        return "not-a-client-id".to_owned();
    }
    let person = match session {
        Session::Of(i) => (i % PEOPLE.len()) as u128,
        _ => PEOPLE.len() as u128,
    };
    json::uuid_text(0xc11e_0000 + person * 0x100 + client as u128)
}

fn mutation(case: &MutationCase, seq: u64) -> (Value, Vec<String>) {
    let value = json!({
        "id": case.id.text(),
        "seq": seq,
        "device_time": changes::device_time(case.device_minutes),
        "change": changes::change(case.kind, &case.knobs),
    });
    let edited = json::apply(&value, &case.edits);
    (edited.value, edited.texts)
}

/// The body's JSON, the long texts in it, and how many mutations it has.
fn push_body(case: &PushCase, sequences: &Sequences) -> (Vec<u8>, Vec<String>, usize) {
    let client = client_id(&case.session, case.client);
    let mut next = sequences.next(&client);
    let mut texts = Vec::new();
    let mut seq_of = |m: &MutationCase| {
        let seq = match m.seq {
            Seq::Next => next,
            Seq::Ahead(n) => next + n,
            Seq::Again => next.saturating_sub(1),
            Seq::Any(n) => n,
        };
        if matches!(m.seq, Seq::Next) {
            next += 1;
        }
        seq
    };
    let mut build = |cases: &[MutationCase]| -> Vec<Value> {
        cases
            .iter()
            .map(|m| {
                let (value, long) = mutation(m, seq_of(m));
                texts.extend(long);
                value
            })
            .collect()
    };
    let (mutations, raw) = match &case.body {
        Body::Mutations(cases) => (build(cases), None),
        Body::Many(one, n) => (build(&vec![(**one).clone(); *n]), None),
        Body::Raw(cases, raw) => (build(cases), Some(raw)),
    };
    let count = mutations.len();
    let mut body = json!({"protocol_version": 1, "client_id": client, "mutations": mutations});
    let mut raws = Vec::new();
    if let Some(version) = &case.version {
        body["protocol_version"] = version.value(&mut raws);
    }
    let mut edited = json::apply(&body, &case.edits);
    edited.raws.splice(0..0, raws);
    texts.extend(edited.texts.iter().cloned());
    let bytes = json::to_body(&edited);
    match raw {
        Some(raw) => (raw.bytes(&bytes), texts, count),
        None => (bytes, texts, count),
    }
}

/// What a 200 push promises: one result per mutation, each for a
/// mutation sent.
fn check_push(body: &[u8], sent: &[u8], tally: &Tally) -> Result<PushResponse, String> {
    let response: PushResponse = serde_json::from_slice(body)
        .map_err(|e| format!("a 200 push that is not a push answer: {e}"))?;
    // Only the count of mutations: what they hold is skipped without the
    // parser's nesting limit, as the server skips a field it does not know
    // (a body nested deeper than that limit inside one is still a push).
    #[derive(serde::Deserialize)]
    struct Sent {
        mutations: Vec<serde::de::IgnoredAny>,
    }
    let sent: Sent = serde_json::from_slice(sent)
        .map_err(|e| format!("a push read from bytes that are not a push: {e}"))?;
    let mutations = sent.mutations.len();
    if response.results.len() != mutations {
        return Err(format!("{} results for {mutations} mutations", response.results.len()));
    }
    for result in &response.results {
        tally.note(match &result.outcome {
            Outcome::Applied => "applied",
            Outcome::Duplicate => "duplicate",
            Outcome::Deferred => "deferred",
            Outcome::Rejected { .. } => "rejected",
        });
        if let Outcome::Rejected { code, .. } = &result.outcome {
            if std::env::var("ANXIN_FUZZ_CODES").is_ok() {
                tally.note(&format!("rejected.{}", code.as_str()));
            }
        }
    }
    Ok(response)
}

#[test]
fn fuzz_push() {
    let world = World::new();
    let sequences = Sequences::default();
    let tally = Tally::new("push");
    fuzz_kit::run(&tally, push_case(), |case| {
        let (body, injected, _) = push_body(&case, &sequences);
        let authorization = world.authorization(&case.session, false);
        let Some(answer) =
            world.send("POST", "/api/v1/sync/push", authorization, case.media_type, body.clone())
        else {
            return Ok(Verdict::Unread);
        };
        let verdict = judge(&answer, &injected)?;
        if answer.status == 200 {
            let response = check_push(&answer.body, &body, &tally)?;
            sequences.answered(&client_id(&case.session, case.client), &response);
        }
        Ok(verdict)
    });
}

#[derive(Debug, Clone)]
struct PullCase {
    session: Session,
    query: QueryCase,
}

const PULL_KEYS: [&str; 3] = ["protocol_version", "cursor", "limit"];

fn known(key: usize) -> Vec<String> {
    let texts = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect();
    match key {
        0 => texts(&["1"]),
        1 => texts(&["0", "1", "5", "40", "9223372036854775807", "9223372036854775808"]),
        _ => texts(&["1", "3", "500", "501", "0"]),
    }
}

#[test]
fn fuzz_pull() {
    let world = World::new();
    // Something to page through: a few days filed by the student.
    seed_declarations(&world);
    let tally = Tally::new("pull");
    let strategy = (world::session(), text::query_case(PULL_KEYS.len()))
        .prop_map(|(session, query)| PullCase { session, query });
    fuzz_kit::run(&tally, strategy, |case| {
        let uri = format!("/api/v1/sync/pull{}", case.query.to_query(&PULL_KEYS, known));
        let authorization = world.authorization(&case.session, false);
        let Some(answer) = world.send("GET", &uri, authorization, MediaType::None, Vec::new())
        else {
            return Ok(Verdict::Unread);
        };
        let verdict = judge(&answer, &case.query.long_texts())?;
        if answer.status == 200 {
            check_pull(&uri, &answer.body)?;
        }
        Ok(verdict)
    });
}

/// What a 200 pull promises: at most the limit asked (and the server's),
/// and a cursor never before the one asked from.
fn check_pull(uri: &str, body: &[u8]) -> Result<(), String> {
    let page: PullResponse = serde_json::from_slice(body)
        .map_err(|e| format!("{uri}: a 200 that is not a page: {e}"))?;
    let asked = |key: &str| -> Option<u64> {
        let query = uri.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(&format!("{key}="))?.parse().ok())
    };
    let limit =
        asked("limit").map_or(MAX_PULL_CHANGES as u64, |l| l.clamp(1, MAX_PULL_CHANGES as u64));
    if page.changes.len() as u64 > limit {
        return Err(format!("{uri}: {} changes, more than the limit {limit}", page.changes.len()));
    }
    if page.cursor < asked("cursor").unwrap_or(0) {
        return Err(format!("{uri}: the cursor went back to {}", page.cursor));
    }
    Ok(())
}

fn seed_declarations(world: &World) {
    let mutations: Vec<Value> = (0..12)
        .map(|n| {
            json!({
                "id": json::uuid_text(0xd0_0000 + n),
                "seq": n + 1,
                "device_time": changes::device_time(0),
                "change": {"declaration_revision": {
                    "day": json::day_text(-(n as i64)),
                    "revision_id": json::uuid_text(0xd1_0000 + n),
                    "answers": serde_json::to_value(anxin_domain::fixtures::normal_answers()).unwrap(),
                    "correction_reason": null,
                }}
            })
        })
        .collect();
    let body =
        json!({"protocol_version": 1, "client_id": json::uuid_text(0xd2), "mutations": mutations});
    let student = PEOPLE.iter().position(|p| *p == "2020-0101").unwrap();
    let authorization = world.authorization(&Session::Of(student), false);
    let answer = world
        .send(
            "POST",
            "/api/v1/sync/push",
            authorization,
            MediaType::Json,
            serde_json::to_vec(&body).unwrap(),
        )
        .unwrap();
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
}

/// Each kind of change, as built, is a change the domain reads: the
/// edits start from valid shapes.
#[test]
fn test_every_kind_of_change_is_a_valid_shape() {
    let mut runner = proptest::test_runner::TestRunner::default();
    for (kind, name) in KINDS.iter().enumerate() {
        for _ in 0..20 {
            let knobs = changes::knobs().new_tree(&mut runner).unwrap().current();
            let knobs = Knobs {
                record: changes::Id::Fresh(7),
                about: changes::Id::Shared(0),
                text: changes::Text::Ordinary,
                other_text: changes::Text::Ordinary,
                ..knobs
            };
            let value = changes::change(kind, &knobs);
            let decoded: Result<anxin_domain::sync::Change, _> =
                serde_json::from_value(value.clone());
            assert!(decoded.is_ok(), "{name}: {value}: {decoded:?}");
        }
    }
}
