use leptos::prelude::*;

use crate::app_update::use_app_update;
use crate::state::use_i18n;

/// "A new version is ready — reload", once a new build has installed.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let update = use_app_update();
    view! {
        <Show when=move || update.ready.get()>
            <div class="notice update" role="status" data-testid="update-banner">
                <span>{move || i18n.texts().update_ready}</span>
                <button type="button" on:click=move |_| update.apply()>
                    {move || i18n.texts().update_reload}
                </button>
            </div>
        </Show>
    }
}
