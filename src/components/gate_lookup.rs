//! A person without a pass: looked up by school id in the day's list.

use anxin_domain::profile::MAX_ID_CHARS;
use leptos::prelude::*;

use crate::state::gate::use_gate;
use crate::state::use_i18n;

#[component]
pub fn GateLookup() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let t = move || i18n.texts().gate();
    let typed = RwSignal::new(String::new());
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        gate.look_up(&typed.get_untracked());
        typed.set(String::new());
    };
    view! {
        <form class="gate-lookup" on:submit=look_up>
            <label for="gate-id">{move || t().id_label}</label>
            <div class="gate-row">
                <input
                    id="gate-id"
                    data-testid="gate-id"
                    autocomplete="off"
                    maxlength=MAX_ID_CHARS.to_string()
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="gate-look-up">{move || t().look_up}</button>
            </div>
        </form>
    }
}
