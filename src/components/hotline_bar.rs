use leptos::prelude::*;

use crate::state::{use_directory, use_i18n};

/// The hotline numbers, one tap away on every page, from the stored
/// directory (so they are right offline).
#[component]
pub fn HotlineBar() -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory().directory;
    let lines = move || {
        let texts = i18n.texts();
        directory
            .get()
            .bar_hotlines()
            .into_iter()
            .map(|line| {
                view! {
                    <li>
                        <a href=line.tel_uri() class="hotline" data-kind=line.kind.as_str()>
                            <span class="hotline-label">{texts.hotline(line.kind)}</span>
                            <span class="hotline-number">{line.number.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="hotline-bar" aria-label=move || i18n.texts().hotline_title data-testid="hotline-bar">
            <ul>{lines}</ul>
        </nav>
    }
}
