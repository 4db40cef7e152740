//! Using a one-time code to set a password: whether the code typed (as
//! its hash) is the one issued and still good.

use chrono::{DateTime, Utc};

/// What becomes of a code presented at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeUse {
    /// No code was issued (or it was used).
    Missing,
    /// Past its end: of no further use, to be deleted.
    Expired,
    /// Not the code issued: nothing changes.
    Wrong,
    /// The code: it is used up, the password is set.
    Accepted,
}

/// The code issued (its hash and end), if any, judged against the hash of
/// the code typed at `now`. An expired code is expired whatever was typed.
/// The hashes are compared in constant time.
pub fn use_code(
    issued: Option<(&str, DateTime<Utc>)>,
    typed_hash: &str,
    now: DateTime<Utc>,
) -> CodeUse {
    let Some((issued_hash, expires_at)) = issued else { return CodeUse::Missing };
    if expires_at <= now {
        return CodeUse::Expired;
    }
    if !constant_time_eq(issued_hash.as_bytes(), typed_hash.as_bytes()) {
        return CodeUse::Wrong;
    }
    CodeUse::Accepted
}

/// Equal bytes, in a time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    #[test]
    fn test_code_is_accepted_once_right_and_before_its_end() {
        let now = Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap();
        let end = now + Duration::minutes(10);
        assert_eq!(use_code(None, "h", now), CodeUse::Missing);
        assert_eq!(use_code(Some(("h", end)), "h", now), CodeUse::Accepted);
        assert_eq!(use_code(Some(("h", end)), "x", now), CodeUse::Wrong);
        assert_eq!(use_code(Some(("h", end)), "hh", now), CodeUse::Wrong);
        assert_eq!(use_code(Some(("h", end)), "h", end), CodeUse::Expired);
        assert_eq!(use_code(Some(("h", end)), "x", end), CodeUse::Expired);
    }
}
