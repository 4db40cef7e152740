//! The privacy notice: the school's text (a file given to the server, both
//! languages, with a version), and the record that a person saw it.
//!
//! The server publishes one notice at a time; the phone shows it before the
//! first declaration and again whenever its hash changes, and queues a
//! [`NoticeSeen`] with the version and hash it showed. The server keeps every
//! version it has published, so a notice read offline before a change is
//! still recorded as the one the person saw.

use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// The longest version label, in characters.
pub const MAX_VERSION_CHARS: usize = 40;
/// The longest text of one language, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// A hash as the server gives it: SHA-256, in lowercase hex.
pub const HASH_CHARS: usize = 64;

/// The school's notice, as its file says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyNotice {
    /// The school's label for this text ("2026-12-01", "v3"): a new text
    /// needs a new label.
    pub version: String,
    /// Simplified Chinese; paragraphs separated by blank lines.
    pub zh: String,
    /// English, the same content.
    pub en: String,
}

/// Why a notice file is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("the notice has no version")]
    NoVersion,
    #[error("the notice's version is longer than {MAX_VERSION_CHARS} characters")]
    VersionTooLong,
    #[error("the notice's {0} text is empty")]
    EmptyText(&'static str),
    #[error("the notice's {0} text is longer than {MAX_TEXT_CHARS} characters")]
    TextTooLong(&'static str),
}

impl PrivacyNotice {
    pub fn validate(&self) -> Result<(), NoticeError> {
        let version = self.version.trim();
        if version.is_empty() {
            return Err(NoticeError::NoVersion);
        }
        if version.chars().count() > MAX_VERSION_CHARS {
            return Err(NoticeError::VersionTooLong);
        }
        for (language, text) in [("Chinese", &self.zh), ("English", &self.en)] {
            if text.trim().is_empty() {
                return Err(NoticeError::EmptyText(language));
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(NoticeError::TextTooLong(language));
            }
        }
        Ok(())
    }

    /// What the hash is taken over: the version and both texts, each
    /// ended by a NUL (which none of them can hold), so no two notices
    /// share it.
    pub fn hashed_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for part in [&self.version, &self.zh, &self.en] {
            bytes.extend_from_slice(part.as_bytes());
            bytes.push(0);
        }
        bytes
    }
}

/// A person saw the notice of this version and hash (the mutation's
/// device time says when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSeen {
    /// Made on the phone (UUID): the record's id.
    pub seen_id: String,
    pub version: String,
    pub hash: String,
}

/// Whether `seen` names a notice the server published: `published` is the
/// hash the server recorded for that version, if any.
pub fn judge_seen(seen: &NoticeSeen, published: Option<&str>) -> Result<(), ErrorCode> {
    if !crate::sync::is_uuid(&seen.seen_id) {
        return Err(ErrorCode::MalformedId);
    }
    let well_formed = seen.version.chars().count() <= MAX_VERSION_CHARS
        && seen.hash.len() == HASH_CHARS
        && seen.hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    match published {
        Some(hash) if well_formed && hash == seen.hash => Ok(()),
        _ => Err(ErrorCode::UnknownNotice),
    }
}

/// Whether the phone must show the notice (again): the person has not
/// acknowledged the one the server publishes now (`acknowledged_hash` is
/// empty when they acknowledged none). No notice published (an older
/// server): nothing to show.
pub fn must_show(published_hash: &str, acknowledged_hash: &str) -> bool {
    !published_hash.is_empty() && acknowledged_hash != published_hash
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn seen(version: &str, hash: &str) -> NoticeSeen {
        NoticeSeen {
            seen_id: "8b0f1c3e-2d4a-4f6b-9c1d-3e5f7a9b1c2d".into(),
            version: version.into(),
            hash: hash.into(),
        }
    }

    fn notice() -> PrivacyNotice {
        PrivacyNotice { version: "v1".into(), zh: "告知".into(), en: "Notice".into() }
    }

    #[test]
    fn test_judge_seen_of_a_published_version_is_recorded() {
        assert_eq!(judge_seen(&seen("v1", HASH), Some(HASH)), Ok(()));
    }

    #[test]
    fn test_judge_seen_of_an_unknown_version_or_other_text_is_refused() {
        let other = HASH.replace('0', "1");
        assert_eq!(judge_seen(&seen("v9", HASH), None), Err(ErrorCode::UnknownNotice));
        assert_eq!(judge_seen(&seen("v1", &other), Some(HASH)), Err(ErrorCode::UnknownNotice));
        let upper = HASH.to_uppercase();
        assert_eq!(judge_seen(&seen("v1", &upper), Some(&upper)), Err(ErrorCode::UnknownNotice));
        let long = "v".repeat(MAX_VERSION_CHARS + 1);
        assert_eq!(judge_seen(&seen(&long, HASH), Some(HASH)), Err(ErrorCode::UnknownNotice));
    }

    #[test]
    fn test_judge_seen_with_a_bad_id_is_malformed() {
        let mut bad = seen("v1", HASH);
        bad.seen_id = "not-a-uuid".into();
        assert_eq!(judge_seen(&bad, Some(HASH)), Err(ErrorCode::MalformedId));
    }

    #[test]
    fn test_must_show_until_the_published_hash_is_acknowledged() {
        assert!(must_show(HASH, ""));
        assert!(must_show(HASH, "older"));
        assert!(!must_show(HASH, HASH));
        assert!(!must_show("", ""), "no notice published: nothing to show");
    }

    #[test]
    fn test_validate_refuses_a_notice_without_version_or_text() {
        assert_eq!(notice().validate(), Ok(()));
        let blank = PrivacyNotice { version: " ".into(), ..notice() };
        assert_eq!(blank.validate(), Err(NoticeError::NoVersion));
        let no_en = PrivacyNotice { en: "\n".into(), ..notice() };
        assert_eq!(no_en.validate(), Err(NoticeError::EmptyText("English")));
        let long = PrivacyNotice { zh: "字".repeat(MAX_TEXT_CHARS + 1), ..notice() };
        assert_eq!(long.validate(), Err(NoticeError::TextTooLong("Chinese")));
    }

    #[test]
    fn test_hashed_bytes_differ_when_text_moves_between_parts() {
        let a = PrivacyNotice { version: "v1".into(), zh: "ab".into(), en: "c".into() };
        let b = PrivacyNotice { version: "v1".into(), zh: "a".into(), en: "bc".into() };
        assert_ne!(a.hashed_bytes(), b.hashed_bytes());
    }
}
