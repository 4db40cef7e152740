//! A counsellor's private note, as the server holds it: sealed on her
//! device (AES-GCM with a key derived from a secret only she knows), so the
//! server, admins, other counsellors and the student only ever see these
//! opaque bytes. The scheme is in docs/counselling-notes.md.

use serde::{Deserialize, Serialize};

/// The key derivation the device used, named so a later scheme can be told
/// apart.
pub const KDF_PBKDF2_SHA256: &str = "pbkdf2-sha256";
/// The fewest PBKDF2 iterations the server accepts.
pub const MIN_ITERATIONS: u32 = 100_000;
/// Base64 of at most 48 KiB of ciphertext.
pub const MAX_CIPHERTEXT_CHARS: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedNote {
    /// Base64 (standard, padded): AES-256-GCM ciphertext with its tag.
    pub ciphertext: String,
    /// Base64 of the 12-byte nonce.
    pub iv: String,
    /// Base64 of the 16-byte salt of the key derivation.
    pub salt: String,
    pub kdf: String,
    pub iterations: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note is not sealed with a known scheme")]
    UnknownScheme,
    #[error("the note is too large")]
    TooLarge,
    #[error("the sealed note is malformed")]
    Malformed,
}

fn is_base64(text: &str, decoded_len: Option<usize>) -> bool {
    let valid = !text.is_empty()
        && text.len() % 4 == 0
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let padding = text.bytes().rev().take_while(|b| *b == b'=').count();
    let len = text.len() / 4 * 3 - padding;
    valid && padding <= 2 && decoded_len.is_none_or(|n| n == len)
}

impl SealedNote {
    /// The shape checks the server can make without the key.
    pub fn check(&self) -> Result<(), NoteError> {
        if self.kdf != KDF_PBKDF2_SHA256 || self.iterations < MIN_ITERATIONS {
            return Err(NoteError::UnknownScheme);
        }
        if self.ciphertext.len() > MAX_CIPHERTEXT_CHARS {
            return Err(NoteError::TooLarge);
        }
        // At least the 16-byte GCM tag.
        let ciphertext_ok = is_base64(&self.ciphertext, None) && self.ciphertext.len() >= 24;
        if !ciphertext_ok || !is_base64(&self.iv, Some(12)) || !is_base64(&self.salt, Some(16)) {
            return Err(NoteError::Malformed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note() -> SealedNote {
        crate::fixtures::sealed_note()
    }

    #[test]
    fn test_sealed_note_shape() {
        assert_eq!(note().check(), Ok(()));
        assert_eq!(
            SealedNote { iterations: 1_000, ..note() }.check(),
            Err(NoteError::UnknownScheme)
        );
        assert_eq!(
            SealedNote { kdf: "none".into(), ..note() }.check(),
            Err(NoteError::UnknownScheme)
        );
        assert_eq!(SealedNote { iv: "AAEC".into(), ..note() }.check(), Err(NoteError::Malformed));
        assert_eq!(
            SealedNote { ciphertext: "plain text, not sealed".into(), ..note() }.check(),
            Err(NoteError::Malformed)
        );
        let huge = "A".repeat(MAX_CIPHERTEXT_CHARS + 4);
        assert_eq!(SealedNote { ciphertext: huge, ..note() }.check(), Err(NoteError::TooLarge));
    }
}
