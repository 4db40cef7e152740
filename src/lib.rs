//! Anxin 安心: the web app (Leptos, client-side rendered to WebAssembly).

pub mod account;
pub mod app;
pub mod app_update;
pub mod components;
pub mod declaring;
pub mod desk;
pub mod download;
pub mod i18n;
pub mod note_crypto;
pub mod pages;
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
/// before the first frame, and what Anxin is and the hotline numbers would
/// otherwise never be seen first (nor count as the page's first content).
/// A hidden tab paints no frames: it mounts at once.
pub fn mount() {
    use wasm_bindgen::JsCast;
    let app = wasm_bindgen::closure::Closure::once_into_js(|| {
        leptos::mount::mount_to_body(app::App);
    });
    let window = leptos::prelude::window();
    let hidden = leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Hidden;
    // After the next frame's paint: a task queued from its callback.
    let after_paint = {
        let window = window.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = window.set_timeout_with_callback(app.unchecked_ref());
        })
    };
    if hidden || window.request_animation_frame(after_paint.unchecked_ref()).is_err() {
        leptos::mount::mount_to_body(app::App);
    }
}

/// Mounts the counselling desk (its own bundle, for counsellors only).
pub fn mount_desk() {
    leptos::mount::mount_to_body(desk::DeskApp);
}

/// Mounts the daily report (its own bundle, for advisors and offices).
pub fn mount_reports() {
    leptos::mount::mount_to_body(reports::ReportsApp);
}
