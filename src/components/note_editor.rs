//! A counsellor's private note on one appointment, sealed on this device
//! (`note_crypto`) before it is sent, opened here after it is fetched. The
//! notes passphrase is asked once per page and kept in memory only.

use anxin_domain::counselling::note_guard::{NoteGuard, SaveRefusal};
use leptos::prelude::*;

use super::appointment_labels::server_problem;
use crate::i18n::Texts;
use crate::note_crypto::NoteCryptoError;
use crate::state::desk::{use_desk, NoteProblem, Opened};
use crate::state::use_i18n;

/// The shortest passphrase taken (a short one is guessed offline from a
/// copy of the sealed notes).
const MIN_PASSPHRASE_CHARS: usize = 8;

fn crypto_problem(t: &Texts, err: NoteCryptoError) -> &'static str {
    match err {
        NoteCryptoError::WrongPassphrase => t.desk().notes_wrong_passphrase,
        NoteCryptoError::UnknownScheme | NoteCryptoError::Unsupported => t.desk().notes_unsupported,
    }
}

/// Asks for the notes passphrase, or offers to forget it.
#[component]
pub fn NotesPassphrase(passphrase: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        if text.chars().count() < MIN_PASSPHRASE_CHARS {
            problem.set(Some(i18n.texts().desk().notes_passphrase_short));
            return;
        }
        problem.set(None);
        typed.set(String::new());
        passphrase.set(Some(text));
    };
    move || {
        let t = i18n.texts();
        if passphrase.with(Option::is_some) {
            return view! {
                <p class="notes-passphrase set" data-testid="notes-passphrase-set">
                    {t.desk().notes_passphrase_set}" "
                    <button type="button" data-testid="notes-forget" on:click=move |_| passphrase.set(None)>
                        {t.desk().notes_passphrase_forget}
                    </button>
                </p>
            }
            .into_any();
        }
        view! {
            <form class="notes-passphrase" novalidate on:submit=on_submit data-testid="notes-passphrase-form">
                <label class="field" class:invalid=move || problem.get().is_some()>
                    <span class="label">{t.desk().notes_passphrase}</span>
                    <input
                        type="password"
                        data-testid="notes-passphrase"
                        autocomplete="off"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    {move || problem.get().map(|p| view! { <span class="field-error" role="alert">{p}</span> })}
                </label>
                <p class="hint">{t.desk().notes_passphrase_hint}</p>
                <button type="submit" data-testid="notes-passphrase-use">{t.desk().notes_passphrase_use}</button>
            </form>
        }
        .into_any()
    }
}

/// What a refusal to save says.
fn refusal_text(t: &Texts, why: SaveRefusal) -> &'static str {
    match why {
        SaveRefusal::Empty => t.desk().notes_empty,
        SaveRefusal::OpenFirst => t.desk().notes_read_first,
        SaveRefusal::WouldReplace | SaveRefusal::NothingToReplace => t.desk().notes_would_replace,
    }
}

fn note_problem(t: &Texts, problem: NoteProblem) -> &'static str {
    match problem {
        NoteProblem::Refused(why) => refusal_text(t, why),
        NoteProblem::Crypto(err) => crypto_problem(t, err),
    }
}

/// The note of one appointment: open the saved one, or seal and save.
///
/// The opened text lives only as long as the passphrase that opened it:
/// when the passphrase is forgotten or changed, it is wiped. Saving
/// follows `NoteGuard`: never over a saved note she has not opened here;
/// one sealed with another passphrase only on her second confirmation.
#[component]
pub fn NoteEditor(booking_id: String, passphrase: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let expanded = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // (ok, message)
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let guard = RwSignal::new(NoteGuard::Unknown);
    // Bumped with each passphrase: work started under an earlier one is dropped.
    let generation = StoredValue::new(0_u64);
    let booking_id = StoredValue::new(booking_id);

    // Forgotten or changed: nothing opened with the old passphrase stays.
    Effect::new(move |first: Option<()>| {
        passphrase.track();
        if first.is_some() {
            generation.update_value(|g| *g += 1);
            text.set(String::new());
            message.set(None);
            guard.update(|g| *g = g.reset());
            busy.set(false);
        }
    });
    // Work begun with `secret` in `started` may still show its outcome.
    let current = move |secret: &str, started: u64| {
        generation.get_value() == started
            && passphrase.with_untracked(|p| p.as_deref() == Some(secret))
    };
    let working = move || message.set(Some((true, i18n.texts().desk().notes_working.to_owned())));

    // `replace`: her second confirmation over a note this passphrase
    // does not open.
    let save = move |replace: bool| {
        let Some(secret) = passphrase.get_untracked() else { return };
        let started = generation.get_value();
        working();
        let note = text.get_untracked();
        let known = (guard.get_untracked(), replace);
        desk.save_note(booking_id.get_value(), secret.clone(), note, known, busy, move |answer| {
            if !current(&secret, started) {
                return;
            }
            let t = i18n.texts();
            message.set(Some(match answer {
                Ok((next, outcome)) => {
                    guard.set(next);
                    match outcome {
                        Ok(()) => (true, t.desk().notes_saved.to_owned()),
                        Err(problem) => (false, note_problem(t, problem).to_owned()),
                    }
                }
                Err(err) => (false, server_problem(t, &err)),
            }));
        });
    };
    let read = move |_| {
        let Some(secret) = passphrase.get_untracked() else { return };
        let started = generation.get_value();
        working();
        desk.open_note(booking_id.get_value(), secret.clone(), busy, move |answer| {
            // Opened with a passphrase forgotten meanwhile: not shown.
            if !current(&secret, started) {
                return;
            }
            let t = i18n.texts();
            message.set(Some(match answer {
                Ok(Ok(Opened::Text(opened))) => {
                    text.set(opened);
                    guard.update(|g| *g = g.seen());
                    (true, t.desk().notes_opened.to_owned())
                }
                Ok(Ok(Opened::Nothing)) => {
                    guard.update(|g| *g = g.seen());
                    (false, t.desk().notes_none.to_owned())
                }
                Ok(Err(problem)) => (false, note_problem(t, problem).to_owned()),
                Err(err) => (false, server_problem(t, &err)),
            }));
        });
    };
    let editor = move || {
        let t = i18n.texts();
        if passphrase.with(Option::is_none) {
            return view! { <NotesPassphrase passphrase=passphrase/> }.into_any();
        }
        view! {
            <label class="field">
                <span class="label">{t.desk().notes_title}</span>
                <textarea
                    class="note-text"
                    data-testid="note-text"
                    rows="5"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="action-buttons">
                <button type="button" data-testid="note-read" disabled=move || busy.get() on:click=read>
                    {t.desk().notes_read}
                </button>
                <button type="button" class="primary" data-testid="note-save" disabled=move || busy.get()
                    on:click=move |_| save(false)>
                    {t.desk().notes_save}
                </button>
            </div>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "hint" } else { "field-error" } role="status" data-testid="note-message">{m}</p>
            })}
            <Show when=move || guard.get() == NoteGuard::Unopenable>
                <button type="button" class="danger" data-testid="note-replace" disabled=move || busy.get()
                    on:click=move |_| save(true)>
                    {move || i18n.texts().desk().notes_replace}
                </button>
            </Show>
        }
        .into_any()
    };
    view! {
        <div class="note-editor">
            <button
                type="button"
                class="note-toggle"
                data-testid="note-toggle"
                aria-expanded=move || expanded.get().to_string()
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {move || i18n.texts().desk().notes_toggle}
            </button>
            <Show when=move || expanded.get()>{editor}</Show>
        </div>
    }
}
