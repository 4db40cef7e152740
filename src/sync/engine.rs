//! The sync engine: delivers the outbox and pulls what the server holds,
//! in one tab at a time (see `lock`), whenever there is reason to. One
//! queue for everything the signed-in person does: a declarant's
//! declarations and bookings, an advisor's or an office's report actions
//! (the reports bundle shares this engine, its storage and its lock). The
//! pull brings back the person's records and what the oversight side sent
//! them (a declaration sent back, reminders, the count of their own
//! reminder taps), kept by `storage::notes`.
//!
//! Triggers (SPEC §5): the app opening, each change (debounced), the
//! browser coming online, the page becoming visible, a timer (exponential
//! backoff with jitter after a failure, a slow heartbeat otherwise), and
//! the "sync now" button. Another tab's writes reach this tab through the
//! `storage` event.
//!
//! Each request carries the session's token, read from storage inside the
//! lock (so a tab never syncs for a session another tab ended or signed
//! out of). A 401 means the server ended the session: the outbox stays as
//! it is, retries stop, and the person is asked to sign in again; the
//! next sign-in sets sync going.

use std::time::Duration;

use anxin_domain::delivery::Delivery;
use anxin_domain::sync::round::{
    self, AfterPush, FailedRequest, PushTaken, RecordMark, RoundChange, PUSH_PATH,
};
use anxin_domain::sync::{PushResponse, PROTOCOL_VERSION};
use chrono::{DateTime, Utc};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::http::{get_json_signed, post_json, HttpError};
use super::lock::run_exclusive;
use super::schedule::refresh_schedule;
use super::wire::{record_of, DeviceChange, PullPage, PulledItem, PushBody, Refused};
use crate::account::Account;
use crate::app_update::keep_bundle;
use crate::declaring::{device_now, new_id, school_now};
use crate::state::privacy::keep_deletion;
use crate::state::Connectivity;
use crate::storage::{
    BookingStore, DeclarationStore, DeviceStore, NoteKind, NoteStore, OutboxStore, PassStore,
    QueuedMutation, Result as StorageResult, ReturnStore, SessionStore, VisitorNotes, WaitlistNote,
};

pub use anxin_domain::sync::round::KEEP_DAYS;

/// After a change, wait this long for more before sending.
const DEBOUNCE: Duration = Duration::from_millis(800);
/// The first retry after a failure; doubled each time up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// With nothing failing, pull now and then for the server's news.
const HEARTBEAT: Duration = Duration::from_secs(600);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPhase {
    Idle,
    Sending,
    /// The last round failed; a retry is scheduled.
    Failed,
    /// The server speaks another protocol: a newer app must be loaded.
    NeedsUpdate,
}

#[derive(Clone, Copy)]
pub struct SyncEngine {
    /// Changes not yet delivered (in this device's outbox).
    pub pending: RwSignal<usize>,
    pub last_sync: RwSignal<Option<DateTime<Utc>>>,
    pub phase: RwSignal<SyncPhase>,
    /// Record ids in a push that has not been answered yet.
    pub in_flight: RwSignal<Vec<String>>,
    /// Changes the server refused, set aside.
    pub rejected: RwSignal<Vec<Refused>>,
    /// The server's error code when it refused a whole sync request (not a
    /// network failure): shown, as it will not go away by itself.
    pub refusal: RwSignal<Option<String>>,
    /// Bumped whenever stored records changed under the page (a sync, or
    /// another tab): pages showing records read them again.
    pub records_changed: RwSignal<u64>,
    /// Whose declarations are synced; `None` until a declarant signs in.
    pub person: Memo<Option<String>>,
    /// The signed-in account (see `crate::account::use_account`).
    pub account: Account,
    failures: StoredValue<u32>,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    refresh_timer: StoredValue<Option<TimeoutHandle>>,
}

/// Starts the engine for the signed-in account; nothing is sent without a
/// session.
pub fn provide_sync(connectivity: Connectivity, account: Account) -> SyncEngine {
    let engine = SyncEngine {
        pending: RwSignal::new(0),
        last_sync: RwSignal::new(None),
        phase: RwSignal::new(SyncPhase::Idle),
        in_flight: RwSignal::new(Vec::new()),
        rejected: RwSignal::new(Vec::new()),
        refusal: RwSignal::new(None),
        records_changed: RwSignal::new(0),
        person: account.person_id,
        account,
        failures: StoredValue::new(0),
        running: StoredValue::new(false),
        again: StoredValue::new(false),
        timer: StoredValue::new(None),
        refresh_timer: StoredValue::new(None),
    };
    engine.read_storage();
    provide_context(engine);

    // Online again, or signed in (again): sync. (Also runs once at start.)
    Effect::new(move |_| {
        if connectivity.online.get() && account.can_sync.get() {
            engine.sync_now();
        }
    });
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            engine.sync_now();
        }
    });
    // Another tab wrote records: show them (after its burst of writes).
    let _ = window_event_listener(leptos::ev::storage, move |event| {
        let ours = event.key().is_some_and(|k| k.starts_with("anxin."));
        if ours {
            engine.refresh_soon();
        }
    });
    engine
}

pub fn use_sync() -> SyncEngine {
    expect_context::<SyncEngine>()
}

impl SyncEngine {
    /// Queues a change for delivery and sends it shortly.
    pub fn queue(&self, change: DeviceChange, id: String) -> StorageResult<()> {
        let mutation = QueuedMutation { id, seq: None, device_time: device_now(), change };
        OutboxStore::new(&DeviceStore).queue(&mutation)?;
        self.pending.update(|n| *n += 1);
        if self.running.get_value() {
            // A round is under way and may have read the queue already.
            self.again.set_value(true);
        } else {
            self.schedule(DEBOUNCE);
        }
        Ok(())
    }

    /// The "sync now" button and every immediate trigger.
    pub fn sync_now(&self) {
        let engine = *self;
        spawn_local(async move { engine.run().await });
    }

    /// The state of a record as the person should see it.
    pub fn delivery_of(&self, record_id: &str, stored: Delivery) -> Delivery {
        if stored.is_undelivered() && self.in_flight.get().iter().any(|id| id == record_id) {
            Delivery::Sending
        } else {
            stored
        }
    }

    fn read_storage(&self) {
        self.account.reload();
        let outbox = OutboxStore::new(&DeviceStore);
        self.pending.set(outbox.count().unwrap_or(0));
        self.rejected.set(outbox.rejected().unwrap_or_default());
        self.last_sync.set(outbox.meta().ok().and_then(|m| m.last_sync));
    }

    fn refresh_soon(&self) {
        let engine = *self;
        if let Some(handle) = self.refresh_timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                engine.read_storage();
                engine.records_changed.update(|n| *n += 1);
            },
            Duration::from_millis(100),
        )
        .ok();
        self.refresh_timer.set_value(handle);
    }

    fn schedule(&self, after: Duration) {
        let engine = *self;
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || engine.sync_now(), after).ok();
        self.timer.set_value(handle);
    }

    async fn run(self) {
        if self.running.get_value() {
            self.again.set_value(true);
            return;
        }
        self.running.set_value(true);
        loop {
            self.again.set_value(false);
            let outcome = self.round().await;
            self.after_round(outcome);
            if !self.again.get_value() {
                break;
            }
        }
        self.running.set_value(false);
    }

    fn after_round(&self, outcome: RoundOutcome) {
        match outcome {
            RoundOutcome::Done => {
                self.failures.set_value(0);
                self.refusal.set(None);
                self.phase.set(SyncPhase::Idle);
                self.schedule(HEARTBEAT);
            }
            RoundOutcome::OtherTab => self.schedule(FIRST_BACKOFF),
            RoundOutcome::NoPerson => self.phase.set(SyncPhase::Idle),
            RoundOutcome::Failed => {
                let failures = self.failures.get_value().saturating_add(1);
                self.failures.set_value(failures);
                self.phase.set(SyncPhase::Failed);
                self.schedule(backoff(failures, js_sys::Math::random()));
            }
            RoundOutcome::NeedsUpdate => self.phase.set(SyncPhase::NeedsUpdate),
            RoundOutcome::SessionEnded { by_reset } => {
                // No retry: only signing in again helps (and restarts sync).
                self.failures.set_value(0);
                self.refusal.set(None);
                self.phase.set(SyncPhase::Idle);
                self.account.end(by_reset);
            }
        }
    }

    async fn round(self) -> RoundOutcome {
        if !self.account.can_sync.get_untracked() {
            return RoundOutcome::NoPerson;
        }
        if !window().navigator().on_line() {
            return RoundOutcome::Failed;
        }
        let result = std::rc::Rc::new(std::cell::Cell::new(RoundOutcome::Failed));
        let out = result.clone();
        let held = run_exclusive(move || async move {
            // From storage, inside the lock: another tab may have signed
            // out, or seen the session end, a moment ago.
            let outcome = match SessionStore::new(&DeviceStore).session() {
                Ok(Some(session)) if session.syncs() => match session.token {
                    Some(token) => self.push_and_pull(&session.person.id, &token).await,
                    None => RoundOutcome::NoPerson,
                },
                _ => RoundOutcome::NoPerson,
            };
            out.set(outcome);
        })
        .await;
        // Whatever happened, show what storage now holds.
        self.read_storage();
        self.records_changed.update(|n| *n += 1);
        if held {
            result.get()
        } else {
            RoundOutcome::OtherTab
        }
    }

    async fn push_and_pull(&self, person: &str, token: &str) -> RoundOutcome {
        let outbox_store = OutboxStore::new(&DeviceStore);
        let days = DeclarationStore::new(&DeviceStore);
        let bookings = BookingStore::new(&DeviceStore);
        let notes = NoteStore::new(&DeviceStore);
        // A filing or booking whose queue write failed earlier is queued now.
        if outbox_store.queue_missing(&days).is_err()
            || outbox_store.queue_missing_bookings(&bookings, new_id).is_err()
        {
            return RoundOutcome::Failed;
        }
        let Ok(mut meta) = outbox_store.meta() else { return RoundOutcome::Failed };
        let Ok(mut outbox) = outbox_store.open(&mut meta, person, new_id) else {
            return RoundOutcome::Failed;
        };
        let Some(client_id) = meta.client_id.clone() else { return RoundOutcome::Failed };

        while let Some(batch) = round::next_batch(&outbox) {
            let batch = batch.to_vec();
            self.phase.set(SyncPhase::Sending);
            self.in_flight.set(batch.iter().map(|m| record_of(m).to_owned()).collect());
            let request = PushBody {
                protocol_version: PROTOCOL_VERSION,
                client_id: &client_id,
                mutations: &batch,
            };
            let answer = post_json::<_, PushResponse>(PUSH_PATH, Some(token), &request).await;
            self.in_flight.set(Vec::new());
            let response = match answer {
                Ok(response) => response,
                Err(err) => return self.failed(err, &outbox_store, &mut meta),
            };
            let PushTaken { events, then } =
                round::take_push_answer(&mut outbox, &response.results);
            if outbox_store.settle(&events).is_err() {
                return RoundOutcome::Failed;
            }
            for event in &events {
                let delivery = round::delivery_of(event);
                let mutation = event.mutation();
                let _ = match mutation.change.record_mark(&mutation.id) {
                    RecordMark::Declaration { day, revision_id } => {
                        days.mark(day, revision_id, delivery)
                    }
                    RecordMark::Booking(id) => bookings.mark(id, delivery),
                    RecordMark::BookingCancel(id) => bookings.mark_cancel(id, delivery),
                    RecordMark::ReturnApplication(id) => {
                        ReturnStore::new(&DeviceStore).mark(id, delivery)
                    }
                    RecordMark::Nothing => Ok(()),
                };
            }
            self.pending.set(outbox.pending().len());
            if then == AfterPush::Renumber {
                meta.client_id = None;
                let _ = outbox_store.save_meta(&meta);
                return RoundOutcome::Failed;
            }
        }

        let (today, _) = school_now();
        let keep_from = round::keep_from(today);
        let mut server_kept_from = None;
        loop {
            let path = round::pull_path(meta.cursor);
            let page = match get_json_signed::<PullPage>(&path, token).await {
                Ok(page) => page,
                Err(err) => return self.failed(err, &outbox_store, &mut meta),
            };
            for change in &page.changes {
                let merged = match change {
                    PulledItem::DeclarationRevision(revision) => {
                        days.merge_server(revision, person, keep_from)
                    }
                    PulledItem::Booking(booking) => bookings.merge_server(booking, today),
                    PulledItem::SentBack(note) => notes.take(NoteKind::SentBack, note, keep_from),
                    PulledItem::Reminder(note) => notes.take(NoteKind::Reminder, note, keep_from),
                    PulledItem::RemindersSent(note) => {
                        notes.take(NoteKind::RemindersSent, note, keep_from)
                    }
                    PulledItem::ReturnApplication(application) => {
                        ReturnStore::new(&DeviceStore).merge_server(application)
                    }
                    PulledItem::Visitor(visitor) => VisitorNotes::new(&DeviceStore).take(visitor),
                    PulledItem::DeletionRequest(standing) => keep_deletion(standing),
                    PulledItem::Waitlist(entry) => WaitlistNote::new(&DeviceStore).take(entry),
                };
                if merged.is_err() {
                    return RoundOutcome::Failed;
                }
            }
            meta.cursor = page.cursor;
            if !page.more {
                server_kept_from = page.kept_from;
                // The booking page, a bundle of its own, kept for offline
                // use once the person has synced (the crisis path is in the
                // first load and never waits for it).
                keep_bundle("counselling");
                // Today's pass (or none); pages read again only if it changed.
                let kept = PassStore::new(&DeviceStore).keep(page.pass.as_deref(), device_now());
                if page.pass.is_some() {
                    // Its page, a bundle of its own, kept for offline use.
                    keep_bundle("pass");
                }
                if kept == Ok(true) {
                    self.records_changed.update(|n| *n += 1);
                }
            }
            if outbox_store.save_meta(&meta).is_err() || !page.more {
                break;
            }
        }
        // The counselling schedule, for the booking form offline. Only an
        // ended session fails the round: the outbox and pull are done.
        match refresh_schedule(token).await {
            Err(err) if err.is_unauthenticated() => {
                return RoundOutcome::SessionEnded { by_reset: err.is_password_reset() }
            }
            _ => {}
        }
        let _ = bookings.prune(today);
        // The phone's own 14 days, and nothing the server purged.
        let wipe_before = round::wipe_before(today, server_kept_from);
        if days.prune(wipe_before).is_ok_and(|wiped| wiped > 0) {
            self.records_changed.update(|n| *n += 1);
        }
        let _ = notes.prune(wipe_before);
        meta.last_sync = Some(device_now());
        let _ = outbox_store.save_meta(&meta);
        RoundOutcome::Done
    }

    fn failed(
        &self,
        err: HttpError,
        outbox_store: &OutboxStore,
        meta: &mut crate::storage::SyncMeta,
    ) -> RoundOutcome {
        if err.is_unauthenticated() {
            // Expired or revoked: nothing is dropped, nothing is retried.
            return RoundOutcome::SessionEnded { by_reset: err.is_password_reset() };
        }
        let refusal = match &err {
            HttpError::Status { code, .. } if !err.is_transient() => Some(code.clone()),
            _ => None,
        };
        self.refusal.set(refusal);
        match round::judge_failure(err.is_unauthenticated(), err.code()) {
            FailedRequest::NeedsUpdate => RoundOutcome::NeedsUpdate,
            FailedRequest::NewClient => {
                // Start afresh with a new client id on the next round.
                meta.client_id = None;
                let _ = outbox_store.save_meta(meta);
                RoundOutcome::Failed
            }
            FailedRequest::SessionEnded => {
                RoundOutcome::SessionEnded { by_reset: err.is_password_reset() }
            }
            FailedRequest::Retry => RoundOutcome::Failed,
        }
    }
}

impl RoundChange for DeviceChange {
    fn record_mark<'a>(&'a self, mutation_id: &'a str) -> RecordMark<'a> {
        match self {
            DeviceChange::DeclarationRevision { day, revision_id, .. } => {
                RecordMark::Declaration { day: *day, revision_id }
            }
            DeviceChange::BookingRequest(request) => RecordMark::Booking(&request.booking_id),
            DeviceChange::BookingCancel { booking_id, .. } => RecordMark::BookingCancel(booking_id),
            DeviceChange::ReturnApply(_) => RecordMark::ReturnApplication(mutation_id),
            DeviceChange::Report(_)
            | DeviceChange::ReturnDecide(_)
            | DeviceChange::GateRecord(_)
            | DeviceChange::EndObservation(_)
            | DeviceChange::VisitorRegister(_)
            | DeviceChange::VisitorDecide(_)
            | DeviceChange::VisitorAtGate(_)
            | DeviceChange::NoticeSeen(_)
            | DeviceChange::Consent(_)
            | DeviceChange::Wellbeing(_)
            | DeviceChange::DeletionRequest(_)
            | DeviceChange::WaitlistJoin(_)
            | DeviceChange::WaitlistLeave(_) => RecordMark::Nothing,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoundOutcome {
    Done,
    Failed,
    OtherTab,
    NoPerson,
    NeedsUpdate,
    /// The server answered 401: the session expired or was revoked
    /// (`by_reset`: someone else reset the password).
    SessionEnded {
        by_reset: bool,
    },
}

/// The wait before retry `failures` (1, 2, …): doubling from 5 s up to
/// 5 min, each spread by ±20 % (`random` in 0..1) so that phones that lost
/// the network together do not all come back in the same second.
pub fn backoff(failures: u32, random: f64) -> Duration {
    let doubled = FIRST_BACKOFF.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    let base = doubled.min(MAX_BACKOFF);
    base.mul_f64(0.8 + 0.4 * random.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_backoff_doubles_to_a_cap_with_jitter() {
        assert_eq!(backoff(1, 0.5), Duration::from_secs(5));
        assert_eq!(backoff(2, 0.5), Duration::from_secs(10));
        assert_eq!(backoff(4, 0.5), Duration::from_secs(40));
        assert_eq!(backoff(30, 0.5), MAX_BACKOFF);
        assert_eq!(backoff(1, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(1, 1.0), Duration::from_secs(6));
    }
}
