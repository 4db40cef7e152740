use leptos::prelude::*;

/// A labelled group of radio buttons with its error below; large targets.
/// Options are picked by index: one non-generic component keeps the wasm
/// small (each generic instance costs kilobytes of view code).
#[component]
pub fn Choice(
    /// The form name of the group (also the test hook).
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    /// The options' labels in the current language.
    #[prop(into)]
    options: Signal<Vec<&'static str>>,
    #[prop(into)] selected: Signal<Option<usize>>,
    on_pick: Callback<usize>,
    #[prop(into)] error: Signal<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <fieldset class="field choice" class:invalid=move || error.get().is_some() data-field=name>
            <legend>{label}</legend>
            <div class="options">
                {move || {
                    options
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(value, text)| {
                            view! {
                                <label class="option">
                                    <input
                                        type="radio"
                                        name=name
                                        prop:checked=move || selected.get() == Some(value)
                                        on:change=move |_| on_pick.run(value)
                                    />
                                    <span>{text}</span>
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <FieldError error=error/>
        </fieldset>
    }
}

/// The error of one field, next to it, in the person's language.
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<&'static str>>) -> impl IntoView {
    move || error.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })
}

/// The index of an answer among the options, for [`Choice`].
pub fn index_of<T: PartialEq>(all: &[T], answer: Option<T>) -> Option<usize> {
    answer.and_then(|a| all.iter().position(|x| *x == a))
}
