//! "Return applications" in the report bundle: each application waiting
//! for the asker's step, a card of its own with approve, or refuse with a
//! reason (required; its refusal next to it). Decisions go through the
//! outbox. The list is keyed by application, so fetching it again after
//! a sync leaves the cards, and what is being typed in them, as they are.

use anxin_domain::campus_return::{ReturnToDecide, Transport};
use chrono::Datelike;
use leptos::prelude::*;

use super::{DecisionControls, DecisionHooks};
use crate::i18n::when::day_at;
use crate::school_clock::use_school_clock;
use crate::state::return_decisions::use_return_decisions;
use crate::state::use_i18n;

const HOOKS: DecisionHooks =
    DecisionHooks { approve: "return-approve", refuse: "return-refuse", reason: "return-reason" };

#[component]
pub fn ReportReturns() -> impl IntoView {
    let i18n = use_i18n();
    let decisions = use_return_decisions();
    view! {
        <section class="card report-returns" data-testid="report-returns">
            <h2>{move || i18n.texts().return_desk().title}</h2>
            <Show
                when=move || decisions.waiting.with(|w| !w.is_empty())
                fallback=move || view! { <p class="hint" data-testid="returns-none">{i18n.texts().return_desk().none}</p> }
            >
                <ul class="decision-list return-list">
                    <For each=move || decisions.waiting.get()
                        key=|item| item.application.request.application_id.clone() let:item>
                        <ReturnItem item=item/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ReturnItem(item: ReturnToDecide) -> impl IntoView {
    let i18n = use_i18n();
    let decisions = use_return_decisions();
    let clock = use_school_clock();
    let id = item.application.request.application_id.clone();
    let decide = {
        let id = id.clone();
        Callback::new(move |(approve, reason): (bool, String)| {
            decisions.decide(&id, approve, &reason)
        })
    };
    let refused = {
        let id = id.clone();
        Signal::derive(move || decisions.refusal(&id))
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
    let planned_on = item.application.request.planned_on;
    let planned = move || {
        let day = day_at(planned_on, i18n.lang(), clock.today().year());
        i18n.texts().return_desk().planned_on.with(&day)
    };
    let from = item.application.request.from_where.clone();
    let class_name = item.class_name.clone();
    view! {
        <li class="decision-item return-item" data-testid="return-item">
            <p class="item-head"><strong>{item.name.clone()}</strong><span class="item-meta">{class_name}</span></p>
            <p>{planned}</p>
            <p>{move || i18n.texts().return_desk().from_where.with(&from)}</p>
            <p>{transport}</p>
            {advisor.map(|name| view! { <p class="hint">{move || i18n.texts().return_desk().advisor_agreed.with(&name)}</p> })}
            <Show
                when=move || !done()
                fallback=move || view! { <p class="notice" role="status" data-testid="return-queued">{move || i18n.texts().decision().queued}</p> }
            >
                <DecisionControls drafts=decisions.drafts id=id.clone() hooks=HOOKS decide=decide
                    refused=refused/>
            </Show>
        </li>
    }
}
