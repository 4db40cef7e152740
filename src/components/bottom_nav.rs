use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::use_i18n;

/// Bottom navigation for phones: the four areas of the app.
#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="bottom-nav" aria-label="Anxin">
            <A href="/" exact=true>
                <span class="nav-icon" aria-hidden="true">"✎"</span>
                <span>{move || i18n.texts().nav_today}</span>
            </A>
            <A href="/counselling">
                <span class="nav-icon" aria-hidden="true">"♡"</span>
                <span>{move || i18n.texts().nav_counselling}</span>
            </A>
            <A href="/reports">
                <span class="nav-icon" aria-hidden="true">"▤"</span>
                <span>{move || i18n.texts().nav_reports}</span>
            </A>
            <A href="/settings">
                <span class="nav-icon" aria-hidden="true">"⚙"</span>
                <span>{move || i18n.texts().nav_settings}</span>
            </A>
        </nav>
    }
}
