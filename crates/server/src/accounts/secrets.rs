//! Session tokens and one-time codes: made from the operating system's
//! secure random source, stored only as their SHA-256.

use anxin_domain::account::{code_from_bytes, normalize_code, CODE_CHARS};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// 256 bits: far beyond guessing, and the hash of one reveals nothing.
const TOKEN_BYTES: usize = 32;

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // Without a working random source no secret can be made: stop rather
    // than hand out a guessable one.
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes
}

/// What the database keeps of a secret: its SHA-256, in hex.
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new session token (URL-safe base64, 43 characters) and its hash.
pub fn new_token() -> (String, String) {
    let token = URL_SAFE_NO_PAD.encode(random::<TOKEN_BYTES>());
    let hash = secret_hash(&token);
    (token, hash)
}

/// A new one-time code, as shown (`ABCDE-FGHJK`), and the hash of its
/// normalized form (what [`code_hash`] gives for any way of typing it).
pub fn new_code() -> (String, String) {
    let code = code_from_bytes(&random::<CODE_CHARS>());
    let hash = code_hash(&code).expect("a made code is well formed");
    (code, hash)
}

/// The hash a typed code is looked up by; `None` when it cannot be a code.
pub fn code_hash(typed: &str) -> Option<String> {
    normalize_code(typed).map(|code| secret_hash(&code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_tokens_are_long_distinct_and_hashed() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(hash_a, secret_hash(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }

    #[test]
    fn test_code_hash_ignores_how_the_code_is_typed() {
        let (code, hash) = new_code();
        assert_eq!(code_hash(&code.to_lowercase().replace('-', " ")), Some(hash));
        assert_eq!(code_hash("not a code"), None);
    }
}
