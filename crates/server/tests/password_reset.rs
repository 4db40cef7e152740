//! A password reset by someone else (SPEC §4): when an advisor or an admin
//! issues a one-time code for a person who has a password and the code is
//! used, the person's phones are told why their session ended (the 401
//! says `password_reset`), and sign-ins in the following days say who
//! issued the code and when. A first password tells nothing.

mod support;

use anxin_domain::account::{IssuedCode, SessionGrant};
use reqwest::StatusCode;
use support::accounts::*;
use support::TestServer;

const STUDENT: &str = "2020-0101";
const CLASSMATE: &str = "2020-0102";
const ADVISOR: &str = "T-1001";
const ADMIN: &str = "A-0001";

/// A code for `person` issued over HTTP by the signed-in `issuer`.
async fn code_from(
    http: &reqwest::Client,
    server: &TestServer,
    issuer: &str,
    person: &str,
) -> String {
    let response = http
        .post(server.url(&format!("/api/v1/accounts/{person}/code")))
        .bearer_auth(issuer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<IssuedCode>().await.unwrap().code
}

async fn use_code(
    http: &reqwest::Client,
    server: &TestServer,
    person: &str,
    code: &str,
) -> SessionGrant {
    let response = first_sign_in_raw(http, server, person, code, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn pull(http: &reqwest::Client, server: &TestServer, token: &str) -> reqwest::Response {
    http.get(server.url("/api/v1/sync/pull?protocol_version=1"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn test_a_reset_by_the_advisor_is_told_to_the_phone_and_at_sign_in() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let advisor = first_sign_in(&http, &server, ADVISOR).await;
    let phone = first_sign_in(&http, &server, STUDENT).await;
    // The person's own first password tells nothing.
    assert_eq!(phone.password_reset, None);
    assert_eq!(pull(&http, &server, &phone.token).await.status(), StatusCode::OK);

    let code = code_from(&http, &server, &advisor.token, STUDENT).await;
    // Issuing alone changes nothing: the phone still syncs.
    assert_eq!(pull(&http, &server, &phone.token).await.status(), StatusCode::OK);
    let taken_over = use_code(&http, &server, STUDENT, &code).await;

    // The phone's next sync is told why its session ended.
    let refused = pull(&http, &server, &phone.token).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(refused).await, "password_reset");

    // The sign-in with the code, and each one after, says who and when.
    for grant in [taken_over, sign_in(&http, &server).await] {
        let notice = grant.password_reset.expect("the reset is told");
        assert_eq!(notice.by_id.as_deref(), Some(ADVISOR));
        assert_eq!(notice.by_name.as_deref(), Some("张老师"));
        let at = chrono::DateTime::parse_from_rfc3339(&notice.at).unwrap();
        assert!((chrono::Utc::now() - at.to_utc()).num_minutes().abs() < 5, "{at}");
    }

    // Signing out is not a reset: that session's 401 is the plain one.
    let later = sign_in(&http, &server).await;
    http.delete(server.url("/api/v1/session")).bearer_auth(&later.token).send().await.unwrap();
    assert_eq!(error_code(pull(&http, &server, &later.token).await).await, "unauthenticated");
}

#[tokio::test]
async fn test_a_first_password_and_a_code_issued_for_oneself_tell_nothing() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let advisor = first_sign_in(&http, &server, ADVISOR).await;
    // A classmate's first code, from the advisor: a first password.
    let code = code_from(&http, &server, &advisor.token, CLASSMATE).await;
    assert_eq!(use_code(&http, &server, CLASSMATE, &code).await.password_reset, None);

    // A code in the person's own name (the server refuses an admin one
    // for herself over HTTP; the store holds the rule all the same).
    let admin = first_sign_in(&http, &server, ADMIN).await;
    let store = support::store_at(server.data_dir.path());
    let own = anxin_server::routes::issue(&*store, ADMIN, ADMIN).unwrap().code;
    assert_eq!(use_code(&http, &server, ADMIN, &own).await.password_reset, None);
    let ended = pull(&http, &server, &admin.token).await;
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(ended).await, "unauthenticated");
}

#[tokio::test]
async fn test_a_code_from_the_command_line_names_no_person() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    first_sign_in(&http, &server, STUDENT).await;
    let store = support::store_at(server.data_dir.path());
    let code =
        anxin_server::routes::issue(&*store, STUDENT, anxin_domain::account::ISSUED_AT_THE_SERVER)
            .unwrap()
            .code;
    let notice = use_code(&http, &server, STUDENT, &code).await.password_reset.unwrap();
    assert_eq!((notice.by_id, notice.by_name), (None, None));
}

async fn sign_in(http: &reqwest::Client, server: &TestServer) -> SessionGrant {
    let response = sign_in_raw(http, server, STUDENT, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}
