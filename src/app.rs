//! `<App/>`: contexts once, the layout every page shares, the route table.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app_update::provide_app_update;
use crate::components::{
    AppHeader, BottomNav, HotlineBar, ResetNotice, StorageNotice, SyncStatus, UpdateBanner,
};
use crate::declaring::provide_declaring;
use crate::pages::{Bundle, BundleLink, CounsellingOffline, History, NotFound, Settings, Today};
use crate::route::{app_draws, provide_navigation, Route};
use crate::school_clock::provide_school_clock;
use crate::state::bookings::provide_bookings;
use crate::state::privacy::provide_privacy;
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
    provide_privacy();
    let navigation = provide_navigation(app_draws);
    provide_app_update();
    start_directory_refresh(connectivity, directory);

    let page = move || match navigation.current.get() {
        Route::Today => Today().into_any(),
        // Bundles of their own, from the network: this is the offline page
        // (the booking page's with the crisis path).
        Route::Counselling => CounsellingOffline().into_any(),
        Route::Pass => view! { <BundleLink bundle=Bundle::Pass/> }.into_any(),
        Route::Counsellor => view! { <BundleLink bundle=Bundle::Desk/> }.into_any(),
        Route::Reports => view! { <BundleLink bundle=Bundle::Reports/> }.into_any(),
        Route::Gate => view! { <BundleLink bundle=Bundle::Gate/> }.into_any(),
        Route::Settings => Settings().into_any(),
        Route::History => History().into_any(),
        Route::NotFound => NotFound().into_any(),
    };

    view! {
        <AppFrame class="app">
            <main class="page">{page}</main>
            <BottomNav/>
        </AppFrame>
    }
}

/// What every bundle's page shares, around its own: the header, the help
/// lines, the storage, update and sync notes.
#[component]
pub fn AppFrame(#[prop(into)] class: String, children: Children) -> impl IntoView {
    remove_static_shell();
    view! {
        <div class=class>
            <AppHeader/>
            <HotlineBar/>
            <StorageNotice/>
            <UpdateBanner/>
            <ResetNotice/>
            <SyncStatus/>
            {children()}
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
