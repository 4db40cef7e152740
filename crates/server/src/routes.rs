//! The JSON API under `/api/`: thin handlers that parse, call and map.

mod directory;
mod health;

use axum::routing::get;
use axum::Router;

use crate::error::ApiError;
use crate::AppState;

/// Mounted at `/api`, so paths here are relative to it.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/v1/directory", get(directory::directory))
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
