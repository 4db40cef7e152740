//! What a counsellor does with an appointment, and when she may.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::AppointmentStatus;
use super::booking::is_valid_reason;
pub use super::booking::MAX_REASON_CHARS;
use super::notice::check_notice;

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
    /// Taking a proposal moves the booking, which the person may do only up
    /// to the notice: a later proposal could not be taken.
    #[error("within {minutes} minutes of the start the person can no longer move; call them")]
    TooLateToPropose { minutes: u32 },
}

impl DecisionError {
    /// The code on the wire (an API error's `code`).
    pub fn code(self) -> &'static str {
        match self {
            DecisionError::NotConfirmed => "not_confirmed",
            DecisionError::NotStarted => "not_started",
            DecisionError::AlreadyStarted => "already_started",
            DecisionError::Reason => "bad_reason",
            DecisionError::TooLateToPropose { .. } => "too_late_to_propose",
        }
    }
}

/// The new status after `action` on an appointment in `status` starting at
/// `starts_at`, at `now`, with the centre's notice for changes.
pub fn decide(
    status: AppointmentStatus,
    action: &CounsellorAction,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    notice_minutes: u32,
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
        CounsellorAction::Propose { .. } if !may_propose(starts_at, now, notice_minutes) => {
            Err(DecisionError::TooLateToPropose { minutes: notice_minutes })
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

/// Whether another time may still be proposed for an appointment starting
/// at `starts_at`: the person must be able to move to it, which they may up
/// to the notice.
pub fn may_propose(starts_at: DateTime<Utc>, now: DateTime<Utc>, notice_minutes: u32) -> bool {
    check_notice(starts_at, now, notice_minutes).is_ok()
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
        assert_eq!(decide(Confirmed, &decline, start, before, 0), Ok(Declined));
        assert_eq!(
            decide(Confirmed, &decline, start, after, 0),
            Err(DecisionError::AlreadyStarted)
        );
        let blank = CounsellorAction::Decline { reason: "  ".into() };
        assert_eq!(decide(Confirmed, &blank, start, before, 0), Err(DecisionError::Reason));
        assert_eq!(decide(Confirmed, &CounsellorAction::Complete, start, after, 0), Ok(Completed));
        assert_eq!(decide(Confirmed, &CounsellorAction::NoShow, start, after, 0), Ok(NoShow));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, start, before, 0),
            Err(DecisionError::NotStarted)
        );
        assert_eq!(
            decide(Completed, &CounsellorAction::NoShow, start, after, 0),
            Err(DecisionError::NotConfirmed)
        );
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, start, before, 0), Ok(Confirmed));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, start, after, 0),
            Err(DecisionError::AlreadyStarted)
        );
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        assert_eq!(decide(Confirmed, &propose, start, before, 0), Ok(Confirmed));
        assert_eq!(decide(Declined, &propose, start, before, 0), Err(DecisionError::NotConfirmed));
    }

    #[test]
    fn test_a_proposal_only_while_the_person_could_still_move() {
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        let at_the_notice = start - Duration::hours(2);
        let inside = at_the_notice + Duration::seconds(1);
        use AppointmentStatus::Confirmed;
        assert_eq!(decide(Confirmed, &propose, start, at_the_notice, 120), Ok(Confirmed));
        assert!(may_propose(start, at_the_notice, 120));
        assert_eq!(
            decide(Confirmed, &propose, start, inside, 120),
            Err(DecisionError::TooLateToPropose { minutes: 120 })
        );
        assert!(!may_propose(start, inside, 120));
        // The notice holds back a proposal only: she still confirms or declines.
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, start, inside, 120), Ok(Confirmed));
        let decline = CounsellorAction::Decline { reason: "ill today".into() };
        assert_eq!(
            decide(Confirmed, &decline, start, inside, 120),
            Ok(AppointmentStatus::Declined)
        );
        assert_eq!(DecisionError::TooLateToPropose { minutes: 120 }.code(), "too_late_to_propose");
    }
}
