//! The host's own registrations and their state, and the office's list of
//! registrations to approve or refuse (with a reason), each a card of its
//! own, which says so once decided here until the list is fetched again.
//! The office's list is keyed by registration, so fetching it again
//! leaves the cards, and a refusal being typed in one, as they are.

use anxin_domain::visitor::{VisitorRegistration, VisitorStatus};
use chrono::Datelike;
use leptos::prelude::*;

use super::{DecisionControls, DecisionHooks};
use crate::i18n::when::day_at;
use crate::school_clock::use_school_clock;
use crate::state::use_i18n;
use crate::state::visitors::use_visitors;

const HOOKS: DecisionHooks = DecisionHooks {
    approve: "visitor-approve",
    refuse: "visitor-refuse",
    reason: "visitor-refuse-reason",
};

/// The visit: its day and the plate (kept on one line), then its reason.
#[component]
fn VisitFacts(registration: VisitorRegistration) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_school_clock();
    let day = registration.request.day;
    let day = move || day_at(day, i18n.lang(), clock.today().year());
    let plate = registration.request.plate.clone().map(|p| {
        view! { " · "<span class="plate">{p}</span> }
    });
    view! {
        <p>{day}{plate}</p>
        <p class="visit-reason">{registration.request.reason.clone()}</p>
    }
}

fn status_hook(status: VisitorStatus) -> &'static str {
    match status {
        VisitorStatus::Pending => "pending",
        VisitorStatus::Approved => "approved",
        VisitorStatus::Refused => "refused",
    }
}

#[component]
pub fn MyVisitors() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let rows = move || {
        visitors
            .mine
            .get()
            .into_iter()
            .map(|r| {
                let status = r.status;
                let why = r.decision_reason.clone().map(|why| {
                    view! { <p class="hint">{move || i18n.texts().visitors().decision_reason.with(&why)}</p> }
                });
                view! {
                    <li class="decision-item visitor-item" data-testid="my-visitor"
                        data-status=status_hook(status)>
                        <p class="item-head">
                            <strong>{r.request.name.clone()}</strong>
                            <span class="item-state">{move || i18n.texts().visitors().status(status)}</span>
                        </p>
                        <VisitFacts registration=r/>
                        {why}
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
                <ul class="decision-list">{rows}</ul>
            </Show>
        </section>
    }
}

#[component]
fn PendingItem(registration: VisitorRegistration) -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let id = registration.request.visitor_id.clone();
    let decide = {
        let id = id.clone();
        Callback::new(move |(approve, reason): (bool, String)| {
            visitors.decide(id.clone(), approve, reason)
        })
    };
    let decided = {
        let id = id.clone();
        move || visitors.decided.with(|d| d.contains(&id))
    };
    let (host, department) = (registration.host_name.clone(), registration.host_department.clone());
    view! {
        <li class="decision-item visitor-item" data-testid="pending-visitor">
            <p class="item-head"><strong>{registration.request.name.clone()}</strong></p>
            <VisitFacts registration=registration/>
            <p class="hint">{move || i18n.texts().visitors().host.with(&host, &department)}</p>
            <Show
                when=move || !decided()
                fallback=move || view! { <p class="notice" role="status" data-testid="visitor-queued">{move || i18n.texts().decision().queued}</p> }
            >
                <DecisionControls drafts=visitors.drafts id=id.clone() hooks=HOOKS decide=decide/>
            </Show>
        </li>
    }
}

#[component]
pub fn PendingVisitorsList() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let waiting = move || visitors.pending.get().map(|p| p.visitors).unwrap_or_default();
    let none = move || visitors.pending.with(|p| p.as_ref().is_none_or(|p| p.visitors.is_empty()));
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
            <Show when=move || !none()
                fallback=move || view! { <p>{move || i18n.texts().visitors().office_none}</p> }>
                <ul class="decision-list">
                    <For each=waiting key=|r| r.request.visitor_id.clone() let:registration>
                        <PendingItem registration=registration/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
