//! Signing in and out: the account's requests to the server.

use anxin_domain::account::{
    ClassCodes, FirstSignInRequest, IssuedCode, SignInRequest, FIRST_SIGN_IN_PATH, SESSION_PATH,
};

use super::http::{delete_on_leaving, fetch_text, HttpError};
use crate::storage::StoredSession;

/// A session the server granted, and its answer as it came (kept as is).
pub struct Granted {
    pub session: StoredSession,
    pub json: String,
}

/// With the id and password.
pub async fn sign_in(request: &SignInRequest) -> Result<Granted, HttpError> {
    ask_for_session(SESSION_PATH, serde_json::to_string(request)).await
}

/// With the one-time code, setting the password.
pub async fn first_sign_in(request: &FirstSignInRequest) -> Result<Granted, HttpError> {
    ask_for_session(FIRST_SIGN_IN_PATH, serde_json::to_string(request)).await
}

/// Not generic: one copy in the wasm for both ways of signing in.
async fn ask_for_session(
    path: &str,
    body: serde_json::Result<String>,
) -> Result<Granted, HttpError> {
    let body = body.map_err(|_| HttpError::Decode)?;
    let json = fetch_text("POST", path, None, Some(&body)).await?;
    let session = StoredSession::from_grant_json(&json).ok_or(HttpError::Decode)?;
    Ok(Granted { session, json })
}

/// Asks the server to revoke the token, without waiting (the page is
/// being left). Best effort: offline, the device forgets it anyway, and it
/// ends on the server after 14 days unused.
pub fn end_session(token: &str) {
    delete_on_leaving(SESSION_PATH, token);
}

/// The printable list of codes of `class_name` (its members without a
/// password), issued by the server for the class's advisor or an admin.
pub async fn issue_class_codes(class_name: &str, token: &str) -> Result<ClassCodes, HttpError> {
    let class: String = js_sys::encode_uri_component(class_name).into();
    let path = format!("/api/v1/classes/{class}/codes");
    let text = fetch_text("POST", &path, Some(token), None).await?;
    serde_json::from_str(&text).map_err(|_| HttpError::Decode)
}

/// A one-time code for `person_id` (an advisor's student, or anyone for an
/// admin), issued by the server.
pub async fn issue_code(person_id: &str, token: &str) -> Result<IssuedCode, HttpError> {
    let path = format!("/api/v1/accounts/{person_id}/code");
    let text = fetch_text("POST", &path, Some(token), None).await?;
    serde_json::from_str(&text).map_err(|_| HttpError::Decode)
}
