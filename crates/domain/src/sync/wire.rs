//! The JSON of `POST /api/v1/sync/push` and `GET /api/v1/sync/pull`,
//! shared by the app and the server (docs/sync-protocol.md).

use chrono::{DateTime, NaiveDate, Utc};

use crate::counselling::waitlist::{WaitlistJoin, WaitlistStanding};
use serde::{Deserialize, Serialize};

use super::TimeFlag;
use crate::campus_return::{ReturnRequest, ReturnStanding};
use crate::counselling::appointment::MyBooking;
use crate::counselling::wellbeing::WellbeingAnswer;
use crate::counselling::BookingRequest;
use crate::declaration::{DeclarationAnswers, FieldError};
pub use crate::error_code::ErrorCode as RejectCode;
use crate::gate::GateRecord;
use crate::privacy::deletion::{DeletionRequest, DeletionStanding};
use crate::privacy::{Consent, NoticeSeen};
use crate::report::{ReminderNote, RemindersSent, ReportAction, SentBackNote};
use crate::visitor::{VisitorDecision, VisitorGateRecord, VisitorRegistration, VisitorRequest};

/// One change made on a device. `C` is [`Change`] but on a device that
/// keeps some changes as JSON text of the same shape (the students' app:
/// it never decodes the report's records).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mutation<C = Change> {
    /// Made on the device (UUID); the same mutation always has the same id.
    pub id: String,
    /// 1, 2, 3, … per client id, no gaps.
    pub seq: u64,
    /// When it was made, by the device's clock (judged by the server).
    pub device_time: DateTime<Utc>,
    pub change: C,
}

/// What a mutation does. New kinds (bookings, reports) are added here.
/// Externally tagged (`{"declaration_revision": {…}}`): internally tagged
/// enums cost the phone kilobytes of decoding code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A revision of the person's declaration for `day`: the first filing,
    /// or a correction (with its reason).
    DeclarationRevision {
        day: NaiveDate,
        /// The revision's own id (UUID), unique across all devices.
        revision_id: String,
        answers: DeclarationAnswers,
        correction_reason: Option<String>,
    },
    /// A request for a counsellor's time, decided by the server in order of
    /// arrival (confirmed, or "slot taken" with alternatives).
    BookingRequest(BookingRequest),
    /// The person cancels their booking, with a reason the counsellor sees
    /// (up to the directory's notice before the start).
    BookingCancel { booking_id: String, reason: String },
    /// An advisor's or an office's action on the daily report.
    Report(ReportAction),
    /// A guard's check of one person at the gate.
    GateRecord(GateRecord),
    /// An office ends a person's medical isolation observation, with a
    /// reason (a normal declaration never ends it by itself).
    EndObservation { person_id: String, reason: String },
    /// The person applies to return to campus (SPEC §6).
    ReturnApply(ReturnRequest),
    /// An advisor or an office approves, or refuses with a reason, the
    /// step of an application waiting for them.
    ReturnDecide {
        application_id: String,
        approve: bool,
        #[serde(default)]
        reason: String,
    },
    /// A staff member registers a visitor as their host.
    VisitorRegister(VisitorRequest),
    /// The host's department office approves or refuses a registration.
    VisitorDecide(VisitorDecision),
    /// A guard's record of a visitor at the gate (or of someone
    /// unregistered, refused).
    VisitorAtGate(VisitorGateRecord),
    /// The person saw this version of the privacy notice.
    NoticeSeen(NoticeSeen),
    /// The person gives, or withdraws, a separate consent.
    Consent(Consent),
    /// The person's answer to the optional wellbeing question (stored
    /// apart from the declaration).
    Wellbeing(WellbeingAnswer),
    /// The person asks that their data be deleted (the admin answers).
    DeletionRequest(DeletionRequest),
    /// The person joins the counselling waitlist.
    WaitlistJoin(WaitlistJoin),
    /// The person leaves it.
    WaitlistLeave { entry_id: String },
}

impl Change {
    /// The mutation that delivers one revision of a day's declaration.
    pub fn declaration_revision(day: NaiveDate, revision: &crate::revision::Revision) -> Self {
        Change::DeclarationRevision {
            day,
            revision_id: revision.id.clone(),
            answers: revision.answers.clone(),
            correction_reason: revision.correction_reason.clone(),
        }
    }

    /// The id of the record this change creates, to show its delivery.
    pub fn record_id(&self) -> &str {
        match self {
            Change::DeclarationRevision { revision_id, .. } => revision_id,
            Change::BookingRequest(request) => &request.booking_id,
            Change::BookingCancel { booking_id, .. } => booking_id,
            Change::Report(action) => action.record_id(),
            Change::GateRecord(record) => &record.record_id,
            Change::EndObservation { person_id, .. } => person_id,
            Change::ReturnApply(request) => &request.application_id,
            Change::ReturnDecide { application_id, .. } => application_id,
            Change::VisitorRegister(request) => &request.visitor_id,
            Change::VisitorDecide(decision) => &decision.visitor_id,
            Change::VisitorAtGate(record) => record.record_id(),
            Change::NoticeSeen(seen) => &seen.seen_id,
            Change::Consent(consent) => &consent.consent_id,
            Change::Wellbeing(answer) => &answer.answer_id,
            Change::DeletionRequest(request) => &request.request_id,
            Change::WaitlistJoin(join) => &join.entry_id,
            Change::WaitlistLeave { entry_id } => entry_id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub protocol_version: u32,
    /// The device's own id (UUID), made once per device and profile.
    pub client_id: String,
    /// In sequence order; at most [`super::MAX_BATCH_MUTATIONS`].
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol_version: u32,
    /// One per mutation sent, in sequence order.
    pub results: Vec<PushResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResult {
    pub seq: u64,
    pub id: String,
    pub outcome: Outcome,
}

/// `"applied"`, `"duplicate"`, `"deferred"`, or `{"rejected": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored now.
    Applied,
    /// Stored before (this is a retry): nothing changed.
    Duplicate,
    /// Refused for good: set it aside and go on.
    Rejected {
        code: RejectCode,
        /// Which answers are wrong, when the answers were refused.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<FieldError>,
    },
    /// An earlier sequence of this client has not arrived: send again
    /// after it (nothing was stored).
    Deferred,
}

impl Outcome {
    /// Applied or a duplicate: the server holds it.
    pub fn is_delivered(&self) -> bool {
        matches!(self, Outcome::Applied | Outcome::Duplicate)
    }
}

/// One page of what changed for the person since a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub protocol_version: u32,
    /// Oldest first.
    pub changes: Vec<PulledChange>,
    /// Pass it back to get what follows; keep it on the device.
    pub cursor: u64,
    /// More changes wait after this page.
    pub more: bool,
    /// Today's daily pass of the person, on the last page, when the server
    /// has their declaration of today (the text of its QR code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<String>,
    /// On the last page, once the retention purge ran: the first day whose
    /// raw records the server keeps. The phone wipes its own before it
    /// ([`super::round::wipe_before`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_from: Option<NaiveDate>,
}

/// A record as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PulledChange {
    DeclarationRevision(ServerRevision),
    /// The person's booking, as it stands after its latest change.
    Booking(MyBooking),
    /// Their advisor sent a declaration back for correction.
    SentBack(SentBackNote),
    /// A reminder (to declare, or to sign a report).
    Reminder(ReminderNote),
    /// The answer to the person's own reminder tap.
    RemindersSent(RemindersSent),
    /// The person's application to return to campus, as it stands after
    /// its latest change.
    ReturnApplication(ReturnStanding),
    /// A visitor the person hosts, as the registration stands after its
    /// latest change.
    Visitor(VisitorRegistration),
    /// The person's request for deletion, as it stands (asked, answered).
    DeletionRequest(DeletionStanding),
    /// The person's waitlist entry, as it stands after its latest change
    /// (a slot offered, gone, the wait over).
    Waitlist(WaitlistStanding),
}

/// A declaration revision as stored by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerRevision {
    pub day: NaiveDate,
    pub revision_id: String,
    /// The server's numbering: 1 for the first that arrived for the day.
    pub number: u32,
    pub answers: DeclarationAnswers,
    pub correction_reason: Option<String>,
    /// The device's time, clamped when implausible (see `time_flag`).
    pub device_time: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_flag: Option<TimeFlag>,
}
