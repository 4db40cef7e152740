//! `<ReportsApp/>`: the daily report for advisors and offices as a bundle
//! of its own (`reports.html`, served at `/reports`), so that the students'
//! phones never download it. Unlike the counselling desk it works offline:
//! it shares the app's storage, client id, sequence and sync lock (same
//! origin, same code), so a staff member who also declares has one queue,
//! and the service worker keeps this bundle once it was opened here.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app::remove_static_shell;
use crate::app_update::provide_app_update;
use crate::components::{AppHeader, HotlineBar, StorageNotice, SyncStatus, UpdateBanner};
use crate::pages::{Reports, Visitors};
use crate::school_clock::provide_school_clock;
use crate::state::reports::provide_reports;
use crate::state::return_decisions::provide_return_decisions;
use crate::state::visitors::provide_visitors;
use crate::state::{
    provide_connectivity, provide_directory, provide_i18n, provide_storage_status, use_i18n,
};
use crate::storage::{migrate, DeviceStore};
use crate::sync::{provide_sync, start_directory_refresh};

#[component]
pub fn ReportsApp() -> impl IntoView {
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
    provide_reports();
    provide_return_decisions();
    provide_visitors();
    remove_static_shell();
    let i18n = use_i18n();

    view! {
        <div class="app reports-app">
            <AppHeader/>
            <HotlineBar/>
            <StorageNotice/>
            <UpdateBanner/>
            <SyncStatus/>
            <main class="page">
                <p class="desk-back">
                    <a href="/" data-testid="reports-back">{move || i18n.texts().reports().back}</a>
                </p>
                <Reports/>
                <Visitors/>
            </main>
        </div>
    }
}
