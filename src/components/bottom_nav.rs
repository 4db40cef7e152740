use leptos::prelude::*;

use crate::route::{Link, Route};
use crate::state::use_i18n;

/// Bottom navigation for phones: the four areas of the app.
#[component]
pub fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="bottom-nav" aria-label="Anxin">
            <Link route=Route::Today>
                <span class="nav-icon" aria-hidden="true">"✎"</span>
                <span>{move || i18n.texts().nav_today}</span>
            </Link>
            <Link route=Route::Counselling>
                <span class="nav-icon" aria-hidden="true">"♡"</span>
                <span>{move || i18n.texts().nav_counselling}</span>
            </Link>
            <Link route=Route::Reports>
                <span class="nav-icon" aria-hidden="true">"▤"</span>
                <span>{move || i18n.texts().nav_reports}</span>
            </Link>
            <Link route=Route::Settings>
                <span class="nav-icon" aria-hidden="true">"⚙"</span>
                <span>{move || i18n.texts().nav_settings}</span>
            </Link>
        </nav>
    }
}
