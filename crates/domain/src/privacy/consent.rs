//! Separate consent (PIPL art. 29) for what is optional: the counselling
//! service (asked at the first booking, not at sign-in). A consent is a
//! record of its own, given or withdrawn; the latest one decides. A
//! withdrawal takes effect at once: no new booking, and the person's
//! upcoming appointments are cancelled (the counsellor sees why). A crisis
//! call-back needs no consent and is never cancelled by a withdrawal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::counselling::{Slot, Urgency};
use crate::ErrorCode;

/// What a consent is for. A new purpose asks again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Booking the counselling centre's appointments.
    Counselling,
    /// The optional wellbeing question after the daily declaration
    /// (withdrawing it deletes the answers).
    Wellbeing,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Counselling => "counselling",
            Purpose::Wellbeing => "wellbeing",
        }
    }
}

/// A consent given, or withdrawn (`given: false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Made on the phone (UUID): the record's id.
    pub consent_id: String,
    pub purpose: Purpose,
    pub given: bool,
}

/// The reason a withdrawal's cancellations carry (the counsellor reads it).
pub const WITHDRAWN_REASON: &str = "consent withdrawn / 已撤回同意";

pub fn judge(consent: &Consent) -> Result<(), ErrorCode> {
    if crate::sync::is_uuid(&consent.consent_id) {
        Ok(())
    } else {
        Err(ErrorCode::MalformedId)
    }
}

/// Whether a booking of `urgency` may be made with the person's latest
/// counselling consent (`None`: never asked).
pub fn may_book(urgency: Urgency, latest: Option<bool>) -> Result<(), ErrorCode> {
    match (urgency, latest) {
        (Urgency::Crisis, _) | (_, Some(true)) => Ok(()),
        _ => Err(ErrorCode::ConsentRequired),
    }
}

/// Which of the person's confirmed bookings a withdrawal at `now` cancels:
/// those not yet started, crisis call-backs aside.
pub fn cancelled_by_withdrawal(
    confirmed: &[(String, Slot, Urgency)],
    now: DateTime<Utc>,
) -> Vec<&str> {
    confirmed
        .iter()
        .filter(|(_, slot, urgency)| *urgency != Urgency::Crisis && slot.starts_at() > now)
        .map(|(id, _, _)| id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::counselling::Mode;

    fn slot(day: u32, hour: u32) -> Slot {
        let start =
            NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, 0, 0).unwrap();
        Slot { counsellor_id: "C-1".into(), start, minutes: 50, mode: Mode::Phone }
    }

    #[test]
    fn test_may_book_needs_consent_except_in_crisis() {
        assert_eq!(may_book(Urgency::Routine, None), Err(ErrorCode::ConsentRequired));
        assert_eq!(may_book(Urgency::Soon, Some(false)), Err(ErrorCode::ConsentRequired));
        assert_eq!(may_book(Urgency::Routine, Some(true)), Ok(()));
        assert_eq!(may_book(Urgency::Crisis, None), Ok(()));
        assert_eq!(may_book(Urgency::Crisis, Some(false)), Ok(()));
    }

    #[test]
    fn test_cancelled_by_withdrawal_is_upcoming_and_not_crisis() {
        // 2026-12-07 10:00 at the school (02:00 UTC).
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap();
        let confirmed = vec![
            ("past".to_string(), slot(7, 9), Urgency::Routine),
            ("later".to_string(), slot(7, 14), Urgency::Routine),
            ("soon".to_string(), slot(8, 9), Urgency::Soon),
            ("crisis".to_string(), slot(7, 15), Urgency::Crisis),
        ];
        assert_eq!(cancelled_by_withdrawal(&confirmed, now), vec!["later", "soon"]);
    }

    #[test]
    fn test_judge_refuses_a_bad_id() {
        let consent =
            Consent { consent_id: "x".into(), purpose: Purpose::Counselling, given: true };
        assert_eq!(judge(&consent), Err(ErrorCode::MalformedId));
        let good = Consent { consent_id: "8b0f1c3e-2d4a-4f6b-9c1d-3e5f7a9b1c2d".into(), ..consent };
        assert_eq!(judge(&good), Ok(()));
        let wire = serde_json::to_string(&Purpose::Counselling).unwrap();
        assert_eq!(wire, format!("\"{}\"", Purpose::Counselling.as_str()), "stored as sent");
    }
}
