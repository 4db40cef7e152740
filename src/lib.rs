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

/// Mounts the app on `<body>`, replacing the static loading shell.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}

/// Mounts the counselling desk (its own bundle, for counsellors only).
pub fn mount_desk() {
    leptos::mount::mount_to_body(desk::DeskApp);
}

/// Mounts the daily report (its own bundle, for advisors and offices).
pub fn mount_reports() {
    leptos::mount::mount_to_body(reports::ReportsApp);
}
