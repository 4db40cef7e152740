//! A counsellor's weekly plan of slots, the days she is away, and the slots
//! they make for a range of dates.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::school_offset;

/// How a session takes place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Phone,
    Online,
    /// In person, in this room.
    InPerson(String),
}

impl Mode {
    /// The same way of meeting, whatever the room: what a person asking
    /// for "in person" means.
    pub fn same_kind(&self, other: &Mode) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// Whether a slot in this mode suits a person who asked for `way`
    /// (`None`: any way of meeting).
    pub fn suits(&self, way: Option<&Mode>) -> bool {
        way.is_none_or(|w| w.same_kind(self))
    }
}

/// A block of duty hours in the week: every `weekday` from `start` for
/// `minutes`, split into sessions of `session_minutes` with
/// `gap_minutes` between them (14:00 for 180 minutes at 50 + 10 makes
/// 14:00, 15:00 and 16:00). Without a session length the block is one
/// session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub minutes: u16,
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_minutes: Option<u16>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub gap_minutes: u16,
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}

impl WeeklySlot {
    fn end(&self) -> NaiveTime {
        self.start + Duration::minutes(i64::from(self.minutes))
    }

    /// The sessions' starts (minutes after the block's start) and length.
    pub fn sessions(&self) -> (Vec<u16>, u16) {
        let length = self.session_minutes.unwrap_or(self.minutes);
        let step = length.saturating_add(self.gap_minutes);
        let mut starts = Vec::new();
        let mut at = 0u16;
        while length > 0 && at.saturating_add(length) <= self.minutes {
            starts.push(at);
            at = at.saturating_add(step);
        }
        (starts, length)
    }
}

/// Days without slots (leave, a holiday), both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leave {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Shown to nobody but the counsellor and the centre.
    #[serde(default)]
    pub note: String,
}

impl Leave {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// What a counsellor publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyPlan {
    pub counsellor_id: String,
    pub weekly: Vec<WeeklySlot>,
    #[serde(default)]
    pub leaves: Vec<Leave>,
}

pub const MIN_SLOT_MINUTES: u16 = 15;
pub const MAX_SLOT_MINUTES: u16 = 180;
/// A block of duty hours lasts at most this long (split into sessions).
pub const MAX_BLOCK_MINUTES: u16 = 720;
pub const MAX_GAP_MINUTES: u16 = 120;
pub const MAX_ROOM_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("slot {index}: a session lasts {MIN_SLOT_MINUTES} to {MAX_SLOT_MINUTES} minutes, a block at most {MAX_BLOCK_MINUTES} and at least one session")]
    Length { index: usize },
    #[error("slot {index}: the break between sessions is at most {MAX_GAP_MINUTES} minutes")]
    Gap { index: usize },
    #[error("slot {index}: a slot ends on the day it starts")]
    PastMidnight { index: usize },
    #[error("slot {index}: it overlaps slot {other} on the same day")]
    Overlap { index: usize, other: usize },
    #[error("slot {index}: an in-person slot needs a room (at most {MAX_ROOM_CHARS} characters)")]
    Room { index: usize },
    #[error("leave {index}: it ends before it starts")]
    LeaveBackwards { index: usize },
}

impl DutyPlan {
    /// Every problem of the plan, slots first.
    pub fn problems(&self) -> Vec<PlanError> {
        let mut problems = Vec::new();
        for (index, slot) in self.weekly.iter().enumerate() {
            let session = slot.session_minutes.unwrap_or(slot.minutes);
            if !(MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES).contains(&session)
                || !(session..=MAX_BLOCK_MINUTES).contains(&slot.minutes)
            {
                problems.push(PlanError::Length { index });
                continue;
            }
            if slot.gap_minutes > MAX_GAP_MINUTES {
                problems.push(PlanError::Gap { index });
            }
            let (_, wrapped) =
                slot.start.overflowing_add_signed(Duration::minutes(i64::from(slot.minutes)));
            if wrapped != 0 && slot.end() != NaiveTime::MIN {
                problems.push(PlanError::PastMidnight { index });
            }
            if let Mode::InPerson(room) = &slot.mode {
                let len = room.trim().chars().count();
                if len == 0 || len > MAX_ROOM_CHARS {
                    problems.push(PlanError::Room { index });
                }
            }
            let overlapping = self.weekly[..index].iter().position(|earlier| {
                earlier.weekday == slot.weekday
                    && earlier.start < slot.end()
                    && slot.start < earlier.end()
            });
            if let Some(other) = overlapping {
                problems.push(PlanError::Overlap { index, other });
            }
        }
        for (index, leave) in self.leaves.iter().enumerate() {
            if leave.to < leave.from {
                problems.push(PlanError::LeaveBackwards { index });
            }
        }
        problems
    }

    /// Whether the plan still has `slot` as it was booked: hers, on a day
    /// she is not on leave, the same time, length and way of meeting.
    pub fn holds(&self, slot: &Slot) -> bool {
        let day = slot.start.date();
        slot.counsellor_id == self.counsellor_id
            && self.slots_between(day, day).iter().any(|s| s == slot)
    }

    /// The slots from `from` to `to` (both included), in time order, except
    /// on days of leave.
    pub fn slots_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<Slot> {
        let mut slots = Vec::new();
        for day in from.iter_days().take_while(|d| *d <= to) {
            if self.leaves.iter().any(|leave| leave.covers(day)) {
                continue;
            }
            for weekly in self.weekly.iter().filter(|w| w.weekday == day.weekday()) {
                let (starts, minutes) = weekly.sessions();
                for after in starts {
                    slots.push(Slot {
                        counsellor_id: self.counsellor_id.clone(),
                        start: day.and_time(weekly.start) + Duration::minutes(i64::from(after)),
                        minutes,
                        mode: weekly.mode.clone(),
                    });
                }
            }
        }
        crate::order::sort_by_key(&mut slots, |slot| slot.start);
        slots
    }
}

/// One bookable time of one counsellor, on the school's wall clock.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub counsellor_id: String,
    pub start: NaiveDateTime,
    pub minutes: u16,
    pub mode: Mode,
}

impl Slot {
    /// The slot's key: the counsellor and the start, e.g.
    /// `C-0001/2026-12-01T09:00`. At most one booking holds a key.
    pub fn key(&self) -> String {
        format!("{}/{}", self.counsellor_id, crate::clock_text::minute_stamp(&self.start))
    }

    /// The instant the slot starts.
    pub fn starts_at(&self) -> DateTime<Utc> {
        self.start
            .and_local_timezone(school_offset())
            .single()
            .map_or_else(|| DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at() + Duration::minutes(i64::from(self.minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    #[test]
    fn test_in_person_is_one_kind_whatever_the_room() {
        let room = |r: &str| Mode::InPerson(r.into());
        assert!(room("").same_kind(&room("心理中心 203")));
        assert!(Mode::Phone.same_kind(&Mode::Phone));
        assert!(!Mode::Phone.same_kind(&Mode::Online));
        assert!(!room("203").same_kind(&Mode::Phone));
        assert!(room("203").suits(None));
        assert!(room("203").suits(Some(&room(""))));
        assert!(!Mode::Online.suits(Some(&Mode::Phone)));
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn weekly(weekday: Weekday, h: u32, minutes: u16) -> WeeklySlot {
        WeeklySlot {
            weekday,
            start: at(h, 0),
            minutes,
            mode: Mode::Phone,
            session_minutes: None,
            gap_minutes: 0,
        }
    }

    fn plan() -> DutyPlan {
        DutyPlan {
            counsellor_id: "C-0001".into(),
            weekly: vec![
                weekly(Weekday::Mon, 9, 50),
                weekly(Weekday::Mon, 14, 50),
                WeeklySlot {
                    mode: Mode::InPerson("心理中心 203".into()),
                    ..weekly(Weekday::Thu, 10, 60)
                },
                weekly(Weekday::Sat, 9, 50),
            ],
            leaves: vec![],
        }
    }

    #[test]
    fn test_slots_follow_the_weekdays_across_a_month_end() {
        // Thu 29 Jan 2026 to Mon 2 Feb 2026.
        let slots = plan().slots_between(day(2026, 1, 29), day(2026, 2, 2));
        let starts: Vec<String> = slots.iter().map(|s| s.start.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2026-01-29 10:00:00",
                "2026-01-31 09:00:00",
                "2026-02-02 09:00:00",
                "2026-02-02 14:00:00"
            ]
        );
        assert_eq!(slots[0].mode, Mode::InPerson("心理中心 203".into()));
    }

    #[test]
    fn test_leap_year_february_end() {
        // 2028 is a leap year: Tue 29 Feb exists; Sat 26 Feb and Mon 28 Feb
        // have slots, then Thu 2 Mar.
        let slots = plan().slots_between(day(2028, 2, 26), day(2028, 3, 2));
        let days: Vec<NaiveDate> = slots.iter().map(|s| s.start.date()).collect();
        assert_eq!(days, [day(2028, 2, 26), day(2028, 2, 28), day(2028, 2, 28), day(2028, 3, 2)]);
    }

    #[test]
    fn test_leave_and_holidays_remove_whole_days() {
        let mut plan = plan();
        // National Day week, and one Monday of leave.
        plan.leaves.push(Leave {
            from: day(2026, 10, 1),
            to: day(2026, 10, 7),
            note: "国庆".into(),
        });
        plan.leaves.push(Leave {
            from: day(2026, 10, 12),
            to: day(2026, 10, 12),
            note: String::new(),
        });
        let slots = plan.slots_between(day(2026, 9, 28), day(2026, 10, 15));
        let days: Vec<NaiveDate> = slots.iter().map(|s| s.start.date()).collect();
        // Mon 28 Sep (two); Thu 1 Oct, Sat 3 Oct, Mon 5 Oct are holidays;
        // Thu 8 Oct, Sat 10 Oct; Mon 12 Oct is leave; Thu 15 Oct.
        assert_eq!(
            days,
            [
                day(2026, 9, 28),
                day(2026, 9, 28),
                day(2026, 10, 8),
                day(2026, 10, 10),
                day(2026, 10, 15)
            ]
        );
    }

    #[test]
    fn test_slot_instants_are_utc_plus_8_on_every_date() {
        // Dates around Europe's and North America's clock changes: the
        // school's zone has none, so 09:00 is always 01:00 UTC.
        let plan = plan();
        for (from, to) in [
            (day(2026, 3, 7), day(2026, 3, 9)),
            (day(2026, 3, 28), day(2026, 3, 30)),
            (day(2026, 10, 24), day(2026, 10, 26)),
            (day(2026, 10, 31), day(2026, 11, 2)),
        ] {
            for slot in plan.slots_between(from, to).iter().filter(|s| s.start.hour() == 9) {
                assert_eq!(slot.starts_at().hour(), 1, "{}", slot.start);
                assert_eq!(slot.starts_at().date_naive(), slot.start.date());
            }
        }
        let slot = &plan.slots_between(day(2026, 12, 31), day(2026, 12, 31))[0];
        assert_eq!(slot.starts_at().to_rfc3339(), "2026-12-31T02:00:00+00:00");
        assert_eq!(slot.ends_at().to_rfc3339(), "2026-12-31T03:00:00+00:00");
    }

    #[test]
    fn test_slot_key_names_counsellor_and_start() {
        let slot = &plan().slots_between(day(2026, 12, 7), day(2026, 12, 7))[0];
        assert_eq!(slot.key(), "C-0001/2026-12-07T09:00");
    }

    #[test]
    fn test_plan_problems() {
        let mut bad = plan();
        bad.weekly.push(weekly(Weekday::Mon, 9, 10)); // too short
        bad.weekly.push(WeeklySlot { start: at(9, 30), ..weekly(Weekday::Mon, 9, 30) }); // overlaps 0
        bad.weekly.push(WeeklySlot { start: at(23, 30), ..weekly(Weekday::Tue, 23, 60) }); // past midnight
        bad.weekly
            .push(WeeklySlot { mode: Mode::InPerson(" ".into()), ..weekly(Weekday::Fri, 9, 50) });
        bad.leaves.push(Leave { from: day(2026, 5, 5), to: day(2026, 5, 1), note: String::new() });
        assert_eq!(
            bad.problems(),
            [
                PlanError::Length { index: 4 },
                PlanError::Overlap { index: 5, other: 0 },
                PlanError::PastMidnight { index: 6 },
                PlanError::Room { index: 7 },
                PlanError::LeaveBackwards { index: 0 },
            ]
        );
        assert!(plan().problems().is_empty());
        // A slot that ends exactly at midnight is fine.
        let late = DutyPlan {
            weekly: vec![WeeklySlot { start: at(23, 0), ..weekly(Weekday::Sun, 23, 60) }],
            ..plan()
        };
        assert!(late.problems().is_empty());
    }

    #[test]
    fn test_a_block_is_split_into_sessions_with_gaps() {
        // Mon 7 Dec 2026: 14:00 for 180 minutes at 50 + 10 is three sessions.
        let block = WeeklySlot {
            session_minutes: Some(50),
            gap_minutes: 10,
            ..weekly(Weekday::Mon, 14, 180)
        };
        let plan = DutyPlan { weekly: vec![block.clone()], ..plan() };
        assert!(plan.problems().is_empty());
        let slots = plan.slots_between(day(2026, 12, 7), day(2026, 12, 7));
        let starts: Vec<String> =
            slots.iter().map(|s| format!("{} {}", s.start.format("%H:%M"), s.minutes)).collect();
        assert_eq!(starts, ["14:00 50", "15:00 50", "16:00 50"]);
        assert!(plan.holds(&slots[1]));
        // A 15-minute gap still fits three (the last ends 17:00); a 20-minute
        // one only two (a third would end at 17:20).
        let wider = WeeklySlot { gap_minutes: 15, ..block.clone() };
        assert_eq!(wider.sessions(), (vec![0, 65, 130], 50));
        let widest = WeeklySlot { gap_minutes: 20, ..block.clone() };
        assert_eq!(widest.sessions(), (vec![0, 70], 50));
        // Without a session length, the block is one session, as before.
        assert_eq!(weekly(Weekday::Mon, 9, 50).sessions(), (vec![0], 50));
    }

    #[test]
    fn test_block_and_session_lengths_are_checked() {
        let check = |minutes, session, gap| {
            let block = WeeklySlot {
                session_minutes: session,
                gap_minutes: gap,
                ..weekly(Weekday::Mon, 8, minutes)
            };
            DutyPlan { weekly: vec![block], ..plan() }.problems()
        };
        assert!(check(600, Some(50), 10).is_empty(), "a ten-hour block of sessions");
        assert_eq!(check(240, None, 0), [PlanError::Length { index: 0 }], "one session too long");
        assert_eq!(check(240, Some(200), 0), [PlanError::Length { index: 0 }], "session too long");
        assert_eq!(check(40, Some(50), 0), [PlanError::Length { index: 0 }], "no session fits");
        assert_eq!(check(721, Some(50), 0), [PlanError::Length { index: 0 }], "block too long");
        assert_eq!(check(180, Some(50), 121), [PlanError::Gap { index: 0 }]);
    }
}
