//! Sealing a counsellor's private note on her device (docs/counselling-notes.md):
//! PBKDF2-SHA256 over her notes passphrase with a fresh 16-byte salt
//! (310,000 iterations) gives an AES-256-GCM key; the note is encrypted
//! with a fresh 12-byte nonce. Only the [`SealedNote`] leaves the device;
//! the passphrase and the key never do, and are never stored.
//!
//! WebCrypto rather than a Rust crate: the browser's implementation is
//! audited and fast, and it costs the wasm nothing.

use anxin_domain::counselling::note::{SealedNote, KDF_PBKDF2_SHA256, MIN_ITERATIONS};
use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// What the device uses for new notes (OWASP's 2023 figure for
/// PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 310_000;
/// The most iterations a note may ask for when opened: a tampered note
/// must not freeze the page.
const MAX_ITERATIONS: u32 = 10_000_000;
const SALT_BYTES: usize = 16;
const IV_BYTES: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteCryptoError {
    /// The passphrase is not the one the note was sealed with (or the note
    /// was changed: GCM cannot tell the two apart).
    #[error("this passphrase does not open the note")]
    WrongPassphrase,
    #[error("the note is not sealed in a way this app knows")]
    UnknownScheme,
    #[error("this browser cannot seal notes (no WebCrypto)")]
    Unsupported,
}

pub type Result<T> = std::result::Result<T, NoteCryptoError>;

fn subtle() -> Result<SubtleCrypto> {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    crypto.map(|c| c.subtle()).ok_or(NoteCryptoError::Unsupported)
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let crypto = crypto.ok_or(NoteCryptoError::Unsupported)?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| NoteCryptoError::Unsupported)?;
    Ok(bytes)
}

async fn wait(promise: std::result::Result<js_sys::Promise, JsValue>) -> Result<JsValue> {
    let promise = promise.map_err(|_| NoteCryptoError::Unsupported)?;
    JsFuture::from(promise).await.map_err(|_| NoteCryptoError::WrongPassphrase)
}

/// The AES-GCM key for `passphrase` and `salt`.
async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey> {
    let secret = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base = wait(subtle.import_key_with_str("raw", &secret, "PBKDF2", false, &usages)).await;
    let base: CryptoKey = base.map_err(|_| NoteCryptoError::Unsupported)?.unchecked_into();
    let params =
        Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let aes = AesDerivedKeyParams::new("AES-GCM", 256);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = wait(subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages))
        .await
        .map_err(|_| NoteCryptoError::Unsupported)?;
    Ok(key.unchecked_into())
}

fn bytes_of(buffer: JsValue) -> Vec<u8> {
    buffer.dyn_into::<ArrayBuffer>().map(|b| Uint8Array::new(&b).to_vec()).unwrap_or_default()
}

/// Seals `text` with `passphrase`: a fresh salt and nonce each time.
pub async fn seal(passphrase: &str, text: &str) -> Result<SealedNote> {
    let subtle = subtle()?;
    let salt = random_bytes::<SALT_BYTES>()?;
    let iv = random_bytes::<IV_BYTES>()?;
    let key = derive_key(&subtle, passphrase, &salt, ITERATIONS).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(&iv[..]));
    let sealed = wait(subtle.encrypt_with_object_and_u8_array(&params, &key, text.as_bytes()))
        .await
        .map_err(|_| NoteCryptoError::Unsupported)?;
    Ok(SealedNote {
        ciphertext: base64::encode(&bytes_of(sealed)),
        iv: base64::encode(&iv),
        salt: base64::encode(&salt),
        kdf: KDF_PBKDF2_SHA256.into(),
        iterations: ITERATIONS,
    })
}

/// Opens a sealed note with `passphrase`.
pub async fn open(passphrase: &str, note: &SealedNote) -> Result<String> {
    let known = note.kdf == KDF_PBKDF2_SHA256
        && (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&note.iterations);
    let parts =
        (base64::decode(&note.ciphertext), base64::decode(&note.iv), base64::decode(&note.salt));
    let (Some(ciphertext), Some(iv), Some(salt)) = parts else {
        return Err(NoteCryptoError::UnknownScheme);
    };
    if !known || iv.len() != IV_BYTES {
        return Err(NoteCryptoError::UnknownScheme);
    }
    let subtle = subtle()?;
    let key = derive_key(&subtle, passphrase, &salt, note.iterations).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(&iv[..]));
    // GCM's tag fails for another key: the one error a wrong passphrase
    // gives.
    let opened = wait(subtle.decrypt_with_object_and_u8_array(&params, &key, &ciphertext)).await?;
    String::from_utf8(bytes_of(opened)).map_err(|_| NoteCryptoError::WrongPassphrase)
}

/// Standard base64 with padding (RFC 4648 §4), as `SealedNote` holds it.
pub mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn value(c: u8) -> Option<u32> {
        ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let text = text.as_bytes();
        if text.len() % 4 != 0 {
            return None;
        }
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let quads = text.len() / 4;
        for (index, quad) in text.chunks(4).enumerate() {
            let padding = quad.iter().rev().take_while(|c| **c == b'=').count();
            if padding > 2 || (padding > 0 && index + 1 != quads) {
                return None;
            }
            let mut n = 0u32;
            for c in &quad[..4 - padding] {
                n = n << 6 | value(*c)?;
            }
            n <<= 6 * padding as u32;
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..3 - padding]);
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn test_base64_matches_rfc_4648_vectors() {
            for (plain, coded) in [
                ("", ""),
                ("f", "Zg=="),
                ("fo", "Zm8="),
                ("foo", "Zm9v"),
                ("foob", "Zm9vYg=="),
                ("fooba", "Zm9vYmE="),
                ("foobar", "Zm9vYmFy"),
            ] {
                assert_eq!(encode(plain.as_bytes()), coded);
                assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()));
            }
            let all: Vec<u8> = (0..=255).collect();
            assert_eq!(decode(&encode(&all)), Some(all));
            assert_eq!(decode("Zg="), None);
            assert_eq!(decode("Z==="), None);
            assert_eq!(decode("Zg==Zm9v"), None);
            assert_eq!(decode("Zm9*"), None);
        }
    }
}
