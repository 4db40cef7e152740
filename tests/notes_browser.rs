//! Counsellors' private notes sealed with WebCrypto in a real browser
//! (headless Chromium): what is sealed opens with the same passphrase only,
//! and the sealed form holds nothing readable.
#![cfg(target_arch = "wasm32")]

use anxin::note_crypto::{base64, open, seal, NoteCryptoError, ITERATIONS};
use anxin_domain::counselling::note::KDF_PBKDF2_SHA256;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOTE: &str = "第二次会谈：睡眠改善，考试焦虑仍在。Sleep better; exam anxiety remains.";

#[wasm_bindgen_test]
async fn test_seal_then_open_round_trips() {
    // Setup / Exec
    let sealed = seal("lantern by the lake 7", NOTE).await.expect("sealed");
    // Check
    assert_eq!(sealed.check(), Ok(()), "the server would take it");
    assert_eq!(sealed.kdf, KDF_PBKDF2_SHA256);
    assert_eq!(sealed.iterations, ITERATIONS);
    assert!(sealed.iterations >= 100_000);
    assert_eq!(open("lantern by the lake 7", &sealed).await, Ok(NOTE.to_owned()));
}

#[wasm_bindgen_test]
async fn test_wrong_passphrase_does_not_open() {
    let sealed = seal("lantern by the lake 7", NOTE).await.unwrap();
    assert_eq!(open("lantern by the lake 8", &sealed).await, Err(NoteCryptoError::WrongPassphrase));
    assert_eq!(open("", &sealed).await, Err(NoteCryptoError::WrongPassphrase));
}

#[wasm_bindgen_test]
async fn test_changed_ciphertext_does_not_open() {
    let mut sealed = seal("lantern by the lake 7", NOTE).await.unwrap();
    let mut bytes = base64::decode(&sealed.ciphertext).unwrap();
    bytes[0] ^= 1;
    sealed.ciphertext = base64::encode(&bytes);
    assert_eq!(open("lantern by the lake 7", &sealed).await, Err(NoteCryptoError::WrongPassphrase));
}

#[wasm_bindgen_test]
async fn test_sealed_note_holds_no_plaintext() {
    let sealed = seal("lantern by the lake 7", NOTE).await.unwrap();
    let json = serde_json::to_string(&sealed).unwrap();
    for piece in ["睡眠", "anxiety", "Sleep", "lantern"] {
        assert!(!json.contains(piece), "{piece} in {json}");
    }
    let raw = base64::decode(&sealed.ciphertext).unwrap();
    assert_eq!(raw.len(), NOTE.len() + 16, "the text and GCM's 16-byte tag");
    assert!(!raw.windows(5).any(|w| NOTE.as_bytes().windows(5).any(|n| n == w)));
}

#[wasm_bindgen_test]
async fn test_each_seal_has_its_own_salt_and_nonce() {
    let a = seal("lantern by the lake 7", NOTE).await.unwrap();
    let b = seal("lantern by the lake 7", NOTE).await.unwrap();
    assert_ne!(a.salt, b.salt);
    assert_ne!(a.iv, b.iv);
    assert_ne!(a.ciphertext, b.ciphertext);
}

#[wasm_bindgen_test]
async fn test_unknown_scheme_is_not_tried() {
    let mut sealed = seal("lantern by the lake 7", NOTE).await.unwrap();
    sealed.kdf = "none".into();
    assert_eq!(open("lantern by the lake 7", &sealed).await, Err(NoteCryptoError::UnknownScheme));
}
