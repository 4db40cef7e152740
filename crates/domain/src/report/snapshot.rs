//! Who is expected on a day: frozen at the start of that school day from
//! the roster as it stood then, so a later import never makes a rate pass
//! 100 % or a missing person vanish.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::profile::PersonCategory;
use crate::school_offset;

/// One person on a day's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    pub person_id: String,
    pub name: String,
    pub category: PersonCategory,
    pub department: String,
    /// Empty for staff and foreign teachers.
    pub class_name: String,
}

/// One person as the roster stood from `effective_at` on (the roster keeps
/// every change with its time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterState {
    pub person_id: String,
    pub name: String,
    pub category: Option<PersonCategory>,
    pub department: String,
    pub class_name: String,
    pub declarant: bool,
    pub active: bool,
    pub effective_at: DateTime<Utc>,
}

/// 00:00 of `day` at the school.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight is a valid time");
    school_offset()
        .from_local_datetime(&midnight)
        .single()
        .expect("a fixed offset has one local time")
        .with_timezone(&Utc)
}

/// The instant whose roster gives `day`'s list: its 00:00, or, on the day
/// the very first roster was imported, the end of that import (so the
/// first day has a report). `None` for days before any roster existed: no
/// figures are invented for them.
pub fn snapshot_instant(
    day: NaiveDate,
    first_roster_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let first = first_roster_at?;
    let start = day_start(day);
    if first <= start {
        Some(start)
    } else if first < day_start(day.succ_opt()?) {
        Some(first)
    } else {
        None
    }
}

/// Whether `day`'s list is to be frozen now, if it is not yet: the day has
/// begun at the school (`today`) and a roster existed by its end
/// (`first_roster_at`: the first import). Otherwise the day has no list,
/// yet or ever.
pub fn list_due(day: NaiveDate, today: NaiveDate, first_roster_at: Option<DateTime<Utc>>) -> bool {
    day <= today && snapshot_instant(day, first_roster_at).is_some()
}

/// The active declarants of the roster at `at`: each person's latest state
/// from `at` or before. Ordered by department, class and id.
pub fn expected_at(history: &[RosterState], at: DateTime<Utc>) -> Vec<Expected> {
    let mut latest: BTreeMap<&str, &RosterState> = BTreeMap::new();
    for state in history.iter().filter(|s| s.effective_at <= at) {
        match latest.get(state.person_id.as_str()) {
            Some(seen) if seen.effective_at > state.effective_at => {}
            _ => {
                latest.insert(&state.person_id, state);
            }
        }
    }
    let mut list: Vec<Expected> = latest
        .into_values()
        .filter(|s| s.active && s.declarant)
        .filter_map(|s| {
            Some(Expected {
                person_id: s.person_id.clone(),
                name: s.name.clone(),
                category: s.category?,
                department: s.department.clone(),
                class_name: s.class_name.clone(),
            })
        })
        .collect();
    list.sort_by(|a, b| {
        (&a.department, &a.class_name, &a.person_id).cmp(&(
            &b.department,
            &b.class_name,
            &b.person_id,
        ))
    });
    list
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 2, d).unwrap()
    }

    fn state(id: &str, class: &str, active: bool, at: DateTime<Utc>) -> RosterState {
        RosterState {
            person_id: id.into(),
            name: id.into(),
            category: Some(PersonCategory::Student),
            department: "信息工程学院".into(),
            class_name: class.into(),
            declarant: true,
            active,
            effective_at: at,
        }
    }

    #[test]
    fn test_day_start_is_midnight_in_shanghai() {
        assert_eq!(day_start(day(10)).to_rfc3339(), "2020-02-09T16:00:00+00:00");
    }

    #[test]
    fn test_snapshot_instant_before_during_after_the_first_roster() {
        let first = day_start(day(10)) + Duration::hours(8);
        assert_eq!(snapshot_instant(day(9), Some(first)), None, "no figures invented");
        assert_eq!(snapshot_instant(day(10), Some(first)), Some(first));
        assert_eq!(snapshot_instant(day(11), Some(first)), Some(day_start(day(11))));
        assert_eq!(snapshot_instant(day(11), None), None);
    }

    #[test]
    fn test_a_list_is_due_from_its_day_once_a_roster_exists() {
        let first = day_start(day(10)) + Duration::hours(8);
        assert!(list_due(day(10), day(10), Some(first)));
        assert!(list_due(day(11), day(12), Some(first)));
        assert!(!list_due(day(11), day(10), Some(first)), "not before the day");
        assert!(!list_due(day(9), day(10), Some(first)), "not before any roster");
        assert!(!list_due(day(10), day(10), None));
    }

    #[test]
    fn test_an_import_during_the_day_counts_from_the_next_day() {
        let midnight = day_start(day(10));
        let history = vec![
            state("s1", "软件2001", true, midnight - Duration::days(5)),
            state("s2", "软件2001", true, midnight - Duration::days(5)),
            // 08:00: s3 added, s2 moved to another class, s1 left.
            state("s3", "软件2001", true, midnight + Duration::hours(8)),
            state("s2", "软件2002", true, midnight + Duration::hours(8)),
            state("s1", "软件2001", false, midnight + Duration::hours(8)),
        ];
        let today = expected_at(&history, midnight);
        let ids: Vec<_> =
            today.iter().map(|e| (e.person_id.as_str(), e.class_name.as_str())).collect();
        assert_eq!(ids, vec![("s1", "软件2001"), ("s2", "软件2001")]);
        let tomorrow = expected_at(&history, day_start(day(11)));
        let ids: Vec<_> =
            tomorrow.iter().map(|e| (e.person_id.as_str(), e.class_name.as_str())).collect();
        assert_eq!(ids, vec![("s3", "软件2001"), ("s2", "软件2002")]);
    }

    #[test]
    fn test_only_active_declarants_with_a_category_are_expected() {
        let at = day_start(day(10));
        let mut office = state("T-1", "", true, at);
        office.declarant = false;
        office.category = None;
        let list = expected_at(&[office, state("s1", "软件2001", true, at)], at);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].person_id, "s1");
    }
}
