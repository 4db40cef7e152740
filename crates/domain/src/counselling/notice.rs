//! The notice for cancelling or moving an appointment (the directory's
//! `cancellation_notice_minutes`, 2 hours unless the school says otherwise).

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    /// Too close to the start: call the centre instead.
    #[error("changes are possible until {minutes} minutes before the start")]
    TooLate { minutes: u32 },
    #[error("the appointment has already started")]
    Started,
}

/// Whether an appointment starting at `starts_at` may still be cancelled
/// or moved at `now`: up to `notice_minutes` before its start.
pub fn check_notice(
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    notice_minutes: u32,
) -> Result<(), NoticeError> {
    if now >= starts_at {
        return Err(NoticeError::Started);
    }
    if now + Duration::minutes(i64::from(notice_minutes)) > starts_at {
        return Err(NoticeError::TooLate { minutes: notice_minutes });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn test_notice_window_edges() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        let two_hours = Duration::hours(2);
        assert_eq!(check_notice(start, start - two_hours, 120), Ok(()));
        assert_eq!(check_notice(start, start - two_hours - Duration::seconds(1), 120), Ok(()));
        assert_eq!(
            check_notice(start, start - two_hours + Duration::seconds(1), 120),
            Err(NoticeError::TooLate { minutes: 120 })
        );
        assert_eq!(check_notice(start, start, 120), Err(NoticeError::Started));
        assert_eq!(check_notice(start, start + Duration::minutes(5), 0), Err(NoticeError::Started));
        // No notice configured: any time before the start.
        assert_eq!(check_notice(start, start - Duration::seconds(1), 0), Ok(()));
    }
}
