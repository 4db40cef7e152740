//! Anxin 安心: the web app (Leptos, client-side rendered to WebAssembly).

pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod route;
pub mod state;
pub mod storage;
pub mod sync;

/// Mounts the app on `<body>`, replacing the static loading shell.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}
