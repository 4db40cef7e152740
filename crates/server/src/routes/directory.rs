use anxin_domain::Directory;
use axum::extract::State;
use axum::Json;
use chrono::Utc;

use crate::error::Result;
use crate::passes::public_keys;
use crate::AppState;

/// `GET /api/v1/directory`: public configuration, needed before sign-in,
/// with the public keys daily passes are verified with.
pub async fn directory(State(state): State<AppState>) -> Result<Json<Directory>> {
    let keys = state.blocking(|store| public_keys(store, Utc::now())).await?;
    Ok(Json(Directory { pass_keys: keys, ..state.directory.as_ref().clone() }))
}
