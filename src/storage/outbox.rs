//! The outbox on the device, one record per mutation
//! (`anxin.v1.outbox.<mutation id>`), the sync state (`anxin.v1.sync`), and
//! the mutations the server refused, set aside for export
//! (`anxin.v1.rejected.<mutation id>`).
//!
//! Any tab may queue a change, at once, with no sequence: two tabs can
//! never take the same number. Sequences are given only by the tab that
//! holds the sync lock, just before sending, and each is written before
//! the counter moves on (see [`Outbox::restore`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use std::collections::HashSet;

use anxin_domain::counselling::my_bookings::Standing;

use super::{
    keys, load, save, BookingStore, DeclarationStore, KeyValueStore, Result, StorageError,
};
use crate::sync::outbox::{Outbox, OutboxEvent};
use crate::sync::wire::{DeviceChange, DeviceMutation, Refused};

/// A change waiting for the server; `seq` is given when first sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMutation {
    pub id: String,
    pub seq: Option<u64>,
    pub device_time: DateTime<Utc>,
    pub change: DeviceChange,
}

/// Where this device stands with the server.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncMeta {
    /// This device's id for the person below (a UUID).
    pub client_id: Option<String>,
    pub person_id: Option<String>,
    /// The sequence the next mutation gets.
    pub next_seq: u64,
    /// The server's pull cursor.
    pub cursor: u64,
    /// The last sync that reached the server and finished.
    pub last_sync: Option<DateTime<Utc>>,
}

/// The file a person exports: everything not delivered, and everything
/// refused with its reason, to keep or to hand to their advisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredExport {
    pub exported_at: DateTime<Utc>,
    pub person_id: Option<String>,
    pub client_id: Option<String>,
    pub undelivered: Vec<QueuedMutation>,
    pub rejected: Vec<Refused>,
}

pub struct OutboxStore<'a> {
    store: &'a dyn KeyValueStore,
}

fn queued_key(id: &str) -> String {
    format!("{}{id}", keys::OUTBOX_PREFIX)
}

impl<'a> OutboxStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    /// Queues a change (written at once; sent by whichever tab syncs).
    pub fn queue(&self, mutation: &QueuedMutation) -> Result<()> {
        save(self.store, &queued_key(&mutation.id), mutation)
    }

    /// Every queued change, oldest first by sequence, then by device time.
    pub fn queued(&self) -> Result<Vec<QueuedMutation>> {
        let mut queued = Vec::new();
        for key in self.store.keys_with_prefix(keys::OUTBOX_PREFIX)? {
            // An unreadable record is kept aside by `load`; go on with the rest.
            if let Ok(Some(mutation)) = load::<QueuedMutation>(self.store, &key) {
                queued.push(mutation);
            }
        }
        anxin_domain::order::sort_by(&mut queued, |a, b| {
            (a.seq.is_none(), a.seq, a.device_time, &a.id).cmp(&(
                b.seq.is_none(),
                b.seq,
                b.device_time,
                &b.id,
            ))
        });
        Ok(queued)
    }

    /// How many changes are not yet delivered.
    pub fn count(&self) -> Result<usize> {
        Ok(self.store.keys_with_prefix(keys::OUTBOX_PREFIX)?.len())
    }

    pub fn meta(&self) -> Result<SyncMeta> {
        Ok(load(self.store, keys::SYNC)?.unwrap_or_default())
    }

    pub fn save_meta(&self, meta: &SyncMeta) -> Result<()> {
        save(self.store, keys::SYNC, meta)
    }

    /// The outbox ready to send, for `person_id`: a new client id (and a
    /// fresh numbering and cursor) when there is none or it was another
    /// person's; sequences given to what has none. Call it only while
    /// holding the sync lock.
    pub fn open(
        &self,
        meta: &mut SyncMeta,
        person_id: &str,
        new_id: impl FnOnce() -> String,
    ) -> Result<Outbox> {
        let mut queued = self.queued()?;
        let someone_else = meta.person_id.as_deref().is_some_and(|p| p != person_id);
        if someone_else && !queued.is_empty() {
            // Never delivered as another person's: they wait for theirs.
            return Err(StorageError::OtherPersonsChanges);
        }
        if meta.client_id.is_none() || meta.person_id.as_deref() != Some(person_id) {
            *meta = SyncMeta {
                client_id: Some(new_id()),
                person_id: Some(person_id.to_owned()),
                next_seq: 1,
                cursor: 0,
                last_sync: None,
            };
            for mutation in &mut queued {
                mutation.seq = None;
            }
            self.save_meta(meta)?;
        }
        let sequenced: Vec<DeviceMutation> = queued
            .iter()
            .filter_map(|q| {
                q.seq.map(|seq| DeviceMutation {
                    id: q.id.clone(),
                    seq,
                    device_time: q.device_time,
                    change: q.change.clone(),
                })
            })
            .collect();
        let mut outbox = Outbox::restore(meta.next_seq, sequenced);
        for mut mutation in queued.into_iter().filter(|q| q.seq.is_none()) {
            let seq = outbox
                .enqueue(mutation.id.clone(), mutation.device_time, mutation.change.clone())
                .seq;
            mutation.seq = Some(seq);
            // The record first: a crash before the counter is written is
            // repaired by `Outbox::restore`.
            self.queue(&mutation)?;
            meta.next_seq = outbox.next_seq();
            self.save_meta(meta)?;
        }
        Ok(outbox)
    }

    /// Takes acknowledged mutations out of the queue; sets refused ones
    /// aside with the reason.
    pub fn settle(&self, events: &[OutboxEvent]) -> Result<()> {
        for event in events {
            let id = &event.mutation().id;
            if let OutboxEvent::Rejected(refused) = event {
                save(self.store, &format!("{}{id}", keys::REJECTED_PREFIX), refused.as_ref())?;
            }
            self.store.remove(&queued_key(id))?;
        }
        Ok(())
    }

    /// Queues every revision on the device that is neither delivered nor
    /// refused nor already queued: a filing whose queue write failed (a
    /// full disk), or one made before the outbox existed. Returns how many.
    pub fn queue_missing(&self, days: &DeclarationStore) -> Result<usize> {
        let queued: HashSet<String> =
            self.store.keys_with_prefix(keys::OUTBOX_PREFIX)?.into_iter().collect();
        let mut added = 0;
        for day in days.days()? {
            let Ok(Some(stored)) = days.day(day) else { continue };
            for (revision, delivery) in stored.declaration.revisions.iter().zip(&stored.delivery) {
                if delivery.is_undelivered() && !queued.contains(&queued_key(&revision.id)) {
                    self.queue(&QueuedMutation {
                        id: revision.id.clone(),
                        seq: None,
                        device_time: revision.filled_at,
                        change: DeviceChange::declaration_revision(day, revision),
                    })?;
                    added += 1;
                }
            }
        }
        Ok(added)
    }

    /// Queues every booking request and cancellation made on the device
    /// that is neither delivered nor refused nor already queued (its queue
    /// write failed: a full disk). A request goes under its booking's id,
    /// as it was first queued; a cancellation under a new one from
    /// `new_id`. Returns how many.
    pub fn queue_missing_bookings(
        &self,
        bookings: &BookingStore,
        mut new_id: impl FnMut() -> String,
    ) -> Result<usize> {
        let queued = self.queued()?;
        let queued_ids: HashSet<&str> = queued.iter().map(|m| m.id.as_str()).collect();
        let rejected: HashSet<String> =
            self.store.keys_with_prefix(keys::REJECTED_PREFIX)?.into_iter().collect();
        let cancels_queued: HashSet<&str> = queued
            .iter()
            .filter_map(|m| match &m.change {
                DeviceChange::BookingCancel { booking_id, .. } => Some(booking_id.as_str()),
                _ => None,
            })
            .collect();
        let mut missing = Vec::new();
        for record in bookings.all()? {
            let id = record.id();
            let refused = rejected.contains(&format!("{}{id}", keys::REJECTED_PREFIX));
            if record.server.is_none()
                && record.delivery.is_undelivered()
                && !queued_ids.contains(id)
                && !refused
            {
                missing.push(QueuedMutation {
                    id: id.to_owned(),
                    seq: None,
                    device_time: record.requested_at,
                    change: DeviceChange::BookingRequest(record.request.clone()),
                });
            }
            let cancelled = matches!(record.standing(), Standing::Cancelled { .. });
            if let Some(cancel) = &record.cancel {
                if cancel.delivery.is_undelivered() && !cancelled && !cancels_queued.contains(id) {
                    missing.push(QueuedMutation {
                        id: new_id(),
                        seq: None,
                        // When it was cancelled is not kept; the server
                        // judges the notice by its own clock at arrival.
                        device_time: record.requested_at,
                        change: DeviceChange::BookingCancel {
                            booking_id: id.to_owned(),
                            reason: cancel.reason.clone(),
                        },
                    });
                }
            }
        }
        for mutation in &missing {
            self.queue(mutation)?;
        }
        Ok(missing.len())
    }

    /// What the export file holds.
    pub fn export(&self, now: DateTime<Utc>) -> Result<UndeliveredExport> {
        let meta = self.meta()?;
        Ok(UndeliveredExport {
            exported_at: now,
            person_id: meta.person_id,
            client_id: meta.client_id,
            undelivered: self.queued()?,
            rejected: self.rejected()?,
        })
    }

    /// The refused mutations, for the person to see and export.
    pub fn rejected(&self) -> Result<Vec<Refused>> {
        let mut rejected = Vec::new();
        for key in self.store.keys_with_prefix(keys::REJECTED_PREFIX)? {
            if let Ok(Some(q)) = load::<Refused>(self.store, &key) {
                rejected.push(q);
            }
        }
        anxin_domain::order::sort_by(&mut rejected, |a, b| {
            (a.mutation.device_time, &a.mutation.id).cmp(&(b.mutation.device_time, &b.mutation.id))
        });
        Ok(rejected)
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::sync::{Outcome, PushResult, RejectCode};
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::storage::MemoryStore;
    use anxin_domain::fixtures::normal_answers as answers;

    fn queued(id: &str, minute: u32) -> QueuedMutation {
        QueuedMutation {
            id: id.into(),
            seq: None,
            device_time: Utc.with_ymd_and_hms(2020, 2, 10, 1, minute, 0).unwrap(),
            change: DeviceChange::DeclarationRevision {
                day: NaiveDate::from_ymd_opt(2020, 2, 10).unwrap(),
                revision_id: id.into(),
                answers: answers(),
                correction_reason: None,
            },
        }
    }

    #[test]
    fn test_open_gives_sequences_in_queue_order_and_persists_them() {
        let store = MemoryStore::default();
        let outbox_store = OutboxStore::new(&store);
        outbox_store.queue(&queued("b", 2)).unwrap();
        outbox_store.queue(&queued("a", 1)).unwrap();
        let mut meta = SyncMeta::default();
        let outbox = outbox_store.open(&mut meta, "p1", || "client-1".into()).unwrap();
        let order: Vec<(&str, u64)> =
            outbox.pending().iter().map(|m| (m.id.as_str(), m.seq)).collect();
        assert_eq!(order, [("a", 1), ("b", 2)]);
        assert_eq!((meta.client_id.as_deref(), meta.next_seq), (Some("client-1"), 3));
        // Opened again (another round, another tab): the same numbers.
        let mut again = outbox_store.meta().unwrap();
        let reopened = outbox_store.open(&mut again, "p1", || unreachable!()).unwrap();
        assert_eq!(reopened.pending(), outbox.pending());
    }

    #[test]
    fn test_another_person_gets_a_new_client_and_numbering() {
        let store = MemoryStore::default();
        let outbox_store = OutboxStore::new(&store);
        let mut meta = SyncMeta::default();
        outbox_store.open(&mut meta, "p1", || "client-1".into()).unwrap();
        meta.cursor = 40;
        // Nothing of p1's waits: p2 starts a numbering of their own.
        outbox_store.open(&mut meta, "p2", || "client-2".into()).unwrap();
        assert_eq!((meta.client_id.as_deref(), meta.cursor), (Some("client-2"), 0));
        outbox_store.queue(&queued("a", 1)).unwrap();
        let outbox = outbox_store.open(&mut meta, "p2", || unreachable!()).unwrap();
        assert_eq!(outbox.pending()[0].seq, 1);
    }

    #[test]
    fn test_another_persons_waiting_changes_are_never_delivered_as_yours() {
        let store = MemoryStore::default();
        let outbox_store = OutboxStore::new(&store);
        outbox_store.queue(&queued("a", 1)).unwrap();
        let mut meta = SyncMeta::default();
        outbox_store.open(&mut meta, "p1", || "client-1".into()).unwrap();
        let before = meta.clone();
        let refused = outbox_store.open(&mut meta, "p2", || unreachable!());
        assert!(matches!(refused, Err(StorageError::OtherPersonsChanges)));
        assert_eq!(meta, before, "nothing renumbered");
        assert!(outbox_store.open(&mut meta, "p1", || unreachable!()).is_ok());
    }

    #[test]
    fn test_queue_missing_queues_an_unqueued_filing_once() {
        use anxin_domain::revision::DayDeclaration;

        use crate::storage::{DeclarationStore, StoredDay};

        let store = MemoryStore::default();
        let days = DeclarationStore::new(&store);
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2020, 2, 10).unwrap();
        days.save_day(&StoredDay::new(DayDeclaration::file("p1", day, "r1", answers(), at)))
            .unwrap();
        let outbox_store = OutboxStore::new(&store);
        assert_eq!(outbox_store.queue_missing(&days).unwrap(), 1);
        assert_eq!(outbox_store.queue_missing(&days).unwrap(), 0, "never twice");
        assert_eq!(outbox_store.queued().unwrap()[0].change.record_id(), Some("r1"));
    }

    /// A booking or cancellation stored on the phone whose queue write
    /// failed is queued by the next round, once; one the server decided,
    /// or refused, is not.
    #[test]
    fn test_queue_missing_bookings_queues_unqueued_requests_and_cancellations_once() {
        use anxin_domain::counselling::my_bookings::LocalCancel;
        use anxin_domain::delivery::Delivery;

        use super::super::bookings::tests::record;

        let store = MemoryStore::default();
        let bookings = BookingStore::new(&store);
        bookings.save(&record("b-unsent")).unwrap();
        let mut cancelling = record("b-cancel");
        cancelling.delivery = Delivery::Delivered;
        cancelling.cancel =
            Some(LocalCancel { reason: "exam".into(), delivery: Delivery::SavedOnDevice });
        bookings.save(&cancelling).unwrap();
        let mut decided = record("b-decided");
        decided.server = Some(anxin_domain::fixtures::my_booking(
            "b-decided",
            anxin_domain::counselling::AppointmentStatus::Confirmed,
            None,
        ));
        bookings.save(&decided).unwrap();
        let mut refused = record("b-refused");
        refused.delivery = Delivery::Rejected { code: "invalid_booking".into() };
        bookings.save(&refused).unwrap();
        let outbox_store = OutboxStore::new(&store);
        let mut ids = ["c-1", "c-2"].into_iter().map(String::from);

        assert_eq!(
            outbox_store.queue_missing_bookings(&bookings, || ids.next().unwrap()).unwrap(),
            2
        );
        assert_eq!(
            outbox_store.queue_missing_bookings(&bookings, || unreachable!()).unwrap(),
            0,
            "never twice"
        );
        let queued = outbox_store.queued().unwrap();
        let request = queued.iter().find(|m| m.id == "b-unsent").expect("the request, by its id");
        assert!(
            matches!(&request.change, DeviceChange::BookingRequest(r) if r.booking_id == "b-unsent")
        );
        let cancel = queued.iter().find(|m| m.id == "c-1").expect("the cancellation");
        assert!(matches!(
            &cancel.change,
            DeviceChange::BookingCancel { booking_id, reason } if booking_id == "b-cancel" && reason == "exam"
        ));
        assert_eq!(queued.len(), 2);
    }

    #[test]
    fn test_settle_removes_delivered_and_keeps_rejected_for_export() {
        let store = MemoryStore::default();
        let outbox_store = OutboxStore::new(&store);
        outbox_store.queue(&queued("a", 1)).unwrap();
        outbox_store.queue(&queued("b", 2)).unwrap();
        outbox_store.queue(&queued("c", 3)).unwrap();
        let mut meta = SyncMeta::default();
        let mut outbox = outbox_store.open(&mut meta, "p1", || "client-1".into()).unwrap();
        let result = |seq: u64, id: &str, outcome| PushResult { seq, id: id.into(), outcome };
        let events = outbox.acknowledge(&[
            result(1, "a", Outcome::Applied),
            result(2, "b", Outcome::Rejected { code: RejectCode::InvalidAnswers, fields: vec![] }),
        ]);
        outbox_store.settle(&events).unwrap();
        assert_eq!(outbox_store.count().unwrap(), 1);
        let export = outbox_store.export(Utc.timestamp_opt(0, 0).unwrap()).unwrap();
        assert_eq!(export.undelivered.len(), 1);
        assert_eq!(export.undelivered[0].id, "c");
        assert_eq!(export.rejected.len(), 1);
        assert_eq!(export.rejected[0].code, RejectCode::InvalidAnswers);
        assert_eq!(export.client_id.as_deref(), Some("client-1"));
    }
}
