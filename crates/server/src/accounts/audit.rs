//! The audit log's events. An entry names people by id, the event, the
//! address and (for refusals) the endpoint: never a password, code, token,
//! or any health or counselling content.

use chrono::Utc;

use crate::store::{AuditEntry, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    SignIn,
    SignInFailed,
    /// Refused by the rate limit before the password was checked.
    SignInLimited,
    /// A one-time code spent to set the password.
    PasswordSet,
    PasswordSetFailed,
    SignOut,
    CodeIssued,
    /// A signed-in person asked for something not theirs.
    AccessDenied,
    /// A request without a live session (no token, or one unknown,
    /// expired or signed out): refused with 401.
    Unauthenticated,
    RosterImported,
    /// A counsellor decided on an appointment (the detail says what).
    AppointmentDecided,
    NoteWritten,
    /// Every read of a private note, even by its author.
    NoteRead,
    /// A staff read of a report that names people (or its CSV).
    ReportRead,
    /// A new key signs daily passes.
    PassKeyRotated,
    /// An office ended a person's isolation observation (its reason is
    /// kept with the observation, not here).
    ObservationEnded,
    /// The admin answered a request for deletion (completed, or kept with
    /// the legal reason).
    DeletionAnswered,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEvent::SignIn => "sign_in",
            AuditEvent::SignInFailed => "sign_in_failed",
            AuditEvent::SignInLimited => "sign_in_limited",
            AuditEvent::PasswordSet => "password_set",
            AuditEvent::PasswordSetFailed => "password_set_failed",
            AuditEvent::SignOut => "sign_out",
            AuditEvent::CodeIssued => "code_issued",
            AuditEvent::AccessDenied => "access_denied",
            AuditEvent::Unauthenticated => "unauthenticated",
            AuditEvent::RosterImported => "roster_imported",
            AuditEvent::AppointmentDecided => "appointment_decided",
            AuditEvent::NoteWritten => "note_written",
            AuditEvent::NoteRead => "note_read",
            AuditEvent::ReportRead => "report_read",
            AuditEvent::PassKeyRotated => "pass_key_rotated",
            AuditEvent::ObservationEnded => "observation_ended",
            AuditEvent::DeletionAnswered => "deletion_answered",
        }
    }
}

/// One entry to write.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub address: Option<String>,
    pub detail: Option<String>,
}

impl Audit {
    /// An action taken on the server's own machine (the command line).
    pub fn local() -> Self {
        Self {
            actor: Some("command line".into()),
            address: Some("local".into()),
            ..Self::default()
        }
    }
}

/// Writes the entry. A failure is logged (without the entry) and does not
/// fail the request it describes.
pub fn record(store: &dyn Store, event: AuditEvent, audit: Audit) {
    let entry = AuditEntry {
        at: Utc::now(),
        event: event.as_str().to_owned(),
        actor: audit.actor,
        subject: audit.subject,
        address: audit.address,
        detail: audit.detail,
    };
    if let Err(err) = store.audit(&entry) {
        tracing::error!(error = %err, event = event.as_str(), "audit entry not written");
    }
}
