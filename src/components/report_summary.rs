//! Today at a glance: the completion bar and the day's figures, and the
//! same by the four person categories.

use anxin_domain::report::{Counts, Report};
use leptos::prelude::*;

use super::report_labels::{category, percent};
use crate::i18n::ReportTexts;
use crate::state::reports::use_reports;
use crate::state::use_i18n;

/// The figures shown, in order: a test id and its label.
fn figures(r: &ReportTexts, c: &Counts) -> [(&'static str, &'static str, u32); 10] {
    [
        ("expected", r.fig_expected, c.expected),
        ("on_time", r.fig_on_time, c.on_time),
        ("late", r.fig_late, c.late),
        ("excused", r.fig_excused, c.excused),
        ("missing", r.fig_missing, c.missing),
        ("abnormal", r.fig_abnormal, c.abnormal),
        ("sent_back", r.fig_sent_back, c.sent_back),
        ("identical", r.fig_identical, c.identical),
        ("delivered_late", r.fig_delivered_late, c.delivered_late),
        ("clock_doubtful", r.fig_clock_doubtful, c.clock_doubtful),
    ]
}

/// The completion bar: on time, late, not received with a reason, drawn
/// in an SVG of 1000 units (attributes, which the page's style policy
/// allows, rather than inline styles).
fn bar(c: &Counts, label: String) -> impl IntoView {
    let share = |n: u32| (n * 1000).checked_div(c.expected).unwrap_or(0);
    let on_time = share(c.on_time);
    let late = share(c.late);
    let excused = share(c.excused);
    view! {
        <svg class="completion-bar" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label=label>
            <rect class="bar-track" x="0" y="0" width="1000" height="24"></rect>
            <rect class="bar-on-time" x="0" y="0" width=on_time.to_string() height="24"></rect>
            <rect class="bar-late" x=on_time.to_string() y="0" width=late.to_string() height="24"></rect>
            <rect class="bar-excused" x=(on_time + late).to_string() y="0" width=excused.to_string() height="24"></rect>
        </svg>
    }
}

fn summary(r: &'static ReportTexts, report: &Report) -> impl IntoView {
    let total = report.figures.total;
    let completion = percent(total.completion_permille());
    let permille = total.completion_permille().map(|p| p.to_string()).unwrap_or_default();
    let declared = r.declared_of.with(total.declared(), total.expected);
    let items = figures(r, &total)
        .into_iter()
        .map(|(id, label, n)| {
            let alert = n > 0 && matches!(id, "missing" | "abnormal");
            view! {
                <div class="figure" class:alert=alert>
                    <dt>{label}</dt>
                    <dd data-testid=format!("figure-{id}")>{n}</dd>
                </div>
            }
        })
        .collect_view();
    let rows = report
        .figures
        .by_category
        .iter()
        .map(|c| {
            let n = c.counts;
            view! {
                <tr>
                    <th scope="row">{category(r, c.category)}</th>
                    <td>{n.expected}</td>
                    <td>{n.declared()}</td>
                    <td>{n.excused + n.missing}</td>
                    <td>{n.abnormal}</td>
                    <td>{percent(n.completion_permille())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="completion">
            <p class="completion-head">
                <span>{r.completion}</span>
                <strong data-testid="report-completion" data-permille=permille>{completion.clone()}</strong>
                <span class="hint">{declared}</span>
            </p>
            {bar(&total, format!("{} {completion}", r.completion))}
            <p class="legend hint" aria-hidden="true">
                <span class="legend-item"><span class="key on-time"></span>{r.fig_on_time}</span>
                <span class="legend-item"><span class="key late"></span>{r.fig_late}</span>
                <span class="legend-item"><span class="key excused"></span>{r.fig_excused}</span>
            </p>
        </div>
        <dl class="figures">{items}</dl>
        <details class="categories">
            <summary>{r.by_category}</summary>
            <div class="table-scroll">
                <table data-testid="report-categories">
                    <thead>
                        <tr>
                            <th scope="col">{r.category}</th>
                            <th scope="col">{r.fig_expected}</th>
                            <th scope="col">{r.col_declared}</th>
                            <th scope="col">{r.not_received}</th>
                            <th scope="col">{r.fig_abnormal}</th>
                            <th scope="col">{r.completion}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
pub fn ReportSummary() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    move || {
        let r = i18n.texts().reports();
        reports.shown.with(|shown| {
            let report = &shown.as_ref()?.report;
            if !report.known {
                return Some(
                    view! { <p class="notice" data-testid="report-unknown">{r.unknown_day}</p> }
                        .into_any(),
                );
            }
            Some(
                view! {
                    <section class="card report-summary" data-testid="report-summary">
                        {summary(r, report)}
                    </section>
                }
                .into_any(),
            )
        })
    }
}
