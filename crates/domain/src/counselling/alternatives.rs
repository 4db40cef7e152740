//! When a requested slot is taken: the nearest free ones to offer instead.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::plan::Slot;

/// Up to `count` free slots nearest in time to `wanted` (before or after),
/// that start at least `notice_minutes` after `now`; among equally near
/// ones the earlier, then the same counsellor, then the same mode.
/// `taken` holds the keys of booked slots. Returned in time order, the way
/// the person reads a list of times.
pub fn nearest_free(
    wanted: &Slot,
    candidates: &[Slot],
    taken: &HashSet<String>,
    now: DateTime<Utc>,
    notice_minutes: u32,
    count: usize,
) -> Vec<Slot> {
    let earliest = now + Duration::minutes(i64::from(notice_minutes));
    let wanted_at = wanted.starts_at();
    let mut free: Vec<&Slot> = candidates
        .iter()
        .filter(|s| s.key() != wanted.key())
        .filter(|s| s.starts_at() >= earliest)
        .filter(|s| !taken.contains(&s.key()))
        .collect();
    free.sort_by_key(|s| {
        let distance = (s.starts_at() - wanted_at).num_seconds().abs();
        (
            distance,
            s.starts_at(),
            s.counsellor_id != wanted.counsellor_id,
            s.mode != wanted.mode,
            s.counsellor_id.clone(),
        )
    });
    free.dedup_by_key(|s| s.key());
    let mut nearest: Vec<Slot> = free.into_iter().take(count).cloned().collect();
    nearest.sort_by(|a, b| (a.start, &a.counsellor_id).cmp(&(b.start, &b.counsellor_id)));
    nearest
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};

    use super::*;
    use crate::counselling::plan::{DutyPlan, Mode, WeeklySlot};

    /// Weekdays at each of `hours`, by phone, 50 minutes.
    pub(crate) fn plan(counsellor: &str, hours: &[u32]) -> DutyPlan {
        let weekly = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
            .into_iter()
            .flat_map(|weekday| {
                hours.iter().map(move |h| WeeklySlot {
                    weekday,
                    start: NaiveTime::from_hms_opt(*h, 0, 0).unwrap(),
                    minutes: 50,
                    mode: Mode::Phone,
                    session_minutes: None,
                    gap_minutes: 0,
                })
            })
            .collect();
        DutyPlan { counsellor_id: counsellor.into(), weekly, leaves: vec![] }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn test_three_nearest_free_around_a_taken_slot() {
        // Week of Mon 7 Dec 2026; slots 9, 10, 11, 14, 15 each weekday.
        let slots = plan("C-0001", &[9, 10, 11, 14, 15]).slots_between(day(7), day(11));
        let wanted =
            slots.iter().find(|s| s.start == day(8).and_hms_opt(10, 0, 0).unwrap()).unwrap();
        let mut taken: HashSet<String> = [wanted.key()].into();
        // 09:00 of the same day is taken too.
        taken.insert(format!("C-0001/{}T09:00", day(8)));
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
        let offered = nearest_free(wanted, &slots, &taken, now, 120, 3);
        let starts: Vec<String> =
            offered.iter().map(|s| s.start.format("%d %H:%M").to_string()).collect();
        // The nearest: 11:00 (1 h after), 14:00 (4 h), 15:00 (5 h); Mon 15:00
        // is 19 h before. Offered in time order.
        assert_eq!(starts, ["08 11:00", "08 14:00", "08 15:00"]);
    }

    #[test]
    fn test_alternatives_respect_the_notice_and_prefer_earlier_on_a_tie() {
        let slots = plan("C-0001", &[9, 11]).slots_between(day(7), day(7));
        let mut other = plan("C-0002", &[10]).slots_between(day(7), day(7));
        let wanted = Slot { start: day(7).and_hms_opt(10, 0, 0).unwrap(), ..slots[0].clone() };
        let mut all = slots.clone();
        all.append(&mut other);
        let taken: HashSet<String> = HashSet::new();
        // 08:00 at school (00:00 UTC): 09:00 is within the 2-hour notice,
        // 10:00 just outside it.
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap();
        let offered = nearest_free(&wanted, &all, &taken, now, 120, 3);
        let keys: Vec<String> = offered.iter().map(Slot::key).collect();
        // C-0002 at 10:00 is the nearest (0 h); 11:00 next; 09:00 too soon.
        assert_eq!(keys, ["C-0002/2026-12-07T10:00", "C-0001/2026-12-07T11:00"]);
        // Around 12:00 the nearest are 11:00 (1 h), then 10:00 (2 h): listed
        // in time order, not by nearness.
        let late = Slot { start: day(7).and_hms_opt(12, 0, 0).unwrap(), ..slots[0].clone() };
        let offered = nearest_free(&late, &all, &taken, now, 120, 2);
        let keys: Vec<String> = offered.iter().map(Slot::key).collect();
        assert_eq!(keys, ["C-0002/2026-12-07T10:00", "C-0001/2026-12-07T11:00"], "by time");
        // A tie (1 h before, 1 h after): the earlier first.
        let early = Utc.with_ymd_and_hms(2026, 12, 6, 0, 0, 0).unwrap();
        let taken: HashSet<String> = ["C-0002/2026-12-07T10:00".to_owned()].into();
        let offered = nearest_free(&wanted, &all, &taken, early, 120, 2);
        let keys: Vec<String> = offered.iter().map(Slot::key).collect();
        assert_eq!(keys, ["C-0001/2026-12-07T09:00", "C-0001/2026-12-07T11:00"]);
    }

    #[test]
    fn test_fewer_than_asked_when_little_is_free() {
        let slots = plan("C-0001", &[9]).slots_between(day(7), day(8));
        let taken: HashSet<String> = slots.iter().map(Slot::key).collect();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert!(nearest_free(&slots[0], &slots, &taken, now, 120, 3).is_empty());
    }
}
