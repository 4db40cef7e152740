//! The daily health declaration (SPEC §1): what a person answers, how the
//! answers are checked, and why a declaration is abnormal.
//!
//! A form is a [`DeclarationDraft`] (anything may be unanswered or mistyped;
//! it is saved on every change). [`DeclarationDraft::validate`] turns it into
//! [`DeclarationAnswers`], fully typed, or a list of [`FieldError`]s to show
//! next to each field. Filed answers become revisions of a day's declaration
//! (see [`crate::revision`]).

pub(crate) mod abnormal;
mod answers;
mod draft;
mod temperature;

pub use abnormal::{AbnormalReason, Advice};
pub use answers::{
    DeclarationAnswers, Exposure, ExposureKind, HealthStatus, Location, LocationKind,
};
pub use draft::{DeclarationDraft, ExposureDraft, Field, FieldError, Problem, MAX_REMARKS_CHARS};
pub use temperature::Temperature;
