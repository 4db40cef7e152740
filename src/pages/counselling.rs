use leptos::prelude::*;

use crate::components::ComingList;
use crate::state::use_i18n;

/// Counselling bookings and the hotline (SPEC §3).
#[component]
pub fn Counselling() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.texts().counselling_title}</h1>
        <p class="intro">{move || i18n.texts().counselling_intro}</p>
        <ComingList items=Signal::derive(move || i18n.texts().counselling_coming)/>
    }
}
