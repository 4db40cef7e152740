//! The gate over real HTTP with its own SQLite: a guard's records arrive
//! through the sync push, are checked with the domain's rules and again
//! against the pass; a fever or a cough begins isolation observation,
//! which changes the person's next pass and the gate list, and only an
//! office ends it, with a reason.

mod support;

use anxin_domain::declaration::Temperature;
use anxin_domain::gate::{
    Direction, GateDecision, GateFigures, GateFlag, GateListPart, GateRecord, GateSymptom,
    Identified,
};
use anxin_domain::pass::wire::from_text;
use anxin_domain::pass::EntryStatus;
use anxin_domain::report::view::Report;
use anxin_domain::sync::{Change, Mutation, Outcome, PullResponse, RejectCode, PROTOCOL_VERSION};
use chrono::Utc;
use reqwest::StatusCode;
use support::sync::{push, revision, school_day, uuid, OTHER_PERSON, PERSON};
use support::{token_of, TestServer};

const GUARD: &str = "G-0001";
const OFFICE: &str = "T-3001";
const SCHOOL_OFFICE: &str = "T-3002";
const OTHER_OFFICE_PERSON: &str = "2021-0311";

async fn todays_pass(http: &reqwest::Client, base: &str, person: &str) -> Option<String> {
    let url = format!("{base}/api/v1/sync/pull?protocol_version={PROTOCOL_VERSION}&cursor=0");
    let response = http.get(url).bearer_auth(token_of(person)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<PullResponse>().await.unwrap().pass
}

fn status_of(pass: &str) -> EntryStatus {
    from_text(pass).unwrap().0.status
}

fn record(n: u64, who: Identified, readings: &[u16], decision: GateDecision) -> GateRecord {
    GateRecord {
        record_id: uuid(7_000 + n),
        gate: "东门".into(),
        direction: Direction::In,
        who,
        readings: readings.iter().map(|t| Temperature::from_tenths(*t)).collect(),
        symptoms: Vec::new(),
        decision,
    }
}

/// Pushes each change as the next mutation of `person`'s one phone.
struct Phone<'a> {
    http: &'a reqwest::Client,
    base: &'a str,
    person: &'a str,
    n: u64,
    seq: u64,
}

impl<'a> Phone<'a> {
    /// Phone `n` (its client id and mutation ids are its own).
    fn new(http: &'a reqwest::Client, base: &'a str, person: &'a str, n: u64) -> Self {
        Self { http, base, person, n, seq: 0 }
    }

    async fn send(&mut self, change: Change) -> Outcome {
        self.seq += 1;
        let mutation = Mutation {
            id: uuid(100_000 * self.n + self.seq),
            seq: self.seq,
            device_time: Utc::now(),
            change,
        };
        let client = uuid(900 + self.n);
        let answer = push(self.http, self.base, self.person, &client, vec![mutation]).await;
        answer.results[0].outcome.clone()
    }
}

fn rejected(code: RejectCode) -> Outcome {
    Outcome::Rejected { code, fields: vec![] }
}

async fn declare_normal(http: &reqwest::Client, base: &str, person: &str, n: u64) -> String {
    push(http, base, person, &uuid(600 + n), vec![revision(1, n, school_day(0), 365, None)]).await;
    todays_pass(http, base, person).await.expect("a pass after declaring")
}

#[tokio::test]
async fn test_a_fever_at_the_gate_begins_observation_and_changes_the_next_pass() {
    // Setup: the student declared a normal day and has a "may enter" pass.
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let pass = declare_normal(&http, &base, PERSON, 1).await;
    assert_eq!(status_of(&pass), EntryStatus::MayEnter);
    let mut guard = Phone::new(&http, &base, GUARD, 1);

    // Exec: 38.2 °C twice, sent to the clinic.
    let fever = record(1, Identified::Pass(pass.clone()), &[382, 382], GateDecision::SentToClinic);
    assert_eq!(guard.send(Change::GateRecord(fever)).await, Outcome::Applied);

    // Check: the next pass says "do not admit", and so does the gate list.
    let next = todays_pass(&http, &base, PERSON).await.unwrap();
    assert_eq!(status_of(&next), EntryStatus::DoNotAdmit);
    let list = gate_list(&http, &base, GUARD, 0).await;
    let entry = list.entries.iter().find(|e| e.id == PERSON).unwrap();
    assert_eq!((entry.status, entry.declared), (EntryStatus::DoNotAdmit, true));
    assert_eq!(entry.masked_name, "李*");
    // Her advisor sees the referral in the class's report; the school
    // office sees the gate's figures.
    let class = report_of(&http, &base, "T-1001", "scope=class&name=软件2001").await;
    let line = class.people.iter().find(|p| p.person_id == PERSON).unwrap();
    assert!(line.in_observation, "{line:?}");
    assert!(class.gate.is_empty(), "a class's report has no gate figures");
    let school = report_of(&http, &base, SCHOOL_OFFICE, "scope=school").await;
    assert_eq!(
        school.gate,
        vec![GateFigures {
            gate: "东门".into(),
            entries: 0,
            exits: 0,
            refusals: 0,
            fevers: 1,
            referrals: 1
        }]
    );
    assert!(school.people.iter().any(|p| p.person_id == PERSON && p.in_observation));
    // A normal declaration later does not end it.
    let correction = revision(2, 2, school_day(0), 364, Some("复测正常"));
    push(&http, &base, PERSON, &uuid(601), vec![correction]).await;
    assert_eq!(
        status_of(&todays_pass(&http, &base, PERSON).await.unwrap()),
        EntryStatus::DoNotAdmit
    );
    // The record is kept with whom it is about, and no flags.
    let store = support::store_at(server.data_dir.path());
    let records = store.gate_records_of_day(school_day(0)).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].person_id.as_deref(), Some(PERSON));
    assert_eq!(records[0].guard_id, GUARD);
    assert!(records[0].flags.is_empty(), "{:?}", records[0].flags);

    // Only an office of the person's department, or the school's, ends it.
    let end =
        |reason: &str| Change::EndObservation { person_id: PERSON.into(), reason: reason.into() };
    let mut other = Phone::new(&http, &base, "T-1001", 2);
    assert_eq!(other.send(end("已排除")).await, rejected(RejectCode::NotYourScope));
    let mut office = Phone::new(&http, &base, OFFICE, 3);
    assert_eq!(office.send(end(" ")).await, rejected(RejectCode::BadReason));
    assert_eq!(office.send(end("校医院排除发热，核酸阴性")).await, Outcome::Applied);
    assert_eq!(office.send(end("again")).await, rejected(RejectCode::NotUnderObservation));
    let audited = store.audit_log(Some(PERSON), 100).unwrap();
    let ended: Vec<_> = audited.iter().filter(|e| e.event == "observation_ended").collect();
    assert_eq!(ended.len(), 1, "audited once");
    assert_eq!(ended[0].actor.as_deref(), Some(OFFICE));
    assert!(ended[0].detail.is_none(), "no reason or health data in the audit log");
    assert_eq!(status_of(&todays_pass(&http, &base, PERSON).await.unwrap()), EntryStatus::MayEnter);
}

#[tokio::test]
async fn test_a_cough_at_the_gate_refers_and_a_check_by_id_needs_no_pass() {
    // Setup: the classmate has filed nothing today.
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let mut guard = Phone::new(&http, &base, GUARD, 1);
    let list = gate_list(&http, &base, GUARD, 0).await;
    let entry = list.entries.iter().find(|e| e.id == OTHER_PERSON).unwrap();
    assert_eq!((entry.status, entry.declared), (EntryStatus::Check, false));

    // Exec: checked by id, coughing.
    let mut cough =
        record(2, Identified::ById(OTHER_PERSON.into()), &[366], GateDecision::Admitted);
    cough.symptoms = vec![GateSymptom::Cough];
    let refused = guard.send(Change::GateRecord(cough.clone())).await;
    cough.decision = GateDecision::SentToClinic;
    let referred = guard.send(Change::GateRecord(cough)).await;

    // Check: a cough must go to the clinic; then observation begins.
    assert_eq!(refused, rejected(RejectCode::MustReferToClinic));
    assert_eq!(referred, Outcome::Applied);
    let list = gate_list(&http, &base, GUARD, 0).await;
    let entry = list.entries.iter().find(|e| e.id == OTHER_PERSON).unwrap();
    assert_eq!(entry.status, EntryStatus::DoNotAdmit);
    // The office of another department cannot end it; the school's can.
    let end = Change::EndObservation { person_id: OTHER_PERSON.into(), reason: "排除".into() };
    let mut school = Phone::new(&http, &base, SCHOOL_OFFICE, 4);
    assert_eq!(school.send(end).await, Outcome::Applied);
}

#[tokio::test]
async fn test_bad_gate_records_are_refused_with_their_code_and_nothing_is_stored() {
    // Setup
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let mut guard = Phone::new(&http, &base, GUARD, 1);
    let by_id = || Identified::ById(PERSON.into());

    // Exec + Check: each refusal has its own code.
    let cases = [
        (record(1, by_id(), &[339], GateDecision::Admitted), RejectCode::TemperatureOutOfRange),
        (record(2, by_id(), &[426], GateDecision::Admitted), RejectCode::TemperatureOutOfRange),
        (record(3, by_id(), &[], GateDecision::Admitted), RejectCode::TemperatureMissing),
        (record(4, by_id(), &[382], GateDecision::SentToClinic), RejectCode::SecondReadingNeeded),
        (record(5, by_id(), &[382, 383], GateDecision::Admitted), RejectCode::MustReferToClinic),
        (record(6, by_id(), &[365, 365], GateDecision::Admitted), RejectCode::TooManyReadings),
        (
            GateRecord {
                gate: String::new(),
                ..record(7, by_id(), &[365], GateDecision::Admitted)
            },
            RejectCode::BadGate,
        ),
        (
            record(8, Identified::ById("x'--".into()), &[365], GateDecision::Admitted),
            RejectCode::MalformedId,
        ),
    ];
    for (bad, code) in cases {
        assert_eq!(guard.send(Change::GateRecord(bad)).await, rejected(code), "{code:?}");
    }
    // Nobody but a guard records at the gate.
    let mut student = Phone::new(&http, &base, PERSON, 2);
    let fine = record(9, by_id(), &[365], GateDecision::Admitted);
    assert_eq!(student.send(Change::GateRecord(fine)).await, rejected(RejectCode::NotYourScope));
    let store = support::store_at(server.data_dir.path());
    assert!(store.gate_records_of_day(school_day(0)).unwrap().is_empty());
}

#[tokio::test]
async fn test_a_tampered_pass_and_a_pass_seen_twice_are_flagged_on_the_server() {
    // Setup
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    let pass = declare_normal(&http, &base, PERSON, 1).await;
    let mut guard = Phone::new(&http, &base, GUARD, 1);
    // One character of the signature changed (the base45 text stays valid).
    let mut tampered: Vec<char> = pass.chars().collect();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == '0' { '1' } else { '0' };
    let tampered: String = tampered.into_iter().collect();

    // Exec
    let first = record(1, Identified::Pass(pass.clone()), &[365], GateDecision::Admitted);
    let again = record(2, Identified::Pass(pass), &[365], GateDecision::Admitted);
    let forged = record(3, Identified::Pass(tampered), &[365], GateDecision::Refused);
    for r in [first, again, forged] {
        assert_eq!(guard.send(Change::GateRecord(r)).await, Outcome::Applied);
    }

    // Check
    let store = support::store_at(server.data_dir.path());
    let flags: Vec<Vec<GateFlag>> =
        store.gate_records_of_day(school_day(0)).unwrap().into_iter().map(|r| r.flags).collect();
    assert_eq!(flags.len(), 3);
    assert!(flags.contains(&vec![]), "{flags:?}");
    assert!(flags.contains(&vec![GateFlag::SeenTwice]), "{flags:?}");
    assert!(flags.contains(&vec![GateFlag::PassNotGenuine, GateFlag::UnknownPerson]), "{flags:?}");
}

async fn report_of(http: &reqwest::Client, base: &str, who: &str, scope: &str) -> Report {
    let url = format!("{base}/api/v1/reports?{scope}&day={}", school_day(0));
    let response = http.get(url).bearer_auth(token_of(who)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn gate_list(http: &reqwest::Client, base: &str, who: &str, part: u32) -> GateListPart {
    let response = http
        .get(format!("{base}/api/v1/gate/list?part={part}"))
        .bearer_auth(token_of(who))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn test_the_gate_list_is_for_guards_only_and_holds_no_declaration() {
    // Setup
    let server = TestServer::start().await;
    let (http, base) = (reqwest::Client::new(), server.url(""));
    declare_normal(&http, &base, PERSON, 1).await;

    // Exec
    let list = gate_list(&http, &base, GUARD, 0).await;
    let raw = http
        .get(format!("{base}/api/v1/gate/list"))
        .bearer_auth(token_of(GUARD))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let beyond = http
        .get(format!("{base}/api/v1/gate/list?part=1"))
        .bearer_auth(token_of(GUARD))
        .send()
        .await
        .unwrap();
    let by_office = http
        .get(format!("{base}/api/v1/gate/list"))
        .bearer_auth(token_of(OFFICE))
        .send()
        .await
        .unwrap();

    // Check: everyone, today, in one part; no temperature or place in it.
    assert_eq!((list.day, list.part, list.parts), (school_day(0), 0, 1));
    assert_eq!(list.entries.len(), 12);
    assert!(list.entries.iter().any(|e| e.id == OTHER_OFFICE_PERSON));
    // (The entries only: the server's clock may hold any digits.)
    let mut body: serde_json::Value = serde_json::from_str(&raw).unwrap();
    body.as_object_mut().unwrap().remove("server_time");
    let entries = body.to_string();
    assert!(
        !entries.contains("temperature") && !entries.contains("36.5") && !entries.contains("365"),
        "{entries}"
    );
    assert!(!raw.contains("李明"), "names are masked: {raw}");
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);
    assert_eq!(by_office.status(), StatusCode::FORBIDDEN);
}
