use anxin_domain::profile::{PersonCategory, Profile, ProfileField, ProfileProblem};
use leptos::prelude::*;

use super::choice::index_of;
use super::{Choice, FieldError};
use crate::declaring::use_declaring;
use crate::state::use_i18n;

/// Who is declaring: asked once, kept on the device (until accounts).
#[component]
pub fn ProfileForm() -> impl IntoView {
    let i18n = use_i18n();
    let declaring = use_declaring();
    let existing = declaring.profile.get_untracked();
    let person_id =
        RwSignal::new(existing.as_ref().map(|p| p.person_id.clone()).unwrap_or_default());
    let name = RwSignal::new(existing.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let category = RwSignal::new(existing.as_ref().map(|p| p.category));
    let department =
        RwSignal::new(existing.as_ref().map(|p| p.department.clone()).unwrap_or_default());
    let class_name =
        RwSignal::new(existing.as_ref().map(|p| p.class_name.clone()).unwrap_or_default());
    let errors = RwSignal::new(Vec::<(ProfileField, ProfileProblem)>::new());
    let category_missing = RwSignal::new(false);
    let error = move |field: ProfileField| {
        Signal::derive(move || {
            errors.get().iter().find(|(f, _)| *f == field).map(|(_, problem)| match problem {
                ProfileProblem::Required => i18n.texts().problem_required,
                ProfileProblem::TooLong { .. } => i18n.texts().problem_too_long,
                ProfileProblem::InvalidId => i18n.texts().problem_invalid_id,
            })
        })
    };
    let input = move |field: ProfileField,
                      value: RwSignal<String>,
                      label: Signal<&'static str>,
                      name: &'static str| {
        view! {
            <label class="field" data-field=name>
                <span class="label">{label}</span>
                <input type="text" name=name prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                <FieldError error=error(field)/>
            </label>
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(category) = category.get_untracked() else {
            category_missing.set(true);
            return;
        };
        let profile = Profile {
            person_id: person_id.get_untracked(),
            name: name.get_untracked(),
            category,
            department: department.get_untracked(),
            class_name: class_name.get_untracked(),
        };
        match declaring.save_profile(profile) {
            Ok(()) => errors.set(Vec::new()),
            Err(problems) => errors.set(problems),
        }
    };
    view! {
        <form class="card profile-form" novalidate on:submit=on_submit data-testid="profile-form">
            <h2>{move || i18n.texts().profile_title}</h2>
            <p class="hint">{move || i18n.texts().profile_intro}</p>
            {input(ProfileField::PersonId, person_id, Signal::derive(move || i18n.texts().profile_id), "person_id")}
            {input(ProfileField::Name, name, Signal::derive(move || i18n.texts().profile_name), "name")}
            <Choice
                name="category"
                label=Signal::derive(move || i18n.texts().profile_category)
                options=Signal::derive(move || PersonCategory::ALL.map(|c| i18n.texts().category(c)).to_vec())
                selected=Signal::derive(move || index_of(&PersonCategory::ALL, category.get()))
                on_pick=Callback::new(move |i: usize| { category.set(Some(PersonCategory::ALL[i])); category_missing.set(false); })
                error=Signal::derive(move || category_missing.get().then(|| i18n.texts().problem_required))
            />
            {input(ProfileField::Department, department, Signal::derive(move || i18n.texts().profile_department), "department")}
            <Show when=move || category.get().is_none_or(PersonCategory::has_class)>
                {input(ProfileField::ClassName, class_name, Signal::derive(move || i18n.texts().profile_class), "class_name")}
            </Show>
            <div class="form-actions">
                <button type="submit" class="primary">{move || i18n.texts().profile_save}</button>
            </div>
        </form>
    }
}
