use anxin_domain::counselling::my_bookings::by_day;
use anxin_domain::counselling::{Mode, Slot};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::i18n::{Lang, Texts};
use crate::state::use_i18n;

/// "12月7日 周一" / "Mon 7 Dec".
pub fn day_label(texts: &Texts, lang: Lang, day: NaiveDate) -> String {
    let weekday = texts.weekdays[day.weekday().num_days_from_monday() as usize];
    match lang {
        Lang::ZhCn => format!("{}月{}日 {weekday}", day.month(), day.day()),
        Lang::En => format!("{weekday} {}", day.format("%-d %b")),
    }
}

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
        slot.start.format("%H:%M"),
        texts.book_minutes.replace("{}", &slot.minutes.to_string()),
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

/// The counsellor's name from the schedule's list of (id, name).
pub fn name_of<'a>(names: &'a [(String, String)], id: &str) -> Option<&'a str> {
    names.iter().find(|(i, _)| i == id).map(|(_, name)| name.as_str())
}

/// Free slots grouped by day, one radio button each (large targets).
#[component]
pub fn SlotPicker(
    /// The radio group's name (several pickers may be on the page).
    name: String,
    #[prop(into)] slots: Signal<Vec<Slot>>,
    #[prop(into)] names: Signal<Vec<(String, String)>>,
    picked: RwSignal<Option<Slot>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Days the person opened stay open when the list is drawn again.
    let opened = RwSignal::new(Vec::<NaiveDate>::new());
    move || {
        let texts = i18n.texts();
        let lang = i18n.lang();
        let names = names.get();
        by_day(slots.get())
            .into_iter()
            .enumerate()
            .map(|(index, (day, slots))| {
                let count = slots.len();
                let options = slots
                    .into_iter()
                    .map(|slot| {
                        let label = slot_label(texts, &slot, name_of(&names, &slot.counsellor_id));
                        let key = slot.key();
                        let mine = slot.clone();
                        let checked = move || picked.with(|p| p.as_ref() == Some(&mine));
                        view! {
                            <label class="option slot" data-testid="slot" data-key=key>
                                <input
                                    type="radio"
                                    name=name.clone()
                                    prop:checked=checked
                                    on:change=move |_| picked.set(Some(slot.clone()))
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view();
                // The first day open, the others one tap away: 14 days of
                // slots would be a long scroll on a phone.
                view! {
                    <details
                        class="slot-day"
                        data-testid="slot-day"
                        open=index == 0 || opened.with_untracked(|o| o.contains(&day))
                        on:toggle=move |ev| {
                            let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                            opened.update(|o| {
                                o.retain(|d| *d != day);
                                if open {
                                    o.push(day);
                                }
                            });
                        }
                    >
                        <summary>{day_label(texts, lang, day)}" ("{count}")"</summary>
                        <div class="options">{options}</div>
                    </details>
                }
            })
            .collect_view()
    }
}
