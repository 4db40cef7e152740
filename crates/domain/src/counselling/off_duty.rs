//! Booked appointments her duty hours no longer hold: the counsellor changed
//! her weekly plan (a time, a length, the way of meeting), or took leave,
//! after they were booked. They stay booked
//! (the person counts on them) until she declines them with a reason the
//! person sees; her desk points them out so that none is forgotten.

use chrono::{DateTime, Utc};

use super::appointment::{Appointment, AppointmentStatus};
use super::booking::Urgency;
use super::plan::DutyPlan;

/// The ids of the confirmed, not yet started appointments that `plan` (her
/// published plan; `None` if she has none) no longer holds. A crisis
/// call-back is hers whatever the plan says.
pub fn off_duty(
    appointments: &[Appointment],
    plan: Option<&DutyPlan>,
    now: DateTime<Utc>,
) -> Vec<String> {
    appointments
        .iter()
        .filter(|a| {
            a.status == AppointmentStatus::Confirmed
                && a.urgency != Urgency::Crisis
                && a.slot.starts_at() > now
                && !plan.is_some_and(|p| p.holds(&a.slot))
        })
        .map(|a| a.booking_id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::counselling::{Leave, Mode, Slot, Visitor};
    use crate::fixtures::daily_plan;

    fn appointment(id: &str, day: u32, hour: u32, urgency: Urgency) -> Appointment {
        Appointment {
            booking_id: id.into(),
            slot: Slot {
                counsellor_id: "C-0001".into(),
                start: NaiveDate::from_ymd_opt(2026, 12, day)
                    .unwrap()
                    .and_hms_opt(hour, 0, 0)
                    .unwrap(),
                minutes: 50,
                mode: Mode::Phone,
            },
            status: AppointmentStatus::Confirmed,
            visitor: Visitor::Named { person_id: "2020-0101".into(), name: "李明".into() },
            phone: "13800000001".into(),
            topic: String::new(),
            urgency,
            requested_at: Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap(),
            accepted: false,
            proposed: None,
            reason: None,
            decided_at: None,
            moved_to: None,
        }
    }

    #[test]
    fn test_leave_and_a_dropped_hour_leave_bookings_off_duty() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let booked = vec![
            appointment("kept", 2, 9, Urgency::Routine),
            appointment("hour-dropped", 2, 15, Urgency::Soon),
            appointment("on-leave", 4, 9, Urgency::Routine),
            appointment("crisis", 4, 10, Urgency::Crisis),
        ];
        // She now works 9 and 10 only, and is away on 4 December.
        let mut plan = daily_plan("C-0001", &[9, 10], Mode::Phone);
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        plan.leaves.push(Leave { from: day, to: day, note: String::new() });
        assert_eq!(off_duty(&booked, Some(&plan), now), ["hour-dropped", "on-leave"]);
        // The 9:00 slot turned into an online one: the booked call no longer
        // is what the plan holds.
        let online = daily_plan("C-0001", &[9, 10], Mode::Online);
        assert_eq!(off_duty(&booked[..1], Some(&online), now), ["kept"]);
        // With no plan at all, none of hers is held (a crisis call-back still is).
        assert_eq!(off_duty(&booked, None, now), ["kept", "hour-dropped", "on-leave"]);
    }

    #[test]
    fn test_only_upcoming_confirmed_appointments_count() {
        let plan = daily_plan("C-0001", &[10], Mode::Phone);
        let mut declined = appointment("declined", 2, 9, Urgency::Routine);
        declined.status = AppointmentStatus::Declined;
        let past = appointment("past", 1, 9, Urgency::Routine);
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap();
        assert!(off_duty(&[declined, past], Some(&plan), now).is_empty());
        // Another counsellor's plan holds none of hers.
        let other = daily_plan("C-0002", &[9], Mode::Phone);
        assert_eq!(off_duty(&[appointment("a", 2, 9, Urgency::Routine)], Some(&other), now), ["a"]);
    }
}
