//! A pass as bytes and as the text in its QR code.
//!
//! Version 1, big-endian: version (1 byte) · key id (2) · pseudonym (8) ·
//! day, as days since 2020-01-01 (2) · status (1) · expiry, as minutes
//! since the Unix epoch (4) · the id's last four (4, ASCII) · masked name
//! (1 length byte + UTF-8, at most 30) · class (1 + UTF-8, at most 40) ·
//! then the Ed25519 signature (64) of everything before it. A typical pass
//! is about 110 bytes. Its text is `AX1:` and the bytes in base45, which a
//! QR code holds in its dense alphanumeric mode.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::{EntryStatus, PassClaims};

/// What every pass's text starts with.
pub const PREFIX: &str = "AX1:";
pub const VERSION: u8 = 1;
pub const SIGNATURE_BYTES: usize = 64;
pub const MAX_NAME_BYTES: usize = 30;
pub const MAX_CLASS_BYTES: usize = 40;

/// Why a text is not a pass at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("not an Anxin pass")]
    NotAPass,
    #[error("a pass of another version")]
    Version,
    #[error("the pass is cut short or has bytes too many")]
    Length,
    #[error("a field of the pass cannot be read")]
    Field,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date")
}

/// The signed part of a pass (everything but the signature).
pub fn signed_bytes(claims: &PassClaims) -> Vec<u8> {
    let mut out = Vec::with_capacity(112);
    out.push(VERSION);
    out.extend_from_slice(&claims.key_id.to_be_bytes());
    out.extend_from_slice(&claims.pseudonym);
    let days = (claims.day - epoch()).num_days().clamp(0, i64::from(u16::MAX)) as u16;
    out.extend_from_slice(&days.to_be_bytes());
    out.push(claims.status.code());
    let minutes = (claims.expires_at.timestamp() / 60).clamp(0, i64::from(u32::MAX)) as u32;
    out.extend_from_slice(&minutes.to_be_bytes());
    let mut last4 = [b'0'; 4];
    for (slot, byte) in last4.iter_mut().zip(claims.id_last4.bytes().filter(u8::is_ascii)) {
        *slot = byte;
    }
    out.extend_from_slice(&last4);
    push_text(&mut out, &claims.masked_name, MAX_NAME_BYTES);
    push_text(&mut out, &claims.class, MAX_CLASS_BYTES);
    out
}

/// A length byte and the text, cut at a character boundary within `max`.
fn push_text(out: &mut Vec<u8>, text: &str, max: usize) {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    out.push(end as u8);
    out.extend_from_slice(&text.as_bytes()[..end]);
}

/// The pass's text from its signed bytes and signature.
pub fn to_text(signed: &[u8], signature: &[u8; SIGNATURE_BYTES]) -> String {
    let mut all = signed.to_vec();
    all.extend_from_slice(signature);
    format!("{PREFIX}{}", base45::encode(&all))
}

/// A pass read from its text: its claims, the bytes they were signed as,
/// and the signature (not yet checked: see `verify`).
pub fn from_text(text: &str) -> Result<(PassClaims, Vec<u8>, [u8; SIGNATURE_BYTES]), WireError> {
    let body = text.trim().strip_prefix(PREFIX).ok_or(WireError::NotAPass)?;
    let bytes = base45::decode(body).map_err(|_| WireError::NotAPass)?;
    if bytes.len() < SIGNATURE_BYTES + 1 {
        return Err(WireError::Length);
    }
    let (signed, signature) = bytes.split_at(bytes.len() - SIGNATURE_BYTES);
    let claims = read_claims(signed)?;
    let signature: [u8; SIGNATURE_BYTES] = signature.try_into().map_err(|_| WireError::Length)?;
    Ok((claims, signed.to_vec(), signature))
}

fn read_claims(signed: &[u8]) -> Result<PassClaims, WireError> {
    let mut reader = Reader { bytes: signed, at: 0 };
    if reader.take(1)?[0] != VERSION {
        return Err(WireError::Version);
    }
    let key_id = u16::from_be_bytes(reader.array()?);
    let pseudonym: [u8; 8] = reader.array()?;
    let days = u16::from_be_bytes(reader.array()?);
    let day = epoch().checked_add_days(Days::new(u64::from(days))).ok_or(WireError::Field)?;
    let status = EntryStatus::from_code(reader.take(1)?[0]).ok_or(WireError::Field)?;
    let minutes = u32::from_be_bytes(reader.array()?);
    let expires_at =
        DateTime::<Utc>::from_timestamp(i64::from(minutes) * 60, 0).ok_or(WireError::Field)?;
    let last4: [u8; 4] = reader.array()?;
    let id_last4 = String::from_utf8(last4.to_vec()).map_err(|_| WireError::Field)?;
    let masked_name = reader.text(MAX_NAME_BYTES)?;
    let class = reader.text(MAX_CLASS_BYTES)?;
    if reader.at != signed.len() {
        return Err(WireError::Length);
    }
    Ok(PassClaims { key_id, pseudonym, day, status, expires_at, masked_name, id_last4, class })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let part = self.bytes.get(self.at..self.at + n).ok_or(WireError::Length)?;
        self.at += n;
        Ok(part)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        self.take(N)?.try_into().map_err(|_| WireError::Length)
    }

    fn text(&mut self, max: usize) -> Result<String, WireError> {
        let len = usize::from(self.take(1)?[0]);
        if len > max {
            return Err(WireError::Field);
        }
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| WireError::Field)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;

    pub(crate) fn claims() -> PassClaims {
        PassClaims {
            key_id: 3,
            pseudonym: [1, 2, 3, 4, 5, 6, 7, 8],
            day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            status: EntryStatus::MayEnter,
            expires_at: Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).unwrap(),
            masked_name: "张*明".into(),
            id_last4: "0101".into(),
            class: "计科2001".into(),
        }
    }

    #[test]
    fn test_a_pass_reads_back_as_written_and_is_small() {
        let signed = signed_bytes(&claims());
        let text = to_text(&signed, &[7; SIGNATURE_BYTES]);
        assert!(signed.len() + SIGNATURE_BYTES < 160, "{} bytes", signed.len() + SIGNATURE_BYTES);
        assert!(text.starts_with(PREFIX));
        // base45 stays in QR's alphanumeric set.
        assert!(text.chars().all(|c| "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(c)));
        let (read, bytes, signature) = from_text(&text).unwrap();
        assert_eq!((read, bytes, signature), (claims(), signed, [7; SIGNATURE_BYTES]));
    }

    #[test]
    fn test_what_is_not_a_pass_is_refused_as_such() {
        let good = to_text(&signed_bytes(&claims()), &[7; SIGNATURE_BYTES]);
        assert_eq!(from_text("https://example.org").unwrap_err(), WireError::NotAPass);
        assert_eq!(from_text("AX1:not base45 ~~").unwrap_err(), WireError::NotAPass);
        assert_eq!(from_text(&good[..good.len() - 12]).unwrap_err(), WireError::Length);
        let mut other = signed_bytes(&claims());
        other[0] = 2;
        assert_eq!(from_text(&to_text(&other, &[7; 64])).unwrap_err(), WireError::Version);
        let mut status = signed_bytes(&claims());
        status[13] = 9;
        assert_eq!(from_text(&to_text(&status, &[7; 64])).unwrap_err(), WireError::Field);
    }

    #[test]
    fn test_long_names_are_cut_at_a_character() {
        let long = PassClaims { masked_name: "欧".repeat(20), ..claims() };
        let (read, _, _) = from_text(&to_text(&signed_bytes(&long), &[0; 64])).unwrap();
        assert_eq!(read.masked_name, "欧".repeat(10), "30 bytes: ten characters");
    }
}
