//! Signing the report shown: where it stands, why it cannot be signed yet
//! (from the server's blockers), the sign button (a zero report when
//! nothing is abnormal: zero is a figure), the versions signed (who, when,
//! late by how much, returned), and an amendment: what changed since the
//! signature, with one tap to sign it.

use anxin_domain::report::signing::{Amendment, SignedVersion};
use anxin_domain::report::{Counts, Report, ReportAction, SignState};
use leptos::prelude::*;

use super::report_actions::ActionState;
use super::report_labels::{
    action_problem, blocker_text, late_text, name_state_text, school_time, scope_name, state_key,
    state_text,
};
use crate::i18n::{ReportTexts, Texts};
use crate::state::reports::{use_reports, ActionProblem};
use crate::state::use_i18n;

fn count_rows(r: &ReportTexts, before: &Counts, after: &Counts) -> Vec<(&'static str, u32, u32)> {
    let pairs = [
        (r.fig_expected, before.expected, after.expected),
        (r.fig_on_time, before.on_time, after.on_time),
        (r.fig_late, before.late, after.late),
        (r.fig_excused, before.excused, after.excused),
        (r.fig_missing, before.missing, after.missing),
        (r.fig_abnormal, before.abnormal, after.abnormal),
        (r.fig_sent_back, before.sent_back, after.sent_back),
        (r.fig_identical, before.identical, after.identical),
        (r.fig_delivered_late, before.delivered_late, after.delivered_late),
    ];
    pairs.into_iter().filter(|(_, b, a)| b != a).collect()
}

fn amendment_view(r: &'static ReportTexts, a: &Amendment) -> impl IntoView {
    let rows = count_rows(r, &a.before, &a.after)
        .into_iter()
        .map(
            |(label, b, a)| view! { <tr><th scope="row">{label}</th><td>{b}</td><td>{a}</td></tr> },
        )
        .collect_view();
    let names = a
        .names
        .iter()
        .map(|n| {
            let change = format!(
                "{}: {} → {}",
                n.name,
                name_state_text(r, n.before.as_ref()),
                name_state_text(r, n.after.as_ref())
            );
            view! { <li data-testid="amendment-name">{change}</li> }
        })
        .collect_view();
    let version = |v: Option<u32>| v.map_or("—".to_owned(), |v| r.version.with(v));
    let parts = a
        .parts
        .iter()
        .map(|p| {
            let change = format!(
                "{}: {} → {}",
                scope_name(r, &p.scope),
                version(p.before),
                version(p.after)
            );
            view! { <li>{change}</li> }
        })
        .collect_view();
    view! {
        <div class="amendment" data-testid="amendment" role="status">
            <h3>{r.amended_since.with(a.since_version)}</h3>
            <table>
                <thead><tr><th scope="col"></th><th scope="col">{r.before}</th><th scope="col">{r.after}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <ul class="changes">{names}{parts}</ul>
        </div>
    }
}

fn version_line(t: &'static Texts, v: &SignedVersion) -> impl IntoView {
    let r = t.reports();
    let mut parts =
        vec![r.version.with(v.version), v.signer_name.clone(), school_time(v.signed_at)];
    if let Some(minutes) = v.late_minutes {
        parts.push(late_text(r, minutes));
    }
    if v.covered.is_zero_report() {
        parts.push(r.zero_report.to_owned());
    }
    if let Some(returned) = &v.returned {
        parts.push(r.returned_by.with(&returned.by_name, &returned.reason));
    }
    view! { <li data-testid="sign-version">{parts.join(" · ")}</li> }
}

/// The sign button's words for the report as it stands.
fn sign_label(r: &ReportTexts, report: &Report) -> &'static str {
    match report.state {
        SignState::Amended { .. } => r.sign_amendment,
        SignState::Returned { .. } => r.sign_again,
        _ if report.covered.is_zero_report() => r.sign_zero,
        _ => r.sign_report,
    }
}

#[component]
pub fn SignPanel() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let problem = RwSignal::new(None::<ActionProblem>);
    let pending = Memo::new(move |_| {
        let (scope, day) =
            reports.shown.with(|s| s.as_ref().map(|s| (s.report.scope.clone(), s.report.day)))?;
        reports.latest(move |a| matches!(a, ReportAction::Sign { scope: s, day: d, .. } if *s == scope && *d == day))
    });
    let on_sign = move |_| problem.set(reports.sign().err());
    move || {
        let t = i18n.texts();
        let r = t.reports();
        reports.shown.with(|shown| {
            let report = &shown.as_ref()?.report;
            if !report.known {
                return None;
            }
            let level = report.scope.level();
            let blockers: Vec<_> = report
                .blockers
                .iter()
                .map(|b| view! { <li data-testid="sign-blocker">{blocker_text(r, level, *b)}</li> })
                .collect();
            let signable = report.blockers.is_empty();
            let waiting = pending.with(|p| p.as_ref().is_some_and(|a| reports.delivery_of(a).is_undelivered()));
            let versions = report.versions.iter().rev().map(|v| version_line(t, v)).collect_view();
            let amendment = report.amendment.as_ref().map(|a| amendment_view(r, a));
            let deadline = r.deadline.with(&school_time(report.deadline));
            let zero = (signable && report.covered.is_zero_report()).then_some(r.zero_hint);
            Some(view! {
                <section class="card sign-panel" data-testid="sign-panel">
                    <h2>{r.signing}</h2>
                    <p class="sign-state" data-testid="sign-state" data-state=state_key(&report.state)>
                        {state_text(r, &report.state)}
                    </p>
                    <p class="hint">{deadline}</p>
                    {amendment}
                    {(!blockers.is_empty()).then(|| view! {
                        <p class="blocked-title">{r.cannot_sign_yet}</p>
                        <ul class="blockers" data-testid="sign-blockers">{blockers}</ul>
                    })}
                    {zero.map(|z| view! { <p class="hint">{z}</p> })}
                    <div class="form-actions" hidden=!signable>
                        <button type="button" class="primary" data-testid="sign" disabled=waiting on:click=on_sign>
                            {sign_label(r, report)}
                        </button>
                    </div>
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{action_problem(i18n.texts(), p)}</p> })}
                    <ActionState action=pending testid="sign-action-state"/>
                    <ol class="versions" data-testid="sign-versions" reversed>{versions}</ol>
                </section>
            })
        })
    }
}
