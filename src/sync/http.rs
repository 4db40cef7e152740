//! A small JSON client over the browser's `fetch`.

use anxin_domain::ErrorBody;
use serde::de::DeserializeOwned;
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

/// `GET path` (same origin) and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, HttpError> {
    let window = web_sys::window().ok_or(HttpError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| HttpError::Network)?;
    let _ = request.headers().set("Accept", "application/json");
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
