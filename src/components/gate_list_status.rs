//! How current the phone's means of checking are: the verification keys'
//! age, and the day's gate list (when it came, how many people), with a
//! refresh.

use anxin_domain::pass::verify::KeysAge;
use leptos::prelude::*;

use crate::i18n::local_instant;
use crate::state::gate::use_gate;
use crate::state::{use_connectivity, use_i18n};

#[component]
pub fn GateListStatus() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let connectivity = use_connectivity();
    let t = move || i18n.texts().gate();
    let keys = move || {
        match gate.keys_age() {
        KeysAge::Fresh => None,
        KeysAge::Stale => Some(view! {
            <p class="notice warning" role="status" data-testid="gate-keys-stale">{t().keys_stale}</p>
        }.into_any()),
        KeysAge::TooOld => Some(view! {
            <p class="notice error" role="alert" data-testid="gate-keys-unusable">{t().keys_unusable}</p>
        }.into_any()),
    }
    };
    let list = move || match gate.list.get() {
        Some(meta) => {
            let when = local_instant(meta.fetched_at, i18n.lang());
            view! {
                <p class="hint" data-testid="gate-list">
                    {t().list_updated.with(&when)}" · "{t().list_people.with(meta.people)}
                </p>
            }
            .into_any()
        }
        None => {
            view! { <p class="notice warning" data-testid="gate-list-none">{t().list_none}</p> }
                .into_any()
        }
    };
    view! {
        <section class="gate-status">
            {keys}
            {list}
            {move || gate.list_problem.get().map(|_| view! {
                <p class="notice warning" role="status">{t().list_failed}</p>
            })}
            <button
                type="button"
                data-testid="gate-refresh"
                disabled=move || !connectivity.online.get() || gate.refreshing.get()
                on:click=move |_| gate.refresh_list()
            >
                {move || if gate.refreshing.get() { t().list_refreshing } else { t().list_refresh }}
            </button>
        </section>
    }
}
