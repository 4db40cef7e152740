//! The forms of the report's actions (a reason for a person not received,
//! a send-back, a return) and the state of an action sent from here, next
//! to what it is about: saved on this phone, sending, delivered, or
//! refused with the server's reason.

use anxin_domain::report::{ReasonKind, Scope, MAX_NOTE_CHARS};
use chrono::NaiveDate;
use leptos::prelude::*;

use super::report_labels::{
    action_problem, action_text, delivery_key, delivery_text, note_count, reason_kind,
};
use crate::state::reports::{use_reports, ActionProblem, ActionView};
use crate::state::use_i18n;

/// Where the latest action about something stands.
#[component]
pub fn ActionState(
    #[prop(into)] action: Signal<Option<ActionView>>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    move || {
        let action = action.get()?;
        let t = i18n.texts();
        let delivery = reports.delivery_of(&action);
        let text = format!(
            "{}: {}",
            action_text(t.reports(), &action.action),
            delivery_text(t, &delivery)
        );
        Some(view! {
            <p class="action-state" class:refused=delivery_key(&delivery) == "rejected" role="status"
                data-testid=testid data-delivery=delivery_key(&delivery)>
                {text}
            </p>
        })
    }
}

/// A note with its label and a counter against the limit.
#[component]
fn NoteField(
    label: Signal<&'static str>,
    text: RwSignal<String>,
    testid: &'static str,
) -> impl IntoView {
    let count_id = format!("{testid}-count");
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <textarea data-testid=testid maxlength=MAX_NOTE_CHARS.to_string() rows="2"
                aria-describedby=count_id.clone()
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <span class="counter hint" id=count_id data-testid=format!("{testid}-count")>
                {move || note_count(&text.get())}
            </span>
        </label>
    }
}

/// The refusal of a form's action, next to it.
fn problem_line(problem: RwSignal<Option<ActionProblem>>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().map(|p| {
            view! { <p class="field-error" role="alert" data-testid=testid>{action_problem(i18n.texts(), p)}</p> }
        })
    }
}

/// A reason for a person not received: the kind, a note (required for
/// "other"), and for a leave the days it covers.
#[component]
pub fn ReasonForm(person_id: String, day: NaiveDate, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let kind = RwSignal::new(ReasonKind::Leave);
    let note = RwSignal::new(String::new());
    let from = RwSignal::new(day.to_string());
    let to = RwSignal::new(day.to_string());
    let problem = RwSignal::new(None::<ActionProblem>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let date = |s: RwSignal<String>| s.get_untracked().parse::<NaiveDate>().unwrap_or(day);
        let result = reports.record_reason(
            person_id.clone(),
            kind.get_untracked(),
            note.get_untracked(),
            date(from),
            date(to),
        );
        problem.set(result.err());
        if problem.get_untracked().is_none() {
            on_done.run(());
        }
    };
    let options = move || {
        let r = i18n.texts().reports();
        ReasonKind::ALL
            .into_iter()
            .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{reason_kind(r, k)}</option> })
            .collect_view()
    };
    let on_kind = move |ev| {
        let value = event_target_value(&ev);
        if let Some(k) = ReasonKind::ALL.into_iter().find(|k| k.as_str() == value) {
            kind.set(k);
        }
    };
    let note_label = Signal::derive(move || {
        let r = i18n.texts().reports();
        if kind.get() == ReasonKind::Other {
            r.note_required
        } else {
            r.note_optional
        }
    });
    let date_field = move |label: fn(&crate::i18n::ReportTexts) -> &'static str,
                           value: RwSignal<String>,
                           testid| {
        view! {
            <label class="field">
                <span class="label">{move || label(i18n.texts().reports())}</span>
                <input type="date" data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="report-form" data-testid="reason-form" novalidate on:submit=submit>
            <label class="field">
                <span class="label">{move || i18n.texts().reports().reason}</span>
                <select data-testid="reason-kind" on:change=on_kind>{options}</select>
            </label>
            <NoteField label=note_label text=note testid="reason-note"/>
            <div class="date-range" hidden=move || kind.get() != ReasonKind::Leave>
                {date_field(|r| r.leave_from, from, "reason-from")}
                {date_field(|r| r.leave_to, to, "reason-to")}
            </div>
            {problem_line(problem, "reason-problem")}
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="reason-submit">
                    {move || i18n.texts().reports().record_reason}
                </button>
                <button type="button" on:click=move |_| on_done.run(())>{move || i18n.texts().cancel}</button>
            </div>
        </form>
    }
}

/// Sends the declaration in force back, with a comment the person sees.
#[component]
pub fn SendBackForm(
    person_id: String,
    revision_id: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let comment = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ActionProblem>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result =
            reports.send_back(person_id.clone(), revision_id.clone(), comment.get_untracked());
        problem.set(result.err());
        if problem.get_untracked().is_none() {
            on_done.run(());
        }
    };
    let label = Signal::derive(move || i18n.texts().reports().send_back_comment);
    view! {
        <form class="report-form" data-testid="send-back-form" novalidate on:submit=submit>
            <NoteField label=label text=comment testid="send-back-comment"/>
            {problem_line(problem, "send-back-problem")}
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="send-back-submit">
                    {move || i18n.texts().reports().send_back}
                </button>
                <button type="button" on:click=move |_| on_done.run(())>{move || i18n.texts().cancel}</button>
            </div>
        </form>
    }
}

/// Returns a part's signed version to the level below, with a reason.
#[component]
pub fn ReturnForm(scope: Scope, version: u32, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ActionProblem>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(reports.return_report(scope.clone(), version, reason.get_untracked()).err());
        if problem.get_untracked().is_none() {
            on_done.run(());
        }
    };
    let label = Signal::derive(move || i18n.texts().reports().return_reason);
    view! {
        <form class="report-form" data-testid="return-form" novalidate on:submit=submit>
            <NoteField label=label text=reason testid="return-reason"/>
            {problem_line(problem, "return-problem")}
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="return-submit">
                    {move || i18n.texts().reports().return_version.with(version)}
                </button>
                <button type="button" on:click=move |_| on_done.run(())>{move || i18n.texts().cancel}</button>
            </div>
        </form>
    }
}
