//! Where the person is, travel, the 14-day exposure and the status: asked
//! in full, or, once taken over from yesterday in one tap, said in one
//! line with a way to change them.

use anxin_domain::declaration::{
    DeclarationDraft, ExposureKind, Field, HealthStatus, LocationKind,
};
use leptos::prelude::*;

use super::choice::index_of;
use super::declaration_fields::{field_error, DraftField};
use super::Choice;
use crate::declaring::use_declaring;
use crate::i18n::Texts;
use crate::state::{use_directory, use_i18n};

const YES_NO: [bool; 2] = [true, false];

/// The situation part of the declaration form.
#[component]
pub fn SituationQuestions() -> impl IntoView {
    let declaring = use_declaring();
    let taken = Memo::new(move |_| declaring.draft.with(|d| d.draft.situation_taken));
    view! {
        // Both drawn once, one hidden: cheaper than redrawing either.
        <div hidden=move || !taken.get()><SituationSummary/></div>
        <div hidden=move || taken.get()><SituationFields/></div>
    }
}

/// The taken-over situation in one line, and "change".
#[component]
fn SituationSummary() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let line = move || {
        let texts = i18n.texts();
        declaring.draft.with(|d| summary(texts, &d.draft))
    };
    view! {
        <section class="situation-summary" data-testid="situation-summary" aria-live="polite">
            <p>
                <strong>{move || i18n.texts().situation_as_before}</strong>
                ": "
                <span data-testid="situation-line">{line}</span>
            </p>
            <button type="button" class="compact" data-testid="change-situation" on:click=move |_| declaring.change_situation()>
                {move || i18n.texts().situation_change}
            </button>
        </section>
    }
}

/// "On campus · did not leave the province · no contact or risk area ·
/// Normal".
fn summary(texts: &Texts, draft: &DeclarationDraft) -> String {
    let mut line = String::new();
    let mut part = |text: &str| {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(text.trim());
    };
    if let Some(kind) = draft.location {
        match kind.needs_city() {
            true => part(&format!("{} {} {}", texts.location(kind), draft.city, draft.district)),
            false => part(texts.location(kind)),
        }
    }
    part(if draft.left_province == Some(true) {
        texts.situation_left
    } else {
        texts.situation_stayed
    });
    let exposed = ExposureKind::ALL.into_iter().filter(|k| draft.exposure.get(*k) == Some(true));
    let mut exposures = String::new();
    for kind in exposed {
        if !exposures.is_empty() {
            exposures.push('、');
        }
        exposures.push_str(texts.exposure(kind));
    }
    match exposures.is_empty() {
        true => part(texts.situation_no_exposure),
        false => part(&format!("{}{exposures}", texts.situation_exposure)),
    }
    if let Some(status) = draft.status {
        part(texts.status(status));
    }
    line
}

/// Every question of the situation, each only where it applies.
#[component]
fn SituationFields() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let directory = use_directory().directory;
    let draft = Memo::new(move |_| declaring.draft.get().draft);
    let yes_no = Signal::derive(move || vec![i18n.texts().yes, i18n.texts().no]);
    let province = Memo::new(move |_| {
        directory.with(|d| match i18n.lang() {
            crate::i18n::Lang::ZhCn => d.province_zh.clone(),
            crate::i18n::Lang::En => d.province_en.clone(),
        })
    });
    // The label is static text (as `Choice` takes it): each question as
    // worded is made once and kept, whatever the syncs and switches.
    let worded = StoredValue::new(Vec::<(String, &'static str)>::new());
    let returned_label = Signal::derive(move || {
        let text = province.with(|p| (i18n.texts().field_returned)(p));
        if let Some(kept) =
            worded.with_value(|w| w.iter().find(|(t, _)| *t == text).map(|(_, l)| *l))
        {
            return kept;
        }
        let label: &'static str = Box::leak(text.clone().into_boxed_str());
        worded.update_value(|w| w.push((text, label)));
        label
    });
    let exposure_questions = ExposureKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <Choice
                    name=exposure_name(kind)
                    label=Signal::derive(move || i18n.texts().exposure(kind))
                    options=yes_no
                    selected=Signal::derive(move || index_of(&YES_NO, draft.get().exposure.get(kind)))
                    on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.exposure.set(kind, Some(YES_NO[i]))))
                    error=field_error(Field::Exposure(kind))
                />
            }
        })
        .collect_view();
    view! {
        <Choice
            name="location"
            label=Signal::derive(move || i18n.texts().field_location)
            options=Signal::derive(move || LocationKind::ALL.map(|k| i18n.texts().location(k)).to_vec())
            selected=Signal::derive(move || index_of(&LocationKind::ALL, draft.get().location))
            on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.location = Some(LocationKind::ALL[i])))
            error=field_error(Field::Location)
        />
        <Show when=move || draft.get().location.is_some_and(LocationKind::needs_city)>
            <DraftField field=Field::City kind="text" name="city"
                label=Signal::derive(move || i18n.texts().field_city)
                get=|d| d.city.clone() set=|d, v| d.city = v/>
            <DraftField field=Field::District kind="text" name="district"
                label=Signal::derive(move || i18n.texts().field_district)
                get=|d| d.district.clone() set=|d, v| d.district = v/>
        </Show>
        <Choice
            name="left_province"
            label=Signal::derive(move || i18n.texts().field_left_province)
            options=yes_no
            selected=Signal::derive(move || index_of(&YES_NO, draft.get().left_province))
            on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.left_province = Some(YES_NO[i])))
            error=field_error(Field::LeftProvince)
        />
        <div hidden=move || !draft.get().asks_return()>
            <Choice
                name="returned"
                label=returned_label
                options=yes_no
                selected=Signal::derive(move || index_of(&YES_NO, draft.get().returned))
                on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.returned = Some(YES_NO[i])))
                error=field_error(Field::Returned)
            />
            <Show when=move || draft.get().returned == Some(true)>
                <DraftField field=Field::ReturnedOn kind="date" name="returned_on"
                    label=Signal::derive(move || i18n.texts().field_returned_on)
                    get=|d| d.returned_on.clone() set=|d, v| d.returned_on = v/>
            </Show>
        </div>
        <h2 class="form-section">{move || i18n.texts().field_exposure}</h2>
        {exposure_questions}
        <Choice
            name="status"
            label=Signal::derive(move || i18n.texts().field_status)
            options=Signal::derive(move || HealthStatus::ALL.map(|s| i18n.texts().status(s)).to_vec())
            selected=Signal::derive(move || index_of(&HealthStatus::ALL, draft.get().status))
            on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.status = Some(HealthStatus::ALL[i])))
            error=field_error(Field::Status)
        />
    }
}

fn exposure_name(kind: ExposureKind) -> &'static str {
    match kind {
        ExposureKind::ConfirmedCase => "exposure_confirmed_case",
        ExposureKind::SuspectedCase => "exposure_suspected_case",
        ExposureKind::HighRiskArea => "exposure_high_risk_area",
        ExposureKind::HouseholdSymptoms => "exposure_household_symptoms",
    }
}
