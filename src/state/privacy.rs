//! Privacy on the phone (SPEC §7): which notice the person acknowledged
//! (the Today page shows the server's notice until its hash is the one
//! acknowledged), their counselling consent (asked at the first booking,
//! withdrawn in Settings → Privacy) and the optional wellbeing question
//! (offered once after a declaration, turned on or off in Settings) with
//! today's answer. All are kept on the device
//! at once and queued in the one outbox for the server's record; sign-out
//! removes them with every personal record, so the next person is asked
//! again.

use anxin_domain::counselling::wellbeing::{Feeling, WellbeingAnswer};
use anxin_domain::privacy::deletion::{DeletionRequest, DeletionStanding};
use anxin_domain::privacy::{Consent, NoticeSeen, Purpose};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{use_storage_status, StorageStatus};
use crate::declaring::new_id;
use crate::storage::{keys, load, save, DeviceStore, StorageError};
use crate::sync::{use_sync, DeviceChange, JsonText, SyncEngine};

/// What the phone remembers of the person's privacy choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredPrivacy {
    /// The hash and version of the notice last acknowledged here.
    pub notice_hash: String,
    pub notice_version: String,
    /// The latest counselling consent given here (`None`: never asked).
    pub counselling: Option<bool>,
    /// The wellbeing question: turned on or off here (`None`: never).
    pub wellbeing: Option<bool>,
    /// The one-time offer of the wellbeing question was answered here.
    pub wellbeing_offered: bool,
    /// Today's answer, while the question is on: the day and the feeling's
    /// wire name (`"very_low"`).
    pub feeling_day: String,
    pub feeling: String,
    /// The person's latest request for deletion as the server last told
    /// (asked, answered); `deletion_queued`: asked here, not yet told.
    pub deletion: Option<DeletionStanding>,
    pub deletion_queued: bool,
}

/// Keeps the server's word on the person's request for deletion (the sync
/// engine calls this; the page reads it again after the sync).
pub fn keep_deletion(standing: &DeletionStanding) -> Result<(), StorageError> {
    let mut stored: StoredPrivacy = load(&DeviceStore, keys::PRIVACY)?.unwrap_or_default();
    stored.deletion = Some(standing.clone());
    stored.deletion_queued = false;
    save(&DeviceStore, keys::PRIVACY, &stored)
}

#[derive(Clone, Copy)]
pub struct Privacy {
    pub stored: RwSignal<StoredPrivacy>,
    sync: SyncEngine,
    storage: StorageStatus,
}

impl Privacy {
    /// The person read the notice of `version` and `hash`: kept, and queued
    /// for the server. `false` when the phone could not keep it.
    pub fn acknowledge(&self, version: &str, hash: &str) -> bool {
        let seen = NoticeSeen { seen_id: new_id(), version: version.into(), hash: hash.into() };
        let next = StoredPrivacy {
            notice_hash: hash.into(),
            notice_version: version.into(),
            ..self.stored.get_untracked()
        };
        self.keep(
            next,
            seen.seen_id.clone(),
            serde_json::to_string(&seen),
            DeviceChange::NoticeSeen,
        )
    }

    /// Gives (or withdraws) the counselling consent, at once on the phone.
    pub fn consent_to_counselling(&self, given: bool) -> bool {
        let consent = Consent { consent_id: new_id(), purpose: Purpose::Counselling, given };
        let next = StoredPrivacy { counselling: Some(given), ..self.stored.get_untracked() };
        let id = consent.consent_id.clone();
        self.keep(next, id, serde_json::to_string(&consent), DeviceChange::Consent)
    }

    /// Turns the wellbeing question on or off (a consent of its own; off,
    /// the answers are deleted on the server and here).
    pub fn turn_wellbeing(&self, on: bool) -> bool {
        let consent = Consent { consent_id: new_id(), purpose: Purpose::Wellbeing, given: on };
        let mut next = StoredPrivacy {
            wellbeing: Some(on),
            wellbeing_offered: true,
            ..self.stored.get_untracked()
        };
        if !on {
            next.feeling_day.clear();
            next.feeling.clear();
        }
        let id = consent.consent_id.clone();
        self.keep(next, id, serde_json::to_string(&consent), DeviceChange::Consent)
    }

    /// "No thanks" to the one-time offer: never asked again (Settings can
    /// still turn it on).
    pub fn decline_wellbeing(&self) -> bool {
        let next = StoredPrivacy { wellbeing_offered: true, ..self.stored.get_untracked() };
        let kept = save(&DeviceStore, keys::PRIVACY, &next);
        self.settle(next, kept)
    }

    /// Today's answer: kept, and queued for the server.
    pub fn answer_wellbeing(&self, day: NaiveDate, feeling: Feeling) -> bool {
        let answer = WellbeingAnswer { answer_id: new_id(), day, feeling };
        let next = StoredPrivacy {
            feeling_day: day.to_string(),
            feeling: feeling.as_str().to_owned(),
            ..self.stored.get_untracked()
        };
        let id = answer.answer_id.clone();
        self.keep(next, id, serde_json::to_string(&answer), DeviceChange::Wellbeing)
    }

    /// Asks the school to delete the person's data (`note`: what, in their
    /// words); the admin's answer comes with a later sync.
    pub fn ask_deletion(&self, note: &str) -> bool {
        let request = DeletionRequest { request_id: new_id(), note: note.trim().to_owned() };
        let next = StoredPrivacy { deletion_queued: true, ..self.stored.get_untracked() };
        let id = request.request_id.clone();
        self.keep(next, id, serde_json::to_string(&request), DeviceChange::DeletionRequest)
    }

    pub fn wellbeing_on(&self) -> bool {
        self.stored.with(|s| s.wellbeing == Some(true))
    }

    /// The feeling answered for `day`, if any.
    pub fn feeling_on(&self, day: NaiveDate) -> Option<Feeling> {
        self.stored.with(|s| {
            (s.feeling_day == day.to_string()).then(|| Feeling::parse(&s.feeling)).flatten()
        })
    }

    pub fn consented(&self) -> bool {
        self.stored.with(|s| s.counselling == Some(true))
    }

    fn keep(
        &self,
        next: StoredPrivacy,
        id: String,
        json: serde_json::Result<String>,
        change: fn(JsonText) -> DeviceChange,
    ) -> bool {
        let Some(json) = json.ok().and_then(JsonText::from_text) else { return false };
        let kept = save(&DeviceStore, keys::PRIVACY, &next)
            .and_then(|()| self.sync.queue(change(json), id));
        self.settle(next, kept)
    }

    /// Shows `next` once the phone kept it; `false` (and the storage
    /// problem said) when it could not.
    fn settle(&self, next: StoredPrivacy, kept: Result<(), StorageError>) -> bool {
        let done = self.storage.record(kept).is_some();
        if done {
            self.stored.set(next);
        }
        done
    }
}

pub fn provide_privacy() -> Privacy {
    let storage = use_storage_status();
    let stored = storage.record(load(&DeviceStore, keys::PRIVACY)).flatten().unwrap_or_default();
    let sync = use_sync();
    let privacy = Privacy { stored: RwSignal::new(stored), sync, storage };
    // A sync brought the answer to a request for deletion: read it again.
    Effect::new(move |first: Option<()>| {
        sync.records_changed.track();
        if first.is_some() {
            let again = storage.record(load(&DeviceStore, keys::PRIVACY)).flatten();
            privacy.stored.set(again.unwrap_or_default());
        }
    });
    provide_context(privacy);
    privacy
}

pub fn use_privacy() -> Privacy {
    expect_context::<Privacy>()
}
