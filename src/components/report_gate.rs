//! Each gate's figures of the day in an office's report (entries, exits,
//! refusals, fevers found, referrals to the clinic), and, on a person's
//! card, their isolation observation with the office's way to end it.

use anxin_domain::gate::GateFigures;
use anxin_domain::report::Scope;
use leptos::prelude::*;

use super::report_labels::action_problem;
use crate::state::reports::{use_reports, ActionProblem};
use crate::state::use_i18n;

#[component]
pub fn ReportGate() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    move || {
        let gates: Vec<GateFigures> =
            reports.shown.with(|s| s.as_ref().map(|s| s.report.gate.clone()).unwrap_or_default());
        (!gates.is_empty()).then(|| {
            let r = i18n.texts().reports();
            let head = r.gate_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view();
            let rows = gates
                .into_iter()
                .map(|g| {
                    view! {
                        <tr data-testid="gate-figures">
                            <th scope="row">{g.gate}</th>
                            <td>{g.entries}</td>
                            <td>{g.exits}</td>
                            <td>{g.refusals}</td>
                            <td>{g.fevers}</td>
                            <td>{g.referrals}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="card report-gate">
                    <h2>{r.gate_title}</h2>
                    <div class="table-scroll">
                        <table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
                    </div>
                </section>
            }
        })
    }
}

/// The observation note, and for an office the way to end it.
#[component]
pub fn ObservationControls(person_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let r = move || i18n.texts().reports();
    let office = move || {
        reports.selected.with(|s| matches!(s, Some(Scope::Department(_)) | Some(Scope::School)))
    };
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ActionProblem>);
    let queued = RwSignal::new(false);
    let field = StoredValue::new(format!("end-observation-{person_id}"));
    let id = StoredValue::new(person_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = id.with_value(|id| reports.end_observation(id, &reason.get_untracked()));
        queued.set(result.is_ok());
        problem.set(result.err());
        if queued.get_untracked() {
            open.set(false);
        }
    };
    let error = move || {
        problem.get().map(|p| {
            view! { <p class="field-error" role="alert">{action_problem(i18n.texts(), p)}</p> }
        })
    };
    view! {
        <p class="notice warning" data-testid="in-observation">{move || r().in_observation}</p>
        <Show when=move || office() && !queued.get()>
            <button type="button" data-testid="end-observation-open" on:click=move |_| open.set(true)>
                {move || r().end_observation}
            </button>
        </Show>
        <Show when=move || open.get()>
            <form class="report-form" data-testid="end-observation-form" novalidate on:submit=submit>
                <label class="field" for=field.get_value()>
                    <span class="label">{move || r().end_observation_reason}</span>
                </label>
                <textarea id=field.get_value() data-testid="end-observation-reason" maxlength="500"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {error}
                <button type="submit" class="primary" data-testid="end-observation-send">{move || r().end_observation_send}</button>
            </form>
        </Show>
        <Show when=move || queued.get()>
            <p class="hint" role="status" data-testid="end-observation-queued">{move || r().end_observation_queued}</p>
        </Show>
    }
}
