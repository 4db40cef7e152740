use leptos::prelude::*;

use crate::state::use_i18n;

/// What a page will hold, in the current language.
#[component]
pub fn ComingList(#[prop(into)] items: Signal<&'static [&'static str]>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{move || i18n.texts().coming_heading}</h2>
            <ul class="coming">
                {move || items.get().iter().map(|item| view! { <li>{*item}</li> }).collect_view()}
            </ul>
        </section>
    }
}
