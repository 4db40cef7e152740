//! Visitors and vehicles over real HTTP (SPEC §6): a staff member
//! registers a visitor through the sync push, their department office
//! approves or refuses, the guard fetches the day's approved visitors and
//! records them at the gate; each refusal with its code.

mod support;

use anxin_domain::declaration::Temperature;
use anxin_domain::sync::{Change, Mutation, Outcome, PulledChange, RejectCode};
use anxin_domain::visitor::{
    Direction, GateDecision, GateRefusal, GateVisitorList, PendingVisitors, VisitorDecision,
    VisitorFlag, VisitorGateRecord, VisitorRegistration, VisitorRequest, VisitorStatus,
};
use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use support::sync::{pull_all, push, school_day, uuid};
use support::{token_of, TestServer};

/// T-1001, staff of 信息工程学院 (whose office is T-3001).
const HOST: &str = "T-1001";
/// T-2001, a foreign teacher of 外国语学院.
const OTHER_HOST: &str = "T-2001";
const OFFICE: &str = "T-3001";
const GUARD: &str = "G-0001";
const STUDENT: &str = "2020-0101";

/// A visitor `n` for `day`: their id is `uuid(n)`.
fn visitor(n: u64, day: NaiveDate) -> VisitorRequest {
    VisitorRequest {
        visitor_id: uuid(n),
        name: format!("访客{n}"),
        phone: format!("138 0000 {n:04}"),
        id_last4: "123x".into(),
        plate: Some(format!("琼a {n:05}")),
        day,
        reason: "送教材".into(),
    }
}

/// One person's phone: its client id and sequence; mutation `seq` of
/// phone `n` has the id `uuid(1_000_000 + n * 1_000 + seq)`.
struct Phone {
    person: &'static str,
    n: u64,
    seq: u64,
}

impl Phone {
    fn of(person: &'static str, n: u64) -> Self {
        Phone { person, n, seq: 0 }
    }

    async fn send(&mut self, server: &TestServer, change: Change) -> Outcome {
        self.seq += 1;
        let mutation = Mutation {
            id: uuid(1_000_000 + self.n * 1_000 + self.seq),
            seq: self.seq,
            device_time: Utc::now(),
            change,
        };
        let http = reqwest::Client::new();
        let client = uuid(90_000 + self.n);
        let response = push(&http, &server.url(""), self.person, &client, vec![mutation]).await;
        response.results.into_iter().next().unwrap().outcome
    }
}

fn decision(n: u64, approve: bool, reason: Option<&str>) -> Change {
    Change::VisitorDecide(VisitorDecision {
        visitor_id: uuid(n),
        approve,
        reason: reason.map(str::to_owned),
    })
}

fn rejected(code: RejectCode) -> Outcome {
    Outcome::Rejected { code, fields: Vec::new() }
}

async fn get(server: &TestServer, person: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(server.url(path)).bearer_auth(token_of(person)).send().await.unwrap()
}

async fn gate_list(server: &TestServer, day: NaiveDate) -> GateVisitorList {
    let response = get(server, GUARD, &format!("/api/v1/gate/visitors?day={day}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn pending(server: &TestServer) -> PendingVisitors {
    let response = get(server, OFFICE, "/api/v1/visitors/pending").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn visitors(changes: Vec<PulledChange>) -> Vec<VisitorRegistration> {
    changes
        .into_iter()
        .filter_map(|c| match c {
            PulledChange::Visitor(v) => Some(v),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn test_register_approve_and_the_guard_list_shows_exactly_the_approved_of_the_day() {
    // Setup: three visitors of the host, two today and one tomorrow.
    let server = TestServer::start().await;
    let (today, tomorrow) = (school_day(0), school_day(-1));
    let mut host = Phone::of(HOST, 1);
    for (n, day) in [(1, today), (2, today), (3, tomorrow)] {
        assert_eq!(
            host.send(&server, Change::VisitorRegister(visitor(n, day))).await,
            Outcome::Applied
        );
    }
    let waiting: Vec<_> =
        pending(&server).await.visitors.into_iter().map(|v| v.request.visitor_id).collect();
    assert_eq!(waiting, vec![uuid(1), uuid(2), uuid(3)]);

    // Exec: the office approves the first and the third, refuses the second.
    let mut office = Phone::of(OFFICE, 2);
    assert_eq!(office.send(&server, decision(1, true, None)).await, Outcome::Applied);
    assert_eq!(office.send(&server, decision(2, false, Some("当天封校"))).await, Outcome::Applied);
    assert_eq!(office.send(&server, decision(3, true, None)).await, Outcome::Applied);

    // Check: the guard's list of each day; nothing left to decide.
    let list = gate_list(&server, today).await;
    let ids: Vec<_> = list.visitors.iter().map(|v| v.visitor_id.clone()).collect();
    assert_eq!(ids, vec![uuid(1)]);
    let first = &list.visitors[0];
    assert_eq!(first.plate.as_deref(), Some("琼A00001"), "normalised");
    assert_eq!(first.phone, "13800000001", "normalised");
    assert_eq!((first.host_name.as_str(), first.id_last4.as_str()), ("张老师", "123X"));
    let body = get(&server, GUARD, &format!("/api/v1/gate/visitors?day={today}")).await;
    assert!(!body.text().await.unwrap().contains("reason"), "no reasons for the guard");
    let ids: Vec<_> =
        gate_list(&server, tomorrow).await.visitors.into_iter().map(|v| v.visitor_id).collect();
    assert_eq!(ids, vec![uuid(3)]);
    assert!(pending(&server).await.visitors.is_empty());
    // The host pulls each registration as it stands after each change.
    let pulled = visitors(pull_all(&reqwest::Client::new(), &server.url(""), HOST).await);
    let last_of_2 = pulled.iter().rev().find(|v| v.request.visitor_id == uuid(2)).unwrap();
    assert_eq!(last_of_2.status, VisitorStatus::Refused);
    assert_eq!(last_of_2.decision_reason.as_deref(), Some("当天封校"));
    assert_eq!(pulled.len(), 6);
}

#[tokio::test]
async fn test_pending_lists_only_the_offices_department() {
    // Setup
    let server = TestServer::start().await;
    let mut host = Phone::of(HOST, 1);
    let mut other = Phone::of(OTHER_HOST, 2);

    // Exec
    host.send(&server, Change::VisitorRegister(visitor(1, school_day(0)))).await;
    other.send(&server, Change::VisitorRegister(visitor(2, school_day(0)))).await;

    // Check
    let list = pending(&server).await;
    assert_eq!(list.department, "信息工程学院");
    let ids: Vec<_> = list.visitors.into_iter().map(|v| v.request.visitor_id).collect();
    assert_eq!(ids, vec![uuid(1)]);
}

#[tokio::test]
async fn test_register_refusals_have_specific_codes() {
    // Setup
    let server = TestServer::start().await;
    let today = school_day(0);
    let mut host = Phone::of(HOST, 1);
    let mut student = Phone::of(STUDENT, 2);
    let cases = [
        (
            VisitorRequest { plate: Some("琼I12345".into()), ..visitor(1, today) },
            RejectCode::InvalidPlate,
        ),
        (VisitorRequest { phone: "打电话".into(), ..visitor(2, today) }, RejectCode::InvalidPhone),
        (VisitorRequest { phone: "12345".into(), ..visitor(10, today) }, RejectCode::InvalidPhone),
        (
            VisitorRequest { phone: "23800000001".into(), ..visitor(11, today) },
            RejectCode::InvalidPhone,
        ),
        (visitor(3, school_day(1)), RejectCode::VisitDayPast),
        (visitor(4, school_day(-31)), RejectCode::VisitDayTooFar),
        (VisitorRequest { name: "名".repeat(41), ..visitor(5, today) }, RejectCode::TextTooLong),
        (VisitorRequest { reason: "因".repeat(201), ..visitor(6, today) }, RejectCode::TextTooLong),
        (
            VisitorRequest { id_last4: "12345".into(), ..visitor(7, today) },
            RejectCode::InvalidIdLast4,
        ),
    ];

    // Exec / Check
    let by_student = student.send(&server, Change::VisitorRegister(visitor(9, today))).await;
    assert_eq!(by_student, rejected(RejectCode::NotYourScope));
    for (request, code) in cases {
        let outcome = host.send(&server, Change::VisitorRegister(request)).await;
        assert_eq!(outcome, rejected(code));
    }
    assert!(pending(&server).await.visitors.is_empty(), "nothing refused is stored");
    let last_day = school_day(-30);
    assert_eq!(
        host.send(&server, Change::VisitorRegister(visitor(8, last_day))).await,
        Outcome::Applied
    );
    // A landline with its area code is a phone too, kept with its hyphen.
    let landline = VisitorRequest { phone: "0898 6612 3456".into(), ..visitor(12, today) };
    assert_eq!(host.send(&server, Change::VisitorRegister(landline)).await, Outcome::Applied);
    let kept = pending(&server).await.visitors;
    let kept = kept.iter().find(|v| v.request.visitor_id == uuid(12)).unwrap();
    assert_eq!(kept.request.phone, "0898-66123456");
}

#[tokio::test]
async fn test_deciding_outside_the_department_twice_or_unknown_is_refused() {
    // Setup
    let server = TestServer::start().await;
    let mut host = Phone::of(HOST, 1);
    let mut other = Phone::of(OTHER_HOST, 2);
    host.send(&server, Change::VisitorRegister(visitor(1, school_day(0)))).await;
    other.send(&server, Change::VisitorRegister(visitor(2, school_day(0)))).await;
    let mut office = Phone::of(OFFICE, 3);

    // Exec / Check
    assert_eq!(
        office.send(&server, decision(2, true, None)).await,
        rejected(RejectCode::NotYourScope)
    );
    assert_eq!(
        office.send(&server, decision(1, false, None)).await,
        rejected(RejectCode::TextRequired)
    );
    assert_eq!(office.send(&server, decision(1, true, None)).await, Outcome::Applied);
    assert_eq!(
        office.send(&server, decision(1, false, Some("改主意"))).await,
        rejected(RejectCode::AlreadyDecided)
    );
    assert_eq!(
        office.send(&server, decision(7, true, None)).await,
        rejected(RejectCode::UnknownVisitor)
    );
    let mut host_again = Phone::of(HOST, 4);
    assert_eq!(
        host_again.send(&server, decision(1, true, None)).await,
        rejected(RejectCode::NotYourScope),
        "a host decides nothing"
    );
}

#[tokio::test]
async fn test_a_guards_record_of_an_unregistered_visitor_is_kept_as_a_refusal() {
    // Setup
    let server = TestServer::start().await;
    let mut guard = Phone::of(GUARD, 1);
    let record =
        VisitorGateRecord::Unregistered { record_id: uuid(500), typed: "琼B99999".into() };

    // Exec
    let outcome = guard.send(&server, Change::VisitorAtGate(record.clone())).await;

    // Check
    assert_eq!(outcome, Outcome::Applied);
    let store = support::store_at(server.data_dir.path());
    let kept = store.visitor_gate_records(school_day(0)).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].record.clone(), kept[0].guard_id.as_str()), (record.clone(), GUARD));
    assert_eq!(kept[0].record.decision(), GateDecision::Refused);
    assert!(kept[0].flags.is_empty());
    // A student records nothing at the gate.
    let mut student = Phone::of(STUDENT, 2);
    let again = VisitorGateRecord::Unregistered { record_id: uuid(501), typed: "张三".into() };
    assert_eq!(
        student.send(&server, Change::VisitorAtGate(again)).await,
        rejected(RejectCode::NotYourScope)
    );
}

#[tokio::test]
async fn test_a_record_for_a_visitor_approved_for_another_day_is_flagged() {
    // Setup: approved for tomorrow.
    let server = TestServer::start().await;
    let mut host = Phone::of(HOST, 1);
    host.send(&server, Change::VisitorRegister(visitor(1, school_day(-1)))).await;
    Phone::of(OFFICE, 2).send(&server, decision(1, true, None)).await;
    let entry = |n, tenths| {
        Change::VisitorAtGate(VisitorGateRecord::Visitor {
            record_id: uuid(n),
            visitor_id: uuid(1),
            direction: Direction::In,
            temperature: Some(Temperature::from_tenths(tenths)),
            decision: GateDecision::Admitted,
        })
    };

    // Exec: the guard admits them today; then a typo of a temperature.
    let mut guard = Phone::of(GUARD, 3);
    assert_eq!(guard.send(&server, entry(600, 365)).await, Outcome::Applied);
    assert_eq!(
        guard.send(&server, entry(601, 600)).await,
        rejected(RejectCode::TemperatureOutOfRange)
    );

    // Check
    let store = support::store_at(server.data_dir.path());
    let kept = store.visitor_gate_records(school_day(0)).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].flags, vec![VisitorFlag::AdmittedDespite(GateRefusal::OtherDay)]);
}
