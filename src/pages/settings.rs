use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::LanguageSwitch;
use crate::state::{use_directory, use_i18n};
use crate::storage::{human_bytes, request_persistence, storage_report};

/// Language, storage on this device, and what the device knows about the
/// server.
#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory();
    let server_version = move || {
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
        <StorageSection/>
        <section class="card">
            <h2>{move || i18n.texts().settings_about}</h2>
            <dl class="facts">
                <dt>{move || i18n.texts().settings_build}</dt>
                <dd data-testid="build-version">{crate::build_version()}</dd>
                <dt>{move || i18n.texts().settings_app_version}</dt>
                <dd data-testid="app-version">{server_version}</dd>
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

/// Whether the browser keeps Anxin's data, how much it uses, and a button to
/// ask for persistence (a person's tap, which some browsers require).
#[component]
fn StorageSection() -> impl IntoView {
    let i18n = use_i18n();
    // A plain signal filled by a task: lighter than a resource, and the
    // report is read once per visit of the page.
    let report = RwSignal::new(None);
    let refresh = move || spawn_local(async move { report.set(storage_report().await) });
    refresh();
    let keep = move |_| {
        spawn_local(async move {
            request_persistence().await;
            refresh();
        })
    };
    let status = move || {
        let texts = i18n.texts();
        match report.get() {
            None => view! { <p data-testid="storage-status">{texts.storage_unknown}</p> }.into_any(),
            Some(r) => view! {
                <p data-testid="storage-status" data-persisted=r.persisted.to_string()>
                    {if r.persisted { texts.storage_persistent } else { texts.storage_not_persistent }}
                </p>
                <dl class="facts">
                    <dt>{texts.storage_usage}</dt>
                    <dd data-testid="storage-usage">
                        {format!("{} / {}", human_bytes(r.usage_bytes), human_bytes(r.quota_bytes))}
                    </dd>
                </dl>
                {(!r.persisted).then(|| view! {
                    <button type="button" on:click=keep>{texts.storage_keep}</button>
                })}
            }
            .into_any(),
        }
    };
    view! {
        <section class="card">
            <h2>{move || i18n.texts().settings_storage}</h2>
            {status}
            <p class="hint">{move || i18n.texts().storage_ios_hint}</p>
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
