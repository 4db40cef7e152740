//! Accounts over real HTTP with a real SQLite file: the one-time code, the
//! password rules, sign-in, the rate limit, session expiry and sign-out.

mod support;

use anxin_domain::account::{SessionInfo, SESSION_IDLE_DAYS, SESSION_MAX_DAYS};
use anxin_server::accounts::secrets::{code_hash, secret_hash};
use chrono::{Duration, Utc};
use reqwest::header::RETRY_AFTER;
use reqwest::StatusCode;
use support::accounts::*;
use support::TestServer;

const STUDENT: &str = "2020-0101";

async fn whoami(http: &reqwest::Client, server: &TestServer, token: &str) -> StatusCode {
    http.get(server.url("/api/v1/session")).bearer_auth(token).send().await.unwrap().status()
}

#[tokio::test]
async fn test_first_sign_in_sets_the_password_and_the_code_works_once() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let code = issue_code(&server, STUDENT);
    // Typed in lower case with a space: still the code.
    let typed = code.to_lowercase().replace('-', " ");
    let response = first_sign_in_raw(&http, &server, STUDENT, &typed, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let grant: anxin_domain::account::SessionGrant = response.json().await.unwrap();
    assert_eq!(grant.person.id, STUDENT);
    assert_eq!(grant.person.class_name, "软件2001");
    assert!(grant.token.len() >= 22, "at least 128 bits");
    assert_eq!(whoami(&http, &server, &grant.token).await, StatusCode::OK);

    let again = first_sign_in_raw(&http, &server, STUDENT, &code, "another-long-passphrase").await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(again).await, "code_invalid");

    let signed_in = sign_in_raw(&http, &server, STUDENT, PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let info: SessionInfo = http
        .get(server.url("/api/v1/session"))
        .bearer_auth(signed_in.json::<anxin_domain::account::SessionGrant>().await.unwrap().token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info.person.name, "李明");
}

#[tokio::test]
async fn test_an_expired_code_is_refused_and_sets_nothing() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let store = support::store_at(server.data_dir.path());
    let code = "ABCDE-FGHJK";
    let issued = Utc::now() - Duration::minutes(11);
    store
        .issue_code(
            STUDENT,
            &code_hash(code).unwrap(),
            "test",
            issued,
            issued + Duration::minutes(10),
        )
        .unwrap();
    let response = first_sign_in_raw(&http, &server, STUDENT, code, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "code_invalid");
    assert!(store.account(STUDENT).unwrap().unwrap().password_hash.is_none());
    // Within its ten minutes the same kind of code works.
    let fresh = issue_code(&server, STUDENT);
    let response = first_sign_in_raw(&http, &server, STUDENT, &fresh, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn test_new_password_rules_cost_no_code() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let code = issue_code(&server, STUDENT);
    for (password, expected) in [
        ("short", "password_too_short"),
        ("password", "password_common"),
        ("Qwertyuiop", "password_common"),
        (&"长".repeat(129) as &str, "password_too_long"),
    ] {
        let response = first_sign_in_raw(&http, &server, STUDENT, &code, password).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{password}");
        assert_eq!(error_code(response).await, expected);
    }
    // The code is still good for an acceptable password (a Chinese
    // passphrase of eight characters counts as eight).
    let response = first_sign_in_raw(&http, &server, STUDENT, &code, "软件二零零一的春天").await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn test_wrong_password_and_unknown_id_get_the_same_answer() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    let wrong = sign_in_raw(&http, &server, STUDENT, "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong_body = wrong.text().await.unwrap();
    let unknown = sign_in_raw(&http, &server, "2099-9999", "not-the-password").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.text().await.unwrap(), wrong_body);
    // A roster person who never set a password: the same again.
    let unset = sign_in_raw(&http, &server, "2020-0102", "not-the-password").await;
    assert_eq!(unset.text().await.unwrap(), wrong_body);
    assert!(wrong_body.contains("wrong_credentials"));
}

#[tokio::test]
async fn test_failed_sign_ins_are_limited_per_id() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    for attempt in 0..5 {
        let guess = format!("guess-number-{attempt}");
        let response = sign_in_raw(&http, &server, STUDENT, &guess).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // Now even the right password waits.
    let limited = sign_in_raw(&http, &server, STUDENT, PASSWORD).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    assert_eq!(error_code(limited).await, "rate_limited");
    // Someone else is not held back.
    let other = first_sign_in(&http, &server, "2020-0102").await;
    assert_eq!(other.person.id, "2020-0102");
    // A fresh code from the advisor is not refused for the failed
    // passwords: it signs the person in.
    let code = issue_code(&server, STUDENT);
    let response = first_sign_in_raw(&http, &server, STUDENT, &code, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn test_a_classmate_guessing_from_her_phone_does_not_lock_the_person_out() {
    // Setup: behind the school's proxy, each phone its own address.
    let server = TestServer::start_with(|c| c.trust_forwarded_for = true).await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    let from = |address: &'static str, password: &str| {
        let body = anxin_domain::account::SignInRequest {
            person_id: STUDENT.into(),
            password: password.into(),
        };
        http.post(server.url("/api/v1/session"))
            .header("x-forwarded-for", address)
            .json(&body)
            .send()
    };
    // Exec: the classmate's five guesses, then a sixth.
    for n in 0..5 {
        let guess = from("10.1.0.66", &format!("guess-number-{n}")).await.unwrap();
        assert_eq!(guess.status(), StatusCode::UNAUTHORIZED);
    }
    let held = from("10.1.0.66", PASSWORD).await.unwrap();
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS, "her phone is held back");
    // Check: the person, from their own phone, signs in.
    let own = from("10.1.0.7", PASSWORD).await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test]
async fn test_failed_sign_ins_are_limited_per_address() {
    let server = TestServer::start_with(|c| c.max_failed_sign_ins_per_address = 3).await;
    let http = reqwest::Client::new();
    for person in ["2020-0101", "2020-0102", "2020-0203"] {
        let response = sign_in_raw(&http, &server, person, "guess-a-password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = sign_in_raw(&http, &server, "T-1001", "guess-a-password").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn test_sign_out_revokes_the_token_everywhere() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let grant = first_sign_in(&http, &server, STUDENT).await;
    let out = http.delete(server.url("/api/v1/session")).bearer_auth(&grant.token).send().await;
    assert_eq!(out.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(whoami(&http, &server, &grant.token).await, StatusCode::UNAUTHORIZED);
    let pull = http
        .get(server.url("/api/v1/sync/pull?protocol_version=1"))
        .bearer_auth(&grant.token)
        .send()
        .await
        .unwrap();
    assert_eq!(pull.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(pull).await, "unauthenticated");
}

#[tokio::test]
async fn test_a_new_password_ends_the_other_sessions() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let first = first_sign_in(&http, &server, STUDENT).await;
    let second = first_sign_in(&http, &server, STUDENT).await;
    assert_eq!(whoami(&http, &server, &first.token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(whoami(&http, &server, &second.token).await, StatusCode::OK);
}

#[tokio::test]
async fn test_a_leaver_is_signed_out_by_the_next_roster() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let grant = first_sign_in(&http, &server, STUDENT).await;
    let store = support::store_at(server.data_dir.path());
    let mut people = anxin_server::roster_file::read_roster(&support::example_roster()).unwrap();
    people.retain(|p| p.id != STUDENT);
    store.import_roster(&people, Utc::now()).unwrap();
    assert_eq!(whoami(&http, &server, &grant.token).await, StatusCode::UNAUTHORIZED);
    let again = sign_in_raw(&http, &server, STUDENT, PASSWORD).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    // Back on the next roster (a line dropped by mistake, say): the old
    // session stays ended; the password signs in anew.
    let everyone = anxin_server::roster_file::read_roster(&support::example_roster()).unwrap();
    store.import_roster(&everyone, Utc::now()).unwrap();
    assert_eq!(whoami(&http, &server, &grant.token).await, StatusCode::UNAUTHORIZED);
    let back = sign_in_raw(&http, &server, STUDENT, PASSWORD).await;
    assert_eq!(back.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn test_sign_ins_sent_at_once_meet_the_limit_too() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    let url = server.url("/api/v1/session");
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..20 {
        let (http, url) = (http.clone(), url.clone());
        let body = anxin_domain::account::SignInRequest {
            person_id: STUDENT.into(),
            password: format!("parallel-guess-{n}"),
        };
        attempts.spawn(async move { http.post(url).json(&body).send().await.unwrap().status() });
    }
    let statuses = attempts.join_all().await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let held = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, held), (5, 15), "{statuses:?}");
}

#[test]
fn test_sessions_end_when_idle_and_at_their_absolute_end() {
    let dir = tempfile::tempdir().unwrap();
    support::import_example_roster(dir.path());
    let store = support::store_at(dir.path());
    let start = Utc::now();
    let end = start + Duration::days(SESSION_MAX_DAYS);
    let idle = Duration::days(SESSION_IDLE_DAYS);
    store.create_session(&secret_hash("idle"), STUDENT, start, end).unwrap();
    store.create_session(&secret_hash("busy"), STUDENT, start, end).unwrap();

    // Unused for the idle limit: over.
    assert!(store
        .session(&secret_hash("idle"), start + idle - Duration::minutes(1))
        .unwrap()
        .is_some());
    let idle_hash = secret_hash("idle");
    // The use just above counts: idle is measured from it.
    assert!(store.session(&idle_hash, start + idle * 2 - Duration::minutes(2)).unwrap().is_some());
    assert!(store.session(&idle_hash, start + idle * 3).unwrap().is_none());

    // Used every week: alive until its absolute end, and not a minute more.
    let busy = secret_hash("busy");
    let mut at = start;
    while at + Duration::days(7) < end {
        at += Duration::days(7);
        assert!(store.session(&busy, at).unwrap().is_some(), "{at}");
    }
    assert!(store.session(&busy, end - Duration::minutes(1)).unwrap().is_some());
    assert!(store.session(&busy, end).unwrap().is_none());
    // An unknown token is no session.
    assert!(store.session(&secret_hash("never issued"), start).unwrap().is_none());
}

#[tokio::test]
async fn test_sign_ins_and_refusals_are_audited() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let grant = first_sign_in(&http, &server, STUDENT).await;
    sign_in_raw(&http, &server, STUDENT, "not-the-password").await;
    sign_in_raw(&http, &server, STUDENT, PASSWORD).await;
    // A student asking for a classmate's records.
    let refused = http
        .get(server.url("/api/v1/people/2020-0102/declarations"))
        .bearer_auth(&grant.token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    http.delete(server.url("/api/v1/session")).bearer_auth(&grant.token).send().await.unwrap();

    let store = support::store_at(server.data_dir.path());
    let log = store.audit_log(Some(STUDENT), 100).unwrap();
    let events: Vec<&str> = log.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events, ["password_set", "sign_in_failed", "sign_in", "access_denied", "sign_out"]);
    let denied = &log[3];
    assert_eq!(denied.subject.as_deref(), Some("2020-0102"));
    assert_eq!(denied.detail.as_deref(), Some("GET /api/v1/people/{id}/declarations"));
    assert_eq!(denied.address.as_deref(), Some("127.0.0.1"));

    // An id that no roster could hold is no one: 404, and nothing written
    // (a line break in it cannot forge an audit line).
    let other = first_sign_in(&http, &server, "2020-0102").await;
    for forged in [
        "/api/v1/people/x%0A2026%09sign_in/declarations",
        "/api/v1/classes/x%0Ay/declarations?day=2026-12-01",
    ] {
        let response = http.get(server.url(forged)).bearer_auth(&other.token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{forged}");
    }
    let after = store.audit_log(None, 1000).unwrap();
    assert!(after.iter().all(|e| !e.subject.as_deref().unwrap_or("").contains('\n')));
}

/// `GET /api/v1/session` as `person` (sessions opened by the test roster).
async fn session_of(server: &TestServer, person: &str) -> SessionInfo {
    let response = reqwest::Client::new()
        .get(server.url("/api/v1/session"))
        .bearer_auth(support::token_of(person))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn test_a_session_names_whom_to_call_advisors_or_the_department_office() {
    use anxin_domain::contact::{Contact, ContactRole};
    // Setup: two advisors of 软件2001; offices of the department and school.
    let server = TestServer::start_with_roster(support::reports::ROSTER, None).await;
    let contact =
        |role, name: &str, phone: &str| Contact { role, name: name.into(), phone: phone.into() };

    // Exec / Check: a student calls her class's advisors, in roster order.
    let student = session_of(&server, "S-01").await;
    assert_eq!(
        student.person.contacts,
        [
            contact(ContactRole::Advisor, "张老师", "13900000001"),
            contact(ContactRole::Advisor, "王老师", "13900000002"),
        ]
    );
    // Staff, with no class, call their department's office (not the
    // school's, and not themself).
    let staff = session_of(&server, "T-01").await;
    assert_eq!(staff.person.contacts, [contact(ContactRole::Office, "刘主任", "13900000003")]);
    assert!(session_of(&server, "O-01").await.person.contacts.is_empty());
    // Another department's people have their own.
    let amina = session_of(&server, "S-11").await;
    assert_eq!(amina.person.contacts, [contact(ContactRole::Advisor, "黄老师", "13900000011")]);
}

#[tokio::test]
async fn test_an_advisor_prints_her_class_codes_for_those_without_a_password() {
    use anxin_domain::account::ClassCodes;
    // Setup: 2020-0101 has set a password; 2020-0102 has not (both 软件2001).
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    let advisor = first_sign_in(&http, &server, "T-1001").await;
    let list_of = |class: &str, token: &str| {
        http.post(server.url(&format!("/api/v1/classes/{class}/codes"))).bearer_auth(token).send()
    };
    // Exec
    let response = list_of("软件2001", &advisor.token).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let list: ClassCodes = response.json().await.unwrap();
    // Check: only the member without a password, good for 72 hours.
    let ids: Vec<&str> = list.codes.iter().map(|c| c.person_id.as_str()).collect();
    assert_eq!(ids, ["2020-0102"]);
    assert_eq!(list.codes[0].name, "王芳");
    let until = chrono::DateTime::parse_from_rfc3339(&list.expires_at).unwrap();
    let hours = (until.with_timezone(&Utc) - Utc::now()).num_minutes() as f64 / 60.0;
    assert!((71.9..=72.0).contains(&hours), "{hours}");
    // The printed code signs the student in, once.
    let code = &list.codes[0].code;
    let first = first_sign_in_raw(&http, &server, "2020-0102", code, PASSWORD).await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = first_sign_in_raw(&http, &server, "2020-0102", code, PASSWORD).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    // Now everyone has a password: the list is empty. Another class's is
    // refused.
    let empty: ClassCodes =
        list_of("软件2001", &advisor.token).await.unwrap().json().await.unwrap();
    assert!(empty.codes.is_empty());
    let other = list_of("国际2101", &advisor.token).await.unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
}

/// Every request refused for want of a live session is in the audit log
/// (by route, never by token), up to a cap per address and minute, so that
/// a flood cannot fill the disk: the rest are refused all the same.
#[tokio::test]
async fn test_requests_without_a_live_session_are_audited_up_to_a_cap_per_address() {
    use anxin_server::accounts::refusal_cap::PER_ADDRESS_PER_MINUTE;
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let cap = PER_ADDRESS_PER_MINUTE as usize;
    let pull = server.url("/api/v1/sync/pull?protocol_version=1");
    let mut statuses = Vec::new();
    let first_minute = Utc::now().timestamp() / 60;
    let none = http.get(&pull).send().await.unwrap();
    statuses.push(none.status());
    let forged = "not-a-token-of-anyone-secret-7f3a";
    for _ in 0..cap + 5 {
        statuses.push(http.get(&pull).bearer_auth(forged).send().await.unwrap().status());
    }
    let one_minute = first_minute == Utc::now().timestamp() / 60;

    assert!(statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    let store = support::store_at(server.data_dir.path());
    let log = store.audit_log(None, 1000).unwrap();
    let refused: Vec<_> = log.iter().filter(|e| e.event == "unauthenticated").collect();
    // All within one minute; or, across its turn, the cap began again.
    if one_minute {
        assert_eq!(refused.len(), cap);
    } else {
        assert!((cap..=statuses.len()).contains(&refused.len()), "{}", refused.len());
    }
    for entry in &refused {
        assert_eq!(entry.detail.as_deref(), Some("GET /api/v1/sync/pull"));
        assert_eq!(entry.address.as_deref(), Some("127.0.0.1"));
        assert_eq!(entry.actor, None);
    }
    let text = format!("{log:?}");
    assert!(
        !text.contains(forged) && !text.contains(&secret_hash(forged)),
        "the token is not kept"
    );
}
