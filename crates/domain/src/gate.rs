//! The gate (SPEC §6): what a guard records when someone goes in or out,
//! the rules of that record (the temperature measured there, a second
//! reading at a fever, a referral to the clinic for a fever or a cough),
//! what the server concludes from it, and the day's gate list for people
//! who come without a pass.
//!
//! - [`record`]: the guard's record and its rules, on the phone and again
//!   on the server.
//! - [`judge`]: the server's re-check (the pass again, the status it holds
//!   now, the same pass twice) and whether isolation observation begins.
//! - [`list`]: the gate list (id → status, masked name, class), in parts,
//!   and looking a typed id up in it.
//! - [`taking`]: whether the server takes a guard's record at all (who
//!   records, the record's rules, a record id seen before).
//! - [`recheck`]: the record's pass checked again on the server, and whom
//!   it names.
//! - [`observation`]: who ends an isolation observation, and when.
//! - [`name`]: the gate's own name, as the guard types it.
//! - [`verdict`]: what the guard's phone shows, and the decisions it offers.
//! - [`figures`]: each gate's figures of a day, for the offices.

pub mod figures;
pub mod judge;
pub mod list;
pub mod name;
pub mod observation;
pub mod recheck;
pub mod record;
pub mod taking;
pub mod verdict;

pub use figures::{gate_figures, GateFigures};
pub use judge::{
    judge_gate_record, seen_within_window, GateFacts, GateFlag, GateJudgement, SEEN_TWICE_MINUTES,
};
pub use list::{GateListEntry, GateListPart, IdLookupProblem, GATE_LIST_PART_ENTRIES};
pub use name::{gate_name_problem, GateNameProblem, MAX_GATE_NAME_CHARS};
pub use observation::{end_observation, ObservationFacts};
pub use recheck::{is_genuine, recheck_pass, Rechecked};
pub use record::{
    Direction, GateDecision, GateProblem, GateRecord, GateSymptom, Identified, GATE_MAX_TENTHS,
    GATE_MIN_TENTHS,
};
pub use taking::{seen_before, take_gate_record, Taken};
pub use verdict::Verdict;
