//! The person's declarations on the device: one record per school day, the
//! draft, and the profile.

use anxin_domain::declaration::DeclarationDraft;
use anxin_domain::delivery::Delivery;
use anxin_domain::profile::Profile;
use anxin_domain::revision::DayDeclaration;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Result};

/// A day's declaration with the delivery state of each revision (same
/// order as `declaration.revisions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDay {
    pub declaration: DayDeclaration,
    pub delivery: Vec<Delivery>,
}

impl StoredDay {
    pub fn new(declaration: DayDeclaration) -> Self {
        let delivery = vec![Delivery::default(); declaration.revisions.len()];
        Self { declaration, delivery }
    }

    /// The state of the revision in force.
    pub fn current_delivery(&self) -> Delivery {
        self.delivery.last().cloned().unwrap_or_default()
    }

    /// Keeps one delivery state per revision after a correction.
    pub fn note_new_revision(&mut self) {
        self.delivery.resize(self.declaration.revisions.len(), Delivery::default());
    }
}

/// The form in progress: for which day, and whether it corrects that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDraft {
    pub day: NaiveDate,
    pub draft: DeclarationDraft,
    pub correcting: bool,
}

/// Typed access to the declaration records of one store.
pub struct DeclarationStore<'a> {
    store: &'a dyn KeyValueStore,
}

fn day_key(day: NaiveDate) -> String {
    format!("{}{day}", keys::DAY_PREFIX)
}

impl<'a> DeclarationStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn day(&self, day: NaiveDate) -> Result<Option<StoredDay>> {
        load(self.store, &day_key(day))
    }

    pub fn save_day(&self, day: &StoredDay) -> Result<()> {
        save(self.store, &day_key(day.declaration.day), day)
    }

    /// Days with a declaration on this device, newest first.
    pub fn days(&self) -> Result<Vec<NaiveDate>> {
        let mut days: Vec<NaiveDate> = self
            .store
            .keys_with_prefix(keys::DAY_PREFIX)?
            .iter()
            .filter_map(|key| key[keys::DAY_PREFIX.len()..].parse().ok())
            .collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        Ok(days)
    }

    pub fn draft(&self) -> Result<Option<StoredDraft>> {
        load(self.store, keys::DRAFT)
    }

    pub fn save_draft(&self, draft: &StoredDraft) -> Result<()> {
        save(self.store, keys::DRAFT, draft)
    }

    pub fn clear_draft(&self) -> Result<()> {
        self.store.remove(keys::DRAFT)
    }

    pub fn profile(&self) -> Result<Option<Profile>> {
        load(self.store, keys::PROFILE)
    }

    pub fn save_profile(&self, profile: &Profile) -> Result<()> {
        save(self.store, keys::PROFILE, profile)
    }
}
