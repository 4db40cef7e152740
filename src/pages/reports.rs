//! The daily report (SPEC §2) for advisors and offices, the page of the
//! reports bundle (`reports.html`, at `/reports`): the scope and day, the
//! day at a glance, signing, reminding, the people and parts of the scope,
//! the 14-day trend and the CSV export. Offline it shows the last figures
//! fetched "as of HH:MM", and actions wait in the outbox.

use anxin_domain::report::Scope;
use anxin_domain::roster::Role;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::account::use_account;
use crate::components::{
    report_labels::{school_time, scope_name},
    server_problem, ClassCodesCard, IssueCodeCard, OpenRecordCard, PartsList, PeopleList,
    RemindControls, ReportGate, ReportReturns, ReportSummary, RetentionWarning, SignPanel,
    SignReminders, TrendChart,
};
use crate::i18n::local_instant;
use crate::i18n::when::day_at;
use crate::school_clock::use_school_clock;
use crate::state::reports::{use_reports, ExportProblem};
use crate::state::{use_connectivity, use_i18n};
use crate::sync::HttpError;

/// The scope and the day chosen, and fetching again.
#[component]
fn Toolbar() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let connectivity = use_connectivity();
    let clock = use_school_clock();
    let options = move || {
        let r = i18n.texts().reports();
        let selected = reports.selected.get();
        reports
            .scopes
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let chosen = selected.as_ref() == Some(&s);
                view! { <option value=i.to_string() selected=chosen>{scope_name(r, &s)}</option> }
            })
            .collect_view()
    };
    let on_scope = move |ev| {
        let picked = event_target_value(&ev).parse::<usize>().ok();
        if let Some(scope) = picked.and_then(|i| reports.scopes.get_untracked().get(i).cloned()) {
            reports.selected.set(Some(scope));
        }
    };
    let on_day = move |ev| {
        if let Ok(day) = event_target_value(&ev).parse::<NaiveDate>() {
            reports.day.set(day.min(clock.today()));
        }
    };
    view! {
        <div class="report-toolbar">
            <label class="field">
                <span class="label">{move || i18n.texts().reports().scope}</span>
                <select data-testid="report-scope" on:change=on_scope>{options}</select>
            </label>
            <label class="field">
                <span class="label">{move || i18n.texts().reports().day}</span>
                <input type="date" data-testid="report-day" max=move || clock.today().to_string()
                    prop:value=move || reports.day.get().to_string() on:change=on_day/>
            </label>
            <button type="button" data-testid="report-refresh"
                disabled=move || reports.loading.get() || !connectivity.online.get()
                on:click=move |_| reports.refresh()>
                {move || i18n.texts().reports().refresh}
            </button>
        </div>
    }
}

/// As of when the figures are, and whether they are the kept copy.
#[component]
fn Status() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let connectivity = use_connectivity();
    let clock = use_school_clock();
    move || {
        let t = i18n.texts();
        let r = t.reports();
        let mut lines = Vec::new();
        if reports.loading.get() {
            lines.push(("report-loading", r.loading.to_owned(), false));
        }
        reports.shown.with(|s| {
            let Some(s) = s else { return };
            lines.push(("report-as-of", r.as_of.with(&school_time(s.report.as_of)), false));
            if !reports.fresh.get() {
                let kept = r.kept_copy.with(&local_instant(s.fetched_at, i18n.lang()));
                lines.push(("report-kept", kept, true));
            }
            if s.report.day != reports.day.get() {
                lines.push((
                    "report-other-day",
                    r.other_day.with(&day_at(s.report.day, i18n.lang(), clock.today().year())),
                    true,
                ));
            }
        });
        if !connectivity.online.get() {
            lines.push(("report-offline", r.offline.to_owned(), true));
        } else if let Some(err) = reports.problem.get() {
            lines.push(("report-problem", problem_text(t, &err), true));
        }
        if reports.shown.with(Option::is_none) && !reports.loading.get() {
            lines.push(("report-none", r.none_kept.to_owned(), true));
        }
        lines
            .into_iter()
            .map(|(id, text, warn)| {
                view! { <p class="report-status" class:warning=warn data-testid=id role="status">{text}</p> }
            })
            .collect_view()
    }
}

/// A failed read in words: the refusal's code where the server gave one.
fn problem_text(t: &'static crate::i18n::Texts, err: &HttpError) -> String {
    match err {
        HttpError::Status { status, code, .. } if *status != 401 => {
            match anxin_domain::ErrorCode::parse(code) {
                Some(code) => t.report_refusal(code).to_owned(),
                None => server_problem(t, err),
            }
        }
        _ => server_problem(t, err),
    }
}

/// The server's CSV of what is shown; offline it says it needs the network.
#[component]
fn Export() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let connectivity = use_connectivity();
    let problem = move || {
        let t = i18n.texts();
        let text = match reports.export_problem.get()? {
            ExportProblem::Offline => t.reports().export_offline.to_owned(),
            ExportProblem::Failed(err) => problem_text(t, &err),
        };
        Some(
            view! { <p class="field-error" role="alert" data-testid="report-export-problem">{text}</p> },
        )
    };
    view! {
        <section class="card export">
            <button type="button" data-testid="report-export"
                disabled=move || reports.exporting.get() || !connectivity.online.get()
                on:click=move |_| reports.export()>
                {move || i18n.texts().reports().export}
            </button>
            <p class="hint" hidden=move || connectivity.online.get() data-testid="report-export-offline">
                {move || i18n.texts().reports().export_offline}
            </p>
            {problem}
        </section>
    }
}

/// The report of the chosen scope.
#[component]
fn ScopeReport() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let level =
        Memo::new(move |_| reports.shown.with(|s| s.as_ref().map(|s| s.report.scope.clone())));
    let has_parts = move || level.with(|l| matches!(l, Some(Scope::Department(_) | Scope::School)));
    let people_title = Signal::derive(move || {
        let r = i18n.texts().reports();
        match level.get() {
            Some(Scope::Class(_)) | None => r.people_class,
            Some(Scope::Department(_)) => r.people_department,
            Some(Scope::School) => r.people_school,
        }
    });
    view! {
        <Toolbar/>
        <Status/>
        <SignReminders/>
        <ReportSummary/>
        <ReportGate/>
        <SignPanel/>
        <RemindControls/>
        <Show when=has_parts>
            <PartsList/>
        </Show>
        <Show when=move || reports.shown.with(|s| s.as_ref().is_some_and(|s| s.report.known))>
            <PeopleList title=people_title/>
        </Show>
        <TrendChart/>
        <Export/>
        <OpenRecordCard/>
        <RetentionWarning/>
    }
}

#[component]
pub fn Reports() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let account = use_account();
    let signed_in = move || account.session.with(|s| s.as_ref().is_some_and(|s| !s.ended()));
    let decides_returns = move || {
        use anxin_domain::roster::Role;
        account.session.with(|s| {
            s.as_ref().is_some_and(|s| {
                s.person.roles.iter().any(|r| matches!(r, Role::Advisor | Role::Office))
            })
        })
    };
    let issues_codes = move || {
        account.session.with(|s| {
            s.as_ref().is_some_and(|s| {
                s.person.roles.iter().any(|r| matches!(r, Role::Advisor | Role::Admin))
            })
        })
    };
    let gate = move || {
        let t = i18n.texts();
        let r = t.reports();
        if !signed_in() {
            let ended = account.session.with(|s| s.as_ref().is_some_and(|s| s.ended()));
            let text = if ended { t.session_ended } else { r.sign_in_first };
            return Some(
                view! {
                    <p class="notice" data-testid="reports-sign-in">
                        {text}" "<a href="/">{r.open_app}</a>
                    </p>
                }
                .into_any(),
            );
        }
        reports.scopes.with(Vec::is_empty).then(|| {
            view! { <p class="notice" data-testid="reports-no-scope">{r.no_scope}</p> }.into_any()
        })
    };
    // The classes she advises: each gets its printable list of codes.
    let advised = Signal::derive(move || {
        reports.scopes.with(|scopes| {
            scopes
                .iter()
                .filter_map(|scope| match scope {
                    anxin_domain::report::Scope::Class(class_name) => Some(class_name.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="reports" data-testid="reports-page">
            <h1>{move || i18n.texts().reports().title}</h1>
            {gate}
            <Show when=move || signed_in() && reports.scopes.with(|s| !s.is_empty())>
                <ScopeReport/>
            </Show>
            // Advisors and offices decide returns (the server keeps each
            // to the applications of their own step and scope).
            <Show when=move || signed_in() && decides_returns()>
                <ReportReturns/>
            </Show>
            <Show when=issues_codes>
                <ClassCodesCard classes=advised/>
                <IssueCodeCard/>
            </Show>
        </div>
    }
}
