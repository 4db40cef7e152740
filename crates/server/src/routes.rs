//! The JSON API under `/api/`: thin handlers that parse, call and map.

mod directory;
mod health;
mod sync;

use axum::routing::{get, post};
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

/// Mounted at `/api`, so paths here are relative to it.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/v1/directory", get(directory::directory))
        .route("/v1/sync/push", post(sync::push))
        .route("/v1/sync/pull", get(sync::pull))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
