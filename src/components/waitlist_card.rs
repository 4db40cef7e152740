//! The counselling waitlist on the booking page (SPEC §3): when no time
//! suits, the person joins for a counsellor (or any) and a way of meeting
//! (or any); then the card says what they wait for, lists the times that
//! freed (each booked in one tap, the first request to arrive gets it)
//! and those taken by someone else, and lets them leave. Works offline:
//! everything is queued in the one outbox.

use anxin_domain::counselling::waitlist::{WaitlistJoin, WaitlistState};
use anxin_domain::counselling::Mode;
use leptos::prelude::*;

use super::booking_form::mode_of;
use super::slot_labels::{mode_label, name_of, slot_when};
use super::FieldError;
use crate::declaring::new_id;
use crate::i18n::local_instant;
use crate::state::bookings::use_bookings;
use crate::state::use_i18n;
use crate::state::waitlist::{use_waitlist, JoinProblem};

/// The join form.
#[component]
fn JoinForm(#[prop(into)] names: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let waitlist = use_waitlist();
    let bookings = use_bookings();
    let counsellor = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let phone = RwSignal::new(bookings.last_phone());
    let anonymous = RwSignal::new(false);
    let problem = RwSignal::new(None::<JoinProblem>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = counsellor.get_untracked();
        let join = WaitlistJoin {
            entry_id: new_id(),
            counsellor_id: (!chosen.is_empty()).then_some(chosen),
            mode: mode_of(&mode.get_untracked()),
            phone: phone.get_untracked().trim().to_owned(),
            anonymous: anonymous.get_untracked(),
        };
        let name = join
            .counsellor_id
            .as_ref()
            .and_then(|id| names.with_untracked(|all| name_of(all, id).map(str::to_owned)));
        problem.set(waitlist.join(join, name).err());
    };
    let phone_error = Signal::derive(move || {
        (problem.get() == Some(JoinProblem::Phone)).then(|| i18n.texts().waitlist().phone_problem)
    });
    let options = move || {
        names
            .get()
            .into_iter()
            .map(|(id, name)| view! { <option value=id>{name}</option> })
            .collect_view()
    };
    view! {
        <form class="waitlist-form" data-testid="waitlist-form" on:submit=submit novalidate>
            <label class="field" data-field="waitlist_counsellor">
                <span class="label">{move || i18n.texts().waitlist().counsellor}</span>
                <select data-testid="waitlist-counsellor" prop:value=move || counsellor.get()
                    on:change=move |ev| counsellor.set(event_target_value(&ev))>
                    <option value="">{move || i18n.texts().waitlist().any_counsellor}</option>
                    {options}
                </select>
            </label>
            <label class="field" data-field="waitlist_mode">
                <span class="label">{move || i18n.texts().waitlist().mode}</span>
                <select data-testid="waitlist-mode" prop:value=move || mode.get()
                    on:change=move |ev| mode.set(event_target_value(&ev))>
                    <option value="">{move || i18n.texts().waitlist().any_mode}</option>
                    <option value="phone">{move || i18n.texts().mode_phone}</option>
                    <option value="online">{move || i18n.texts().mode_online}</option>
                    <option value="in_person">{move || i18n.texts().mode_in_person}</option>
                </select>
            </label>
            <label class="field" class:invalid=move || phone_error.get().is_some() data-field="waitlist_phone">
                <span class="label">{move || i18n.texts().waitlist().phone}</span>
                <span class="hint">{move || i18n.texts().waitlist().phone_hint}</span>
                <input type="tel" data-testid="waitlist-phone" autocomplete="tel"
                    prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/>
                <FieldError error=phone_error/>
            </label>
            <label class="field check" data-field="waitlist_anonymous">
                <input type="checkbox" data-testid="waitlist-anonymous" prop:checked=move || anonymous.get()
                    on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                <span>{move || i18n.texts().waitlist().anonymous}</span>
            </label>
            <div class="form-actions">
                <button type="submit" data-testid="waitlist-join">{move || i18n.texts().waitlist().join}</button>
            </div>
            <p class="field-error" role="alert" hidden=move || problem.get() != Some(JoinProblem::NotSaved)>
                {move || i18n.texts().waitlist().not_saved}
            </p>
        </form>
    }
}

/// What the person waits for, the times offered, leaving.
#[component]
fn Waiting() -> impl IntoView {
    let i18n = use_i18n();
    let waitlist = use_waitlist();
    let bookings = use_bookings();
    // Booked from here: said until the centre's word comes.
    let sent = RwSignal::new(false);
    let summary = move || {
        let t = i18n.texts();
        let w = t.waitlist();
        waitlist.entry.with(|entry| {
            let entry = entry.as_ref()?;
            let who = match (&entry.join.counsellor_id, &entry.counsellor_name) {
                (None, _) => w.any_counsellor.to_owned(),
                (Some(_), Some(name)) => name.clone(),
                (Some(id), None) => id.clone(),
            };
            let how = entry.join.mode.as_ref().map_or(w.any_mode.to_owned(), |m| match m {
                Mode::InPerson(_) => t.mode_in_person.to_owned(),
                other => mode_label(t, other),
            });
            Some(view! {
                <p data-testid="waitlist-waiting">{w.waiting_for.with(&who, &how)}</p>
                <p class="hint">{w.since.with(&local_instant(entry.joined_at, i18n.lang()))}</p>
            })
        })
    };
    let offers = move || {
        let t = i18n.texts();
        let lang = i18n.lang();
        let entry = waitlist.entry.get()?;
        let rows = entry
            .offers
            .into_iter()
            .map(|offer| {
                let when = slot_when(t, lang, &offer.slot, Some(&offer.counsellor_name));
                let slot = offer.slot.clone();
                let book = move |_| {
                    if waitlist.book(&bookings, &slot) {
                        sent.set(true);
                    }
                };
                if offer.gone {
                    view! {
                        <li data-testid="waitlist-gone" data-slot=offer.slot.key()>
                            <span class="muted">{when}</span>
                            <p class="hint">{t.waitlist().gone}</p>
                        </li>
                    }
                    .into_any()
                } else {
                    view! {
                        <li data-testid="waitlist-offer" data-slot=offer.slot.key()>
                            <span>{when}</span>
                            <button type="button" data-testid="waitlist-book" on:click=book>
                                {t.waitlist().book}
                            </button>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        Some(rows)
    };
    let none_yet = move || waitlist.entry.with(|e| e.as_ref().is_some_and(|e| e.offers.is_empty()));
    view! {
        {summary}
        <h3>{move || i18n.texts().waitlist().offers_title}</h3>
        <p class="hint" data-testid="waitlist-no-offer" hidden=move || !none_yet()>
            {move || i18n.texts().waitlist().no_offer_yet}
        </p>
        <ul class="bookings">{offers}</ul>
        <p class="notice" role="status" data-testid="waitlist-booking-sent" hidden=move || !sent.get()>
            {move || i18n.texts().waitlist().booking_sent}
        </p>
        <div class="form-actions">
            <button type="button" class="secondary" data-testid="waitlist-leave"
                on:click=move |_| { waitlist.leave(); }>
                {move || i18n.texts().waitlist().leave}
            </button>
        </div>
    }
}

#[component]
pub fn WaitlistCard(#[prop(into)] names: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let waitlist = use_waitlist();
    let closed = move || {
        let w = i18n.texts().waitlist();
        waitlist.entry.with(|e| match e.as_ref().map(|e| &e.state) {
            Some(WaitlistState::Left) => Some(w.left),
            Some(WaitlistState::Booked { .. }) => Some(w.booked),
            _ => None,
        })
    };
    let refusal = move || waitlist.refusal().map(|code| i18n.texts().refusal(code));
    view! {
        <section class="card waitlist" data-testid="waitlist" aria-labelledby="waitlist-title">
            <h2 id="waitlist-title">{move || i18n.texts().waitlist().title}</h2>
            <p class="hint">{move || i18n.texts().waitlist().intro}</p>
            <p class="field-error" role="alert" data-testid="waitlist-refused" hidden=move || refusal().is_none()>
                {refusal}
            </p>
            <p role="status" data-testid="waitlist-closed" hidden=move || closed().is_none()>{closed}</p>
            <Show when=move || waitlist.waiting() fallback=move || view! { <JoinForm names=names/> }>
                <Waiting/>
            </Show>
        </section>
    }
}
