//! `/pass`, `/counselling`, `/counsellor`, `/reports` and `/gate` as the phone's app draws
//! them. Each is a bundle of its own, loaded from the network (the first
//! load never carries it), so the app shows this page only when the phone
//! served the address itself: offline, before the bundle was ever kept
//! here (the service worker keeps the pass once the phone's first pass
//! arrives, the booking page once signed in or opened, and the daily
//! report and the gate once opened; the desk is
//! online only). It says the page needs the network, and opens it once the
//! network is back.

use leptos::prelude::*;

use crate::i18n::Texts;
use crate::state::{use_connectivity, use_i18n};

/// A page served as a bundle of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    Pass,
    Counselling,
    Desk,
    Reports,
    Gate,
}

impl Bundle {
    /// Its address, its test ids (page, offline note, link) and words
    /// (title, offline note, link).
    fn parts(self, t: &'static Texts) -> (&'static str, [&'static str; 3], [&'static str; 3]) {
        match self {
            Bundle::Pass => (
                "/pass",
                ["pass-link", "pass-offline", "open-pass"],
                [t.pass_title, t.pass_offline, t.pass_open],
            ),
            Bundle::Counselling => (
                "/counselling",
                ["counselling-link", "counselling-offline", "open-counselling"],
                [t.counselling_title, t.counselling_offline, t.counselling_open],
            ),
            Bundle::Desk => (
                "/counsellor",
                ["desk-link", "desk-offline", "open-desk"],
                [t.desk_title, t.desk_offline, t.desk_open],
            ),
            Bundle::Reports => (
                "/reports",
                ["reports-link", "reports-offline", "open-reports"],
                [t.reports_title, t.reports_offline, t.reports_open],
            ),
            Bundle::Gate => (
                "/gate",
                ["gate-link", "gate-offline", "open-gate"],
                [t.gate_title, t.gate_offline, t.gate_open],
            ),
        }
    }
}

#[component]
pub fn BundleLink(bundle: Bundle) -> impl IntoView {
    let i18n = use_i18n();
    let connectivity = use_connectivity();
    // Drawn offline, then back online: load the bundle. (Drawn online, it
    // could not be reached: a link, not a reload loop.)
    let was_offline = StoredValue::new(false);
    // Never on the booking page's: its crisis call-back may be half typed
    // (the link is there).
    Effect::new(move |_| {
        let online = connectivity.online.get();
        if !online {
            was_offline.set_value(true);
        } else if was_offline.get_value() && bundle != Bundle::Counselling {
            let _ = window().location().reload();
        }
    });
    let (href, ids, _) = bundle.parts(i18n.texts());
    let text = move |i: usize| move || bundle.parts(i18n.texts()).2[i];
    view! {
        <div class="desk" data-testid=ids[0]>
            <h1>{text(0)}</h1>
            <Show
                when=move || !connectivity.online.get()
                fallback=move || view! { <p><a href=href data-testid=ids[2]>{text(2)}</a></p> }
            >
                <p class="notice warning" data-testid=ids[1] role="status">{text(1)}</p>
            </Show>
        </div>
    }
}
