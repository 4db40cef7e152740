//! `<GateApp/>`: the gate for guards as a bundle of its own (`gate.html`,
//! served at `/gate`), so that the students' phones never download it.
//! Like the daily report it works offline: it shares the app's storage,
//! client id, sequence and sync lock, so a guard who also declares has one
//! queue; the service worker keeps this bundle once it was opened here.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app::remove_static_shell;
use crate::app_update::provide_app_update;
use crate::components::{AppHeader, HotlineBar, StorageNotice, SyncStatus, UpdateBanner};
use crate::pages::Gate;
use crate::school_clock::provide_school_clock;
use crate::state::gate::provide_gate;
use crate::state::{
    provide_connectivity, provide_directory, provide_i18n, provide_storage_status, use_i18n,
};
use crate::storage::{migrate, DeviceStore};
use crate::sync::{provide_sync, start_directory_refresh};

#[component]
pub fn GateApp() -> impl IntoView {
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
    provide_gate();
    remove_static_shell();
    let i18n = use_i18n();

    view! {
        <div class="app gate-app">
            <AppHeader/>
            <HotlineBar/>
            <StorageNotice/>
            <UpdateBanner/>
            <SyncStatus/>
            <main class="page">
                <p class="desk-back">
                    <a href="/" data-testid="gate-back">{move || i18n.texts().gate().back}</a>
                </p>
                <Gate/>
            </main>
        </div>
    }
}
