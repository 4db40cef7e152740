//! Signing in over HTTP the way the app does.

use anxin_domain::account::{FirstSignInRequest, SessionGrant, SignInRequest};
use reqwest::{Response, StatusCode};

use super::TestServer;

/// A password no common-password list holds.
pub const PASSWORD: &str = "violet-kettle-harbour-17";

/// A fresh one-time code for `person`, issued as the command line does.
pub fn issue_code(server: &TestServer, person: &str) -> String {
    let store = super::database::store_at(server.data_dir.path());
    anxin_server::routes::issue(&*store, person, "test").unwrap().code
}

pub async fn first_sign_in_raw(
    http: &reqwest::Client,
    server: &TestServer,
    person: &str,
    code: &str,
    password: &str,
) -> Response {
    let body = FirstSignInRequest {
        person_id: person.into(),
        code: code.into(),
        new_password: password.into(),
    };
    http.post(server.url("/api/v1/session/first")).json(&body).send().await.unwrap()
}

pub async fn sign_in_raw(
    http: &reqwest::Client,
    server: &TestServer,
    person: &str,
    password: &str,
) -> Response {
    let body = SignInRequest { person_id: person.into(), password: password.into() };
    http.post(server.url("/api/v1/session")).json(&body).send().await.unwrap()
}

/// Sets [`PASSWORD`] with a fresh code; the session it opens.
pub async fn first_sign_in(
    http: &reqwest::Client,
    server: &TestServer,
    person: &str,
) -> SessionGrant {
    let code = issue_code(server, person);
    let response = first_sign_in_raw(http, server, person, &code, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The error code of a JSON error answer.
pub async fn error_code(response: Response) -> String {
    let body: anxin_domain::ErrorBody = response.json().await.unwrap();
    body.error.code
}
