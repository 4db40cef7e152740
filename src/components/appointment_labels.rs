//! Words for appointments on the counsellor's desk, and the server's
//! refusals in the person's language.

use anxin_domain::counselling::decision::DecisionError;
use anxin_domain::counselling::{AppointmentStatus, Urgency, Visitor};

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
    match err {
        DecisionError::NotConfirmed => t.err_not_confirmed,
        DecisionError::NotStarted => t.err_not_started,
        DecisionError::Ended => t.err_already_ended,
        DecisionError::Reason => t.err_bad_reason,
        DecisionError::TooLateToPropose { .. } => t.err_too_late_to_propose,
    }
}

/// A failed request, as the person reads it next to what they did.
pub fn server_problem(t: &Texts, err: &HttpError) -> String {
    match err {
        HttpError::Network => t.err_offline.to_owned(),
        HttpError::Status { status: 401, .. } => t.session_ended.to_owned(),
        HttpError::Status { status: 403, .. } => t.err_forbidden.to_owned(),
        HttpError::Status { status: 404, .. } => t.err_not_found.to_owned(),
        HttpError::Status { code, .. } => match code.as_str() {
            "not_confirmed" => t.err_not_confirmed.to_owned(),
            "not_started" => t.err_not_started.to_owned(),
            "already_ended" => t.err_already_ended.to_owned(),
            "bad_reason" => t.err_bad_reason.to_owned(),
            "too_late_to_propose" => t.err_too_late_to_propose.to_owned(),
            c if c.contains("slot") || c.contains("free") || c.contains("taken") => {
                t.err_slot.to_owned()
            }
            c => t.err_failed.with(c),
        },
        HttpError::Decode => t.err_failed.with("?"),
    }
}
