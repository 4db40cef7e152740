use leptos::prelude::*;

use super::{Bundle, BundleLink};
use crate::components::CrisisPanel;

/// `/counselling` as the first load draws it: only when the phone served
/// the address itself, offline before the booking page (a bundle of its
/// own) was kept here. The crisis path is all here and never waits for
/// that bundle: the hotlines and the crisis call-back at once, under the
/// note that booking needs the network once.
#[component]
pub fn CounsellingOffline() -> impl IntoView {
    view! {
        <div data-testid="counselling-first-load">
            <BundleLink bundle=Bundle::Counselling/>
            <CrisisPanel/>
        </div>
    }
}
