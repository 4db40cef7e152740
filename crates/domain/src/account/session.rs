//! Whether a stored session still holds, and whether its use is due to
//! be written down.

use chrono::{DateTime, Duration, Utc};

use super::SESSION_IDLE_DAYS;

/// A session's last use is written at most this often: a lookup stays a
/// read most of the time.
pub const TOUCH_EVERY_MINUTES: i64 = 60;

/// What the server holds of a session and its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The person is still on the roster.
    pub person_active: bool,
    pub last_used_at: DateTime<Utc>,
    /// The absolute end.
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
    /// Revoked because someone else reset the password (see
    /// [`super::reset_notice`]).
    pub revoked_by_reset: bool,
}

/// What a lookup at some moment makes of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionCheck {
    /// Revoked, idle too long, past its end, or its person left.
    Ended,
    /// Revoked because someone else reset the password: the device is
    /// told so (the person may not know).
    EndedByReset,
    /// Live; `touch`: its last use is due to be noted.
    Live { touch: bool },
}

/// The session at `now`: live while not revoked, used within
/// [`SESSION_IDLE_DAYS`], before its absolute end, and its person still on
/// the roster.
pub fn check_session(session: &StoredSession, now: DateTime<Utc>) -> SessionCheck {
    if session.revoked && session.revoked_by_reset {
        return SessionCheck::EndedByReset;
    }
    let idle_end = session.last_used_at + Duration::days(SESSION_IDLE_DAYS);
    if !session.person_active || session.revoked || now >= session.expires_at || now >= idle_end {
        return SessionCheck::Ended;
    }
    SessionCheck::Live {
        touch: now - session.last_used_at >= Duration::minutes(TOUCH_EVERY_MINUTES),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::account::SESSION_MAX_DAYS;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, hour, 0, 0).unwrap()
    }

    fn stored() -> StoredSession {
        StoredSession {
            person_active: true,
            last_used_at: at(8),
            expires_at: at(8) + Duration::days(90),
            revoked: false,
            revoked_by_reset: false,
        }
    }

    #[test]
    fn test_live_session_is_touched_only_after_an_hour() {
        assert_eq!(
            check_session(&stored(), at(8) + Duration::minutes(59)),
            SessionCheck::Live { touch: false }
        );
        assert_eq!(check_session(&stored(), at(9)), SessionCheck::Live { touch: true });
    }

    #[test]
    fn test_session_ends_when_revoked_idle_expired_or_person_left() {
        let revoked = StoredSession { revoked: true, ..stored() };
        assert_eq!(check_session(&revoked, at(9)), SessionCheck::Ended);
        let reset = StoredSession { revoked: true, revoked_by_reset: true, ..stored() };
        assert_eq!(check_session(&reset, at(9)), SessionCheck::EndedByReset);
        // Told even once it would have ended anyway.
        let long_after = at(8) + Duration::days(SESSION_MAX_DAYS);
        assert_eq!(check_session(&reset, long_after), SessionCheck::EndedByReset);
        let left = StoredSession { person_active: false, ..stored() };
        assert_eq!(check_session(&left, at(9)), SessionCheck::Ended);
        let idle = at(8) + Duration::days(SESSION_IDLE_DAYS);
        assert_eq!(check_session(&stored(), idle), SessionCheck::Ended);
        assert!(matches!(
            check_session(&stored(), idle - Duration::seconds(1)),
            SessionCheck::Live { .. }
        ));
        let short = StoredSession { expires_at: at(10), ..stored() };
        assert_eq!(check_session(&short, at(10)), SessionCheck::Ended);
    }
}
