//! What reaches a person's phone from the oversight side, on its next
//! sync: a declaration sent back, a reminder.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Scope;

/// The advisor sent a declaration back: the person corrects it (a new
/// revision with a reason); until then it is pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentBackNote {
    pub send_back_id: String,
    pub day: NaiveDate,
    /// The revision sent back; a later revision of the day settles it.
    pub revision_id: String,
    pub comment: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// What a reminder asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// Today's declaration is missing (一键催填).
    Declare,
    /// The report of this scope is not signed yet (to its signer).
    Sign(Scope),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderNote {
    pub reminder_id: String,
    pub day: NaiveDate,
    pub kind: ReminderKind,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// The answer to a reminder tap, in the sender's own change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindersSent {
    pub reminder_id: String,
    pub scope: Scope,
    pub day: NaiveDate,
    pub reminded: u32,
    /// Missing people who already had the day's most reminders.
    pub at_cap: u32,
}
