use leptos::prelude::*;

use crate::components::{ComingList, IssueCodeCard};
use crate::state::use_i18n;

/// Daily report and zero report for advisors and offices (SPEC §2).
#[component]
pub fn Reports() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.texts().reports_title}</h1>
        <p class="intro">{move || i18n.texts().reports_intro}</p>
        <IssueCodeCard/>
        <ComingList items=Signal::derive(move || i18n.texts().reports_coming)/>
    }
}
