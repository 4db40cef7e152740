use leptos::prelude::*;

use crate::account::use_account;
use crate::i18n::local_instant;
use crate::state::use_i18n;
use crate::storage::{DeviceStore, SessionStore};

/// After a sign-in, when someone else reset the person's password lately:
/// who issued the code and when, once on this device (SPEC §4), so that
/// staff taking over an account do not go unnoticed.
#[component]
pub fn ResetNotice() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let told = RwSignal::new(0u32);
    let reset = move || {
        // Read again when the session changes (a new sign-in) or once told.
        account.session.track();
        told.track();
        SessionStore::new(&DeviceStore).untold_reset().ok().flatten()
    };
    view! {
        {move || reset().map(|reset| {
            let t = i18n.texts();
            let at = chrono::DateTime::parse_from_rfc3339(&reset.at)
                .map(|at| local_instant(at.to_utc(), i18n.lang()))
                .unwrap_or_else(|_| reset.at.clone());
            let who = match (&reset.by_name, &reset.by_id) {
                (Some(name), Some(id)) => format!("{name} ({id})"),
                (None, Some(id)) => id.clone(),
                (_, None) => t.reset_by_server.to_owned(),
            };
            let dismiss = move |_| {
                let _ = SessionStore::new(&DeviceStore).reset_told(&reset.at);
                told.update(|n| *n += 1);
            };
            view! {
                <div class="notice warning" role="alert" data-testid="password-reset">
                    <p>{t.reset_notice.with(&at, &who)}</p>
                    <button type="button" class="compact" on:click=dismiss data-testid="password-reset-ok">
                        {t.reset_notice_ok}
                    </button>
                </div>
            }
        })}
    }
}
