//! A simulated phone: the device storage its tabs share (the outbox, the
//! sync state, the person's records, what was set aside) and what the
//! person does on it. Only the storage is simulated; how it changes on a
//! sync is the domain's round (`anxin_domain::sync::round`).

use std::collections::BTreeMap;

use anxin_domain::counselling::my_bookings::BookingRecord;
use anxin_domain::delivery::Delivery;
use anxin_domain::revision::DayDeclaration;
use anxin_domain::sync::round::RecordMark;
use anxin_domain::sync::{Change, Outbox, OutboxEvent, Quarantined};
use chrono::NaiveDate;

/// What the browser keeps for the app on one device, shared by its tabs.
#[derive(Debug, Clone, Default)]
pub struct Storage {
    /// This device's id with the server; `None` until the first sync
    /// (or after the storage was cleared, or a renumbering).
    pub client_id: Option<String>,
    /// The server's pull cursor.
    pub cursor: u64,
    pub outbox: Outbox,
    /// The person's declarations, one per day, with a delivery state per
    /// revision.
    pub days: BTreeMap<NaiveDate, (DayDeclaration, Vec<Delivery>)>,
    pub bookings: BTreeMap<String, BookingRecord>,
    /// Refused for good, kept for export.
    pub rejected: Vec<Quarantined>,
    /// The person's consent to counselling was queued (the app asks it at
    /// the first booking, and again after the storage was cleared).
    pub consented: bool,
}

impl Storage {
    /// A new client id and numbering: what the app's outbox store does on
    /// opening the outbox without one. The queue keeps its order; the
    /// cursor starts again.
    pub fn renumber(&mut self, client_id: String) {
        let mut outbox = Outbox::default();
        for mutation in self.outbox.pending() {
            outbox.enqueue(mutation.id.clone(), mutation.device_time, mutation.change.clone());
        }
        self.outbox = outbox;
        self.client_id = Some(client_id);
        self.cursor = 0;
    }

    /// Takes acknowledged mutations in: what was refused is set aside, and
    /// each record shows its delivery (the engine's `settle` and marks).
    pub fn settle(&mut self, events: &[OutboxEvent]) {
        use anxin_domain::sync::round::{delivery_of, mark_booking, mark_cancel, RoundChange};
        for event in events {
            if let OutboxEvent::Rejected(refused) = event {
                self.rejected.push(refused.as_ref().clone());
            }
            let delivery = delivery_of(event);
            let mutation = event.mutation();
            match mutation.change.record_mark(&mutation.id) {
                RecordMark::Declaration { day, revision_id } => {
                    if let Some((declaration, states)) = self.days.get_mut(&day) {
                        states.resize(declaration.revisions.len(), Delivery::default());
                        if let Some(i) =
                            declaration.revisions.iter().position(|r| r.id == revision_id)
                        {
                            states[i] = delivery;
                        }
                    }
                }
                RecordMark::Booking(id) => {
                    if let Some(record) = self.bookings.get_mut(id) {
                        mark_booking(record, delivery);
                    }
                }
                RecordMark::BookingCancel(id) => {
                    if let Some(record) = self.bookings.get_mut(id) {
                        mark_cancel(record, delivery);
                    }
                }
                RecordMark::ReturnApplication(_) | RecordMark::Nothing => {}
            }
        }
    }
}

/// One phone of one person.
#[derive(Debug, Clone)]
pub struct Phone {
    pub person: String,
    /// 1, or 2 for a phone with two tabs open (taking turns under the
    /// sync lock, on the same storage).
    pub tabs: u8,
    pub storage: Storage,
    /// No network until this step.
    pub partitioned_until: usize,
    /// Ask the server for pages this small (0: the server's own size).
    pub page_limit: usize,
}

impl Phone {
    pub fn new(person: String, tabs: u8, page_limit: usize) -> Self {
        Self { person, tabs, storage: Storage::default(), partitioned_until: 0, page_limit }
    }

    pub fn queue(&mut self, id: String, at: chrono::DateTime<chrono::Utc>, change: Change) {
        self.storage.outbox.enqueue(id, at, change);
    }
}
