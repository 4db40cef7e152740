//! The pass of a guard's record checked again on the server, at the
//! record's time and with the server's own keys, and whom it names: only
//! a genuine pass names its person (a changed one could name anybody).

use chrono::{DateTime, Utc};

use crate::pass::verify::{verify, GateClock, PassError, PassKey};
use crate::pass::wire::from_text;
use crate::pass::PassClaims;

/// What the server finds of a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rechecked {
    /// The pass verified at the record's time.
    pub verified: Result<PassClaims, PassError>,
    /// The pseudonym of its person, when the pass is genuine (good, or
    /// signed by a known key but not for that day or expired).
    pub pseudonym: Option<[u8; 8]>,
}

/// Whether a verification says the pass is the server's own, good for the
/// day or not.
pub fn is_genuine(verified: &Result<PassClaims, PassError>) -> bool {
    matches!(
        verified,
        Ok(_) | Err(PassError::EarlierDay | PassError::LaterDay | PassError::Expired)
    )
}

/// The pass in `text` checked with `keys` at `at` (the server's keys are
/// never too old: they are fetched as they are used).
pub fn recheck_pass(text: &str, keys: &[PassKey], at: DateTime<Utc>) -> Rechecked {
    let clock = GateClock { keys, keys_fetched_at: at, device_now: at, server_seen: None };
    let verified = verify(text, &clock);
    let pseudonym = match from_text(text) {
        Ok((claims, _, _)) if is_genuine(&verified) => Some(claims.pseudonym),
        _ => None,
    };
    Rechecked { verified, pseudonym }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::pass::verify::sign;
    use crate::pass::verify::tests::{claims, keys, morning, SECRET};

    #[test]
    fn test_a_good_pass_names_its_person() {
        let text = sign(&claims(), &SECRET);
        let found = recheck_pass(&text, &keys(), morning());
        assert_eq!(found, Rechecked { verified: Ok(claims()), pseudonym: Some([9; 8]) });
    }

    #[test]
    fn test_a_genuine_pass_of_another_day_still_names_its_person() {
        let text = sign(&claims(), &SECRET);
        let found = recheck_pass(&text, &keys(), morning() + Duration::days(1));
        assert_eq!(found.verified, Err(PassError::EarlierDay));
        assert_eq!(found.pseudonym, Some([9; 8]));
    }

    #[test]
    fn test_a_changed_or_unknown_pass_names_nobody() {
        let forged = sign(&claims(), &[7; 32]);
        let found = recheck_pass(&forged, &keys(), morning());
        assert_eq!((found.verified, found.pseudonym), (Err(PassError::BadSignature), None));
        let unknown = recheck_pass(&sign(&claims(), &SECRET), &[], morning());
        assert_eq!((unknown.verified, unknown.pseudonym), (Err(PassError::UnknownKey), None));
        assert_eq!(recheck_pass("not a pass", &keys(), morning()).pseudonym, None);
    }
}
