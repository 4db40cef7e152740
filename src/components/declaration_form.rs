use anxin_domain::declaration::{ExposureKind, Field, HealthStatus, LocationKind};
use anxin_domain::revision::RevisionError;
use anxin_domain::Symptom;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::choice::index_of;
use super::{Choice, FieldError};
use crate::declaring::use_declaring;
use crate::state::use_i18n;

/// The whole declaration form: one column, one thumb, every control
/// labelled; conditional questions appear only when they apply.
#[component]
pub fn DeclarationForm() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let draft = Memo::new(move |_| declaring.draft.get().draft);
    let correcting = Memo::new(move |_| declaring.draft.get().correcting);
    let error = move |field: Field| {
        Signal::derive(move || {
            declaring
                .errors
                .get()
                .iter()
                .find(|e| e.field == field)
                .map(|e| i18n.texts().problem(e.problem))
        })
    };
    const YES_NO: [bool; 2] = [true, false];
    let yes_no = Signal::derive(move || vec![i18n.texts().yes, i18n.texts().no]);
    let text_input = move |field: Field,
                           kind: &'static str,
                           get: fn(&anxin_domain::declaration::DeclarationDraft) -> String,
                           set: fn(&mut anxin_domain::declaration::DeclarationDraft, String),
                           label: Signal<&'static str>,
                           name: &'static str| {
        view! {
            <label class="field" class:invalid=move || error(field).get().is_some() data-field=name>
                <span class="label">{label}</span>
                <input
                    type=kind
                    name=name
                    inputmode=if name == "temperature" { "decimal" } else { "text" }
                    autocomplete="off"
                    prop:value=move || get(&draft.get())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        declaring.edit(|d| set(d, value));
                    }
                />
                <FieldError error=error(field)/>
            </label>
        }
    };

    let symptom_boxes = move || {
        let texts = i18n.texts();
        Symptom::ALL
            .into_iter()
            .map(|symptom| {
                view! {
                    <label class="option">
                        <input
                            type="checkbox"
                            name="symptoms"
                            value=format!("{symptom:?}")
                            prop:checked=move || draft.get().symptoms.contains(&symptom)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                declaring.edit(|d| {
                                    if on {
                                        d.symptoms.insert(symptom);
                                        d.no_symptoms = false;
                                    } else {
                                        d.symptoms.remove(&symptom);
                                    }
                                });
                            }
                        />
                        <span>{texts.symptom(symptom)}</span>
                    </label>
                }
            })
            .collect_view()
    };

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
                    error=error(Field::Exposure(kind))
                />
            }
        })
        .collect_view();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        declaring.submit();
        if !declaring.errors.get_untracked().is_empty()
            || declaring.reason_error.get_untracked().is_some()
        {
            // After the errors are drawn: bring the first one to the thumb.
            request_animation_frame(focus_first_invalid);
        }
    };

    view! {
        <form class="declaration-form" novalidate on:submit=on_submit data-testid="declaration-form">
            {text_input(Field::Temperature, "text", |d| d.temperature.clone(), |d, v| d.temperature = v,
                Signal::derive(move || i18n.texts().field_temperature), "temperature")}
            {text_input(Field::MeasuredAt, "time", |d| d.measured_at.clone(), |d, v| d.measured_at = v,
                Signal::derive(move || i18n.texts().field_measured_at), "measured_at")}

            <fieldset class="field choice" class:invalid=move || error(Field::Symptoms).get().is_some() data-field="symptoms">
                <legend>{move || i18n.texts().field_symptoms}</legend>
                <div class="options">
                    <label class="option">
                        <input
                            type="checkbox"
                            name="no_symptoms"
                            prop:checked=move || draft.get().no_symptoms
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                declaring.edit(|d| {
                                    d.no_symptoms = on;
                                    if on {
                                        d.symptoms.clear();
                                    }
                                });
                            }
                        />
                        <span>{move || i18n.texts().symptom_none}</span>
                    </label>
                    {symptom_boxes}
                </div>
                <FieldError error=error(Field::Symptoms)/>
            </fieldset>

            <Choice
                name="location"
                label=Signal::derive(move || i18n.texts().field_location)
                options=Signal::derive(move || LocationKind::ALL.map(|k| i18n.texts().location(k)).to_vec())
                selected=Signal::derive(move || index_of(&LocationKind::ALL, draft.get().location))
                on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.location = Some(LocationKind::ALL[i])))
                error=error(Field::Location)
            />
            <Show when=move || draft.get().location.is_some_and(LocationKind::needs_city)>
                {text_input(Field::City, "text", |d| d.city.clone(), |d, v| d.city = v,
                    Signal::derive(move || i18n.texts().field_city), "city")}
                {text_input(Field::District, "text", |d| d.district.clone(), |d, v| d.district = v,
                    Signal::derive(move || i18n.texts().field_district), "district")}
            </Show>

            <Choice
                name="left_province"
                label=Signal::derive(move || i18n.texts().field_left_province)
                options=yes_no
                selected=Signal::derive(move || index_of(&YES_NO, draft.get().left_province))
                on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.left_province = Some(YES_NO[i])))
                error=error(Field::LeftProvince)
            />
            <Choice
                name="returned"
                label=Signal::derive(move || i18n.texts().field_returned)
                options=yes_no
                selected=Signal::derive(move || index_of(&YES_NO, draft.get().returned))
                on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.returned = Some(YES_NO[i])))
                error=error(Field::Returned)
            />
            <Show when=move || draft.get().returned == Some(true)>
                {text_input(Field::ReturnedOn, "date", |d| d.returned_on.clone(), |d, v| d.returned_on = v,
                    Signal::derive(move || i18n.texts().field_returned_on), "returned_on")}
            </Show>

            <h2 class="form-section">{move || i18n.texts().field_exposure}</h2>
            {exposure_questions}

            <Choice
                name="status"
                label=Signal::derive(move || i18n.texts().field_status)
                options=Signal::derive(move || HealthStatus::ALL.map(|s| i18n.texts().status(s)).to_vec())
                selected=Signal::derive(move || index_of(&HealthStatus::ALL, draft.get().status))
                on_pick=Callback::new(move |i: usize| declaring.edit(|d| d.status = Some(HealthStatus::ALL[i])))
                error=error(Field::Status)
            />

            <label class="field" data-field="remarks">
                <span class="label">{move || i18n.texts().field_remarks}</span>
                <textarea
                    name="remarks"
                    rows="3"
                    prop:value=move || draft.get().remarks
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        declaring.edit(|d| d.remarks = value);
                    }
                ></textarea>
                <FieldError error=error(Field::Remarks)/>
            </label>

            <Show when=move || correcting.get()>
                <label class="field" class:invalid=move || declaring.reason_error.get().is_some() data-field="reason">
                    <span class="label">{move || i18n.texts().field_reason}</span>
                    <input
                        type="text"
                        name="reason"
                        prop:value=move || declaring.reason.get()
                        on:input=move |ev| declaring.reason.set(event_target_value(&ev))
                    />
                    <FieldError error=Signal::derive(move || declaring.reason_error.get().map(|e| match e {
                        RevisionError::ReasonRequired => i18n.texts().problem_reason_required,
                        RevisionError::ReasonTooLong => i18n.texts().problem_too_long,
                        RevisionError::NothingChanged => i18n.texts().problem_nothing_changed,
                    }))/>
                </label>
            </Show>

            <div class="form-actions">
                <button type="submit" class="primary">
                    {move || if correcting.get() { i18n.texts().submit_correction } else { i18n.texts().submit }}
                </button>
                <Show when=move || correcting.get()>
                    <button type="button" on:click=move |_| declaring.cancel_correction()>
                        {move || i18n.texts().cancel}
                    </button>
                </Show>
            </div>
        </form>
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

/// Scrolls to the first field with an error and puts the cursor in it.
fn focus_first_invalid() {
    let Ok(Some(field)) = document().query_selector(".declaration-form .invalid") else { return };
    field.scroll_into_view();
    if let Ok(Some(control)) = field.query_selector("input, textarea") {
        if let Ok(control) = control.dyn_into::<web_sys::HtmlElement>() {
            let _ = control.focus();
        }
    }
}
