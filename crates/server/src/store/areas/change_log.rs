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
    let (kind, body) = change_row(change)?;
    tx.execute(
        "INSERT INTO change_log (person_id, kind, body) VALUES (?1, ?2, ?3)",
        args![person_id, kind, body],
    )?;
    Ok(())
}

/// A change as a log row keeps it: its kind, and its body as JSON.
pub(in crate::store) fn change_row(change: &PulledChange) -> Result<(&'static str, String)> {
    let kind = match change {
        PulledChange::DeclarationRevision(_) => "declaration_revision",
        PulledChange::Booking(_) => "booking",
        PulledChange::SentBack(_) => "sent_back",
        PulledChange::Reminder(_) => "reminder",
        PulledChange::RemindersSent(_) => "reminders_sent",
        PulledChange::ReturnApplication(_) => "return_application",
        PulledChange::Visitor(_) => "visitor",
    };
    Ok((kind, to_json(change)?))
}
