use anxin_domain::Directory;
use axum::extract::State;
use axum::Json;

use crate::AppState;

/// `GET /api/v1/directory`: public configuration, needed before sign-in.
pub async fn directory(State(state): State<AppState>) -> Json<Directory> {
    Json(state.directory.as_ref().clone())
}
