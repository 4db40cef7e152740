//! The daily pass's text, as a guard's phone reads it from a QR code and
//! the server reads it again from a gate record, fuzzed: a genuine pass
//! with bytes changed, cut, added or re-encoded, its text changed, and
//! texts that are no pass. Never a panic; what is not a pass is refused
//! with why (its wire error, a bad signature, the wrong day); nothing but
//! the genuine pass ever verifies, and nothing else names a person.

mod fuzz_kit;

use anxin_domain::gate::recheck::{is_genuine, recheck_pass};
use anxin_domain::pass::verify::{public_hex, sign, verify, GateClock, PassError, PassKey};
use anxin_domain::pass::wire::{from_text, signed_bytes, PREFIX};
use anxin_domain::pass::{EntryStatus, PassClaims};
use chrono::{DateTime, Utc};
use fuzz_kit::Verdict;
use proptest::collection::vec;
use proptest::prelude::*;

const SECRET: [u8; 32] = [42; 32];

fn genuine(now: DateTime<Utc>) -> PassClaims {
    PassClaims {
        key_id: 3,
        pseudonym: [9; 8],
        day: anxin_domain::local_day(now),
        status: EntryStatus::MayEnter,
        // Whole minutes: the wire keeps no more.
        expires_at: DateTime::from_timestamp((now.timestamp() / 60 + 120) * 60, 0).expect("a time"),
        masked_name: "张*明".into(),
        id_last4: "0101".into(),
        class: "软件2001".into(),
    }
}

fn keys() -> Vec<PassKey> {
    vec![PassKey { id: 3, public_hex: public_hex(&SECRET), valid_until: None }]
}

/// What is done to the genuine pass.
#[derive(Debug, Clone)]
enum Change {
    None,
    /// A byte of its bytes (signature included) set.
    SetByte(usize, u8),
    Cut(usize),
    Append(Vec<u8>),
    /// Its bytes replaced by these (after the prefix).
    Bytes(Vec<u8>),
    /// A character of its text replaced.
    SetChar(usize, char),
    Lowercase,
    Prefix(String),
    Text(String),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        1 => Just(Change::None),
        6 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Change::SetByte(at, b)),
        2 => any::<usize>().prop_map(Change::Cut),
        2 => vec(any::<u8>(), 1..40).prop_map(Change::Append),
        3 => vec(any::<u8>(), 0..200).prop_map(Change::Bytes),
        2 => (any::<usize>(), any::<char>()).prop_map(|(at, c)| Change::SetChar(at, c)),
        1 => Just(Change::Lowercase),
        1 => "[A-Z0-9:]{0,6}".prop_map(Change::Prefix),
        2 => any::<String>().prop_map(Change::Text),
    ]
}

/// The genuine pass's text made into the case's.
fn pass_text(change: &Change, genuine_text: &str) -> String {
    let text = genuine_text.to_owned();
    let (_, signed, signature) = from_text(&text).expect("a genuine pass reads");
    let mut bytes = [signed.as_slice(), signature.as_slice()].concat();
    let encode = |bytes: &[u8]| format!("{PREFIX}{}", base45::encode(bytes));
    match change {
        Change::None => text,
        Change::SetByte(at, byte) => {
            let at = at % bytes.len();
            bytes[at] = *byte;
            encode(&bytes)
        }
        Change::Cut(at) => encode(&bytes[..at % bytes.len()]),
        Change::Append(more) => {
            bytes.extend_from_slice(more);
            encode(&bytes)
        }
        Change::Bytes(other) => encode(other),
        Change::SetChar(at, c) => {
            let mut chars: Vec<char> = text.chars().collect();
            let at = at % chars.len();
            chars[at] = *c;
            chars.into_iter().collect()
        }
        Change::Lowercase => text.to_lowercase(),
        Change::Prefix(prefix) => format!("{prefix}{}", &text[PREFIX.len()..]),
        Change::Text(other) => other.clone(),
    }
}

#[test]
fn fuzz_pass_text() {
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let keys = keys();
    let clock = GateClock { keys: &keys, keys_fetched_at: now, device_now: now, server_seen: None };
    let original = genuine(now);
    let genuine_text = sign(&original, &SECRET);
    // Signatures are slow unoptimized: fewer cases by default.
    fuzz_kit::run_with("pass_text", 200, change(), |change| {
        let text = pass_text(&change, &genuine_text);
        if let Ok((claims, signed, _)) = from_text(&text) {
            // What reads as a pass writes back as the same bytes.
            let plain = claims.id_last4.is_ascii()
                && claims.masked_name.len() <= 30
                && claims.class.len() <= 40;
            if plain && signed_bytes(&claims) != signed {
                return Err(format!(
                    "{claims:?} does not write back as the bytes it was read from"
                ));
            }
        }
        let verified = verify(&text, &clock);
        match &verified {
            Ok(claims) if *claims != original => {
                return Err(format!("a changed pass verified: {claims:?}"));
            }
            Err(err) if err.to_string().trim().is_empty() => {
                return Err(format!("a refusal without a reason: {err:?}"));
            }
            _ => {}
        }
        let rechecked = recheck_pass(&text, &keys, now);
        if rechecked.verified != verified {
            return Err("the server's check differs from the gate's".into());
        }
        if rechecked.pseudonym.is_some_and(|p| p != original.pseudonym || !is_genuine(&verified)) {
            return Err(format!("a pass that is not genuine names a person: {verified:?}"));
        }
        Ok(match verified {
            Err(PassError::Unreadable(_)) => Verdict::Unread,
            _ => Verdict::Decided,
        })
    });
}
