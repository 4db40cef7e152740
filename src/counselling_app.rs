//! `<CounsellingApp/>`: the students' counselling booking page (free times,
//! the booking form, their bookings with cancel and move, the service's
//! consent) as a bundle of its own (`counselling.html`, served at
//! `/counselling`), so that it does not weigh on the first load. Like the
//! pass bundle it shares the app's storage, client id, sequence and sync
//! lock (one queue, one pull). The service worker keeps it once opened, and
//! once the person has signed in (the app asks at its first sync), so that
//! booking works offline from then on; the crisis path never waits for it:
//! "I need help now", the call-back and the hotlines are in the first load
//! (`pages::CounsellingOffline`).

use leptos::prelude::*;

use crate::app::AppFrame;
use crate::components::BottomNav;
use crate::offline_bundle::provide_offline_bundle;
use crate::pages::Counselling;
use crate::route::{counselling_draws, provide_navigation};
use crate::state::bookings::provide_bookings;
use crate::state::privacy::provide_privacy;
use crate::state::waitlist::provide_waitlist;

#[component]
pub fn CounsellingApp() -> impl IntoView {
    provide_offline_bundle();
    provide_bookings();
    provide_privacy();
    provide_waitlist();
    provide_navigation(counselling_draws);
    view! {
        <AppFrame class="app counselling-app">
            <main class="page"><Counselling/></main>
            <BottomNav/>
        </AppFrame>
    }
}
