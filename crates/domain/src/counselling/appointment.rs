//! A booking as its counsellor sees it. An anonymous visitor is a pseudonym
//! and a phone number: the server never puts who they are in a response
//! to the counsellor.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::booking::Urgency;
use super::plan::Slot;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visitor {
    Named { person_id: String, name: String },
    Anonymous { pseudonym: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// The request arrived after its slot was taken (holds no slot).
    SlotTaken,
    Confirmed,
    Declined,
    Cancelled,
    Completed,
    NoShow,
}

impl AppointmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::SlotTaken => "slot_taken",
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::Declined => "declined",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::NoShow => "no_show",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::SlotTaken,
            Self::Confirmed,
            Self::Declined,
            Self::Cancelled,
            Self::Completed,
            Self::NoShow,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// `GET /api/v1/counselling/appointments?from=&to=` (the counsellor's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub booking_id: String,
    pub slot: Slot,
    pub status: AppointmentStatus,
    pub visitor: Visitor,
    pub phone: String,
    pub topic: String,
    pub urgency: Urgency,
    pub requested_at: DateTime<Utc>,
    /// The counsellor has confirmed she will take it.
    #[serde(default)]
    pub accepted: bool,
    /// Another time the counsellor proposed (the person may take it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Slot>,
    /// Why it was declined (by the counsellor) or cancelled or moved (by
    /// the person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it was last decided (for a mark: when it was made, so the desk
    /// offers to undo it for a while).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Moved by the person to this time (the booking is then cancelled
    /// here, and the new one is listed at its own time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<Slot>,
}

impl Appointment {
    /// Until when the desk offers to undo its mark (completed, no-show).
    pub fn undo_until(&self) -> Option<DateTime<Utc>> {
        super::decision::undo_until(self.status, self.decided_at)
    }
}

/// A booking as the person who made it sees it (pulled through sync).
/// Never the counsellor's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBooking {
    pub booking_id: String,
    pub status: AppointmentStatus,
    /// The slot it holds or held (`None` for a taken slot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<Slot>,
    /// For a taken slot: free ones instead, nearest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Slot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counsellor_name: Option<String>,
    pub topic: String,
    pub phone: String,
    pub anonymous: bool,
    pub urgency: Urgency,
    pub requested_at: DateTime<Utc>,
    #[serde(default)]
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Slot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The booking that moved this one (a reschedule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
}
