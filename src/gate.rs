//! `<GateApp/>`: the gate for guards as a bundle of its own (`gate.html`,
//! served at `/gate`), so that the students' phones never download it.
//! Like the daily report it works offline: it shares the app's storage,
//! client id, sequence and sync lock, so a guard who also declares has one
//! queue; the service worker keeps this bundle once it was opened here.

use leptos::prelude::*;

use crate::offline_bundle::{provide_offline_bundle, OfflineBundleFrame};
use crate::pages::Gate;
use crate::state::gate::provide_gate;
use crate::state::use_i18n;

#[component]
pub fn GateApp() -> impl IntoView {
    provide_offline_bundle();
    provide_gate();
    let i18n = use_i18n();
    view! {
        <OfflineBundleFrame class="gate-app" back_id="gate-back"
            back=Signal::derive(move || i18n.texts().gate().back)>
            <Gate/>
        </OfflineBundleFrame>
    }
}
