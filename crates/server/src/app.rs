//! The whole HTTP surface: `/api/` for JSON, everything else for the app.

use axum::middleware;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use crate::json_errors::json_errors;
use crate::request_log::request_log;
use crate::security_headers::security_headers;
use crate::{routes, static_files, AppState};

/// The largest request body the server reads (sync batches are bounded well
/// below this).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let api = routes::router(state.clone())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn(json_errors));
    let files = static_files::router(state);
    Router::new()
        .nest_service("/api", api)
        .fallback_service(files)
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(request_log))
}
