//! Each level's deadline (the directory's `deadlines`): declarations by
//! 10:00, classes signed by 11:00, departments by 12:00, the school by
//! 13:00 unless the school sets others. Late is marked, never blocked.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::snapshot::day_start;
use super::Level;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deadlines {
    pub declarations: NaiveTime,
    pub classes: NaiveTime,
    pub departments: NaiveTime,
    pub school: NaiveTime,
}

fn hour(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).expect("a whole hour is a valid time")
}

impl Default for Deadlines {
    fn default() -> Self {
        Self { declarations: hour(10), classes: hour(11), departments: hour(12), school: hour(13) }
    }
}

impl Deadlines {
    /// The time of day by which a level signs.
    pub fn for_level(&self, level: Level) -> NaiveTime {
        match level {
            Level::Class => self.classes,
            Level::Department => self.departments,
            Level::School => self.school,
        }
    }

    /// Each comes after the one before (a class cannot sign before its
    /// people are due to declare).
    pub fn in_order(&self) -> bool {
        self.declarations <= self.classes
            && self.classes <= self.departments
            && self.departments <= self.school
    }
}

/// The instant `time` of `day` at the school.
pub fn at_school(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    day_start(day) + (time - NaiveTime::MIN)
}

/// Whole minutes after the deadline (`None`: on time). A second late is a
/// minute late.
pub fn minutes_late(deadline: DateTime<Utc>, at: DateTime<Utc>) -> Option<u32> {
    let seconds = (at - deadline).num_seconds();
    (seconds > 0).then(|| u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn test_default_deadlines_are_in_order() {
        let d = Deadlines::default();
        assert!(d.in_order());
        assert_eq!(d.for_level(Level::Department), hour(12));
        let backwards = Deadlines { classes: hour(9), ..d };
        assert!(!backwards.in_order());
    }

    #[test]
    fn test_minutes_late_rounds_up_and_on_time_is_none() {
        let day = NaiveDate::from_ymd_opt(2020, 2, 10).unwrap();
        let deadline = at_school(day, hour(10));
        assert_eq!(deadline.to_rfc3339(), "2020-02-10T02:00:00+00:00");
        assert_eq!(minutes_late(deadline, deadline), None);
        assert_eq!(minutes_late(deadline, deadline - Duration::minutes(5)), None);
        assert_eq!(minutes_late(deadline, deadline + Duration::seconds(1)), Some(1));
        assert_eq!(minutes_late(deadline, deadline + Duration::minutes(42)), Some(42));
    }
}
