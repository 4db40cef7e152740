//! Counselling (SPEC §3): the counsellors' duty hours, the slots they make,
//! the notice for changes, and the nearest free alternatives to a taken
//! slot. Times are the school's wall clock (UTC+8 all year, see
//! `school_time`).

pub mod alternatives;
pub mod appointment;
pub mod attendance;
pub mod booking;
pub mod booking_news;
pub mod crisis;
pub mod decide;
pub mod decision;
pub mod ics;
pub mod my_bookings;
pub mod note;
pub mod note_guard;
pub mod notice;
pub mod off_duty;
pub mod plan;
pub mod schedule;
pub mod waitlist;
pub mod wellbeing;

pub use alternatives::nearest_free;
pub use appointment::{Appointment, AppointmentStatus, MyBooking, Visitor};
pub use booking::{BookingRequest, BookingState, Replacing, Urgency, Wanted};
pub use crisis::{crisis_call_back, crisis_key, CallBack, CRISIS_KEY_MARK};
pub use notice::{check_notice, NoticeError};
pub use plan::{DutyPlan, Leave, Mode, PlanError, Slot, WeeklySlot};
pub use schedule::{CounsellorPlan, Schedule};
