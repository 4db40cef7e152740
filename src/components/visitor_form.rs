//! The host's registration form: every field labelled, each refusal said
//! next to its field.

use anxin_domain::visitor::{VisitorField, VisitorProblem, VisitorRequest};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::school_clock::use_school_clock;
use crate::state::use_i18n;
use crate::state::visitors::{use_visitors, VisitorFormProblem};

#[component]
fn Field(
    field: VisitorField,
    label: fn(&'static crate::i18n::VisitorTexts) -> &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Vec<(VisitorField, VisitorProblem)>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<fn(&'static crate::i18n::VisitorTexts) -> &'static str>,
    /// The phone's keyboard for the field (`tel`, `numeric`, …).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// Letters typed upper case (the X of an id card).
    #[prop(optional)]
    autocapitalize: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move || {
        let v = i18n.texts().visitors();
        problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(f, p)| v.problem(*f, *p)))
    };
    let id = format!("visitor-{field:?}").to_lowercase();
    view! {
        <label class="field">
            <span class="label">{move || label(i18n.texts().visitors())}</span>
            {hint.map(|h| view! { <span class="hint">{move || h(i18n.texts().visitors())}</span> })}
            <input type=kind data-testid=id inputmode=inputmode maxlength=maxlength
                autocapitalize=autocapitalize prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {move || problem().map(|p| view! { <span class="field-error" role="alert">{p}</span> })}
        </label>
    }
}

#[component]
pub fn VisitorForm() -> impl IntoView {
    let i18n = use_i18n();
    let visitors = use_visitors();
    let clock = use_school_clock();
    let [name, phone, id_last4, plate, day, reason] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    day.set(clock.today().to_string());
    let problems = RwSignal::new(Vec::new());
    let saved = RwSignal::new(None::<bool>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(visit_day) = day.get_untracked().parse::<NaiveDate>() else {
            problems.set(vec![(VisitorField::Day, VisitorProblem::Required)]);
            return;
        };
        let request = VisitorRequest {
            visitor_id: String::new(),
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            id_last4: id_last4.get_untracked(),
            plate: Some(plate.get_untracked()),
            day: visit_day,
            reason: reason.get_untracked(),
        };
        match visitors.register(request) {
            Ok(()) => {
                problems.set(Vec::new());
                saved.set(Some(true));
                for field in [name, phone, id_last4, plate, reason] {
                    field.set(String::new());
                }
            }
            Err(VisitorFormProblem::Fields(found)) => {
                problems.set(found);
                saved.set(None);
            }
            Err(_) => saved.set(Some(false)),
        }
    };
    view! {
        <form class="card visitor-form" data-testid="visitor-form" on:submit=submit novalidate>
            <h2>{move || i18n.texts().visitors().register_title}</h2>
            <Field field=VisitorField::Name label=|v| v.name value=name problems=problems/>
            <Field field=VisitorField::Phone label=|v| v.phone value=phone problems=problems kind="tel"
                inputmode="tel" hint=|v| v.phone_hint/>
            // Not `inputmode="numeric"`: a number pad has no X, the last
            // character of one id card in eleven.
            <Field field=VisitorField::IdLast4 label=|v| v.id_last4 value=id_last4 problems=problems
                maxlength=4 autocapitalize="characters"/>
            <Field field=VisitorField::Plate label=|v| v.plate value=plate problems=problems
                hint=|v| v.plate_hint/>
            <Field field=VisitorField::Day label=|v| v.day value=day problems=problems kind="date"/>
            <Field field=VisitorField::Reason label=|v| v.reason value=reason problems=problems/>
            <button type="submit" data-testid="visitor-submit">
                {move || i18n.texts().visitors().submit}
            </button>
            {move || saved.get().map(|ok| {
                let v = i18n.texts().visitors();
                view! { <p class="notice" role="status">{if ok { v.saved } else { v.not_saved }}</p> }
            })}
        </form>
    }
}
