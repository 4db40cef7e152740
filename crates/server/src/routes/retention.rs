//! The school office's warning of what the next retention purge will
//! remove (SPEC §7): the counts the server rehearsed after its last daily
//! run, never a record.

use anxin_domain::access::Action;
use anxin_domain::privacy::purge::NextPurge;
use axum::extract::State;
use axum::Json;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::Result;
use crate::AppState;

/// `GET /api/v1/retention/next`
pub async fn next(State(state): State<AppState>, caller: Caller) -> Result<Json<NextPurge>> {
    authorize(&state, &caller, &Action::ReadRetention, "GET /api/v1/retention/next").await?;
    let next = state
        .blocking(|store| {
            Ok(NextPurge {
                run: store.next_purge()?,
                response_end: store.response_end()?,
                kept_from: store.kept_from()?,
            })
        })
        .await?;
    Ok(Json(next))
}
