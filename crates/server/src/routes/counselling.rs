//! The counselling centre's schedule: counsellors publish their duty plans;
//! every signed-in person reads the schedule (kept on the phone offline).

use anxin_domain::access::Action;
use anxin_domain::counselling::{DutyPlan, Schedule};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::AppState;

/// `POST /api/v1/counselling/plan`: the caller's own plan, checked whole.
pub async fn publish_plan(
    State(state): State<AppState>,
    caller: Caller,
    Json(plan): Json<DutyPlan>,
) -> Result<StatusCode> {
    let action = Action::PublishPlan { counsellor_id: &plan.counsellor_id };
    authorize(&state, &caller, &action, "POST /api/v1/counselling/plan").await?;
    let problems = plan.problems();
    if let Some(first) = problems.first() {
        return Err(ApiError::BadRequest(format!("the plan is not acceptable: {first}")));
    }
    state.blocking(move |store| store.publish_plan(&plan, Utc::now())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/counselling/schedule`
pub async fn schedule(State(state): State<AppState>, caller: Caller) -> Result<Json<Schedule>> {
    authorize(&state, &caller, &Action::ReadSchedule, "GET /api/v1/counselling/schedule").await?;
    Ok(Json(state.blocking(|store| store.schedule(Utc::now())).await?))
}
