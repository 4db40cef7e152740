//! What a counsellor does with an appointment, and when she may.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::AppointmentStatus;
use super::booking::is_valid_reason;
pub use super::booking::MAX_REASON_CHARS;
use super::notice::check_notice;
use super::plan::Slot;

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
    /// Confirmed or declined until it ends (a call-back in crisis starts
    /// the moment it is booked); once over, it is completed or missed.
    #[error("the appointment is over: mark it completed or missed")]
    Ended,
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
            DecisionError::Ended => "already_ended",
            DecisionError::Reason => "bad_reason",
            DecisionError::TooLateToPropose { .. } => "too_late_to_propose",
        }
    }
}

/// The new status after `action` on an appointment in `status` at `slot`,
/// at `now`, with the centre's notice for changes.
pub fn decide(
    status: AppointmentStatus,
    action: &CounsellorAction,
    slot: &Slot,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<AppointmentStatus, DecisionError> {
    if status != AppointmentStatus::Confirmed {
        return Err(DecisionError::NotConfirmed);
    }
    let starts_at = slot.starts_at();
    match action {
        CounsellorAction::Decline { reason } if !is_valid_reason(reason) => {
            Err(DecisionError::Reason)
        }
        CounsellorAction::Accept | CounsellorAction::Decline { .. } if now >= slot.ends_at() => {
            Err(DecisionError::Ended)
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
    use crate::counselling::Mode;
    use crate::school_offset;

    /// A 50-minute slot starting at `at`.
    fn slot_at(at: DateTime<Utc>) -> Slot {
        let start = at.with_timezone(&school_offset()).naive_local();
        Slot { counsellor_id: "C-0001".into(), start, minutes: 50, mode: Mode::Phone }
    }

    #[test]
    fn test_counsellor_decisions() {
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let slot = slot_at(start);
        let before = start - Duration::hours(1);
        // The slot lasts 50 minutes: over after them.
        let after = start + Duration::minutes(55);
        let decline = CounsellorAction::Decline { reason: "当天外出培训".into() };
        use AppointmentStatus::*;
        assert_eq!(decide(Confirmed, &decline, &slot, before, 0), Ok(Declined));
        assert_eq!(decide(Confirmed, &decline, &slot, after, 0), Err(DecisionError::Ended));
        let blank = CounsellorAction::Decline { reason: "  ".into() };
        assert_eq!(decide(Confirmed, &blank, &slot, before, 0), Err(DecisionError::Reason));
        assert_eq!(decide(Confirmed, &CounsellorAction::Complete, &slot, after, 0), Ok(Completed));
        assert_eq!(decide(Confirmed, &CounsellorAction::NoShow, &slot, after, 0), Ok(NoShow));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, &slot, before, 0),
            Err(DecisionError::NotStarted)
        );
        assert_eq!(
            decide(Completed, &CounsellorAction::NoShow, &slot, after, 0),
            Err(DecisionError::NotConfirmed)
        );
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, &slot, before, 0), Ok(Confirmed));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, after, 0),
            Err(DecisionError::Ended)
        );
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        assert_eq!(decide(Confirmed, &propose, &slot, before, 0), Ok(Confirmed));
        assert_eq!(decide(Declined, &propose, &slot, before, 0), Err(DecisionError::NotConfirmed));
    }

    #[test]
    fn test_a_proposal_only_while_the_person_could_still_move() {
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let slot = slot_at(start);
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        let at_the_notice = start - Duration::hours(2);
        let inside = at_the_notice + Duration::seconds(1);
        use AppointmentStatus::Confirmed;
        assert_eq!(decide(Confirmed, &propose, &slot, at_the_notice, 120), Ok(Confirmed));
        assert!(may_propose(start, at_the_notice, 120));
        assert_eq!(
            decide(Confirmed, &propose, &slot, inside, 120),
            Err(DecisionError::TooLateToPropose { minutes: 120 })
        );
        assert!(!may_propose(start, inside, 120));
        // The notice holds back a proposal only: she still confirms or declines.
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, &slot, inside, 120), Ok(Confirmed));
        let decline = CounsellorAction::Decline { reason: "ill today".into() };
        assert_eq!(
            decide(Confirmed, &decline, &slot, inside, 120),
            Ok(AppointmentStatus::Declined)
        );
        assert_eq!(DecisionError::TooLateToPropose { minutes: 120 }.code(), "too_late_to_propose");
    }

    #[test]
    fn test_while_it_runs_she_still_confirms_or_declines_it() {
        // A call-back in crisis starts the moment it is booked.
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let slot = slot_at(start);
        let during = start + Duration::minutes(10);
        use AppointmentStatus::*;
        assert_eq!(decide(Confirmed, &CounsellorAction::Accept, &slot, during, 120), Ok(Confirmed));
        let decline = CounsellorAction::Decline { reason: "in another session".into() };
        assert_eq!(decide(Confirmed, &decline, &slot, during, 120), Ok(Declined));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, &slot, during, 120),
            Ok(Completed)
        );
        let propose = CounsellorAction::Propose { start: slot.start + Duration::days(1) };
        assert_eq!(
            decide(Confirmed, &propose, &slot, during, 0),
            Err(DecisionError::TooLateToPropose { minutes: 0 })
        );
        // At its end it is over.
        let end = start + Duration::minutes(50);
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, end, 120),
            Err(DecisionError::Ended)
        );
    }
}
