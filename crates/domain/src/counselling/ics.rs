//! A confirmed appointment as an iCalendar file (RFC 5545) for the phone's
//! calendar: one event in the school's time zone, with two reminders (the
//! day before and one hour before).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::clock_text::ics_stamp;

use super::plan::{Mode, Slot};

/// The school's zone as the file names it, with its one fixed offset.
const TZID: &str = "Asia/Shanghai";

/// What the event says, in the person's language.
pub struct EventText<'a> {
    pub summary: &'a str,
    /// Where: the room, or how the counsellor will reach them.
    pub location: &'a str,
    pub description: &'a str,
    pub reminder: &'a str,
}

/// The `.ics` text (CRLF line ends, lines folded at 75 octets).
pub fn appointment_ics(
    booking_id: &str,
    slot: &Slot,
    text: &EventText,
    now: DateTime<Utc>,
) -> String {
    let end = slot.start + Duration::minutes(i64::from(slot.minutes));
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Anxin//Counselling//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{TZID}"),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        "TZOFFSETFROM:+0800".to_owned(),
        "TZOFFSETTO:+0800".to_owned(),
        "TZNAME:CST".to_owned(),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@anxin", escape(booking_id)),
        format!("DTSTAMP:{}Z", ics_stamp(&now.naive_utc())),
        format!("DTSTART;TZID={TZID}:{}", local(slot.start)),
        format!("DTEND;TZID={TZID}:{}", local(end)),
        format!("SUMMARY:{}", escape(text.summary)),
        format!("LOCATION:{}", escape(text.location)),
        format!("DESCRIPTION:{}", escape(text.description)),
        "STATUS:CONFIRMED".to_owned(),
        alarm("-P1D", text.reminder),
        alarm("-PT1H", text.reminder),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for line in lines {
        // An alarm is several lines already joined.
        for part in line.split('\n') {
            out.push_str(&fold(part));
            out.push_str("\r\n");
        }
    }
    out
}

fn alarm(trigger: &str, reminder: &str) -> String {
    [
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("TRIGGER:{trigger}"),
        format!("DESCRIPTION:{}", escape(reminder)),
        "END:VALARM".to_owned(),
    ]
    .join("\n")
}

fn local(at: NaiveDateTime) -> String {
    ics_stamp(&at)
}

/// TEXT values: backslash, semicolon and comma escaped, newlines as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character: a
/// continuation line starts with one space.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

/// Where a slot takes place, as the event's location says it.
pub fn location_of(mode: &Mode, phone: &str, online: &str) -> String {
    match mode {
        Mode::InPerson(room) => room.clone(),
        Mode::Phone => phone.to_owned(),
        Mode::Online => online.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;

    fn slot() -> Slot {
        Slot {
            counsellor_id: "C-0001".into(),
            start: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap().and_hms_opt(23, 15, 0).unwrap(),
            minutes: 50,
            mode: Mode::InPerson("心理中心 203".into()),
        }
    }

    fn text() -> EventText<'static> {
        EventText {
            summary: "心理咨询：孙老师",
            location: "心理中心 203",
            description: "如需取消，请提前 2 小时; 热线 12356, 谢谢\n安心",
            reminder: "心理咨询即将开始",
        }
    }

    fn ics() -> String {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        appointment_ics("00000000-0000-4000-8000-000000000001", &slot(), &text(), now)
    }

    /// The content lines with folding undone.
    fn unfolded(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn test_one_event_in_the_school_zone_across_the_year_end() {
        let lines = unfolded(&ics());
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 1);
        assert!(lines.contains(&"DTSTART;TZID=Asia/Shanghai:20261231T231500".to_owned()));
        // 23:15 + 50 min ends in the new year.
        assert!(lines.contains(&"DTEND;TZID=Asia/Shanghai:20270101T000500".to_owned()));
        assert!(lines.contains(&"TZOFFSETTO:+0800".to_owned()));
        assert!(lines.contains(&"DTSTAMP:20261201T083000Z".to_owned()));
        assert!(lines.contains(&"UID:00000000-0000-4000-8000-000000000001@anxin".to_owned()));
    }

    #[test]
    fn test_two_reminders() {
        let lines = unfolded(&ics());
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VALARM").count(), 2);
        assert!(lines.contains(&"TRIGGER:-P1D".to_owned()));
        assert!(lines.contains(&"TRIGGER:-PT1H".to_owned()));
    }

    #[test]
    fn test_text_is_escaped() {
        let lines = unfolded(&ics());
        let description = lines.iter().find(|l| l.starts_with("DESCRIPTION:如需")).unwrap();
        assert_eq!(description, "DESCRIPTION:如需取消，请提前 2 小时\\; 热线 12356\\, 谢谢\\n安心");
    }

    #[test]
    fn test_lines_are_crlf_and_folded_at_75_octets_between_characters() {
        let ics = ics();
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // The long Chinese description was folded, and unfolds intact.
        assert!(ics.contains("\r\n "));
        let long = "安".repeat(40);
        let folded = fold(&format!("DESCRIPTION:{long}"));
        assert_eq!(folded.replace("\r\n ", ""), format!("DESCRIPTION:{long}"));
    }
}
