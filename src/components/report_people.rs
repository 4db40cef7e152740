//! The people of a report the asker may see by name, as the server sorts
//! them (not received first, then the abnormal), each with a tap-to-call
//! link and, for their advisor, the actions: a reason for one not
//! received, a send-back of a declaration.

use anxin_domain::declaration::DeclarationAnswers;
use anxin_domain::report::{PersonLine, ReportAction, Standing};
use chrono::NaiveDate;
use leptos::prelude::*;

use super::report_actions::{ActionState, ReasonForm, SendBackForm};
use super::report_gate::ObservationControls;
use super::report_labels::{reason_kind, school_time, standing_key, standing_text};
use crate::i18n::Texts;
use crate::state::reports::use_reports;
use crate::state::use_i18n;

/// Which form of a person's card is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Reason,
    SendBack,
}

/// A card is drawn again only when its person's line changed (a refresh
/// every minute keeps a form being typed).
fn line_key(p: &PersonLine) -> String {
    format!(
        "{}/{}/{:?}/{:?}/{:?}/{}/{}",
        p.person_id,
        standing_key(p.standing),
        p.revision_id,
        p.sent_back.as_ref().map(|s| &s.send_back_id),
        p.reason.as_ref().map(|r| &r.reason_id),
        p.reminders,
        p.abnormal.len()
    )
}

/// What the card says besides the standing: the abnormal reasons and the
/// flags the advisor looks at.
fn notes_of(t: &'static Texts, p: &PersonLine) -> Vec<String> {
    let r = t.reports();
    let mut notes: Vec<String> = p.abnormal.iter().map(|a| t.reason(*a)).collect();
    if let Some(back) = &p.sent_back {
        notes.push(r.sent_back_note.with(&back.comment));
    }
    // A reason counts while nothing was received (a leave recorded ahead
    // of a filing no longer explains anything).
    if let Some(reason) = p.reason.as_ref().filter(|_| !p.standing.declared()) {
        let mut text = format!("{}: {}", r.reason, reason_kind(r, reason.kind));
        if reason.from != reason.to {
            text = format!("{text} ({} – {})", reason.from, reason.to);
        }
        if !reason.note.is_empty() {
            text = format!("{text} · {}", reason.note);
        }
        notes.push(text);
    }
    for (flag, text) in [
        (p.identical, r.flag_identical),
        (p.delivered_late, r.flag_delivered_late),
        (p.clock_doubtful, r.flag_clock_doubtful),
    ] {
        if flag {
            notes.push(text.to_owned());
        }
    }
    if p.reminders > 0 {
        notes.push(r.reminded_times.with(u32::from(p.reminders)));
    }
    notes
}

/// The answers, for the asker who may read them.
fn answers_of(t: &'static Texts, p: &PersonLine) -> Option<impl IntoView> {
    let rows = answer_facts(t, p.answers.as_ref()?);
    Some(view! {
        <details class="answers">
            <summary>{t.reports().answers}</summary>
            {rows}
        </details>
    })
}

/// A declaration's answers as facts (the day's report, a record opened).
pub fn answer_facts(t: &'static Texts, a: &DeclarationAnswers) -> impl IntoView {
    let symptoms: Vec<&str> = a.symptoms.iter().map(|s| t.symptom(*s)).collect();
    let symptoms =
        if symptoms.is_empty() { t.symptom_none.to_owned() } else { symptoms.join("、") };
    let place = [t.location(a.location.kind), &a.location.city, &a.location.district]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let rows = [
        (t.field_temperature, format!("{} °C", a.temperature)),
        (t.field_symptoms, symptoms),
        (t.field_location, place),
        (t.field_status, t.status(a.status).to_owned()),
        (t.field_remarks, a.remarks.clone()),
    ];
    let rows = rows
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
        .collect_view();
    view! { <dl class="facts">{rows}</dl> }
}

#[component]
fn PersonCard(line: PersonLine, day: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    let open = RwSignal::new(Open::None);
    let close = Callback::new(move |()| open.set(Open::None));
    let t = i18n.texts();
    let r = t.reports();
    let id = line.person_id.clone();
    let about = id.clone();
    let latest = Signal::derive(move || {
        reports.latest(|a| match a {
            ReportAction::RecordReason(reason) => reason.person_id == about && reason.covers(day),
            ReportAction::SendBack { person_id, day: d, .. } => *person_id == about && *d == day,
            _ => false,
        })
    });
    let mut standing = standing_text(r, line.standing);
    if let Some(at) = line.filed_at.filter(|_| line.standing.declared()) {
        standing = format!("{standing} · {}", r.filed_at.with(&school_time(at)));
    }
    let notes = notes_of(t, &line).into_iter().map(|n| view! { <li>{n}</li> }).collect_view();
    let phone = (!line.phone.is_empty()).then(|| {
        let label = r.call.with(&line.name);
        view! {
            <a class="call" href=format!("tel:{}", line.phone) data-testid="person-phone" aria-label=label>
                <span aria-hidden="true">"☎ "</span>{line.phone.clone()}
            </a>
        }
    });
    let missing = !line.standing.declared();
    // A declaration already sent back waits for its correction.
    let revision = line.revision_id.clone().filter(|_| line.sent_back.is_none() && !missing);
    let actions = line.actionable.then(|| {
        let can_back = revision.is_some();
        view! {
            <div class="action-buttons">
                <button type="button" data-testid="reason-open" hidden=!missing
                    on:click=move |_| open.set(Open::Reason)>{r.record_reason}</button>
                <button type="button" data-testid="send-back-open" hidden=!can_back
                    on:click=move |_| open.set(Open::SendBack)>{r.send_back}</button>
            </div>
        }
    });
    let form_id = id.clone();
    let form = move || {
        let person = form_id.clone();
        match open.get() {
            Open::None => None,
            Open::Reason => {
                Some(view! { <ReasonForm person_id=person day=day on_done=close/> }.into_any())
            }
            Open::SendBack => revision.clone().map(|rev| {
                view! { <SendBackForm person_id=person revision_id=rev on_done=close/> }.into_any()
            }),
        }
    };
    let class_name = (!line.class_name.is_empty()).then(|| format!(" · {}", line.class_name));
    view! {
        <article class="person" class:missing=line.standing == Standing::Missing class:abnormal=!line.abnormal.is_empty()
            data-testid=format!("person-{id}") data-standing=standing_key(line.standing)
            data-abnormal=(!line.abnormal.is_empty()).to_string()>
            <header class="person-head">
                <strong class="name">{line.name.clone()}</strong>
                <span class="hint">{id.clone()}{class_name}</span>
                {phone}
            </header>
            <p class="standing">{standing}</p>
            <ul class="person-notes">{notes}</ul>
            {line.in_observation.then(|| view! { <ObservationControls person_id=id.clone()/> })}
            {answers_of(t, &line)}
            {actions}
            {form}
            <ActionState action=latest testid="action-state"/>
        </article>
    }
}

/// The people named to the asker in the report shown.
#[component]
pub fn PeopleList(title: Signal<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let reports = use_reports();
    // With the language: a card is drawn again in the other language.
    let lines = move || {
        let lang = i18n.lang();
        reports
            .shown
            .with(|s| {
                s.as_ref()
                    .map(|s| s.report.people.iter().map(|p| (lang, p.clone())).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    };
    let day = move || reports.shown.with(|s| s.as_ref().map(|s| s.report.day));
    view! {
        <section class="report-people" data-testid="report-people">
            <h2>{title}</h2>
            <Show when=move || reports.shown.with(|s| s.as_ref().is_some_and(|s| s.report.people.is_empty()))>
                <p class="hint">{move || i18n.texts().reports().nobody_named}</p>
            </Show>
            <For each=lines key=|(lang, line)| (*lang, line_key(line)) let:item>
                {day().map(|day| view! { <PersonCard line=item.1 day=day/> })}
            </For>
        </section>
    }
}
