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
    Confirmed,
    Declined,
    Cancelled,
    Completed,
    NoShow,
}

impl AppointmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::Declined => "declined",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::NoShow => "no_show",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Confirmed, Self::Declined, Self::Cancelled, Self::Completed, Self::NoShow]
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
}
