use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{DeletionRequestCard, NoticeText};
use crate::account::use_account;
use crate::declaring::school_now;
use crate::download::download_json;
use crate::state::privacy::use_privacy;
use crate::state::use_i18n;
use crate::sync::own_data::own_data_json;

/// Settings → Privacy: the notice read (and reading it again), and the
/// counselling consent with its one-tap withdrawal, confirmed first: it
/// cancels the appointments not yet started.
#[component]
pub fn PrivacySettings() -> impl IntoView {
    let i18n = use_i18n();
    let privacy = use_privacy();
    let reading = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let wellbeing_confirming = RwSignal::new(false);
    let account = use_account();
    let export_failed = RwSignal::new(false);
    let export = move |_| {
        let token = account.session.with(|s| s.as_ref().and_then(|s| s.token.clone()));
        spawn_local(async move {
            let Some(token) = token else { return export_failed.set(true) };
            let saved = match own_data_json(&token).await {
                Ok(json) => download_json(&format!("anxin-my-data-{}.json", school_now().0), &json),
                Err(_) => false,
            };
            export_failed.set(!saved);
        });
    };
    let withdraw = move |_| {
        if privacy.consent_to_counselling(false) {
            confirming.set(false);
        }
    };
    view! {
        <section class="card" data-testid="privacy-settings">
            <h2>{move || i18n.texts().privacy_title}</h2>
            <dl class="facts">
                <dt>{move || i18n.texts().privacy_notice_seen}</dt>
                <dd data-testid="notice-version">{move || privacy.stored.with(|s| s.notice_version.clone())}</dd>
                <dt>{move || i18n.texts().privacy_counselling}</dt>
                <dd data-testid="consent-state">
                    {move || if privacy.consented() { i18n.texts().privacy_consent_given } else { i18n.texts().privacy_consent_none }}
                </dd>
            </dl>
            <button type="button" on:click=move |_| reading.update(|r| *r = !*r) data-testid="notice-reread">
                {move || i18n.texts().privacy_notice_reread}
            </button>
            <div class="notice-text" hidden=move || !reading.get()><NoticeText/></div>
            <dl class="facts">
                <dt>{move || i18n.texts().privacy_wellbeing}</dt>
                <dd data-testid="wellbeing-state">
                    {move || if privacy.wellbeing_on() { i18n.texts().privacy_wellbeing_on } else { i18n.texts().privacy_wellbeing_off }}
                </dd>
            </dl>
            <button type="button" data-testid="wellbeing-toggle" hidden=move || wellbeing_confirming.get()
                on:click=move |_| {
                    if privacy.wellbeing_on() {
                        wellbeing_confirming.set(true);
                    } else {
                        privacy.turn_wellbeing(true);
                    }
                }>
                {move || if privacy.wellbeing_on() { i18n.texts().privacy_wellbeing_turn_off } else { i18n.texts().privacy_wellbeing_turn_on }}
            </button>
            <div class="notice warning" role="alert" hidden=move || !wellbeing_confirming.get()>
                {move || i18n.texts().privacy_wellbeing_off_warning}
                <button type="button" class="danger" data-testid="wellbeing-off-confirm"
                    on:click=move |_| {
                        if privacy.turn_wellbeing(false) {
                            wellbeing_confirming.set(false);
                        }
                    }>
                    {move || i18n.texts().privacy_wellbeing_turn_off}
                </button>
                <button type="button" on:click=move |_| wellbeing_confirming.set(false)>{move || i18n.texts().cancel}</button>
            </div>
            <p class="hint">{move || i18n.texts().privacy_export_hint}</p>
            <button type="button" data-testid="own-data-export" on:click=export>
                {move || i18n.texts().privacy_export}
            </button>
            <p class="field-error" role="alert" data-testid="own-data-problem" hidden=move || !export_failed.get()>
                {move || i18n.texts().privacy_export_failed}
            </p>
            <DeletionRequestCard/>
            <div hidden=move || !privacy.consented()>
                <button type="button" data-testid="consent-withdraw" hidden=move || confirming.get()
                    on:click=move |_| confirming.set(true)>
                    {move || i18n.texts().privacy_withdraw}
                </button>
                <div class="notice warning" role="alert" hidden=move || !confirming.get()>
                    {move || i18n.texts().privacy_withdraw_warning}
                    <button type="button" class="danger" data-testid="consent-withdraw-confirm" on:click=withdraw>
                        {move || i18n.texts().privacy_withdraw_confirm}
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false)>{move || i18n.texts().cancel}</button>
                </div>
            </div>
        </section>
    }
}
