//! One way to write an instant in each language, in the school's time
//! zone, on every screen: "12月1日 14:43" and "1 Dec 14:43" (the year
//! only when it is not this year's).

use anxin_domain::clock_text::hh_mm;
use anxin_domain::school_offset;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::Lang;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A day as the person reads it: "12月7日" / "7 Dec" (the year only when
/// it is not `this_year`).
pub fn day_at(day: NaiveDate, lang: Lang, this_year: i32) -> String {
    let (d, month) = (day.day(), day.month());
    match (lang, day.year() == this_year) {
        (Lang::ZhCn, true) => format!("{month}月{d}日"),
        (Lang::ZhCn, false) => format!("{}年{month}月{d}日", day.year()),
        (Lang::En, true) => format!("{d} {}", MONTHS[month as usize - 1]),
        (Lang::En, false) => format!("{d} {} {}", MONTHS[month as usize - 1], day.year()),
    }
}

/// `at` as the person reads it, the year shown when it is not `now`'s.
pub fn instant_at(at: DateTime<Utc>, lang: Lang, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&school_offset());
    let this_year = now.with_timezone(&school_offset()).year();
    format!("{} {}", day_at(local.date_naive(), lang, this_year), hh_mm(&local))
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
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(day_at(day, Lang::ZhCn, 2026), "12月7日");
        assert_eq!(day_at(day, Lang::En, 2026), "7 Dec");
        assert_eq!(day_at(day, Lang::En, 2027), "7 Dec 2026");
    }
}
