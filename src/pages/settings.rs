use anxin_domain::roster::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::use_account;
use crate::components::{LanguageSwitch, PrivacySettings};
use crate::declaring::{device_now, school_now};
use crate::download::download_json;
use crate::state::use_storage_status;
use crate::state::{use_directory, use_i18n};
use crate::storage::{human_bytes, request_persistence, storage_report, DeviceStore, OutboxStore};
use crate::sync::use_sync;
use crate::sync::DeviceChange;

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
        <AccountSection/>
        <section class="card">
            <h2>{move || i18n.texts().settings_language}</h2>
            <LanguageSwitch/>
            <p class="hint">{move || i18n.texts().settings_language_hint}</p>
        </section>
        <UndeliveredSection/>
        <PrivacySettings/>
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
                        Some(iso) => crate::i18n::local_date_time(&iso, i18n.lang()),
                        None => i18n.texts().settings_directory_never.to_owned(),
                    }}
                </dd>
            </dl>
        </section>
    }
}

/// Who is signed in, and signing out: after a warning when changes are not
/// delivered (signing out deletes them from the device).
#[component]
fn AccountSection() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let sync = use_sync();
    let confirming = RwSignal::new(false);
    let undelivered = move || sync.pending.get() + sync.rejected.with(Vec::len);
    let sign_out = move || account.sign_out();
    let on_sign_out = move |_| {
        if undelivered() > 0 {
            confirming.set(true);
        } else {
            sign_out();
        }
    };
    // One closure draws the whole card (each reactive closure is code of
    // its own in the wasm); it changes rarely.
    move || {
        let texts = i18n.texts();
        let cancel = move |_| confirming.set(false);
        let (confirming, undelivered) = (confirming.get(), undelivered().to_string());
        account.session.with(|s| {
            let person = &s.as_ref()?.person;
            // One line: few elements (each costs code in the wasm).
            let mut who = vec![person.name.as_str(), person.id.as_str()];
            who.extend([person.class_name.as_str(), person.department.as_str()]);
            who.extend(person.roles.iter().map(|r| texts.role(*r)));
            who.retain(|part| !part.is_empty());
            // Staff (no class) register visitors in the reports bundle.
            let staff = person.class_name.is_empty() && person.roles.contains(&Role::Declarant);
            Some(view! {
                <section class="card" data-testid="account">
                    <h2>{texts.account_title}</h2>
                    <p data-testid="account-person">{who.join(" · ")}</p>
                    <a href="/reports#visitors" data-testid="visitors-link" hidden=!staff>{texts.visitors_link}</a>
                    <button type="button" data-testid="sign-out" hidden=confirming on:click=on_sign_out>
                        {texts.sign_out}
                    </button>
                    <div class="notice warning sign-out" data-testid="sign-out-warning" role="alert" hidden=!confirming>
                        {texts.sign_out_warning.with(&undelivered)}
                        <button type="button" class="danger" data-testid="sign-out-confirm"
                            on:click=move |_| sign_out()>
                            {texts.sign_out_confirm.with(&undelivered)}
                        </button>
                        <button type="button" on:click=cancel>{texts.cancel}</button>
                    </div>
                </section>
            })
        })
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

/// What is not delivered or was refused, and the export of both to a file.
#[component]
fn UndeliveredSection() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let storage = use_storage_status();
    let export = move |_| {
        let outbox = OutboxStore::new(&DeviceStore);
        let Some(file) = storage.record(outbox.export(device_now())) else { return };
        let (day, _) = school_now();
        if let Ok(json) = serde_json::to_string(&file) {
            download_json(&format!("anxin-undelivered-{day}.json"), &json);
        }
    };
    let rejected = move || {
        let texts = i18n.texts();
        sync.rejected
            .get()
            .into_iter()
            .map(|q| {
                let what = match &q.mutation.change {
                    DeviceChange::DeclarationRevision { day, .. } => {
                        format!("{}{day}", texts.rejected_day)
                    }
                    DeviceChange::BookingRequest(_)
                    | DeviceChange::BookingCancel { .. }
                    | DeviceChange::WaitlistJoin(_)
                    | DeviceChange::WaitlistLeave(_) => texts.rejected_booking.to_owned(),
                    DeviceChange::Report(_)
                    | DeviceChange::ReturnDecide(_)
                    | DeviceChange::GateRecord(_)
                    | DeviceChange::EndObservation(_) => texts.rejected_report.to_owned(),
                    DeviceChange::ReturnApply(_) => texts.rejected_return.to_owned(),
                    DeviceChange::VisitorRegister(_)
                    | DeviceChange::VisitorDecide(_)
                    | DeviceChange::VisitorAtGate(_) => texts.rejected_report.to_owned(),
                    DeviceChange::NoticeSeen(_)
                    | DeviceChange::Consent(_)
                    | DeviceChange::Wellbeing(_)
                    | DeviceChange::DeletionRequest(_) => texts.privacy_title.to_owned(),
                };
                view! {
                    <li data-testid="rejected-record">
                        {what}": "{texts.rejection(q.code.as_str())}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-testid="undelivered-section">
            <h2>{move || i18n.texts().export_title}</h2>
            <p class="hint">{move || i18n.texts().export_hint}</p>
            <Show when=move || !sync.rejected.get().is_empty()>
                <h3>{move || i18n.texts().rejected_title}</h3>
                <ul class="rejected">{rejected}</ul>
            </Show>
            <button type="button" data-testid="export-undelivered" on:click=export>
                {move || i18n.texts().export_button}
            </button>
        </section>
    }
}
