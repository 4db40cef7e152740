//! Return to campus 返校审批 (SPEC §6): a person off campus asks to come
//! back; their advisor, then their department's office, approve or refuse;
//! without an approval the gate does not let them in.
//!
//! - [`request`]: what the person sends, and its checks (the planned day,
//!   where from, how, the 14 days' confirmation).
//! - [`application`]: the application as the server keeps it, and its
//!   state (waiting for the advisor, for the office, approved, refused).
//! - [`decision`]: who may apply, and who decides which step, as pure
//!   functions over the stored facts.
//! - [`apply`]: an application as the server takes it (a new id, the
//!   rules of applying, an advisor's step for a person of a class).
//! - [`deciding`]: a decision as the server takes it (a known
//!   application, the deciders for the applicant's place).
//! - [`approval`]: whether an approved return lets the person in on a day.
//!
//! Staff and foreign teachers have no class, so no advisor: as for their
//! daily report, their department's office acts as their advisor. Their
//! application has one step only — the office's decision decides it
//! whole (it starts waiting for the office).

pub mod application;
pub mod apply;
pub mod approval;
pub mod deciding;
pub mod decision;
pub mod request;

pub use application::{
    ReturnApplication, ReturnStanding, ReturnState, ReturnStep, ReturnToDecide, ReturnsToDecide,
    StepDecision,
};
pub use apply::{apply, has_advisor_step, ApplyFacts};
pub use approval::{locations_needed_since, return_approved_for};
pub use deciding::{decide_application, DecideFacts, ReturnDecided};
pub use decision::{decide, may_apply, waiting_for, Deciders};
pub use request::{ReturnField, ReturnProblem, ReturnRequest, Transport};

/// The furthest ahead a return may be planned, in days from today.
pub const MAX_DAYS_AHEAD: i64 = 30;

/// The longest "from where".
pub const MAX_FROM_CHARS: usize = 100;

/// The longest detail of the transport (a train number, a flight).
pub const MAX_TRANSPORT_DETAIL_CHARS: usize = 50;

/// The longest reason of a decision.
pub const MAX_DECISION_REASON_CHARS: usize = 500;
