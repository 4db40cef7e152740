use anxin_domain::counselling::booking::BookingField;
use anxin_domain::counselling::my_bookings::Standing;
use anxin_domain::counselling::{BookingRequest, Mode, Slot, Urgency, Wanted};
use leptos::prelude::*;

use super::booking_slots::SlotPicker;
use super::FieldError;
use crate::declaring::{new_id, school_now};
use crate::i18n::local_instant;
use crate::state::bookings::use_bookings;
use crate::state::use_i18n;
use crate::storage::StoredSchedule;

/// The way of meeting chosen in a form ("" for any): the booking's and
/// the waitlist's.
pub(super) fn mode_of(value: &str) -> Option<Mode> {
    match value {
        "phone" => Some(Mode::Phone),
        "online" => Some(Mode::Online),
        "in_person" => Some(Mode::InPerson(String::new())),
        _ => None,
    }
}

/// The booking form: a counsellor (or the first available), the way of
/// meeting, a free time, an optional topic, a phone, anonymity. Saved on the phone as a request
/// and queued; it works offline from the stored schedule.
#[component]
pub fn BookingForm(
    #[prop(into)] urgency: Signal<Urgency>,
    #[prop(into)] schedule: Signal<Option<StoredSchedule>>,
    /// Free slots of every counsellor the person may book.
    #[prop(into)]
    slots: Signal<Vec<Slot>>,
    #[prop(into)] names: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bookings = use_bookings();
    let counsellor = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Slot>);
    let topic = RwSignal::new(String::new());
    // The number of the last booking: the same person, most often the same phone.
    let phone = RwSignal::new(bookings.last_phone());
    let anonymous = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<BookingField>::new());
    // The request just made: "saved on this phone" until the centre decides.
    let queued = RwSignal::new(None::<String>);
    let undecided = move || {
        queued.with(|id| {
            let Some(id) = id else { return false };
            bookings.records.with(|all| {
                all.iter().any(|r| {
                    r.id() == id && matches!(r.standing(), Standing::NotSent | Standing::Waiting)
                })
            })
        })
    };

    let shown = Memo::new(move |_| {
        let chosen = counsellor.get();
        let way = mode_of(&mode.get());
        let mut all = slots.get();
        all.retain(|s| {
            (chosen.is_empty() || s.counsellor_id == chosen) && s.mode.suits(way.as_ref())
        });
        all
    });
    let error = move |field: BookingField| {
        Signal::derive(move || {
            let texts = i18n.texts();
            errors.get().contains(&field).then_some(match field {
                BookingField::Phone => texts.book_problem_phone,
                BookingField::Topic => texts.book_problem_topic,
                BookingField::Wanted => texts.book_problem_slot,
                BookingField::Reason => texts.book_problem_reason,
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (_, now) = school_now();
        let wanted = match picked.get_untracked() {
            Some(slot) => Wanted::Slot { counsellor_id: slot.counsellor_id, start: slot.start },
            None => Wanted::FirstAvailable { from: now, mode: mode_of(&mode.get_untracked()) },
        };
        let request = BookingRequest {
            booking_id: new_id(),
            wanted,
            topic: topic.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
            anonymous: anonymous.get_untracked(),
            urgency: urgency.get_untracked(),
            replaces: None,
        };
        let mut problems = request.problems();
        // A named counsellor is booked at one of her times.
        if !counsellor.get_untracked().is_empty() && picked.get_untracked().is_none() {
            problems.insert(0, BookingField::Wanted);
        }
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        let id = request.booking_id.clone();
        if bookings.request(request) {
            queued.set(Some(id));
            picked.set(None);
            topic.set(String::new());
        }
    };
    let schedule_note = move || {
        let texts = i18n.texts();
        match schedule.get() {
            Some(s) => format!(
                "{}{}",
                texts.book_schedule_updated,
                local_instant(s.fetched_at, i18n.lang())
            ),
            None => texts.book_schedule_never.to_owned(),
        }
    };
    // Why nothing is offered: never fetched, nobody on duty, or all taken.
    let no_slots = move || {
        let texts = i18n.texts();
        match schedule.with(|s| s.as_ref().map(|s| s.schedule.has_duty_hours())) {
            None => texts.book_no_slots,
            Some(false) => texts.book_no_duty_hours,
            Some(true) => texts.book_no_free_times,
        }
    };
    let counsellor_options = move || {
        names
            .get()
            .into_iter()
            .map(|(id, name)| view! { <option value=id.clone()>{name}</option> })
            .collect_view()
    };

    view! {
        <form class="booking-form" data-testid="booking-form" on:submit=submit novalidate>
            <h2>{move || i18n.texts().book_title}</h2>
            <p class="hint" data-testid="schedule-note">{schedule_note}</p>
            <label class="field" data-field="counsellor">
                <span class="label">{move || i18n.texts().book_counsellor}</span>
                <select
                    data-testid="counsellor"
                    prop:value=move || counsellor.get()
                    on:change=move |ev| {
                        counsellor.set(event_target_value(&ev));
                        picked.set(None);
                    }
                >
                    <option value="">{move || i18n.texts().book_first_available}</option>
                    {counsellor_options}
                </select>
            </label>
            <label class="field" data-field="mode">
                <span class="label">{move || i18n.texts().book_mode}</span>
                <select
                    data-testid="mode"
                    prop:value=move || mode.get()
                    on:change=move |ev| {
                        mode.set(event_target_value(&ev));
                        picked.set(None);
                    }
                >
                    <option value="">{move || i18n.texts().book_mode_any}</option>
                    <option value="phone">{move || i18n.texts().mode_phone}</option>
                    <option value="online">{move || i18n.texts().mode_online}</option>
                    <option value="in_person">{move || i18n.texts().mode_in_person}</option>
                </select>
            </label>
            <fieldset class="field slots" class:invalid=move || error(BookingField::Wanted).get().is_some() data-field="wanted">
                <legend>{move || i18n.texts().book_slots}</legend>
                <p class="hint">{move || i18n.texts().book_first_hint}</p>
                <Show
                    when=move || !shown.get().is_empty()
                    fallback=move || view! { <p class="hint" data-testid="no-slots">{no_slots}</p> }
                >
                    <SlotPicker name="slot".to_owned() slots=shown names=names picked=picked/>
                </Show>
                <FieldError error=error(BookingField::Wanted)/>
            </fieldset>
            <label class="field" class:invalid=move || error(BookingField::Topic).get().is_some() data-field="topic">
                <span class="label">{move || i18n.texts().book_topic}</span>
                <textarea
                    data-testid="topic"
                    rows="2"
                    prop:value=move || topic.get()
                    on:input=move |ev| topic.set(event_target_value(&ev))
                ></textarea>
                <FieldError error=error(BookingField::Topic)/>
            </label>
            <label class="field" class:invalid=move || error(BookingField::Phone).get().is_some() data-field="phone">
                <span class="label">{move || i18n.texts().book_phone}</span>
                <input
                    type="tel"
                    data-testid="phone"
                    autocomplete="tel"
                    prop:value=move || phone.get()
                    on:input=move |ev| phone.set(event_target_value(&ev))
                />
                <FieldError error=error(BookingField::Phone)/>
            </label>
            <label class="field check" data-field="anonymous">
                <input
                    type="checkbox"
                    data-testid="anonymous"
                    prop:checked=move || anonymous.get()
                    on:change=move |ev| anonymous.set(event_target_checked(&ev))
                />
                <span>{move || i18n.texts().book_anonymous}</span>
                <span class="hint">{move || i18n.texts().book_anonymous_hint}</span>
            </label>
            <div class="form-actions">
                <button type="submit" data-testid="book-submit">{move || i18n.texts().book_submit}</button>
            </div>
            <p class="notice" role="status" data-testid="booking-queued" hidden=move || !undecided()>
                {move || i18n.texts().book_queued}
            </p>
        </form>
    }
}
