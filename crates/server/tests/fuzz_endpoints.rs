//! Every endpoint of the API, fuzzed in process (the real router on a real
//! database): valid bodies with wrong values, fields missing and added,
//! bytes that are not JSON, odd path segments and query strings, with and
//! without a session, each as each role. Whatever comes in, the answer is
//! never a 5xx, and every 4xx is a JSON error with a code of the domain's
//! list (see `fuzz_kit::judge`).
//!
//! The table below must name every endpoint the router has, so an
//! endpoint added without its shape fails here.

mod fuzz_kit;
mod support;

use std::collections::BTreeSet;

use anxin_domain::account::{FirstSignInRequest, SignInRequest};
use anxin_domain::counselling::decision::CounsellorAction;
use anxin_domain::counselling::Mode;
use anxin_domain::fixtures::{daily_plan, sealed_note};
use anxin_server::routes::endpoints;
use chrono::{Duration, NaiveTime, Utc};
use fuzz_kit::json::{self, day_text, Wrong, PEOPLE};
use fuzz_kit::text::{self, QueryCase, RawBody, UrlText};
use fuzz_kit::world::{self, MediaType, Session, World, BOOKINGS};
use fuzz_kit::{judge, Tally, Verdict};
use proptest::prelude::*;
use serde_json::{json, Value};

/// What an endpoint takes.
#[derive(Default)]
struct Shape {
    /// Valid bodies (none: it reads no body).
    seeds: Vec<Value>,
    /// Valid values of each path parameter, in order.
    params: Vec<Vec<String>>,
    /// Its query keys, each with valid values.
    query: Vec<(&'static str, Vec<String>)>,
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn people() -> Vec<String> {
    texts(&PEOPLE)
}

fn classes() -> Vec<String> {
    texts(&["软件2001", "软件2002", "国际2101", "无此班"])
}

fn days() -> Vec<String> {
    (-15..=1).map(day_text).collect()
}

fn report_query() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("scope", texts(&["school", "class", "department"])),
        ("name", texts(&["软件2001", "信息工程学院", "国际2101", "国际教育学院"])),
        ("day", days()),
        ("to", days()),
        ("lang", texts(&["zh", "en"])),
    ]
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("a wire type serializes")
}

fn sign_ins() -> Vec<Value> {
    ["2020-0101", "T-1001", "X-9999"]
        .into_iter()
        .map(|person| {
            to_value(SignInRequest {
                person_id: person.into(),
                password: "violet-kettle-harbour-17".into(),
            })
        })
        .collect()
}

fn first_sign_ins() -> Vec<Value> {
    ["2020-0101", "C-0001"]
        .into_iter()
        .map(|person| {
            to_value(FirstSignInRequest {
                person_id: person.into(),
                code: "ABCD-EFGH-JKLM".into(),
                new_password: "violet-kettle-harbour-17".into(),
            })
        })
        .collect()
}

fn plans() -> Vec<Value> {
    let mut in_person = daily_plan("C-0001", &[9, 14], Mode::InPerson("心理中心 203".into()));
    in_person.leaves.push(anxin_domain::counselling::Leave {
        from: anxin_domain::local_day(Utc::now()) + Duration::days(20),
        to: anxin_domain::local_day(Utc::now()) + Duration::days(22),
        note: "培训".into(),
    });
    vec![
        to_value(daily_plan("C-0001", &[10, 15], Mode::Phone)),
        to_value(in_person),
        to_value(daily_plan("C-0002", &[10], Mode::Online)),
    ]
}

fn counsellor_actions() -> Vec<Value> {
    let tomorrow = anxin_domain::local_day(Utc::now()) + Duration::days(1);
    let at = |hour| tomorrow.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("an hour"));
    [
        CounsellorAction::Accept,
        CounsellorAction::Propose { start: at(10) },
        CounsellorAction::Propose { start: at(11) },
        CounsellorAction::Decline { reason: "当天外出培训".into() },
        CounsellorAction::Complete,
        CounsellorAction::NoShow,
        CounsellorAction::Undo,
    ]
    .into_iter()
    .map(to_value)
    .collect()
}

fn push_seed() -> Value {
    json!({
        "protocol_version": 1,
        "client_id": "5a0c7e3e-8a4f-4f5e-9c1d-2b7c4f1e9a10",
        "mutations": [{
            "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "seq": 1,
            "device_time": Utc::now().to_rfc3339(),
            "change": {"declaration_revision": {
                "day": day_text(0),
                "revision_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "answers": to_value(anxin_domain::fixtures::normal_answers()),
                "correction_reason": null
            }}
        }]
    })
}

/// The shape of each endpoint, by its name in `routes::endpoints()`.
fn shape(endpoint: &str) -> Shape {
    let query = |keys: Vec<(&'static str, Vec<String>)>| Shape { query: keys, ..Shape::default() };
    match endpoint {
        "GET /api/health"
        | "GET /api/v1/directory"
        | "GET /api/v1/session"
        | "DELETE /api/v1/session"
        | "GET /api/v1/returns"
        | "GET /api/v1/counselling/schedule"
        | "GET /api/v1/visitors/pending"
        | "GET /api/v1/retention/next"
        | "GET /api/v1/me/data" => Shape::default(),
        "POST /api/v1/session" => Shape { seeds: sign_ins(), ..Shape::default() },
        "POST /api/v1/session/first" => Shape { seeds: first_sign_ins(), ..Shape::default() },
        "POST /api/v1/sync/push" => Shape { seeds: vec![push_seed()], ..Shape::default() },
        "GET /api/v1/sync/pull" => query(vec![
            ("protocol_version", texts(&["1"])),
            ("cursor", texts(&["0", "3", "9223372036854775807"])),
            ("limit", texts(&["1", "7", "500"])),
        ]),
        "GET /api/v1/people/{id}/declarations" | "POST /api/v1/accounts/{id}/code" => {
            Shape { params: vec![people()], ..Shape::default() }
        }
        "POST /api/v1/people/{id}/declarations/open" => Shape {
            seeds: vec![json!({ "reason": "密接追踪" }), json!({ "reason": "" })],
            params: vec![people()],
            ..Shape::default()
        },
        "GET /api/v1/classes/{class}/declarations" => {
            Shape { params: vec![classes()], query: vec![("day", days())], ..Shape::default() }
        }
        "POST /api/v1/classes/{class}/codes" => {
            Shape { params: vec![classes()], ..Shape::default() }
        }
        "GET /api/v1/gate/list" => query(vec![("part", texts(&["0", "1"]))]),
        "GET /api/v1/reports" | "GET /api/v1/reports/trend" | "GET /api/v1/reports/export" => {
            query(report_query())
        }
        "POST /api/v1/counselling/plan" => Shape { seeds: plans(), ..Shape::default() },
        "GET /api/v1/counselling/appointments" => query(vec![("from", days()), ("to", days())]),
        "POST /api/v1/counselling/appointments/{id}/status" => Shape {
            seeds: counsellor_actions(),
            params: vec![texts(&BOOKINGS)],
            ..Shape::default()
        },
        "POST /api/v1/counselling/appointments/{id}/note" => Shape {
            seeds: vec![to_value(sealed_note())],
            params: vec![texts(&BOOKINGS)],
            ..Shape::default()
        },
        "GET /api/v1/counselling/appointments/{id}/note" => {
            Shape { params: vec![texts(&BOOKINGS)], ..Shape::default() }
        }
        "GET /api/v1/gate/visitors" => query(vec![("day", days())]),
        other => panic!("{other} has no shape to fuzz: add one to `shape`"),
    }
}

/// The endpoints, each with its shape.
fn table() -> Vec<(String, Shape)> {
    endpoints()
        .into_iter()
        .map(|e| e.to_string())
        .map(|name| (name.clone(), shape(&name)))
        .collect()
}

#[derive(Debug, Clone)]
enum BodyCase {
    /// A seed (by index) with edits.
    Edited(usize, Vec<(usize, Wrong)>),
    /// A seed (by index) made into bytes that are not it.
    Raw(usize, RawBody),
}

#[derive(Debug, Clone)]
struct Case {
    endpoint: usize,
    /// Another method than the endpoint's (the index picks it).
    other_method: Option<usize>,
    session: Session,
    params: Vec<UrlText>,
    query: QueryCase,
    body: BodyCase,
    media_type: MediaType,
}

const METHODS: [&str; 5] = ["GET", "POST", "DELETE", "PUT", "PATCH"];

fn case() -> impl Strategy<Value = Case> {
    let body = prop_oneof![
        4 => (any::<usize>(), json::edits(4)).prop_map(|(s, e)| BodyCase::Edited(s, e)),
        1 => (any::<usize>(), text::raw_body()).prop_map(|(s, r)| BodyCase::Raw(s, r)),
    ];
    (
        any::<usize>(),
        prop::option::weighted(0.06, any::<usize>()),
        world::session(),
        proptest::collection::vec(text::url_text(), 1),
        text::query_case(5),
        body,
        world::media_type(),
    )
        .prop_map(|(endpoint, other_method, session, params, query, body, media_type)| Case {
            endpoint,
            other_method,
            session,
            params,
            query,
            body,
            media_type,
        })
}

/// The request `case` makes of `name` (`METHOD /api/path`), and the long
/// texts it carries.
fn request(name: &str, shape: &Shape, case: &Case) -> (String, String, Vec<u8>, Vec<String>) {
    let (method, template) = name.split_once(' ').expect("METHOD /path");
    let method = match case.other_method {
        Some(i) => METHODS[i % METHODS.len()],
        None => method,
    };
    let mut injected = case.query.long_texts();
    let mut path = template.to_owned();
    for (known, value) in shape.params.iter().zip(&case.params) {
        let start = path.find('{').expect("a parameter for each");
        let end = path[start..].find('}').expect("a closing brace") + start;
        path.replace_range(start..=end, &value.encoded(known));
        injected.extend(value.long_text());
    }
    let keys: Vec<&str> = shape.query.iter().map(|(k, _)| *k).collect();
    let uri = format!("{path}{}", case.query.to_query(&keys, |i| shape.query[i].1.clone()));
    let body = if shape.seeds.is_empty() {
        match &case.body {
            BodyCase::Raw(_, raw) => raw.bytes(b""),
            BodyCase::Edited(..) => Vec::new(),
        }
    } else {
        match &case.body {
            BodyCase::Edited(seed, edits) => {
                let edited = json::apply(&shape.seeds[seed % shape.seeds.len()], edits);
                injected.extend(edited.texts.iter().cloned());
                json::to_body(&edited)
            }
            BodyCase::Raw(seed, raw) => {
                let valid = serde_json::to_vec(&shape.seeds[seed % shape.seeds.len()]).unwrap();
                raw.bytes(&valid)
            }
        }
    };
    (method.to_owned(), uri, body, injected)
}

#[test]
fn test_every_endpoint_has_a_shape_to_fuzz() {
    let named: BTreeSet<String> = table().into_iter().map(|(name, _)| name).collect();
    assert_eq!(named.len(), endpoints().len(), "each endpoint once");
    for (name, shape) in table() {
        assert_eq!(shape.params.len(), name.matches('{').count(), "{name}: one list per parameter");
        let writes_a_body = name.starts_with("POST") && !name.contains("/code");
        assert_eq!(!shape.seeds.is_empty(), writes_a_body, "{name}: bodies");
    }
}

/// The seeds unchanged are requests a rule decides: what the edits start
/// from reaches the handler's rules.
#[test]
fn test_every_seed_is_read_by_its_endpoint() {
    let world = World::new();
    for (name, shape) in table() {
        for (i, seed) in shape.seeds.iter().enumerate() {
            let (method, template) = name.split_once(' ').unwrap();
            let path = shape.params.iter().fold(template.to_owned(), |path, known| {
                let start = path.find('{').unwrap();
                let end = path[start..].find('}').unwrap() + start;
                let mut path = path;
                path.replace_range(start..=end, &text::encode(&known[0]));
                path
            });
            let person = if name.contains("counselling") { 6 } else { 0 };
            let authorization = world.authorization(&Session::Of(person), false);
            let body = serde_json::to_vec(seed).unwrap();
            let answer = world.send(method, &path, authorization, MediaType::Json, body).unwrap();
            let verdict = judge(&answer, &[]);
            assert_eq!(
                verdict,
                Ok(Verdict::Decided),
                "{name} seed {i}: {} {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            );
        }
    }
}

#[test]
fn fuzz_every_endpoint() {
    let world = World::new();
    let table = table();
    let tally = Tally::new("endpoints");
    fuzz_kit::run(&tally, case(), |case| {
        let (name, shape) = &table[case.endpoint % table.len()];
        let (method, uri, body, injected) = request(name, shape, &case);
        // Signing out ends the session it is made with: a session of its own.
        let throwaway = name == "DELETE /api/v1/session";
        let authorization = world.authorization(&case.session, throwaway);
        match world.send(&method, &uri, authorization, case.media_type, body) {
            Some(answer) => {
                judge(&answer, &injected).map_err(|why| format!("{method} {uri}: {why}"))
            }
            // Not a request any client could send: nothing to judge.
            None => Ok(Verdict::Unread),
        }
    });
}
