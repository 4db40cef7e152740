use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::use_i18n;

/// 简体中文 / English. `compact` shows short labels for the header.
#[component]
pub fn LanguageSwitch(#[prop(optional)] compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let buttons = Lang::ALL
        .into_iter()
        .map(|lang| {
            let label = match (compact, lang) {
                (true, Lang::ZhCn) => "中",
                (true, Lang::En) => "EN",
                (false, lang) => lang.native_name(),
            };
            view! {
                <button
                    type="button"
                    lang=lang.tag()
                    // The visible word first, so that the name spoken is
                    // the one seen ("EN English").
                    aria-label=if compact { format!("{label} {}", lang.native_name()) } else { lang.native_name().to_owned() }
                    aria-pressed=move || (i18n.lang() == lang).to_string()
                    on:click=move |_| i18n.set_lang(lang)
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switch" class:compact=compact role="group" aria-label="Language 语言">
            {buttons}
        </div>
    }
}
