//! Visitors and vehicles at the gate: looked up by name, phone or plate in
//! the day's approved list (kept on the phone), each shown with what the
//! guard checks them by (the id card's last four, the phone masked) and
//! each passing recorded with the temperature; anyone not on the list is
//! refused, and the refusal is recorded with what was typed. A search too
//! short to say anything is answered next to the field, not refused.

use anxin_domain::declaration::Temperature;
use anxin_domain::gate::GateDecision;
use anxin_domain::visitor::{masked_phone, GateVisitor, SearchProblem, MAX_NAME_CHARS};
use leptos::prelude::*;

use crate::state::gate::{use_gate, VisitorProblem};
use crate::state::{use_directory, use_i18n};

#[component]
pub fn GateVisitors() -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let t = move || i18n.texts().gate();
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<VisitorProblem>);
    let search_problem = RwSignal::new(None::<SearchProblem>);
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        search_problem.set(gate.look_up_visitor(&typed.get_untracked()).err());
    };
    let search_error = move || {
        search_problem.get().map(|p| {
            let text = match p {
                SearchProblem::Empty => t().visitor_query_empty,
                SearchProblem::TooFewDigits => t().visitor_query_digits,
            };
            view! { <p class="field-error" id="gate-visitor-error" role="alert" data-testid="gate-visitor-error">{text}</p> }
        })
    };
    let refuse = move |_| {
        let text = gate.visitor_search.with_untracked(|s| s.as_ref().map(|(t, _)| t.clone()));
        problem.set(gate.refuse_unregistered(&text.unwrap_or_default()).err());
    };
    let results = move || {
        gate.visitor_search.get().map(|(_, found)| {
            if found.is_empty() {
                view! {
                    <p class="notice error" role="alert" data-testid="gate-visitor-none">{t().visitor_none}</p>
                    <button type="button" class="danger" data-testid="gate-visitor-refuse" on:click=refuse>
                        {t().visitor_refuse_unregistered}
                    </button>
                }
                .into_any()
            } else {
                found.into_iter().map(|v| view! { <VisitorCard visitor=v/> }).collect_view().into_any()
            }
        })
    };
    let error = move || {
        problem.get().map(|p| {
            let text = match p {
                VisitorProblem::Refused(_) => t().visitor_text_required,
                VisitorProblem::NotSaved => t().not_saved,
            };
            view! { <p class="field-error" role="alert">{text}</p> }
        })
    };
    view! {
        <section class="gate-visitors">
            <h2>{move || t().visitors_title}</h2>
            <p class="hint">{move || t().visitors_count.with(gate.visitors.with(Vec::len))}</p>
            <form class="gate-lookup field" class:invalid=move || search_problem.get().is_some() on:submit=look_up>
                <label class="label" for="gate-visitor">{move || t().visitor_label}</label>
                <div class="gate-row">
                    <input id="gate-visitor" type="text" data-testid="gate-visitor" autocomplete="off"
                        spellcheck="false" enterkeyhint="search" maxlength=MAX_NAME_CHARS.to_string()
                        aria-invalid=move || search_problem.get().is_some().to_string()
                        aria-describedby=move || search_problem.get().map(|_| "gate-visitor-error")
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            typed.set(event_target_value(&ev));
                            search_problem.set(None);
                        }/>
                    <button type="submit" data-testid="gate-visitor-look-up">{move || t().visitor_look_up}</button>
                </div>
                {search_error}
            </form>
            {results}
            {error}
        </section>
    }
}

#[component]
fn VisitorCard(visitor: GateVisitor) -> impl IntoView {
    let i18n = use_i18n();
    let gate = use_gate();
    let directory = use_directory();
    let t = move || i18n.texts().gate();
    let reading = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let field = format!("gate-visitor-t-{}", visitor.visitor_id);
    let parsed = move || Temperature::parse(&reading.get());
    let fever = move || {
        parsed().is_some_and(|r| directory.directory.with(|d| d.rules.is_fever(r.tenths())))
    };
    let shown = StoredValue::new(visitor.clone());
    let decide = move |decision: GateDecision| {
        let text = reading.get_untracked();
        let temperature = Temperature::parse(&text);
        if temperature.is_none() {
            let t = t();
            problem.set(Some(if text.trim().is_empty() {
                t.problem_temperature_missing
            } else {
                t.temperature_not_number
            }));
            return;
        }
        let result = shown.with_value(|v| gate.record_visitor(v, temperature, decision));
        problem.set(match result {
            Ok(()) => None,
            Err(VisitorProblem::Refused(_)) => Some(t().problem_temperature_range),
            Err(VisitorProblem::NotSaved) => Some(t().not_saved),
        });
    };
    let plate = visitor.plate.clone().map(|p| {
        view! { <p data-testid="gate-visitor-plate">{move || t().visitor_plate.with(&p)}</p> }
    });
    let phone = masked_phone(&visitor.phone);
    view! {
        <article class="card gate-visitor" data-testid="gate-visitor-card">
            <p class="pass-person"><strong>{visitor.name.clone()}</strong></p>
            <p data-testid="gate-visitor-id-last4">{move || t().visitor_id_last4.with(&visitor.id_last4)}</p>
            <p data-testid="gate-visitor-phone">{move || t().visitor_phone.with(&phone)}</p>
            <p>{move || t().visitor_host.with(&visitor.host_name, &visitor.host_department)}</p>
            {plate}
            <div class="field gate-reading" class:invalid=move || problem.get().is_some()>
                <label class="label" for=field.clone()>{move || t().temperature_label}</label>
                <input id=field type="text" data-testid="gate-visitor-temperature" inputmode="decimal"
                    autocomplete="off" enterkeyhint="done" maxlength="5"
                    aria-invalid=move || problem.get().is_some().to_string()
                    prop:value=move || reading.get()
                    on:input=move |ev| { reading.set(event_target_value(&ev)); problem.set(None); }/>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </div>
            {move || fever().then(|| view! { <p class="notice error" role="alert">{t().visitor_fever}</p> })}
            <div class="gate-decision">
                <Show when=move || !fever()>
                    <button type="button" class="primary" data-testid="gate-visitor-admit"
                        on:click=move |_| decide(GateDecision::Admitted)>{move || t().decide_admit}</button>
                </Show>
                <button type="button" data-testid="gate-visitor-refuse-entry"
                    on:click=move |_| decide(GateDecision::Refused)>{move || t().decide_refuse}</button>
            </div>
        </article>
    }
}
