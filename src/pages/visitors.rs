//! Visitors and vehicles (SPEC §6, 来访登记) in the reports bundle, for
//! every staff member (with a report scope or not): the registration
//! form and one's registrations; for a department office, the
//! registrations waiting for its decision.

use leptos::prelude::*;

use crate::components::{MyVisitors, PendingVisitorsList, VisitorForm};
use crate::state::use_i18n;
use crate::state::visitors::use_visitors;

#[component]
pub fn Visitors() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    view! {
        <Show when=move || visitors.is_host() || visitors.is_office()>
            <section class="visitors" id="visitors" data-testid="visitors-page">
                <h1>{move || i18n.texts().visitors().title}</h1>
                <p>{move || i18n.texts().visitors().intro}</p>
                <Show when=move || visitors.is_office()>
                    <PendingVisitorsList/>
                </Show>
                <Show when=move || visitors.is_host()>
                    <VisitorForm/>
                    <MyVisitors/>
                </Show>
            </section>
        </Show>
    }
}
