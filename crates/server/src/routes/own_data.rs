//! A person's own data (PIPL arts. 44–45): everything the server holds
//! about the caller, as one JSON file for Settings → Privacy's export.

use anxin_domain::access::Action;
use anxin_domain::privacy::own_data::OwnData;
use axum::extract::State;
use axum::Json;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::Result;
use crate::AppState;

/// `GET /api/v1/me/data`: the caller's own records, nobody else's (there is
/// no id to ask for another person's).
pub async fn own_data(State(state): State<AppState>, caller: Caller) -> Result<Json<OwnData>> {
    authorize(&state, &caller, &Action::ReadOwnRecords, "GET /api/v1/me/data").await?;
    let person_id = caller.person.id.clone();
    let data = state.blocking(move |store| store.own_data(&person_id, chrono::Utc::now())).await?;
    Ok(Json(data))
}
