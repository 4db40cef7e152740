//! Anxin's domain: the rules of the product as plain Rust types.
//!
//! No web, UI or HTTP dependency lives here, so the same code runs on the
//! device (wasm32) and on the sync server, and every rule is tested with
//! `cargo test`.

pub mod access;
pub mod account;
pub mod campus_return;
pub mod clock_text;
pub mod contact;
pub mod counselling;
pub mod declaration;
pub mod delivery;
pub mod directory;
pub mod error_body;
pub mod error_code;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod gate;
pub mod hotline;
pub mod order;
pub mod oversight;
pub mod pass;
pub mod privacy;
pub mod profile;
pub mod report;
pub mod revision;
pub mod roster;
pub mod rules;
pub mod school_time;
pub mod symptom;
pub mod sync;
pub mod visitor;

pub use directory::Directory;
pub use error_body::ErrorBody;
pub use error_code::ErrorCode;
pub use hotline::{Hotline, HotlineKind};
pub use rules::AbnormalRules;
pub use school_time::{local_day, school_offset, SCHOOL_UTC_OFFSET_SECONDS};
pub use symptom::Symptom;
