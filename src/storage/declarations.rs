//! The person's declarations on the device: one record per school day,
//! and the draft.

use anxin_domain::declaration::DeclarationDraft;
use anxin_domain::delivery::Delivery;
use anxin_domain::revision::DayDeclaration;
use anxin_domain::sync::{round, ServerRevision};
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

    /// Sets the delivery state of one revision; false when it is not here.
    pub fn set_delivery(&mut self, revision_id: &str, delivery: Delivery) -> bool {
        let index = self.declaration.revisions.iter().position(|r| r.id == revision_id);
        match index {
            Some(i) => {
                self.note_new_revision();
                self.delivery[i] = delivery;
                true
            }
            None => false,
        }
    }

    /// Takes in a revision as the server holds it (the domain's
    /// `sync::round::merge_revision` decides where it goes).
    pub fn merge_server(&mut self, server: &ServerRevision) {
        round::merge_revision(&mut self.declaration, &mut self.delivery, server);
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

    /// Forgets a day filed here whose change could not be queued.
    pub fn remove_day(&self, day: NaiveDate) -> Result<()> {
        self.store.remove(&day_key(day))
    }

    /// Days with a declaration on this device, newest first.
    pub fn days(&self) -> Result<Vec<NaiveDate>> {
        let mut days: Vec<NaiveDate> = self
            .store
            .keys_with_prefix(keys::DAY_PREFIX)?
            .iter()
            .filter_map(|key| key[keys::DAY_PREFIX.len()..].parse().ok())
            .collect();
        anxin_domain::order::sort_by(&mut days, |a, b| b.cmp(a));
        Ok(days)
    }

    /// Wipes the days before `before` (see `round::wipe_before`): the
    /// phone's own 14 days, and what the server purged. A day with a
    /// revision still to deliver stays until it is delivered or refused,
    /// so nothing saved here is lost unsent. Returns how many went.
    pub fn prune(&self, before: NaiveDate) -> Result<usize> {
        let mut wiped = 0;
        for day in self.days()?.into_iter().filter(|d| *d < before) {
            let settled = match self.day(day) {
                Ok(Some(stored)) => !stored.delivery.iter().any(Delivery::is_undelivered),
                // Unreadable: nothing can be sent from it either.
                Ok(None) | Err(_) => true,
            };
            if settled {
                self.remove_day(day)?;
                wiped += 1;
            }
        }
        Ok(wiped)
    }

    /// Records a revision's delivery state in its day's record.
    pub fn mark(&self, day: NaiveDate, revision_id: &str, delivery: Delivery) -> Result<()> {
        if let Some(mut stored) = self.day(day)? {
            if stored.set_delivery(revision_id, delivery) {
                self.save_day(&stored)?;
            }
        }
        Ok(())
    }

    /// Takes in a revision pulled from the server. A day not on this device
    /// is added only from `keep_from` on (the device keeps recent days).
    pub fn merge_server(
        &self,
        server: &ServerRevision,
        person_id: &str,
        keep_from: NaiveDate,
    ) -> Result<()> {
        let stored = match self.day(server.day)? {
            Some(mut stored) => {
                stored.merge_server(server);
                stored
            }
            None => match round::day_from_server(person_id, server, keep_from) {
                Some((declaration, delivery)) => StoredDay { declaration, delivery },
                None => return Ok(()),
            },
        };
        self.save_day(&stored)
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
}

#[cfg(test)]
mod tests {
    use anxin_domain::sync::ServerRevision;
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::storage::MemoryStore;
    use anxin_domain::fixtures::normal_answers as answers;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, 10).unwrap()
    }

    fn server(id: &str, number: u32) -> ServerRevision {
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        ServerRevision {
            day: day(),
            revision_id: id.into(),
            number,
            answers: answers(),
            correction_reason: None,
            device_time: at,
            received_at: at,
            time_flag: None,
        }
    }

    fn filed(id: &str) -> StoredDay {
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        StoredDay::new(DayDeclaration::file("p1", day(), id, answers(), at))
    }

    #[test]
    fn test_merge_marks_own_revision_delivered_with_the_server_number() {
        let mut stored = filed("mine");
        stored.merge_server(&server("mine", 2));
        assert_eq!(stored.delivery, [Delivery::Delivered]);
        assert_eq!(stored.declaration.revisions[0].number, 2);
    }

    #[test]
    fn test_merge_adds_a_revision_filed_elsewhere_in_server_order() {
        let mut stored = filed("mine");
        stored.merge_server(&server("elsewhere", 1));
        let ids: Vec<&str> = stored.declaration.revisions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["elsewhere", "mine"], "undelivered revisions come last");
        assert_eq!(stored.delivery, [Delivery::Delivered, Delivery::SavedOnDevice]);
        stored.merge_server(&server("mine", 2));
        assert_eq!(stored.declaration.current().id, "mine");
        assert_eq!(stored.delivery, [Delivery::Delivered, Delivery::Delivered]);
    }

    #[test]
    fn test_a_refused_revision_never_becomes_the_one_in_force_again() {
        let at = Utc.with_ymd_and_hms(2020, 2, 10, 1, 0, 0).unwrap();
        let mut stored = filed("refused");
        stored.delivery[0] = Delivery::Rejected { code: "day_in_future".into() };
        let mut better = answers();
        better.remarks = "again".into();
        stored.declaration.correct("fixed", better, "date was wrong", at).unwrap();
        stored.note_new_revision();
        stored.merge_server(&server("fixed", 1));
        assert_eq!(stored.declaration.current().id, "fixed");
        assert_eq!(stored.current_delivery(), Delivery::Delivered);
    }

    #[test]
    fn test_store_merge_keeps_only_recent_days_it_did_not_have() {
        let store = MemoryStore::default();
        let declarations = DeclarationStore::new(&store);
        let later = NaiveDate::from_ymd_opt(2020, 2, 20).unwrap();
        declarations.merge_server(&server("old", 1), "p1", later).unwrap();
        assert_eq!(declarations.day(day()).unwrap(), None);
        declarations.merge_server(&server("recent", 1), "p1", day()).unwrap();
        let kept = declarations.day(day()).unwrap().unwrap();
        assert_eq!(
            (kept.current_delivery(), kept.declaration.person_id.as_str()),
            (Delivery::Delivered, "p1")
        );
        declarations.mark(day(), "recent", Delivery::Rejected { code: "x".into() }).unwrap();
        assert!(matches!(
            declarations.day(day()).unwrap().unwrap().current_delivery(),
            Delivery::Rejected { .. }
        ));
    }

    #[test]
    fn test_prune_wipes_settled_days_before_and_keeps_what_is_still_to_send() {
        let store = MemoryStore::default();
        let declarations = DeclarationStore::new(&store);
        declarations.merge_server(&server("sent", 1), "p1", day()).unwrap();
        let unsent_day = day().pred_opt().unwrap();
        let at = Utc.with_ymd_and_hms(2020, 2, 9, 1, 0, 0).unwrap();
        let unsent =
            StoredDay::new(DayDeclaration::file("p1", unsent_day, "unsent", answers(), at));
        declarations.save_day(&unsent).unwrap();
        let next = day().succ_opt().unwrap();
        assert_eq!(declarations.prune(next).unwrap(), 1);
        assert_eq!(declarations.days().unwrap(), [unsent_day], "the unsent day waits to be sent");
        declarations
            .mark(unsent_day, "unsent", Delivery::Rejected { code: "day_too_old".into() })
            .unwrap();
        assert_eq!(declarations.prune(next).unwrap(), 1);
        assert_eq!(declarations.days().unwrap(), []);
        assert_eq!(declarations.prune(next).unwrap(), 0);
    }
}
