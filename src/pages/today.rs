use leptos::prelude::*;

use crate::components::ComingList;
use crate::state::use_i18n;

/// Today's health declaration (SPEC §1).
#[component]
pub fn Today() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.texts().today_title}</h1>
        <p class="intro">{move || i18n.texts().today_intro}</p>
        <ComingList items=Signal::derive(move || i18n.texts().today_coming)/>
    }
}
