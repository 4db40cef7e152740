//! A small JSON client over the browser's `fetch`.

use anxin_domain::ErrorBody;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("no connection to the server")]
    Network,
    #[error("the server answered {status}: {code}")]
    Status { status: u16, code: String },
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
}

/// The header naming the person (until accounts bring sessions).
pub const PERSON_HEADER: &str = "X-Anxin-Person";

/// `GET path` (same origin) and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, HttpError> {
    fetch_json("GET", path, None, None).await
}

/// `GET path` for `person`.
pub async fn get_json_as<T: DeserializeOwned>(path: &str, person: &str) -> Result<T, HttpError> {
    fetch_json("GET", path, Some(person), None).await
}

/// `POST path` with a JSON body, for `person`.
pub async fn post_json_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    person: &str,
    body: &B,
) -> Result<T, HttpError> {
    let body = serde_json::to_string(body).map_err(|_| HttpError::Decode)?;
    fetch_json("POST", path, Some(person), Some(&body)).await
}

async fn fetch_json<T: DeserializeOwned>(
    method: &str,
    path: &str,
    person: Option<&str>,
    body: Option<&str>,
) -> Result<T, HttpError> {
    let window = web_sys::window().ok_or(HttpError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    // Never a cached answer: these are the person's own, current records.
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(body) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| HttpError::Network)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(person) = person {
        let _ = headers.set(PERSON_HEADER, person);
    }
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
        let code = serde_json::from_str::<ErrorBody>(&text)
            .map(|body| body.error.code)
            .unwrap_or_else(|_| "unknown".into());
        return Err(HttpError::Status { status: response.status(), code });
    }
    serde_json::from_str(&text).map_err(|_| HttpError::Decode)
}
