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
                    {move || match directory.fetched_at.get() {
                        Some(iso) => local_date_time(&iso, i18n.lang().tag()),
                        None => i18n.texts().settings_directory_never.to_owned(),
                    }}
                </dd>
            </dl>
        </section>
    }
}

/// An ISO 8601 instant as the browser writes dates in the given language.
fn local_date_time(iso: &str, lang_tag: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    date.to_locale_string(lang_tag, &wasm_bindgen::JsValue::UNDEFINED).into()
}
