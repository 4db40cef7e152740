//! A small JSON client over the browser's `fetch`. Requests for the
//! person's own records carry the session's bearer token.

use anxin_domain::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("no connection to the server")]
    Network,
    /// `retry_after`: the server's `Retry-After`, in seconds, when given.
    #[error("the server answered {status}: {code}")]
    Status { status: u16, code: String, retry_after: Option<u32> },
    #[error("the server's answer could not be read")]
    Decode,
}

impl HttpError {
    /// Worth trying again later: no connection, or the server's own failure.
    pub fn is_transient(&self) -> bool {
        match self {
            HttpError::Network | HttpError::Decode => true,
            HttpError::Status { status, .. } => *status >= 500 || *status == 429,
        }
    }

    /// The server's refusal code, when it is one of the domain's list (an
    /// older app may meet a code it does not know: `None`).
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            HttpError::Status { code, .. } => ErrorCode::parse(code),
            HttpError::Network | HttpError::Decode => None,
        }
    }

    /// The server no longer takes the session (expired or revoked).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, HttpError::Status { status: 401, .. })
    }

    /// A 401 because someone else reset the password: the person is told.
    pub fn is_password_reset(&self) -> bool {
        self.is_unauthenticated() && self.code() == Some(ErrorCode::PasswordReset)
    }
}

/// `GET path` (same origin) and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, HttpError> {
    decode(&fetch_text("GET", path, None, None).await?)
}

/// `GET path` with the session's token.
pub async fn get_json_signed<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, HttpError> {
    decode(&fetch_text("GET", path, Some(token), None).await?)
}

/// `POST path` with a JSON body, with the session's token if there is one.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &B,
) -> Result<T, HttpError> {
    let body = serde_json::to_string(body).map_err(|_| HttpError::Decode)?;
    decode(&fetch_text("POST", path, token, Some(&body)).await?)
}

/// `DELETE path` with the session's token; the answer has no body.
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, HttpError> {
    serde_json::from_str(text).map_err(|_| HttpError::Decode)
}

/// A same-origin JSON request, with the session's token if given.
fn request(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    keepalive: bool,
) -> Result<web_sys::Request, HttpError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    // Never a cached answer: these are the person's own, current records.
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(body) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    if keepalive {
        // Outlives the page (web-sys has no setter for it).
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    }
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| HttpError::Network)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    Ok(request)
}

/// Sends `DELETE path` with the token and does not wait: the request goes
/// on even as the page is left.
pub fn delete_on_leaving(path: &str, token: &str) {
    if let (Some(window), Ok(request)) =
        (web_sys::window(), request("DELETE", path, Some(token), None, true))
    {
        let _ = window.fetch_with_request(&request);
    }
}

/// `GET path` with the token, the answer as the bytes sent (a file), and
/// its `Content-Disposition`.
pub(super) async fn fetch_blob(
    path: &str,
    token: &str,
    accept: &str,
) -> Result<(web_sys::Blob, Option<String>), HttpError> {
    let window = web_sys::window().ok_or(HttpError::Network)?;
    let request = request("GET", path, Some(token), None, false)?;
    let _ = request.headers().set("Accept", accept);
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| HttpError::Network)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| HttpError::Decode)?;
    if !response.ok() {
        let text = JsFuture::from(response.text().map_err(|_| HttpError::Decode)?)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        return Err(status_error(&response, &text));
    }
    let disposition = response.headers().get("Content-Disposition").ok().flatten();
    let blob = JsFuture::from(response.blob().map_err(|_| HttpError::Decode)?)
        .await
        .map_err(|_| HttpError::Network)?
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| HttpError::Decode)?;
    Ok((blob, disposition))
}

/// The error of an answer that is not 2xx, from its body's code.
fn status_error(response: &web_sys::Response, text: &str) -> HttpError {
    let code = serde_json::from_str::<ErrorBody>(text)
        .map(|body| body.error.code)
        .unwrap_or_else(|_| "unknown".into());
    let retry_after =
        response.headers().get("Retry-After").ok().flatten().and_then(|s| s.trim().parse().ok());
    HttpError::Status { status: response.status(), code, retry_after }
}

/// One request, the answer's text (not generic: one copy in the wasm).
pub(super) async fn fetch_text(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Result<String, HttpError> {
    let window = web_sys::window().ok_or(HttpError::Network)?;
    let request = request(method, path, token, body, false)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| HttpError::Network)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| HttpError::Decode)?;
    let text = JsFuture::from(response.text().map_err(|_| HttpError::Decode)?)
        .await
        .map_err(|_| HttpError::Network)?
        .as_string()
        .ok_or(HttpError::Decode)?;
    if !response.ok() {
        return Err(status_error(&response, &text));
    }
    Ok(text)
}
