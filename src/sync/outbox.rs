//! The device's queue of mutations the server has not acknowledged: the
//! state machine of `anxin_domain::sync::Outbox`, over the device's own
//! mutations ([`DeviceMutation`], whose report actions stay JSON text: see
//! `wire`). Same rules: a mutation leaves the queue only on the server's
//! word (applied or duplicate: delivered; rejected: set aside with the
//! reason); deferred, lost and failed requests leave it queued.

use anxin_domain::sync::{Outcome, PushResult};
use chrono::{DateTime, Utc};

use super::wire::{DeviceChange, DeviceMutation, Refused};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbox {
    /// The sequence the next mutation gets (the first is 1).
    next_seq: u64,
    /// Not yet acknowledged, in sequence order.
    pending: Vec<DeviceMutation>,
}

/// What an acknowledgement changed, for the records' delivery states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxEvent {
    Delivered(Box<DeviceMutation>),
    Rejected(Box<Refused>),
}

impl OutboxEvent {
    pub fn mutation(&self) -> &DeviceMutation {
        match self {
            OutboxEvent::Delivered(mutation) => mutation,
            OutboxEvent::Rejected(refused) => &refused.mutation,
        }
    }
}

impl Outbox {
    /// A queue restored from storage: `next_seq` as stored, but never at or
    /// below a stored mutation (a crash between the two writes must not
    /// reuse a sequence).
    pub fn restore(next_seq: u64, mut pending: Vec<DeviceMutation>) -> Self {
        pending.sort_unstable_by_key(|m| m.seq);
        pending.dedup_by_key(|m| m.seq);
        let after_pending = pending.last().map_or(1, |m| m.seq + 1);
        Self { next_seq: next_seq.max(after_pending).max(1), pending }
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    pub fn pending(&self) -> &[DeviceMutation] {
        &self.pending
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Queues a change under the next sequence; that sequence.
    pub fn enqueue(&mut self, id: String, device_time: DateTime<Utc>, change: DeviceChange) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.pending.push(DeviceMutation { id, seq, device_time, change });
        seq
    }

    /// The oldest `max` pending mutations.
    pub fn batch(&self, max: usize) -> &[DeviceMutation] {
        &self.pending[..self.pending.len().min(max)]
    }

    /// Applies the server's answers. Results for mutations no longer queued
    /// (an old or duplicated response) change nothing.
    pub fn acknowledge(&mut self, results: &[PushResult]) -> Vec<OutboxEvent> {
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
                    events.push(OutboxEvent::Rejected(Box::new(Refused {
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
    use anxin_domain::ErrorCode;
    use chrono::TimeZone;

    use super::*;

    fn change(n: u32) -> DeviceChange {
        DeviceChange::BookingCancel { booking_id: format!("b{n}"), reason: "ill".into() }
    }

    fn queue(n: u32) -> Outbox {
        let mut outbox = Outbox::restore(1, Vec::new());
        for i in 1..=n {
            outbox.enqueue(format!("m{i}"), Utc.timestamp_opt(0, 0).unwrap(), change(i));
        }
        outbox
    }

    fn result(seq: u64, outcome: Outcome) -> PushResult {
        PushResult { seq, id: format!("m{seq}"), outcome }
    }

    #[test]
    fn test_sequences_start_at_one_and_batches_are_the_oldest() {
        let outbox = queue(5);
        let seqs: Vec<u64> = outbox.batch(2).iter().map(|m| m.seq).collect();
        assert_eq!(seqs, [1, 2]);
        assert_eq!(outbox.next_seq(), 6);
    }

    #[test]
    fn test_acknowledge_removes_delivered_and_sets_rejected_aside() {
        let mut outbox = queue(4);
        let rejected = Outcome::Rejected { code: ErrorCode::InvalidBooking, fields: vec![] };
        let events = outbox.acknowledge(&[
            result(1, Outcome::Applied),
            result(2, rejected),
            result(3, Outcome::Duplicate),
            result(4, Outcome::Deferred),
        ]);
        assert_eq!(events.len(), 3);
        assert!(matches!(&events[0], OutboxEvent::Delivered(m) if m.record_id() == "b1"));
        assert!(matches!(&events[1], OutboxEvent::Rejected(q) if q.mutation.seq == 2));
        let left: Vec<u64> = outbox.pending().iter().map(|m| m.seq).collect();
        assert_eq!(left, [4], "a deferred mutation stays queued");
        assert!(outbox.acknowledge(&[result(1, Outcome::Applied)]).is_empty(), "stale");
    }

    #[test]
    fn test_restore_never_reuses_a_stored_sequence() {
        let at = Utc.timestamp_opt(0, 0).unwrap();
        let stored = DeviceMutation { id: "m7".into(), seq: 7, device_time: at, change: change(7) };
        let outbox = Outbox::restore(3, vec![stored]);
        assert_eq!(outbox.next_seq(), 8);
    }
}
