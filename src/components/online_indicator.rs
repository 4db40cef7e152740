use leptos::prelude::*;

use crate::state::{use_connectivity, use_i18n};

/// "Online" / "Offline", from the browser's own events.
#[component]
pub fn OnlineIndicator() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    view! {
        <span
            class="online-indicator"
            class:offline=move || !online.get()
            role="status"
            aria-live="polite"
            data-testid="online-indicator"
        >
            <span class="dot" aria-hidden="true"></span>
            {move || if online.get() { i18n.texts().online } else { i18n.texts().offline }}
        </span>
    }
}
