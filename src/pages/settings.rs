use leptos::prelude::*;

use crate::components::LanguageSwitch;
use crate::state::{use_directory, use_i18n};

/// Language, and what the device knows about the server.
#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory();
    let version = move || {
        let version = directory.directory.get().app_version;
        if version.is_empty() {
            i18n.texts().settings_directory_builtin.to_owned()
        } else {
            version
        }
    };
    view! {
        <h1>{move || i18n.texts().settings_title}</h1>
        <section class="card">
            <h2>{move || i18n.texts().settings_language}</h2>
            <LanguageSwitch/>
            <p class="hint">{move || i18n.texts().settings_language_hint}</p>
        </section>
        <section class="card">
            <h2>{move || i18n.texts().settings_about}</h2>
            <dl class="facts">
                <dt>{move || i18n.texts().settings_app_version}</dt>
                <dd data-testid="app-version">{version}</dd>
                <dt>{move || i18n.texts().settings_directory_updated}</dt>
                <dd data-testid="directory-updated">
                    {move || directory.fetched_at.get().unwrap_or_else(|| i18n.texts().settings_directory_never.to_owned())}
                </dd>
            </dl>
        </section>
    }
}
