use anxin_domain::counselling::my_bookings::by_day;
use anxin_domain::counselling::Slot;
use chrono::NaiveDate;
use leptos::prelude::*;

use super::slot_labels::{day_label, slot_label};
// The booking list takes its words from here too.
pub use super::slot_labels::{mode_label, name_of, slot_when};
use crate::state::use_i18n;

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
