//! A counsellor's requests: her appointments, her decisions, her sealed
//! notes and her duty plan. Online only, on purpose: nothing of the
//! appointments is kept on the device (they are other people's sensitive
//! records), and a note leaves the device sealed (see `note_crypto`).

use anxin_domain::counselling::decision::CounsellorAction;
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::{Appointment, AppointmentStatus, DutyPlan, Schedule};
use chrono::NaiveDate;

use super::http::{fetch_text, get_json_signed, post_json, HttpError};

const BASE: &str = "/api/v1/counselling";

/// Her own appointments from `from` to `to` (both included; at most 62
/// days apart).
pub async fn my_appointments(
    from: NaiveDate,
    to: NaiveDate,
    token: &str,
) -> Result<Vec<Appointment>, HttpError> {
    let path = format!("{BASE}/appointments?from={from}&to={to}");
    get_json_signed(&path, token).await
}

/// Her decision on one appointment; the new status.
pub async fn decide_appointment(
    booking_id: &str,
    action: &CounsellorAction,
    token: &str,
) -> Result<AppointmentStatus, HttpError> {
    post_json(&format!("{BASE}/appointments/{booking_id}/status"), Some(token), action).await
}

/// Stores the sealed note of an appointment (replacing an earlier one).
pub async fn write_note(booking_id: &str, note: &SealedNote, token: &str) -> Result<(), HttpError> {
    let body = serde_json::to_string(note).map_err(|_| HttpError::Decode)?;
    let path = format!("{BASE}/appointments/{booking_id}/note");
    fetch_text("POST", &path, Some(token), Some(&body)).await.map(|_| ())
}

/// The sealed note of an appointment, `None` when there is none yet.
pub async fn read_note(booking_id: &str, token: &str) -> Result<Option<SealedNote>, HttpError> {
    let path = format!("{BASE}/appointments/{booking_id}/note");
    match get_json_signed(&path, token).await {
        Ok(note) => Ok(Some(note)),
        Err(HttpError::Status { status: 404, .. }) => Ok(None),
        Err(err) => Err(err),
    }
}

/// The centre's schedule (her published plan, and which slots are taken).
pub async fn schedule(token: &str) -> Result<Schedule, HttpError> {
    get_json_signed(&format!("{BASE}/schedule"), token).await
}

/// Publishes her plan (checked whole by the server).
pub async fn publish_plan(plan: &DutyPlan, token: &str) -> Result<(), HttpError> {
    let body = serde_json::to_string(plan).map_err(|_| HttpError::Decode)?;
    fetch_text("POST", &format!("{BASE}/plan"), Some(token), Some(&body)).await.map(|_| ())
}
