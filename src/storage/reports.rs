//! The oversight side on a staff member's phone, written and read by the
//! reports bundle only: each report action made here (`anxin.v1.action.
//! <id>`, kept 14 days), and the last report and trend fetched of each
//! scope the person oversees (`anxin.v1.report.<scope>`), readable
//! offline. Only their own scopes (DESIGN: the minimum on the phone); both
//! go at sign-out.
//!
//! An action's delivery is not written here: it is queued in the outbox
//! until the server holds it, then gone from it (delivered) or set aside
//! with the server's reason (refused), see [`ActionStore::delivery`].

use anxin_domain::delivery::Delivery;
use anxin_domain::report::{Report, Scope, TrendDay};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Refused, Result};
use crate::sync::JsonText;

/// A report action made on this device, once queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// The mutation's id, which is the action's record id.
    pub id: String,
    pub day: NaiveDate,
    pub made_at: DateTime<Utc>,
    pub action: JsonText,
}

pub struct ActionStore<'a> {
    store: &'a dyn KeyValueStore,
}

fn action_key(id: &str) -> String {
    format!("{}{id}", keys::ACTION_PREFIX)
}

impl<'a> ActionStore<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn save(&self, record: &ActionRecord) -> Result<()> {
        save(self.store, &action_key(&record.id), record)
    }

    /// Every action kept, oldest first.
    pub fn all(&self) -> Result<Vec<ActionRecord>> {
        let mut records = Vec::new();
        for key in self.store.keys_with_prefix(keys::ACTION_PREFIX)? {
            if let Ok(Some(record)) = load::<ActionRecord>(self.store, &key) {
                records.push(record);
            }
        }
        anxin_domain::order::sort_by(&mut records, |a, b| {
            (a.made_at, &a.id).cmp(&(b.made_at, &b.id))
        });
        Ok(records)
    }

    /// Where an action queued here stands: in the outbox (not yet
    /// delivered), refused (set aside with the reason), or else delivered.
    pub fn delivery(&self, id: &str) -> Result<Delivery> {
        if self.store.read(&format!("{}{id}", keys::OUTBOX_PREFIX))?.is_some() {
            return Ok(Delivery::SavedOnDevice);
        }
        let refused = load::<Refused>(self.store, &format!("{}{id}", keys::REJECTED_PREFIX))?;
        Ok(match refused {
            Some(refused) => Delivery::Rejected { code: refused.code.as_str().to_owned() },
            None => Delivery::Delivered,
        })
    }

    /// Removes the actions about days before `keep_from`, once settled.
    pub fn prune(&self, keep_from: NaiveDate) -> Result<()> {
        for record in self.all()? {
            if record.day < keep_from && !self.delivery(&record.id)?.is_undelivered() {
                self.store.remove(&action_key(&record.id))?;
            }
        }
        Ok(())
    }
}

/// A report and its trend as last fetched, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReport {
    pub report: Report,
    pub trend: Vec<TrendDay>,
    pub fetched_at: DateTime<Utc>,
}

pub struct ReportCache<'a> {
    store: &'a dyn KeyValueStore,
}

fn report_key(scope: &Scope) -> String {
    format!("{}{}", keys::REPORT_PREFIX, scope.label())
}

impl<'a> ReportCache<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn get(&self, scope: &Scope) -> Result<Option<StoredReport>> {
        Ok(load::<StoredReport>(self.store, &report_key(scope))?
            .filter(|s| s.report.scope == *scope))
    }

    /// Keeps the latest fetch of a scope (one per scope).
    pub fn put(&self, stored: &StoredReport) -> Result<()> {
        save(self.store, &report_key(&stored.report.scope), stored)
    }

    /// Removes what is kept of scopes the person no longer oversees.
    pub fn keep_only(&self, scopes: &[Scope]) -> Result<()> {
        let wanted: Vec<String> = scopes.iter().map(report_key).collect();
        for key in self.store.keys_with_prefix(keys::REPORT_PREFIX)? {
            if !wanted.contains(&key) {
                self.store.remove(&key)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::storage::MemoryStore;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn record(id: &str, d: u32) -> ActionRecord {
        let json = format!(
            r#"{{"remind":{{"reminder_id":"{id}","scope":{{"class":"软件2001"}},"day":"2020-02-{d:02}"}}}}"#
        );
        ActionRecord {
            id: id.into(),
            day: day(d),
            made_at: Utc.with_ymd_and_hms(2020, 2, d, 2, 0, 0).unwrap(),
            action: JsonText::from_text(json).unwrap(),
        }
    }

    #[test]
    fn test_an_action_is_delivered_once_out_of_the_outbox_and_pruned_once_settled() {
        let store = MemoryStore::default();
        let actions = ActionStore::new(&store);
        for (id, d) in [("a1", 1), ("a2", 1), ("a3", 10)] {
            actions.save(&record(id, d)).unwrap();
        }
        store.write(&format!("{}a2", keys::OUTBOX_PREFIX), "{}").unwrap();
        assert_eq!(actions.delivery("a1").unwrap(), Delivery::Delivered);
        assert_eq!(actions.delivery("a2").unwrap(), Delivery::SavedOnDevice);
        actions.prune(day(5)).unwrap();
        let left: Vec<String> = actions.all().unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(left, ["a2", "a3"], "a2 is not delivered yet: kept");
        assert!(actions.all().unwrap()[0].action.text().contains("软件2001"));
    }
}
