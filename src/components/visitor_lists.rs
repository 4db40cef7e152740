//! The host's own registrations and their state, and the office's list of
//! registrations to approve or refuse (with a reason).

use anxin_domain::visitor::VisitorRegistration;
use leptos::prelude::*;

use crate::state::use_i18n;
use crate::state::visitors::{use_visitors, VisitorFormProblem};

fn summary(r: &VisitorRegistration) -> String {
    let plate = r.request.plate.as_deref().map(|p| format!(" · {p}")).unwrap_or_default();
    format!("{} · {}{plate} · {}", r.request.day, r.request.name, r.request.reason)
}

#[component]
pub fn MyVisitors() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let rows = move || {
        let v = i18n.texts().visitors();
        visitors
            .mine
            .get()
            .into_iter()
            .map(|r| {
                let reason = r.decision_reason.clone();
                view! {
                    <li data-testid="my-visitor">
                        <span>{summary(&r)}</span>" — "<strong>{v.status(r.status)}</strong>
                        {reason.map(|why| view! { <span>" ("{why}")"</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" data-testid="my-visitors">
            <h2>{move || i18n.texts().visitors().mine_title}</h2>
            <Show when=move || visitors.mine.with(|m| !m.is_empty())
                fallback=move || view! { <p>{move || i18n.texts().visitors().mine_none}</p> }>
                <ul>{rows}</ul>
            </Show>
        </section>
    }
}

#[component]
fn PendingItem(registration: VisitorRegistration) -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let reason = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<&'static str>);
    let id = registration.request.visitor_id.clone();
    let decide = move |approve: bool| {
        let t = i18n.texts();
        match visitors.decide(id.clone(), approve, reason.get_untracked()) {
            Ok(()) => refusal.set(None),
            Err(VisitorFormProblem::Decision(code)) => refusal.set(Some(t.report_refusal(code))),
            Err(_) => refusal.set(Some(t.visitors().not_saved)),
        }
    };
    let decide_too = decide.clone();
    let host = format!("{} ({})", registration.host_name, registration.host_department);
    view! {
        <li class="visitor-pending" data-testid="pending-visitor">
            <p>{summary(&registration)}</p>
            <p>{move || i18n.texts().visitors().host}": "{host}</p>
            <button type="button" data-testid="visitor-approve" on:click=move |_| decide(true)>
                {move || i18n.texts().visitors().approve}
            </button>
            <label class="field">
                <span class="label">{move || i18n.texts().visitors().refuse_reason}</span>
                <textarea data-testid="visitor-refuse-reason" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {move || refusal.get().map(|r| view! { <span class="field-error" role="alert">{r}</span> })}
            </label>
            <button type="button" data-testid="visitor-refuse" on:click=move |_| decide_too(false)>
                {move || i18n.texts().visitors().refuse_send}
            </button>
        </li>
    }
}

#[component]
pub fn PendingVisitorsList() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let rows = move || {
        let decided = visitors.decided.get();
        let list = visitors.pending.get().map(|p| p.visitors).unwrap_or_default();
        let waiting: Vec<_> =
            list.into_iter().filter(|r| !decided.contains(&r.request.visitor_id)).collect();
        if waiting.is_empty() {
            return view! { <p>{move || i18n.texts().visitors().office_none}</p> }.into_any();
        }
        let items =
            waiting.into_iter().map(|r| view! { <PendingItem registration=r/> }).collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    view! {
        <section class="card" data-testid="pending-visitors">
            <h2>{move || i18n.texts().visitors().office_title}</h2>
            <button type="button" data-testid="pending-refresh" on:click=move |_| visitors.refresh()
                disabled=move || visitors.loading.get()>
                {move || i18n.texts().visitors().office_refresh}
            </button>
            {move || visitors.problem.get().map(|_| view! {
                <p class="notice warning" role="status">{i18n.texts().visitors().office_offline}</p>
            })}
            {rows}
        </section>
    }
}
