use leptos::prelude::*;

use crate::account::use_account;
use crate::i18n::local_instant;
use crate::state::{use_connectivity, use_i18n};
use crate::storage::{DeviceStore, SessionStore};
use crate::sync::{use_sync, SyncPhase};

/// Always in view once the person is known: how many changes are not yet
/// delivered, when the last sync finished, what is wrong if anything, and
/// "sync now".
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let account = use_account();
    let online = use_connectivity().online;
    // One line of what is true: what waits on this phone, if anything,
    // and when the last sync was. "Everything delivered" would sit above
    // "today: not yet filed" and read as a contradiction.
    let summary = move || {
        let texts = i18n.texts();
        if sync.phase.get() == SyncPhase::Sending {
            return Some(texts.sync_sending.to_owned());
        }
        match sync.pending.get() {
            0 => None,
            n => Some(texts.sync_undelivered.with(n)),
        }
    };
    let last = move || {
        let texts = i18n.texts();
        match sync.last_sync.get() {
            Some(at) => format!("{}{}", texts.sync_last, local_instant(at, i18n.lang())),
            None => texts.sync_never.to_owned(),
        }
    };
    let problem = move || {
        let texts = i18n.texts();
        if !account.can_sync.get() {
            // The server ended the session: only signing in again helps.
            let by_reset = SessionStore::new(&DeviceStore).ended_by_reset();
            return Some(
                if by_reset { texts.session_reset } else { texts.session_ended }.to_owned(),
            );
        }
        match (sync.phase.get(), sync.refusal.get()) {
            (SyncPhase::NeedsUpdate, _) => Some(texts.sync_needs_update.to_owned()),
            (SyncPhase::Failed, Some(code)) => Some(texts.sync_refused.with(&code)),
            // Offline, the header already says so: one line less.
            (SyncPhase::Failed, None) if !online.get() => None,
            (SyncPhase::Failed, None) => Some(texts.sync_failed.to_owned()),
            (SyncPhase::Idle | SyncPhase::Sending, _) => None,
        }
    };
    view! {
        <Show when=move || account.session.with(|s| s.as_ref().is_some_and(|s| s.syncs()))>
            <section class="sync-status" data-testid="sync-status" role="status" aria-live="polite">
                <p>
                    <span data-testid="undelivered" data-count=move || sync.pending.get().to_string()>
                        {move || summary().map(|text| format!("{text} · "))}
                    </span>
                    <span data-testid="last-sync">{last}</span>
                </p>
                {move || problem().map(|text| view! { <p class="hint">{text}</p> })}
                <button
                    type="button"
                    class="compact"
                    data-testid="sync-now"
                    // Offline (the header says so) a tap could do nothing.
                    disabled=move || sync.phase.get() == SyncPhase::Sending || !online.get()
                    on:click=move |_| sync.sync_now()
                >
                    {move || i18n.texts().sync_now}
                </button>
            </section>
        </Show>
    }
}
