//! "Return applications" in the report bundle: each application waiting
//! for the asker's step, with approve, or refuse with a reason (required;
//! its refusal next to it). Decisions go through the outbox.

use anxin_domain::campus_return::{ReturnToDecide, Transport};
use anxin_domain::ErrorCode;
use leptos::prelude::*;

use super::FieldError;
use crate::state::return_decisions::use_return_decisions;
use crate::state::use_i18n;

#[component]
pub fn ReportReturns() -> impl IntoView {
    let i18n = use_i18n();
    let decisions = use_return_decisions();
    let items = move || {
        decisions
            .waiting
            .get()
            .into_iter()
            .map(|item| view! { <ReturnItem item=item/> })
            .collect_view()
    };
    view! {
        <section class="card report-returns" data-testid="report-returns">
            <h2>{move || i18n.texts().return_desk().title}</h2>
            <Show
                when=move || decisions.waiting.with(|w| !w.is_empty())
                fallback=move || view! { <p class="hint" data-testid="returns-none">{i18n.texts().return_desk().none}</p> }
            >
                <ul class="return-list">{items}</ul>
            </Show>
        </section>
    }
}

#[component]
fn ReturnItem(item: ReturnToDecide) -> impl IntoView {
    let i18n = use_i18n();
    let decisions = use_return_decisions();
    let id = item.application.request.application_id.clone();
    let reason = RwSignal::new(String::new());
    let local = RwSignal::new(None::<ErrorCode>);
    let decide = {
        let id = id.clone();
        move |approve: bool| {
            local.set(decisions.decide(&id, approve, &reason.get_untracked()).err())
        }
    };
    let (approve, refuse) = (decide.clone(), decide);
    let error = {
        let id = id.clone();
        Signal::derive(move || {
            let t = i18n.texts();
            let d = t.return_desk();
            match local.get().or_else(|| decisions.refusal(&id)) {
                Some(ErrorCode::TextRequired) => Some(d.reason_required),
                Some(ErrorCode::TextTooLong) => Some(d.reason_too_long),
                Some(code) => Some(t.report_refusal(code)),
                None => None,
            }
        })
    };
    let done = {
        let id = id.clone();
        move || decisions.decided_here(&id)
    };
    let request = item.application.request.clone();
    let advisor = item.application.advisor.clone().filter(|d| d.approve).map(|d| d.by_name);
    let transport = move || {
        let t = i18n.texts();
        let index = Transport::ALL.iter().position(|x| *x == request.transport).unwrap_or(0);
        let how = t.returns().transports[index];
        let how = if request.transport_detail.is_empty() {
            how.to_owned()
        } else {
            format!("{how} {}", request.transport_detail)
        };
        t.return_desk().transport.with(&how)
    };
    let planned = item.application.request.planned_on.to_string();
    let from = item.application.request.from_where.clone();
    let class_name = item.class_name.clone();
    view! {
        <li class="return-item" data-testid="return-item">
            <p><strong>{item.name.clone()}</strong>" · "{class_name}</p>
            <p>{move || i18n.texts().return_desk().planned_on.with(&planned)}</p>
            <p>{move || i18n.texts().return_desk().from_where.with(&from)}</p>
            <p>{transport}</p>
            {advisor.map(|name| view! { <p class="hint">{move || i18n.texts().return_desk().advisor_agreed.with(&name)}</p> })}
            <Show
                when=move || !done()
                fallback=move || view! { <p class="notice" role="status" data-testid="return-queued">{i18n.texts().delivery_saved}</p> }
            >
                <label class="field" data-field="return-reason">
                    <span class="label">{move || i18n.texts().return_desk().refusal_reason}</span>
                    <textarea data-testid="return-reason" rows="2" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                <FieldError error=error/>
                <div class="form-actions">
                    <button type="button" data-testid="return-approve" on:click={let a = approve.clone(); move |_| a(true)}>
                        {move || i18n.texts().return_desk().approve}
                    </button>
                    <button type="button" class="secondary" data-testid="return-refuse" on:click={let r = refuse.clone(); move |_| r(false)}>
                        {move || i18n.texts().return_desk().refuse}
                    </button>
                </div>
            </Show>
        </li>
    }
}
