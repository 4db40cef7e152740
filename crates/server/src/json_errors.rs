//! Every error under `/api/` is JSON, including the ones that axum's
//! extractors and tower's layers produce as plain text (bad query, bad JSON,
//! wrong method, body too large).

use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let mut replaced = ApiError::from_status(status).into_response();
        // Keep headers such as Allow on a 405.
        for (name, value) in response.headers() {
            if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
                replaced.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return replaced;
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use axum::{middleware, Json, Router};
    use tower::ServiceExt;

    use super::json_errors;

    /// An extractor's plain-text rejection (bad JSON) becomes a JSON error.
    #[tokio::test]
    async fn test_json_rejection_becomes_json_error_body() {
        let router = Router::new()
            .route("/echo", post(|Json(v): Json<serde_json::Value>| async move { Json(v) }))
            .layer(middleware::from_fn(json_errors));
        let request = Request::post("/echo")
            .header("content-type", "application/json")
            .body(Body::from("{\"unterminated"))
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = to_bytes(response.into_body(), 4096).await.unwrap();
        let body: anxin_domain::ErrorBody = serde_json::from_slice(&body).unwrap();
        assert_eq!(body.error.code, "bad_request");
    }
}
