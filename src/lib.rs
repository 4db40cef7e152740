//! Anxin 安心: the web app (Leptos, client-side rendered to WebAssembly).

pub mod account;
pub mod app;
pub mod app_update;
pub mod components;
pub mod counselling_app;
pub mod declaring;
pub mod desk;
pub mod download;
pub mod gate;
pub mod gate_camera;
pub mod i18n;
pub mod note_crypto;
pub mod offline_bundle;
pub mod pages;
pub mod pass;
pub mod qr_encode;
pub mod qr_read;
pub mod reports;
pub mod route;
pub mod school_clock;
pub mod state;
pub mod storage;
pub mod sync;

/// This build of the app: the package version, plus a label given at build
/// time (`ANXIN_BUILD_LABEL`), e.g. a release tag.
pub fn build_version() -> String {
    match option_env!("ANXIN_BUILD_LABEL") {
        Some(label) if !label.is_empty() => format!("{} ({label})", env!("CARGO_PKG_VERSION")),
        _ => env!("CARGO_PKG_VERSION").to_owned(),
    }
}

/// Mounts the app on `<body>`, replacing the static loading shell, once
/// the browser has painted that shell: on a fast phone the wasm is ready
/// before the first paint, and what Anxin is and the hotline numbers would
/// otherwise never be seen first (nor count as the page's first content).
/// It waits for the first contentful paint to be recorded, at most
/// [`SHELL_WAIT_MS`]; a hidden tab paints nothing and mounts at once.
pub fn mount() {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;

    let window = leptos::prelude::window();
    let painted = || {
        leptos::prelude::window()
            .performance()
            .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0)
    };
    let hidden = leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Hidden;
    if hidden || painted() {
        leptos::mount::mount_to_body(app::App);
        return;
    }
    let mounted = Rc::new(Cell::new(false));
    let mount_once = {
        let mounted = mounted.clone();
        move || {
            if !mounted.replace(true) {
                leptos::mount::mount_to_body(app::App);
            }
        }
    };
    let on_paint = {
        let mount_once = mount_once.clone();
        Closure::<dyn FnMut(JsValue, web_sys::PerformanceObserver)>::new(
            move |_: JsValue, observer: web_sys::PerformanceObserver| {
                // The first paint may be the background only: wait for content.
                if painted() {
                    observer.disconnect();
                    mount_once();
                }
            },
        )
    };
    let observing = web_sys::PerformanceObserver::new(on_paint.as_ref().unchecked_ref()).map(|o| {
        let paint = js_sys::Array::of1(&JsValue::from_str("paint"));
        o.observe(&web_sys::PerformanceObserverInit::new(&paint));
    });
    on_paint.forget();
    let fallback = Closure::once_into_js(mount_once.clone());
    let waited = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        fallback.unchecked_ref(),
        SHELL_WAIT_MS,
    );
    if observing.is_err() || waited.is_err() {
        mount_once();
    }
}

/// The longest the app waits for the static shell's first paint.
const SHELL_WAIT_MS: i32 = 500;

/// Mounts the students' counselling booking page (its own bundle, kept on
/// the phone once opened or signed in).
pub fn mount_counselling() {
    leptos::mount::mount_to_body(counselling_app::CounsellingApp);
}

/// Mounts the counselling desk (its own bundle, for counsellors only).
pub fn mount_desk() {
    leptos::mount::mount_to_body(desk::DeskApp);
}

/// Mounts the gate (its own bundle, for guards).
pub fn mount_gate() {
    leptos::mount::mount_to_body(gate::GateApp);
}

/// Mounts today's pass (its own bundle, kept on the phone once a pass came).
pub fn mount_pass() {
    leptos::mount::mount_to_body(pass::PassApp);
}

/// Mounts the daily report (its own bundle, for advisors and offices).
pub fn mount_reports() {
    leptos::mount::mount_to_body(reports::ReportsApp);
}
