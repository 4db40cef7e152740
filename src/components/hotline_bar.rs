use anxin_domain::{Directory, Hotline};
use leptos::prelude::*;

use crate::state::{use_directory, use_i18n};

/// The hotline numbers, one tap away on every page, from the stored
/// directory (so they are right offline): the school's line and 120 as
/// call buttons, the rest behind "more", in one low row that leaves the
/// screen to the page.
#[component]
pub fn HotlineBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="hotline-bar" aria-label=move || i18n.texts().hotline_title data-testid="hotline-bar">
            <ul class="hotline-row">
                <HotlineLinks class="hotline" lines=|d| d.bar_split().0/>
                <li class="hotline-more">
                    <details>
                        <summary data-testid="hotline-more">{move || i18n.texts().hotline_more}</summary>
                        <ul><HotlineLinks class="hotline" lines=|d| d.bar_split().1/></ul>
                    </details>
                </li>
            </ul>
        </nav>
    }
}

/// One `tel:` link per hotline of the stored directory, as list items: the
/// bar on every page and the crisis panel show the same numbers.
#[component]
pub fn HotlineLinks(
    /// The links' class (their look where they stand).
    class: &'static str,
    /// A test id for each link, where tests look for them.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Which of the directory's lines (all of the bar's by default).
    #[prop(optional)]
    lines: Option<fn(&Directory) -> Vec<Hotline>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory().directory;
    let lines = lines.unwrap_or(Directory::bar_hotlines);
    move || {
        let texts = i18n.texts();
        directory
            .with(lines)
            .into_iter()
            .map(|line| {
                view! {
                    <li>
                        <a href=line.tel_uri() class=class data-testid=testid data-kind=line.kind.as_str()>
                            <span class="hotline-label">{texts.hotline(line.kind)}</span>
                            <span class="hotline-number">{line.number.clone()}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    }
}
