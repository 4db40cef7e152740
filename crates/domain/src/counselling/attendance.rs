//! A counsellor's view of how each visitor attended: counts per person (or
//! per pseudonym, for an anonymous visitor), never what was said. Built
//! from her own appointments only.

use chrono::NaiveDateTime;

use super::appointment::{Appointment, AppointmentStatus, Visitor};

/// One visitor's appointments with this counsellor, counted by outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    /// The person (named) or the pseudonym (anonymous); the same anonymous
    /// person always has the same pseudonym.
    pub visitor: Visitor,
    pub completed: u32,
    pub no_show: u32,
    pub cancelled: u32,
    pub declined: u32,
    /// Confirmed, not yet started.
    pub upcoming: u32,
    /// Confirmed and started, but not yet marked completed or no-show.
    pub unmarked: u32,
    /// The latest slot start of this visitor.
    pub last: NaiveDateTime,
}

impl AttendanceRow {
    fn new(visitor: Visitor, start: NaiveDateTime) -> Self {
        Self {
            visitor,
            completed: 0,
            no_show: 0,
            cancelled: 0,
            declined: 0,
            upcoming: 0,
            unmarked: 0,
            last: start,
        }
    }
}

/// Who a row is about: the person id, or the pseudonym.
fn key(visitor: &Visitor) -> (bool, &str) {
    match visitor {
        Visitor::Named { person_id, .. } => (false, person_id),
        Visitor::Anonymous { pseudonym } => (true, pseudonym),
    }
}

/// One row per visitor, the most recently seen first (ties by name or
/// pseudonym). `now` is the school's wall clock, to tell upcoming from
/// unmarked. A request that lost its slot held no time with her and is
/// not counted.
pub fn attendance(appointments: &[Appointment], now: NaiveDateTime) -> Vec<AttendanceRow> {
    let mut rows: Vec<AttendanceRow> = Vec::new();
    for appointment in appointments {
        if appointment.status == AppointmentStatus::SlotTaken {
            continue;
        }
        let start = appointment.slot.start;
        let index = match rows.iter().position(|r| key(&r.visitor) == key(&appointment.visitor)) {
            Some(index) => index,
            None => {
                rows.push(AttendanceRow::new(appointment.visitor.clone(), start));
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        if start >= row.last {
            // The roster's latest name for the person.
            row.visitor = appointment.visitor.clone();
            row.last = start;
        }
        let count = match appointment.status {
            AppointmentStatus::Completed => &mut row.completed,
            AppointmentStatus::NoShow => &mut row.no_show,
            AppointmentStatus::Cancelled => &mut row.cancelled,
            AppointmentStatus::Declined => &mut row.declined,
            AppointmentStatus::Confirmed if start > now => &mut row.upcoming,
            AppointmentStatus::Confirmed => &mut row.unmarked,
            AppointmentStatus::SlotTaken => continue,
        };
        *count += 1;
    }
    rows.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| key(&a.visitor).cmp(&key(&b.visitor))));
    rows
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::counselling::booking::Urgency;
    use crate::counselling::plan::{Mode, Slot};

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
    }

    fn named(id: &str, name: &str) -> Visitor {
        Visitor::Named { person_id: id.into(), name: name.into() }
    }

    fn anonymous(pseudonym: &str) -> Visitor {
        Visitor::Anonymous { pseudonym: pseudonym.into() }
    }

    fn appointment(
        visitor: Visitor,
        start: NaiveDateTime,
        status: AppointmentStatus,
    ) -> Appointment {
        Appointment {
            booking_id: format!("b-{start}"),
            slot: Slot { counsellor_id: "C-0001".into(), start, minutes: 50, mode: Mode::Phone },
            status,
            visitor,
            phone: "13800000000".into(),
            topic: String::new(),
            urgency: Urgency::Routine,
            requested_at: Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap(),
            accepted: false,
            proposed: None,
            reason: None,
            decided_at: None,
            moved_to: None,
        }
    }

    #[test]
    fn test_attendance_counts_each_visitor_by_outcome() {
        // Setup
        use AppointmentStatus::*;
        let zhang = named("2020-0101", "张三");
        let anon = anonymous("来访者·安晨川冬");
        let list = vec![
            appointment(zhang.clone(), at(1, 9), Completed),
            appointment(zhang.clone(), at(3, 9), NoShow),
            appointment(zhang.clone(), at(4, 9), Cancelled),
            appointment(anon.clone(), at(2, 14), Completed),
            appointment(anon.clone(), at(5, 9), Declined),
            appointment(zhang.clone(), at(7, 9), Confirmed),
            appointment(zhang.clone(), at(9, 9), Confirmed),
            appointment(anon.clone(), at(8, 9), SlotTaken),
        ];
        // Exec
        let rows = attendance(&list, at(8, 12));
        // Check
        assert_eq!(rows.len(), 2);
        let first = &rows[0];
        assert_eq!(first.visitor, zhang);
        assert_eq!((first.completed, first.no_show, first.cancelled, first.declined), (1, 1, 1, 0));
        assert_eq!((first.upcoming, first.unmarked), (1, 1));
        assert_eq!(first.last, at(9, 9));
        let second = &rows[1];
        assert_eq!(second.visitor, anon);
        assert_eq!((second.completed, second.declined, second.upcoming), (1, 1, 0));
        // The taken request counts nowhere and does not move "last".
        assert_eq!(second.last, at(5, 9));
    }

    #[test]
    fn test_attendance_keeps_anonymous_apart_from_named() {
        // The same person booking once by name and once anonymously shows
        // as two rows: the pseudonym must not be linked to the name.
        let list = vec![
            appointment(named("2020-0101", "张三"), at(1, 9), AppointmentStatus::Completed),
            appointment(anonymous("来访者·山松"), at(2, 9), AppointmentStatus::Completed),
            appointment(anonymous("来访者·山松"), at(3, 9), AppointmentStatus::NoShow),
        ];
        let rows = attendance(&list, at(10, 0));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].visitor, anonymous("来访者·山松"));
        assert_eq!((rows[0].completed, rows[0].no_show), (1, 1));
        assert_eq!(rows[1].completed, 1);
    }

    #[test]
    fn test_attendance_of_nothing_is_empty() {
        assert!(attendance(&[], at(1, 0)).is_empty());
    }
}
