use anxin_domain::counselling::booking::is_valid_phone;
use anxin_domain::counselling::{BookingRequest, Urgency, Wanted};
use leptos::prelude::*;

use super::{FieldError, HotlineLinks};
use crate::declaring::{new_id, school_now};
use crate::state::bookings::use_bookings;
use crate::state::use_i18n;
use crate::sync::use_sync;

/// "I need help now": the hotline numbers at once, from the stored
/// directory (right offline), instead of the booking form; and a call-back
/// request to the counsellor on duty (the first free slot of anyone,
/// flagged as a crisis), queued like any booking.
#[component]
pub fn CrisisPanel(
    /// What the call-back tells the counsellor on duty (the wellbeing
    /// question's "very low"); none from "I need help now".
    #[prop(optional)]
    topic: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let bookings = use_bookings();
    let phone = RwSignal::new(bookings.last_phone());
    let invalid = RwSignal::new(false);
    let queued = RwSignal::new(false);

    let call_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let number = phone.get_untracked().trim().to_owned();
        invalid.set(!is_valid_phone(&number));
        if invalid.get_untracked() {
            return;
        }
        let (_, now) = school_now();
        let request = BookingRequest {
            booking_id: new_id(),
            wanted: Wanted::FirstAvailable { from: now, mode: None },
            topic: topic.to_owned(),
            phone: number,
            anonymous: false,
            urgency: Urgency::Crisis,
            replaces: None,
        };
        if bookings.request(request) {
            queued.set(true);
        }
    };
    let error = Signal::derive(move || invalid.get().then_some(i18n.texts().book_problem_phone));

    view! {
        <section class="crisis-panel" data-testid="crisis-panel" role="alert">
            <h2>{move || i18n.texts().crisis_title}</h2>
            <p>{move || i18n.texts().crisis_intro}</p>
            <ul class="crisis-lines"><HotlineLinks class="crisis-line" testid="crisis-hotline"/></ul>
            <h3>{move || i18n.texts().crisis_callback_title}</h3>
            <Show
                when=move || sync.person.get().is_some()
                fallback=move || view! { <p class="hint">{move || i18n.texts().crisis_sign_in}</p> }
            >
                <Show
                    when=move || !queued.get()
                    fallback=move || view! {
                        <p class="notice" role="status" data-testid="callback-queued">{move || i18n.texts().crisis_callback_queued}</p>
                    }
                >
                    <form class="callback" on:submit=call_back novalidate>
                        <p class="hint">{move || i18n.texts().crisis_callback_hint}</p>
                        <label class="field" class:invalid=move || invalid.get() data-field="callback_phone">
                            <span class="label">{move || i18n.texts().book_phone}</span>
                            <input
                                type="tel"
                                data-testid="callback-phone"
                                autocomplete="tel"
                                prop:value=move || phone.get()
                                on:input=move |ev| phone.set(event_target_value(&ev))
                            />
                            <FieldError error=error/>
                        </label>
                        <div class="form-actions">
                            <button type="submit" data-testid="callback-submit">{move || i18n.texts().crisis_callback_submit}</button>
                        </div>
                    </form>
                </Show>
            </Show>
        </section>
    }
}
