//! A counsellor's private note on one appointment, sealed on this device
//! (`note_crypto`) before it is sent, opened here after it is fetched. The
//! notes passphrase is asked once per page and kept in memory only.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::appointment_labels::server_problem;
use crate::account::use_account;
use crate::i18n::Texts;
use crate::note_crypto::{open, seal, NoteCryptoError};
use crate::state::use_i18n;
use crate::sync::counsellor::{read_note, write_note};

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

/// What this editor knows of the note saved on the server, with the
/// passphrase now in use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Saved {
    /// Not yet looked at: the first save fetches it first.
    Unknown,
    /// There is none, or it opened in this editor, or this editor saved it:
    /// saving replaces nothing she has not seen.
    Known,
    /// There is one this passphrase does not open; saving needs her second
    /// confirmation (it would be lost for good).
    Unopenable,
}

/// The note of one appointment: open the saved one, or seal and save.
///
/// The opened text lives only as long as the passphrase that opened it:
/// when the passphrase is forgotten or changed, it is wiped. A save never
/// overwrites a saved note she has not opened here; one sealed with
/// another passphrase is replaced only when she confirms it again.
#[component]
pub fn NoteEditor(booking_id: String, passphrase: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let expanded = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // (ok, message)
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(Saved::Unknown);
    // Bumped with each passphrase: work started under an earlier one is dropped.
    let generation = StoredValue::new(0_u64);
    let booking_id = StoredValue::new(booking_id);
    let token = move || account.session.get_untracked().and_then(|s| s.token);

    // Forgotten or changed: nothing opened with the old passphrase stays.
    Effect::new(move |first: Option<()>| {
        passphrase.track();
        if first.is_some() {
            generation.update_value(|g| *g += 1);
            text.set(String::new());
            message.set(None);
            saved.set(Saved::Unknown);
            busy.set(false);
        }
    });
    // Work begun with `secret` in `started` may still show its outcome.
    let current = move |secret: &str, started: u64| {
        generation.get_value() == started
            && passphrase.with_untracked(|p| p.as_deref() == Some(secret))
    };

    // Seals and stores `note`; the server's note is then this one.
    let seal_and_write = move |secret: String, note: String, token: String, started: u64| async move {
        let t = i18n.texts();
        let sealed = match seal(&secret, &note).await {
            Ok(sealed) => sealed,
            Err(err) => return Err(crypto_problem(t, err).to_owned()),
        };
        if !current(&secret, started) {
            return Err(String::new());
        }
        write_note(&booking_id.get_value(), &sealed, &token)
            .await
            .map(|()| t.desk().notes_saved.to_owned())
            .map_err(|err| server_problem(t, &err))
    };
    let finish = move |secret: &str, started: u64, outcome: Result<String, String>| {
        if !current(secret, started) {
            return;
        }
        busy.set(false);
        message.set(Some(match outcome {
            Ok(done) => {
                saved.set(Saved::Known);
                (true, done)
            }
            Err(problem) => (false, problem),
        }));
    };
    // `replace`: her second confirmation over a note this passphrase
    // does not open.
    let save = move |replace: bool| {
        let t = i18n.texts();
        let note = text.get_untracked();
        let (Some(secret), Some(token)) = (passphrase.get_untracked(), token()) else { return };
        if note.trim().is_empty() {
            message.set(Some((false, t.desk().notes_empty.to_owned())));
            return;
        }
        let known = saved.get_untracked();
        match (known, replace) {
            (Saved::Unopenable, false) => {
                message.set(Some((false, t.desk().notes_would_replace.to_owned())));
                return;
            }
            (Saved::Unknown | Saved::Known, true) => return,
            _ => {}
        }
        busy.set(true);
        message.set(Some((true, t.desk().notes_working.to_owned())));
        let started = generation.get_value();
        spawn_local(async move {
            let t = i18n.texts();
            if known == Saved::Unknown {
                // Before the first save: is there a note she has not seen?
                let check = match read_note(&booking_id.get_value(), &token).await {
                    Err(err) => Err(server_problem(t, &err)),
                    Ok(None) => Ok(()),
                    Ok(Some(sealed)) => match open(&secret, &sealed).await {
                        // It opens, but it is not in the editor.
                        Ok(_) => Err(t.desk().notes_read_first.to_owned()),
                        Err(NoteCryptoError::WrongPassphrase) => {
                            if current(&secret, started) {
                                saved.set(Saved::Unopenable);
                            }
                            Err(t.desk().notes_would_replace.to_owned())
                        }
                        Err(err) => Err(crypto_problem(t, err).to_owned()),
                    },
                };
                if let Err(problem) = check {
                    finish(&secret, started, Err(problem));
                    return;
                }
            }
            let outcome = seal_and_write(secret.clone(), note, token, started).await;
            finish(&secret, started, outcome);
        });
    };
    let read = move |_| {
        let (Some(secret), Some(token)) = (passphrase.get_untracked(), token()) else { return };
        busy.set(true);
        message.set(Some((true, i18n.texts().desk().notes_working.to_owned())));
        let started = generation.get_value();
        spawn_local(async move {
            let t = i18n.texts();
            let outcome = match read_note(&booking_id.get_value(), &token).await {
                Err(err) => Err(server_problem(t, &err)),
                Ok(None) => Ok(None),
                Ok(Some(sealed)) => open(&secret, &sealed)
                    .await
                    .map(Some)
                    .map_err(|e| crypto_problem(t, e).to_owned()),
            };
            // Opened with a passphrase forgotten meanwhile: not shown.
            if !current(&secret, started) {
                return;
            }
            busy.set(false);
            match outcome {
                Ok(Some(opened)) => {
                    text.set(opened);
                    saved.set(Saved::Known);
                    message.set(Some((true, t.desk().notes_opened.to_owned())));
                }
                Ok(None) => {
                    saved.set(Saved::Known);
                    message.set(Some((false, t.desk().notes_none.to_owned())));
                }
                Err(problem) => message.set(Some((false, problem))),
            }
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
            <Show when=move || saved.get() == Saved::Unopenable>
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
