//! How each visitor attended in the last weeks: counts per person or
//! pseudonym, never what was said.

use anxin_domain::counselling::attendance::AttendanceRow;
use leptos::prelude::*;

use super::appointment_labels::visitor_label;
use crate::state::use_i18n;

#[component]
pub fn AppointmentAttendance(#[prop(into)] rows: Signal<Vec<AttendanceRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let table = move || {
        let t = i18n.texts();
        let rows = rows.get();
        if rows.is_empty() {
            return view! { <p class="hint">{t.desk().attendance_none}</p> }.into_any();
        }
        let body = rows
            .into_iter()
            .map(|r| {
                view! {
                    <tr data-testid="attendance-row">
                        <th scope="row">{visitor_label(&r.visitor)}</th>
                        <td>{r.completed}</td>
                        <td>{r.no_show}</td>
                        <td>{r.cancelled}</td>
                        <td>{r.declined}</td>
                        <td>{r.upcoming}</td>
                        <td>{r.unmarked}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="attendance-scroll">
                <table class="attendance" data-testid="attendance">
                    <thead>
                        <tr>
                            <th scope="col">{t.desk().attendance_visitor}</th>
                            <th scope="col">{t.desk().attendance_completed}</th>
                            <th scope="col">{t.desk().attendance_no_show}</th>
                            <th scope="col">{t.desk().attendance_cancelled}</th>
                            <th scope="col">{t.desk().attendance_declined}</th>
                            <th scope="col">{t.desk().attendance_upcoming}</th>
                            <th scope="col">{t.desk().attendance_unmarked}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{move || i18n.texts().desk().attendance_title}</h2>
            <p class="hint">{move || i18n.texts().desk().attendance_hint}</p>
            {table}
        </section>
    }
}
