use anxin_domain::clock_text::hh_mm;
use anxin_domain::declaration::{Field, Temperature, MAX_REMARKS_CHARS};
use anxin_domain::revision::RevisionError;
use anxin_domain::Symptom;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::declaration_fields::{field_error, DraftField};
use super::situation_questions::SituationQuestions;
use super::FieldError;
use crate::declaring::use_declaring;
use crate::school_clock::use_school_clock;
use crate::state::use_i18n;

/// The whole declaration form: one column, one thumb, every control
/// labelled. Yesterday's situation is one tap away; today's health is
/// always asked; questions appear only when they apply; what is wrong is
/// said as soon as a field is left.
#[component]
pub fn DeclarationForm() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let clock = use_school_clock();
    let draft = Memo::new(move |_| declaring.draft.get().draft);
    let correcting = Memo::new(move |_| declaring.draft.get().correcting);
    let offer = move || {
        !correcting.get()
            && !draft.get().situation_taken
            && declaring.yesterday.with(Option::is_some)
    };
    // "365" typed for 36.5: one tap to take the reading meant.
    let suggestion = Memo::new(move |_| {
        draft.with(|d| Temperature::suggest(&d.temperature)).filter(|_| {
            declaring.errors.with(|errors| errors.iter().any(|e| e.field == Field::Temperature))
        })
    });
    let symptoms_error = field_error(Field::Symptoms);
    let remarks_error = field_error(Field::Remarks);
    let now_time = Signal::derive(move || clock.now.with(hh_mm));
    let remark_count = move || {
        (i18n.texts().remarks_count)(draft.with(|d| d.remarks.chars().count()), MAX_REMARKS_CHARS)
    };

    // "None", or "I have symptoms" and which: the list opens on demand
    // (and stays open while any is ticked), so a normal day fits a screen.
    let listing = RwSignal::new(false);
    let listed = move || listing.get() || draft.with(|d| !d.symptoms.is_empty());
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
                                listing.set(true);
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

    // A field left is checked at once, but not while a finger is still on
    // the next control: the error appearing or going would move that
    // control under it and the tap would miss. Then the check waits for
    // the tap to end (after its click).
    let pressing = StoredValue::new(false);
    let waiting = StoredValue::new(false);
    // (The focused control's removal with the form, once filed, is a
    // "focusout" too: by then the form's values are gone, and nothing is
    // left to check.)
    let left_field = move || match pressing.try_get_value() {
        Some(true) => {
            waiting.try_set_value(true);
        }
        Some(false) => declaring.check_as_typed(),
        None => {}
    };
    let released = window_event_listener(leptos::ev::pointerup, move |_| {
        pressing.try_set_value(false);
        if waiting.try_get_value() == Some(true) {
            waiting.try_set_value(false);
            set_timeout(move || declaring.check_as_typed(), std::time::Duration::ZERO);
        }
    });
    on_cleanup(move || released.remove());

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
        <form
            class="declaration-form"
            novalidate
            on:submit=on_submit
            on:pointerdown=move |_| {
                pressing.try_set_value(true);
            }
            on:focusout=move |_| left_field()
            on:change=move |_| left_field()
            data-testid="declaration-form"
        >
            <div class="same-situation" hidden=move || !offer()>
                <button type="button" class="primary" data-testid="same-situation" on:click=move |_| declaring.take_situation()>
                    {move || i18n.texts().same_situation}
                </button>
                <p class="hint">{move || i18n.texts().same_situation_hint}</p>
            </div>
            <div class="field-row">
                <DraftField field=Field::Temperature kind="text" name="temperature"
                    label=Signal::derive(move || i18n.texts().field_temperature)
                    get=|d| d.temperature.clone() set=|d, v| d.temperature = v/>
                <DraftField field=Field::MeasuredAt kind="time" name="measured_at"
                    label=Signal::derive(move || i18n.texts().field_measured_at)
                    get=|d| d.measured_at.clone() set=|d, v| d.measured_at = v
                    shown_when_empty=now_time/>
            </div>
            {move || suggestion.get().map(|t| view! {
                <button type="button" class="link suggestion" data-testid="temperature-suggestion"
                    on:click=move |_| {
                        declaring.edit(|d| d.temperature = t.to_string());
                        declaring.check_as_typed();
                    }
                >
                    {(i18n.texts().temperature_suggest)(&t.to_string())}
                </button>
            })}

            <fieldset class="field choice symptoms" class:invalid=move || symptoms_error.get().is_some() data-field="symptoms">
                <legend>{move || i18n.texts().field_symptoms}</legend>
                <div class="options">
                    <label class="option">
                        <input
                            type="checkbox"
                            name="no_symptoms"
                            prop:checked=move || draft.get().no_symptoms
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                if on {
                                    listing.set(false);
                                }
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
                    <label class="option">
                        <input
                            type="checkbox"
                            name="has_symptoms"
                            prop:checked=listed
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                listing.set(on);
                                declaring.edit(|d| {
                                    if on {
                                        d.no_symptoms = false;
                                    } else {
                                        d.symptoms.clear();
                                    }
                                });
                            }
                        />
                        <span>{move || i18n.texts().symptom_some}</span>
                    </label>
                </div>
                <div class="options listed" hidden=move || !listed()>{symptom_boxes}</div>
                <FieldError error=symptoms_error/>
            </fieldset>

            <SituationQuestions/>

            <label class="field" class:invalid=move || remarks_error.get().is_some() data-field="remarks">
                <span class="label-row">
                    <span class="label">{move || i18n.texts().field_remarks}</span>
                    <span class="count" id="remarks-count" data-testid="remarks-count"
                        class:over=move || draft.with(|d| d.remarks.chars().count() > MAX_REMARKS_CHARS)>
                        {remark_count}
                    </span>
                </span>
                <textarea
                    name="remarks"
                    rows="1"
                    aria-describedby="remarks-count"
                    prop:value=move || draft.get().remarks
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        declaring.edit(|d| d.remarks = value);
                    }
                ></textarea>
                <FieldError error=remarks_error/>
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
                <button type="submit" class="primary" data-testid="submit">
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
