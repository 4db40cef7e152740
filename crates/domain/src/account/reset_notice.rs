//! A password reset by someone else: when an advisor or an admin issues a
//! one-time code for a person who already had a password and the code is
//! used, the person's other sessions end *because of the reset* (their
//! phones are told why at their next sync), and each sign-in in the
//! following days says who issued the code and when, so that staff taking
//! over an account cannot go unnoticed. A first password (no password yet)
//! and a code the person issued for themselves tell nothing.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Who issued a code at the server's command line (an administrator on
/// the server itself), as stored in place of a person's id.
pub const ISSUED_AT_THE_SERVER: &str = "command line";

/// Sign-ins say so for this long after the reset.
pub const RESET_NOTICE_DAYS: i64 = 30;

/// Whether using a code issued by `issued_by` tells `person_id` of a
/// reset: someone else issued it, and the person had a password before.
pub fn tells_of_reset(person_id: &str, issued_by: &str, had_password: bool) -> bool {
    had_password && issued_by != person_id
}

/// The notice a sign-in carries (`SessionGrant::password_reset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    /// The school id of who issued the code; `None`: an administrator at
    /// the server's command line.
    pub by_id: Option<String>,
    /// Their name on the roster, if they are on it.
    pub by_name: Option<String>,
    /// RFC 3339: when the code was used (the old password stopped working).
    pub at: String,
}

/// The notice a sign-in at `now` carries for a reset by `by` (as stored:
/// an id or [`ISSUED_AT_THE_SERVER`]) at `at`: within
/// [`RESET_NOTICE_DAYS`], none after.
pub fn reset_notice(
    by: &str,
    by_name: Option<String>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<PasswordReset> {
    if now - at >= Duration::days(RESET_NOTICE_DAYS) {
        return None;
    }
    let by_id = (by != ISSUED_AT_THE_SERVER).then(|| by.to_owned());
    Some(PasswordReset {
        by_id,
        by_name,
        at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn test_only_a_code_from_someone_else_replacing_a_password_tells() {
        assert!(tells_of_reset("S1", "T1", true));
        assert!(tells_of_reset("S1", ISSUED_AT_THE_SERVER, true));
        // The first password: nothing to tell.
        assert!(!tells_of_reset("S1", "T1", false));
        // A code the person issued for themselves (an admin).
        assert!(!tells_of_reset("A1", "A1", true));
    }

    #[test]
    fn test_the_notice_names_who_and_when_for_thirty_days() {
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 1, 12, 0).unwrap();
        let notice = reset_notice("T1", Some("王老师".into()), at, at).unwrap();
        assert_eq!(notice.by_id.as_deref(), Some("T1"));
        assert_eq!(notice.by_name.as_deref(), Some("王老师"));
        assert_eq!(notice.at, "2026-12-03T01:12:00Z");
        let last = at + Duration::days(RESET_NOTICE_DAYS) - Duration::seconds(1);
        assert!(reset_notice("T1", None, at, last).is_some());
        assert_eq!(reset_notice("T1", None, at, at + Duration::days(RESET_NOTICE_DAYS)), None);
        let server = reset_notice(ISSUED_AT_THE_SERVER, None, at, at).unwrap();
        assert_eq!(server.by_id, None);
    }
}
