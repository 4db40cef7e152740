//! The counselling centre's schedule: counsellors publish their duty plans;
//! every signed-in person reads the schedule (kept on the phone offline).

use crate::keyed_hash::{keyed_hash, VISITOR};
use anxin_domain::access::Action;
use anxin_domain::counselling::booking::pseudonym;
use anxin_domain::counselling::{Appointment, DutyPlan, Schedule, Visitor};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use crate::access::authorize;
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::store::AppointmentRow;
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

#[derive(Deserialize)]
pub struct Days {
    from: NaiveDate,
    to: NaiveDate,
}

/// The longest range one request may ask for.
const MAX_RANGE_DAYS: i64 = 62;

/// `GET /api/v1/counselling/appointments?from=&to=`: the caller's own, as
/// a counsellor.
pub async fn appointments(
    State(state): State<AppState>,
    caller: Caller,
    Query(days): Query<Days>,
) -> Result<Json<Vec<Appointment>>> {
    let counsellor_id = caller.person.id.clone();
    let action = Action::ReadAppointmentsOf { counsellor_id: &counsellor_id };
    authorize(&state, &caller, &action, "GET /api/v1/counselling/appointments").await?;
    if days.to < days.from || (days.to - days.from).num_days() > MAX_RANGE_DAYS {
        return Err(ApiError::BadRequest(format!(
            "from must not be after to, and at most {MAX_RANGE_DAYS} days apart"
        )));
    }
    let (rows, key) = state
        .blocking(move |store| {
            Ok((store.appointments_of(&counsellor_id, days.from, days.to)?, store.pseudonym_key()?))
        })
        .await?;
    Ok(Json(rows.into_iter().map(|row| as_counsellor_sees(row, &key)).collect()))
}

/// The one place a booking becomes what its counsellor sees: an anonymous
/// visitor is a pseudonym (a keyed hash of their id) and their phone.
fn as_counsellor_sees(
    AppointmentRow { slot, booking: row }: AppointmentRow,
    key: &str,
) -> Appointment {
    let visitor = if row.anonymous {
        // The same bytes as ever ("key/id"): returning visitors keep theirs.
        let digest = keyed_hash(key, VISITOR, &row.person_id);
        Visitor::Anonymous { pseudonym: pseudonym(&digest) }
    } else {
        Visitor::Named { person_id: row.person_id, name: row.name }
    };
    Appointment {
        booking_id: row.booking_id,
        slot,
        status: row.status,
        visitor,
        phone: row.phone,
        topic: row.topic,
        urgency: row.urgency,
        requested_at: row.requested_at,
        accepted: row.accepted,
        proposed: row.proposed,
        reason: row.reason,
        decided_at: Some(row.decided_at),
        moved_to: row.moved_to,
    }
}
