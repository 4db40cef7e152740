use anxin_domain::privacy::deletion::{DeletionOutcome, MAX_DELETION_TEXT_CHARS};
use leptos::prelude::*;

use super::FieldError;
use crate::state::privacy::use_privacy;
use crate::state::use_i18n;

/// Settings → Privacy: asking the school to delete one's data (through the
/// outbox, offline too), and the school's answer once a sync brought it.
#[component]
pub fn DeletionRequestCard() -> impl IntoView {
    let i18n = use_i18n();
    let privacy = use_privacy();
    let writing = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let too_long = RwSignal::new(false);
    let waiting = move || {
        privacy
            .stored
            .with(|s| s.deletion_queued || s.deletion.as_ref().is_some_and(|d| d.outcome.is_none()))
    };
    let state = move || {
        let t = i18n.texts();
        privacy.stored.with(|s| {
            if s.deletion_queued {
                return Some(t.privacy_delete_queued.to_owned());
            }
            let d = s.deletion.as_ref()?;
            Some(match d.outcome {
                None => t.privacy_delete_waiting.to_owned(),
                Some(DeletionOutcome::Completed) => {
                    format!("{}{}", t.privacy_delete_completed, d.answer)
                }
                Some(DeletionOutcome::Kept) => format!("{}{}", t.privacy_delete_kept, d.answer),
            })
        })
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        too_long.set(text.chars().count() > MAX_DELETION_TEXT_CHARS);
        if !too_long.get_untracked() && privacy.ask_deletion(&text) {
            writing.set(false);
            note.set(String::new());
        }
    };
    let error =
        Signal::derive(move || too_long.get().then(|| i18n.texts().privacy_delete_too_long));
    view! {
        <p class="hint">{move || i18n.texts().privacy_delete_hint}</p>
        <p class="notice" role="status" data-testid="deletion-state" hidden=move || state().is_none()>
            {state}
        </p>
        <button type="button" data-testid="deletion-ask" hidden=move || writing.get() || waiting()
            on:click=move |_| writing.set(true)>
            {move || i18n.texts().privacy_delete}
        </button>
        <form class="deletion-request" novalidate on:submit=send hidden=move || !writing.get()>
            <label class="field" class:invalid=move || too_long.get() data-field="deletion_note">
                <span class="label">{move || i18n.texts().privacy_delete_note}</span>
                <textarea
                    data-testid="deletion-note"
                    maxlength="500"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
                <FieldError error=error/>
            </label>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="deletion-send">
                    {move || i18n.texts().privacy_delete_send}
                </button>
                <button type="button" on:click=move |_| writing.set(false)>{move || i18n.texts().cancel}</button>
            </div>
        </form>
    }
}
