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
    let schema_version = state.blocking(|store| store.schema_version()).await?;
    Ok(Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), schema_version }))
}
