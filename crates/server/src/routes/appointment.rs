//! One appointment, by its counsellor: decisions, and her private note
//! (sealed on her device; every read is audited).

use anxin_domain::access::Action;
use anxin_domain::counselling::decision::{decide, CounsellorAction, DecisionError};
use anxin_domain::counselling::note::SealedNote;
use anxin_domain::counselling::AppointmentStatus;
use anxin_domain::ErrorCode;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;

use crate::access::authorize;
use crate::accounts::audit::{record, Audit, AuditEvent};
use crate::caller::Caller;
use crate::error::{ApiError, Result};
use crate::store::BookingSlot;
use crate::AppState;

fn audit(caller: &Caller, booking_id: &str, detail: Option<String>) -> Audit {
    Audit {
        actor: Some(caller.person.id.clone()),
        subject: Some(format!("booking {booking_id}")),
        address: Some(caller.address.clone()),
        detail,
    }
}

fn refused(err: DecisionError) -> ApiError {
    ApiError::Rule(err.code(), err.to_string())
}

/// The counsellor of a booking that holds a slot, checked against the
/// caller for `action`; 404 when there is no such booking.
async fn counsellor_of(
    state: &AppState,
    caller: &Caller,
    booking_id: &str,
    endpoint: &'static str,
) -> Result<BookingSlot> {
    let id = booking_id.to_owned();
    let found = state.blocking(move |store| store.booking_slot(&id)).await?;
    let Some(booking) = found else { return Err(ApiError::NotFound) };
    let action = Action::ActOnAppointment { counsellor_id: &booking.counsellor_id };
    authorize(state, caller, &action, endpoint).await?;
    Ok(booking)
}

/// `POST /api/v1/counselling/appointments/{id}/status`
pub async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(booking_id): Path<String>,
    Json(action): Json<CounsellorAction>,
) -> Result<Json<AppointmentStatus>> {
    let endpoint = "POST /api/v1/counselling/appointments/{id}/status";
    let BookingSlot { status, slot, decided_at, .. } =
        counsellor_of(&state, &caller, &booking_id, endpoint).await?;
    let now = Utc::now();
    let notice = state.directory.cancellation_notice_minutes;
    let next = decide(status, &action, &slot, now, notice, Some(decided_at)).map_err(refused)?;
    let counsellor_id = slot.counsellor_id.clone();
    let changed = state
        .blocking(move |store| {
            let (changed, detail) = match &action {
                CounsellorAction::Accept => (store.accept(&booking_id, now)?, "accepted"),
                CounsellorAction::Propose { start } => {
                    match store.propose(&booking_id, &counsellor_id, *start, now)? {
                        Some(_) => (true, "proposed"),
                        None => return Ok(None),
                    }
                }
                CounsellorAction::Decline { reason } => {
                    let reason = Some(reason.trim());
                    (store.set_status(&booking_id, status, next, reason, now)?, next.as_str())
                }
                CounsellorAction::Complete | CounsellorAction::NoShow => {
                    (store.set_status(&booking_id, status, next, None, now)?, next.as_str())
                }
                CounsellorAction::Undo => {
                    (store.set_status(&booking_id, status, next, None, now)?, "undone")
                }
            };
            if changed {
                let entry = audit(&caller, &booking_id, Some(detail.to_owned()));
                record(store, AuditEvent::AppointmentDecided, entry);
            }
            Ok(Some(changed))
        })
        .await?;
    match changed {
        None => Err(ApiError::Rule(
            ErrorCode::SlotNotFree,
            "that time is not one of your free slots in the published plan".into(),
        )),
        Some(false) => Err(refused(DecisionError::NotConfirmed)),
        Some(true) => Ok(Json(next)),
    }
}

/// `POST /api/v1/counselling/appointments/{id}/note`: only ciphertext.
pub async fn write_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(booking_id): Path<String>,
    Json(note): Json<SealedNote>,
) -> Result<StatusCode> {
    let endpoint = "POST /api/v1/counselling/appointments/{id}/note";
    counsellor_of(&state, &caller, &booking_id, endpoint).await?;
    note.check().map_err(|err| ApiError::BadRequest(err.to_string()))?;
    state
        .blocking(move |store| {
            store.save_note(&booking_id, &caller.person.id, &note, Utc::now())?;
            record(store, AuditEvent::NoteWritten, audit(&caller, &booking_id, None));
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/counselling/appointments/{id}/note`: its author only.
pub async fn read_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(booking_id): Path<String>,
) -> Result<Json<SealedNote>> {
    let id = booking_id.clone();
    let found = state.blocking(move |store| store.note(&id)).await?;
    let Some((author_id, note)) = found else {
        // No note yet: only the booking's counsellor may learn that.
        let endpoint = "GET /api/v1/counselling/appointments/{id}/note";
        counsellor_of(&state, &caller, &booking_id, endpoint).await?;
        return Err(ApiError::NotFound);
    };
    let action = Action::ReadNote { author_id: &author_id };
    authorize(&state, &caller, &action, "GET /api/v1/counselling/appointments/{id}/note").await?;
    state
        .blocking(move |store| {
            record(store, AuditEvent::NoteRead, audit(&caller, &booking_id, None));
            Ok(())
        })
        .await?;
    Ok(Json(note))
}
