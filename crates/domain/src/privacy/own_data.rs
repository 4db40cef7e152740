//! What the server holds about a person, as they export it from Settings →
//! Privacy (PIPL arts. 44–45): their declarations, bookings, gate records,
//! the notices they saw, their consents, and who among the staff read their
//! records. One JSON file, in the shapes
//! the API uses everywhere else.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::counselling::wellbeing::StoredAnswer;
use crate::counselling::MyBooking;
use crate::gate::GateRecord;
use crate::privacy::deletion::DeletionStanding;
use crate::privacy::staff_reads::StaffRead;
use crate::sync::ServerRevision;

/// A person's view of a privacy notice, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub version: String,
    pub hash: String,
    /// By the phone's clock.
    pub seen_at: String,
    pub received_at: String,
}

/// A consent given or withdrawn, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub purpose: String,
    pub given: bool,
    /// By the phone's clock.
    pub at: String,
    pub received_at: String,
}

/// A gate record about the person, with when the server received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateEntry {
    pub record: GateRecord,
    pub received_at: String,
}

/// Everything the server holds about one person, for their export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnData {
    pub person_id: String,
    pub exported_at: DateTime<Utc>,
    /// Every revision of every day, oldest first.
    pub declarations: Vec<ServerRevision>,
    pub bookings: Vec<MyBooking>,
    pub gate_records: Vec<GateEntry>,
    pub notice_views: Vec<NoticeView>,
    pub consents: Vec<ConsentRecord>,
    /// Who among the staff read the person's records, when, and why where
    /// a reason was asked (PIPL art. 44: to know how one's data is used).
    #[serde(default)]
    pub read_by: Vec<StaffRead>,
    /// The answers to the optional wellbeing question (while it is on).
    #[serde(default)]
    pub wellbeing: Vec<StoredAnswer>,
    /// Their requests for deletion and the admin's answers.
    #[serde(default)]
    pub deletion_requests: Vec<DeletionStanding>,
    /// Their waitlist entries, newest first.
    #[serde(default)]
    pub waitlist: Vec<crate::counselling::waitlist::WaitlistStanding>,
}
