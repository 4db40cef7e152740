use anxin_domain::privacy::notice::must_show;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::state::privacy::use_privacy;
use crate::state::{use_directory, use_i18n};

/// The school's notice, in the person's language, as the server published
/// it: paragraphs split at blank lines, "## " lines as headings.
#[component]
pub fn NoticeText() -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory().directory;
    move || {
        directory.with(|d| {
            let text = if i18n.lang() == Lang::En { &d.notice_en } else { &d.notice_zh };
            text.split("\n\n")
                .map(|part| match part.trim().strip_prefix("## ") {
                    Some(heading) => {
                        let (title, rest) = heading.split_once('\n').unwrap_or((heading, ""));
                        view! { <h3>{title.to_owned()}</h3><p>{rest.to_owned()}</p> }.into_any()
                    }
                    None => view! { <p>{part.trim().to_owned()}</p> }.into_any(),
                })
                .collect_view()
        })
    }
}

/// Whether the published notice waits to be read by this person.
pub fn notice_due() -> impl Fn() -> bool + Copy {
    let directory = use_directory().directory;
    let privacy = use_privacy();
    move || {
        let hash = directory.with(|d| d.notice_hash.clone());
        privacy.stored.with(|s| must_show(&hash, &s.notice_hash))
    }
}

/// The notice before the first declaration and after each change of its
/// text, with the one button that records it was read.
#[component]
pub fn PrivacyNoticeCard() -> impl IntoView {
    let i18n = use_i18n();
    let directory = use_directory().directory;
    let privacy = use_privacy();
    let accept = move |_| {
        let (version, hash) = directory.with(|d| (d.notice_version.clone(), d.notice_hash.clone()));
        privacy.acknowledge(&version, &hash);
    };
    view! {
        <section class="card privacy-notice" data-testid="privacy-notice" aria-labelledby="notice-title">
            <h2 id="notice-title">{move || i18n.texts().notice_title}</h2>
            <p class="hint">{move || i18n.texts().notice_intro}</p>
            <div class="notice-text"><NoticeText/></div>
            <button type="button" class="primary" data-testid="notice-accept" on:click=accept>
                {move || i18n.texts().notice_accept}
            </button>
        </section>
    }
}

/// The counselling service's own consent, asked before the first booking.
#[component]
pub fn ConsentCard() -> impl IntoView {
    let i18n = use_i18n();
    let privacy = use_privacy();
    view! {
        <section class="card consent" data-testid="counselling-consent" aria-labelledby="consent-title">
            <h2 id="consent-title">{move || i18n.texts().consent_title}</h2>
            <p>{move || i18n.texts().consent_text}</p>
            <button type="button" class="primary" data-testid="consent-accept"
                on:click=move |_| { privacy.consent_to_counselling(true); }>
                {move || i18n.texts().consent_accept}
            </button>
        </section>
    }
}
