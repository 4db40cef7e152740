//! The school office's warning of what the next retention purge will
//! delete or mask (SPEC §7): per kind of record, counts only, with where
//! the epidemic response stands and the first day whose records are
//! kept. The days before that are closed (their reports show what was
//! signed, and no more).

use anxin_domain::privacy::purge::{NextPurge, PurgeRun};
use anxin_domain::privacy::retention::RecordKind;
use chrono::Datelike;
use leptos::prelude::*;

use super::server_problem;
use crate::i18n::when::day_at;
use crate::i18n::ReportTexts;
use crate::school_clock::use_school_clock;
use crate::state::retention::use_retention;
use crate::state::use_i18n;

/// The kind's name in the warning's table.
fn kind_name(r: &ReportTexts, kind: RecordKind) -> &'static str {
    let at = RecordKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    r.retention_kinds[at]
}

/// The rows of the kinds the run touches, in the purge's order.
fn due_rows(r: &'static ReportTexts, run: &PurgeRun) -> Vec<impl IntoView> {
    RecordKind::ALL
        .into_iter()
        .filter(|&k| run.counts.removed(k) + run.counts.masked(k) > 0)
        .map(|kind| {
            view! {
                <tr data-kind=kind.as_str()>
                    <th scope="row">{kind_name(r, kind)}</th>
                    <td>{run.counts.removed(kind)}</td>
                    <td>{run.counts.masked(kind)}</td>
                </tr>
            }
        })
        .collect()
}

#[component]
pub fn RetentionWarning() -> impl IntoView {
    let i18n = use_i18n();
    let retention = use_retention();
    let clock = use_school_clock();
    let body = move || {
        let t = i18n.texts();
        let r = t.reports();
        let lang = i18n.lang();
        let this_year = clock.today().year();
        let day = |d: chrono::NaiveDate| day_at(d, lang, this_year);
        let problem = retention.problem.get().map(|err| {
            view! { <p class="field-error" role="alert" data-testid="retention-problem">{server_problem(t, &err)}</p> }
        });
        let next = retention.next.get().map(|NextPurge { run, response_end, kept_from }| {
            let response = match response_end {
                Some(end) => r.retention_response_ended.with(&day(end)),
                None => r.retention_response_on.to_owned(),
            };
            let kept = kept_from.map(|d| {
                view! { <p data-testid="retention-kept-from">{r.retention_kept_from.with(&day(d))}</p> }
            });
            let run = match run {
                None => view! { <p class="hint" data-testid="retention-first-run">{r.retention_first_run}</p> }
                    .into_any(),
                Some(run) if run.counts.is_empty() => view! {
                    <p data-testid="retention-nothing">{r.retention_nothing.with(&day(run.today))}</p>
                }
                .into_any(),
                Some(run) => view! {
                    <p class="warning" data-testid="retention-due">{r.retention_due.with(&day(run.today))}</p>
                    <div class="table-scroll">
                    <table data-testid="retention-table">
                        <thead>
                            <tr>
                                <th scope="col">{r.retention_col_kind}</th>
                                <th scope="col">{r.retention_col_removed}</th>
                                <th scope="col">{r.retention_col_masked}</th>
                            </tr>
                        </thead>
                        <tbody>{due_rows(r, &run)}</tbody>
                    </table>
                    </div>
                    <p class="hint">{r.retention_verified.with(run.reports_verified)}</p>
                }
                .into_any(),
            };
            view! {
                <p data-testid="retention-response">{response}</p>
                {kept}
                {run}
            }
        });
        (problem, next)
    };
    view! {
        <Show when=move || retention.school_office.get()>
            <section class="card" data-testid="retention-warning" aria-labelledby="retention-title">
                <h2 id="retention-title">{move || i18n.texts().reports().retention_title}</h2>
                <p class="hint">{move || i18n.texts().reports().retention_intro}</p>
                {body}
            </section>
        </Show>
    }
}
