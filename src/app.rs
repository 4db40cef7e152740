//! `<App/>`: contexts once, the layout every page shares, the route table.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{AppHeader, BottomNav, HotlineBar, StorageNotice};
use crate::pages::{Counselling, NotFound, Reports, Settings, Today};
use crate::state::{provide_connectivity, provide_directory, provide_i18n, provide_storage_status};
use crate::sync::start_directory_refresh;

#[component]
pub fn App() -> impl IntoView {
    provide_storage_status();
    provide_i18n();
    let directory = provide_directory();
    let connectivity = provide_connectivity();
    start_directory_refresh(connectivity, directory);
    remove_static_shell();

    view! {
        <Router>
            <div class="app">
                <AppHeader/>
                <HotlineBar/>
                <StorageNotice/>
                <main class="page">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Today/>
                        <Route path=path!("/counselling") view=Counselling/>
                        <Route path=path!("/reports") view=Reports/>
                        <Route path=path!("/settings") view=Settings/>
                    </Routes>
                </main>
                <BottomNav/>
            </div>
        </Router>
    }
}

/// `index.html` shows a static shell (name, hotlines) until the app runs;
/// the app replaces it.
fn remove_static_shell() {
    if let Some(shell) = document().get_element_by_id("static-shell") {
        shell.remove();
    }
}
