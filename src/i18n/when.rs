//! One way to write an instant in each language, in the school's time
//! zone, on every screen: "12月1日 14:43" and "1 Dec 14:43" (the year
//! only when it is not this year's).

use anxin_domain::school_offset;
use chrono::{DateTime, Datelike, Timelike, Utc};

use super::Lang;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `at` as the person reads it, the year shown when it is not `now`'s.
pub fn instant_at(at: DateTime<Utc>, lang: Lang, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&school_offset());
    let time = hh_mm(local.hour(), local.minute());
    let other_year = local.year() != now.with_timezone(&school_offset()).year();
    let (day, month) = (local.day(), local.month());
    match (lang, other_year) {
        (Lang::ZhCn, false) => format!("{month}月{day}日 {time}"),
        (Lang::ZhCn, true) => format!("{}年{month}月{day}日 {time}", local.year()),
        (Lang::En, false) => format!("{day} {} {time}", MONTHS[month as usize - 1]),
        (Lang::En, true) => format!("{day} {} {} {time}", MONTHS[month as usize - 1], local.year()),
    }
}

/// "08:05" (chrono's `format` would cost the first load its formatter).
pub fn hh_mm(hour: u32, minute: u32) -> String {
    format!("{hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn test_one_way_per_language_in_school_time() {
        // 06:43 UTC is 14:43 in Shanghai.
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 6, 43, 0).unwrap();
        assert_eq!(instant_at(at, Lang::ZhCn, at), "12月1日 14:43");
        assert_eq!(instant_at(at, Lang::En, at), "1 Dec 14:43");
        // Past midnight in Shanghai while still the day before in UTC.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 16, 5, 0).unwrap();
        assert_eq!(instant_at(late, Lang::En, at), "1 Dec 00:05");
        let last_year = Utc.with_ymd_and_hms(2025, 12, 31, 1, 0, 0).unwrap();
        assert_eq!(instant_at(last_year, Lang::ZhCn, at), "2025年12月31日 09:00");
        assert_eq!(instant_at(last_year, Lang::En, at), "31 Dec 2025 09:00");
    }
}
