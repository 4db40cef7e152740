//! `<DeskApp/>`: the counselling desk as a bundle of its own (`desk.html`,
//! served at `/counsellor`), so that the students' phones never download it.
//! Online only, like the desk page itself: no service worker and no sync
//! engine here; the session, language and directory come from the phone's
//! storage, which it shares with the app.

use leptos::prelude::*;

use crate::account::provide_account;
use crate::app::remove_static_shell;
use crate::components::{AppHeader, HotlineBar, StorageNotice};
use crate::pages::Counsellor;
use crate::school_clock::provide_school_clock;
use crate::state::desk::provide_desk;
use crate::state::{
    provide_connectivity, provide_directory, provide_i18n, provide_storage_status, use_i18n,
};
use crate::sync::start_directory_refresh;

#[component]
pub fn DeskApp() -> impl IntoView {
    // No migration of the phone's storage here: the app (which may be an
    // older build, still open) owns its layout; the desk only reads the
    // session, the language and the directory.
    provide_storage_status();
    provide_i18n();
    let directory = provide_directory();
    let connectivity = provide_connectivity();
    provide_school_clock();
    provide_context(provide_account());
    provide_desk();
    start_directory_refresh(connectivity, directory);
    remove_static_shell();
    let i18n = use_i18n();

    view! {
        <div class="app desk-app">
            <AppHeader/>
            <HotlineBar/>
            <StorageNotice/>
            <main class="page">
                <p class="desk-back">
                    <a href="/" data-testid="desk-back">{move || i18n.texts().desk().desk_back}</a>
                </p>
                <Counsellor/>
            </main>
        </div>
    }
}
