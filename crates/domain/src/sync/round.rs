//! One sync round of a phone, as decisions with no I/O: what it sends
//! next, what a push's answer does to its outbox and to the records it
//! shows, what a failed request means for the round, and how a pulled
//! page moves the cursor and is merged into the records it keeps.
//!
//! The app's sync engine does the requests and the storage around these;
//! the simulation of many phones against the server drives the very same
//! functions, so what it proves of them holds for the phone.

use chrono::{Days, NaiveDate};

use super::outbox::{Outbox, OutboxEvent};
use super::wire::{Change, Mutation, PushResult};
use super::MAX_BATCH_MUTATIONS;
use crate::delivery::Delivery;
use crate::ErrorCode;

mod records;

pub use records::{day_from_server, mark_booking, mark_cancel, merge_booking, merge_revision};

pub const PUSH_PATH: &str = "/api/v1/sync/push";
pub const PULL_PATH: &str = "/api/v1/sync/pull";

/// Days filed elsewhere, notes and report actions are kept on the phone
/// this far back (DESIGN.md).
pub const KEEP_DAYS: u64 = 14;

/// The record whose delivery state an acknowledged mutation decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordMark<'a> {
    /// One revision of a day's declaration.
    Declaration { day: NaiveDate, revision_id: &'a str },
    /// A booking request (the booking's id).
    Booking(&'a str),
    /// A cancellation of the booking with this id.
    BookingCancel(&'a str),
    /// An application to return to campus, queued under its own id (the
    /// mutation's).
    ReturnApplication(&'a str),
    /// Its delivery is where the mutation now is (outbox, set aside).
    Nothing,
}

/// A kind of change as a phone queues it: the domain's [`Change`], or the
/// app's own copy of it that keeps some records as JSON text.
pub trait RoundChange {
    /// The record this change's delivery is shown on; `mutation_id` is the
    /// id of the mutation that carries it.
    fn record_mark<'a>(&'a self, mutation_id: &'a str) -> RecordMark<'a>;
}

impl RoundChange for Change {
    fn record_mark<'a>(&'a self, mutation_id: &'a str) -> RecordMark<'a> {
        match self {
            Change::DeclarationRevision { day, revision_id, .. } => {
                RecordMark::Declaration { day: *day, revision_id }
            }
            Change::BookingRequest(request) => RecordMark::Booking(&request.booking_id),
            Change::BookingCancel { booking_id, .. } => RecordMark::BookingCancel(booking_id),
            Change::ReturnApply(_) => RecordMark::ReturnApplication(mutation_id),
            Change::Report(_)
            | Change::ReturnDecide { .. }
            | Change::GateRecord(_)
            | Change::EndObservation { .. }
            | Change::VisitorRegister(_)
            | Change::VisitorDecide(_)
            | Change::VisitorAtGate(_)
            | Change::NoticeSeen(_)
            | Change::Consent(_)
            | Change::Wellbeing(_)
            | Change::DeletionRequest(_)
            | Change::WaitlistJoin(_)
            | Change::WaitlistLeave { .. } => RecordMark::Nothing,
        }
    }
}

/// The next push of the round: the oldest pending mutations, a full batch
/// at most; `None` once the outbox is empty (the round goes on to pull).
pub fn next_batch<C>(outbox: &Outbox<C>) -> Option<&[Mutation<C>]> {
    (!outbox.is_empty()).then(|| outbox.batch(MAX_BATCH_MUTATIONS))
}

/// What the round does after a push was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPush {
    /// Send what is left (or pull, when nothing is).
    Continue,
    /// Everything was deferred: the server misses an earlier sequence that
    /// this phone no longer has (a record lost from storage, a restored
    /// server). The round ends; the next starts a new numbering under a
    /// new client id, and the server answers what it already holds as
    /// duplicates.
    Renumber,
}

/// A push's answer taken in: the events for the records' delivery states,
/// and what the round does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTaken<C> {
    pub events: Vec<OutboxEvent<C>>,
    pub then: AfterPush,
}

/// Applies a push's results to the outbox (stale and foreign results
/// change nothing: see [`Outbox::acknowledge`]).
pub fn take_push_answer<C>(outbox: &mut Outbox<C>, results: &[PushResult]) -> PushTaken<C> {
    let events = outbox.acknowledge(results);
    let then = if events.is_empty() { AfterPush::Renumber } else { AfterPush::Continue };
    PushTaken { events, then }
}

/// The delivery state an acknowledgement gives its record.
pub fn delivery_of<C>(event: &OutboxEvent<C>) -> Delivery {
    match event {
        OutboxEvent::Delivered(_) => Delivery::Delivered,
        OutboxEvent::Rejected(q) => Delivery::Rejected { code: q.code.as_str().to_owned() },
    }
}

/// What a failed push or pull means for the round (which ends there; the
/// outbox is left as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedRequest {
    /// 401: the session expired or was revoked. Nothing is dropped and
    /// nothing retried until the person signs in again.
    SessionEnded,
    /// The server speaks another protocol: a newer app must be loaded.
    NeedsUpdate,
    /// The client id is another person's: start afresh under a new one.
    NewClient,
    /// Try again later (with backoff).
    Retry,
}

/// Judges a failed request: `unauthenticated` for a 401, `code` the
/// server's refusal code when it sent one the phone knows.
pub fn judge_failure(unauthenticated: bool, code: Option<ErrorCode>) -> FailedRequest {
    if unauthenticated {
        return FailedRequest::SessionEnded;
    }
    match code {
        Some(ErrorCode::UnsupportedProtocol) => FailedRequest::NeedsUpdate,
        Some(ErrorCode::ClientOfAnotherPerson) => FailedRequest::NewClient,
        _ => FailedRequest::Retry,
    }
}

/// The pull request for the page after `cursor`.
pub fn pull_path(cursor: u64) -> String {
    format!("{PULL_PATH}?protocol_version={}&cursor={cursor}", super::PROTOCOL_VERSION)
}

/// The oldest day a phone keeps records of, seen from `today`.
pub fn keep_from(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(KEEP_DAYS)).unwrap_or(today)
}

/// The first day a phone keeps, seen from `today`, once the server said
/// the first it keeps (`server_kept_from`, after a retention purge): the
/// later of its own 14 days and the server's. What the server purged, the
/// phone wipes too.
pub fn wipe_before(today: NaiveDate, server_kept_from: Option<NaiveDate>) -> NaiveDate {
    keep_from(today).max(server_kept_from.unwrap_or(NaiveDate::MIN))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::fixtures::answers_at;
    use crate::sync::{Outcome, RejectCode};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn filing(id: &str) -> Change {
        Change::DeclarationRevision {
            day: day(),
            revision_id: id.into(),
            answers: answers_at(365),
            correction_reason: None,
        }
    }

    #[test]
    fn test_take_push_answer_marks_and_renumbers_only_when_all_deferred() {
        let mut outbox = Outbox::default();
        let at = Utc.timestamp_opt(0, 0).unwrap();
        outbox.enqueue("m1", at, filing("r1"));
        outbox.enqueue("m2", at, filing("r2"));
        assert_eq!(next_batch(&outbox).map(<[_]>::len), Some(2));
        let deferred =
            |seq: u64, id: &str| PushResult { seq, id: id.into(), outcome: Outcome::Deferred };
        let taken = take_push_answer(&mut outbox, &[deferred(1, "m1"), deferred(2, "m2")]);
        assert_eq!(taken.then, AfterPush::Renumber);
        let refused = Outcome::Rejected { code: RejectCode::DayTooOld, fields: vec![] };
        let results = [
            PushResult { seq: 1, id: "m1".into(), outcome: Outcome::Applied },
            PushResult { seq: 2, id: "m2".into(), outcome: refused },
        ];
        let taken = take_push_answer(&mut outbox, &results);
        assert_eq!(taken.then, AfterPush::Continue);
        let marks: Vec<(RecordMark, Delivery)> = taken
            .events
            .iter()
            .map(|e| (e.mutation().change.record_mark(&e.mutation().id), delivery_of(e)))
            .collect();
        let rejected = Delivery::Rejected { code: RejectCode::DayTooOld.as_str().into() };
        assert_eq!(
            marks[0],
            (RecordMark::Declaration { day: day(), revision_id: "r1" }, Delivery::Delivered)
        );
        assert_eq!(marks[1].1, rejected);
        assert_eq!(next_batch(&outbox), None);
    }

    #[test]
    fn test_judge_failure_keeps_the_queue_for_all_but_the_session() {
        assert_eq!(judge_failure(true, None), FailedRequest::SessionEnded);
        assert_eq!(
            judge_failure(false, Some(ErrorCode::UnsupportedProtocol)),
            FailedRequest::NeedsUpdate
        );
        assert_eq!(
            judge_failure(false, Some(ErrorCode::ClientOfAnotherPerson)),
            FailedRequest::NewClient
        );
        assert_eq!(judge_failure(false, None), FailedRequest::Retry);
        assert_eq!(pull_path(7), "/api/v1/sync/pull?protocol_version=1&cursor=7");
        assert_eq!(keep_from(day()), NaiveDate::from_ymd_opt(2026, 2, 16).unwrap());
    }

    #[test]
    fn test_the_phone_wipes_what_the_server_purged_and_keeps_its_own_14_days() {
        let own = keep_from(day());
        assert_eq!(wipe_before(day(), None), own);
        // A server keeping more than the phone changes nothing.
        assert_eq!(wipe_before(day(), Some(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())), own);
        // A school keeping its raw records fewer days than the phone.
        let later = NaiveDate::from_ymd_opt(2026, 2, 25).unwrap();
        assert_eq!(wipe_before(day(), Some(later)), later);
    }
}
