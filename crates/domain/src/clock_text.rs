//! Dates and times as text in the few fixed shapes the app and the wire
//! use, written and read by hand: chrono's `format` and `parse_from_str`
//! bring its strftime parser and formatter (about 11 KB of code) into the
//! students' first load for these alone.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// "08:05".
pub fn hh_mm(at: &impl Timelike) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// "8:05" or "08:05" (what a time field gives), nothing else.
pub fn parse_hh_mm(text: &str) -> Option<NaiveTime> {
    let (hour, minute) = text.split_once(':')?;
    let number = |part: &str| {
        (1..=2).contains(&part.len()).then_some(())?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse::<u32>().ok())?
    };
    NaiveTime::from_hms_opt(number(hour)?, number(minute)?, 0)
}

/// "2026-12-07T09:00": a slot's start in its key.
pub fn minute_stamp(at: &NaiveDateTime) -> String {
    format!("{}T{}", at.date(), hh_mm(at))
}

/// "20261207T090000" (iCalendar's local date-time).
pub fn ics_stamp(at: &NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// "2026-12-07" (what a date field gives).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_the_shapes_match_chronos_formats() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 5, 30).unwrap();
        assert_eq!(hh_mm(&at), at.format("%H:%M").to_string());
        assert_eq!(minute_stamp(&at), at.format("%Y-%m-%dT%H:%M").to_string());
        assert_eq!(ics_stamp(&at), at.format("%Y%m%dT%H%M%S").to_string());
        assert_eq!(parse_day("2026-12-07"), Some(at.date()));
        assert_eq!(parse_day("2026-13-07"), None);
    }

    #[test]
    fn test_a_time_is_hours_and_minutes_only() {
        assert_eq!(parse_hh_mm("08:05"), NaiveTime::from_hms_opt(8, 5, 0));
        assert_eq!(parse_hh_mm("8:05"), NaiveTime::from_hms_opt(8, 5, 0));
        for bad in ["", "8", "24:00", "08:60", "08:05:00", "ab:cd", "+8:05", "008:05", " 8:05"] {
            assert_eq!(parse_hh_mm(bad), None, "{bad:?}");
        }
    }
}
