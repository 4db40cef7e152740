//! Privacy (SPEC §7; PIPL arts. 13, 17, 29, 30): the notice each person
//! reads before their first declaration, and the separate consent that the
//! optional uses ask for; and the log of staff reads of named health data.
//!
//! The daily declaration rests on the school's legal duty in a public-health
//! emergency (art. 13), not on consent: withdrawing a consent never stops
//! it. The crisis path (the hotlines, "I need help now", a crisis call-back)
//! waits for neither the notice nor a consent: protecting a life is a lawful
//! basis of its own.

pub mod consent;
pub mod deletion;
pub mod notice;
pub mod own_data;
pub mod purge;
pub mod retention;
pub mod staff_reads;

pub use consent::{Consent, Purpose};
pub use notice::{NoticeError, NoticeSeen, PrivacyNotice};
