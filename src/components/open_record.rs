//! The school office opens a person's declarations beyond the abnormal
//! names its report shows (SPEC §7): the school id and a typed reason
//! first; the server logs the read with the reason, and the person sees
//! it in their own data. Online only; the newest day first.

use anxin_domain::oversight::PersonDeclarations;
use anxin_domain::privacy::staff_reads::check_read_reason;
use anxin_domain::profile::is_valid_person_id;
use anxin_domain::report::Scope;
use anxin_domain::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::issue_code::Problem;
use super::report_people::answer_facts;
use super::FieldError;
use crate::account::use_account;
use crate::i18n::local_instant;
use crate::state::reports::use_reports;
use crate::state::{use_connectivity, use_i18n};
use crate::sync::reports::open_declarations;

/// Why the reason was refused, by the phone or by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReasonProblem {
    Required,
    TooLong,
}

/// Why the record was not opened, next to the school id.
fn id_problem_text(t: &'static crate::i18n::Texts, problem: Problem) -> &'static str {
    match problem {
        Problem::NotYours => t.reports().open_not_allowed,
        Problem::Failed => t.reports().open_failed,
        Problem::Offline => t.reports().open_offline,
        other => other.text(t),
    }
}

/// For the school office only (the scope it reads is the school's).
#[component]
pub fn OpenRecordCard() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let reports = use_reports();
    let connectivity = use_connectivity();
    let may = move || reports.scopes.with(|s| s.contains(&Scope::School));
    let id = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let id_problem = RwSignal::new(None::<Problem>);
    let reason_problem = RwSignal::new(None::<ReasonProblem>);
    let opened = RwSignal::new(None::<PersonDeclarations>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person_id = id.get_untracked().trim().to_owned();
        let why = reason.get_untracked();
        opened.set(None);
        let bad_id = !is_valid_person_id(&person_id);
        id_problem.set(bad_id.then_some(Problem::InvalidId));
        // The server's own rule for the reason (`check_read_reason`).
        let bad_reason = match check_read_reason(&why) {
            Ok(_) => None,
            Err(ErrorCode::TextTooLong) => Some(ReasonProblem::TooLong),
            Err(_) => Some(ReasonProblem::Required),
        };
        reason_problem.set(bad_reason);
        if bad_id || bad_reason.is_some() {
            return;
        }
        let Some(token) = account.session.get_untracked().and_then(|s| s.token) else { return };
        busy.set(true);
        spawn_local(async move {
            let answer = open_declarations(&person_id, &why, &token).await;
            busy.set(false);
            match answer {
                // A reason covers one record: the next one asks again.
                Ok(record) => {
                    opened.set(Some(record));
                    id.set(String::new());
                    reason.set(String::new());
                }
                Err(err) => match err.code() {
                    Some(ErrorCode::TextTooLong) => {
                        reason_problem.set(Some(ReasonProblem::TooLong))
                    }
                    Some(ErrorCode::TextRequired) => {
                        reason_problem.set(Some(ReasonProblem::Required))
                    }
                    _ => id_problem.set(Some(Problem::of(&err))),
                },
            }
        });
    };
    let id_error =
        Signal::derive(move || id_problem.get().map(|p| id_problem_text(i18n.texts(), p)));
    let reason_error = Signal::derive(move || {
        let r = i18n.texts().reports();
        reason_problem.get().map(|p| match p {
            ReasonProblem::Required => r.open_reason_required,
            ReasonProblem::TooLong => r.open_reason_too_long,
        })
    });
    let record = move || {
        opened.get().map(|record| {
            let t = i18n.texts();
            let lang = i18n.lang();
            let days = record
                .revisions
                .iter()
                .rev()
                .map(|r| {
                    let filed = local_instant(r.received_at, lang);
                    view! {
                        <li>
                            <h3>{r.day.to_string()}" · "{filed}</h3>
                            {answer_facts(t, &r.answers)}
                        </li>
                    }
                })
                .collect_view();
            let empty = record.revisions.is_empty().then_some(t.reports().open_none);
            view! {
                <section data-testid="opened-record" role="status">
                    <h3>{record.name.clone()}" "{record.person_id.clone()}</h3>
                    <p class="hint">{empty}</p>
                    <ul class="bookings">{days}</ul>
                </section>
            }
        })
    };
    view! {
        <Show when=may>
            <form class="card" novalidate on:submit=on_submit data-testid="open-record-form">
                <h2>{move || i18n.texts().reports().open_title}</h2>
                <p class="hint">{move || i18n.texts().reports().open_intro}</p>
                <label class="field" class:invalid=move || id_problem.get().is_some() data-field="open_person">
                    <span class="label">{move || i18n.texts().account_id}</span>
                    <input
                        type="text"
                        name="open_person"
                        data-testid="open-person"
                        autocomplete="off"
                        prop:value=move || id.get()
                        on:input=move |ev| id.set(event_target_value(&ev))
                    />
                    <FieldError error=id_error/>
                </label>
                <label class="field" class:invalid=move || reason_problem.get().is_some() data-field="open_reason">
                    <span class="label">{move || i18n.texts().reports().open_reason}</span>
                    <input
                        type="text"
                        name="open_reason"
                        data-testid="open-reason"
                        maxlength="200"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                    <FieldError error=reason_error/>
                </label>
                <p class="hint" hidden=move || connectivity.online.get()>
                    {move || i18n.texts().reports().open_offline}
                </p>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="open-submit"
                        disabled=move || busy.get() || !connectivity.online.get()>
                        {move || i18n.texts().reports().open_submit}
                    </button>
                </div>
                {record}
            </form>
        </Show>
    }
}
