//! `GET /api/v1/gate/list`: the day's gate list, for guards only.

use anxin_domain::access::Action;
use anxin_domain::gate::GateListPart;
use axum::extract::{Query, State};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::gate::gate_list_part;
use crate::AppState;

#[derive(Deserialize)]
pub struct PartQuery {
    #[serde(default)]
    part: u32,
}

/// `GET /api/v1/gate/list?part=N`: part N (from 0) of today's list.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<PartQuery>,
) -> Result<Json<GateListPart>> {
    authorize(&state, &caller, &Action::ReadGateList, "GET /api/v1/gate/list").await?;
    let rules = state.directory.rules.clone();
    let part =
        state.blocking(move |store| gate_list_part(store, &rules, Utc::now(), query.part)).await?;
    part.map(Json).ok_or(ApiError::NotFound)
}
