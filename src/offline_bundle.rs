//! What the offline bundles (the pass, the daily report, the gate) share with
//! the app: the phone's storage (in the app's layout), language,
//! directory, clock, account, the one sync engine and outbox, and the
//! frame around the page. The counselling desk, online only, has its own.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app::AppFrame;
use crate::app_update::provide_app_update;
use crate::school_clock::provide_school_clock;
use crate::state::{provide_connectivity, provide_directory, provide_i18n, provide_storage_status};
use crate::storage::{migrate, DeviceStore};
use crate::sync::{provide_sync, start_directory_refresh};

/// The contexts every offline bundle runs on; the bundle's own come after.
pub fn provide_offline_bundle() {
    let storage = provide_storage_status();
    // The same build as the app's (one `make dist`): it keeps the layout
    // the app's way.
    storage.record(migrate(&DeviceStore));
    provide_i18n();
    let directory = provide_directory();
    let connectivity = provide_connectivity();
    provide_school_clock();
    let account = provide_account();
    provide_sync(connectivity, account);
    provide_app_update();
    start_directory_refresh(connectivity, directory);
}

/// The frame of an offline staff bundle's page: the app's frame, the way
/// back to the app, then the page.
#[component]
pub fn OfflineBundleFrame(
    /// `reports-app`, `gate-app`.
    class: &'static str,
    /// The way back's test id.
    back_id: &'static str,
    #[prop(into)] back: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <AppFrame class=format!("app {class}")>
            <main class="page">
                <p class="desk-back">
                    <a href="/" data-testid=back_id>{back}</a>
                </p>
                {children()}
            </main>
        </AppFrame>
    }
}
