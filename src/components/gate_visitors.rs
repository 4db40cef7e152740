//! Visitors and vehicles at the gate: looked up by name, phone or plate in
//! the day's approved list (kept on the phone), each passing recorded with
//! the temperature; anyone not on the list is refused, and the refusal is
//! recorded with what was typed.

use anxin_domain::declaration::Temperature;
use anxin_domain::gate::GateDecision;
use anxin_domain::visitor::GateVisitor;
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
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        gate.look_up_visitor(&typed.get_untracked());
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
            <form class="gate-lookup" on:submit=look_up>
                <label for="gate-visitor">{move || t().visitor_label}</label>
                <div class="gate-row">
                    <input id="gate-visitor" data-testid="gate-visitor" autocomplete="off" maxlength="40"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="gate-visitor-look-up">{move || t().visitor_look_up}</button>
                </div>
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
    let plate =
        visitor.plate.clone().map(|p| view! { <p>{move || t().visitor_plate.with(&p)}</p> });
    view! {
        <article class="card gate-visitor" data-testid="gate-visitor-card">
            <p class="pass-person"><strong>{visitor.name.clone()}</strong></p>
            <p>{move || t().visitor_host.with(&visitor.host_name, &visitor.host_department)}</p>
            {plate}
            <label for=field.clone()>{move || t().temperature_label}</label>
            <input id=field data-testid="gate-visitor-temperature" inputmode="decimal" maxlength="5"
                prop:value=move || reading.get() on:input=move |ev| reading.set(event_target_value(&ev))/>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
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
