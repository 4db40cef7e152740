//! `<ReportsApp/>`: the daily report for advisors and offices as a bundle
//! of its own (`reports.html`, served at `/reports`), so that the students'
//! phones never download it. Unlike the counselling desk it works offline:
//! it shares the app's storage, client id, sequence and sync lock (same
//! origin, same code), so a staff member who also declares has one queue,
//! and the service worker keeps this bundle once it was opened here.

use leptos::prelude::*;

use crate::offline_bundle::{provide_offline_bundle, OfflineBundleFrame};
use crate::pages::{Reports, Visitors};
use crate::state::reports::provide_reports;
use crate::state::retention::provide_retention;
use crate::state::return_decisions::provide_return_decisions;
use crate::state::use_i18n;
use crate::state::visitors::provide_visitors;

#[component]
pub fn ReportsApp() -> impl IntoView {
    provide_offline_bundle();
    provide_reports();
    provide_retention();
    provide_return_decisions();
    provide_visitors();
    let i18n = use_i18n();
    view! {
        <OfflineBundleFrame class="reports-app" back_id="reports-back"
            back=Signal::derive(move || i18n.texts().reports().back)>
            <Reports/>
            <Visitors/>
        </OfflineBundleFrame>
    }
}
