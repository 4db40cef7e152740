//! The pieces both parts of the declaration form use: a field's error in
//! the person's language, and a labelled text field bound to the draft.

use anxin_domain::declaration::{DeclarationDraft, Field};
use leptos::prelude::*;

use super::FieldError;
use crate::declaring::use_declaring;
use crate::state::use_i18n;

/// The error shown next to `field`, if any.
pub fn field_error(field: Field) -> Signal<Option<&'static str>> {
    let i18n = use_i18n();
    let declaring = use_declaring();
    Signal::derive(move || {
        declaring
            .errors
            .with(|errors| errors.iter().find(|e| e.field == field).map(|e| e.problem))
            .map(|problem| i18n.texts().problem(problem))
    })
}

/// A labelled text input of the draft, its error below.
#[component]
pub fn DraftField(
    field: Field,
    /// The input's type: text, time or date.
    kind: &'static str,
    /// The form name (also the test hook).
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    get: fn(&DeclarationDraft) -> String,
    set: fn(&mut DeclarationDraft, String),
    /// What the field shows while the draft has nothing (the time: now).
    #[prop(optional, into)]
    shown_when_empty: Option<Signal<String>>,
) -> impl IntoView {
    let declaring = use_declaring();
    let error = field_error(field);
    let value = move || {
        let value = declaring.draft.with(|d| get(&d.draft));
        match shown_when_empty {
            Some(default) if value.is_empty() => default.get(),
            _ => value,
        }
    };
    view! {
        <label class="field" class:invalid=move || error.get().is_some() data-field=name>
            <span class="label">{label}</span>
            <input
                type=kind
                name=name
                inputmode=if name == "temperature" { "decimal" } else { "text" }
                autocomplete="off"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=value
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    declaring.edit(|d| set(d, value));
                }
            />
            <FieldError error=error/>
        </label>
    }
}
