//! The parts of a department's report (its classes) or of the school's
//! (its departments), each with its figures and signing state; a report
//! signed again after a change says "corrected after signing". The level
//! above may return a signed version, with a reason.

use anxin_domain::report::{PartLine, ReportAction, Scope, SignState};
use leptos::prelude::*;

use super::report_actions::{ActionState, ReturnForm};
use super::report_labels::{count_text, percent, scope_name, state_key, state_text};
use crate::state::reports::use_reports;
use crate::state::use_i18n;

/// The version the level above may return: the latest, not returned.
fn returnable(state: &SignState) -> Option<u32> {
    match state {
        SignState::Signed { version, .. } | SignState::Amended { version } => Some(*version),
        SignState::Unsigned | SignState::Returned { .. } => None,
    }
}

fn part_key(p: &PartLine) -> String {
    format!("{:?}/{:?}/{}/{:?}", p.scope, p.state, p.corrected_after_signing, p.counts)
}

#[component]
fn PartCard(part: PartLine) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let open = RwSignal::new(false);
    let close = Callback::new(move |()| open.set(false));
    let t = i18n.texts();
    let r = t.reports();
    let name = scope_name(r, &part.scope);
    let scope = part.scope.clone();
    let about = scope.clone();
    let latest = Signal::derive(move || {
        reports.latest(|a| matches!(a, ReportAction::Return { scope, .. } if *scope == about))
    });
    let c = part.counts;
    let figures = format!(
        "{} · {} {} · {} {} · {} {}",
        percent(c.completion_permille()),
        r.fig_expected,
        c.expected,
        r.not_received,
        c.excused + c.missing,
        r.fig_abnormal,
        c.abnormal
    );
    let unexplained =
        (part.unexplained > 0).then(|| count_text(&r.blocked_unexplained, part.unexplained));
    let corrected = part.corrected_after_signing.then_some(r.corrected_after_signing);
    let version = returnable(&part.state);
    let form = move || {
        let version = version.filter(|_| open.get())?;
        Some(view! { <ReturnForm scope=scope.clone() version=version on_done=close/> })
    };
    view! {
        <article class="part" data-testid=format!("part-{name}") data-state=state_key(&part.state)>
            <header class="person-head">
                <strong class="name">{name.clone()}</strong>
                <span class="part-state" data-testid="part-state">{state_text(r, &part.state)}</span>
            </header>
            <p class="hint">{figures}</p>
            {unexplained.map(|u| view! { <p class="hint">{u}</p> })}
            {corrected.map(|c| view! { <p class="corrected" data-testid="part-corrected">{c}</p> })}
            <div class="action-buttons" hidden=version.is_none()>
                <button type="button" data-testid="return-open" on:click=move |_| open.set(true)>
                    {r.return_open}
                </button>
            </div>
            {form}
            <ActionState action=latest testid="return-state"/>
        </article>
    }
}

/// A department's classes or the school's departments.
#[component]
pub fn PartsList() -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    // With the language: a card is drawn again in the other language.
    let parts = move || {
        let lang = i18n.lang();
        reports
            .shown
            .with(|s| {
                s.as_ref()
                    .map(|s| s.report.parts.iter().map(|p| (lang, p.clone())).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    };
    let title = move || {
        let r = i18n.texts().reports();
        match reports.shown.with(|s| s.as_ref().map(|s| s.report.scope.clone())) {
            Some(Scope::School) => r.departments,
            _ => r.classes,
        }
    };
    view! {
        <section class="report-parts" data-testid="report-parts">
            <h2>{title}</h2>
            <For each=parts key=|(lang, part)| (*lang, part_key(part)) let:item>
                <PartCard part=item.1/>
            </For>
        </section>
    }
}
