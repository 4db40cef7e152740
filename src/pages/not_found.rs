use leptos::prelude::*;

use crate::route::{Link, Route};
use crate::state::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.texts().not_found_title}</h1>
        <p><Link route=Route::Today>{move || i18n.texts().not_found_back}</Link></p>
    }
}
