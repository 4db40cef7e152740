//! What a counsellor does with an appointment, and when she may.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::AppointmentStatus;
use super::booking::is_valid_reason;
pub use super::booking::MAX_REASON_CHARS;

/// `POST /api/v1/counselling/appointments/{id}/status`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CounsellorAction {
    /// Confirm she will take it (the person sees it confirmed by her).
    Accept,
    /// Offer another of her free slots instead; the person may take it in
    /// one tap (a move), or keep the booked time.
    Propose {
        start: NaiveDateTime,
    },
    /// Turn it down, with a reason the person sees.
    Decline {
        reason: String,
    },
    Complete,
    NoShow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("only a confirmed appointment can change like this")]
    NotConfirmed,
    #[error("an appointment is completed or missed only once it has started")]
    NotStarted,
    #[error("an appointment is confirmed, declined or moved before it starts")]
    AlreadyStarted,
    #[error("the reason is required, at most {MAX_REASON_CHARS} characters")]
    Reason,
}

/// The new status after `action` on an appointment in `status` starting at
/// `starts_at`, at `now`.
pub fn decide(
    status: AppointmentStatus,
    action: &CounsellorAction,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<AppointmentStatus, DecisionError> {
    if status != AppointmentStatus::Confirmed {
        return Err(DecisionError::NotConfirmed);
    }
    match action {
        CounsellorAction::Decline { reason } if !is_valid_reason(reason) => {
            Err(DecisionError::Reason)
        }
        CounsellorAction::Accept
        | CounsellorAction::Propose { .. }
        | CounsellorAction::Decline { .. }
            if now >= starts_at =>
        {
            Err(DecisionError::AlreadyStarted)
        }
        CounsellorAction::Accept | CounsellorAction::Propose { .. } => {
            Ok(AppointmentStatus::Confirmed)
        }
        CounsellorAction::Decline { .. } => Ok(AppointmentStatus::Declined),
        CounsellorAction::Complete | CounsellorAction::NoShow if now < starts_at => {
            Err(DecisionError::NotStarted)
        }
        CounsellorAction::Complete => Ok(AppointmentStatus::Completed),
        CounsellorAction::NoShow => Ok(AppointmentStatus::NoShow),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    #[test]
    fn test_counsellor_decisions() {
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let before = start - Duration::hours(1);
        let after = start + Duration::minutes(55);
        let decline = CounsellorAction::Decline { reason: "当天外出培训".into() };
        use AppointmentStatus::*;
        assert_eq!(decide(Confirmed, &decline, start, before), Ok(Declined));
        assert_eq!(decide(Confirmed, &decline, start, after), Err(DecisionError::AlreadyStarted));
        let blank = CounsellorAction::Decline { reason: "  ".into() };
        assert_eq!(decide(Confirmed, &blank, start, before), Err(DecisionError::Reason));
        assert_eq!(decide(Confirmed, &CounsellorAction::Complete, start, after), Ok(Completed));
        assert_eq!(decide(Confirmed, &CounsellorAction::NoShow, start, after), Ok(NoShow));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, start, before),
            Err(DecisionError::NotStarted)
        );
        assert_eq!(
            decide(Completed, &CounsellorAction::NoShow, start, after),
            Err(DecisionError::NotConfirmed)
        );
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, start, before), Ok(Confirmed));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, start, after),
            Err(DecisionError::AlreadyStarted)
        );
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        assert_eq!(decide(Confirmed, &propose, start, before), Ok(Confirmed));
        assert_eq!(decide(Declined, &propose, start, before), Err(DecisionError::NotConfirmed));
    }
}
