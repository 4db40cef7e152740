//! The school's calendar day.
//!
//! A declaration belongs to a calendar day in the school's time zone,
//! Asia/Shanghai. China has used UTC+8 all year since 1991 (no daylight
//! saving), so a fixed offset gives the same answers as the full tz database
//! for every date the app can see, without shipping the database to phones.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};

/// Asia/Shanghai's offset from UTC, in seconds.
pub const SCHOOL_UTC_OFFSET_SECONDS: i32 = 8 * 3600;

/// The school's time zone as a chrono offset.
pub fn school_offset() -> FixedOffset {
    FixedOffset::east_opt(SCHOOL_UTC_OFFSET_SECONDS).expect("UTC+8 is a valid offset")
}

/// The calendar day in the school's time zone at the instant `at`.
pub fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&school_offset()).date_naive()
}

/// The first instant of the school day `day` (its midnight there).
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(school_offset()).single())
        .map_or(DateTime::<Utc>::MIN_UTC, |start| start.with_timezone(&Utc))
}

/// The end of the school day that `at` is in (the next midnight there).
pub fn end_of_day(at: DateTime<Utc>) -> DateTime<Utc> {
    (local_day(at) + Days::new(1))
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(school_offset()).single())
        .map_or(at, |end| end.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn test_a_school_day_ends_at_midnight_in_shanghai() {
        // 23:30 on 1 Dec at the school is 15:30 UTC; the day ends at 16:00 UTC.
        assert_eq!(end_of_day(utc(2026, 12, 1, 15, 30)), utc(2026, 12, 1, 16, 0));
        // 00:10 on 2 Dec at the school (16:10 UTC on the 1st): the 2nd ends.
        assert_eq!(end_of_day(utc(2026, 12, 1, 16, 10)), utc(2026, 12, 2, 16, 0));
    }

    #[test]
    fn test_local_day_at_2359_is_same_day() {
        // 23:59 in Shanghai on 2 Feb is 15:59 UTC on 2 Feb.
        assert_eq!(local_day(utc(2020, 2, 2, 15, 59)), day(2020, 2, 2));
    }

    #[test]
    fn test_local_day_at_0000_is_next_day() {
        // 00:00 in Shanghai on 3 Feb is 16:00 UTC on 2 Feb.
        assert_eq!(local_day(utc(2020, 2, 2, 16, 0)), day(2020, 2, 3));
    }

    #[test]
    fn test_local_day_early_utc_morning_is_same_shanghai_day() {
        assert_eq!(local_day(utc(2020, 2, 3, 0, 30)), day(2020, 2, 3));
    }

    #[test]
    fn test_local_day_crosses_year_end() {
        assert_eq!(local_day(utc(2020, 12, 31, 16, 0)), day(2021, 1, 1));
        assert_eq!(local_day(utc(2020, 12, 31, 15, 59)), day(2020, 12, 31));
    }
}
