//! The device's queue of mutations the server has not acknowledged, as a
//! state machine with no I/O: the app keeps it in browser storage (one
//! record per mutation) and the tests drive it against a real server.
//!
//! A mutation leaves the queue only on the server's word: applied or
//! duplicate (delivered), or rejected (set aside, with the reason, for the
//! person to export). Deferred, lost requests, lost responses and 5xx leave
//! it queued; sending it again is always safe.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Mutation, Outcome, PushResult, RejectCode};
use crate::declaration::FieldError;

/// The queue of one device, over its kind of change (`C`: see
/// [`Mutation`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox<C = Change> {
    /// The sequence the next mutation gets (the first is 1).
    next_seq: u64,
    /// Not yet acknowledged, in sequence order.
    pending: Vec<Mutation<C>>,
}

/// A mutation the server refused for good, kept for export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined<C = Change> {
    pub mutation: Mutation<C>,
    pub code: RejectCode,
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

/// What an acknowledgement changed, for the records' delivery states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxEvent<C = Change> {
    /// The server holds it; it left the queue.
    Delivered(Box<Mutation<C>>),
    /// Refused for good; `seq` left the queue and is set aside.
    Rejected(Box<Quarantined<C>>),
}

impl<C> OutboxEvent<C> {
    /// The mutation the event is about.
    pub fn mutation(&self) -> &Mutation<C> {
        match self {
            OutboxEvent::Delivered(mutation) => mutation,
            OutboxEvent::Rejected(quarantined) => &quarantined.mutation,
        }
    }
}

impl<C> Default for Outbox<C> {
    fn default() -> Self {
        Self { next_seq: 1, pending: Vec::new() }
    }
}

impl<C> Outbox<C> {
    /// A queue restored from storage: `next_seq` as stored, but never at or
    /// below a stored mutation (a crash between the two writes must not
    /// reuse a sequence).
    pub fn restore(next_seq: u64, mut pending: Vec<Mutation<C>>) -> Self {
        crate::order::sort_by_key(&mut pending, |m| m.seq);
        pending.dedup_by_key(|m| m.seq);
        let after_pending = pending.last().map_or(1, |m| m.seq + 1);
        Self { next_seq: next_seq.max(after_pending).max(1), pending }
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Not yet acknowledged, oldest first.
    pub fn pending(&self) -> &[Mutation<C>] {
        &self.pending
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Queues a change under the next sequence.
    pub fn enqueue(
        &mut self,
        id: impl Into<String>,
        device_time: DateTime<Utc>,
        change: C,
    ) -> &Mutation<C> {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.pending.push(Mutation { id: id.into(), seq, device_time, change });
        self.pending.last().expect("just pushed")
    }

    /// The next batch to send: the oldest `max` pending mutations.
    pub fn batch(&self, max: usize) -> &[Mutation<C>] {
        &self.pending[..self.pending.len().min(max)]
    }

    /// Applies the server's answers. Results for mutations no longer queued
    /// (an old or duplicated response) change nothing.
    pub fn acknowledge(&mut self, results: &[PushResult]) -> Vec<OutboxEvent<C>> {
        let mut events = Vec::new();
        for result in results {
            let Some(index) =
                self.pending.iter().position(|m| m.seq == result.seq && m.id == result.id)
            else {
                continue;
            };
            match &result.outcome {
                Outcome::Applied | Outcome::Duplicate => {
                    events.push(OutboxEvent::Delivered(Box::new(self.pending.remove(index))));
                }
                Outcome::Rejected { code, fields } => {
                    let mutation = self.pending.remove(index);
                    events.push(OutboxEvent::Rejected(Box::new(Quarantined {
                        mutation,
                        code: *code,
                        fields: fields.clone(),
                    })));
                }
                Outcome::Deferred => {}
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::declaration::abnormal::tests::normal;

    fn change(n: u32) -> Change {
        Change::DeclarationRevision {
            day: NaiveDate::from_ymd_opt(2020, 2, n).unwrap(),
            revision_id: format!("rev-{n}"),
            answers: normal(),
            correction_reason: None,
        }
    }

    fn queue(n: u32) -> Outbox {
        let mut outbox = Outbox::default();
        for i in 1..=n {
            outbox.enqueue(format!("m{i}"), Utc.timestamp_opt(0, 0).unwrap(), change(i));
        }
        outbox
    }

    fn result(seq: u64, outcome: Outcome) -> PushResult {
        PushResult { seq, id: format!("m{seq}"), outcome }
    }

    #[test]
    fn test_sequences_start_at_one_and_increase() {
        let outbox = queue(3);
        let seqs: Vec<u64> = outbox.pending().iter().map(|m| m.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        assert_eq!(outbox.next_seq(), 4);
    }

    #[test]
    fn test_batch_is_the_oldest_pending() {
        let outbox = queue(5);
        let seqs: Vec<u64> = outbox.batch(2).iter().map(|m| m.seq).collect();
        assert_eq!(seqs, [1, 2]);
        assert_eq!(outbox.batch(10).len(), 5);
    }

    #[test]
    fn test_acknowledge_removes_delivered_and_sets_rejected_aside() {
        let mut outbox = queue(4);
        let rejected = Outcome::Rejected { code: RejectCode::InvalidAnswers, fields: vec![] };
        let events = outbox.acknowledge(&[
            result(1, Outcome::Applied),
            result(2, rejected),
            result(3, Outcome::Duplicate),
            result(4, Outcome::Deferred),
        ]);
        assert_eq!(events.len(), 3);
        assert!(matches!(&events[0], OutboxEvent::Delivered(m) if m.change.record_id() == "rev-1"));
        assert!(matches!(&events[1], OutboxEvent::Rejected(q) if q.mutation.seq == 2));
        assert!(matches!(&events[2], OutboxEvent::Delivered(m) if m.seq == 3));
        let left: Vec<u64> = outbox.pending().iter().map(|m| m.seq).collect();
        assert_eq!(left, [4], "a deferred mutation stays queued");
    }

    #[test]
    fn test_stale_or_foreign_results_change_nothing() {
        let mut outbox = queue(2);
        outbox.acknowledge(&[result(1, Outcome::Applied)]);
        assert!(outbox.acknowledge(&[result(1, Outcome::Applied)]).is_empty());
        let foreign = PushResult { seq: 2, id: "other".into(), outcome: Outcome::Applied };
        assert!(outbox.acknowledge(&[foreign]).is_empty());
        assert_eq!(outbox.pending().len(), 1);
    }

    #[test]
    fn test_restore_never_reuses_a_stored_sequence() {
        let stored = queue(3).pending().to_vec();
        // The counter was written before the crash, the mutations after.
        let outbox = Outbox::restore(2, stored.clone());
        assert_eq!(outbox.next_seq(), 4);
        assert_eq!(Outbox::restore(9, stored).next_seq(), 9);
        assert_eq!(Outbox::<Change>::restore(0, vec![]).next_seq(), 1);
    }
}
