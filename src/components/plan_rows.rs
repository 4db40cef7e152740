//! The duty plan as typed in the editor: one row per weekly block and per
//! days away, each field its own signal, read back into a `DutyPlan` with
//! every problem in words (1-based row numbers).

use anxin_domain::counselling::{DutyPlan, Leave, Mode, PlanError, WeeklySlot};
use chrono::{NaiveDate, Weekday};
use leptos::prelude::*;

use crate::i18n::Texts;
use anxin_domain::clock_text::{hh_mm, parse_day, parse_hh_mm};

pub const PHONE: &str = "phone";
pub const ONLINE: &str = "online";
pub const IN_PERSON: &str = "in_person";

/// One weekly slot as typed (each field its own signal: typing in one
/// field does not redraw the others).
#[derive(Clone, Copy)]
pub struct SlotRow {
    pub id: usize,
    pub weekday: RwSignal<String>,
    pub start: RwSignal<String>,
    pub minutes: RwSignal<String>,
    /// Empty: the block is one session.
    pub session: RwSignal<String>,
    pub gap: RwSignal<String>,
    pub mode: RwSignal<String>,
    pub room: RwSignal<String>,
}

impl SlotRow {
    pub fn new(id: usize, slot: Option<&WeeklySlot>) -> Self {
        let (mode, room) = match slot.map(|s| &s.mode) {
            Some(Mode::Online) => (ONLINE, String::new()),
            Some(Mode::InPerson(room)) => (IN_PERSON, room.clone()),
            _ => (PHONE, String::new()),
        };
        Self {
            id,
            weekday: RwSignal::new(
                slot.map_or(0, |s| s.weekday.num_days_from_monday()).to_string(),
            ),
            start: RwSignal::new(slot.map_or("09:00".into(), |s| hh_mm(&s.start))),
            minutes: RwSignal::new(slot.map_or(50, |s| s.minutes).to_string()),
            session: RwSignal::new(
                slot.and_then(|s| s.session_minutes).map(|m| m.to_string()).unwrap_or_default(),
            ),
            gap: RwSignal::new(slot.map_or(0, |s| s.gap_minutes).to_string()),
            mode: RwSignal::new(mode.to_owned()),
            room: RwSignal::new(room),
        }
    }

    pub fn weekly(&self) -> Option<WeeklySlot> {
        let weekday =
            self.weekday.with(|w| w.parse::<u8>().ok().and_then(|w| Weekday::try_from(w).ok()))?;
        let start = self.start.with(|s| parse_hh_mm(s.trim()))?;
        let minutes = self.minutes.with(|m| m.trim().parse::<u16>().ok())?;
        let session_minutes = match self.session.with(|m| m.trim().to_owned()) {
            empty if empty.is_empty() => None,
            typed => Some(typed.parse::<u16>().ok()?),
        };
        let gap_minutes = match self.gap.with(|m| m.trim().to_owned()) {
            empty if empty.is_empty() => 0,
            typed => typed.parse::<u16>().ok()?,
        };
        let mode = match self.mode.get().as_str() {
            ONLINE => Mode::Online,
            IN_PERSON => Mode::InPerson(self.room.get().trim().to_owned()),
            _ => Mode::Phone,
        };
        Some(WeeklySlot { weekday, start, minutes, mode, session_minutes, gap_minutes })
    }
}

/// "Sessions: 14:00, 15:00, 16:00 (50 min)", as the row now makes them.
pub fn sessions_line(t: &'static Texts, row: &SlotRow) -> Option<String> {
    let block = row.weekly()?;
    let (starts, minutes) = block.sessions();
    let times: Vec<String> = starts
        .iter()
        .map(|after| {
            let at = block.start + chrono::Duration::minutes(i64::from(*after));
            hh_mm(&at)
        })
        .collect();
    (!times.is_empty()).then(|| {
        let length = t.book_minutes.with(minutes);
        t.desk().plan_sessions.with(&format!("{} ({length})", times.join(", ")))
    })
}

#[derive(Clone, Copy)]
pub struct LeaveRow {
    pub id: usize,
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub note: RwSignal<String>,
}

impl LeaveRow {
    pub fn new(id: usize, leave: Option<&Leave>) -> Self {
        let date =
            |d: Option<NaiveDate>| RwSignal::new(d.map(|d| d.to_string()).unwrap_or_default());
        Self {
            id,
            from: date(leave.map(|l| l.from)),
            to: date(leave.map(|l| l.to)),
            note: RwSignal::new(leave.map(|l| l.note.clone()).unwrap_or_default()),
        }
    }

    pub fn leave(&self) -> Option<Leave> {
        let day = |s: RwSignal<String>| s.with(|s| parse_day(s.trim()));
        Some(Leave {
            from: day(self.from)?,
            to: day(self.to)?,
            note: self.note.get().trim().to_owned(),
        })
    }
}

/// The plan as typed, and every problem with it (1-based row numbers).
pub fn plan_of(
    counsellor_id: &str,
    slots: &[SlotRow],
    leaves: &[LeaveRow],
    t: &Texts,
) -> (DutyPlan, Vec<String>) {
    let mut problems = Vec::new();
    let mut weekly = Vec::new();
    let mut rows_of_weekly = Vec::new();
    for (index, row) in slots.iter().enumerate() {
        match row.weekly() {
            Some(slot) => {
                weekly.push(slot);
                rows_of_weekly.push(index);
            }
            None => problems.push(t.desk().plan_problem_time.with(index + 1)),
        }
    }
    let mut parsed_leaves = Vec::new();
    let mut rows_of_leaves = Vec::new();
    for (index, row) in leaves.iter().enumerate() {
        match row.leave() {
            Some(leave) => {
                parsed_leaves.push(leave);
                rows_of_leaves.push(index);
            }
            None => problems.push(t.desk().plan_problem_leave.with(index + 1)),
        }
    }
    let plan = DutyPlan { counsellor_id: counsellor_id.to_owned(), weekly, leaves: parsed_leaves };
    for problem in plan.problems() {
        let slot_row = |i: usize| (rows_of_weekly[i] + 1).to_string();
        let text = match problem {
            PlanError::Length { index } => t.desk().plan_problem_length.with(&slot_row(index)),
            PlanError::PastMidnight { index } => {
                t.desk().plan_problem_midnight.with(&slot_row(index))
            }
            PlanError::Overlap { index, .. } => {
                t.desk().plan_problem_overlap.with(&slot_row(index))
            }
            PlanError::Room { index } => t.desk().plan_problem_room.with(&slot_row(index)),
            PlanError::Gap { index } => t.desk().plan_problem_gap.with(&slot_row(index)),
            PlanError::LeaveBackwards { index } => {
                t.desk().plan_problem_leave.with(rows_of_leaves[index] + 1)
            }
        };
        problems.push(text);
    }
    (plan, problems)
}
