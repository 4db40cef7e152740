//! The app's pages as a typed route, and client-side navigation.
//!
//! A small router of our own instead of leptos_router: the shell must load
//! in 120 KB (brotli) on a slow phone, and leptos_router with its nested
//! view machinery cost about 10 KB of that for four flat pages. A route is
//! an enum, so a link to a page that does not exist does not compile.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// Every page of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Today,
    Pass,
    Counselling,
    Counsellor,
    Reports,
    Gate,
    Settings,
    History,
    NotFound,
}

impl Route {
    /// The page for a URL path (query and fragment already removed).
    pub fn from_path(path: &str) -> Route {
        match path.trim_end_matches('/') {
            "" | "/index.html" => Route::Today,
            "/pass" => Route::Pass,
            "/counselling" => Route::Counselling,
            "/counsellor" => Route::Counsellor,
            "/reports" => Route::Reports,
            "/gate" => Route::Gate,
            "/settings" => Route::Settings,
            "/history" => Route::History,
            _ => Route::NotFound,
        }
    }

    /// The canonical path of a page.
    pub fn path(self) -> &'static str {
        match self {
            Route::Today | Route::NotFound => "/",
            Route::Pass => "/pass",
            Route::Counselling => "/counselling",
            Route::Counsellor => "/counsellor",
            Route::Reports => "/reports",
            Route::Gate => "/gate",
            Route::Settings => "/settings",
            Route::History => "/history",
        }
    }
}

/// The current page, following the address bar.
#[derive(Clone, Copy)]
pub struct Navigation {
    pub current: ReadSignal<Route>,
    set_current: WriteSignal<Route>,
    /// The pages this bundle draws; a link to any other loads its page.
    draws: fn(Route) -> bool,
}

impl Navigation {
    /// Whether this bundle draws the page (a link to it navigates in place).
    pub fn draws(&self, route: Route) -> bool {
        (self.draws)(route)
    }

    /// Whether a link to `route` stays in this page: a page this bundle
    /// draws, or the booking page when it cannot be loaded (offline with no
    /// service worker, as in in-app browsers): the app then draws its own
    /// page for it, with the crisis path, rather than leave for the
    /// browser's error page.
    pub fn draws_in_place(&self, route: Route) -> bool {
        self.draws(route)
            || (route == Route::Counselling && self.draws(Route::Today) && !bundles_reachable())
    }

    /// Goes to a page, adding a history entry (so Back works).
    pub fn go(&self, route: Route) {
        if self.current.get_untracked() == route {
            return;
        }
        if let Ok(history) = window().history() {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(route.path()));
        }
        self.set_current.set(route);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The app's pages: every page but the pass and the counselling booking
/// page, bundles of their own (the app draws the other bundles' addresses
/// only as their offline note; the booking page's with the crisis path).
pub fn app_draws(route: Route) -> bool {
    !matches!(route, Route::Pass | Route::Counselling)
}

/// The counselling bundle's one page.
pub fn counselling_draws(route: Route) -> bool {
    route == Route::Counselling
}

/// The pass bundle's one page.
pub fn pass_draws(route: Route) -> bool {
    route == Route::Pass
}

/// Whether a bundle of its own can load now: online, or kept by a service
/// worker that controls this page.
fn bundles_reachable() -> bool {
    let navigator = window().navigator();
    navigator.on_line() || navigator.service_worker().controller().is_some()
}

pub fn provide_navigation(draws: fn(Route) -> bool) -> Navigation {
    let path = window().location().pathname().unwrap_or_default();
    let (current, set_current) = signal(Route::from_path(&path));
    // Back and forward buttons.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        let path = window().location().pathname().unwrap_or_default();
        set_current.set(Route::from_path(&path));
    });
    let navigation = Navigation { current, set_current, draws };
    provide_context(navigation);
    navigation
}

pub fn use_navigation() -> Navigation {
    expect_context::<Navigation>()
}

/// A link to a page: a real `<a href>` (so it opens in a new tab, and works
/// before the app has loaded), navigating in place on a plain click when
/// this bundle draws the page (otherwise the browser loads it).
#[component]
pub fn Link(
    route: Route,
    children: Children,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let navigation = use_navigation();
    let on_click = move |event: MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if !modified && event.button() == 0 && navigation.draws_in_place(route) {
            event.prevent_default();
            navigation.go(route);
        }
    };
    view! {
        <a
            href=route.path()
            class=class
            aria-current=move || (navigation.current.get() == route).then_some("page")
            on:click=on_click
        >
            {children()}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_from_path_maps_each_page() {
        assert_eq!(Route::from_path("/"), Route::Today);
        assert_eq!(Route::from_path(""), Route::Today);
        assert_eq!(Route::from_path("/index.html"), Route::Today);
        assert_eq!(Route::from_path("/counselling"), Route::Counselling);
        assert_eq!(Route::from_path("/counselling/"), Route::Counselling);
        assert_eq!(Route::from_path("/counsellor"), Route::Counsellor);
        assert_eq!(Route::from_path("/reports"), Route::Reports);
        assert_eq!(Route::from_path("/gate/"), Route::Gate);
        assert_eq!(Route::from_path("/settings"), Route::Settings);
        assert_eq!(Route::from_path("/nope"), Route::NotFound);
    }

    #[test]
    fn test_path_round_trips() {
        for route in [
            Route::Today,
            Route::Pass,
            Route::Counselling,
            Route::Counsellor,
            Route::Reports,
            Route::Gate,
            Route::Settings,
            Route::History,
        ] {
            assert_eq!(Route::from_path(route.path()), route);
        }
    }

    #[test]
    fn test_the_pass_and_the_booking_page_are_drawn_by_their_own_bundles_only() {
        assert!(!app_draws(Route::Pass));
        assert!(pass_draws(Route::Pass));
        assert!(!app_draws(Route::Counselling));
        assert!(counselling_draws(Route::Counselling));
        assert!(!pass_draws(Route::Counselling));
        for route in [Route::Today, Route::Settings, Route::History] {
            assert!(app_draws(route));
            assert!(!pass_draws(route));
            assert!(!counselling_draws(route));
        }
    }
}
