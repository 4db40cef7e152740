//! The person's return to campus on the pass page: where their latest
//! application stands and, while they are off campus with none waiting,
//! the form to apply (each field labelled, its refusal next to it).

use anxin_domain::campus_return::{ReturnField, ReturnProblem, ReturnRequest, Transport};
use anxin_domain::clock_text::parse_day;
use anxin_domain::delivery::Delivery;
use anxin_domain::ErrorCode;
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;

use super::choice::index_of;
use super::{Choice, FieldError};
use crate::declaring::{new_id, school_now};
use crate::i18n::returns::ReturnTexts;
use crate::i18n::when::day_at;
use crate::i18n::Lang;
use crate::state::returns::use_returns;
use crate::state::use_i18n;

fn problem_text(t: &ReturnTexts, problem: ReturnProblem) -> &'static str {
    match (problem.field, problem.code) {
        (ReturnField::PlannedOn, _) => t.bad_date,
        (ReturnField::FromWhere, ErrorCode::TextRequired) => t.from_required,
        (ReturnField::Confirmation, _) => t.confirm_required,
        _ => t.too_long,
    }
}

/// A stored day (`2026-12-02`) as the person reads days ("12月2日").
fn written_day(stored: &str, lang: Lang) -> String {
    match parse_day(stored) {
        Some(day) => day_at(day, lang, school_now().0.year()),
        None => stored.to_owned(),
    }
}

/// Where the latest application stands, in words (`None`: nothing to say).
fn standing(lang: Lang) -> Option<(String, bool)> {
    let t = lang.texts();
    let stored = use_returns().stored.get();
    let r = t.returns();
    if let Some(application) = stored.answered() {
        // The wire names of `ReturnState` (tested in `storage::returns`).
        let refused = application.state == "refused";
        let text = match application.state.as_str() {
            "awaiting_advisor" => r.waiting_advisor.to_owned(),
            "awaiting_office" => r.waiting_office.to_owned(),
            "approved" => r.approved.with(&written_day(&application.planned_on, lang)),
            _ => {
                let reason = application.refusal_reason.as_deref().unwrap_or("");
                r.refused.with(reason)
            }
        };
        let may_apply_again = refused;
        return Some((text, may_apply_again));
    }
    let (_, delivery) = stored.sent?;
    let text = match &delivery {
        Delivery::Rejected { code } => r.rejection(t, code).to_owned(),
        other => t.delivery(other).to_owned(),
    };
    Some((text, matches!(delivery, Delivery::Rejected { .. })))
}

#[component]
pub fn ReturnToCampus() -> impl IntoView {
    let i18n = use_i18n();
    let returns = use_returns();
    returns.read();
    let state = Memo::new(move |_| standing(i18n.lang()));
    let show_form = move || returns.off_campus.get() && state.get().is_none_or(|(_, again)| again);
    view! {
        {move || state.get().map(|(text, _)| view! {
            <p class="notice" role="status" data-testid="return-state">{text}</p>
        })}
        <Show when=show_form>
            <ReturnForm/>
        </Show>
    }
}

#[component]
fn ReturnForm() -> impl IntoView {
    let i18n = use_i18n();
    let returns = use_returns();
    let today = school_now().0;
    let planned = RwSignal::new(today.to_string());
    let from = RwSignal::new(String::new());
    let transport = RwSignal::new(None::<Transport>);
    let detail = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<ReturnProblem>::new());
    let error = move |field: ReturnField| {
        Signal::derive(move || {
            let t = i18n.texts().returns();
            problems.get().into_iter().find(|p| p.field == field).map(|p| problem_text(t, p))
        })
    };
    let transport_missing = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Every problem at once, each next to its field: a transport not
        // chosen yet does not hide the others.
        let picked = transport.get_untracked();
        transport_missing.set(picked.is_none());
        let request = ReturnRequest {
            application_id: new_id(),
            // An unreadable date is before any day: refused as a bad date.
            planned_on: planned.get_untracked().parse().unwrap_or(NaiveDate::MIN),
            from_where: from.get_untracked().trim().to_owned(),
            transport: picked.unwrap_or(Transport::ALL[0]),
            transport_detail: detail.get_untracked().trim().to_owned(),
            symptom_free_14_days: confirmed.get_untracked(),
        };
        let found = request.problems(school_now().0);
        let fine = found.is_empty() && picked.is_some();
        problems.set(found);
        if fine {
            returns.apply(request);
        }
    };
    let max = (today + Duration::days(anxin_domain::campus_return::MAX_DAYS_AHEAD)).to_string();
    view! {
        <form class="card return-form" data-testid="return-form" on:submit=submit novalidate>
            <h2>{move || i18n.texts().returns().title}</h2>
            <p class="hint">{move || i18n.texts().returns().intro}</p>
            <label class="field" data-field="planned_on">
                <span class="label">{move || i18n.texts().returns().planned_on}</span>
                <input type="date" data-testid="return-date" min=today.to_string() max=max
                    prop:value=move || planned.get()
                    on:input=move |ev| planned.set(event_target_value(&ev))/>
                <FieldError error=error(ReturnField::PlannedOn)/>
            </label>
            <label class="field" data-field="from_where">
                <span class="label">{move || i18n.texts().returns().from_where}</span>
                <input type="text" data-testid="return-from" prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev))/>
                <FieldError error=error(ReturnField::FromWhere)/>
            </label>
            <Choice
                name="transport"
                label=Signal::derive(move || i18n.texts().returns().transport)
                options=Signal::derive(move || i18n.texts().returns().transports.to_vec())
                selected=Signal::derive(move || index_of(&Transport::ALL, transport.get()))
                on_pick=Callback::new(move |i: usize| {
                    transport.set(Transport::ALL.get(i).copied());
                    transport_missing.set(false);
                })
                error=Signal::derive(move || transport_missing.get().then(|| i18n.texts().problem_required))
            />
            <label class="field" data-field="transport_detail">
                <span class="label">{move || i18n.texts().returns().transport_detail}</span>
                <input type="text" data-testid="return-detail" prop:value=move || detail.get()
                    on:input=move |ev| detail.set(event_target_value(&ev))/>
                <FieldError error=error(ReturnField::TransportDetail)/>
            </label>
            <label class="field check" data-field="confirmation">
                <input type="checkbox" data-testid="return-confirm" prop:checked=move || confirmed.get()
                    on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                <span>{move || i18n.texts().returns().confirm}</span>
            </label>
            <FieldError error=error(ReturnField::Confirmation)/>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="return-submit">{move || i18n.texts().returns().send}</button>
            </div>
        </form>
    }
}
