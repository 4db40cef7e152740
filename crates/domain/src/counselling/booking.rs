//! Booking a counsellor (SPEC §3). A booking made on the phone is a
//! request; the server decides it in order of arrival: confirmed, or "slot
//! taken" with the nearest free alternatives.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::plan::{Mode, Slot};

/// How urgent the person says it is. The highest shows the hotline numbers
/// at once (no booking form) and flags the request for the counsellor on
/// duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Within the next weeks.
    Routine,
    /// Within a few days.
    Soon,
    /// I need help now.
    Crisis,
}

/// Which slot the person asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wanted {
    /// This counsellor at this time (the slot's key).
    Slot { counsellor_id: String, start: NaiveDateTime },
    /// The first free slot of any counsellor from this time on, in this
    /// mode if given (by kind: in person is in any room, see
    /// `Mode::same_kind`).
    FirstAvailable { from: NaiveDateTime, mode: Option<Mode> },
}

impl Wanted {
    /// The way of meeting asked for, if any (only "first available" asks).
    pub fn way(&self) -> Option<&Mode> {
        match self {
            Wanted::FirstAvailable { mode, .. } => mode.as_ref(),
            Wanted::Slot { .. } => None,
        }
    }

    /// The slot's key (`Slot::key`) for a named slot.
    pub fn key(&self) -> Option<String> {
        match self {
            Wanted::Slot { counsellor_id, start } => {
                Some(format!("{counsellor_id}/{}", crate::clock_text::minute_stamp(start)))
            }
            Wanted::FirstAvailable { .. } => None,
        }
    }
}

pub const MAX_TOPIC_CHARS: usize = 200;

/// The most upcoming appointments one person may hold at once, so that
/// nobody can take a counsellor's week (a crisis request is never held
/// back by it).
pub const MAX_UPCOMING_BOOKINGS: usize = 3;

/// What the phone sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    /// Made on the phone (UUID); the booking's id from then on.
    pub booking_id: String,
    pub wanted: Wanted,
    /// Optional, at most [`MAX_TOPIC_CHARS`].
    #[serde(default)]
    pub topic: String,
    /// Where the counsellor can call back.
    pub phone: String,
    /// The counsellor sees a pseudonym and the phone only.
    #[serde(default)]
    pub anonymous: bool,
    pub urgency: Urgency,
    /// Set when this request moves an earlier booking (a reschedule, a
    /// counsellor's proposal taken, an alternative to a taken slot): the
    /// earlier one is cancelled only if this one gets a slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Replacing>,
}

/// The booking a request moves, and why (the counsellor sees the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacing {
    pub booking_id: String,
    pub reason: String,
}

/// The longest reason for a cancellation or a move.
pub const MAX_REASON_CHARS: usize = 200;

/// A reason the counsellor can read: not blank, at most
/// [`MAX_REASON_CHARS`].
pub fn is_valid_reason(reason: &str) -> bool {
    (1..=MAX_REASON_CHARS).contains(&reason.trim().chars().count())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingField {
    Phone,
    Topic,
    Wanted,
    Reason,
}

/// A phone number a counsellor can dial: 5 to 20 digits, spaces, `+`, `-`.
pub fn is_valid_phone(phone: &str) -> bool {
    let phone = phone.trim();
    (5..=20).contains(&phone.chars().count())
        && phone.chars().any(|c| c.is_ascii_digit())
        && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'))
}

impl BookingRequest {
    /// The fields that are wrong, in form order.
    pub fn problems(&self) -> Vec<BookingField> {
        let mut problems = Vec::new();
        if let Wanted::Slot { counsellor_id, .. } = &self.wanted {
            if !crate::profile::is_valid_person_id(counsellor_id) {
                problems.push(BookingField::Wanted);
            }
        }
        if self.topic.chars().count() > MAX_TOPIC_CHARS {
            problems.push(BookingField::Topic);
        }
        if !is_valid_phone(&self.phone) {
            problems.push(BookingField::Phone);
        }
        if self.replaces.as_ref().is_some_and(|r| !is_valid_reason(&r.reason)) {
            problems.push(BookingField::Reason);
        }
        problems
    }
}

/// Where a booking stands, as the server decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    Confirmed(Slot),
    /// Someone else's request for the slot arrived first (or the slot is
    /// no longer offered): these are free instead, nearest first.
    SlotTaken {
        alternatives: Vec<Slot>,
    },
}

/// A pseudonym for an anonymous visitor, made from `digest`: a keyed hash
/// of the person id with a secret only the server holds. The same person
/// gets the same pseudonym (the counsellor sees a returning visitor), and
/// it tells nothing of who they are.
pub fn pseudonym(digest: &[u8]) -> String {
    const SYLLABLES: [&str; 16] = [
        "安", "晨", "川", "冬", "风", "禾", "湖", "晴", "青", "秋", "山", "松", "溪", "雪", "云",
        "舟",
    ];
    let mut name = String::from("来访者·");
    for byte in digest.iter().take(2) {
        name.push_str(SYLLABLES[usize::from(byte >> 4)]);
        name.push_str(SYLLABLES[usize::from(byte & 0x0f)]);
    }
    name
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn request() -> BookingRequest {
        BookingRequest {
            booking_id: "00000000-0000-4000-8000-000000000001".into(),
            wanted: Wanted::Slot {
                counsellor_id: "C-0001".into(),
                start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            },
            topic: String::new(),
            phone: "138 0000 0001".into(),
            anonymous: false,
            urgency: Urgency::Routine,
            replaces: None,
        }
    }

    #[test]
    fn test_request_problems() {
        assert!(request().problems().is_empty());
        let bad = BookingRequest { phone: "call me".into(), topic: "话".repeat(201), ..request() };
        assert_eq!(bad.problems(), [BookingField::Topic, BookingField::Phone]);
        assert!(!is_valid_phone("+-- --"));
        let moving = |reason: &str| BookingRequest {
            replaces: Some(Replacing { booking_id: "b".into(), reason: reason.into() }),
            ..request()
        };
        assert!(moving("考试冲突").problems().is_empty());
        assert_eq!(moving("   ").problems(), [BookingField::Reason]);
        assert_eq!(moving(&"x".repeat(MAX_REASON_CHARS + 1)).problems(), [BookingField::Reason]);
    }

    #[test]
    fn test_wanted_key_matches_the_slot_key() {
        assert_eq!(request().wanted.key().as_deref(), Some("C-0001/2026-12-07T09:00"));
    }

    #[test]
    fn test_pseudonym_is_stable_and_differs() {
        assert_eq!(pseudonym(&[0x12, 0x34]), pseudonym(&[0x12, 0x34, 0x99]));
        assert_ne!(pseudonym(&[0x12, 0x34]), pseudonym(&[0x12, 0x35]));
        assert!(pseudonym(&[0, 0]).starts_with("来访者·"));
    }
}
