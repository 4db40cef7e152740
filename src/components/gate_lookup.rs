//! A person without a pass: looked up by school id in the day's list.
//! Typing that cannot be an id is answered next to the field; the result
//! of a look-up (the verdict, or "not on the list") comes below.

use anxin_domain::gate::IdLookupProblem;
use anxin_domain::profile::MAX_ID_CHARS;
use leptos::prelude::*;

use crate::state::gate::use_gate;
use crate::state::use_i18n;

#[component]
pub fn GateLookup() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let t = move || i18n.texts().gate();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<IdLookupProblem>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match gate.look_up(&typed.get_untracked()) {
            Ok(()) => {
                problem.set(None);
                typed.set(String::new());
            }
            Err(typing) => problem.set(Some(typing)),
        }
    };
    let error = move || {
        problem.get().map(|p| {
            let text = match p {
                IdLookupProblem::Empty => t().id_empty,
                IdLookupProblem::NotAnId => t().id_not_an_id,
                IdLookupProblem::NotOnList => t().unknown_id,
            };
            view! { <p class="field-error" id="gate-id-error" role="alert" data-testid="gate-id-error">{text}</p> }
        })
    };
    view! {
        <form class="gate-lookup field" class:invalid=move || problem.get().is_some() on:submit=look_up>
            <label class="label" for="gate-id">{move || t().id_label}</label>
            <div class="gate-row">
                <input
                    id="gate-id"
                    type="text"
                    data-testid="gate-id"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    enterkeyhint="search"
                    maxlength=MAX_ID_CHARS.to_string()
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=move || problem.get().map(|_| "gate-id-error")
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        problem.set(None);
                    }
                />
                <button type="submit" data-testid="gate-look-up">{move || t().look_up}</button>
            </div>
            {error}
        </form>
    }
}
