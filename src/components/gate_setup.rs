//! The gate this phone stands at, and which way people are going.

use anxin_domain::gate::{Direction, GateNameProblem, MAX_GATE_NAME_CHARS};
use leptos::prelude::*;

use crate::state::gate::use_gate;
use crate::state::use_i18n;

#[component]
pub fn GateSetup() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let typed = RwSignal::new(gate.settings.get_untracked().gate);
    let problem = RwSignal::new(None::<GateNameProblem>);
    let t = move || i18n.texts().gate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(gate.set_gate(&typed.get_untracked()).err());
    };
    let direction = move |d: Direction| {
        view! {
            <button
                type="button"
                class="choice"
                aria-pressed=move || (gate.direction.get() == d).to_string()
                data-testid=move || format!("gate-dir-{}", if d == Direction::In { "in" } else { "out" })
                on:click=move |_| gate.direction.set(d)
            >
                {move || t().direction(d)}
            </button>
        }
    };
    let error = move || {
        problem.get().map(|p| {
            let text = match p {
                GateNameProblem::Empty => t().gate_name_empty,
                GateNameProblem::TooLong => t().gate_name_too_long,
            };
            view! { <p class="field-error" id="gate-name-error" role="alert" data-testid="gate-name-error">{text}</p> }
        })
    };
    view! {
        <form class="gate-setup field" class:invalid=move || problem.get().is_some() on:submit=save>
            <label class="label" for="gate-name">{move || t().gate_label}</label>
            <div class="gate-row">
                <input
                    id="gate-name"
                    type="text"
                    data-testid="gate-name"
                    autocomplete="off"
                    enterkeyhint="done"
                    maxlength=MAX_GATE_NAME_CHARS.to_string()
                    placeholder=move || t().gate_hint
                    aria-invalid=move || problem.get().is_some().to_string()
                    aria-describedby=move || problem.get().map(|_| "gate-name-error")
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        problem.set(None);
                    }
                />
                <button type="submit" data-testid="gate-save">{move || t().gate_save}</button>
            </div>
            {error}
            <p class="hint" data-testid="gate-current">
                {move || {
                    let name = gate.settings.with(|s| s.gate.clone());
                    (!name.is_empty()).then(|| t().gate_saved.with(&name))
                }}
            </p>
        </form>
        <fieldset class="gate-direction">
            <legend>{move || t().direction_label}</legend>
            {direction(Direction::In)}
            {direction(Direction::Out)}
        </fieldset>
    }
}
