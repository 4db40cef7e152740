//! The gate screen (SPEC §6), for guards only, in its own bundle: where
//! the phone stands and which way, how current its keys and list are, the
//! scanner and the look-up by id, then the person's verdict and the
//! guard's record. Works offline all day: records wait in the outbox.

use anxin_domain::roster::Role;
use leptos::prelude::*;

use crate::account::use_account;
use crate::components::{
    GateCheck, GateListStatus, GateLookup, GateScanner, GateSetup, GateVisitors,
};
use crate::state::use_i18n;

#[component]
pub fn Gate() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let t = move || i18n.texts().gate();
    let guard = move || {
        account.session.with(|s| s.as_ref().is_some_and(|s| s.person.roles.contains(&Role::Guard)))
    };
    let signed_out = move || account.session.with(|s| s.is_none());
    view! {
        <h1>{move || t().title}</h1>
        <Show
            when=guard
            fallback=move || view! {
                <p class="notice" data-testid="gate-not-guard">
                    {move || if signed_out() { t().sign_in_first } else { t().not_guard }}
                </p>
                <p><a class="button primary" href="/" data-testid="gate-sign-in">{move || t().sign_in}</a></p>
            }
        >
            <p class="hint">{move || t().intro}</p>
            <GateSetup/>
            <GateListStatus/>
            <GateScanner/>
            <GateLookup/>
            <GateCheck/>
            <GateVisitors/>
        </Show>
    }
}
