//! Words for a slot: its day, its mode, its time. One place for the
//! person's booking page and the counsellor's desk, so both say the same.

use anxin_domain::clock_text::hh_mm;
use anxin_domain::counselling::{Mode, Slot};
use chrono::{Datelike, NaiveDate};

use crate::i18n::when::day_at;
use crate::i18n::{Lang, Texts};

/// "12月7日 周一" / "Mon 7 Dec".
pub fn day_label(texts: &Texts, lang: Lang, day: NaiveDate) -> String {
    let weekday = texts.weekdays[day.weekday().num_days_from_monday() as usize];
    // A slot is within weeks: never its year.
    let date = day_at(day, lang, day.year());
    match lang {
        Lang::ZhCn => format!("{date} {weekday}"),
        Lang::En => format!("{weekday} {date}"),
    }
}

/// "Phone" / "In person 心理中心 203".
pub fn mode_label(texts: &Texts, mode: &Mode) -> String {
    match mode {
        Mode::Phone => texts.mode_phone.to_owned(),
        Mode::Online => texts.mode_online.to_owned(),
        Mode::InPerson(room) => format!("{} {room}", texts.mode_in_person),
    }
}

/// "09:00 · 50 min · Phone · 孙老师" (the counsellor when known).
pub fn slot_label(texts: &Texts, slot: &Slot, counsellor: Option<&str>) -> String {
    let mut label = format!(
        "{} · {} · {}",
        hh_mm(&slot.start),
        texts.book_minutes.with(slot.minutes),
        mode_label(texts, &slot.mode)
    );
    if let Some(name) = counsellor {
        label.push_str(" · ");
        label.push_str(name);
    }
    label
}

/// The day and the slot in one line.
pub fn slot_when(texts: &Texts, lang: Lang, slot: &Slot, counsellor: Option<&str>) -> String {
    format!("{} {}", day_label(texts, lang, slot.start.date()), slot_label(texts, slot, counsellor))
}

/// The day and the time from start to end, on the school's wall clock:
/// "12月7日 周一 09:00–09:50" / "Mon 7 Dec 09:00–09:50" (the desk, where
/// the mode is shown next to it).
pub fn slot_span(texts: &Texts, lang: Lang, slot: &Slot) -> String {
    let end = slot.start + chrono::Duration::minutes(i64::from(slot.minutes));
    format!("{} {}–{}", day_label(texts, lang, slot.start.date()), hh_mm(&slot.start), hh_mm(&end))
}

/// The counsellor's name from the schedule's list of (id, name).
pub fn name_of<'a>(names: &'a [(String, String)], id: &str) -> Option<&'a str> {
    names.iter().find(|(i, _)| i == id).map(|(_, name)| name.as_str())
}
