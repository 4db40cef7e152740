//! Words for appointments on the counsellor's desk, and the server's
//! refusals in the person's language.

use anxin_domain::counselling::decision::DecisionError;
use anxin_domain::counselling::{AppointmentStatus, Urgency, Visitor};
use anxin_domain::ErrorCode;

use crate::i18n::Texts;
use crate::sync::HttpError;

pub fn urgency_label(t: &Texts, urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Routine => t.urgency_routine,
        Urgency::Soon => t.urgency_soon,
        Urgency::Crisis => t.urgency_crisis,
    }
}

pub fn status_label(t: &Texts, status: AppointmentStatus) -> &'static str {
    match status {
        AppointmentStatus::SlotTaken => t.appt_slot_taken,
        AppointmentStatus::Confirmed => t.appt_confirmed,
        AppointmentStatus::Declined => t.appt_declined,
        AppointmentStatus::Cancelled => t.appt_cancelled,
        AppointmentStatus::Completed => t.appt_completed,
        AppointmentStatus::NoShow => t.appt_no_show,
    }
}

/// The name and id, or the pseudonym (an anonymous visitor is never more).
pub fn visitor_label(visitor: &Visitor) -> String {
    match visitor {
        Visitor::Named { person_id, name } => format!("{name} ({person_id})"),
        Visitor::Anonymous { pseudonym } => pseudonym.clone(),
    }
}

pub fn decision_problem(t: &Texts, err: DecisionError) -> &'static str {
    t.refusal(err.code())
}

/// A failed request, as the person reads it next to what they did.
pub fn server_problem(t: &Texts, err: &HttpError) -> String {
    match err {
        HttpError::Network => t.err_offline.to_owned(),
        HttpError::Status { status: 401, .. } => t.session_ended.to_owned(),
        HttpError::Status { status: 403, .. } => t.err_forbidden.to_owned(),
        HttpError::Status { status: 404, .. } => t.err_not_found.to_owned(),
        HttpError::Status { code, .. } => match ErrorCode::parse(code) {
            Some(code) => t.refusal(code).to_owned(),
            None => t.err_failed.with(code),
        },
        HttpError::Decode => t.err_failed.with("?"),
    }
}
