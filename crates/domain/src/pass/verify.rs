//! Signing a pass (the server) and verifying it offline (the guard's
//! phone): Ed25519 over the pass's bytes, with the server's public keys
//! from the directory (several, each with its id and validity, so keys can
//! be rotated), the day and the expiry judged against the later of the
//! phone's clock and the last server time it saw, so setting the phone's
//! date back does not revive an old pass.

use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::wire::{self, WireError};
use super::PassClaims;
use crate::school_time::local_day;

/// A key list older than this is warned about …
pub const KEYS_STALE_HOURS: i64 = 24;
/// … and refused after this.
pub const KEYS_UNUSABLE_DAYS: i64 = 7;

/// One of the server's public pass keys, as every phone receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassKey {
    pub id: u16,
    /// The Ed25519 public key, 32 bytes in hex.
    pub public_hex: String,
    /// Passes it signed are valid until this instant (a rotated key stays
    /// until its last passes have expired); `None`: the current key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<DateTime<Utc>>,
}

/// Why a pass is refused at the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassError {
    #[error("{0}")]
    Unreadable(WireError),
    #[error("signed with a key this phone does not know")]
    UnknownKey,
    #[error("the signature does not match: the pass was changed or forged")]
    BadSignature,
    #[error("a pass of an earlier day")]
    EarlierDay,
    #[error("a pass of a later day")]
    LaterDay,
    #[error("the pass has expired")]
    Expired,
    #[error("the list of keys is more than {KEYS_UNUSABLE_DAYS} days old: go online once")]
    KeysTooOld,
}

/// How fresh the phone's key list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysAge {
    Fresh,
    /// Older than a day: warned about, still used.
    Stale,
    /// Older than a week: not used.
    TooOld,
}

pub fn keys_age(fetched_at: DateTime<Utc>, now: DateTime<Utc>) -> KeysAge {
    let age = now - fetched_at;
    if age > Duration::days(KEYS_UNUSABLE_DAYS) {
        KeysAge::TooOld
    } else if age > Duration::hours(KEYS_STALE_HOURS) {
        KeysAge::Stale
    } else {
        KeysAge::Fresh
    }
}

/// The pass's text, signed with `secret` (the server's signing key).
pub fn sign(claims: &PassClaims, secret: &[u8; 32]) -> String {
    let bytes = wire::signed_bytes(claims);
    let signature = SigningKey::from_bytes(secret).sign(&bytes);
    wire::to_text(&bytes, &signature.to_bytes())
}

/// The public key of a signing key, in hex (for the directory).
pub fn public_hex(secret: &[u8; 32]) -> String {
    to_hex(&SigningKey::from_bytes(secret).verifying_key().to_bytes())
}

/// A key's 32 bytes as lowercase hex (how keys are written down).
pub fn to_hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the guard's phone knows of time and keys.
#[derive(Debug, Clone, Copy)]
pub struct GateClock<'a> {
    pub keys: &'a [PassKey],
    /// When the key list was fetched.
    pub keys_fetched_at: DateTime<Utc>,
    /// The phone's clock.
    pub device_now: DateTime<Utc>,
    /// The latest time a server answer said (never goes back).
    pub server_seen: Option<DateTime<Utc>>,
}

impl GateClock<'_> {
    /// The later of the phone's clock and the server's last word.
    pub fn now(&self) -> DateTime<Utc> {
        self.server_seen.map_or(self.device_now, |seen| seen.max(self.device_now))
    }
}

/// The pass in `text`, if it is genuine and good for now.
pub fn verify(text: &str, clock: &GateClock) -> Result<PassClaims, PassError> {
    let (claims, signed, signature) = wire::from_text(text).map_err(PassError::Unreadable)?;
    let now = clock.now();
    if keys_age(clock.keys_fetched_at, now) == KeysAge::TooOld {
        return Err(PassError::KeysTooOld);
    }
    let key = clock.keys.iter().find(|k| k.id == claims.key_id).ok_or(PassError::UnknownKey)?;
    let public = from_hex(&key.public_hex).ok_or(PassError::UnknownKey)?;
    let verifying = VerifyingKey::from_bytes(&public).map_err(|_| PassError::UnknownKey)?;
    verifying
        .verify(&signed, &Signature::from_bytes(&signature))
        .map_err(|_| PassError::BadSignature)?;
    if key.valid_until.is_some_and(|until| now > until) {
        return Err(PassError::Expired);
    }
    let today = local_day(now);
    if claims.day < today {
        return Err(PassError::EarlierDay);
    }
    if claims.day > today {
        return Err(PassError::LaterDay);
    }
    if now >= claims.expires_at {
        return Err(PassError::Expired);
    }
    Ok(claims)
}

/// 32 bytes from 64 hex digits; `None` for anything else.
pub fn from_hex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::pass::EntryStatus;

    pub(crate) const SECRET: [u8; 32] = [42; 32];
    const OTHER: [u8; 32] = [7; 32];

    pub(crate) fn claims() -> PassClaims {
        PassClaims {
            key_id: 1,
            pseudonym: [9; 8],
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            status: EntryStatus::Check,
            // The end of 1 Dec at the school (UTC+8).
            expires_at: Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).unwrap(),
            masked_name: "张*明".into(),
            id_last4: "0101".into(),
            class: "计科2001".into(),
        }
    }

    pub(crate) fn keys() -> Vec<PassKey> {
        vec![PassKey { id: 1, public_hex: public_hex(&SECRET), valid_until: None }]
    }

    /// 10:00 at the school on 1 Dec.
    pub(crate) fn morning() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap()
    }

    fn at<'a>(
        keys: &'a [PassKey],
        now: DateTime<Utc>,
        seen: Option<DateTime<Utc>>,
    ) -> GateClock<'a> {
        GateClock {
            keys,
            keys_fetched_at: morning() - Duration::hours(2),
            device_now: now,
            server_seen: seen,
        }
    }

    #[test]
    fn test_a_genuine_pass_of_today_is_good() {
        let text = sign(&claims(), &SECRET);
        assert_eq!(verify(&text, &at(&keys(), morning(), None)), Ok(claims()));
    }

    #[test]
    fn test_a_changed_byte_or_another_key_is_refused() {
        let text = sign(&claims(), &SECRET);
        let (mut signed_claims, _, signature) = wire::from_text(&text).unwrap();
        // The status turned to "may enter", the signature kept.
        signed_claims.status = EntryStatus::MayEnter;
        let tampered = wire::to_text(&wire::signed_bytes(&signed_claims), &signature);
        assert_eq!(verify(&tampered, &at(&keys(), morning(), None)), Err(PassError::BadSignature));
        // Signed by a key the phone does not have, under a known id.
        let forged = sign(&claims(), &OTHER);
        assert_eq!(verify(&forged, &at(&keys(), morning(), None)), Err(PassError::BadSignature));
        let unknown = sign(&PassClaims { key_id: 9, ..claims() }, &OTHER);
        assert_eq!(verify(&unknown, &at(&keys(), morning(), None)), Err(PassError::UnknownKey));
    }

    #[test]
    fn test_a_rotated_key_stays_good_until_its_passes_expire() {
        let old = sign(&claims(), &SECRET);
        let new = sign(&PassClaims { key_id: 2, ..claims() }, &OTHER);
        let end_of_day = Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).unwrap();
        let rotated = vec![
            PassKey { id: 1, public_hex: public_hex(&SECRET), valid_until: Some(end_of_day) },
            PassKey { id: 2, public_hex: public_hex(&OTHER), valid_until: None },
        ];
        assert!(verify(&old, &at(&rotated, morning(), None)).is_ok());
        assert!(verify(&new, &at(&rotated, morning(), None)).is_ok());
    }

    #[test]
    fn test_day_and_expiry_are_judged_on_a_clock_that_cannot_go_back() {
        let text = sign(&claims(), &SECRET);
        let next_day = morning() + Duration::days(1);
        assert_eq!(verify(&text, &at(&keys(), next_day, None)), Err(PassError::EarlierDay));
        let day_before = morning() - Duration::days(1);
        assert_eq!(verify(&text, &at(&keys(), day_before, None)), Err(PassError::LaterDay));
        // The phone's date set back a day: the server's last word counts.
        assert_eq!(
            verify(&text, &at(&keys(), day_before, Some(next_day))),
            Err(PassError::EarlierDay)
        );
        // An expiry before the end of the day (a pass issued for part of it).
        let short = sign(&PassClaims { expires_at: morning(), ..claims() }, &SECRET);
        assert_eq!(verify(&short, &at(&keys(), morning(), None)), Err(PassError::Expired));
    }

    #[test]
    fn test_keys_older_than_a_week_are_not_used() {
        let keys = keys();
        let text = sign(&claims(), &SECRET);
        let clock = GateClock {
            keys_fetched_at: morning() - Duration::days(8),
            ..at(&keys, morning(), None)
        };
        assert_eq!(verify(&text, &clock), Err(PassError::KeysTooOld));
        assert_eq!(keys_age(morning() - Duration::hours(25), morning()), KeysAge::Stale);
        assert_eq!(keys_age(morning() - Duration::hours(2), morning()), KeysAge::Fresh);
    }
}
