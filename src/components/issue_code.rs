//! Advisors and admins give a student the one-time code for their first
//! sign-in (or after a forgotten password): the server issues it for a
//! plain declarant of the advisor's classes (any, for an admin).

use anxin_domain::account::IssuedCode;
use anxin_domain::profile::is_valid_person_id;
use anxin_domain::roster::Role;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::use_account;
use crate::components::FieldError;
use crate::i18n::{local_date_time, Texts};
use crate::state::use_i18n;
use crate::sync::{issue_code, HttpError};

/// Why a code was not issued (also the class list's, in `class_codes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Problem {
    InvalidId,
    NotYours,
    NoOne,
    Offline,
    Failed,
}

impl Problem {
    pub(super) fn text(self, t: &Texts) -> &'static str {
        match self {
            Problem::InvalidId => t.reports().code_invalid_id,
            Problem::NotYours => t.reports().code_not_yours,
            Problem::NoOne => t.reports().code_no_one,
            Problem::Offline => t.sign_in_offline,
            Problem::Failed => t.sign_in_failed,
        }
    }

    pub(super) fn of(err: &HttpError) -> Self {
        match err {
            HttpError::Status { status: 403, .. } => Problem::NotYours,
            HttpError::Status { status: 404, .. } => Problem::NoOne,
            HttpError::Network => Problem::Offline,
            _ => Problem::Failed,
        }
    }
}

/// Shown to advisors and admins (the server decides for whom).
#[component]
pub fn IssueCodeCard() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let may = move || {
        account.session.with(|s| {
            s.as_ref().is_some_and(|s| {
                !s.ended()
                    && s.person.roles.iter().any(|r| matches!(r, Role::Advisor | Role::Admin))
            })
        })
    };
    let id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let issued = RwSignal::new(None::<IssuedCode>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person_id = id.get_untracked().trim().to_owned();
        issued.set(None);
        if !is_valid_person_id(&person_id) {
            problem.set(Some(Problem::InvalidId));
            return;
        }
        let Some(token) = account.session.get_untracked().and_then(|s| s.token) else { return };
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = issue_code(&person_id, &token).await;
            busy.set(false);
            match answer {
                Ok(code) => issued.set(Some(code)),
                Err(err) => problem.set(Some(Problem::of(&err))),
            }
        });
    };
    let error = Signal::derive(move || problem.get().map(|p| p.text(i18n.texts())));
    let result = move || {
        issued.get().map(|code| {
            let texts = i18n.texts();
            let until = local_date_time(&code.expires_at, i18n.lang());
            view! {
                <p class="notice" data-testid="issued-code" role="status">
                    {texts.reports().code_for}" "{code.person_id}": "
                    <strong class="code">{code.code}</strong>
                    <br/>{texts.reports().code_valid_until}" "{until}
                </p>
            }
        })
    };
    view! {
        <Show when=may>
            <form class="card" novalidate on:submit=on_submit data-testid="issue-code-form">
                <h2>{move || i18n.texts().reports().code_title}</h2>
                <p class="hint">{move || i18n.texts().reports().code_intro}</p>
                <label class="field" class:invalid=move || problem.get().is_some() data-field="code_person">
                    <span class="label">{move || i18n.texts().account_id}</span>
                    <input
                        type="text"
                        name="code_person"
                        data-testid="code-person"
                        autocomplete="off"
                        prop:value=move || id.get()
                        on:input=move |ev| id.set(event_target_value(&ev))
                    />
                    <FieldError error=error/>
                </label>
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="issue-code" disabled=move || busy.get()>
                        {move || i18n.texts().reports().code_issue}
                    </button>
                </div>
                {result}
            </form>
        </Show>
    }
}
