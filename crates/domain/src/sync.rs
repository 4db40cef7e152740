//! Delivering what a person does on the device to the server, exactly once,
//! and bringing back what the server decided (SPEC §5).
//!
//! The rules, on both sides of the wire:
//! - Ids are made on the device (UUID v4): a record has its id before it is
//!   ever sent, so a retry cannot make a second one.
//! - A change is a named mutation ([`Change`]). It is applied on the device
//!   at once and again, with authority, on the server, by the same domain
//!   code (validation in [`crate::declaration`], judgement in [`judge`]).
//! - Each device (client id) numbers its mutations 1, 2, 3, … with no gaps.
//!   The server applies each (client id, sequence) exactly once, in order,
//!   and answers applied / duplicate / rejected-with-reason / deferred (an
//!   earlier sequence has not arrived yet). A rejected mutation is final:
//!   the device sets it aside and goes on with the rest. A transient failure
//!   (a 5xx) changes nothing and is retried with backoff.
//! - Pull uses a cursor the server assigns; the device clock never decides
//!   what is newer. The device's times are kept as told, next to the
//!   server's receipt time, and flagged when implausible.
//! - Records are shaped so that conflicts cannot happen: a declaration is a
//!   list of append-only revisions; a second filing of the same day by
//!   another device becomes the next revision.
//! - Browser storage is temporary: deliver early, show what is not
//!   delivered, and rebuild from the server when the cursor is lost.

pub mod decide;
pub mod judge;
pub mod outbox;
pub mod round;
pub mod wire;

pub use judge::{
    check_mutation, checked_answers, judge_device_time, oldest_declaration_day, Rejection,
    TimeFlag, OLDEST_DECLARATION_DAYS,
};
pub use outbox::{Outbox, OutboxEvent, Quarantined};
pub use wire::{
    Change, Mutation, Outcome, PullResponse, PulledChange, PushRequest, PushResponse, PushResult,
    RejectCode, ServerRevision,
};

/// The protocol this code speaks; the server refuses any other.
pub const PROTOCOL_VERSION: u32 = 1;

/// The most mutations in one push.
pub const MAX_BATCH_MUTATIONS: usize = 100;

/// The most changes in one pull page.
pub const MAX_PULL_CHANGES: usize = 500;

/// The largest cursor the server can hand out (cursors are positive
/// 64-bit signed integers on both databases); a pull from beyond it is
/// bad input, not a page.
pub const MAX_CURSOR: u64 = i64::MAX as u64;

/// Whether `text` is a UUID in its canonical textual form (any version):
/// 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A version 4 UUID in canonical form from 16 random bytes (for browsers
/// without `crypto.randomUUID`).
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_uuid_from_bytes_is_a_version_4_uuid() {
        let id = uuid_v4_from_bytes([0xff; 16]);
        assert!(is_uuid(&id));
        assert_eq!(&id[14..15], "4");
        assert_eq!(uuid_v4_from_bytes([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn test_is_uuid_accepts_canonical_forms_only() {
        assert!(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(is_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assert!(!is_uuid("0f8fad5bd9cb469fa16570867728950e"));
        assert!(!is_uuid("0f8fad5b-d9cb-469f-a165-70867728950"));
        assert!(!is_uuid("0f8fad5b-d9cb-469f-a165-70867728950g"));
        assert!(!is_uuid(""));
    }
}
