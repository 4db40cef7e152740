//! Filing today's declaration on the device: the draft saved on every
//! change, validation with the domain's rules, revisions stored locally
//! ("saved on this phone") for the sync engine to deliver later.

use std::time::Duration;

use anxin_domain::declaration::{DeclarationAnswers, DeclarationDraft, FieldError};
use anxin_domain::revision::{DayDeclaration, RevisionError};
use anxin_domain::{local_day, school_offset};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::*;

use crate::account::Account;
use crate::school_clock::use_school_clock;
use crate::state::{use_storage_status, Connectivity, StorageStatus};
use crate::storage::{
    request_persistence, DayNotes, DeclarationStore, DeviceStore, NoteStore, SentBackSeen,
    StoredDay, StoredDraft,
};
use crate::sync::{provide_sync, DeviceChange, SyncEngine};

/// The device clock, read as an instant (the server judges it later).
pub fn device_now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Today's date and the wall-clock time in the school's time zone.
pub fn school_now() -> (NaiveDate, NaiveDateTime) {
    let now = device_now();
    (local_day(now), now.with_timezone(&school_offset()).naive_local())
}

/// A new record id, made on the device (UUID v4).
pub fn new_id() -> String {
    let random_uuid = wasm_bindgen::JsValue::from_str("randomUUID");
    match window().crypto() {
        Ok(crypto) if js_sys::Reflect::has(&crypto, &random_uuid).unwrap_or(false) => {
            crypto.random_uuid()
        }
        _ => math_random_uuid(),
    }
}

/// Old browsers without `crypto`: `Math.random` bytes, still a valid UUID
/// and unique enough for one person's records.
fn math_random_uuid() -> String {
    let mut bytes = [0u8; 16];
    for byte in &mut bytes {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    anxin_domain::sync::uuid_v4_from_bytes(bytes)
}

#[derive(Clone, Copy)]
pub struct Declaring {
    /// Whose declarations these are (see [`person_id`]).
    pub person: Memo<Option<String>>,
    /// Today's record on this device, if filed.
    pub today: RwSignal<Option<StoredDay>>,
    pub draft: RwSignal<StoredDraft>,
    pub errors: RwSignal<Vec<FieldError>>,
    /// The correction reason as typed, and what is wrong with it.
    pub reason: RwSignal<String>,
    pub reason_error: RwSignal<Option<RevisionError>>,
    /// Today's answers repeat the previous declaration exactly.
    pub repeats_previous: RwSignal<bool>,
    /// Yesterday's answers on this device: its situation can be taken over
    /// in one tap.
    pub yesterday: RwSignal<Option<DeclarationAnswers>>,
    /// What the advisor sent about today (sent back, reminders), pulled.
    pub notes: RwSignal<DayNotes>,
    storage: StorageStatus,
    sync: SyncEngine,
    /// A filing is saved and its redraw is pending: a second tap waits.
    redrawing: StoredValue<bool>,
}

fn blank_draft(day: NaiveDate) -> StoredDraft {
    StoredDraft { day, draft: DeclarationDraft::default(), correcting: false }
}

/// Filing, and the sync engine that delivers what is filed. The person's
/// identity comes from one place, [`person_id`]: the signed-in account.
pub fn provide_declaring(connectivity: Connectivity, account: Account) -> Declaring {
    let storage = use_storage_status();
    let store = DeclarationStore::new(&DeviceStore);
    let (day, _) = school_now();
    let sync = provide_sync(connectivity, account);
    let today = storage.record(store.day(day)).flatten();
    // A draft left from an earlier day is for a declaration that can no
    // longer be filed: start today's afresh.
    let draft = storage.record(store.draft()).flatten().filter(|d| d.day == day);
    let repeats = today.as_ref().is_some_and(|t| repeats_previous(&store, t));
    let declaring = Declaring {
        person: person_id(account),
        today: RwSignal::new(today),
        draft: RwSignal::new(draft.unwrap_or_else(|| blank_draft(day))),
        errors: RwSignal::new(Vec::new()),
        reason: RwSignal::new(String::new()),
        reason_error: RwSignal::new(None),
        repeats_previous: RwSignal::new(repeats),
        yesterday: RwSignal::new(answers_before(&store, day)),
        notes: RwSignal::new(
            storage.record(NoteStore::new(&DeviceStore).day(day)).unwrap_or_default(),
        ),
        storage,
        sync,
        redrawing: StoredValue::new(false),
    };
    provide_context(declaring);
    // A page left open past midnight moves on to the new day.
    let clock = use_school_clock();
    Effect::new(move |_| declaring.roll_over(clock.today()));
    // Records changed by a sync or by another tab: read them again.
    Effect::new(move |first: Option<()>| {
        sync.records_changed.track();
        if first.is_some() {
            declaring.reload_today();
        }
    });
    declaring
}

/// Whose records these are: the one place the app learns the person (the
/// signed-in declarant; kept when the session ended, as what waits on the
/// device is theirs).
fn person_id(account: Account) -> Memo<Option<String>> {
    account.person_id
}

pub fn use_declaring() -> Declaring {
    expect_context::<Declaring>()
}

/// The advisor's send-back of `day` still to be corrected: the latest one,
/// until a later revision of that day exists (filed here, or pulled).
pub fn pending_send_back(notes: &DayNotes, day: Option<&StoredDay>) -> Option<SentBackSeen> {
    let note = notes.sent_back_seen().into_iter().max_by_key(|n| n.at)?;
    let Some(day) = day else { return Some(note) };
    let revisions = &day.declaration.revisions;
    let corrected = match revisions.iter().position(|r| r.id == note.revision_id) {
        Some(i) => i + 1 < revisions.len(),
        None => revisions.iter().any(|r| r.filled_at > note.at),
    };
    (!corrected).then_some(note)
}

/// Whether today's answers repeat yesterday's exactly (SPEC §1: flagged
/// for the advisor). One direct read: no scan of the whole history.
fn repeats_previous(store: &DeclarationStore, today: &StoredDay) -> bool {
    let Some(yesterday) = today.declaration.day.pred_opt() else { return false };
    match store.day(yesterday) {
        Ok(Some(previous)) => today.declaration.repeats(&previous.declaration),
        _ => false,
    }
}

/// The current answers of the day before `day` on this device.
fn answers_before(store: &DeclarationStore, day: NaiveDate) -> Option<DeclarationAnswers> {
    let yesterday = day.pred_opt()?;
    let stored = store.day(yesterday).ok().flatten()?;
    Some(stored.declaration.current().answers.clone())
}

impl Declaring {
    /// Takes over yesterday's situation (where, travel, exposure, status)
    /// in one tap; today's health stays to be answered.
    pub fn take_situation(&self) {
        let Some(yesterday) = self.yesterday.get_untracked() else { return };
        self.edit(|d| d.take_situation(&yesterday));
        self.check_as_typed();
    }

    /// Opens the taken-over situation's questions again, as answered.
    pub fn change_situation(&self) {
        self.edit(|d| d.situation_taken = false);
    }

    /// The errors worth showing while the person fills the form (a field
    /// left, a choice made): what is wrong with what was answered, and
    /// the "required" of the last submit only while still unanswered.
    pub fn check_as_typed(&self) {
        let (_, local_now) = school_now();
        let shown = self.errors.get_untracked();
        let errors = self.draft.with_untracked(|d| d.draft.typing_problems(local_now, &shown));
        if errors != shown {
            self.errors.set(errors);
        }
    }

    /// Changes the draft and saves it at once (survives reload and crash).
    pub fn edit(&self, change: impl FnOnce(&mut DeclarationDraft)) {
        self.draft.update(|stored| change(&mut stored.draft));
        let store = DeclarationStore::new(&DeviceStore);
        self.storage.record(store.save_draft(&self.draft.get_untracked()));
    }

    /// Files today's declaration, or the correction being made.
    pub fn submit(&self) {
        if self.redrawing.get_value() {
            return;
        }
        let Some(person_id) = self.person.get_untracked() else { return };
        let (day, local_now) = school_now();
        // The measuring time left as offered is now.
        if self.draft.with_untracked(|d| d.draft.measured_at.is_empty()) {
            let now = anxin_domain::clock_text::hh_mm(&local_now);
            self.edit(|d| d.measured_at = now);
        }
        let stored_draft = self.draft.get_untracked();
        let answers = match stored_draft.draft.validate(local_now) {
            Ok(answers) => answers,
            Err(errors) => {
                self.errors.set(errors);
                return;
            }
        };
        self.errors.set(Vec::new());
        let store = DeclarationStore::new(&DeviceStore);
        // From storage, not memory: another tab may have filed or corrected
        // a moment ago.
        let existing = match store.day(day) {
            Ok(stored) => stored,
            Err(err) => {
                self.storage.record::<()>(Err(err));
                return;
            }
        };
        let newly_filed = existing.is_none();
        let before = existing.clone();
        let record = match existing {
            Some(mut stored) => {
                let reason = self.reason.get_untracked();
                if let Err(err) =
                    stored.declaration.correct(new_id(), answers, &reason, device_now())
                {
                    self.reason_error.set(Some(err));
                    return;
                }
                stored.note_new_revision();
                stored
            }
            None => StoredDay::new(DayDeclaration::file(
                person_id,
                day,
                new_id(),
                answers,
                device_now(),
            )),
        };
        if self.storage.record(store.save_day(&record)).is_none() {
            // Not stored: keep the draft so nothing typed is lost.
            return;
        }
        let revision = record.declaration.current();
        let change = DeviceChange::declaration_revision(day, revision);
        // The revision's id is also its mutation's: one revision, one change.
        if let Err(err) = self.sync.queue(change, revision.id.clone()) {
            // Nothing half-written: the day goes back to what it was, and
            // the draft stays, so the person is told and can try again.
            let _ = match &before {
                Some(before) => store.save_day(before),
                None => store.remove_day(day),
            };
            self.storage.record::<()>(Err(err));
            return;
        }
        self.storage.record(store.clear_draft());
        // Saved. The redraw (the form closes, the result opens) runs as a
        // task of its own, so the main thread is free in between: saving
        // never holds it for long, whatever the page has to draw.
        let repeats = repeats_previous(&store, &record);
        let correcting = stored_draft.correcting;
        let this = *self;
        self.redrawing.set_value(true);
        set_timeout(move || this.show_filed(record, repeats, correcting), Duration::ZERO);
        if newly_filed {
            // The person just acted: the moment browsers accept the request
            // (granted once, it stays; asking again changes nothing).
            leptos::task::spawn_local(async {
                request_persistence().await;
            });
        }
    }

    /// The page after a filing: today's record, its result, a closed form.
    fn show_filed(&self, record: StoredDay, repeats: bool, correcting: bool) {
        self.repeats_previous.set(repeats);
        self.today.set(Some(record));
        // The form's answers stay in memory only until it opens again (a
        // correction fills it anew): blanking them would redraw every field
        // just before the form goes away.
        if correcting {
            self.draft.update(|d| d.correcting = false);
        }
        self.reason.set(String::new());
        self.reason_error.set(None);
        self.redrawing.set_value(false);
    }

    /// Reads today's record again: a sync or another tab may have changed
    /// it.
    pub fn reload_today(&self) {
        let day = self.draft.get_untracked().day;
        let store = DeclarationStore::new(&DeviceStore);
        let today = self.storage.record(store.day(day)).flatten();
        if today != self.today.get_untracked() {
            self.today.set(today);
        }
        self.reload_notes(day);
    }

    fn reload_notes(&self, day: NaiveDate) {
        let notes = self.storage.record(NoteStore::new(&DeviceStore).day(day)).unwrap_or_default();
        if notes != self.notes.get_untracked() {
            self.notes.set(notes);
        }
    }

    /// Moves on to `day` when the school day changed while the app was
    /// open: that day's record, and a fresh draft (yesterday's can no longer
    /// be filed).
    pub fn roll_over(&self, day: NaiveDate) {
        if self.draft.get_untracked().day == day {
            return;
        }
        let store = DeclarationStore::new(&DeviceStore);
        let today = self.storage.record(store.day(day)).flatten();
        self.repeats_previous.set(today.as_ref().is_some_and(|t| repeats_previous(&store, t)));
        self.yesterday.set(answers_before(&store, day));
        self.today.set(today);
        self.reload_notes(day);
        self.draft.set(blank_draft(day));
        self.errors.set(Vec::new());
        self.reason.set(String::new());
        self.reason_error.set(None);
        self.storage.record(store.clear_draft());
    }

    /// Opens today's answers for correction (a new revision with a reason).
    pub fn start_correction(&self) {
        let Some(today) = self.today.get_untracked() else { return };
        let draft = DeclarationDraft::for_correction(&today.declaration.current().answers);
        self.draft.set(StoredDraft { day: today.declaration.day, draft, correcting: true });
        let store = DeclarationStore::new(&DeviceStore);
        self.storage.record(store.save_draft(&self.draft.get_untracked()));
    }

    pub fn cancel_correction(&self) {
        let (day, _) = school_now();
        self.draft.set(blank_draft(day));
        self.errors.set(Vec::new());
        self.reason_error.set(None);
        let store = DeclarationStore::new(&DeviceStore);
        self.storage.record(store.clear_draft());
    }
}
