//! `<PassApp/>`: today's campus pass and the return application as a
//! bundle of their own (`pass.html`, served at `/pass`), so that they do
//! not weigh on the first load. Like the staff bundles it shares the app's
//! storage, client id, sequence and sync lock (one queue, one pull that
//! refreshes the pass); the service worker keeps it once the phone's first
//! pass arrives (a pass comes only with a sync, so the phone is online
//! then), and the app's bottom navigation links between the two.

use leptos::prelude::*;

use crate::app::AppFrame;
use crate::components::BottomNav;
use crate::offline_bundle::provide_offline_bundle;
use crate::pages::Pass;
use crate::route::{pass_draws, provide_navigation};
use crate::state::returns::provide_returns;

#[component]
pub fn PassApp() -> impl IntoView {
    provide_offline_bundle();
    provide_returns();
    provide_navigation(pass_draws);
    view! {
        <AppFrame class="app pass-app">
            <main class="page"><Pass/></main>
            <BottomNav/>
        </AppFrame>
    }
}
