//! The authorization matrix: every endpoint × every role × (for endpoints
//! about someone) whose records, with the exact status expected. Reads are
//! GETs, writes everything else. The table must name every endpoint the
//! router has (`routes::endpoints()`), so an endpoint added without its
//! rows fails here.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use anxin_domain::account::{FirstSignInRequest, SignInRequest};
use anxin_domain::counselling::booking::{BookingRequest, BookingState, Urgency, Wanted};
use anxin_domain::counselling::decision::CounsellorAction;
use anxin_domain::counselling::{DutyPlan, Mode, WeeklySlot};
use anxin_server::accounts::secrets::secret_hash;
use anxin_server::routes::endpoints;
use anxin_server::store::BookingAnswer;
use chrono::{Duration, Utc};
use reqwest::Method;
use support::accounts::{first_sign_in, issue_code, PASSWORD};
use support::sync::{push_body, revision, school_day, uuid};
use support::TestServer;

/// The people of docs/roster.example.csv who ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    /// 2020-0101, class 软件2001.
    Student,
    /// T-1001: declarant and advisor of 软件2001 and 软件2002.
    Advisor,
    /// T-3001: declarant and office of 信息工程学院.
    DepartmentOffice,
    /// T-3002: declarant and the school's office.
    SchoolOffice,
    /// C-0001: declarant and counsellor.
    Counsellor,
    /// A-0001: admin only.
    Admin,
    /// G-0001: declarant and guard at the gate.
    Guard,
}

const WHO: [Who; 8] = [
    Who::Anonymous,
    Who::Student,
    Who::Advisor,
    Who::DepartmentOffice,
    Who::SchoolOffice,
    Who::Counsellor,
    Who::Admin,
    Who::Guard,
];

impl Who {
    fn id(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Student => Some("2020-0101"),
            Who::Advisor => Some("T-1001"),
            Who::DepartmentOffice => Some("T-3001"),
            Who::SchoolOffice => Some("T-3002"),
            Who::Counsellor => Some("C-0001"),
            Who::Admin => Some("A-0001"),
            Who::Guard => Some("G-0001"),
        }
    }
}

/// Whose records an endpoint with a `{id}` or `{class}` is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Whose {
    /// The endpoint names nobody.
    Nobody,
    /// The asker's own id.
    Own,
    /// 2020-0102 of 软件2001 (信息工程学院), or that class.
    Classmate,
    /// 2021-0311 of 国际2101 (国际教育学院), or that class.
    OtherDepartment,
    /// C-0002, another counsellor (a plan in her name).
    OtherCounsellor,
}

const OK: u16 = 200;
const GONE: u16 = 204;
const NO: u16 = 403;
const WHO_ARE_YOU: u16 = 401;

/// (endpoint, whose, status for each of [`WHO`] in order).
const MATRIX: &[(&str, Whose, [u16; 8])] = &[
    // Public: needed before signing in.
    ("GET /api/health", Whose::Nobody, [OK; 8]),
    ("GET /api/v1/directory", Whose::Nobody, [OK; 8]),
    ("POST /api/v1/session", Whose::Nobody, [OK; 8]),
    ("POST /api/v1/session/first", Whose::Nobody, [OK; 8]),
    // Anyone signed in: their own session.
    ("GET /api/v1/session", Whose::Nobody, [WHO_ARE_YOU, OK, OK, OK, OK, OK, OK, OK]),
    (
        "DELETE /api/v1/session",
        Whose::Nobody,
        [WHO_ARE_YOU, GONE, GONE, GONE, GONE, GONE, GONE, GONE],
    ),
    // Declarants: their own records only; the admin files nothing.
    ("POST /api/v1/sync/push", Whose::Nobody, [WHO_ARE_YOU, OK, OK, OK, OK, OK, NO, OK]),
    ("GET /api/v1/sync/pull", Whose::Nobody, [WHO_ARE_YOU, OK, OK, OK, OK, OK, NO, OK]),
    // What the server holds about the caller: declarants, for themselves
    // (the path names nobody else).
    ("GET /api/v1/me/data", Whose::Nobody, [WHO_ARE_YOU, OK, OK, OK, OK, OK, NO, OK]),
    // What the next retention purge will remove (counts only): the school
    // office is warned of it.
    ("GET /api/v1/retention/next", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO]),
    // One person's declarations: their own, an advisor's classes, an
    // office's scope. Never the counsellor or the admin.
    ("GET /api/v1/people/{id}/declarations", Whose::Own, [WHO_ARE_YOU, OK, OK, OK, OK, OK, NO, OK]),
    // (The school office names the abnormal in the report only.)
    (
        "GET /api/v1/people/{id}/declarations",
        Whose::Classmate,
        [WHO_ARE_YOU, NO, OK, OK, NO, NO, NO, NO],
    ),
    (
        "GET /api/v1/people/{id}/declarations",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    // Beyond the abnormal names of its report, the school office opens
    // anyone's declarations with a reason (logged); nobody else does so.
    (
        "POST /api/v1/people/{id}/declarations/open",
        Whose::Own,
        [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO],
    ),
    (
        "POST /api/v1/people/{id}/declarations/open",
        Whose::Classmate,
        [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO],
    ),
    (
        "POST /api/v1/people/{id}/declarations/open",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO],
    ),
    // A class's day: advisors of the class and its department's office
    // (the class's department, never a member's).
    (
        "GET /api/v1/classes/{class}/declarations",
        Whose::Classmate,
        [WHO_ARE_YOU, NO, OK, OK, NO, NO, NO, NO],
    ),
    (
        "GET /api/v1/classes/{class}/declarations",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    // A class's printed list of codes: its advisor, and the admin (for any
    // class); nobody else.
    (
        "POST /api/v1/classes/{class}/codes",
        Whose::Classmate,
        [WHO_ARE_YOU, NO, OK, NO, NO, NO, OK, NO],
    ),
    (
        "POST /api/v1/classes/{class}/codes",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, OK, NO],
    ),
    // The daily report, its trend and its CSV: the school (Nobody), a
    // class of the offices' department (Classmate), a class of another
    // department (OtherDepartment). Advisors their classes, a department
    // office its department, the school office everything; counsellors
    // and the admin nothing.
    ("GET /api/v1/reports", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO]),
    ("GET /api/v1/reports", Whose::Classmate, [WHO_ARE_YOU, NO, OK, OK, OK, NO, NO, NO]),
    ("GET /api/v1/reports", Whose::OtherDepartment, [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO]),
    ("GET /api/v1/reports/trend", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO]),
    ("GET /api/v1/reports/trend", Whose::Classmate, [WHO_ARE_YOU, NO, OK, OK, OK, NO, NO, NO]),
    (
        "GET /api/v1/reports/trend",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO],
    ),
    ("GET /api/v1/reports/export", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO]),
    ("GET /api/v1/reports/export", Whose::Classmate, [WHO_ARE_YOU, NO, OK, OK, OK, NO, NO, NO]),
    (
        "GET /api/v1/reports/export",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, OK, NO, NO, NO],
    ),
    // The day's gate list (statuses, masked names, classes): guards only.
    ("GET /api/v1/gate/list", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, OK]),
    // Applications to return to campus waiting for a decision: advisors
    // and department offices (each sees its own scope's only); not the
    // school office, counsellors, the admin, guards or students.
    ("GET /api/v1/returns", Whose::Nobody, [WHO_ARE_YOU, NO, OK, OK, NO, NO, NO, NO]),
    // One-time codes: the admin for anyone, an advisor for her students.
    // (The admin's own account reads others' records: no code for it.)
    ("POST /api/v1/accounts/{id}/code", Whose::Own, [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO]),
    (
        "POST /api/v1/accounts/{id}/code",
        Whose::Classmate,
        [WHO_ARE_YOU, NO, OK, NO, NO, NO, OK, NO],
    ),
    (
        "POST /api/v1/accounts/{id}/code",
        Whose::OtherDepartment,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, OK, NO],
    ),
    // Never for an account that reads others' records: its code comes
    // from the command line only.
    (
        "POST /api/v1/accounts/{id}/code",
        Whose::OtherCounsellor,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    // Duty plans: a counsellor publishes her own; everyone signed in reads
    // the schedule.
    ("POST /api/v1/counselling/plan", Whose::Own, [WHO_ARE_YOU, NO, NO, NO, NO, GONE, NO, NO]),
    (
        "POST /api/v1/counselling/plan",
        Whose::OtherCounsellor,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    ("GET /api/v1/counselling/schedule", Whose::Nobody, [WHO_ARE_YOU, OK, OK, OK, OK, OK, OK, OK]),
    // A counsellor's appointments: her own only (the path names nobody).
    (
        "GET /api/v1/counselling/appointments",
        Whose::Nobody,
        [WHO_ARE_YOU, NO, NO, NO, NO, OK, NO, NO],
    ),
    // One appointment, by its counsellor only: decide, write and read the
    // note (C-0001's booking is "own", C-0002's the other's).
    (
        "POST /api/v1/counselling/appointments/{id}/status",
        Whose::Own,
        [WHO_ARE_YOU, NO, NO, NO, NO, OK, NO, NO],
    ),
    (
        "POST /api/v1/counselling/appointments/{id}/status",
        Whose::OtherCounsellor,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    (
        "POST /api/v1/counselling/appointments/{id}/note",
        Whose::Own,
        [WHO_ARE_YOU, NO, NO, NO, NO, GONE, NO, NO],
    ),
    (
        "POST /api/v1/counselling/appointments/{id}/note",
        Whose::OtherCounsellor,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    (
        "GET /api/v1/counselling/appointments/{id}/note",
        Whose::Own,
        [WHO_ARE_YOU, NO, NO, NO, NO, OK, NO, NO],
    ),
    (
        "GET /api/v1/counselling/appointments/{id}/note",
        Whose::OtherCounsellor,
        [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, NO],
    ),
    // Visitors: a department office the registrations of its own
    // department's hosts (the school office decides none); a guard the
    // day's approved visitors. Students see none.
    ("GET /api/v1/visitors/pending", Whose::Nobody, [WHO_ARE_YOU, NO, NO, OK, NO, NO, NO, NO]),
    ("GET /api/v1/gate/visitors", Whose::Nobody, [WHO_ARE_YOU, NO, NO, NO, NO, NO, NO, OK]),
];

#[test]
fn test_the_matrix_names_every_endpoint_with_every_case() {
    let routed: BTreeSet<String> = endpoints().iter().map(|e| e.to_string()).collect();
    let mut tabled: BTreeMap<&str, BTreeSet<Whose>> = BTreeMap::new();
    for (endpoint, whose, _) in MATRIX {
        assert!(tabled.entry(endpoint).or_default().insert(*whose), "{endpoint} {whose:?} twice");
    }
    let tabled_names: BTreeSet<String> = tabled.keys().map(|e| e.to_string()).collect();
    let missing: Vec<_> = routed.difference(&tabled_names).collect();
    assert!(missing.is_empty(), "endpoints without rows in the matrix: {missing:?}");
    let unknown: Vec<_> = tabled_names.difference(&routed).collect();
    assert!(unknown.is_empty(), "rows for endpoints the router lacks: {unknown:?}");
    for (endpoint, cases) in tabled {
        let expected: BTreeSet<Whose> = if endpoint == "POST /api/v1/counselling/plan"
            || endpoint.contains("/appointments/{id}")
        {
            // The plan names its counsellor in the body.
            [Whose::Own, Whose::OtherCounsellor].into()
        } else if endpoint == "POST /api/v1/accounts/{id}/code" {
            [Whose::Own, Whose::Classmate, Whose::OtherDepartment, Whose::OtherCounsellor].into()
        } else if endpoint.contains("{id}") {
            [Whose::Own, Whose::Classmate, Whose::OtherDepartment].into()
        } else if endpoint.contains("{class}") {
            [Whose::Classmate, Whose::OtherDepartment].into()
        } else if endpoint.starts_with("GET /api/v1/reports") {
            [Whose::Nobody, Whose::Classmate, Whose::OtherDepartment].into()
        } else {
            [Whose::Nobody].into()
        };
        assert_eq!(cases, expected, "cases of {endpoint}");
    }
}

/// A session for `who` made for this one request (so that signing out or
/// setting a password in one row cannot change another).
fn fresh_token(server: &TestServer, who: Who, row: usize) -> Option<String> {
    let id = who.id()?;
    let token = format!("matrix-{row}-{id}");
    let store = support::store_at(server.data_dir.path());
    let now = Utc::now();
    store.create_session(&secret_hash(&token), id, now, now + Duration::days(1)).unwrap();
    Some(token)
}

/// The bookings the appointment rows are about: with C-0001 (`Own`) and
/// with C-0002 (`OtherCounsellor`), both by the student.
const BOOKING_WITH_C1: &str = "00000000-0000-4000-8000-0000000000c1";
const BOOKING_WITH_C2: &str = "00000000-0000-4000-8000-0000000000c2";

fn path_for(template: &str, who: Who, whose: Whose) -> String {
    if template.contains("/appointments/{id}") {
        let booking =
            if whose == Whose::OtherCounsellor { BOOKING_WITH_C2 } else { BOOKING_WITH_C1 };
        return template.replace("{id}", booking);
    }
    let person = match whose {
        Whose::Own => who.id().unwrap_or("2020-0101"),
        Whose::Classmate => "2020-0102",
        Whose::OtherDepartment | Whose::Nobody => "2021-0311",
        Whose::OtherCounsellor => "C-0002",
    };
    let class = match whose {
        Whose::OtherDepartment => "国际2101",
        _ => "软件2001",
    };
    let path = template.replace("{id}", person).replace("{class}", class);
    match template {
        "/api/v1/sync/pull" => format!("{path}?protocol_version=1"),
        "/api/v1/classes/{class}/declarations" | "/api/v1/gate/visitors" => {
            format!("{path}?day={}", school_day(0))
        }
        "/api/v1/counselling/appointments" => {
            format!("{path}?from={}&to={}", school_day(0), school_day(-7))
        }
        "/api/v1/reports" | "/api/v1/reports/trend" | "/api/v1/reports/export" => {
            let scope = match whose {
                Whose::Nobody => "scope=school".to_owned(),
                _ => format!("scope=class&name={class}"),
            };
            format!("{path}?{scope}&day={}", school_day(0))
        }
        _ => path,
    }
}

/// A one-slot weekly plan in `counsellor`'s name.
fn plan_of(counsellor: &str) -> DutyPlan {
    DutyPlan {
        counsellor_id: counsellor.into(),
        weekly: vec![WeeklySlot {
            weekday: chrono::Weekday::Tue,
            start: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            minutes: 50,
            mode: Mode::InPerson("心理中心 203".into()),
            session_minutes: None,
            gap_minutes: 0,
        }],
        leaves: vec![],
    }
}

/// Both counsellors on duty every day at 10:00; the student books each
/// for tomorrow.
fn book_both(server: &TestServer) {
    let store = support::store_at(server.data_dir.path());
    let tomorrow = school_day(-1);
    support::consent_to_counselling(server.data_dir.path(), ["2020-0101"]);
    for (counsellor, booking_id) in [("C-0001", BOOKING_WITH_C1), ("C-0002", BOOKING_WITH_C2)] {
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
        let answer = store.request_booking("2020-0101", &request, Utc::now(), 120).unwrap();
        assert!(matches!(answer, BookingAnswer::Decided(BookingState::Confirmed(_))), "{answer:?}");
    }
}

#[tokio::test]
async fn test_every_role_gets_exactly_the_access_of_the_matrix() {
    let server = TestServer::start().await;
    book_both(&server);
    let http = reqwest::Client::new();
    // Passwords for everyone who signs in below (anonymous rows sign in as
    // the student).
    for who in WHO.into_iter().filter_map(Who::id) {
        first_sign_in(&http, &server, who).await;
    }
    let mut failures = Vec::new();
    for (row, (endpoint, whose, statuses)) in MATRIX.iter().enumerate() {
        let (method, template) = endpoint.split_once(' ').unwrap();
        for (column, who) in WHO.into_iter().enumerate() {
            let n = row * 10 + column;
            let path = path_for(template, who, *whose);
            let mut request =
                http.request(Method::from_bytes(method.as_bytes()).unwrap(), server.url(&path));
            if let Some(token) = fresh_token(&server, who, n) {
                request = request.bearer_auth(token);
            }
            let own = who.id().unwrap_or("2020-0101");
            request = match template {
                "/api/v1/sync/push" => request.json(&push_body(
                    &uuid(5_000 + n as u64),
                    vec![revision(1, 6_000 + n as u64, school_day(0), 365, None)],
                )),
                "/api/v1/counselling/plan" => {
                    let counsellor = match whose {
                        Whose::OtherCounsellor => "C-0002",
                        _ => own,
                    };
                    request.json(&plan_of(counsellor))
                }
                "/api/v1/counselling/appointments/{id}/status" => {
                    request.json(&CounsellorAction::Decline { reason: "当天外出培训".into() })
                }
                "/api/v1/counselling/appointments/{id}/note" if method == "POST" => {
                    request.json(&anxin_domain::fixtures::sealed_note())
                }
                "/api/v1/people/{id}/declarations/open" => {
                    request.json(&serde_json::json!({ "reason": "密接追踪，流调办要求" }))
                }
                "/api/v1/session" if method == "POST" => request
                    .json(&SignInRequest { person_id: own.into(), password: PASSWORD.into() }),
                "/api/v1/session/first" => request.json(&FirstSignInRequest {
                    person_id: own.into(),
                    code: issue_code(&server, own),
                    new_password: PASSWORD.into(),
                }),
                _ => request,
            };
            let status = request.send().await.unwrap().status().as_u16();
            let expected = statuses[column];
            if status != expected {
                failures.push(format!(
                    "{endpoint} about {whose:?} by {who:?}: {status}, expected {expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every refusal of a signed-in person is in the audit log.
    let refusals = MATRIX.iter().flat_map(|(_, _, s)| s.iter()).filter(|s| **s == NO).count();
    let store = support::store_at(server.data_dir.path());
    let denied = store
        .audit_log(None, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "access_denied")
        .count();
    assert_eq!(denied, refusals);
}
