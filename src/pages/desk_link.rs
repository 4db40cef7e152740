//! `/counsellor` as the phone's app draws it. The desk is a bundle of its
//! own, loaded from the network (students never download it), so the app
//! shows this page only when the phone served `/counsellor` itself, i.e.
//! offline: it says the desk needs the network, and opens the desk once the
//! network is back.

use leptos::prelude::*;

use crate::state::{use_connectivity, use_i18n};

#[component]
pub fn DeskLink() -> impl IntoView {
    let i18n = use_i18n();
    let connectivity = use_connectivity();
    // Drawn offline, then back online: load the desk. (Drawn online, the
    // desk could not be reached: a link, not a reload loop.)
    let was_offline = StoredValue::new(false);
    Effect::new(move |_| {
        let online = connectivity.online.get();
        if !online {
            was_offline.set_value(true);
        } else if was_offline.get_value() {
            let _ = window().location().reload();
        }
    });
    view! {
        <div class="desk" data-testid="desk-link">
            <h1>{move || i18n.texts().desk_title}</h1>
            <Show
                when=move || !connectivity.online.get()
                fallback=move || view! {
                    <p><a href="/counsellor" data-testid="open-desk">{move || i18n.texts().desk_open}</a></p>
                }
            >
                <p class="notice warning" data-testid="desk-offline" role="status">
                    {move || i18n.texts().desk_offline}
                </p>
            </Show>
        </div>
    }
}
