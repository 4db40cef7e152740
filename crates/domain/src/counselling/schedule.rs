//! What every phone keeps of the counselling centre: who is on duty when,
//! and which slots are already booked (by whom is never said).

use serde::{Deserialize, Serialize};

use super::plan::{DutyPlan, Slot};

/// `GET /api/v1/counselling/schedule`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub counsellors: Vec<CounsellorPlan>,
    /// Keys (`Slot::key`) of booked slots within the horizon.
    pub taken: Vec<String>,
    /// Slots are offered this many days ahead.
    pub horizon_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounsellorPlan {
    pub name: String,
    pub plan: DutyPlan,
}

impl Schedule {
    /// The published plan of one counsellor, if she has one.
    pub fn plan_of(&self, counsellor_id: &str) -> Option<&DutyPlan> {
        self.counsellors.iter().map(|c| &c.plan).find(|p| p.counsellor_id == counsellor_id)
    }

    /// Some counsellor has published weekly duty hours (when none has,
    /// the booking form says so rather than "nothing free").
    pub fn has_duty_hours(&self) -> bool {
        self.counsellors.iter().any(|c| !c.plan.weekly.is_empty())
    }

    /// The free slots from `from` to `to`, in time order.
    pub fn free_slots(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<Slot> {
        let mut slots: Vec<Slot> = self
            .counsellors
            .iter()
            .flat_map(|c| c.plan.slots_between(from, to))
            .filter(|slot| !self.taken.contains(&slot.key()))
            .collect();
        crate::order::sort_by(&mut slots, |a, b| {
            a.start.cmp(&b.start).then_with(|| a.counsellor_id.cmp(&b.counsellor_id))
        });
        slots
    }
}
