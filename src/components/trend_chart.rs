//! The last 14 days of the scope, drawn by our own code as SVG: completion
//! per day as a bar, the abnormal count as a dot with its number, amended
//! days marked; and the same values as a table for screen readers (and for
//! anyone who prefers numbers).

use anxin_domain::report::TrendDay;
use chrono::Datelike;
use leptos::prelude::*;

use super::report_labels::percent;
use crate::i18n::when::day_at;
use crate::i18n::{Lang, ReportTexts};
use crate::state::reports::use_reports;
use crate::state::use_i18n;

const WIDTH: u32 = 340;
const HEIGHT: u32 = 170;
const LEFT: u32 = 36;
const TOP: u32 = 18;
const BOTTOM: u32 = 22;

fn plot_height() -> u32 {
    HEIGHT - TOP - BOTTOM
}

/// One day's column: its bar, its abnormal dot and its marks.
fn day_column(
    r: &ReportTexts,
    i: usize,
    n: usize,
    d: &TrendDay,
    step: u32,
    most: u32,
) -> impl IntoView {
    let x = LEFT + step * i as u32;
    let h = plot_height();
    let base = TOP + h;
    let bar = d.completion_permille.unwrap_or(0).min(1000) * h / 1000;
    // The abnormal count on a scale of its own, up to 4/5 of the height:
    // its dot never sits on the completion's 100 % line.
    let dot_y = base - d.abnormal * h * 4 / (5 * most.max(1));
    let centre = x + step / 2;
    // Every other day labelled, the last one (the day asked) always.
    let label = ((n - 1 - i) % 2 == 0 || step >= 30).then(|| d.day.day().to_string());
    let title = format!(
        "{}: {} {}, {} {}{}",
        d.day,
        r.completion,
        percent(d.completion_permille),
        r.fig_abnormal,
        d.abnormal,
        if d.amended { format!(", {}", r.amended) } else { String::new() }
    );
    view! {
        <g data-testid="trend-day" data-day=d.day.to_string()
            data-permille=d.completion_permille.map(|p| p.to_string()).unwrap_or_default()
            data-abnormal=d.abnormal.to_string() data-amended=d.amended.to_string()
            class:unknown=!d.known class:amended=d.amended>
            <title>{title}</title>
            <rect class="trend-bar" x=(x + 2).to_string() y=(base - bar).to_string()
                width=(step.saturating_sub(4)).to_string() height=bar.to_string()></rect>
            {d.amended.then(|| {
                let points = format!("{},{} {},{} {},{}", centre - 4, TOP - 10, centre + 4, TOP - 10, centre, TOP - 3);
                view! { <polygon class="trend-amended" points=points></polygon> }
            })}
            {(d.known && d.abnormal > 0).then(|| view! {
                <circle class="trend-abnormal" cx=centre.to_string() cy=dot_y.to_string() r="4"></circle>
                <text class="trend-abnormal-n" x=centre.to_string() y=(dot_y.saturating_sub(6)).to_string()
                    text-anchor="middle">{d.abnormal}</text>
            })}
            {label.map(|l| view! {
                <text class="trend-label" x=centre.to_string() y=(HEIGHT - 6).to_string() text-anchor="middle">{l}</text>
            })}
        </g>
    }
}

fn chart(r: &'static ReportTexts, lang: Lang, days: &[TrendDay]) -> impl IntoView {
    let year = days.last().map_or(0, |d| d.day.year());
    let day = |d: &TrendDay| day_at(d.day, lang, year);
    let step = (WIDTH - LEFT) / (days.len().max(1) as u32);
    let most = days.iter().map(|d| d.abnormal).max().unwrap_or(0);
    let h = plot_height();
    let grid = [0u32, 50, 100]
        .into_iter()
        .map(|p| {
            let y = TOP + h - p * h / 100;
            view! {
                <line class="trend-grid" x1=LEFT.to_string() x2=WIDTH.to_string() y1=y.to_string() y2=y.to_string()></line>
                <text class="trend-label" x=(LEFT - 4).to_string() y=(y + 4).to_string() text-anchor="end">{format!("{p}%")}</text>
            }
        })
        .collect_view();
    let columns = days
        .iter()
        .enumerate()
        .map(|(i, d)| day_column(r, i, days.len(), d, step, most))
        .collect_view();
    let rows = days
        .iter()
        .map(|d| {
            let declared =
                if d.known { format!("{}/{}", d.declared, d.expected) } else { "—".to_owned() };
            view! {
                <tr data-testid="trend-row" data-day=d.day.to_string()>
                    <th scope="row">{day(d)}</th>
                    <td data-testid="trend-completion">{percent(d.completion_permille)}</td>
                    <td>{declared}</td>
                    <td data-testid="trend-abnormal">{d.abnormal}</td>
                    <td>{if d.amended { r.yes_amended } else { "" }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <svg class="trend-chart" data-testid="trend-chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img" aria-labelledby="trend-title">
            <title id="trend-title">{r.trend_alt}</title>
            {grid}
            {columns}
        </svg>
        <p class="legend hint" aria-hidden="true">
            <span class="legend-item"><span class="key bar"></span>{r.completion}</span>
            <span class="legend-item"><span class="key dot"></span>{r.fig_abnormal}</span>
            <span class="legend-item"><span class="key amended"></span>{r.amended}</span>
        </p>
        <details class="trend-table">
            <summary>{r.as_table}</summary>
            <div class="table-scroll">
                <table data-testid="trend-table">
                    <caption class="sr-only">{r.trend}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{r.day}</th>
                            <th scope="col">{r.completion}</th>
                            <th scope="col">{r.col_declared_of}</th>
                            <th scope="col">{r.fig_abnormal}</th>
                            <th scope="col">{r.amended}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
pub fn TrendChart() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    move || {
        let r = i18n.texts().reports();
        reports.shown.with(|s| {
            let days = &s.as_ref()?.trend;
            (!days.is_empty()).then(|| {
                view! {
                    <section class="card trend" data-testid="trend">
                        <h2>{r.trend}</h2>
                        {chart(r, i18n.lang(), days)}
                    </section>
                }
            })
        })
    }
}
