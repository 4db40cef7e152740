//! The daily report and the zero report (SPEC §2): who is expected on a
//! day, what they filed, the figures of a class, a department and the
//! school, and the three levels' signatures and amendments.
//!
//! Pure functions over facts the server's store reads: the store never
//! decides. The same code gives the staff view its words (the reasons
//! signing is not possible yet) and the server its refusals.

pub mod actions;
pub mod deadlines;
pub mod export;
pub mod figures;
pub mod notes;
pub mod person_actions;
pub mod reminding;
pub mod scope;
pub mod seal;
pub mod sign_decision;
pub mod signing;
pub mod snapshot;
pub mod standing;
pub mod view;

pub use actions::{MissingReason, ReasonKind, ReportAction};
pub use deadlines::Deadlines;
pub use figures::{Counts, Figures};
pub use notes::{ReminderKind, ReminderNote, RemindersSent, SentBackNote};
pub use scope::{Level, Scope};
pub use signing::{Amendment, Blocker, Covered, SignState, SignedVersion};
pub use snapshot::Expected;
pub use standing::{Filing, PersonDay, Standing};
pub use view::{PartLine, PersonLine, Report, TrendDay};

/// The most reminders one person gets on one day.
pub const MAX_REMINDERS_PER_DAY: u8 = 3;

/// The longest reason note, send-back comment or return reason.
pub const MAX_NOTE_CHARS: usize = 200;

/// Days in the trend: the day asked and the 13 before it.
pub const TREND_DAYS: usize = 14;
