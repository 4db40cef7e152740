//! `<App/>`: contexts once, the layout every page shares, the route table.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app_update::provide_app_update;
use crate::components::{
    AppHeader, BottomNav, HotlineBar, StorageNotice, SyncStatus, UpdateBanner,
};
use crate::declaring::provide_declaring;
use crate::pages::{Counselling, History, NotFound, Pass, Settings, StaffBundle, StaffLink, Today};
use crate::route::{provide_navigation, Route};
use crate::school_clock::provide_school_clock;
use crate::state::bookings::provide_bookings;
use crate::state::returns::provide_returns;
use crate::state::{provide_connectivity, provide_directory, provide_i18n, provide_storage_status};
use crate::storage::{migrate, DeviceStore};
use crate::sync::start_directory_refresh;

#[component]
pub fn App() -> impl IntoView {
    let storage = provide_storage_status();
    // Before anything reads its records: bring the device's layout up to date.
    storage.record(migrate(&DeviceStore));
    provide_i18n();
    let directory = provide_directory();
    let connectivity = provide_connectivity();
    provide_school_clock();
    let account = provide_account();
    provide_declaring(connectivity, account);
    provide_bookings();
    provide_returns();
    let navigation = provide_navigation();
    provide_app_update();
    start_directory_refresh(connectivity, directory);
    remove_static_shell();

    let page = move || match navigation.current.get() {
        Route::Today => Today().into_any(),
        Route::Pass => Pass().into_any(),
        Route::Counselling => Counselling().into_any(),
        // Bundles of their own, from the network: this is the offline page.
        Route::Counsellor => view! { <StaffLink bundle=StaffBundle::Desk/> }.into_any(),
        Route::Reports => view! { <StaffLink bundle=StaffBundle::Reports/> }.into_any(),
        Route::Gate => view! { <StaffLink bundle=StaffBundle::Gate/> }.into_any(),
        Route::Settings => Settings().into_any(),
        Route::History => History().into_any(),
        Route::NotFound => NotFound().into_any(),
    };

    view! {
        <div class="app">
            <AppHeader/>
            <HotlineBar/>
            <StorageNotice/>
            <UpdateBanner/>
            <SyncStatus/>
            <main class="page">{page}</main>
            <BottomNav/>
        </div>
    }
}

/// `index.html` shows a static shell (name, hotlines) until the app runs;
/// the app replaces it.
pub(crate) fn remove_static_shell() {
    if let Some(shell) = document().get_element_by_id("static-shell") {
        shell.remove();
    }
}
