//! Advisors and department offices read the applications to return to
//! campus that wait for their decision (they decide through the sync
//! push, like the report's actions). Each read is logged per person shown
//! (`crate::staff_reads`): an application names where they come from and
//! that they were free of symptoms.

use anxin_domain::access::Action;
use anxin_domain::campus_return::{waiting_for, ReturnsToDecide};
use anxin_domain::privacy::staff_reads::ReadKind;
use axum::extract::State;
use axum::Json;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::Result;
use crate::staff_reads::log_reads;
use crate::AppState;

/// `GET /api/v1/returns`: the applications waiting for the caller's step,
/// in the caller's scope only, oldest first.
pub async fn waiting(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ReturnsToDecide>> {
    authorize(&state, &caller, &Action::ReadReturns, "GET /api/v1/returns").await?;
    let pending = state.blocking(|store| store.pending_returns()).await?;
    let applications = waiting_for(&caller.person, pending);
    let shown = applications.iter().map(|a| a.application.person_id.as_str());
    log_reads(&state, &caller, shown, ReadKind::ReturnApplications, None).await?;
    Ok(Json(ReturnsToDecide { applications }))
}
