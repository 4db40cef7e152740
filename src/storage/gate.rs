//! The gate on a guard's phone: the gate it stands at and the latest
//! server time it saw (`anxin.v1.gate`); the day's gate list, one record
//! per part (`anxin.v1.gate_list.N`, with `anxin.v1.gate_list` saying
//! which day), kept only for that day; and who passed today, which way and
//! when (`anxin.v1.gate_seen`: a pseudonym or an id, never a temperature),
//! to flag the same pass twice; and the day's approved visitors
//! (`anxin.v1.gate_visitors`: name, phone, plate, host, no reason). Guards' records themselves live only in
//! the outbox until the server has them. All of it is wiped at sign-out.

use anxin_domain::gate::{Direction, GateListEntry, GateListPart};
use anxin_domain::visitor::{GateVisitor, GateVisitorList};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{keys, load, save, KeyValueStore, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateSettings {
    /// The gate this phone stands at ("东门").
    pub gate: String,
    /// The latest time a server answer said: passes are never judged by an
    /// earlier time, whatever the phone's clock says.
    pub server_seen: Option<DateTime<Utc>>,
}

/// Which day the kept gate list is of, and when it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateListMeta {
    pub day: NaiveDate,
    pub parts: u32,
    pub people: usize,
    pub fetched_at: DateTime<Utc>,
}

/// One person seen at the gate today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// The pass's pseudonym (hex), or the school id checked.
    pub who: String,
    pub direction: Direction,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SeenToday {
    day: NaiveDate,
    seen: Vec<Seen>,
}

pub struct GateStorage<'a> {
    store: &'a dyn KeyValueStore,
}

fn part_key(part: u32) -> String {
    format!("{}.{part}", keys::GATE_LIST)
}

impl<'a> GateStorage<'a> {
    pub fn new(store: &'a dyn KeyValueStore) -> Self {
        Self { store }
    }

    pub fn settings(&self) -> Result<GateSettings> {
        Ok(load(self.store, keys::GATE)?.unwrap_or_default())
    }

    pub fn save_settings(&self, settings: &GateSettings) -> Result<()> {
        save(self.store, keys::GATE, settings)
    }

    /// The kept list's day; a list of another day is removed, never used.
    pub fn list_meta(&self, today: NaiveDate) -> Result<Option<GateListMeta>> {
        let meta: Option<GateListMeta> = load(self.store, keys::GATE_LIST)?;
        match meta {
            Some(meta) if meta.day == today => Ok(Some(meta)),
            Some(meta) => {
                self.remove_list(meta.parts)?;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Every entry of the kept list of `today`.
    pub fn list(&self, today: NaiveDate) -> Result<Vec<GateListEntry>> {
        let Some(meta) = self.list_meta(today)? else { return Ok(Vec::new()) };
        let mut entries = Vec::with_capacity(meta.people);
        for part in 0..meta.parts {
            let kept: Option<Vec<GateListEntry>> = load(self.store, &part_key(part))?;
            entries.extend(kept.unwrap_or_default());
        }
        Ok(entries)
    }

    /// Keeps a whole list fetched now (all its parts), replacing the one
    /// kept; the parts first, so a failure leaves the old list whole.
    pub fn keep_list(&self, parts: &[GateListPart], now: DateTime<Utc>) -> Result<GateListMeta> {
        let old: Option<GateListMeta> = load(self.store, keys::GATE_LIST).ok().flatten();
        for part in parts {
            save(self.store, &part_key(part.part), &part.entries)?;
        }
        let day = parts.first().map(|p| p.day).unwrap_or_else(|| now.date_naive());
        let meta = GateListMeta {
            day,
            parts: parts.len() as u32,
            people: parts.iter().map(|p| p.entries.len()).sum(),
            fetched_at: now,
        };
        save(self.store, keys::GATE_LIST, &meta)?;
        for stale in meta.parts..old.map_or(0, |o| o.parts) {
            self.store.remove(&part_key(stale))?;
        }
        Ok(meta)
    }

    fn remove_list(&self, parts: u32) -> Result<()> {
        for part in 0..parts {
            self.store.remove(&part_key(part))?;
        }
        self.store.remove(keys::GATE_LIST)
    }

    /// Who passed today (yesterday's are dropped).
    pub fn seen(&self, today: NaiveDate) -> Result<Vec<Seen>> {
        let kept: Option<SeenToday> = load(self.store, keys::GATE_SEEN)?;
        Ok(kept.filter(|k| k.day == today).map(|k| k.seen).unwrap_or_default())
    }

    /// The approved visitors of `today` (another day's are removed).
    pub fn visitors(&self, today: NaiveDate) -> Result<Vec<GateVisitor>> {
        let kept: Option<GateVisitorList> = load(self.store, keys::GATE_VISITORS)?;
        match kept {
            Some(list) if list.day == today => Ok(list.visitors),
            Some(_) => {
                self.store.remove(keys::GATE_VISITORS)?;
                Ok(Vec::new())
            }
            None => Ok(Vec::new()),
        }
    }

    pub fn keep_visitors(&self, list: &GateVisitorList) -> Result<()> {
        save(self.store, keys::GATE_VISITORS, list)
    }

    pub fn add_seen(&self, today: NaiveDate, seen: Seen) -> Result<()> {
        let mut all = self.seen(today)?;
        all.push(seen);
        save(self.store, keys::GATE_SEEN, &SeenToday { day: today, seen: all })
    }
}

#[cfg(test)]
mod tests {
    use anxin_domain::pass::EntryStatus;

    use super::*;
    use crate::storage::MemoryStore;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn part(day: NaiveDate, part: u32, parts: u32, ids: &[&str]) -> GateListPart {
        GateListPart {
            day,
            part,
            parts,
            server_time: DateTime::from_timestamp(1_581_300_000, 0).unwrap(),
            entries: ids
                .iter()
                .map(|id| GateListEntry {
                    id: (*id).into(),
                    status: EntryStatus::Check,
                    declared: false,
                    masked_name: "李*".into(),
                    class: "软件2001".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn test_a_list_is_kept_in_parts_and_read_whole() {
        let store = MemoryStore::default();
        let gate = GateStorage::new(&store);
        let now = DateTime::from_timestamp(1_581_300_000, 0).unwrap();
        let parts = [part(day(10), 0, 2, &["a", "b"]), part(day(10), 1, 2, &["c"])];
        let meta = gate.keep_list(&parts, now).unwrap();
        assert_eq!((meta.parts, meta.people), (2, 3));
        let ids: Vec<String> = gate.list(day(10)).unwrap().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        // A shorter list later leaves no stale part behind.
        gate.keep_list(&[part(day(10), 0, 1, &["d"])], now).unwrap();
        assert_eq!(gate.list(day(10)).unwrap().len(), 1);
        assert!(store.read(&part_key(1)).unwrap().is_none());
    }

    #[test]
    fn test_a_list_of_another_day_is_removed_not_used() {
        let store = MemoryStore::default();
        let gate = GateStorage::new(&store);
        let now = DateTime::from_timestamp(1_581_300_000, 0).unwrap();
        gate.keep_list(&[part(day(10), 0, 1, &["a"])], now).unwrap();
        assert!(gate.list(day(11)).unwrap().is_empty());
        assert!(store.read(keys::GATE_LIST).unwrap().is_none());
        assert!(store.read(&part_key(0)).unwrap().is_none());
    }

    #[test]
    fn test_who_passed_is_kept_for_the_day_only() {
        let store = MemoryStore::default();
        let gate = GateStorage::new(&store);
        let at = DateTime::from_timestamp(1_581_300_000, 0).unwrap();
        gate.add_seen(day(10), Seen { who: "ab".into(), direction: Direction::In, at }).unwrap();
        assert_eq!(gate.seen(day(10)).unwrap().len(), 1);
        assert!(gate.seen(day(11)).unwrap().is_empty());
    }
}
