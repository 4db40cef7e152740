use leptos::prelude::*;

use super::{LanguageSwitch, OnlineIndicator};
use crate::state::use_i18n;

#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header">
            <span class="app-name">"安心 "<span class="app-name-en">"Anxin"</span></span>
            <OnlineIndicator/>
            <LanguageSwitch compact=true/>
        </header>
        <p class="sr-only">{move || i18n.texts().app_name}</p>
    }
}
