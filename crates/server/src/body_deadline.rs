//! A request body that stops arriving: each wait for its next bytes has a
//! deadline, and a body that misses it is answered 408 `request_timeout`
//! (whatever the handler made of the unreadable body), so that a client
//! trickling a body cannot hold a connection and a request slot for ever.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tower_http::timeout::{TimeoutBody, TimeoutError};

use crate::error::ApiError;

/// Middleware (`from_fn_with_state`): the body read with `deadline`
/// between its chunks.
pub async fn body_deadline(
    State(deadline): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let timed_out = Arc::new(AtomicBool::new(false));
    let flag = timed_out.clone();
    let request = request.map(|body| {
        let watched = TimeoutBody::new(deadline, body).map_err(move |err| {
            if err.is::<TimeoutError>() {
                flag.store(true, Ordering::Relaxed);
            }
            err
        });
        Body::new(watched)
    });
    let response = next.run(request).await;
    if timed_out.load(Ordering::Relaxed) {
        return ApiError::RequestTimeout.into_response();
    }
    response
}
