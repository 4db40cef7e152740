use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::error::Result;
use crate::AppState;

#[derive(Debug, Serialize)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub schema_version: u32,
}

/// `GET /api/health`: answers once the database can be read.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    let store = state.store.clone();
    let schema_version = tokio::task::spawn_blocking(move || store.schema_version())
        .await
        .map_err(|_| crate::error::ApiError::Internal)??;
    Ok(Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), schema_version }))
}
