//! The change log each phone pulls from, by cursor: what is appended in
//! the deciding transaction. Every area that changes a person's records
//! writes here; none of them needs another area for it.

use anxin_domain::sync::PulledChange;

use super::codec::to_json;
use crate::store::sql::{args, Sql};
use crate::store::Result;

/// Appends a change to `person_id`'s log (its cursor is the next one).
pub(in crate::store) fn append_change(
    tx: &dyn Sql,
    person_id: &str,
    change: &PulledChange,
) -> Result<()> {
    let row = change_row(change)?;
    tx.execute(
        "INSERT INTO change_log (person_id, kind, body, revision_id) VALUES (?1, ?2, ?3, ?4)",
        args![person_id, row.kind, row.body, row.revision_id],
    )?;
    Ok(())
}

/// A change as its log row keeps it.
pub(in crate::store) struct ChangeRow {
    pub kind: &'static str,
    /// The change as JSON; empty for a declaration revision, which is
    /// read from `declaration_revisions` by its id when pulled.
    pub body: String,
    pub revision_id: Option<String>,
}

pub(in crate::store) fn change_row(change: &PulledChange) -> Result<ChangeRow> {
    let kind = match change {
        PulledChange::DeclarationRevision(revision) => {
            return Ok(ChangeRow {
                kind: "declaration_revision",
                body: String::new(),
                revision_id: Some(revision.revision_id.clone()),
            })
        }
        PulledChange::Booking(_) => "booking",
        PulledChange::SentBack(_) => "sent_back",
        PulledChange::Reminder(_) => "reminder",
        PulledChange::RemindersSent(_) => "reminders_sent",
        PulledChange::ReturnApplication(_) => "return_application",
        PulledChange::Visitor(_) => "visitor",
        PulledChange::DeletionRequest(_) => "deletion_request",
        PulledChange::Waitlist(_) => "waitlist",
    };
    Ok(ChangeRow { kind, body: to_json(change)?, revision_id: None })
}
