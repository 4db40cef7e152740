//! What a counsellor does with an appointment, and when she may.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::AppointmentStatus;
use super::booking::is_valid_reason;
pub use super::booking::MAX_REASON_CHARS;
use super::notice::check_notice;
use super::plan::Slot;
use crate::ErrorCode;

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
    /// Take back "completed" or "no-show" (a slip of the finger), within
    /// [`UNDO_MINUTES`] of marking it: confirmed again.
    Undo,
}

/// A mark (completed, no-show) can be taken back this long after it was made.
pub const UNDO_MINUTES: i64 = 10;

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
    #[error("only an appointment marked completed or missed can be undone")]
    NotMarked,
    #[error("a mark can be undone only within {UNDO_MINUTES} minutes")]
    TooLateToUndo,
}

impl DecisionError {
    /// The code on the wire (an API error's `code`).
    pub fn code(self) -> ErrorCode {
        match self {
            DecisionError::NotConfirmed => ErrorCode::NotConfirmed,
            DecisionError::NotStarted => ErrorCode::NotStarted,
            DecisionError::Ended => ErrorCode::AlreadyEnded,
            DecisionError::Reason => ErrorCode::BadReason,
            DecisionError::TooLateToPropose { .. } => ErrorCode::TooLateToPropose,
            DecisionError::NotMarked => ErrorCode::NotMarked,
            DecisionError::TooLateToUndo => ErrorCode::TooLateToUndo,
        }
    }
}

/// The new status after `action` on an appointment in `status` at `slot`,
/// last decided at `decided_at` (for a mark, when it was made), at `now`,
/// with the centre's notice for changes.
pub fn decide(
    status: AppointmentStatus,
    action: &CounsellorAction,
    slot: &Slot,
    now: DateTime<Utc>,
    notice_minutes: u32,
    decided_at: Option<DateTime<Utc>>,
) -> Result<AppointmentStatus, DecisionError> {
    let starts_at = slot.starts_at();
    match action {
        CounsellorAction::Undo => undo(status, decided_at, now),
        // Everything else is done to a booked appointment.
        _ if status != AppointmentStatus::Confirmed => Err(DecisionError::NotConfirmed),
        CounsellorAction::Decline { reason } if !is_valid_reason(reason) => {
            Err(DecisionError::Reason)
        }
        CounsellorAction::Accept | CounsellorAction::Decline { .. } if now >= slot.ends_at() => {
            Err(DecisionError::Ended)
        }
        CounsellorAction::Propose { .. } if !may_propose(starts_at, now, notice_minutes) => {
            Err(DecisionError::TooLateToPropose { minutes: notice_minutes })
        }
        // Nor a time that itself starts within the notice: once taken, the
        // person could no longer change it.
        CounsellorAction::Propose { start }
            if !may_propose(local_instant(*start), now, notice_minutes) =>
        {
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

/// A mark taken back: confirmed again, within [`UNDO_MINUTES`] of `marked_at`.
fn undo(
    status: AppointmentStatus,
    marked_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<AppointmentStatus, DecisionError> {
    if !is_mark(status) {
        return Err(DecisionError::NotMarked);
    }
    match undo_until(status, marked_at) {
        Some(by) if now < by => Ok(AppointmentStatus::Confirmed),
        _ => Err(DecisionError::TooLateToUndo),
    }
}

fn is_mark(status: AppointmentStatus) -> bool {
    matches!(status, AppointmentStatus::Completed | AppointmentStatus::NoShow)
}

/// Until when an appointment in `status`, marked at `marked_at`, can be
/// undone; `None` when it is not a mark (or when it was made is unknown).
pub fn undo_until(
    status: AppointmentStatus,
    marked_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    marked_at.filter(|_| is_mark(status)).map(|at| at + chrono::Duration::minutes(UNDO_MINUTES))
}

/// A school wall-clock time as an instant.
fn local_instant(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_local_timezone(crate::school_offset())
        .single()
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
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
        assert_eq!(decide(Confirmed, &decline, &slot, before, 0, None), Ok(Declined));
        assert_eq!(decide(Confirmed, &decline, &slot, after, 0, None), Err(DecisionError::Ended));
        let blank = CounsellorAction::Decline { reason: "  ".into() };
        assert_eq!(decide(Confirmed, &blank, &slot, before, 0, None), Err(DecisionError::Reason));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, &slot, after, 0, None),
            Ok(Completed)
        );
        assert_eq!(decide(Confirmed, &CounsellorAction::NoShow, &slot, after, 0, None), Ok(NoShow));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, &slot, before, 0, None),
            Err(DecisionError::NotStarted)
        );
        assert_eq!(
            decide(Completed, &CounsellorAction::NoShow, &slot, after, 0, None),
            Err(DecisionError::NotConfirmed)
        );
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, before, 0, None),
            Ok(Confirmed)
        );
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, after, 0, None),
            Err(DecisionError::Ended)
        );
        let propose = CounsellorAction::Propose {
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        };
        assert_eq!(decide(Confirmed, &propose, &slot, before, 0, None), Ok(Confirmed));
        assert_eq!(
            decide(Declined, &propose, &slot, before, 0, None),
            Err(DecisionError::NotConfirmed)
        );
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
        assert_eq!(decide(Confirmed, &propose, &slot, at_the_notice, 120, None), Ok(Confirmed));
        assert!(may_propose(start, at_the_notice, 120));
        assert_eq!(
            decide(Confirmed, &propose, &slot, inside, 120, None),
            Err(DecisionError::TooLateToPropose { minutes: 120 })
        );
        assert!(!may_propose(start, inside, 120));
        // Nor to a time that itself starts within the notice.
        let booked_later = slot_at(start + Duration::days(2));
        let soon = CounsellorAction::Propose {
            start: (at_the_notice + Duration::minutes(30))
                .with_timezone(&school_offset())
                .naive_local(),
        };
        assert_eq!(
            decide(Confirmed, &soon, &booked_later, at_the_notice, 120, None),
            Err(DecisionError::TooLateToPropose { minutes: 120 })
        );
        // The notice holds back a proposal only: she still confirms or declines.
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, inside, 120, None),
            Ok(Confirmed)
        );
        let decline = CounsellorAction::Decline { reason: "ill today".into() };
        assert_eq!(
            decide(Confirmed, &decline, &slot, inside, 120, None),
            Ok(AppointmentStatus::Declined)
        );
        assert_eq!(
            DecisionError::TooLateToPropose { minutes: 120 }.code().as_str(),
            "too_late_to_propose"
        );
    }

    #[test]
    fn test_while_it_runs_she_still_confirms_or_declines_it() {
        // A call-back in crisis starts the moment it is booked.
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let slot = slot_at(start);
        let during = start + Duration::minutes(10);
        use AppointmentStatus::*;
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, during, 120, None),
            Ok(Confirmed)
        );
        let decline = CounsellorAction::Decline { reason: "in another session".into() };
        assert_eq!(decide(Confirmed, &decline, &slot, during, 120, None), Ok(Declined));
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Complete, &slot, during, 120, None),
            Ok(Completed)
        );
        let propose = CounsellorAction::Propose { start: slot.start + Duration::days(1) };
        assert_eq!(
            decide(Confirmed, &propose, &slot, during, 0, None),
            Err(DecisionError::TooLateToPropose { minutes: 0 })
        );
        // At its end it is over.
        let end = start + Duration::minutes(50);
        assert_eq!(
            decide(Confirmed, &CounsellorAction::Accept, &slot, end, 120, None),
            Err(DecisionError::Ended)
        );
    }

    #[test]
    fn test_a_mark_is_undone_within_ten_minutes_only() {
        let start = Utc.with_ymd_and_hms(2026, 12, 7, 1, 0, 0).unwrap();
        let slot = slot_at(start);
        let marked = start + Duration::minutes(50);
        use AppointmentStatus::*;
        let undo =
            |status, now| decide(status, &CounsellorAction::Undo, &slot, now, 120, Some(marked));
        assert_eq!(undo(Completed, marked + Duration::minutes(9)), Ok(Confirmed));
        assert_eq!(undo(NoShow, marked), Ok(Confirmed));
        assert_eq!(
            undo(Completed, marked + Duration::minutes(10)),
            Err(DecisionError::TooLateToUndo)
        );
        assert_eq!(undo(Confirmed, marked), Err(DecisionError::NotMarked));
        assert_eq!(undo(Declined, marked), Err(DecisionError::NotMarked));
        assert_eq!(
            decide(Completed, &CounsellorAction::Undo, &slot, marked, 120, None),
            Err(DecisionError::TooLateToUndo),
            "when it was marked is not known"
        );
        assert_eq!(undo_until(Completed, Some(marked)), Some(marked + Duration::minutes(10)));
        assert_eq!(undo_until(Confirmed, Some(marked)), None, "not a mark");
    }
}
