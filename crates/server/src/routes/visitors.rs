//! Visitors' online reads: the department office's registrations to
//! decide, and the guard's list of the day's approved visitors (kept on
//! the guard's phone for the gate offline). Registrations, decisions and
//! gate records arrive through the sync push.

use anxin_domain::access::Action;
use anxin_domain::local_day;
use anxin_domain::roster::OfficeScope;
use anxin_domain::visitor::gate::{gate_list, GateVisitorList};
use anxin_domain::visitor::PendingVisitors;
use axum::extract::{Query, State};
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::Result;
use crate::AppState;

/// `GET /api/v1/visitors/pending`: the registrations of the caller's
/// department (as its office) that wait for a decision.
pub async fn pending(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PendingVisitors>> {
    let department = match &caller.person.scope {
        Some(OfficeScope::Department(d)) => d.clone(),
        _ => String::new(),
    };
    let action = Action::ReadPendingVisitors { department: &department };
    authorize(&state, &caller, &action, "GET /api/v1/visitors/pending").await?;
    let today = local_day(Utc::now());
    let name = department.clone();
    let visitors = state.blocking(move |store| store.pending_visitors(&name, today)).await?;
    Ok(Json(PendingVisitors { department, visitors }))
}

#[derive(Deserialize)]
pub struct DayQuery {
    day: NaiveDate,
}

/// `GET /api/v1/gate/visitors?day=YYYY-MM-DD`: the day's approved visitors,
/// without the reasons of the visit or of the decision.
pub async fn gate_visitors(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<DayQuery>,
) -> Result<Json<GateVisitorList>> {
    authorize(&state, &caller, &Action::ReadGateVisitors, "GET /api/v1/gate/visitors").await?;
    let day = query.day;
    let registrations = state.blocking(move |store| store.visitors_of_day(day)).await?;
    Ok(Json(GateVisitorList { day, visitors: gate_list(&registrations, day) }))
}
