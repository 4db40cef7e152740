//! Reminding: one tap reminds everyone of the scope not received (一键催填:
//! a class, or a department's own staff), and an office reminds the
//! signers of unsigned reports. Reminders go out on the next sync; the
//! server's count comes back on the one after: "N reminded, M at the daily
//! cap".

use anxin_domain::report::{ReminderKind, ReportAction, Scope, Standing};
use leptos::prelude::*;

use super::report_actions::ActionState;
use super::report_labels::{action_problem, count_text, scope_name};
use crate::school_clock::use_school_clock;
use crate::state::reports::{use_reports, ActionProblem};
use crate::state::use_i18n;

#[component]
pub fn RemindControls() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let clock = use_school_clock();
    let problem = RwSignal::new(None::<ActionProblem>);
    // What the shown report offers today: how many to remind, whether
    // signers are waited for.
    let offer = Memo::new(move |_| {
        let today = clock.today();
        reports.shown.with(|s| {
            let report = &s.as_ref()?.report;
            if report.day != today || !report.known {
                return None;
            }
            let missing = report
                .people
                .iter()
                .filter(|p| p.actionable && p.standing == Standing::Missing)
                .count() as u32;
            let unsigned = report.parts.iter().filter(|p| !p.state.is_signed()).count() as u32;
            let signers = !matches!(report.scope, Scope::Class(_));
            Some((report.scope.clone(), report.day, missing, unsigned, signers))
        })
    });
    let latest = move |signers: bool| {
        Signal::derive(move || {
            let (scope, day, ..) = offer.get()?;
            reports.latest(|a| match a {
                ReportAction::Remind { scope: s, day: d, .. } => {
                    !signers && *s == scope && *d == day
                }
                ReportAction::RemindSigners { scope: s, day: d, .. } => {
                    signers && *s == scope && *d == day
                }
                _ => false,
            })
        })
    };
    let answer = move |signers: bool| {
        let latest = latest(signers);
        move || {
            let action = latest.get()?;
            let sent = reports.reminders_sent(&action.id)?;
            let r = i18n.texts().reports();
            let text = r.reminded_result.with(sent.reminded, sent.at_cap);
            let id = if signers { "remind-signers-result" } else { "remind-result" };
            Some(view! { <p class="notice" role="status" data-testid=id>{text}</p> })
        }
    };
    let remind = move |_| problem.set(reports.remind().err());
    let remind_signers = move |_| problem.set(reports.remind_signers().err());
    let hidden = move |which: u8| {
        move || {
            offer.with(|o| match o {
                Some((_, _, missing, unsigned, signers)) => match which {
                    0 => *missing == 0,
                    _ => !*signers || *unsigned == 0,
                },
                None => true,
            })
        }
    };
    view! {
        <section class="remind" data-testid="remind" hidden=move || hidden(0)() && hidden(1)()>
            <div class="action-buttons">
                <button type="button" class="primary" data-testid="remind-all" hidden=hidden(0) on:click=remind>
                    {move || {
                        let n = offer.with(|o| o.as_ref().map_or(0, |o| o.2));
                        count_text(&i18n.texts().reports().remind_all, n)
                    }}
                </button>
                <button type="button" data-testid="remind-signers" hidden=hidden(1) on:click=remind_signers>
                    {move || {
                        let n = offer.with(|o| o.as_ref().map_or(0, |o| o.3));
                        count_text(&i18n.texts().reports().remind_signers, n)
                    }}
                </button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{action_problem(i18n.texts(), p)}</p> })}
            <ActionState action=latest(false) testid="remind-state"/>
            {answer(false)}
            <ActionState action=latest(true) testid="remind-signers-state"/>
            {answer(true)}
        </section>
    }
}

/// Reminders to sign, sent to this person by the office above.
#[component]
pub fn SignReminders() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    move || {
        let r = i18n.texts().reports();
        reports
            .sign_reminders()
            .into_iter()
            .filter_map(|note| match note.kind {
                ReminderKind::Sign(scope) => Some((note.by_name, scope)),
                ReminderKind::Declare => None,
            })
            .map(|(by, scope)| {
                let text = r.sign_reminder.with(&by, &scope_name(r, &scope));
                view! { <p class="notice warning" role="alert" data-testid="sign-reminder">{text}</p> }
            })
            .collect_view()
    }
}
